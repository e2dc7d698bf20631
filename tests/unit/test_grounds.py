"""A why-answer quoting a ruling or announcing reasons goes on with the grounds told after it."""

from __future__ import annotations

from dataclasses import replace

from candidates import place as _place
from candidates import scored as _scored

from assistant.grounds import claim_refuted, with_grounds_told


def test_a_ruling_goes_on_with_what_the_judge_found():
    scored = _scored(
        "Le juge des référés a rejeté la demande de suspension le 22 mars 2024. "
        "L'ordonnance porte le n° 492369. "
        "Le juge des référés a estimé que la condition d'urgence n'était pas remplie. "
        "Le juge a jugé « hypothétique » le risque d'accès aux données.")
    quoted = with_grounds_told([scored[0]], scored, _place)
    assert [s.position for s in quoted] == [0, 2, 3]


def test_a_sentence_announcing_reasons_is_followed_by_them():
    scored = _scored(
        "Selon la presse, le Conseil d'État a retenu plusieurs motifs pour valider l'hébergement. "
        "Le Conseil d'État relève les pseudonymisations multiples des données. "
        "Le Conseil d'État souligne que l'autorisation limitée à trois ans permet de réévaluer.")
    assert [s.position for s in with_grounds_told([scored[0]], scored, _place)] == [0, 1, 2]


def test_a_ruling_quoted_with_its_reason_already_is_left_alone():
    scored = _scored(
        "Le Conseil d'État a rejeté le recours, car le risque restait hypothétique. "
        "Le Conseil d'État a jugé que l'urgence n'était pas établie.")
    assert with_grounds_told([scored[0]], scored, _place) == [scored[0]]
    # nor is a sentence that is no ruling
    other = _scored("La CNIL a publié sa délibération. Elle a estimé le risque faible.")
    assert with_grounds_told([other[0]], other, _place) == [other[0]]


MOTIFS = ("Selon la presse, le Conseil d'État a retenu plusieurs motifs pour valider l'hébergement. "
          "Le Conseil d'État relève les pseudonymisations multiples des données. "
          "Le Conseil d'État relève que seules des données techniques peuvent être transférées. "
          "Le Conseil d'État souligne que l'autorisation limitée à trois ans permet de réévaluer.")


def test_a_series_of_announced_grounds_quoted_in_part_is_quoted_whole():
    scored = _scored(MOTIFS)
    quoted = with_grounds_told([scored[1], scored[2]], scored, _place)
    assert [s.position for s in quoted] == [1, 2, 3]
    # not when the answer opens with something else: the series is then a side remark
    other = _scored("La CNIL a autorisé EMC2 pour trois ans. " + MOTIFS)
    assert [s.position for s in with_grounds_told([other[0], other[2]], other, _place)] == [0, 2]


def test_why_a_claim_is_wrong_is_answered_by_the_sentence_refuting_it():
    scored = _scored(
        "Le titre de Clubic affirme que Microsoft stockera toutes les données de santé des "
        "Français. Les sources décrivent un périmètre bien plus étroit. EMC2 est alimenté par "
        "quatre établissements.\n\nLa finalité est la pharmaco-épidémiologie.",
        scores={0: 0.9, 1: 0.3, 2: 0.2, 3: 0.1})
    question = "Pourquoi le titre de Clubic est-il exagéré ?"
    quoted = claim_refuted(question, [scored[0]], scored, _place)
    assert [s.position for s in quoted] == [1, 2]  # its paragraph, not the next one
    # a question that doubts nothing keeps its answer
    assert claim_refuted("Pourquoi Clubic écrit-il cela ?", [scored[0]], scored,
                         _place) == [scored[0]]


def test_a_refutation_ends_on_the_conclusion_its_section_draws():
    scored = _scored(
        "Le titre de Clubic affirme que Microsoft stockera toutes les données. Les sources "
        "décrivent un périmètre bien plus étroit. EMC2 est alimenté par quatre établissements."
        "\n\nLe nombre de patients n'a pas été trouvé.\n\nLa copie intégrale n'a jamais été "
        "autorisée. Le titre de Clubic décrit donc l'ambition initiale.",
        scores={0: 0.9, 1: 0.3, 2: 0.2, 3: 0.1, 4: 0.1, 5: 0.1})
    question = "Pourquoi le titre de Clubic est-il exagéré ?"
    quoted = claim_refuted(question, [scored[0]], scored, _place, section=lambda s: "§")
    assert [s.position for s in quoted] == [1, 2, 4, 5]
    # another section's conclusion is not this one's
    other = claim_refuted(question, [scored[0]], scored, _place,
                          section=lambda s: "a" if s.position < 3 else "b")
    assert [s.position for s in other] == [1, 2]


def test_how_it_ended_counts_reasons_by_their_words_not_by_the_asked_shape():
    scored = _scored(
        "Le juge des référés a rejeté la demande de suspension le 22 mars 2024. "
        "L'ordonnance porte le n° 492369. "
        "Le juge des référés a estimé que la condition d'urgence n'était pas remplie.")
    shaped = [replace(s, shape=1.0) for s in scored]  # the outcome's shape, not a reason
    assert [s.position for s in with_grounds_told(shaped[:2], shaped, _place)] == [0, 1]
    quoted = with_grounds_told(shaped[:2], shaped, _place, asked_why=False)
    assert [s.position for s in quoted] == [0, 2, 1]
