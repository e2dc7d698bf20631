"""A hand-set choice (a follow-up's sequel, one sentence per reader) gives way to the sentence
the learned scorer is sure of (``composer._sure_first``)."""

from __future__ import annotations

from assistant.composer import _sure_first
from assistant.sentences import split_sentences
from assistant.shapes import Scored

TEXT = ("Fin décembre 2021, le Health Data Hub a retiré sa demande d'autorisation. "
        "Le retrait a été rendu public le 7 janvier 2022 par le collectif InterHop. "
        "Selon la directrice Stéphanie Combes, le retrait était temporaire.")


def _items() -> list[Scored]:
    return [Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
            for i, s in enumerate(split_sentences(TEXT))]


def test_the_sure_sentence_leads_in_place_of_the_last_one():
    items = _items()
    chosen = _sure_first(items[:2], items, [0.02, 0.07, 0.74])
    assert [s.position for s in chosen] == [2, 0]


def test_an_unsure_scorer_or_a_sentence_already_quoted_leaves_the_choice_alone():
    items = _items()
    assert _sure_first(items[:2], items, [0.1, 0.2, 0.4]) == items[:2]
    assert _sure_first(items[:2], items, [0.7, 0.1, 0.2]) == items[:2]


def test_a_single_sentence_is_kept_after_the_sure_one():
    items = _items()
    assert [s.position for s in _sure_first(items[:1], items, [0.1, 0.1, 0.8])] == [2, 0]
