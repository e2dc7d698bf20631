"""Spoken French in a question and in a follow-up: fillers, clipped words, a pronoun's verb,
and the words a yes/no follow-up turns on."""

from __future__ import annotations

import pytest

from assistant.followup import resolve
from assistant.language import french_synonyms
from assistant.lead import lead_line
from assistant.questions import analyze_question, answer_type, question_kind
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored


def _terms(question: str) -> set[str]:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    return {stem for part in analysis.parts for c in part.concepts for stem in c.stems}


@pytest.mark.parametrize("question, filler", [
    ("ça devait coûter combien ce truc ?", "truc"),
    ("et le machin de Microsoft, il est qualifié ?", "machin"),
    ("le HDS exige SecNumCloud du coup ?", "coup"),
])
def test_a_filler_of_spoken_french_is_not_a_term(question, filler):
    terms = _terms(question)
    assert filler not in terms
    assert terms  # what the question is about stays


def test_a_clipped_word_stands_for_the_documents_word():
    assert "organisations" in french_synonyms("orgas")
    assert "associations" in french_synonyms("asso")
    assert french_synonyms("organe") == ""


HDS = [("le nouveau referentiel HDS s'applique a partir de quand ?",
        "En novembre 2024 (une source précise le 17 novembre 2024).")]


def test_a_pronoun_and_its_verb_ask_something_of_their_own():
    # « et il exige SecNumCloud ? » asks whether it requires it, not again « à partir de quand »
    assert not resolve("et il exige secnumcloud du coup ?", HDS).inherits_ask
    assert not resolve("Et la CNIL, elle voyait les choses pareil ?", HDS).inherits_ask
    # a turn naming only a new subject still asks the previous question about it
    assert resolve("Et le référentiel SecNumCloud ?", HDS).inherits_ask


def test_a_yes_or_no_follow_up_is_decided_by_what_the_turn_itself_asks():
    ask = "et il exige secnumcloud ?"
    analysis = analyze_question(f"{ask} nouveau referentiel HDS applique partir", "fr",
                                lambda term: 1.0, lambda term: True, ask=ask)
    assert analysis.followup
    sentences = split_sentences(
        "Le référentiel HDS, lui, n'exige pas SecNumCloud. "
        "Une source précise que le nouveau référentiel HDS s'applique à partir du 17 novembre "
        "2024.")
    items = [(Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False), SentenceInfo(), i + 1)
             for i, s in enumerate(sentences)]
    # the sentence about what is asked (« exige SecNumCloud ») decides, not the one holding the
    # conversation's words (« nouveau référentiel … s'applique à partir »)
    assert lead_line("yes_no", "fr", analysis, items, analysis.stems) == "Non [1]"


@pytest.mark.parametrize("question, language", [
    ("et depuis ?", "fr"), ("And since then?", "en"), ("du nouveau depuis ?", "fr"),
    ("Et depuis, ça a changé ?", "fr"), ("Has it changed since?", "en"),
])
def test_what_came_since_asks_where_things_stand(question, language):
    assert question_kind(question, language) == "latest"


def test_a_turn_asking_where_things_stand_does_not_ask_the_last_question_again():
    fisa = [("La section 702 du FISA a été réautorisée quand ?", "Le 20 avril 2024.")]
    assert not resolve("et depuis ?", fisa).inherits_ask
    assert not resolve("Et maintenant ?", fisa).inherits_ask
    # a turn that only names something new still asks « quand ? » of it
    assert resolve("Et la section 215 ?", fisa).inherits_ask


def test_where_something_comes_from_asks_its_origin_not_a_place():
    from assistant.questions import answer_type

    assert answer_type("Where did the idea of the Health Data Hub come from?") != "place"
    assert answer_type("Where are the EMC2 data stored?") == "place"
    terms = _terms("D'où vient l'idée du Health Data Hub ?")
    assert not terms & {"ide", "idee", "vient"}  # « l'idée », « vient d'où » frame the ask
    assert {"health", "hub"} <= terms



@pytest.mark.parametrize("question, kind", [
    ("pk l'anssi a sorti la v3.2 de secnumcloud, c quoi le but ?", "why"),
    ("quel est le but de la version 3.2 ?", "why"),
    ("c'est quoi le Health Data Hub ?", "definition"),  # what it is, not what for
    ("c quoi secnumcloud", "definition"),
])
def test_asking_the_purpose_asks_why(question, kind):
    assert question_kind(question, "fr") == kind


@pytest.mark.parametrize("question", ["And the sequel?", "et la suite ?"])
def test_the_sequel_of_a_numbered_name_is_the_next_of_its_series(question):
    schrems = [("When was Schrems I decided?", "On 6 October 2015 by the CJEU (case C-362/14).")]
    assert "Schrems II" in resolve(question, schrems).search


@pytest.mark.parametrize("question, typed", [
    # a time limit asked with « combien »: how long, not how many
    ("et le délai pour prévenir formellement le client d'un changement qui touche sa "
     "conformité, c'est combien ?", "duration"),
    ("la durée de l'autorisation, c'est combien ?", "duration"),
    ("combien de délais sont prévus ?", "count"),
    # how long something lasts, asked with the verb
    ("et la procédure elle dure combien en gros ?", "duration"),
    ("ça a duré combien, le référé ?", "duration"),
    ("ça dure combien de mois ?", "duration"),
])
def test_a_time_limit_asked_with_combien_is_a_duration(question, typed):
    assert answer_type(question) == typed
