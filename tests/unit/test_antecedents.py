"""A quoted sentence that points back is quoted with the one it points to; a question about one
numbered article is not answered about another."""

from __future__ import annotations

import pytest
from candidates import place as _place
from candidates import scored as _scored

from assistant.antecedents import (
    adds_to,
    asks_change,
    continues,
    details_count,
    goes_on,
    parallel,
    points_back,
    replaced,
    with_antecedents,
)
from assistant.numbered import about_asked_articles, articles, versions
from assistant.shapes import Scored


@pytest.mark.parametrize("sentence, back", [
    ("Il exige un hébergeur qualifié SecNumCloud.", True),
    ("Ces droits s'exercent auprès de son délégué.", True),
    ("Selon la CNIL, ces lois américaines peuvent permettre un accès.", True),
    ("Parmi ces exigences, le référentiel impose un hébergement dans l'EEE.", True),
    ("Et nous parlons bien de la France, car il s'agit de données gérées par le GIP.", True),
    ("Ce que recouvrent ces données n'est pas précisé.", False),
    ("Ce qui est établi : le contrat date d'avril 2020.", False),
    ("La CNIL a limité l'autorisation à trois ans.", False),
    # « alors » after the verb: the case the sentence before opens
    ("Le support assuré hors de l'Union doit alors être documenté.", True),
    ("Le support peut être assuré hors de l'Union.", False),
    # « donc » after the verb: the conclusion of the sentence before
    ("Un hébergeur soumis au droit américain n'est donc pas exclu par ce décret.", True),
])
def test_what_points_back(sentence, back):
    assert points_back(sentence) is back


def test_a_demonstrative_early_on_goes_on_with_the_sentence_before():
    assert goes_on("Selon la CNIL, aucune offre ne pouvait répondre à ces exigences à temps.")
    assert not goes_on("La CNIL a repris la conclusion de la mission d'expertise.")


def test_the_sentence_pointed_to_is_quoted_right_before():
    scored = _scored("Le communiqué de février 2026 est signé par trois ministres. "
                     "Il exige un hébergeur qualifié SecNumCloud.")
    quoted = with_antecedents([scored[1]], scored, _place)
    assert [s.position for s in quoted] == [0, 1]
    # quoted once, not twice
    assert [s.position for s in with_antecedents(scored, scored, _place)] == [0, 1]


def test_the_sentence_going_on_is_quoted_after_the_first_one_when_asked():
    scored = _scored("L'article 32 réécrit le IV de l'article L. 1111-8. "
                     "Selon ce texte, un décret précise les obligations de stockage.")
    assert [s.position for s in with_antecedents([scored[0]], scored, _place)] == [0]
    assert [s.position for s in with_antecedents([scored[0]], scored, _place,
                                                     continued=True)] == [0, 1]


def test_a_sentence_adding_to_the_one_before_is_quoted_with_it():
    told = ("Pour justifier le choix de Microsoft, le Health Data Hub a invoqué des prérequis "
            "juridiques et de cybersécurité.")
    also = "Le Health Data Hub a aussi invoqué la certification HDS et des besoins élastiques."
    assert adds_to(also, told)
    assert not adds_to(also, "Le Health Data Hub a retiré sa demande.")  # another act
    assert not adds_to("Le Health Data Hub a invoqué la certification HDS.", told)  # no « aussi »


def test_the_next_item_of_a_series_adds_to_the_one_before():
    first = "La délibération n° 2023-146 vise le règlement général sur la protection des données."
    second = "La délibération n° 2023-146 vise aussi la loi n° 78-17 du 6 janvier 1978."
    last = "La délibération n° 2023-146 vise enfin le code de la santé publique."
    assert adds_to(second, first) and adds_to(last, second)
    assert not adds_to(last, "La CNIL a autorisé EMC2.")  # another verb
    scored = _scored(f"{first} {second} {last}")
    quoted = with_antecedents([scored[1], scored[2]], scored, _place)
    assert [s.position for s in quoted] == [0, 1, 2]


def test_what_replaced_a_thing_given_up_follows_it():
    gave_up = ("Début février 2026, le gouvernement a renoncé à la solution intercalaire et a "
               "annulé l'appel d'offres associé.")
    instead = ("Le gouvernement a choisi de passer directement à un hébergement souverain "
               "pérenne, qualifié SecNumCloud.")
    assert replaced(instead, gave_up)
    assert not replaced(instead, "Le marché portait sur 6,2 millions d'euros.")
    scored = _scored(f"{gave_up} {instead} Le démarrage était prévu début 2026.")
    assert [s.position for s in with_antecedents([scored[0]], scored, _place)] == [0, 1]


def test_a_sentence_adding_to_a_quoted_one_follows_it():
    scored = _scored("Pour justifier le choix de Microsoft, le Health Data Hub a invoqué des "
                     "prérequis juridiques. Le Health Data Hub a aussi invoqué la certification "
                     "HDS. Le contrat date d'avril 2020.")
    assert [s.position for s in with_antecedents([scored[0]], scored, _place)] == [0, 1]


def test_the_sentence_before_is_found_in_the_neighbouring_passage():
    # passages overlap and cut a paragraph anywhere: the sentence before the quoted one is the
    # last of the previous passage, read by its place in the document
    first = _scored("Le projet date de 2019. Pour justifier le choix de Microsoft, le Health Data "
                    "Hub a invoqué des prérequis juridiques.")
    second = _scored("Le Health Data Hub a aussi invoqué la certification HDS.", hit=1)
    offsets = {0: 0, 1: len(first[-1].sentence.text) + first[-1].sentence.start + 1}

    def place(item: Scored) -> tuple[str, int]:
        return ("doc", offsets[item.hit_index] + item.sentence.start)

    quoted = with_antecedents([second[0]], first + second, place)
    assert [s.sentence.text[:20] for s in quoted] == ["Pour justifier le ch", "Le Health Data Hub a"]


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


def test_a_name_numbered_in_roman_figures_is_told_apart():
    from assistant.numbered import others_last, series

    assert series("Quand l'arrêt Schrems I a-t-il été rendu ?") == {"schrems i"}
    scored = _scored("L'arrêt Schrems II a invalidé le Privacy Shield. L'arrêt Schrems I a été "
                     "rendu le 6 octobre 2015. La CJUE siège à Luxembourg.")
    assert [s.position for s in others_last("when was Schrems I decided?", scored)] == [1, 2, 0]
    # none asked: the order stands
    assert others_last("Qu'a invalidé la CJUE ?", scored) == scored


def test_a_passage_opening_on_what_adds_to_the_last_sentence_continues_it():
    first = ("## Le choix\n\nAucun appel d'offres n'a été organisé. Pour justifier le choix de "
             "Microsoft, le Health Data Hub a invoqué des prérequis juridiques.")
    assert continues(first, "Le Health Data Hub a aussi invoqué la certification HDS. "
                            "Anticor a saisi le parquet.")
    assert not continues(first, "Le Health Data Hub a signé en avril 2020.")
    assert not continues(first, "")


def test_a_change_is_answered_by_both_states_side_by_side():
    scored = _scored("La version 3.2.a soumise à consultation exigeait le siège statutaire, "
                     "l'administration centrale « ou » le principal établissement dans l'Union. "
                     "La version 3.2 finale exige le siège statutaire, l'administration "
                     "centrale « et » le principal établissement dans l'Union.")
    assert parallel(scored[1].sentence.text, scored[0].sentence.text)
    assert [s.position for s in with_antecedents([scored[0]], scored, _place, change=True)] \
        == [0, 1]
    assert [s.position for s in with_antecedents([scored[0]], scored, _place)] == [0]
    assert asks_change("Qu'est-ce qui a changé entre la 3.2.a et la 3.2 ?")
    assert asks_change("How did the headquarters rule change between the draft and 3.2?")
    assert not asks_change("Que dit le point 19.6 a) ?")
    assert not parallel("La version 3.2 a reçu plus de 450 observations lors de la consultation.",
                        "La version 3.2 finale exige un siège statutaire dans l'Union.")


def test_the_sentence_detailing_what_a_quoted_one_counts_follows_it():
    scored = _scored("Le référentiel HDS révisé ajoute quatre exigences de souveraineté. "
                     "Parmi ces exigences de souveraineté, il impose un hébergement dans l'EEE. "
                     "Ces règles s'appliquent en novembre 2024.")
    assert details_count(scored[1].sentence.text, scored[0].sentence.text)
    assert not details_count(scored[2].sentence.text, scored[0].sentence.text)
    assert [s.position for s in with_antecedents([scored[0]], scored, _place)] == [0, 1]


def test_what_is_unknown_too_is_quoted_with_the_unknown_before_it():
    from dataclasses import replace

    scored = _scored("L'issue de la procédure est inconnue à ce jour. "
                     "Le sort de l'entrepôt EMC2 n'est pas connu non plus.")
    scored = [replace(scored[0], not_found=True), scored[1]]
    quoted = with_antecedents([scored[1]], scored, _place)
    assert [s.position for s in quoted] == [0, 1]


def test_a_text_named_by_its_kind_alone_is_quoted_with_the_sentence_naming_it():
    from assistant.antecedents import with_text_named

    scored = _scored("Le décret n° 2026-209 du 24 mars 2026 a été pris en application de la loi. "
                     "Il inscrit des règles de localisation. "
                     "Toujours selon Delsol, le décret ne reprend pas les exigences de SecNumCloud.")
    section = lambda s: ("doc", "## Le décret")  # noqa: E731
    quoted = with_text_named("Le décret de mars 2026 impose-t-il SecNumCloud ?", [scored[2]],
                             scored, section, _place)
    assert [s.position for s in quoted] == [0, 2]
    # its number given, or another kind of text asked: as quoted
    assert with_text_named("Le décret n° 2026-209 impose-t-il SecNumCloud ?", [scored[2]],
                           scored, section, _place) == [scored[2]]
    assert with_text_named("La loi SREN impose-t-elle SecNumCloud ?", [scored[2]], scored,
                           section, _place) == [scored[2]]
