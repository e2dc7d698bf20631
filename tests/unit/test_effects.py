"""A definition quoting only a term's name goes on with what the term does
(``effects.with_effect``)."""

from __future__ import annotations

from assistant.effects import with_effect
from assistant.sentences import split_sentences
from assistant.shapes import Scored
from core.text import analyze

TEXT = ("Le CLOUD Act est une loi des États-Unis dont le nom complet est « Clarifying Lawful "
        "Overseas Use of Data Act ». Le CLOUD Act a été adopté au sein de la loi de crédits "
        "consolidés de 2018. Le CLOUD Act permet aux autorités fédérales américaines d'obliger "
        "les entreprises technologiques américaines à fournir des données. Cette obligation du "
        "CLOUD Act s'applique que les données soient stockées aux États-Unis ou à l'étranger. "
        "Le CLOUD Act permet au fournisseur de contester une demande.")


def _items() -> list[Scored]:
    return [Scored(0, i, s, 1.0 - i / 10, 0.4, 0.5, True, frozenset(), False)
            for i, s in enumerate(split_sentences(TEXT))]


def _place(item: Scored) -> tuple[str, int]:
    return ("contexte-juridique.md", item.sentence.start)


def test_the_name_goes_on_with_the_first_thing_the_term_does_and_what_follows_it():
    items = _items()
    quoted = with_effect(items[:2], items, frozenset(analyze("CLOUD Act")), _place)
    assert [s.position for s in quoted] == [0, 2, 3]  # the history sentence (1) gives way


def test_a_definition_already_telling_what_the_term_does_is_left_alone():
    items = _items()
    assert with_effect([items[0], items[2]], items, frozenset(analyze("CLOUD Act")),
                       _place) == [items[0], items[2]]


def test_the_name_of_another_term_is_left_alone():
    items = _items()
    assert with_effect(items[:2], items, frozenset(analyze("loi OTSS")), _place) == items[:2]
