"""The value objects that flow through indexing: a loaded document and its chunks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .provenance import BlockSource

# Metadata keys every chunk carries in the vector store (flat scalars only: Chroma's rule).
CHUNK_FIELDS = (
    "doc_id",
    "title",
    "kind",
    "date",
    "language",
    "publisher",
    "source_url",
    "reference",
    "nature",
    "updated",
    "based_on",
    "source_label",
    "source_link",
    "source_spans",
    "locator",
    "start",
    "end",
    "chunk_no",
)


@dataclass(frozen=True)
class Section:
    """A structural unit of a document: a heading's span or a PDF page."""

    start: int
    end: int
    locator: str


@dataclass(frozen=True)
class SourceDocument:
    """A document as loaded: its canonical text, metadata and structure.

    ``text`` is the text that chunk offsets index into and that citations quote:
    for Markdown and plain text it is the file's body as written (after the
    front-matter), for HTML the extracted main text, for PDF the pages' text.
    """

    doc_id: str
    text: str
    title: str
    kind: str
    date: str = ""
    language: str = "fr"
    publisher: str = ""
    source_url: str = ""
    reference: str = ""
    nature: str = ""  # officiel | presse | opinion | synthese | document (see index.provenance)
    updated: str = ""  # « à jour au »: when the document was last brought up to date
    based_on: str = ""  # a summary's sources, in a few words
    sections: tuple[Section, ...] = ()
    blocks: tuple[BlockSource, ...] = ()  # each block's « Source » lines, taken out of ``text``
    content_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: ``document.text[start:end] == text``."""

    doc_id: str
    chunk_no: int
    text: str
    start: int
    end: int
    locator: str
    title: str
    kind: str
    date: str = ""
    language: str = "fr"
    publisher: str = ""
    source_url: str = ""
    reference: str = ""
    nature: str = ""
    updated: str = ""
    based_on: str = ""
    source_label: str = ""  # the « Source : » line of the block the passage starts in
    source_link: str = ""  # that line's URL (else empty: the document's own URL applies)
    source_spans: str = ""  # when the passage spans blocks: JSON [[from, to, label, url], ...]

    def header(self) -> str:
        """Title and locator, put before the text that is embedded and searched."""
        return f"{self.title} — {self.locator}\n\n" if self.locator else f"{self.title}\n\n"

    def content(self) -> str:
        """What the store embeds and the lexical index searches: header plus passage."""
        return self.header() + self.text

    def metadata(self) -> dict[str, Any]:
        """The flat metadata stored next to the vector."""
        meta = {name: getattr(self, name) for name in CHUNK_FIELDS}
        meta["prefix_len"] = len(self.header())
        return meta

    @classmethod
    def from_record(cls, content: str, metadata: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from what the store returns (``content()`` and ``metadata()``)."""
        values = {name: metadata.get(name, "") for name in CHUNK_FIELDS}
        for name in ("start", "end", "chunk_no"):
            values[name] = int(values[name] or 0)
        for name in CHUNK_FIELDS:
            if values[name] is None:
                values[name] = ""
        text = content[int(metadata.get("prefix_len") or 0):]
        return cls(text=text, **values)


@dataclass(frozen=True)
class DocumentEntry:
    """What the manifest records of one indexed document.

    ``size``, ``mtime_ns`` and ``checked_ns`` describe the file when it was last
    looked at (``loading.file_stat``): a file with the same size and modification
    time is not read again.
    """

    sha256: str = ""
    title: str = ""
    kind: str = ""
    date: str = ""
    nature: str = ""
    updated: str = ""
    publisher: str = ""
    based_on: str = ""
    source_url: str = ""
    language: str = ""
    chunks: int = 0
    indexed_at: str = ""
    size: int | None = None
    mtime_ns: int | None = None
    checked_ns: int | None = None

    @classmethod
    def of(cls, document: SourceDocument, *, chunks: int, indexed_at: str) -> DocumentEntry:
        """The entry of a document just indexed into ``chunks`` chunks."""
        return cls(sha256=document.content_hash, title=document.title, kind=document.kind,
                   date=document.date, nature=document.nature, updated=document.updated,
                   publisher=document.publisher, based_on=document.based_on,
                   source_url=document.source_url, language=document.language,
                   chunks=chunks, indexed_at=indexed_at)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentEntry:
        """An entry from its JSON form (unknown keys are ignored)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the file stats only when they are known."""
        return {name: value for name in self.__dataclass_fields__
                if (value := getattr(self, name)) is not None}

    def with_stat(self, stat: dict[str, int]) -> DocumentEntry:
        """This entry with the file's current size, mtime and check time."""
        return replace(self, size=stat["size"], mtime_ns=stat["mtime_ns"],
                       checked_ns=stat["checked_ns"])
