"""A subject pronoun agrees with what it points back to; the names of a guess or a remark after
an open question, or of examples of a kind, are not required."""

from __future__ import annotations

import pytest

from assistant.agreement import agreeing_turn, pronoun_gender, thing_gender
from assistant.followup import asks_attribute_only, resolve
from assistant.questions import analyze_question, guessed

SREN = [("c'est quoi la loi SREN, numero et date ?",
         "La loi n° 2024-449 du 21 mai 2024 visant à sécuriser et à réguler l'espace numérique."),
        ("quel article parle du cloud de confiance pour les GIP ?",
         "L'article 31, qui reprend la règle R9 (SecNumCloud) de la doctrine cloud de 2023.")]


@pytest.mark.parametrize("question, gender", [
    ("et elle est parue au JO quel jour ?", "f"),
    ("Il prévoit quelles dérogations ?", "m"),
    ("ok et elle avait été adoptée quel jour déjà ?", "f"),
    ("Quand a-t-elle été publiée ?", ""),  # inverted: no subject pronoun opens the turn
    ("Il y a eu un recours ?", ""),  # impersonal
    ("And when was it published?", ""),
])
def test_the_gender_of_a_subject_pronoun(question, gender):
    assert pronoun_gender(question) == gender


@pytest.mark.parametrize("text, gender", [
    ("c'est quoi la loi SREN ?", "f"),
    ("quel article parle du cloud de confiance pour les GIP ?", "m"),
    ("L'article 31, qui reprend la règle R9", "m"),
    ("Qui a attaqué l'ordonnance ?", "f"),
    ("Quand la CNIL a-t-elle statué ?", "f"),
    ("Who signed it?", ""),
])
def test_the_gender_of_what_a_turn_is_about(text, gender):
    assert thing_gender(text) == gender


def test_a_pronoun_skips_the_last_turn_when_its_gender_does_not_agree():
    assert agreeing_turn("et elle est parue au JO quel jour ?", SREN) == 0
    resolution = resolve("et elle est parue au JO quel jour ?", SREN)
    assert "SREN" in resolution.topic and "GIP" not in resolution.topic


def test_a_pronoun_agreeing_with_the_last_answer_stays_with_it():
    turns = [("Latombe disait que le HDH échappait à la circulaire cloud ?", "Oui, en 2023."),
             ("La loi SREN a changé ça ?", "Oui, l'article 31 vise certains GIP.")]
    assert agreeing_turn("Il prévoit quelles dérogations ?", turns) is None
    assert agreeing_turn("Et elle a été publiée quand ?", SREN[:1]) is None  # one turn only


@pytest.mark.parametrize("question, guess", [
    ("Physiquement, les données d'EMC2 sont stockées où ? en Irlande ?", "en Irlande ?"),
    ("what's the current version of SecNumCloud, is there a 3.3 or 4.0 out yet?",
     "is there a 3.3 or 4.0 out yet?"),
    ("C'est quoi la version en vigueur ? on m'a parlé d'une 3.3 ou 4.0, c'est sorti ?",
     "on m'a parlé d'une 3.3 ou 4.0, c'est sorti ?"),
    # a second question of its own is no guess
    ("Quand la CNIL a-t-elle autorisé EMC2 ? Et le Conseil d'État a validé ?", ""),
    ("Qui héberge EMC2 ? Et depuis quand ?", ""),
    # a yes / no question guesses nothing after it
    ("EMC2 est hébergé en France ? en Irlande ?", ""),
    # a remark after the question (why it is asked) names nothing asked
    ("C'était qui ? (j'aimerais lui répondre, il oublie que les Américains ont des pannes)",
     "(j'aimerais lui répondre, il oublie que les Américains ont des pannes)"),
    # what the question is about is no guess
    ("D'où vient ce chiffre ? Ça concerne EMC2 ?", ""),
])
def test_a_guess_after_an_open_question(question, guess):
    assert guessed(question) == guess


def test_the_names_of_a_guess_are_not_required():
    analysis = analyze_question("Physiquement, les données d'EMC2 sont stockées où ? en Irlande ?",
                                "fr", lambda term: 1.0, lambda term: True)
    assert analysis.entities == ("EMC2",)
    analysis = analyze_question("What's the current version of SecNumCloud, is there a 3.3 "
                                "or 4.0 out yet?", "en", lambda term: 1.0, lambda term: True)
    assert "3.3" not in analysis.entities and "4.0" not in analysis.entities


def test_figures_offered_as_a_choice_for_a_figure_asked_stay():
    analysis = analyze_question("how long is the CNIL ok for hosting EMC2 on azure?? 3 yrs or "
                                "10 yrs", "en", lambda term: 1.0, lambda term: True)
    assert "10" in analysis.entities


@pytest.mark.parametrize("question, dropped, kept", [
    ("pourquoi un acteur américain comme Microsoft ou AWS ne peut plus être SecNumCloud ?",
     {"Microsoft", "AWS"}, {"SecNumCloud"}),
    ("Pourquoi Microsoft et les autres fournisseurs américains ne sont plus qualifiés SecNumCloud ?",
     {"Microsoft"}, {"SecNumCloud"}),
    ("Why can't US providers such as AWS get SecNumCloud?", {"AWS"}, {"SecNumCloud"}),
    # « comme » right after a comma or a question word is no example of a kind
    ("Qui, comme la CNIL, a critiqué Microsoft ?", set(), {"CNIL", "Microsoft"}),
])
def test_names_given_as_examples_of_a_kind_are_not_required(question, dropped, kept):
    language = "en" if question.startswith("Why") else "fr"
    entities = set(analyze_question(question, language, lambda term: 1.0,
                                    lambda term: True).entities)
    assert not entities & dropped and kept <= entities


def test_examples_a_yes_or_no_asks_about_are_required():
    entities = analyze_question("Do any readers mention alternatives such as AWS?", "en",
                                lambda term: 1.0, lambda term: True).entities
    assert "AWS" in entities


@pytest.mark.parametrize("question", ["And the case number of that order?",
                                      "Et le numéro de cette ordonnance ?", "Et le montant ?"])
def test_a_turn_naming_the_attribute_asked_has_an_ask_of_its_own(question):
    turns = [("Who rejected the request to suspend the EMC2 deliberation?", "The interim judge."),
             ("On what ground?", "The urgency condition was not met.")]
    assert not resolve(question, turns).inherits_ask
    assert resolve("And the Safe Harbor?", [("When was the Privacy Shield struck down?",
                                               "On 16 July 2020.")]).inherits_ask


@pytest.mark.parametrize("question, only", [
    ("et son numéro NOR ?", True),
    ("And the budget?", True),
    ("il a fait un pourvoi derriere ? numero d'affaire ?", False),  # a yes or no of its own
    ("did he appeal that, and under what case number?", False),
    ("Et le Safe Harbor ?", False),
])
def test_a_turn_asking_only_an_attribute(question, only):
    assert asks_attribute_only(question) is only
