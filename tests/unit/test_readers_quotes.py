"""Questions about the readers: whose opinion is quoted, and how (``composer._many_readers``)."""

from __future__ import annotations

from assistant import composer
from assistant.questions import analyze_question
from assistant.retrieval import COMMENTS, Hit
from assistant.sentences import split_sentences
from assistant.shapes import Scored
from index.documents import Chunk


def _comment(n: int, author: str, text: str) -> Hit:
    chunk = Chunk(doc_id="commentaires.md", chunk_no=n, text=text, start=1000 * n,
                  end=1000 * n + len(text), locator=f"Commentaires > {author}", title="C",
                  kind=COMMENTS)
    return Hit(chunk_id=f"c{n}", chunk=chunk, score=1.0, dense=0.5, lexical=1.0, rank=n)


def _scored(hits: list[Hit], scores: dict[tuple[int, int], float]) -> list[Scored]:
    out = [Scored(h, p, s, scores.get((h, p), 0.1), 0.4, 0.5, True, frozenset(), False)
           for h, hit in enumerate(hits) for p, s in enumerate(split_sentences(hit.chunk.text))]
    return sorted(out, key=lambda s: -s.score)


def _part(question: str):
    return analyze_question(question, "fr", lambda term: 1.0, lambda term: True).parts[0]


HITS = [
    _comment(0, "impli", "Les boîtes françaises ne sont pas consultées et la CNIL nous sort "
                         "qu'elles n'ont pas le niveau. Il y a eu du lobbying. C'est une honte… "
                         "La CNIL vient de signer elle-même son aveu d'incompétence."),
    _comment(1, "Droz", "Ça pue la corruption à la CNIL."),
]


def test_a_reader_who_only_reports_the_point_is_also_quoted_judging_it():
    scored = _scored(HITS, {(0, 0): 0.6, (1, 0): 0.5, (0, 3): 0.4})
    quoted = composer._many_readers(scored[:1], scored, HITS, composer.DEFAULT_WEIGHTS, 4,
                                    _part("Que pensent les lecteurs de la CNIL ?"))
    texts = [s.sentence.text for s in quoted]
    # his report and the judgement it goes on in, then his short judgement on the point with
    # the short exclamation leading into it
    assert texts[:4] == [
        "Les boîtes françaises ne sont pas consultées et la CNIL nous sort qu'elles n'ont pas "
        "le niveau.", "Il y a eu du lobbying.", "C'est une honte…",
        "La CNIL vient de signer elle-même son aveu d'incompétence."]
    assert texts[4] == "Ça pue la corruption à la CNIL."


def test_a_reader_is_quoted_by_his_best_sentence_on_the_point_not_his_first():
    scored = _scored(HITS, {(0, 1): 0.6, (1, 0): 0.5, (0, 0): 0.45})
    first = [s for s in scored if (s.hit_index, s.position) == (0, 0)]
    quoted = composer._many_readers(first, scored, HITS, composer.DEFAULT_WEIGHTS, 4,
                                    _part("Les lecteurs parlent-ils de lobbying ?"))
    assert quoted[0].sentence.text == "Il y a eu du lobbying."


def test_who_among_the_readers_is_led_by_the_reader_who_signed():
    scored = _scored(HITS, {(1, 0): 0.6})
    assert composer._readers_lead(scored[:1], HITS, {1: 1}, "Qui parle de corruption ?") \
        == "Droz [1]"


def test_the_lead_names_the_reader_whose_opinion_holds_the_ask_not_one_the_question_names():
    from dataclasses import replace
    scored = _scored(HITS, {(0, 1): 0.6, (1, 0): 0.5})
    lobbying, corruption = scored[0], replace(scored[1], coverage=0.9)
    numbers = {0: 1, 1: 2}
    # the first quoted holds less of what is asked than the second
    assert composer._readers_lead([lobbying, corruption], HITS, numbers,
                                  "Qui parle de corruption ?") == "Droz [2]"
    # « Qui a répondu à Droz ? »: not Droz
    assert composer._readers_lead([lobbying, corruption], HITS, numbers,
                                  "Qui a répondu à Droz ?") == "impli [1]"


def _fiche(texts: list[str]) -> tuple[list[Hit], list[Scored]]:
    text = " ".join(texts)
    chunk = Chunk(doc_id="d.md", chunk_no=0, text=text, start=0, end=len(text), locator="",
                  title="T", kind="fiche")
    hits = [Hit(chunk_id="d:0", chunk=chunk, score=1.0, dense=0.5, lexical=1.0, rank=0)]
    scored = [Scored(0, p, s, 0.8 - 0.05 * p, 0.4, 0.5, True, frozenset(), False, shape=1.0)
              for p, s in enumerate(split_sentences(text))]
    return hits, scored


def test_a_list_whose_quotes_repeat_their_items_gets_the_sentence_naming_others():
    hits, scored = _fiche([
        "La CNIL estime que le risque demeure, en raison du CLOUD Act et du FISA.",
        "La CNIL souligne que le CLOUD Act et le FISA sont extraterritoriaux.",
        "Les requérants invoquaient l'article 702 du FISA, l'Executive Order 12333 et le "
        "Stored Communications Act."])
    quoted = composer._more_items(scored[:2], scored, composer.DEFAULT_WEIGHTS, frozenset())
    assert [s.position for s in quoted] == [0, 1, 2]
    # quotes naming different things are left alone
    hits, scored = _fiche([
        "Le CLOUD Act s'applique à Microsoft.",
        "Le FISA vise les personnes hors des États-Unis.",
        "Les requérants invoquaient l'article 702, l'Executive Order 12333 et le SCA."])
    quoted = composer._more_items(scored[:2], scored, composer.DEFAULT_WEIGHTS, frozenset())
    assert [s.position for s in quoted] == [0, 1]
