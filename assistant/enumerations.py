"""A quoted sentence that announces a count of items (« La protection … repose sur trois types
de mesures. », « La procédure … se déroule en quatre jalons. ») is quoted with the items, the
sentences right after it that each name one (« Les mesures techniques … », « Le jalon J0 … »):
the announcement alone names none of them. Two items quoted without the others are completed
the same way: a list of milestones quoted as J0, J2 and J3 misses J1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import analyze, fold

from .shapes import Scored

_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
            "neuf": 9, "dix": 10}
# A count closing the sentence: « … trois types de mesures. », « … en quatre jalons. »,
# « … six activités d'hébergement. » (folded text).
_ANNOUNCED = re.compile(
    r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+([^\W\d_]{3,})"
    r"(?:\s+(?:de|des|du|d')\s*([^\W\d_]{3,}))?\s*[.:]?\s*$")
# Heads that only classify: the items are named by their complement (« types de mesures »).
_CLASSIFIERS = frozenset({"types", "sortes", "categories", "formes", "familles", "series",
                          "especes", "genres"})
# Counts of time or money, not of items (« … sur trois ans. »).
_UNITS = frozenset({"ans", "annees", "mois", "semaines", "jours", "heures", "minutes", "euros",
                    "millions", "milliards", "fois"})
_OPENING_WORDS = 8  # an item names the announced noun among its first words
MIN_ITEMS = 2  # fewer sentences naming it: not an enumeration, nothing added


def announced(text: str) -> tuple[int, frozenset[str]] | None:
    """How many items a sentence announces at its end, and the stems of the noun that names
    them; None when it announces none."""
    match = _ANNOUNCED.search(fold(text).replace("’", "'"))
    if match is None:
        return None
    number, head, complement = match.groups()
    if head in _UNITS or (head in _CLASSIFIERS and not complement):
        return None
    stems = frozenset(analyze(complement if head in _CLASSIFIERS else head))
    return (_NUMBERS[number], stems) if stems else None


def _names_item(text: str, stems: frozenset[str]) -> bool:
    opening = " ".join(fold(text).split()[:_OPENING_WORDS])
    return bool(stems & set(analyze(opening)))


def _enumerations(scored: Sequence[Scored]
                  ) -> list[tuple[Scored, frozenset[str], list[Scored]]]:
    """Each candidate announcing a count of items, with the sentences after it in its passage
    that name them (at most the count; only when two or more do)."""
    by_place = {(s.hit_index, s.position): s for s in scored}
    found = []
    for head in scored:
        told = announced(head.sentence.text) if not head.not_found else None
        if told is None:
            continue
        count, stems = told
        items: list[Scored] = []
        for step in range(1, count + 1):
            after = by_place.get((head.hit_index, head.position + step))
            if after is None or after.not_found or not _names_item(after.sentence.text, stems):
                break
            items.append(after)
        if len(items) >= MIN_ITEMS:
            found.append((head, stems, items))
    return found


def with_items(quoted: Sequence[Scored], scored: Sequence[Scored],
               asked: frozenset[str]) -> list[Scored]:
    """``quoted`` with every item of an enumeration it quotes two items of, or the
    announcement of — first, or naming what the question asks (``asked``: its stems; « What
    three kinds of measures … ») — the items in their passage's order, where its first quoted
    sentence stood. (An announcement quoted after the answer, about something else, is a side
    remark: its items would only lengthen the answer.)"""
    place = lambda s: (s.hit_index, s.position)  # noqa: E731
    quoted_places = {place(s) for s in quoted}
    groups: dict[tuple[int, int], list[Scored]] = {}  # a quoted member -> its whole group
    first = place(quoted[0]) if quoted else None
    for head, noun, items in _enumerations(scored):
        members = [i for i in items if place(i) in quoted_places]
        if place(head) in quoted_places and (place(head) == first or noun & asked):
            group = [head, *items]
        elif len(members) >= MIN_ITEMS:
            group = items
        else:
            continue
        for member in group:
            if place(member) in quoted_places:
                groups.setdefault(place(member), group)
    if not groups:
        return list(quoted)
    out: list[Scored] = []
    emitted: set[tuple[int, int]] = set()
    for item in quoted:
        for member in groups.get(place(item), [item]):
            if place(member) not in emitted:
                out.append(member)
                emitted.add(place(member))
    return out
