"""« Voir dans le document »: a document rendered as a page, the cited passage highlighted.

Markdown is rendered by markdown-it with raw HTML off and images off, so the
document's text is data: a ``<script>`` shows as text, a ``javascript:`` link is
not a link. PDFs are shown page by page (their text, « Page N »). The passage is
wrapped in ``<mark id="souverain-passage">`` line by line, so it never breaks the
document's structure; the page scrolls to it. Each block's « Source » lines, taken
out of the text at load time (``document.blocks``), come back under the block they
support, discreetly: label as text, link only when it is plain http(s).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.settings import Settings

from .i18n import t
from .render import _link, escape_text, kind_label

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use sentinels, removed from the text first
_NOTE, _NOTE_END = "\ue002", "\ue003"  # where a block's sources go: _NOTE + number + _NOTE_END
_SENTINELS = str.maketrans("", "", _OPEN + _CLOSE + _NOTE + _NOTE_END)
_BLOCK_PREFIX = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)*")
_md = None


def _markdown() -> Any:
    global _md
    if _md is None:
        from markdown_it import MarkdownIt

        _md = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
               .enable("table").disable("image"))
    return _md


def _mark_lines(text: str, start: int, end: int) -> str:
    """``text`` with sentinels around each line's part of ``[start, end)``, past block syntax."""
    out: list[str] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = pos, pos + len(line.rstrip("\n"))
        pos += len(line)
        a, b = max(start, line_start), min(end, line_end)
        if a >= b or not text[a:b].strip() or _NOTE in line:
            out.append(line)
            continue
        prefix = _BLOCK_PREFIX.match(line).end()
        a = max(a, line_start + prefix)
        if a >= b:
            out.append(line)
            continue
        ra, rb = a - line_start, b - line_start
        out.append(line[:ra] + _OPEN + line[ra:rb] + _CLOSE + line[rb:])
    return "".join(out)


def _finish_marks(rendered: str) -> str:
    first = True

    def opening(_: re.Match[str]) -> str:
        nonlocal first
        tag = '<mark id="souverain-passage" class="souverain-hit">' if first else \
            '<mark class="souverain-hit">'
        first = False
        return tag

    rendered = re.sub(_OPEN, opening, rendered)
    rendered = rendered.replace(_CLOSE, "</mark>")
    return rendered.replace("<a href=", '<a target="_blank" rel="noopener noreferrer nofollow" '
                                        'href=')


def _insert_notes(text: str, blocks: Sequence[Any], start: int,
                  end: int) -> tuple[str, int, int]:
    """``text`` with a placeholder paragraph after each block, and ``[start, end)`` moved."""
    inserts: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        pos = int(block.end)
        if not 0 < pos <= len(text):
            continue
        before = "\n" if text[pos - 1] == "\n" else "\n\n"
        inserts.append((pos, f"{before}{_NOTE}{i}{_NOTE_END}\n\n"))
    inserts.sort(key=lambda item: item[0])
    if 0 <= start < end:
        start += sum(len(piece) for pos, piece in inserts if pos <= start)
        end += sum(len(piece) for pos, piece in inserts if pos < end)
    for pos, piece in reversed(inserts):
        text = text[:pos] + piece + text[pos:]
    return text, start, end


def block_source_html(block: Any, lang: str = "fr") -> str:
    """Where a block comes from, under it: each source's label and link (http/https only)."""
    lines = []
    for label, url in ((block.label, block.url), *tuple(block.others or ())):
        host = _host(url)
        link = _link(url, host) if host else ""
        lines.append(f"{escape_text(t(lang, 'source'))} : {escape_text(label)}"
                     + (f" · {link}" if link else ""))
    return f'<p class="souverain-block-source">{"<br>".join(lines)}</p>'


def _host(url: str) -> str:
    from urllib.parse import urlparse

    try:
        return urlparse((url or "").strip()).hostname or ""
    except ValueError:
        return ""


def markdown_html(text: str, start: int = -1, end: int = -1, blocks: Sequence[Any] = (),
                  lang: str = "fr") -> str:
    """Markdown text as safe HTML, ``[start, end)`` highlighted, each block's sources after it."""
    text = text.translate(_SENTINELS)
    if blocks:
        text, start, end = _insert_notes(text, blocks, start, end)
    if 0 <= start < end:
        text = _mark_lines(text, start, end)
    # « Source : » lines: one per line (hard breaks), in their own smaller paragraph.
    text = re.sub(r"^(\ue000?[ \t]*Sources?[ \t]*:.*?)[ \t]*$", r"\1  ", text, flags=re.M)
    rendered = _markdown().render(text)
    rendered = re.sub(r"<p>((?:\ue000)?Sources? :)", r'<p class="souverain-source-lines">\1',
                      rendered)
    rendered = _finish_marks(rendered)
    if blocks:
        def note(match: re.Match[str]) -> str:
            return block_source_html(blocks[int(match.group(1))], lang)

        rendered = re.sub(f"<p>{_NOTE}(\\d+){_NOTE_END}</p>", note, rendered)
        rendered = re.sub(f"{_NOTE}(\\d+){_NOTE_END}", note, rendered)  # inside another block
    return rendered


def plain_html(text: str, start: int = -1, end: int = -1) -> str:
    """Plain text (a PDF page) as paragraphs, ``[start, end)`` highlighted."""
    if 0 <= start < end:
        pieces = [escape_text(text[:start]), '<mark id="souverain-passage" class="souverain-hit">',
                  escape_text(text[start:end]), "</mark>", escape_text(text[end:])]
        body = "".join(pieces)
    else:
        body = escape_text(text)
    return f'<p class="souverain-plain">{body}</p>'


def _locate(text: str, start: int, end: int, passage: str) -> tuple[int, int, bool]:
    """The passage's offsets in the current text; (-1, -1, False) when it is gone."""
    if passage and text[start:end] == passage:
        return start, end, True
    if passage:
        found = text.find(passage)
        if found >= 0:
            return found, found + len(passage), True
        return -1, -1, False
    if 0 <= start < end <= len(text):
        return start, end, True
    return -1, -1, True


def resolve(settings: Settings, doc_id: str) -> Path | None:
    """The file of ``doc_id`` inside the corpus folder, or None (never outside it)."""
    if not doc_id or "\x00" in doc_id:
        return None
    root = Path(settings.corpus_dir).resolve()
    path = (root / doc_id).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def document_html(settings: Settings, doc_id: str, *, start: int = -1, end: int = -1,
                  passage: str = "", lang: str = "fr",
                  info: Mapping[str, Any] | None = None) -> str:
    """The viewer's HTML for ``doc_id``, the passage ``[start, end)`` highlighted."""
    from assistant.types import nature_label
    from core.errors import DocumentError
    from index.loading import load_document
    from index.provenance import nature_of

    path = resolve(settings, doc_id)
    if path is None:
        return _frame(f'<p class="souverain-error">{escape_text(t(lang, "viewer_missing"))}</p>')
    try:
        document = load_document(path, doc_id)
    except DocumentError:
        return _frame(f'<p class="souverain-error">{escape_text(t(lang, "viewer_missing"))}</p>')
    text = document.text
    a, b, found = _locate(text, start, end, passage)
    nature = nature_of(document.kind, document.nature)
    meta = [escape_text(nature_label(nature, document.based_on, lang)),
            escape_text(kind_label(document.kind, lang))]
    if document.date:
        meta.append(escape_text(document.date))
    if document.updated:
        meta.append(escape_text(f"{t(lang, 'updated')} {document.updated}"))
    if document.publisher:
        meta.append(escape_text(document.publisher))
    link = _link(document.source_url, t(lang, "original"))
    if link:
        meta.append(link)
    meta.append(f"<code>{escape_text(doc_id)}</code>")
    head = (f'<div class="souverain-doc-head"><h2>{escape_text(document.title)}</h2>'
            f'<p class="souverain-meta">{" · ".join(meta)}</p>')
    if not found:
        head += f'<p class="souverain-notice">ⓘ {escape_text(t(lang, "viewer_moved"))}</p>'
    elif a >= 0:
        page = ""
        for section in document.sections:
            if section.start <= a < section.end and section.locator:
                page = section.locator.replace(" > ", " › ")
                break
        if doc_id.lower().endswith(".pdf") and page:
            page = page.replace("p. ", f"{t(lang, 'page')} ")
        head += (f'<p class="souverain-meta souverain-jump">🔎 '
                 f'{escape_text(t(lang, "viewer_passage"))}'
                 f'{" — " + escape_text(page) if page else ""}</p>')
    head += "</div>"
    if doc_id.lower().endswith(".pdf"):
        body = _pdf_html(text, document.sections, a, b, lang)
    elif path.suffix.lower() == ".txt":
        body = plain_html(text, a, b)
    else:
        body = markdown_html(text, a, b, document.blocks, lang)
    return _frame(head + f'<div class="souverain-doc-body">{body}</div>')


def _pdf_html(text: str, sections: Any, start: int, end: int, lang: str) -> str:
    parts = []
    for section in sections or ():
        number = section.locator.replace("p. ", "")
        page_id = f"souverain-page-{escape_text(number)}"
        a = max(start, section.start) - section.start if start >= 0 else -1
        b = min(end, section.end) - section.start if start >= 0 else -1
        if a >= b:
            a = b = -1
        html = plain_html(text[section.start:section.end], a, b)
        if start >= 0 and a >= 0 and 'id="souverain-passage"' in "".join(parts):
            html = html.replace('id="souverain-passage" ', "")
        parts.append(f'<section class="souverain-page" id="{page_id}">'
                     f'<h3>{escape_text(t(lang, "page"))} {escape_text(number)}</h3>{html}'
                     "</section>")
    return "".join(parts) or plain_html(text, start, end)


def _frame(inner: str) -> str:
    return f'<div class="souverain-viewer">{inner}</div>'


def empty_html(lang: str = "fr") -> str:
    return _frame(f'<p class="souverain-meta">{escape_text(t(lang, "viewer_empty"))}</p>')
