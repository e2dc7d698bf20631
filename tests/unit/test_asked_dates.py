"""A question naming a month: the sentence telling that month is quoted first
(``asked_dates.asked_time_first``)."""

from __future__ import annotations

from candidates import scored

from assistant.asked_dates import asked_time_first, months_asked

PASSAGE = ("Le 19 novembre 2024, le Conseil d'État a rejeté au fond les recours. "
           "Le 22 mars 2024, le juge des référés a rejeté la demande de suspension. "
           "Le juge a estimé que la condition d'urgence n'était pas remplie.")


def test_months_asked_reads_french_and_english_months():
    assert months_asked("Le Conseil d'État a dit quoi en mars 2024 ?") == {(3, "2024")}
    assert months_asked("What did the court rule on 22 March 2024?") == {(3, "2024")}
    assert months_asked("Qu'a dit le Conseil d'État en 2024 ?") == frozenset()


def test_the_sentence_of_the_month_asked_comes_first():
    items = scored(PASSAGE)
    out = asked_time_first("Le Conseil d'État a dit quoi en mars 2024 ?", items[:1], items, 5)
    assert out[0] is items[1] and items[0] in out


def test_an_undated_first_sentence_stands():
    items = scored(PASSAGE)
    quoted = [items[2], items[0]]
    assert asked_time_first("Le juge a dit quoi en mars 2024 ?", quoted, items, 5) == quoted


def test_an_undated_sentence_gives_way_to_one_quoted_with_it_telling_the_time_asked():
    items = scored(PASSAGE)
    quoted = [items[2], items[1]]
    assert asked_time_first("Le juge a dit quoi en mars 2024 ?", quoted, items, 5) == [
        items[1], items[2]]


def test_an_undated_sentence_pointing_back_has_another_time():
    items = scored("La lettre du 19 novembre 2020 a été révélée. Dans cette lettre, le ministre "
                   "souscrit pleinement à la demande. Le 15 février 2023, le ministre a écrit à "
                   "la CNIL.")
    out = asked_time_first("Le ministre a écrit quoi en février 2023 ?", [items[1]], items, 5)
    assert out[0] is items[2]
