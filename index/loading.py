"""Loaders: a file in the corpus folder becomes a ``SourceDocument``.

Markdown (with YAML front-matter), plain text, HTML (main text, not navigation)
and PDF (text per page, page numbers kept). A file that cannot be read raises
``DocumentError`` naming the file and the reason; ``load_corpus`` turns those
into warnings so that one bad file never stops a run.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import (
    BadFrontMatter,
    BinaryDocument,
    CorpusError,
    DocumentError,
    EmptyDocument,
    EncryptedPdf,
    FileUnreadable,
    NoTextExtracted,
    NoTextLayer,
    NotUtf8,
    UnreadablePdf,
    UnsupportedFileType,
    error_detail,
)

from .documents import DocumentEntry, Section, SourceDocument
from .provenance import front_matter_provenance, strip_source_lines

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_FRONT_MATTER_KEYS = ("title", "publisher", "date", "kind", "language", "source_url", "reference")


@dataclass
class CorpusScan:
    """What a walk over the corpus folder found."""

    documents: list[SourceDocument] = field(default_factory=list)
    skipped: list[tuple[str, DocumentError]] = field(default_factory=list)  # (doc_id, why)
    unchanged: list[str] = field(default_factory=list)  # not read: same size and mtime as recorded
    stats: dict[str, dict[str, int]] = field(default_factory=dict)  # doc_id -> file_stat()

    @property
    def doc_ids(self) -> set[str]:
        """Every document present and readable (loaded or known unchanged)."""
        return {d.doc_id for d in self.documents} | set(self.unchanged)


# A file whose mtime is this close to the moment it was last checked may have been
# rewritten within the file system's timestamp granularity: read it again (git's
# "racily clean" rule).
RACY_NS = 2_000_000_000


def file_stat(path: Path) -> dict[str, int]:
    """What ``load_corpus`` compares to skip unchanged files: size, mtime and when it looked."""
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "checked_ns": time.time_ns()}


def is_unchanged(stat: dict[str, int], recorded: DocumentEntry | None) -> bool:
    """True when ``recorded`` has this size and mtime, checked long enough after the last write."""
    if recorded is None or not recorded.sha256:
        return False
    return (recorded.size == stat["size"] and recorded.mtime_ns == stat["mtime_ns"]
            and stat["mtime_ns"] < (recorded.checked_ns or 0) - RACY_NS)


def load_corpus(corpus_dir: Path,
                recorded: Mapping[str, DocumentEntry] | None = None) -> CorpusScan:
    """Load every supported file below ``corpus_dir``; skip and report the unreadable ones.

    ``recorded`` maps doc ids to what the index recorded of them (``sha256``, ``size``,
    ``mtime_ns``, ``checked_ns``): a file with the same size and modification time,
    last modified well before it was recorded, is listed in ``unchanged`` without
    being read (what make and rsync do), so that a run on a large corpus costs a
    ``stat`` per unchanged file.

    Raises:
        CorpusError: the folder does not exist.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"Corpus folder not found: {corpus_dir}")
    recorded = recorded or {}
    scan = CorpusScan()
    for parts, entry in sorted(_corpus_files(corpus_dir), key=lambda found: found[0]):
        doc_id = "/".join(parts)
        path = corpus_dir.joinpath(*parts)
        try:
            st = entry.stat()
            stat = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "checked_ns": time.time_ns()}
        except OSError as exc:
            scan.skipped.append(
                (doc_id, FileUnreadable(f"{doc_id}: cannot read file ({error_detail(exc)})")))
            continue
        scan.stats[doc_id] = stat
        if is_unchanged(stat, recorded.get(doc_id)):
            scan.unchanged.append(doc_id)
            continue
        try:
            scan.documents.append(load_document(path, doc_id))
        except DocumentError as exc:
            log.warning("skipped %s: %s", doc_id, exc)
            scan.skipped.append((doc_id, exc))
    return scan


def _corpus_files(folder: Path, parts: tuple[str, ...] = ()
                  ) -> Iterator[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """(path parts below the corpus folder, entry) of each supported file, hidden ones left out.

    What ``sorted(folder.rglob("*"))`` filtered by suffix gives, one ``stat`` per file
    instead of three (the walk's, ``is_file``'s and ours): symlinked folders are not
    entered, symlinked files are followed.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                yield from _corpus_files(Path(entry.path), (*parts, entry.name))
            elif (entry.is_file()
                  and os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES):
                yield (*parts, entry.name), entry
        except OSError:
            continue


def load_document(path: Path, doc_id: str | None = None) -> SourceDocument:
    """Load one file by its suffix.

    Raises:
        DocumentError: the type is unsupported or the file cannot be read.
    """
    path = Path(path)
    doc_id = doc_id or path.name
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFileType(f"{doc_id}: unsupported file type {path.suffix or '(none)'}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileUnreadable(f"{doc_id}: cannot read file ({error_detail(exc)})") from exc
    if not raw.strip():
        raise EmptyDocument(f"{doc_id}: the file is empty")
    document = loader(raw, doc_id, path)
    if not document.text.strip():
        raise NoTextExtracted(f"{doc_id}: no text could be extracted")
    digest = hashlib.sha256(raw).hexdigest()
    return _with(document, content_hash=digest)


def _with(document: SourceDocument, **changes: Any) -> SourceDocument:
    from dataclasses import replace

    return replace(document, **changes)


def _decode(raw: bytes, doc_id: str) -> str:
    if b"\x00" in raw[:4096]:
        raise BinaryDocument(f"{doc_id}: binary content, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8(
            f"{doc_id}: not valid UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _default_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def _metadata(meta: dict[str, Any], path: Path, default_kind: str) -> dict[str, Any]:
    values = {key: meta.get(key) for key in _FRONT_MATTER_KEYS}
    date = values.get("date")
    if isinstance(date, (_dt.date, _dt.datetime)):
        values["date"] = date.isoformat()[:10]
    out = {key: ("" if value is None else str(value).strip()) for key, value in values.items()}
    out["title"] = out["title"] or _default_title(path)
    out["kind"] = out["kind"] or default_kind
    out["language"] = out["language"] or "fr"
    out.update(front_matter_provenance(meta, out["kind"]))
    return out


def markdown_sections(text: str, base: tuple[str, ...] = ()) -> tuple[Section, ...]:
    """Split Markdown text at its headings; each section's locator is its heading path."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    matches = list(_HEADING.finditer(text))
    first = matches[0].start() if matches else len(text)
    if text[:first].strip():
        sections.append(Section(0, first, " > ".join(base)))
    for i, match in enumerate(matches):
        level, title = len(match.group(1)), match.group(2).strip()
        path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        locator = " > ".join([*base, *(t for _, t in path)])
        sections.append(Section(match.start(), end, locator))
    return tuple(sections)


def _load_markdown(raw: bytes, doc_id: str, path: Path) -> SourceDocument:
    import frontmatter

    text = _decode(raw, doc_id)
    try:
        post = frontmatter.loads(text)
    except Exception as exc:  # yaml raises many types; all mean the same to the user
        raise BadFrontMatter(f"{doc_id}: invalid front-matter ({exc.__class__.__name__})") from exc
    body, blocks = strip_source_lines(post.content)
    meta = _metadata(dict(post.metadata), path, "document")
    return SourceDocument(
        doc_id=doc_id, text=body, sections=markdown_sections(body), blocks=blocks,
        extra=dict(post.metadata), **meta,
    )


def _load_text(raw: bytes, doc_id: str, path: Path) -> SourceDocument:
    text = _decode(raw, doc_id)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = first_line[:120] if 0 < len(first_line) <= 200 else _default_title(path)
    meta = _metadata({"title": title}, path, "document")
    return SourceDocument(doc_id=doc_id, text=text, sections=(Section(0, len(text), ""),), **meta)


def _load_html(raw: bytes, doc_id: str, path: Path) -> SourceDocument:
    import trafilatura
    from bs4 import BeautifulSoup

    html = _decode(raw, doc_id)
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, Any] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").lower()
        content = tag.get("content")
        if not content:
            continue
        if name in ("souverain:kind", "kind"):
            meta["kind"] = content
        elif name in ("date", "article:published_time", "dc.date"):
            meta["date"] = content[:10]
        elif name in ("author", "publisher", "og:site_name"):
            meta.setdefault("publisher", content)
        elif name in ("og:url", "souverain:source_url"):
            meta["source_url"] = content
    html_lang = soup.html.get("lang") if soup.html else None
    if html_lang:
        meta["language"] = str(html_lang)[:2]
    # trafilatura keeps the main text and drops navigation, menus and footers;
    # Markdown output keeps the headings, so chunks get heading-path locators.
    text = trafilatura.extract(
        html, output_format="markdown", include_comments=False, include_tables=True,
        favor_recall=True,
    )
    if not text:
        for tag in soup(["script", "style", "nav", "header", "footer", "aside", "noscript"]):
            tag.decompose()
        text = soup.get_text("\n", strip=True)
    meta = _metadata(meta, path, "document")
    return SourceDocument(doc_id=doc_id, text=text, sections=markdown_sections(text), **meta)


def _load_pdf(raw: bytes, doc_id: str, path: Path) -> SourceDocument:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise EncryptedPdf(f"{doc_id}: the PDF is encrypted")
        pages = [(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata or {}
    except DocumentError:
        raise
    except Exception as exc:  # PdfReadError, and assorted errors on damaged files
        raise UnreadablePdf(f"{doc_id}: unreadable PDF ({exc.__class__.__name__})") from exc
    parts: list[str] = []
    sections: list[Section] = []
    offset = 0
    for number, page_text in enumerate(pages, start=1):
        page_text = page_text.strip()
        if not page_text:
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        sections.append(Section(offset, offset + len(page_text), f"p. {number}"))
        parts.append(page_text)
        offset += len(page_text)
    if not parts:
        raise NoTextLayer(f"{doc_id}: the PDF has no text layer (scanned?); OCR it first")
    meta = _metadata(
        {"title": getattr(info, "title", None) or None, "publisher": getattr(info, "author", None)},
        path, "document",
    )
    return SourceDocument(doc_id=doc_id, text="".join(parts), sections=tuple(sections), **meta)


_LOADERS: dict[str, Callable[[bytes, str, Path], SourceDocument]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
}
