"""« Où en est … ? »: the newest steps, then the outcome the documents say is not known
(``status.with_unknown_outcome``)."""

from __future__ import annotations

from assistant.answerability import states_unknown
from assistant.sentences import split_sentences
from assistant.shapes import Scored
from assistant.status import with_unknown_outcome

TEXT = ("La nouvelle procédure s'est ouverte le 9 février 2026 dans le cadre du marché « Nuage "
        "public » de l'UGAP. Les devis étaient attendus jusqu'au 30 mars 2026. Le communiqué "
        "est signé par trois ministres. L'issue de la procédure est inconnue à la date de mise "
        "à jour de cette fiche. La durée de conservation des données est inconnue.")


def _items(scores: list[float]) -> list[Scored]:
    return [Scored(0, i, s, score, 0.4, 0.5, True, frozenset(), False)
            for i, (s, score) in enumerate(zip(split_sentences(TEXT), scores, strict=True))]


def test_the_unknown_outcome_closes_the_steps_in_place_of_the_last_one():
    items = _items([0.9, 0.85, 0.8, 0.75, 0.74])
    quoted = with_unknown_outcome(items[:3], sorted(items, key=lambda s: -s.score),
                                  states_unknown)
    assert [s.position for s in quoted] == [0, 1, 3]


def test_an_unknown_far_from_the_question_or_not_an_outcome_is_not_added():
    items = _items([0.9, 0.85, 0.8, 0.5, 0.74])  # the outcome scores too low; the other unknown
    quoted = with_unknown_outcome(items[:2], items, states_unknown)  # is no outcome
    assert quoted == items[:2]
