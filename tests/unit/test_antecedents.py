"""A quoted sentence that points back is quoted with the one it points to; a question about one
numbered article is not answered about another."""

from __future__ import annotations

import pytest

from assistant.antecedents import goes_on, points_back, with_antecedents
from assistant.numbered import about_asked_articles, articles, versions
from assistant.sentences import split_sentences
from assistant.shapes import Scored


def _scored(text: str) -> list[Scored]:
    return [Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
            for i, s in enumerate(split_sentences(text))]


@pytest.mark.parametrize("sentence, back", [
    ("Il exige un hébergeur qualifié SecNumCloud.", True),
    ("Ces droits s'exercent auprès de son délégué.", True),
    ("Selon la CNIL, ces lois américaines peuvent permettre un accès.", True),
    ("Parmi ces exigences, le référentiel impose un hébergement dans l'EEE.", True),
    ("Et nous parlons bien de la France, car il s'agit de données gérées par le GIP.", True),
    ("Ce que recouvrent ces données n'est pas précisé.", False),
    ("Ce qui est établi : le contrat date d'avril 2020.", False),
    ("La CNIL a limité l'autorisation à trois ans.", False),
])
def test_what_points_back(sentence, back):
    assert points_back(sentence) is back


def test_a_demonstrative_early_on_goes_on_with_the_sentence_before():
    assert goes_on("Selon la CNIL, aucune offre ne pouvait répondre à ces exigences à temps.")
    assert not goes_on("La CNIL a repris la conclusion de la mission d'expertise.")


def test_the_sentence_pointed_to_is_quoted_right_before():
    scored = _scored("Le communiqué de février 2026 est signé par trois ministres. "
                     "Il exige un hébergeur qualifié SecNumCloud.")
    quoted = with_antecedents([scored[1]], scored)
    assert [s.position for s in quoted] == [0, 1]
    # quoted once, not twice
    assert [s.position for s in with_antecedents(scored, scored)] == [0, 1]


def test_the_sentence_going_on_is_quoted_after_the_first_one_when_asked():
    scored = _scored("L'article 32 réécrit le IV de l'article L. 1111-8. "
                     "Selon ce texte, un décret précise les obligations de stockage.")
    assert [s.position for s in with_antecedents([scored[0]], scored)] == [0]
    assert [s.position for s in with_antecedents([scored[0]], scored, continued=True)] == [0, 1]


def test_article_numbers():
    assert articles("Les articles 31 et 32 de la loi SREN") == {"31", "32"}
    assert articles("articles 44-3° et 66-III") == {"44-3", "66-iii"}
    assert articles("l'article 19.6 du référentiel") == {"19.6"}
    assert articles("Le CLOUD Act") == frozenset()


def test_another_article_s_sentence_is_not_quoted():
    scored = _scored("L'article 32 réécrit le IV de l'article L. 1111-8. "
                     "L'article 31 s'applique aux administrations de l'État. "
                     "La loi SREN a été promulguée le 21 mai 2024.")
    kept = about_asked_articles("et son article 32 il dit quoi ?", scored)
    assert [s.position for s in kept] == [0, 2]
    # nothing about the asked article: nothing is dropped
    assert len(about_asked_articles("et l'article 12 ?", scored[1:2])) == 1


def test_a_question_about_one_version_is_not_answered_about_another():
    assert versions("What did SecNumCloud 3.2 change, versus versions 3.0 et 3.1?") == {
        "3.2", "3.0", "3.1"}
    scored = _scored("La version 3.1 prend en compte le RGPD. La v3.2.a a été soumise aux "
                     "commentaires. La version 3.2 impose une immunité aux droits "
                     "extraterritoriaux. Le référentiel est conçu sans présupposé technologique.")
    kept = about_asked_articles("Qu'a changé la version 3.2 ?", scored)
    assert [s.position for s in kept] == [1, 2, 3]  # its draft (3.2.a) and unnumbered ones stay
