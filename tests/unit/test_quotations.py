"""A quotation running over several sentences is quoted whole, with its attribution."""

from __future__ import annotations

from candidates import place as _place
from candidates import scored as _scored

from assistant.quotations import whole

TEXT = ("Leviia réagit. « Ce que nous pouvons dire : la France n'est pas capable d'héberger ses "
        "données. Et nous parlons bien de la France », s'emporte le cofondateur de Leviia. "
        "La CNIL a autorisé Microsoft.")


def test_a_quotation_opened_goes_on_to_the_sentence_closing_it():
    scored = _scored(TEXT)
    assert [s.position for s in whole([scored[1]], scored, _place)] == [1, 2]


def test_a_quotation_closed_goes_back_to_the_sentence_opening_it():
    scored = _scored(TEXT)
    assert [s.position for s in whole([scored[2], scored[3]], scored, _place)] == [1, 2, 3]
    # quoted once when both halves were chosen
    assert [s.position for s in whole([scored[1], scored[2]], scored, _place)] == [1, 2]


def test_sentences_without_an_open_quotation_are_left_alone():
    scored = _scored(TEXT)
    assert whole([scored[0], scored[3]], scored, _place) == [scored[0], scored[3]]
    # a quotation whose end the passages do not hold stays as it is
    cut = _scored("« Ce que nous pouvons dire : la France n'est pas capable d'héberger ses "
                  "données.")
    assert whole(cut, cut, _place) == cut
