"""How long an answer may grow: what is dropped past the budget, and what is always kept."""

from __future__ import annotations

from assistant import brevity
from assistant.sentences import split_sentences
from assistant.shapes import Scored


def _items(texts: list[str], scores: list[float], matched: list[set[int]],
           shapes: list[float] | None = None) -> list[Scored]:
    sentences = split_sentences(" ".join(texts))
    assert len(sentences) == len(texts)
    shapes = shapes or [0.0] * len(texts)
    return [Scored(0, i, s, scores[i], 0.4, 0.5, False, frozenset(matched[i]), False,
                   shape=shapes[i]) for i, s in enumerate(sentences)]


def _no_names(item: Scored, known: frozenset[str]) -> int:
    return 0


def test_a_sentence_adding_nothing_asked_is_dropped_past_the_budget():
    items = _items([
        "La CNIL a limité à trois ans l'autorisation d'héberger l'entrepôt EMC2 chez Microsoft.",
        "Cette source est une page de cabinet d'avocats servie depuis une adresse technique.",
        "La presse qualifie de provisoire cette autorisation d'hébergement de trois ans.",
    ], [0.9, 0.5, 0.6], [{0, 1}, {1}, {0}])
    short = brevity.within(items, 200, "other", _no_names)
    assert [s.sentence.text for s in short] == [items[0].sentence.text, items[2].sentence.text]
    # within the budget, nothing is dropped
    assert brevity.within(items, 1000, "other", _no_names) == items


def test_what_the_answer_needs_is_kept():
    texts = [
        "Le Health Data Hub a retiré sa demande d'autorisation à la CNIL fin décembre 2021.",
        "Le retrait de la demande a été rendu public le 7 janvier 2022 par le collectif.",
    ]
    # a term of the question only it holds
    items = _items(texts, [0.9, 0.5], [{0}, {1}])
    assert len(brevity.within(items, 50, "other", _no_names)) == 2
    # the answer's shape
    items = _items(texts, [0.9, 0.5], [{0}, {0}], [0.0, 1.0])
    assert len(brevity.within(items, 50, "other", _no_names)) == 2
    # a name, a figure or a date the others and the question do not give
    items = _items(texts, [0.9, 0.5], [{0}, {0}])
    assert len(brevity.within(items, 50, "other", lambda s, known: 1)) == 2
    # a subject the question names
    assert len(brevity.within(items, 50, "other", _no_names, about=lambda s: True)) == 2
    # grounds or an aim, for a why question
    items = _items(["La CNIL a limité l'autorisation à trois ans.",
                    "L'objectif annoncé était de laisser le temps aux prestataires européens."],
                   [0.9, 0.5], [{0}, {0}])
    assert len(brevity.within(items, 50, "why", _no_names)) == 2
    assert len(brevity.within(items, 50, "other", _no_names)) == 1


def test_a_cut_sentence_next_to_its_whole_form_is_quoted_once():
    whole = "Vincent Strubel a déclaré : « La qualification n'est ni arbitraire ni politique »."
    items = _items(["Le directeur général de l'ANSSI a fait une mise au point sur S3NS.", whole],
                   [0.9, 0.8], [{0}, {0}])
    cut = Scored(1, 5, split_sentences("Vincent Strubel a déclaré :")[0], 0.7, 0.4, 0.5, False,
                 frozenset({0}), False)
    assert brevity.uncut(items + [cut]) == items


def test_the_same_statement_twice_is_quoted_once_unless_a_figure_differs():
    items = _items([
        "L'arrêt Schrems II a été rendu par la CJUE le 16 juillet 2020.",
        "Le 16 juillet 2020, la CJUE a rendu l'arrêt Schrems II.",
    ], [0.9, 0.8], [{0}, {0}])
    assert brevity.restated(items) == items[:1]
    items = _items([
        "Le capital ne doit pas être détenu à plus de 24 % par une entité non européenne.",
        "Le capital ne doit pas être détenu à plus de 39 % par des entités non européennes.",
    ], [0.9, 0.8], [{0}, {0}])
    assert brevity.restated(items) == items


def test_under_a_value_lead_two_sentences_are_quoted():
    items = _items([
        "La CNIL a limité à trois ans l'autorisation d'héberger l'entrepôt EMC2.",
        "La presse qualifie de provisoire cette autorisation.",
        "Selon la presse, la durée de trois ans doit laisser le temps aux prestataires.",
    ], [0.9, 0.6, 0.5], [{0}, {0}, {0}])
    assert brevity.led(items, "trois ans [1]") == items[:2]
    # the sentence the value was read from stays
    assert brevity.led([items[1], items[0]], "trois ans [1]") == [items[1], items[0]]
    assert brevity.led(items[1:] + items[:1], "trois ans [1]") == [items[1], items[2]]
    # a lead read from none of them changes nothing
    assert brevity.led(items, "Ronald Reagan [1]") == items
