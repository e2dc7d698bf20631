"""Two asks in one turn: a single quoted sentence is completed (``assistant.asks``)."""

from __future__ import annotations

import pytest

from assistant.asks import asks_two, completed
from assistant.sentences import split_sentences
from assistant.shapes import Scored


@pytest.mark.parametrize("question", [
    "comment marchait l'aide publique ? combien max et pour quel type d'offres",
    "L'EUCS, l'ENISA le prépare dans quel cadre et pour quoi faire ?",
    "La section 702, elle est autorisée comment ? au cas par cas par un juge ?",
    "What is the CLOUD Act and what does it allow?",
])
def test_two_asks(question):
    assert asks_two(question)


@pytest.mark.parametrize("question", [
    "Qui a autorisé EMC2 ?",
    "je suis suivie au centre léon bérard, je contacte qui pour mes données ?",
    "When did the CNIL decide?",
])
def test_one_ask(question):
    assert not asks_two(question)


def _items(text: str) -> list[Scored]:
    return [Scored(0, i, s, 0.5, 0.4, 0.5, True, frozenset(), False)
            for i, s in enumerate(split_sentences(text))]


def test_a_single_quote_is_completed_by_the_hand_set_runner_up():
    items = _items("L'aide pouvait atteindre 180 000 euros par PME. "
                   "Le dispositif visait les offres SaaS ou PaaS.")
    question = "L'aide, combien max et pour quel type d'offres ?"
    assert completed(question, items[:1], items) == items
    assert completed("Combien l'aide pouvait-elle atteindre ?", items[:1], items) == items[:1]
    assert completed(question, items, items) == items  # already more than one sentence
