"""The document viewer: a document as a page, the cited passage highlighted, and under each
block of text the sources it was written from (taken out of the text at load time)."""

from __future__ import annotations

import html
import re

from ui import viewer

FICHE = """---
title: Fiche d'essai
kind: fiche
date: 2024-02-01
---
# Fiche d'essai

## Durée

La CNIL a limité à trois ans l'autorisation d'héberger l'entrepôt.
Source : CNIL, délibération n° 2023-146, 21 décembre 2023, primaire — https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224
Source : Presse <b>gras</b>, 2 février 2024, secondaire — https://example.org/article?a=1&b=<2>

La presse qualifie cette autorisation de provisoire.
Source : Blog <script>alert(1)</script>, s. d., secondaire — javascript:alert(2)

## Suite

Un paragraphe sans source.
"""


def _view(make_corpus, tmp_settings, passage: str = "", lang: str = "fr") -> str:
    settings = tmp_settings(make_corpus({"fiches/essai.md": FICHE}))
    from index.loading import load_document

    text = load_document(settings.corpus_dir / "fiches/essai.md", "fiches/essai.md").text
    start = text.find(passage) if passage else -1
    return viewer.document_html(settings, "fiches/essai.md", start=start,
                                end=start + len(passage) if passage else -1, passage=passage,
                                lang=lang)


def _blocks(out: str) -> list[str]:
    body = out.split('<div class="souverain-doc-body">', 1)[1]
    return re.findall(r"<(?:h\d|p)[^>]*>.*?</(?:h\d|p)>", body, flags=re.S)


def test_each_block_is_followed_by_its_sources_label_and_link(make_corpus, tmp_settings):
    out = _view(make_corpus, tmp_settings, "trois ans l'autorisation")
    blocks = _blocks(out)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks]

    first = next(i for i, t in enumerate(texts) if t.startswith("La CNIL a limité"))
    assert blocks[first + 1].startswith('<p class="souverain-block-source">')
    assert texts[first + 1] == (
        "Source : CNIL, délibération n° 2023-146, 21 décembre 2023, primaire · "
        "www.legifrance.gouv.fr ↗"
        "Source : Presse <b>gras</b>, 2 février 2024, secondaire")  # <2> is no plain URL
    assert ('<a href="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224" '
            in blocks[first + 1])
    assert 'rel="noopener noreferrer nofollow"' in blocks[first + 1]
    assert blocks[first + 1].count("<a ") == 1 and "<b>" not in blocks[first + 1]
    # a javascript: URL makes no source line: it stays in the document's text, as text
    assert texts[first + 2] == ("La presse qualifie cette autorisation de provisoire.\n"
                                "Source : Blog <script>alert(1)</script>, s. d., secondaire — "
                                "javascript:alert(2)")
    assert "<script" not in out and "javascript:alert(2)" not in re.findall(r'href="([^"]*)"', out)
    assert texts[-1] == "Un paragraphe sans source."
    assert sum("souverain-block-source" in b for b in blocks) == 1
    # the passage is still highlighted, not the sources
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", out)
    assert html.unescape("".join(marked)) == "trois ans l'autorisation"


def test_a_document_opened_from_the_list_shows_its_sources_too(make_corpus, tmp_settings):
    out = _view(make_corpus, tmp_settings, lang="en")

    assert out.count('class="souverain-block-source"') == 1 and "<mark" not in out
    assert "Source : CNIL" in html.unescape(out)
