"""A yes/no lead reads « Non » when the deciding clause puts the thing asked about elsewhere,
or says the request was given up."""

from __future__ import annotations

import pytest

from assistant.lead import _elsewhere


@pytest.mark.parametrize("ask, clause, elsewhere", [
    ("les donnees emc2 sont stockees aux usa du coup ?",
     "les donnees de l'entrepot seront conservees dans les centres de microsoft situes en france",
     True),
    ("are the emc2 health records stored in us data centres?",
     "les donnees seront conservees dans les centres de donnees situes en france", True),
    ("les donnees emc2 sont stockees en france ?",
     "les donnees seront conservees dans les centres de donnees situes en france", False),
    # France is in the Union
    ("les donnees sont-elles hebergees dans l'union europeenne ?",
     "les donnees seront conservees dans les centres de donnees situes en france", False),
    # the clause names no place: nothing to contradict
    ("les donnees sont stockees aux usa ?", "microsoft heberge les donnees", False),
])
def test_a_clause_placing_it_elsewhere_answers_no(ask, clause, elsewhere):
    assert _elsewhere(ask, clause) is elsewhere


def test_a_request_given_up_was_not_granted_unless_the_giving_up_is_asked():
    from assistant.lead import _ASKS_GIVING_UP, _GIVEN_UP
    clause = "le health data hub a retire fin 2021 sa demande d'autorisation"
    assert _GIVEN_UP.search(clause)
    assert _GIVEN_UP.search("le niveau high+ a finalement ete retire du projet")
    assert not _ASKS_GIVING_UP.search("did the health data hub ever get approval?")
    assert _ASKS_GIVING_UP.search("le hdh a-t-il retire sa demande ?")
