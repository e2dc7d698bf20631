"""What replaced something (« Et ça a été remplacé par quoi ? », "What replaced the Privacy
Shield?"): the sentence saying that one thing replaces another (« Le Data Privacy Framework
remplace le Privacy Shield … ») is quoted first, when it names what is asked about."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import analyze, fold

from .shapes import Scored

DEPTH = 40  # how far down the scored sentences the replacing one is looked for
# What replaced it, what came after it (folded): not who replaced someone (``who``)
_ASKS = re.compile(r"\b(remplace\w*|succede\w*|successeur|replac\w*|successor|succeeded"
                   r"|pris (?:la|sa) (?:suite|place)|took (?:its|their|the) place)\b")
_TELLS = re.compile(r"\b(remplace\w*|succede\w*|successeur|pris la suite|prend la suite)\b")


def asks_successor(question: str) -> bool:
    return bool(_ASKS.search(fold(question)))


def tells_successor(item: Scored) -> bool:
    """Does the sentence say that one thing replaced another?"""
    return bool(_TELLS.search(item.sentence.folded))


def told_first(quotes: list[Scored], scored: Sequence[Scored],
               about: frozenset[str]) -> list[Scored]:
    """``quotes`` led by the first close sentence that says what replaced something, when it
    names something ``about`` names (stems of the question's names) or stands in the passage
    the answer quotes first."""
    if not quotes:
        return quotes
    for item in scored[:DEPTH]:
        folded = item.sentence.folded
        if _TELLS.search(folded) and (about & set(analyze(folded))
                                      or item.hit_index == quotes[0].hit_index):
            if item.sentence.text == quotes[0].sentence.text:
                return quotes
            rest = [q for q in quotes if q.sentence.text != item.sentence.text]
            return [item] + rest[:len(quotes) - 1]
    return quotes
