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


def test_the_term_goes_on_doing_things_until_a_sentence_goes_on_about_them():
    text = ("Le CLOUD Act est une loi dont le nom complet est « Clarifying Lawful Overseas Use "
            "of Data Act ». Le CLOUD Act modifie principalement le Stored Communications Act. "
            "Le CLOUD Act permet aux autorités d'obliger les entreprises à fournir des données. "
            "Cette obligation du CLOUD Act s'applique aussi à l'étranger. Le CLOUD Act permet au "
            "fournisseur de contester une demande.")
    items = [Scored(0, i, s, 1.0 - i / 10, 0.4, 0.5, True, frozenset(), False)
             for i, s in enumerate(split_sentences(text))]
    quoted = with_effect(items[:1], items, frozenset(analyze("CLOUD Act")), _place)
    assert [s.position for s in quoted] == [0, 1, 2, 3]


def test_what_a_term_requires_is_where_the_term_requires_it():
    from assistant.effects import doing

    text = ("Le référentiel HDS n'exige pas SecNumCloud. Le décret ne reprend pas les exigences "
            "de SecNumCloud. Le référentiel SecNumCloud impose de traiter les données dans "
            "l'Union européenne. Il exige un hébergeur qualifié SecNumCloud.")
    items = [Scored(0, i, s, 1.0 - i / 10, 0.4, 0.5, True, frozenset(), False)
             for i, s in enumerate(split_sentences(text))]
    p = [0.4, 0.3, 0.1, 0.2]
    quoted = doing("What does SecNumCloud require?", items[:2], items, p)
    assert [s.position for s in quoted] == [2]
    # « Il exige … SecNumCloud »: the term is not the one requiring
    assert doing("Qu'impose SecNumCloud ?", items[3:], items, p)[0].position == 2
    # another question is left alone
    assert doing("Qu'est-ce que SecNumCloud ?", items[:2], items, p) == items[:2]
