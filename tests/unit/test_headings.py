"""Section headings that ask the question asked: the section answers it first."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.headings import Heading, section_first, without_premise
from assistant.language import phrasal_equivalents
from core.text import analyze


@pytest.mark.parametrize("heading, question, answers", [
    ("Pourquoi la CNIL a autorisé Microsoft", "pourquoi la cnil a autorisé microsoft ?", True),
    # every word of the heading must be asked
    ("Pourquoi la CNIL a autorisé Microsoft", "pourquoi la cnil a autorisé EMC2 ?", False),
    # and the question must ask why
    ("Pourquoi la CNIL a autorisé Microsoft", "quand la cnil a autorisé microsoft ?", False),
    ("Why the CNIL authorised Microsoft", "what was the reason the cnil authorised microsoft?",
     True),
    # a heading asking nothing answers nothing
    ("Les regrets exprimés par la CNIL", "pourquoi les regrets exprimés par la cnil ?", False),
    # nor one of a single word
    ("Qu'est-ce que SecNumCloud ?", "c'est quoi SecNumCloud ?", False),
])
def test_a_heading_answers_the_question_it_asks(heading, question, answers):
    assert Heading(heading).answers(question, analyze(question)) is answers


def test_what_the_asker_takes_as_given_is_left_out():
    assert "prefere" not in without_premise(
        "pourquoi la CNIL a dit oui alors qu'elle préfère le souverain ?")
    assert "regrets" not in without_premise("pourquoi oui si elle a tant de regrets")
    assert "preference" not in without_premise(
        "Why did it sign off, given its own stated preference for SecNumCloud?")
    assert "regrets" in without_premise("pourquoi la cnil dit avoir des regrets ?")


@pytest.mark.parametrize("question, language, words", [
    ("pourquoi la CNIL a laissé passer Microsoft ?", "fr", "autoriser"),
    ("pk la cnil a laisse emc2 chez microsoft ?", "fr", "autoriser"),
    ("Why did the CNIL let Microsoft host EMC2?", "en", "autoriser"),
])
def test_letting_through_is_authorising(question, language, words):
    assert any(words in french for _, french in phrasal_equivalents(question, language))


def test_let_keeps_the_words_it_governs():
    # only the verb stands for « autoriser »: what is let host stays in the question
    found = phrasal_equivalents("Why did the CNIL let Microsoft host EMC2?", "en")
    assert [phrase.lower() for phrase, _ in found] == ["let"]


@dataclass(frozen=True)
class Item:
    text: str
    locator: str
    offset: int


def _first(question: str, quotes: list[Item], candidates: list[Item],
           idf=lambda stem: 1.0) -> list[Item]:
    stems = analyze(question + " autoriser")
    asked = analyze(without_premise(question + " autoriser"))
    return section_first(question, stems, asked, quotes,
                         candidates, lambda i: i.locator, lambda i: i.offset,
                         lambda a, b: a.text == b.text, idf)


WHY = "Délibération > Pourquoi la CNIL a autorisé Microsoft"
REASON = Item("La CNIL a repris la conclusion de la mission.", WHY, 10)
DELAY = Item("Aucune offre ne pouvait répondre dans le délai.", WHY, 20)
THIRD = Item("Les sources divergent sur la formulation.", WHY, 30)
DURATION = Item("La durée de trois ans doit laisser le temps.", "Délibération > Durée", 5)
REGRETS = Item("La CNIL souligne que Microsoft est soumise au CLOUD Act.",
               "Délibération > Les regrets exprimés par la CNIL", 40)


def test_a_why_answer_leads_with_the_section_asking_that_why():
    quoted = _first("pourquoi la cnil a dit oui à microsoft ?", [DURATION, REGRETS],
                    [DURATION, REGRETS, THIRD, DELAY, REASON])
    assert quoted == [REASON, DELAY, DURATION]  # its first sentences, in document order


def test_a_rarer_word_of_another_heading_keeps_the_answer():
    # « regrets » names another section, in a rarer word than the why-heading's own
    idf = {"regret": 4.0}.get
    quotes = [REGRETS]
    assert _first("pourquoi la cnil dit avoir des regrets en autorisant microsoft ?", quotes,
                  [REGRETS, REASON], lambda s: idf(s, 1.0)) == quotes
    # … unless the asker takes them as given
    assert _first("pourquoi la cnil a dit oui à microsoft si elle a tant de regrets ?", quotes,
                  [REGRETS, REASON], lambda s: idf(s, 1.0))[0] == REASON


def test_an_answer_already_from_that_section_stands():
    quotes = [DELAY, DURATION]
    assert _first("pourquoi la cnil a autorisé microsoft ?", quotes, [REASON, DELAY]) == quotes
