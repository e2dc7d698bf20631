"""« Où en est … ? »: the newest steps, then the outcome the documents say is not known
(``status.with_unknown_outcome``)."""

from __future__ import annotations

from assistant.answerability import states_unknown
from assistant.sentences import split_sentences
from assistant.shapes import Scored
from assistant.status import known_until, with_unknown_outcome

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


LOST = ("Selon la presse, la Chambre a rejeté le 12 juin 2026 une nouvelle prolongation. "
        "Le sort de la section 702 après juin 2026 n'a pas été trouvé. "
        "L'issue du pourvoi n'a pas été trouvée.")


def _lost(entities: float = 1.0) -> list[Scored]:
    known, after, issue = split_sentences(LOST)
    return [Scored(0, 1, after, 0.9, 0.4, 0.5, True, frozenset(), True),
            Scored(0, 2, issue, 0.85, 0.4, 0.5, True, frozenset(), True),
            Scored(0, 0, known, 0.8, 0.4, 0.5, True, frozenset(), False,
                   entities=entities)]


def test_a_matter_lost_track_of_after_a_date_stands_where_it_was_last_known():
    items = _lost()
    assert [s.position for s in known_until(items, 0.5)] == [0, 1, 2]


def test_an_unknown_not_bounded_by_a_date_or_a_statement_without_the_names_stays_first():
    items = _lost()
    assert known_until(items[1:], 0.5) == items[1:]  # « L'issue … n'a pas été trouvée »
    assert known_until(_lost(entities=0.0), 0.5)[0].not_found


def test_a_caveat_on_a_figure_s_source_does_not_say_it_is_unknown():
    assert not states_unknown("la plateforme devait centraliser les donnees d'environ 67 millions "
                              "de francais ; ce chiffre n'a pas ete trouve dans une source "
                              "officielle.")
    assert states_unknown("le nom du prestataire retenu n'a pas ete trouve.")
