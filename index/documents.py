"""The value objects that flow through indexing: a loaded document and its chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
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
