"""What the web chat renders: inert text, numbered sources, French messages, kinds."""

from __future__ import annotations

import html
import re

import pytest

from assistant.types import Answer, Citation
from core.errors import (
    EmbeddingError,
    IndexLocked,
    LLMError,
    NotUtf8,
    QuestionError,
    StoreUnavailable,
)
from core.settings import Settings
from ui import render
from ui.messages import MESSAGES, OWN_MESSAGE, UNEXPECTED, french_message

NASTY = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3)) "
    "![img](http://203.0.113.9/p.png) **gras** `code` $$x$$ # titre\n\n```mermaid\nA-->B\n```"
    " &amp; \"guillemets\" 'apostrophe' \x07"
)


def citation(n: int, **changes) -> Citation:
    values = dict(n=n, title=f"Titre {n}", kind="cnil", date="2023-12-21",
                  source="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224",
                  locator="Délibération > Durée", text=f"Passage exact {n}.", score=0.5,
                  doc_id=f"fiches/doc{n}.md")
    values.update(changes)
    return Citation(**values)


def test_escaped_text_has_no_markup_and_reads_back_exactly():
    escaped = render.escape_text(NASTY)

    assert re.sub(r"<br>", "", escaped).count("<") == 0
    assert not re.search(r"[`*_\[\]()#!$&<>\"']", re.sub(r"&#\d+;|<br>", "", escaped))
    assert html.unescape(escaped.replace("<br>", "\n")) == NASTY.replace("\x07", "")


def test_answer_shows_markers_sources_passages_and_mode():
    answer = Answer(
        question="Combien de temps ?", text="« Trois ans. » [1] « Provisoire. » [2]",
        answerable=True, mode="extractive", citations=[citation(1), citation(2)],
        notices=["question comprise comme : durée"],
    )

    out = render.answer_html(answer)

    # In the text, [1] is a clickable marker; on its source card, a plain number.
    assert out.count('<strong class="souverain-marker souverain-cite-1">&#91;1&#93;</strong>') == 1
    assert out.count('<strong class="souverain-marker">&#91;1&#93;</strong>') == 1
    assert out.count('<details class="souverain-source"') == 2
    assert '<blockquote class="souverain-passage"><p>Passage exact 1.</p></blockquote>' in out
    assert 'href="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224"' in out
    assert "Mode extractif" in out and "Note : question comprise comme &#58; durée" in out
    assert "Sources citées" in out and "Autres passages" not in out
    assert "\n\n" not in out  # one HTML block: Markdown leaves it alone


def test_the_lead_comes_first_in_bold_and_unquoted_passages_are_set_apart():
    answer = Answer(
        question="Quand ?", text="21 décembre 2023 [2]\nD'après les documents : « Le 21 décembre "
        "2023. » [2]", answerable=True, mode="extractive", citations=[citation(1), citation(2)],
        lead="21 décembre 2023 [2]",
    )

    out = render.answer_html(answer)

    assert out.index('<p class="souverain-lead"><strong>21 décembre 2023') < out.index(
        'class="souverain-text"')
    assert out.count("21 décembre 2023") == 2  # the lead once, the quote once
    cited, other = out.index("Sources citées"), out.index("Autres passages consultés")
    assert cited < out.index('data-n="2"') < other < out.index('data-n="1"')
    # no symbol a common font lacks (it showed as an empty box)
    assert not re.search(r"[\u2460-\u24ff\u2139]", out)


def test_abstention_says_so_and_lists_the_closest_passages():
    answer = Answer(question="Tarte tatin ?", text="Rien dans les documents.",
                    answerable=False, mode="extractive", citations=[citation(1)])

    out = render.answer_html(answer)

    assert "Pas de réponse dans les documents indexés." in out
    assert "Passages les plus proches" in out and "Sources" not in out


@pytest.mark.parametrize("source", [
    "javascript:alert(1)", "data:text/html,<b>x</b>", "fiches/doc.md", "/etc/passwd",
    "https://exemple.fr/\"onmouseover=alert(1)", "",
])
def test_only_plain_http_links_become_links(source):
    out = render.source_html(citation(1, source=source))

    assert "<a " not in out
    assert "onmouseover=" not in out.replace("onmouseover&#61;", "")


def test_passage_card_shows_headings_without_hashes_and_keeps_the_rest_as_text():
    text = ("## Durée de l'autorisation : trois ans\n\n"
            "La CNIL a limité à trois ans l'autorisation.\nLa presse la dit « provisoire ».\n\n"
            "### <script>alert(1)</script> ###\n"
            "Voir [lien](javascript:alert(3)) et ![img](http://203.0.113.9/p.png) **gras** #1")
    answer = Answer(question="Combien de temps ?", text="« Trois ans. » [1]", answerable=True,
                    mode="extractive", citations=[citation(1, text=text)])

    out = render.answer_html(answer, copy_text=text)
    card = out.split('<blockquote class="souverain-passage">', 1)[1].split("</blockquote>")[0]

    assert card.startswith('<p class="souverain-passage-heading"><strong>Durée de '
                           "l&#39;autorisation &#58; trois ans</strong></p>")
    assert "&#35;" not in card.split("</strong></p>", 2)[1]  # no heading hashes left...
    assert card.count("<p") == 4  # heading, paragraph, heading, paragraph
    assert "l&#39;autorisation.<br>La presse" in card  # a paragraph keeps its lines
    assert "<strong>&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;</strong>" in card
    assert "**" not in card and "<a " not in card and "<img" not in card
    assert "&#42;&#42;gras&#42;&#42; &#35;1" in card  # ...but text is kept as written
    shown = html.unescape(re.sub(r"<[^>]+>", " ", card))
    assert "[lien](javascript:alert(3))" in shown and "![img](http://203.0.113.9/p.png)" in shown
    # What « Copier » copies is the exact passage, Markdown and all.
    copied = html.unescape(out.split('<div class="souverain-copytext">')[1].split("</div>")[0])
    assert copied == text


def test_header_and_table_keep_titles_as_text():
    rows = [{"doc_id": "a.md", "title": "<img src=x onerror=alert(1)>", "kind": "cnil",
             "date": "2023-12-21", "chunks": 3, "indexed_at": "2024-02-01T10:00:00+00:00"},
            {"doc_id": "b.md", "title": "B", "kind": "article", "date": "2024-02-02",
             "chunks": 1, "indexed_at": ""}]

    header = render.header_html(rows)

    assert "<img" not in header
    assert "2 documents indexés" in header
    assert "datés du 2023&#45;12&#45;21 au 2024&#45;02&#45;02" in header
    assert render.document_rows(rows)[0] == [
        "<img src=x onerror=alert(1)>", "Fiche de synthèse Souverain", "CNIL", "2023-12-21", "",
        3, "2024-02-01 10:00", "a.md"]


def _raised(action) -> BaseException:
    """The error ``action`` raises at its real raise site."""
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the error under test
        return exc
    raise AssertionError("no error raised")


def _empty_question():
    from assistant.answering import Assistant

    Assistant(Settings.from_env({})).stream("   ")


def _not_utf8(tmp_path):
    from index.loading import load_document

    path = tmp_path / "x.md"
    path.write_bytes("Données en latin-1 : café".encode("latin-1"))
    load_document(path)


def _locked(tmp_path):
    from index.rebuild import _run_lock

    with _run_lock(tmp_path), _run_lock(tmp_path):
        pass


def _vector_search_fails():
    import numpy as np

    from index import store

    class BrokenCollection:
        def query(self, **kwargs):
            raise RuntimeError("boom")

    store.nearest(BrokenCollection(), np.zeros(4), 3)


def _missing_model(tmp_path):
    from index.embedding import get_embeddings

    get_embeddings(f"st:{tmp_path / 'm'}")


def _server_error():
    from assistant import generative

    class Failing:
        def stream(self, messages):
            raise ConnectionError("HTTP 500 from http://localhost:11434")

    list(generative.stream_generation(Failing(), "q", [], "fr"))


@pytest.mark.parametrize(("make", "cause", "expected"), [
    (lambda tmp: _empty_question(), QuestionError,
     "Posez une question : le texte est vide ou inutilisable."),
    (_not_utf8, NotUtf8,
     "Le texte n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8 puis réessayez."),
    (_locked, IndexLocked, "Une indexation est déjà en cours ; réessayez dans un instant."),
    (lambda tmp: _vector_search_fails(), StoreUnavailable,
     "L'index est indisponible pour le moment ; réessayez ou ré-indexez."),
    (_missing_model, EmbeddingError,
     "Le modèle d'embedding n'a pas pu être chargé ; voir les journaux du serveur."),
    (lambda tmp: _server_error(), LLMError,
     "Le modèle génératif n'a pas répondu correctement ; réessayez plus tard."),
    (lambda tmp: _raised_unexpected(), RuntimeError, UNEXPECTED),
])
def test_errors_become_short_french_messages(tmp_path, make, cause, expected):
    error = _raised(lambda: make(tmp_path))
    assert type(error) is cause
    assert french_message(error) == expected


def _raised_unexpected():
    raise RuntimeError("Traceback (most recent call last): ...")


def test_every_error_class_has_a_message():
    import core.errors as errors

    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.SouverainError)]
    missing = [c.__name__ for c in classes
               if c is not errors.SouverainError and c not in MESSAGES
               and not issubclass(c, OWN_MESSAGE)]
    assert missing == []


@pytest.mark.parametrize(("selected", "comments", "expected"), [
    (["article", "cnil", "anssi", "fiche", "texte-officiel", "autres"], False, None),
    (["anssi"], False, ["anssi"]),
    (["cnil", "autres"], False, ["cnil", "document", "rapport"]),
    (["anssi"], True, ["anssi", "commentaires"]),
    (["article", "cnil", "anssi", "fiche", "texte-officiel", "autres"], True,
     ["article", "cnil", "anssi", "fiche", "texte-officiel", "document", "rapport",
      "commentaires"]),
])
def test_kind_choices_map_to_answer_kinds(selected, comments, expected):
    from ui.app import resolve_kinds

    indexed = {"article", "cnil", "fiche", "commentaires", "rapport"}
    assert resolve_kinds(selected, comments, indexed) == expected


def test_generative_answers_name_their_mode_and_model():
    answer = Answer(question="q", text="Trois ans [1].", answerable=True, mode="llm",
                    citations=[citation(1)])

    out = render.answer_html(answer, model="ollama:mistral")

    assert "Mode génératif &#58; rédigé par le modèle ollama&#58;mistral" in out


def test_streaming_draft_is_escaped_greyed_and_labelled_unverified():
    draft = "Paris est en <script>alert(1)</script> [2]"

    out = render.streaming_html("Trois ans [1].", draft)

    verified, _, rest = out.partition('<span class="souverain-draft-label"')
    assert '<strong class="souverain-marker souverain-cite-1">&#91;1&#93;</strong>' in verified
    assert "<script" not in out and "Paris" not in verified
    assert f'title="{render.DRAFT_TITLE}"' in rest and ">non vérifié</span>" in rest
    assert render.DRAFT_TITLE == ("texte provisoire : vérifié phrase par phrase contre les "
                                  "passages cités")
    shown = re.search(r'<span class="souverain-draft">(.*?)</span>', rest).group(1)
    assert shown == render.escape_text(draft)  # escaped like any text; its [2] is not a marker
    assert html.unescape(shown) == draft
    assert "souverain-draft" not in render.streaming_html("Trois ans [1].")
    assert "souverain-draft" not in render.streaming_html("Trois ans [1].", " ")

    final = render.answer_html(Answer(question="q", text="Trois ans [1].", answerable=True,
                                      mode="llm", citations=[citation(1)]))
    assert "souverain-draft" not in final and "non vérifié" not in final
