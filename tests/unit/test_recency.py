"""« Où en est… »: the passages stating the newest dates weigh more (``shapes.recency_prior``)."""

from __future__ import annotations

from assistant.shapes import recency_prior, statement_date
from core.text import fold


def test_the_newest_passage_gains_most_and_undated_ones_nothing():
    texts = ["En 2019, le gouvernement a confié l'hébergement à Microsoft Azure.",
             "La nouvelle procédure s'est ouverte le lundi 9 février 2026.",
             "Le Health Data Hub est une plateforme publique.",
             "Le 25 juin 2025, le Conseil d'État a rejeté le recours."]
    factors = recency_prior(texts, weight=1.0)
    assert factors == [1.0, 2.0, 1.0, 1.5]


def test_an_aim_is_not_a_state_reached():
    texts = ["Bleu visait la qualification au premier semestre 2027.",
             "Bleu a validé le jalon J1 le 17 novembre 2025.",
             "Bleu a obtenu le jalon J0 le 17 avril 2025."]
    factors = recency_prior(texts, weight=1.0)
    assert factors[1] == max(factors) and factors[0] == 1.0


def test_fewer_than_two_dates_weigh_nothing():
    assert recency_prior(["Sans date.", "En mars 2024, la loi a été adoptée."]) == [1.0, 1.0]


def test_a_date_announced_for_later_is_not_the_state_reached():
    # « annonce l'attribution du marché pour fin mars 2026 » is a plan, not a step taken
    texts = ["Il exige un hébergeur qualifié et annonce l'attribution du marché pour fin mars 2026.",
             "La nouvelle procédure s'est ouverte le lundi 9 février 2026.",
             "Il vise une bascule pour mi-2027."]
    assert [statement_date(fold(t)) for t in texts] == [(0, 0, 0), (2026, 2, 9), (0, 0, 0)]


def test_where_something_stands_ends_on_where_it_started():
    from dataclasses import replace

    from candidates import scored

    from assistant.composer import _with_first_step

    items = scored("Bleu a obtenu le jalon J0 le 17 avril 2025. Bleu a validé le jalon J1 le 17 "
                   "novembre 2025. Bleu ne figurait pas au catalogue en septembre 2026.",
                   scores={0: 0.8, 1: 0.7, 2: 0.6})
    items = [replace(s, newest=date) for s, date in
             zip(items, [(2025, 4, 17), (2025, 11, 17), (2026, 9, 0)], strict=True)]
    quoted = [items[2], items[1]]
    out = _with_first_step(quoted, items, 5, 3, lambda s: ("doc", "§"))
    assert out == [items[2], items[1], items[0]]
    # not when it matches the question less than the steps quoted, nor from another section
    weaker = [replace(items[0], score=0.5)] + items[1:]
    assert _with_first_step(quoted, weaker, 5, 3, lambda s: ("doc", "§")) == quoted
    assert _with_first_step(quoted, items, 5, 3, lambda s: ("doc", str(s.position))) == quoted
