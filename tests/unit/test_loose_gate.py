"""Loose evidence goes to the answerability check when most of what is asked is the documents'
own words."""

from __future__ import annotations

from assistant.composer import _unknown_share
from assistant.questions import analyze_question
from core.text import analyze


def test_what_the_documents_never_say_is_most_of_an_off_topic_question():
    def in_corpus(stem: str) -> bool:
        return stem not in analyze("australia")

    off_topic = analyze_question("What is the capital of Australia?", "en",
                                 lambda term: 2.0 if term in analyze("australia") else 1.0,
                                 lambda term: True)
    assert _unknown_share(off_topic, in_corpus) > 0.55
    on_topic = analyze_question("le recours de latombe contre le DPF ça en est ou ?", "fr",
                                lambda term: 1.0, lambda term: True)
    assert _unknown_share(on_topic, lambda stem: stem != "dpf") < 0.55
