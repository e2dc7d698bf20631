"""Turn answers, questions and document lists into inert HTML for the web chat.

Everything that comes from a document or from the user is text, never markup.
``escape_text`` turns every character that HTML *or* Markdown could read as
syntax into a character reference, so the result shows the same literal text
whether the Chatbot parses it as Markdown, as an HTML block, or both: no tag,
no link, no image, no code fence, no LaTeX. Our own structure (sources,
``<details>``) is the only markup, and every message is one HTML block with no
blank line, so Markdown leaves it alone.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .i18n import DOCUMENT_COLUMNS as _COLUMNS_BY_LANG
from .i18n import KIND_LABELS as _KIND_LABELS_BY_LANG
from .i18n import lang_of, t

if TYPE_CHECKING:
    from assistant.types import Answer, Citation

KIND_LABELS = {
    "article": "Article de presse",
    "commentaires": "Commentaires de lecteurs",
    "cnil": "CNIL",
    "anssi": "ANSSI / SecNumCloud",
    "fiche": "Fiche",
    "texte-officiel": "Texte officiel",
    "document": "Document ajouté",
}
MODE_LABELS = {
    "extractive": "extractif : passages cités tels quels, calculé sur cette machine",
    "llm": "génératif : rédigé par le modèle à partir des passages cités",
}

# Characters Markdown (CommonMark + GFM + Gradio's LaTeX/mermaid) may read as syntax.
# A character reference is never syntax in Markdown, and is plain text in HTML.
_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-!|~$:<>&\"'=^"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL}
_MARKER = re.compile(r"&#91;(\d{1,2})&#93;")


def escape_text(text: str) -> str:
    """Inert HTML for any text: every special character as a reference, newlines as ``<br>``."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    # Control characters other than newline and tab have no business in a page.
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " " and ch != "\x7f")
    return text.translate(_ENTITIES).replace("\n", "<br>")


def _safe_url(url: str) -> str | None:
    """The URL, escaped for an attribute, if it is a plain http(s) link; else None."""
    url = (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return None
    if any(ch.isspace() or ch in "<>\"'`" for ch in url):
        return None
    return html.escape(url, quote=True)


def kind_label(kind: str, lang: str = "fr") -> str:
    labels = _KIND_LABELS_BY_LANG.get(lang, KIND_LABELS)
    return labels.get(kind, kind or "document")


_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*$")


def passage_html(text: str) -> str:
    """A quoted passage as read: headings as bold lines without their #'s, paragraphs kept.

    Only the heading markers go; every other character is shown as written (escaped:
    document text is data, so a link, an image or a tag stays text). The exact passage
    for copying and export is ``citation.text`` itself, untouched.
    """
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    parts: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n+", text):
        lines: list[str] = []
        for line in [*paragraph.split("\n"), "#"]:  # a last empty heading closes the paragraph
            heading = _HEADING_LINE.match(line)
            if not heading:
                if line.strip():
                    lines.append(escape_text(line.strip()))
                continue
            if lines:
                parts.append(f"<p>{'<br>'.join(lines)}</p>")
                lines = []
            title = (heading.group("title") or "").strip()
            if title:
                parts.append('<p class="souverain-passage-heading">'
                             f"<strong>{escape_text(title)}</strong></p>")
    return "".join(parts)


def _block(inner: str, css_class: str) -> str:
    """One HTML block without blank lines: Markdown passes it through untouched."""
    return f'<div class="{css_class}">{inner}</div>'


def question_html(question: str) -> str:
    """The user's message as shown in the chat."""
    return _block(escape_text(question), "souverain-question")


DRAFT_LABEL = "non vérifié"
DRAFT_TITLE = "texte provisoire : vérifié phrase par phrase contre les passages cités"


def streaming_html(partial_text: str, draft: str = "") -> str:
    """The answer while it streams in: the verified text, then the model's unchecked draft.

    The draft is escaped like any text, greyed and labelled « non vérifié »; the next
    update replaces it with the verified sentence, or drops it.
    """
    parts = [_with_markers(escape_text(partial_text))]
    if draft.strip():
        parts.append(
            # The chat's sanitizer keeps `title` (and drops `aria-label`).
            f' <span class="souverain-draft-label" title="{DRAFT_TITLE}">{DRAFT_LABEL}</span> '
            f'<span class="souverain-draft">{escape_text(draft)}</span>'
        )
    parts.append(' <span class="souverain-cursor">▍</span>')
    return _block("".join(parts), "souverain-answer souverain-streaming")


def _with_markers(escaped: str) -> str:
    """[n] as a clickable marker: a click opens source n of the same answer (see ``CHAT_JS``)."""
    return _MARKER.sub(
        r'<strong class="souverain-marker souverain-cite-\1">&#91;\1&#93;</strong>',
        escaped)


def _locator(citation: Citation) -> str:
    """The locator without a first heading that merely repeats the title."""
    parts = [p.strip() for p in (citation.locator or "").split(" > ") if p.strip()]
    if parts:
        a, b = parts[0].casefold(), (citation.title or "").casefold()
        common = len(os.path.commonprefix([a, b]))
        if a.startswith(b) or b.startswith(a) or common >= 30:
            parts = parts[1:]
    return " › ".join(parts)


def nature_text(citation: Any, lang: str = "fr") -> str:
    """What the cited document is, in the interface's language."""
    from assistant.types import nature_label

    nature = getattr(citation, "nature", "") or ""
    french = getattr(citation, "nature_label", "") or ""
    if lang != "en":
        return french or kind_label(getattr(citation, "kind", ""))
    based_on = french.split(", d'après ", 1)[1] if ", d'après " in french else ""
    return nature_label(nature or "document", based_on, "en")


def _link(url: str, label: str) -> str:
    safe = _safe_url(url)
    if not safe:
        return ""
    return (f'<a href="{safe}" title="{safe}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{escape_text(label)} ↗</a>')


def source_html(citation: Citation, *, open_: bool = False, lang: str = "fr",
                turn: int | None = None) -> str:
    """One numbered source: title; what it is, date, « à jour au », section; its source and
    link; the exact passage unfolds, with « Voir dans le document »."""
    meta = [f'<span class="souverain-nature">{escape_text(nature_text(citation, lang))}</span>']
    if citation.date:
        meta.append(escape_text(citation.date))
    updated = getattr(citation, "updated", "")
    if updated:
        meta.append(escape_text(f"{t(lang, 'updated')} {updated}"))
    locator = _locator(citation)
    if locator:
        meta.append(escape_text(locator))
    origin: list[str] = []
    label = getattr(citation, "source_label", "") or ""
    url = citation.source
    host = urlparse(url.strip()).hostname or url if _safe_url(url) else ""
    if label and label != getattr(citation, "publisher", ""):
        origin.append(f"{escape_text(t(lang, 'source'))} : {escape_text(label)}")
    if host:
        origin.append(_link(url, host))
    elif citation.source or citation.doc_id:
        origin.append(f"<code>{escape_text(citation.source or citation.doc_id)}</code>")
    n = int(citation.n)
    details_open = " open" if open_ else ""
    viewer = ""
    if turn is not None and citation.doc_id:
        viewer = (f'<p class="souverain-actions"><span class="souverain-open '
                  f'souverain-ref-{int(turn)}-{n}" title="{escape_text(t(lang, "view_in_document"))}">'
                  f'→ {escape_text(t(lang, "view_in_document"))}</span></p>')
    return (
        f'<details class="souverain-source" data-n="{n}"{details_open}>'
        f'<summary title="{escape_text(t(lang, "show_passage"))}">'
        f'<strong class="souverain-marker">&#91;{n}&#93;</strong> '
        f'<strong class="souverain-title">{escape_text(citation.title)}</strong>'
        f'<span class="souverain-meta">{" · ".join(meta)}</span>'
        + (f'<span class="souverain-meta souverain-origin">{" · ".join(origin)}</span>'
           if origin else "")
        + '</summary>'
        f'<blockquote class="souverain-passage">{passage_html(citation.text)}</blockquote>'
        f"{viewer}</details>"
    )


def answer_html(answer: Answer, *, model: str = "", lang: str | None = None,
                turn: int | None = None, copy_text: str | None = None) -> str:
    """The final answer: text with [n] markers, mode, notices and numbered sources.

    ``lang`` (default: the question's) chooses our labels; ``turn`` (the answer's place in
    the conversation) makes « Voir dans le document » work; ``copy_text`` adds « Copier ».
    """
    lang = lang or lang_of(answer.question)
    parts: list[str] = []
    if not answer.answerable:
        parts.append(
            f'<p class="souverain-abstain"><strong>{escape_text(t(lang, "abstain_title"))}'
            f"</strong> {escape_text(t(lang, 'abstain_body'))}</p>"
        )
    text = answer.text
    if answer.lead and text.startswith(answer.lead):
        # the answer itself first, in bold, then the quoted evidence
        parts.append('<p class="souverain-lead"><strong>'
                     f'{_with_markers(escape_text(answer.lead))}</strong></p>')
        text = text[len(answer.lead):].lstrip("\n ")
    parts.append(f'<div class="souverain-text">{_with_markers(escape_text(text))}</div>')
    for notice in answer.notices:
        # plain text: a symbol such as U+24D8 is missing from common fonts (an empty box)
        parts.append(f'<p class="souverain-notice">{html.escape(t(lang, "note"))} '
                     f'{escape_text(notice)}</p>')
    if answer.citations:
        referenced = {int(n) for n in re.findall(r"\[(\d{1,2})\]", answer.text)}
        cited = [c for c in answer.citations if c.n in referenced] if answer.answerable else []
        others = [c for c in answer.citations if c not in cited]
        hint = f'<span class="souverain-meta">{escape_text(t(lang, "sources_hint"))}</span></p>'
        if cited:
            parts.append('<p class="souverain-sources-title">'
                         f'<strong>{escape_text(t(lang, "cited_sources"))}</strong> {hint}')
            parts.extend(source_html(c, lang=lang, turn=turn) for c in cited)
        if others:
            heading = t(lang, "other_passages") if cited else t(lang, "closest")
            parts.append('<p class="souverain-sources-title">'
                         f'<strong>{escape_text(heading)}</strong> {hint}')
            parts.extend(source_html(c, lang=lang, turn=turn) for c in others)
    mode = t(lang, "mode_extractive") if answer.mode == "extractive" else (
        t(lang, "mode_llm") if answer.mode == "llm" else answer.mode)
    if answer.mode == "llm" and model:
        the_model = t(lang, "the_model")
        mode = mode.replace(the_model, f"{the_model} {model}", 1)
    footer = f'{escape_text(t(lang, "mode"))} {escape_text(mode)}'
    if copy_text is not None:
        footer = (f'<span class="souverain-copy" title="{escape_text(t(lang, "copy_title"))}">'
                  f'{escape_text(t(lang, "copy"))}</span> · ' + footer)  # no symbol: fonts lack ⧉
        plain = escape_text(copy_text).replace("<br>", "&#10;")  # newlines kept for copying
        parts.append(f'<div class="souverain-copytext">{plain}</div>')
    parts.append(f'<p class="souverain-mode">{footer}</p>')
    css = "souverain-answer" + ("" if answer.answerable else " souverain-abstained")
    css += f" souverain-lang-{lang}"
    return _block("".join(parts), css)


def error_html(message: str) -> str:
    """A short French error shown in the chat in place of an answer."""
    return _block(f"⚠️ {escape_text(message)}", "souverain-answer souverain-error")


def header_html(documents: Iterable[Mapping[str, Any]], lang: str = "fr") -> str:
    """What the assistant knows: the indexed documents and their dates (in ``lang``)."""
    rows = list(documents)
    en = lang == "en"
    if not rows:
        if en:
            return ("<div class=\"souverain-header\"><h1>Souverain</h1>"
                    "<p>No document is indexed yet: add some in the « Documents » tab or run "
                    "<code>souverain index</code>.</p></div>")
        return (
            "<div class=\"souverain-header\"><h1>Souverain</h1>"
            "<p>Aucun document n'est encore indexé : ajoutez-en dans l'onglet "
            "« Documents » ou lancez <code>souverain index</code>.</p></div>"
        )
    dates = sorted(str(r.get("date") or "") for r in rows if r.get("date"))
    span = ""
    if dates:
        first, last = escape_text(dates[0]), escape_text(dates[-1])
        if en:
            span = f", dated {first} to {last}" if dates[0] != dates[-1] else f", dated {first}"
        else:
            span = f", datés du {first} au {last}" if dates[0] != dates[-1] else \
                f", datés du {first}"
    updated = "up to date as of" if en else "à jour au"
    items = "".join(
        f"<li>{escape_text(r.get('title') or r.get('doc_id') or '')}"
        f" <span class=\"souverain-meta\">({escape_text(document_nature(r, lang))}"
        f"{', ' + escape_text(str(r['date'])) if r.get('date') else ''}"
        f"{f', {updated} ' + escape_text(str(r['updated'])) if r.get('updated') else ''})"
        "</span></li>"
        for r in rows
    )
    plural = "s" if len(rows) > 1 else ""
    if en:
        intro = (
            "<p>Questions about data sovereignty (health data hosting, CNIL, SecNumCloud). "
            "Souverain answers <strong>only</strong> from "
            f"<strong>{len(rows)} indexed document{plural}</strong>{span}, and cites for each "
            "answer the exact passages it comes from. When they do not hold the answer, it "
            "says so.</p>")
        show = "Show the documents"
    else:
        intro = (
            "<p>Questions sur la souveraineté des données (hébergement des données de santé, "
            "CNIL, SecNumCloud). Souverain répond <strong>uniquement</strong> à partir de "
            f"<strong>{len(rows)} document{plural} indexé{plural}</strong>{span}, et cite pour "
            "chaque réponse les passages exacts d'où elle vient. S'ils ne contiennent pas la "
            "réponse, il le dit.</p>")
        show = "Voir les documents"
    return (f'<div class="souverain-header"><h1>Souverain</h1>{intro}'
            f"<details><summary>{show}</summary><ul>{items}</ul></details></div>")


def document_nature(row: Mapping[str, Any], lang: str = "fr") -> str:
    """What a listed document is: « Fiche de synthèse Souverain », « Texte officiel »…"""
    from assistant.types import NATURE_LABELS, NATURE_LABELS_EN
    from index.provenance import nature_of

    labels = NATURE_LABELS_EN if lang == "en" else NATURE_LABELS
    return labels[nature_of(str(row.get("kind") or ""), row.get("nature"))]


def document_rows(documents: Iterable[Mapping[str, Any]], lang: str = "fr") -> list[list[Any]]:
    """Rows of the Documents tab table (plain text cells; the table shows them as text)."""
    rows = []
    for r in documents:
        indexed_at = str(r.get("indexed_at") or "").replace("T", " ")[:16]
        rows.append([
            str(r.get("title") or ""), document_nature(r, lang),
            kind_label(str(r.get("kind") or ""), lang),
            str(r.get("date") or ""), str(r.get("updated") or ""), int(r.get("chunks") or 0),
            indexed_at, str(r.get("doc_id") or ""),
        ])
    return rows


DOCUMENT_COLUMNS = _COLUMNS_BY_LANG["fr"]
