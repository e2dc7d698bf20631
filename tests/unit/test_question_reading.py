"""How a question is read: a remark after it, names at its start, a numbered series in a
follow-up, English words the glossary knows only in their base form."""

from __future__ import annotations

import pytest

from assistant.followup import resolve
from assistant.language import french_equivalents
from assistant.questions import _entities, question_entities, question_kind


@pytest.mark.parametrize("question, kind", [
    ("whats SecNumCloud exactly? keep seeing it in the news", "definition"),
    ("c'est quoi EMC2 au juste ?? jvois ce nom partout", "definition"),
    # a remark that asks something itself keeps the whole question's kind
    ("NumSpot a-t-il fini par être qualifié ? quelles sont les dernieres infos", "latest"),
])
def test_a_remark_after_the_question_mark_does_not_hide_what_is_asked(question, kind):
    assert question_kind(question, "en" if question.startswith("whats") else "fr") == kind


def test_a_first_word_the_documents_only_write_as_a_name_is_a_name():
    proper = {"leviia", "worldline"}.__contains__
    assert question_entities("Leviia a été fondée en quelle année ?", proper) == ["Leviia"]
    assert question_entities("Leviia a été fondée en quelle année ?") == []
    assert question_entities("Combien de salariés chez Leviia ?", proper) == ["Leviia"]
    assert question_entities("Quand Worldline a-t-elle été qualifiée ?", proper) == ["Worldline"]


def test_an_adjective_of_nationality_names_no_one():
    assert _entities("Who runs the French cybersecurity agency?", "en") == ()
    assert _entities("Which European court struck down the Privacy Shield?", "en") == (
        "Privacy", "Shield")


def test_a_short_english_verb_reads_as_its_base_form():
    assert french_equivalents("runs") == french_equivalents("run") != ""
    assert "nouveau" not in french_equivalents("news")  # « nouveau » is "new", not "news"
    assert french_equivalents("was") == ""


def test_another_of_a_numbered_series_replaces_the_one_before():
    history = [("When was the Schrems II judgment?", "16 July 2020, case C-311/18."),
               ("What did it strike down?", "The Privacy Shield, decision 2016/1250.")]
    reading = resolve("And Schrems I?", history)
    assert reading.substitutes
    assert not {"II", "C-311/18", "2016/1250"} & set(reading.topic)
    # the same one again is no substitution
    same = resolve("And Schrems II?", history[:1])
    assert not same.substitutes



def test_words_asked_for_by_their_noun_are_what_was_said():
    from assistant.questions import question_kind

    assert question_kind("Quels regrets la CNIL a-t-elle exprimés en autorisant EMC2 ?") == "said"
    # « when » joining a clause does not ask a date
    assert question_kind("What regrets did the CNIL express when authorising EMC2?",
                         "en") == "said"
    assert question_kind("Quelles critiques les lecteurs font-ils ?") != "said"


def test_a_statement_then_the_question_is_read_by_the_question():
    from assistant.questions import question_kind

    assert question_kind("La délibération a été publiée au JO. Quand ?") == "when"


def test_where_things_stand_is_the_latest_state_not_a_place():
    from assistant.questions import question_kind

    assert question_kind("where are we now with moving the Health Data Hub off Azure?",
                         "en") == "latest"
    assert question_kind("where are things with the Latombe appeal?", "en") == "latest"
    assert question_kind("Where are the EMC2 servers?", "en") == "place"


def test_english_institutions_are_looked_for_as_the_documents_name_them():
    from assistant.language import french_name

    assert french_name("Council") == "Conseil"
    assert french_name("State") == "État"
    assert french_name("Minister") == "ministre"
    assert french_name("US-owned") == ""  # qualifies, as « US » alone does
    assert french_name("Azure") == "Azure"
