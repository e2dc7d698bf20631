"""Structure-aware chunking: sections first (headings, PDF pages), then sizes.

Each section is split with LangChain's ``RecursiveCharacterTextSplitter``
(paragraphs, then lines, then sentences) with overlap; the splitter's
``start_index`` gives each chunk's offset, so ``document.text[start:end]`` is
exactly the chunk's text and a citation can show the passage as written.
"""

from __future__ import annotations

import re

from .documents import Chunk, Section, SourceDocument
from .provenance import block_sources, content_start, nature_of, source_at, spans_json

# Bump when the chunking logic changes: the index then rebuilds instead of mixing two schemes.
CHUNKER_VERSION = "4"  # 2: provenance in metadata; 3: Source lines out of the text; 4: a colon
# does not end a sentence (« a déclaré : « … » » stays whole)
_MIN_CONTENT = 25  # a chunk with less real text than this (say, a lone heading) is dropped
_SENTENCE_END = r"(?<=[.!?…»])\s+(?=[\"«(\[#*\-–—\dA-ZÀ-ÖØ-Þ])"
_HEADING_LINE = re.compile(r"^#{1,6}[ \t].*$", re.MULTILINE)


def chunk_document(document: SourceDocument, *, size: int, overlap: int) -> list[Chunk]:
    """Cut ``document`` into overlapping chunks that never cross a section boundary."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        # Sentences are the unit: chunks pack whole sentences, and the overlap
        # repeats the last sentence(s) of the previous chunk when they fit in it.
        separators=[_SENTENCE_END, r"\n+", r"(?<=[;,])\s+", r"\s+", ""],
        is_separator_regex=True,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    sections = document.sections or (Section(0, len(document.text), ""),)
    chunks: list[Chunk] = []
    blocks = list(document.blocks) or block_sources(document.text)
    nature = document.nature or nature_of(document.kind)
    for section in sections:
        body = document.text[section.start:section.end]
        if not body.strip():
            continue
        for piece in splitter.create_documents([body]):
            text = piece.page_content
            start = section.start + piece.metadata["start_index"]
            if document.text[start:start + len(text)] != text:  # defensive: find() mis-aligned
                start = document.text.find(text, section.start)
                if start < 0:
                    continue
            if len(_HEADING_LINE.sub("", text).strip()) < _MIN_CONTENT:
                continue
            block = source_at(blocks, content_start(document.text, start, start + len(text)))
            chunks.append(
                Chunk(
                    doc_id=document.doc_id,
                    chunk_no=len(chunks),
                    text=text,
                    start=start,
                    end=start + len(text),
                    locator=section.locator,
                    title=document.title,
                    kind=document.kind,
                    date=document.date,
                    language=document.language,
                    publisher=document.publisher,
                    source_url=document.source_url,
                    reference=document.reference,
                    nature=nature,
                    updated=document.updated,
                    based_on=document.based_on,
                    source_label=block.label if block else "",
                    source_link=block.url if block else "",
                    source_spans=spans_json(blocks, start, start + len(text)),
                )
            )
    return chunks
