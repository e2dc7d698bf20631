"""Take answers away: « Copier » text, and a conversation as Markdown or JSON.

Each citation carries its document, nature, dates, locator, link and the exact
passage. In Markdown, text from documents and questions is data: passages sit in
fenced blocks (shown verbatim, never rendered), and our own lines escape what a
Markdown viewer would read as HTML or links.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, fields
from typing import Any

from assistant.types import Answer, Citation

from .i18n import t
from .render import nature_text


def answer_from_dict(data: Mapping[str, Any]) -> Answer:
    """An ``Answer`` back from ``asdict(answer)`` (unknown keys ignored, missing ones defaulted)."""
    known = {f.name for f in fields(Citation)}
    citations = [Citation(**{k: v for k, v in dict(c).items() if k in known})
                 for c in data.get("citations") or []]
    return Answer(question=str(data.get("question") or ""), text=str(data.get("text") or ""),
                  answerable=bool(data.get("answerable")),
                  mode=data.get("mode") or "extractive", citations=citations,
                  notices=[str(n) for n in data.get("notices") or []])


def answer_record(answer: Answer) -> dict[str, Any]:
    return asdict(answer)


def _source_line(c: Citation, lang: str) -> str:
    parts = [c.title, nature_text(c, lang)]
    if c.date:
        parts.append(c.date)
    if c.updated:
        parts.append(f"{t(lang, 'updated')} {c.updated}")
    if c.locator:
        parts.append(c.locator.replace(" > ", " › "))
    if c.source_label and c.source_label != c.publisher:
        parts.append(f"{t(lang, 'source')} : {c.source_label}")
    return f"[{c.n}] " + " — ".join(p for p in parts if p) + f"\n    {c.source}"


def answer_plain(answer: Answer, lang: str = "fr") -> str:
    """What « Copier » puts on the clipboard: the answer, then its numbered sources and URLs."""
    lines = [answer.text.strip()]
    if answer.citations:
        lines += ["", f"{t(lang, 'sources')} :"]
        lines += [_source_line(c, lang) for c in answer.citations]
    return "\n".join(lines)


_MD_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_text(text: str) -> str:
    """Our text in Markdown as literal text: no HTML, no autolink, no inline link."""
    text = "".join(_MD_ESCAPES.get(ch, ch) for ch in str(text))
    return text.replace("](", "]\\(").replace("![", "!\\[")


def _fence(text: str) -> str:
    """``text`` verbatim in a fenced block longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _md_link(url: str) -> str:
    from .render import _safe_url

    if _safe_url(url):
        return f"<{url}>"
    return f"`{url}`" if "`" not in url else md_text(url)


def conversation_markdown(turns: Iterable[Mapping[str, Any]], title: str = "",
                          lang: str = "fr") -> str:
    """A conversation as Markdown: each question, its answer, and every citation in full."""
    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [f"# {md_text(title or t(lang, 'conversation'))}", "",
           f"*Souverain — {t(lang, 'conversation').lower()} {t(lang, 'exported')} {now}*", ""]
    for i, turn in enumerate(turns, start=1):
        answer = answer_from_dict(turn["answer"])
        tl = turn.get("lang") or lang
        out += [f"## {i}. {md_text(answer.question)}", "", md_text(answer.text), ""]
        for notice in answer.notices:
            out += [f"> ⓘ {md_text(notice)}", ""]
        if answer.citations:
            out += [f"### {t(tl, 'sources') if answer.answerable else t(tl, 'closest')}", ""]
        for c in answer.citations:
            out += [f"**[{c.n}] {md_text(c.title)}**", ""]
            rows = [
                (t(tl, "document"), md_text(c.doc_id or c.title)),
                (t(tl, "nature"), md_text(nature_text(c, tl))),
                (t(tl, "date"), md_text(c.date or "s. d.")
                 + (f" ({md_text(t(tl, 'updated'))} {md_text(c.updated)})" if c.updated else "")),
                (t(tl, "locator"), md_text(c.locator.replace(" > ", " › ") or "—")),
            ]
            if c.source_label:
                rows.append((t(tl, "source"), md_text(c.source_label)))
            rows.append((t(tl, "link"), _md_link(c.source)))
            out += [f"- {name} : {value}" for name, value in rows]
            out += ["", f"{t(tl, 'passage')} :", "", _fence(c.text), ""]
    return "\n".join(out).rstrip() + "\n"


def conversation_json(turns: Iterable[Mapping[str, Any]], title: str = "") -> str:
    """A conversation as JSON: the questions and answers in the shape of ``souverain ask --json``
    (with each citation's offsets in its document)."""
    items = []
    for turn in turns:
        answer = answer_from_dict(turn["answer"])
        data = answer.to_dict()
        for out, c in zip(data["citations"], answer.citations, strict=True):
            out["start"], out["end"] = c.start, c.end
        items.append(data)
    return json.dumps({"title": title, "exported_at": _dt.datetime.now().isoformat(
        timespec="seconds"), "turns": items}, ensure_ascii=False, indent=2)
