"""Spoken French phrases and the turns that point to the next or former item: « dire oui »,
« le gars de », « pk », « s'est planté », « l'article suivant », « avant ça s'appelait comment »,
a claim put to the test, and a reader's words asked for."""

from __future__ import annotations

import pytest

from assistant.claims import puts_to_test
from assistant.followup import resolve
from assistant.language import phrasal_equivalents, spelt_out
from assistant.numbered import others_last
from assistant.questions import analyze_question, question_kind
from assistant.scoring import gives_grounds
from assistant.sentences import split_sentences
from assistant.shapes import Scored


def _terms(question: str) -> set[str]:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    return {stem for part in analysis.parts for c in part.concepts for stem in c.stems}


def test_saying_yes_is_an_authorisation_not_something_said():
    terms = _terms("pourquoi la CNIL a quand même dit oui à Microsoft ?")
    assert "autoris" in terms
    assert "oui" not in terms and "dit" not in terms
    assert dict(phrasal_equivalents("elle a dit non", "fr"))
    assert phrasal_equivalents("ce qu'a dit la CNIL", "fr") == []
    assert phrasal_equivalents("elle a dit oui", "en") == []  # English phrasal verbs only


@pytest.mark.parametrize("question, word", [
    ("le gars de leviia il a dit quoi ?", "gar"),
    ("wesh la cnil elle a autorisé quoi ?", "wesh"),
    ("comment je fais pour m'opposer ?", "fais"),
])
def test_spoken_fillers_are_no_terms(question, word):
    assert word not in _terms(question)


@pytest.mark.parametrize("texted, spelt", [
    ("pk la cnil a dit oui ?", "pourquoi la cnil a dit oui ?"),
    ("jsuis patiente, ya un mail ?", "je suis patiente, il y a un mail ?"),
])
def test_texted_words_are_spelt_out(texted, spelt):
    assert spelt_out(texted) == spelt
    assert spelt_out("le PK de la table") == "le PK de la table"  # upper case: not texting


def test_a_guy_of_a_company_is_searched_as_someone_who_speaks_for_it():
    question = "le gars de leviia il a dit quoi ?"
    assert "gar" not in _terms(question)  # not required of the answer
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    assert "cofondateur" in analysis.parts[0].search_text


def test_erring_is_asked_by_its_spoken_verb():
    assert "erreur" in _terms("le clubic s'est planté sur quoi dans son article ?") | {
        w for _, f in phrasal_equivalents("le clubic s'est planté sur quoi", "fr") for w in f.split()}


@pytest.mark.parametrize("question", [
    "wesh pk la cnil a dit oui ? c quoi leur excuse",
    "c'est quoi la raison officielle ?",
    "la raison officielle c quoi ?",
    "le but c'est quoi",
])
def test_a_reason_named_then_asked_is_a_why_question(question):
    assert question_kind(question, "fr") == "why"


def test_a_definition_stays_a_definition():
    assert question_kind("le SNDS c'est quoi ?", "fr") == "definition"
    assert question_kind("c'est quoi le SNDS ?", "fr") == "definition"


@pytest.mark.parametrize("question, expected", [
    ("c'est vrai que les données doivent être chez un hébergeur SecNumCloud, comme l'écrit Clubic ?",
     True),
    ("Is it really all French health data like the Clubic headline says?", True),
    ("Clubic dit que c'est l'EMA qui pilote EMC2, c'est juste ?", True),
    ("Selon Clubic, qui est le cofondateur de Leviia ?", False),
])
def test_a_claim_put_to_the_test_does_not_favour_its_claimant(question, expected):
    assert puts_to_test(question) is expected


SREN = [("la loi SREN c'est quelle loi ?", "La loi n° 2024-449 du 21 mai 2024."),
        ("et quel article vise le cloud des GIP ?", "L'article 31, qui reprend la règle R9.")]


@pytest.mark.parametrize("question", ["et l'article juste après ?",
                                      "Et l'article suivant de ce chapitre, que prévoit-il ?",
                                      "And what does the next article do?"])
def test_the_next_article_is_numbered_one_more(question):
    resolution = resolve(question, SREN)
    assert "32" in resolution.question
    assert "32" in resolution.asked
    assert "2024-449" not in resolution.topic  # the law's number told the old article apart


def test_a_turn_naming_no_series_keeps_its_words():
    resolution = resolve("et il a été adopté quand ?", SREN)
    assert resolution.asked == ""


def _scored(text: str, position: int) -> Scored:
    sentence = split_sentences(text)[0]
    return Scored(0, position, sentence, 1.0 - position / 10, 0.5, 0.5, False, frozenset(), False,
                  0.0, 0.0, (0, 0, 0))


def test_sentences_about_another_article_come_last():
    scored = [_scored("Les GIP ont été ajoutés au champ de l'article 31.", 0),
              _scored("L'article 32 soumet aux mêmes règles l'hébergeur qui archive.", 1)]
    ordered = others_last("Et l'article 32 ?", scored)
    assert "32" in ordered[0].sentence.text


def test_the_former_name_is_what_it_succeeded():
    terms = _terms("et avant ça s'appelait comment ?")
    assert "succed" in terms
    assert "succed" not in _terms("il s'appelle comment ?")


def test_an_exception_to_a_rule_gives_grounds():
    assert gives_grounds("le dossier d'emc2 se declarait conforme a ce referentiel, a l'exception"
                         " de quatre points.")
    assert not gives_grounds("le dossier d'emc2 se declarait conforme a ce referentiel.")


@pytest.mark.parametrize("question, language", [("y en a eu une autre depuis ?", "fr"),
                                                ("Has there been another one since?", "en")])
def test_another_one_since_asks_for_the_newest(question, language):
    assert question_kind(question, language) == "latest"


def test_a_regulatory_text_is_searched_in_french():
    terms = {s for part in analyze_question("What is the most recent regulatory text on hosting?",
                                             "en", lambda t: 1.0, lambda t: True).parts
             for c in part.concepts for s in c.stems}
    assert {"reglementair", "text"} <= terms
