"""What a passage is and where it comes from: the document's nature and the block's source.

Front-matter may say what a document is (``nature``: officiel, presse, opinion or
synthese), how current it is (``updated``, the « à jour au » date, apart from
``date``, the date of what it describes) and, for a summary, what it was written
from (``based_on``). Documents without these keys (uploads, older corpora) get
their nature from their kind.

In the fiches, each block of text is followed by one or more lines
``Source : <who/what>, <date or s. d.>, <primaire|secondaire> — <URL>`` that apply
to the paragraphs since the previous ``Source`` line or heading; the first line of
a group is the block's main source. ``block_sources`` finds those groups, and a
passage takes the source of the block where its text starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NATURES = ("officiel", "presse", "opinion", "synthese", "document")
NATURE_BY_KIND = {
    "texte-officiel": "officiel",
    "article": "presse",
    "commentaires": "opinion",
    "fiche": "synthese",
    "cnil": "synthese",
    "anssi": "synthese",
}
_NATURE_ALIASES = {
    "official": "officiel", "officiel": "officiel", "officielle": "officiel",
    "press": "presse", "presse": "presse", "article": "presse",
    "opinion": "opinion", "opinions": "opinion", "commentaires": "opinion",
    "synthese": "synthese", "synthèse": "synthese", "summary": "synthese", "fiche": "synthese",
    "document": "document",
}

# « Source : CNIL, délibération n° 2023-146, 21 décembre 2023, primaire — https://… »
SOURCE_LINE = re.compile(
    r"^[ \t]*Sources?[ \t]*:[ \t]*(?P<label>.+?)[ \t]+[—–-][ \t]+(?P<url>https?://\S+)[ \t]*$",
    re.MULTILINE,
)
_SOURCE_PREFIX = re.compile(r"^[ \t]*Sources?[ \t]*:", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}[ \t]+\S.*$", re.MULTILINE)
_GRADE = re.compile(r",\s*(primaire|secondaire)\s*$", re.IGNORECASE)


def nature_of(kind: str, declared: Any = None) -> str:
    """The document's nature: the declared one if valid, else the one its kind implies."""
    value = _NATURE_ALIASES.get(str(declared or "").strip().casefold())
    if value:
        return value
    return NATURE_BY_KIND.get(kind or "", "document")


def front_matter_provenance(meta: Mapping[str, Any], kind: str) -> dict[str, str]:
    """``nature``, ``updated`` and ``based_on`` from front-matter (with defaults)."""
    updated = meta.get("updated") or ""
    if hasattr(updated, "isoformat"):
        updated = updated.isoformat()[:10]
    based_on = meta.get("based_on") or ""
    if isinstance(based_on, (list, tuple)):
        based_on = " ; ".join(str(x) for x in based_on)
    return {"nature": nature_of(kind, meta.get("nature")), "updated": str(updated).strip(),
            "based_on": str(based_on).strip()}


@dataclass(frozen=True)
class BlockSource:
    """The source of the block of text ``[start, end)``: its first ``Source`` line, and all of them."""

    start: int
    end: int
    label: str  # « CNIL, délibération n° 2023-146 …, 21 décembre 2023, primaire »
    url: str
    others: tuple[tuple[str, str], ...] = ()  # further (label, url) lines of the same group

    @property
    def grade(self) -> str:
        """« primaire » or « secondaire » when the line says so, else ""."""
        match = _GRADE.search(self.label)
        return match.group(1).lower() if match else ""


def block_sources(text: str) -> list[BlockSource]:
    """Every block of ``text`` that a group of ``Source`` lines closes, in order.

    A block runs from the previous group of Source lines (or heading) to the end of
    its own group; text after the last group of a section has no block.
    """
    lines = list(SOURCE_LINE.finditer(text))
    if not lines:
        return []
    headings = [m.start() for m in _HEADING.finditer(text)]
    groups: list[list[re.Match[str]]] = []
    for match in lines:
        if groups and not text[groups[-1][-1].end():match.start()].strip():
            groups[-1].append(match)
        else:
            groups.append([match])
    blocks: list[BlockSource] = []
    previous_end = 0
    for group in groups:
        first = group[0]
        start = max([previous_end, *(h for h in headings if h < first.start())])
        blocks.append(BlockSource(
            start=start, end=group[-1].end(),
            label=_clean_label(first.group("label")), url=first.group("url").rstrip(".,;)"),
            others=tuple((_clean_label(m.group("label")), m.group("url").rstrip(".,;)"))
                         for m in group[1:]),
        ))
        previous_end = group[-1].end()
    return blocks


def strip_source_lines(text: str) -> tuple[str, tuple[BlockSource, ...]]:
    """``text`` without its ``Source`` lines, and the blocks they closed, in the new offsets.

    Source lines are provenance, not content: kept out of the text that is chunked,
    embedded, searched and quoted, they no longer crowd statements out of passages.
    Each block then runs over its paragraphs only, up to where its Source lines stood.
    """
    blocks = block_sources(text)
    lines = list(SOURCE_LINE.finditer(text))
    if not lines:
        return text, ()
    removed: list[tuple[int, int]] = []  # [start, end) of each Source line with its newline
    for match in lines:
        end = match.end() + 1 if text[match.end():match.end() + 1] == "\n" else match.end()
        removed.append((match.start(), end))
    pieces, previous = [], 0
    for start, end in removed:
        pieces.append(text[previous:start])
        previous = end
    pieces.append(text[previous:])

    def moved(position: int) -> int:
        return position - sum(min(end, position) - start for start, end in removed if start < position)

    first_line = {m.start(): m for m in lines}
    mapped = []
    for block in blocks:
        content_end = min((s for s in first_line if block.start <= s < block.end), default=block.end)
        mapped.append(BlockSource(start=moved(block.start), end=moved(content_end),
                                  label=block.label, url=block.url, others=block.others))
    return "".join(pieces), tuple(mapped)


def _clean_label(label: str) -> str:
    return " ".join(label.split())


def content_start(text: str, start: int, end: int) -> int:
    """Where the passage ``text[start:end]`` really starts: past leading Source lines and blanks."""
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if line.strip() and not _SOURCE_PREFIX.match(line) and not _HEADING.match(line):
            return pos + (len(line) - len(line.lstrip()))
        pos = line_end + 1
    return start


def spans_json(blocks: list[BlockSource], start: int, end: int) -> str:
    """The blocks a passage ``[start, end)`` touches, relative to it, as compact JSON.

    ``[[from, to, label, url], ...]``: Chroma keeps only flat scalars, hence a string.
    """
    import json

    spans = [[max(b.start, start) - start, min(b.end, end) - start, b.label, b.url]
             for b in blocks if b.start < end and b.end > start]
    return json.dumps(spans, ensure_ascii=False) if len(spans) > 1 else ""


def spans_from_json(value: Any) -> list[tuple[int, int, str, str]]:
    import json

    try:
        return [(int(a), int(b), str(c), str(d)) for a, b, c, d in json.loads(value or "[]")]
    except (ValueError, TypeError):
        return []


_QUOTABLE = re.compile(r"[^.!?…\n]{25,}")


def cited_span(spans: list[tuple[int, int, str, str]], passage: str,
               answer_text: str) -> tuple[str, str] | None:
    """The (label, url) of the first block of ``passage`` whose words the answer quotes."""
    for start, end, label, url in spans:
        for piece in _QUOTABLE.findall(passage[start:end]):
            piece = piece.strip()
            if len(piece) >= 25 and not _SOURCE_PREFIX.match(piece) and piece in answer_text:
                return label, url
    return None


def source_at(blocks: list[BlockSource], position: int) -> BlockSource | None:
    """The block containing ``position`` (None when no Source line covers it)."""
    for block in blocks:
        if block.start <= position < block.end:
            return block
    return None
