"""A why-answer quoting a ruling or announcing reasons goes on with the grounds told after it."""

from __future__ import annotations

from assistant.grounds import with_grounds_told
from assistant.sentences import split_sentences
from assistant.shapes import Scored


def _scored(text: str) -> list[Scored]:
    return [Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
            for i, s in enumerate(split_sentences(text))]


def test_a_ruling_goes_on_with_what_the_judge_found():
    scored = _scored(
        "Le juge des référés a rejeté la demande de suspension le 22 mars 2024. "
        "L'ordonnance porte le n° 492369. "
        "Le juge des référés a estimé que la condition d'urgence n'était pas remplie. "
        "Le juge a jugé « hypothétique » le risque d'accès aux données.")
    quoted = with_grounds_told([scored[0]], scored)
    assert [s.position for s in quoted] == [0, 2, 3]


def test_a_sentence_announcing_reasons_is_followed_by_them():
    scored = _scored(
        "Selon la presse, le Conseil d'État a retenu plusieurs motifs pour valider l'hébergement. "
        "Le Conseil d'État relève les pseudonymisations multiples des données. "
        "Le Conseil d'État souligne que l'autorisation limitée à trois ans permet de réévaluer.")
    assert [s.position for s in with_grounds_told([scored[0]], scored)] == [0, 1, 2]


def test_a_ruling_quoted_with_its_reason_already_is_left_alone():
    scored = _scored(
        "Le Conseil d'État a rejeté le recours, car le risque restait hypothétique. "
        "Le Conseil d'État a jugé que l'urgence n'était pas établie.")
    assert with_grounds_told([scored[0]], scored) == [scored[0]]
    # nor is a sentence that is no ruling
    other = _scored("La CNIL a publié sa délibération. Elle a estimé le risque faible.")
    assert with_grounds_told([other[0]], other) == [other[0]]
