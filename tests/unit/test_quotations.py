"""A quotation running over several sentences is quoted whole, with its attribution."""

from __future__ import annotations

from assistant.quotations import whole
from assistant.sentences import split_sentences
from assistant.shapes import Scored

TEXT = ("Leviia réagit. « Ce que nous pouvons dire : la France n'est pas capable d'héberger ses "
        "données. Et nous parlons bien de la France », s'emporte le cofondateur de Leviia. "
        "La CNIL a autorisé Microsoft.")


def _scored(text: str) -> list[Scored]:
    return [Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
            for i, s in enumerate(split_sentences(text))]


def _place(item: Scored) -> tuple[str, int]:
    return ("doc", item.sentence.start)


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
