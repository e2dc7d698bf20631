"""The manifest: which collection, record DB and lexical index are live, and what they hold.

Embedded, the live vector store is layered: a large **base** Chroma folder
(``chroma_dir``, collection ``collection``, ``base_chunks`` chunks) that successive
generations share and never write, a small **delta** folder (``delta_dir``,
``delta_collection``, ``delta_chunks``) that each update copies and writes, and the
**tombstones**, ids of base chunks removed since the base was written
(``index.store.LayeredCollection`` reads the three as one collection). A manifest
written before the layers existed has no delta: its base is the whole store.

It is written atomically (temp file, fsync, rename) as the last step of a run.
Readers follow it; a run killed before that step leaves the previous manifest,
hence the previous index, in charge.

``Manifest.is_current`` is the one rule that says whether an index can serve the
current settings (same embedding model, same chunker, same Chroma location): the
indexing run rebuilds when it says no, and a reader builds the index first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import IndexStoreError, IndexUnreadable, error_detail
from core.files import write_atomic

from .chunking import CHUNKER_VERSION
from .documents import DocumentEntry

if TYPE_CHECKING:
    from core.settings import Settings

FILE = "manifest.json"
FORMAT = 1


def chunker_id(settings: Settings) -> str:
    """What the chunks of an index depend on: the chunker's version, size and overlap."""
    return f"v{CHUNKER_VERSION}/{settings.chunk_size}/{settings.chunk_overlap}"


def model_id_for(settings: Settings) -> str:
    """The id of the embedding model ``settings`` name (loads nothing heavy)."""
    from .embedding import describe

    return describe(settings.embedding)


@dataclass
class Manifest:
    """The live index generation and the documents it holds."""

    model_id: str = ""
    chunker: str = ""
    collection: str = ""
    chroma_dir: str = "chroma"
    records: str = ""
    lexical: str = ""
    chunks: int = 0
    chroma_url: str = ""
    built_at: str = ""
    documents: dict[str, DocumentEntry] = field(default_factory=dict)
    format: int = FORMAT
    generation: str = ""  # changes on every run that changes the index (readers compare it)
    previous_collection: str = ""  # replaced by a rebuild; kept a while for readers
    switched_at: float = 0.0
    # embedded layers (see the module docstring); no delta_dir: the base is the whole store
    delta_dir: str = ""
    delta_collection: str = ""
    delta_chunks: int = 0
    delta_docs: list[str] | None = None  # the documents with chunks in the delta (None: unknown)
    tombstones: list[str] = field(default_factory=list)
    base_chunks: int = -1  # -1: a manifest from before the layers (its base holds ``chunks``)

    def __post_init__(self) -> None:
        if self.base_chunks < 0:
            self.base_chunks = self.chunks if not self.delta_dir else 0

    @property
    def layered(self) -> bool:
        """True when a delta or tombstones sit on top of the base."""
        return bool(self.delta_dir or self.tombstones)

    def is_current(self, settings: Settings, model_id: str | None = None) -> bool:
        """True when this index was built for these settings' model, chunker and store.

        ``model_id`` is the embedding model's id when it is already known (an injected
        model); by default, the one ``settings.embedding`` names.
        """
        return not self.stale_because(settings, model_id)

    def stale_because(self, settings: Settings, model_id: str | None = None) -> str:
        """Why this index cannot serve ``settings`` ("" when it can)."""
        model_id = model_id or model_id_for(settings)
        if self.model_id != model_id:
            return f"embedding model {self.model_id} != {model_id}"
        if self.chunker != chunker_id(settings):
            return f"chunker {self.chunker} != {chunker_id(settings)}"
        if self.chroma_url != settings.chroma_url:
            return f"Chroma location {self.chroma_url or 'embedded'} != " \
                   f"{settings.chroma_url or 'embedded'}"
        return ""

    @classmethod
    def load(cls, index_dir: Path) -> Manifest | None:
        """The live manifest of ``index_dir``, or None when there is none (or an old format).

        Raises:
            IndexUnreadable: the file exists but cannot be read or parsed.
        """
        path = Path(index_dir) / FILE
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise IndexUnreadable(f"Index manifest {path} is unreadable ({exc}); "
                                  "run `souverain index --rebuild`") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Manifest | None:
        """A manifest from its saved fields; None when written in another format."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        fields_ = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields_["documents"] = {doc_id: DocumentEntry.from_dict(entry)
                                for doc_id, entry in fields_.get("documents", {}).items()}
        return cls(**fields_)

    def to_dict(self) -> dict[str, Any]:
        # no asdict(): it deep-copies every document entry
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["documents"] = {doc_id: entry.to_dict() for doc_id, entry in self.documents.items()}
        return data

    def to_json(self) -> str:
        # one write, not json.dump's many; indented for a reader up to a few thousand
        # documents (an indent makes json use its pure-Python encoder: 0.2 s at 3 600)
        indent = 1 if len(self.documents) <= 1000 else None
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def save(self, index_dir: Path) -> None:
        """Make this manifest the live one, atomically.

        Raises:
            IndexStoreError: the index folder cannot be written (``DiskFull``,
                ``IndexNotWritable``...).
        """
        index_dir = Path(index_dir)
        try:
            write_atomic(index_dir / FILE, self.to_json(), prefix=".manifest-")
        except OSError as exc:
            raise IndexStoreError.from_os_error(
                exc, f"Cannot write the index manifest in {index_dir}: {error_detail(exc)}"
            ) from exc
