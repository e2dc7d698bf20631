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

from .reading import Place, ReadingOrder
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
# « L'article de Clubic … contient plusieurs erreurs par rapport aux autres sources. », « Les
# sources divergent sur plusieurs points … »: items announced without a count; they are the
# sentences after it in its paragraph, whatever their opening words.
_SEVERAL = re.compile(r"\bplusieurs\s+([^\W\d_]{3,})(?:\s+(?:de|des|du|d')\s*([^\W\d_]{3,}))?")
OPEN_ITEMS = 3  # items quoted after an announcement without a count


# A count opening the sentence as its subject (« Selon le même extrait, trois qualifications
# prennent effet le 31 juillet 2026. »): the sentences after it are its items, whatever their
# opening words.
_COUNTED_SUBJECT = re.compile(
    r"^(?:[^,;:]{0,60},\s*)?(deux|trois|quatre|cinq|six)\s+([^\W\d_]{3,})\s+(?!de\b|d'|des\b)"
    r"[^\W\d_]")


def counted_subject(text: str) -> tuple[int, frozenset[str]] | None:
    """How many items a sentence opening on a counted subject announces (« trois
    qualifications prennent effet … »), and the stems of that noun; None when it does not."""
    match = _COUNTED_SUBJECT.search(fold(text).replace("’", "'"))
    if match is None or match.group(2) in _UNITS:
        return None
    stems = frozenset(analyze(match.group(2)))
    return (_NUMBERS[match.group(1)], stems) if stems else None


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


def several(text: str) -> frozenset[str] | None:
    """The stems of the noun a sentence announces items of without counting them (« plusieurs
    erreurs »); None when it announces none."""
    match = _SEVERAL.search(fold(text).replace("’", "'"))
    if match is None:
        return None
    head, complement = match.groups()
    if head in _UNITS or (head in _CLASSIFIERS and not complement):
        return None
    stems = frozenset(analyze(complement if head in _CLASSIFIERS else head))
    return stems or None


def _names_item(text: str, stems: frozenset[str]) -> bool:
    opening = " ".join(fold(text).split()[:_OPENING_WORDS])
    return bool(stems & set(analyze(opening)))


def _enumerations(scored: Sequence[Scored], order: ReadingOrder
                  ) -> list[tuple[Scored, frozenset[str], list[Scored]]]:
    """Each candidate announcing items, with the sentences after it in its document that name
    them (at most the count; only when two or more do), or, announced without a count, the
    next ones in its paragraph."""
    found = []
    for head in scored:
        if head.not_found:
            continue
        told = announced(head.sentence.text)
        items: list[Scored] = []
        if told is not None:
            count, stems = told
            for after in order.after(head, count):
                if after.not_found or not _names_item(after.sentence.text, stems):
                    break
                items.append(after)
        else:
            subject = counted_subject(head.sentence.text)
            open_stems = subject[1] if subject else several(head.sentence.text)
            if open_stems is None:
                continue
            stems = open_stems
            for after in order.after(head, subject[0] if subject else OPEN_ITEMS, gap=1):
                if after.not_found:
                    break
                items.append(after)
        if len(items) >= MIN_ITEMS:
            found.append((head, stems, items))
    return found


def with_items(quoted: Sequence[Scored], scored: Sequence[Scored], asked: frozenset[str],
               place: Place) -> list[Scored]:
    """``quoted`` with every item of an enumeration it quotes two items of, or the
    announcement of — first, or naming what the question asks (``asked``: its stems; « What
    three kinds of measures … ») — the items in their passage's order, where its first quoted
    sentence stood. (An announcement quoted after the answer, about something else, is a side
    remark: its items would only lengthen the answer.) ``place``: a sentence's document and
    offset in it."""
    quoted_places = {place(s) for s in quoted}
    groups: dict[tuple[str, int], list[Scored]] = {}  # a quoted member -> its whole group
    first = place(quoted[0]) if quoted else None
    for head, noun, items in _enumerations(scored, ReadingOrder(scored, place)):
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
    emitted: set[tuple[str, int]] = set()
    for item in quoted:
        for member in groups.get(place(item), [item]):
            if place(member) not in emitted:
                out.append(member)
                emitted.add(place(member))
    return out


def after_colon(quoted: Sequence[Scored], scored: Sequence[Scored], place: Place
                ) -> list[Scored]:
    """``quoted`` with each sentence ending on a colon (« L hébergement, c est deux choses : »,
    « Un exemple : ») followed by what it announces: the items it counts, or the one sentence
    after it (when the passages hold them)."""
    if not any(s.sentence.text.rstrip().endswith(":") for s in quoted):
        return list(quoted)
    order = ReadingOrder(scored, place)
    out: list[Scored] = []
    emitted: set[tuple[str, int]] = set()
    for item in quoted:
        following: list[Scored] = []
        if item.sentence.text.rstrip().endswith(":"):
            told = announced(item.sentence.text)
            following = [s for s in order.after(item, told[0] if told else 1)
                         if not s.not_found]
        for member in (item, *following):
            if place(member) not in emitted:
                out.append(member)
                emitted.add(place(member))
    return out
