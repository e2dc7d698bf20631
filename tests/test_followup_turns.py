"""Follow-up turns read against the conversation (no index needed)."""

from __future__ import annotations

from assistant.followup import answered_names, is_elliptic, stems_of, topic
from assistant.language import detect


def test_the_first_turn_lends_its_key_words_even_when_it_reads_as_elliptic():
    history = [("Qui a attaqué la délibération EMC2 en annulation ?", "ISOC France.")]
    about = topic("Et ça a abouti à quoi ?", history)
    assert {"délibération", "EMC2", "annulation"} <= set(about)


def test_who_else_and_qui_d_autre_are_follow_ups():
    assert is_elliptic("Who else was among the early qualified providers?")
    assert is_elliptic("Qui d'autre a été qualifié parmi les premiers prestataires ?")


def test_names_the_last_answer_gave_are_not_new_to_the_next_turn():
    turns = [("Le référé contre EMC2, qui l'a rejeté ?",
              "Le juge des référés du Conseil d'État, M. Jean-Yves Ollier, le 22 mars 2024.")]
    names = answered_names(turns)
    assert "Ollier" in names
    assert stems_of(names) and answered_names([]) == []


def test_informal_english_is_read_as_english():
    assert detect("whats an AITD in GDPR transfer jargon?") == "en"
    assert detect("c koi secnumcloud") == "fr"
