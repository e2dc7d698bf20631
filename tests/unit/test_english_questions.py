"""English questions: everyday words, phrasal verbs, misspellings, negations, readers' verbs."""

from __future__ import annotations

from assistant.language import described_names, french_equivalents, phrasal_equivalents
from assistant.questions import _respelt, analyze_question, question_kind


def _terms(question: str, language: str = "en") -> set[str]:
    analysis = analyze_question(question, language, lambda term: 1.0, lambda term: True)
    return {stem for part in analysis.parts for c in part.concepts for stem in c.stems}


def test_everyday_words_have_their_french_equivalents():
    assert "officiellement" in french_equivalents("formally")
    assert "première" in french_equivalents("prime")
    assert "honte" in french_equivalents("ashamed")
    # a light verb or a quantifier stands for nothing by itself
    assert french_equivalents("get") == "" and french_equivalents("only") == ""


def test_phrasal_verbs_read_as_one_verb():
    found = dict(phrasal_equivalents("Can any EMC2 data end up in the United States?"))
    assert found == {"end up": "finalement"}
    assert phrasal_equivalents("What authorisation was given in 2024?") == []
    # the object between the verb and its particle
    assert dict(phrasal_equivalents("Who hands it out?")) == {"hands it out": "délivrer délivre accorder"}
    assert phrasal_equivalents("Who wrote it down in the report?") == []
    # an authorisation in everyday words; a name written in full
    assert dict(phrasal_equivalents("When did the CNIL sign off on it?")) == {
        "sign off": "autoriser autorisé"}
    assert dict(phrasal_equivalents("the CNIL green light")) == {"green light": "autoriser autorisé"}
    assert dict(phrasal_equivalents("CLOUD Act: full name?")) == {"full name": "nom complet"}
    assert dict(phrasal_equivalents("why did the CNIL say yes to Microsoft?")) == {
        "say yes": "autoriser autorisé"}
    # how long something takes is how long it lasts; "take part" is no duration
    assert dict(phrasal_equivalents("How long does a qualification take?")) == {"take": "dure durée"}
    assert phrasal_equivalents("Who will take part in the tender?") == []
    found = dict(phrasal_equivalents("How many French people was it supposed to cover?"))
    assert found == {"French people": "Français", "supposed to": "devait devaient prévu"}


def test_a_misspelt_word_is_read_as_the_glossary_s():
    assert _respelt("coments") == "comments"
    assert _respelt("presdient") == "president"
    # a real word one letter from another is left alone
    assert _respelt("shame") == "" and _respelt("preferred") == ""


def test_an_english_negation_is_not_a_term_and_note_stays():
    assert "not" not in _terms("Was the data not stored in France?")
    assert "not" in _terms("Quelle note OVHcloud a-t-il obtenue ?", "fr")


def test_the_verb_saying_readers_wrote_is_where_to_look():
    terms = _terms("Do any readers mention Outlook?")
    assert "mention" not in terms and "outlook" in terms
    assert "evoqu" not in _terms("Un lecteur évoque-t-il l'informatique quantique ?", "fr")


def test_a_body_described_rather_than_named_is_looked_for_by_its_name():
    assert described_names("When did the French data protection authority adopt it?") == ["CNIL"]
    assert described_names("Who runs the French cybersecurity agency?") == ["ANSSI"]
    assert described_names("What did the EU General Court say?") == [
        "Tribunal de l'Union européenne"]
    assert described_names("Que dit le gendarme des données ?") == ["CNIL"]
    assert described_names("What did the CNIL say?") == []


def test_what_is_x_with_a_qualifier_asks_for_a_definition():
    assert question_kind("What is the US CLOUD Act, in plain terms?", "en") == "definition"
    assert question_kind("What's the CLOUD Act in a nutshell?", "en") == "definition"
    assert question_kind("What is the Health Data Hub, legally speaking?", "en") == "definition"


def test_spoken_french_phrases_read_as_one_verb():
    found = dict(phrasal_equivalents("schrems 2, ça a fait tomber quoi ?", "fr"))
    assert found == {"fait tomber": "invalider invalidé annuler"}


def test_an_institution_is_an_establishment():
    assert "établissements" in french_equivalents("institutions")


def test_a_date_in_figures_is_read_in_words():
    from assistant.language import spelt_out

    assert spelt_out("adoptée le 21/12/2023, publiée le 01.02.2024 ?") \
        == "adoptée le 21 décembre 2023, publiée le 1er février 2024 ?"
    assert spelt_out("SecNumCloud 3.2 et le point 19.6") == "SecNumCloud 3.2 et le point 19.6"
