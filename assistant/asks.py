"""Questions that ask two things in one turn (« … combien max et pour quel type d'offres ? »,
« … autorisée comment ? au cas par cas par un juge ? »): an answer quoting a single sentence
answers one of them, and the sentence that completes it is quoted too."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .shapes import Scored

_ASKING = (r"(?:qui|quand(?! meme\b)|combien|pourquoi|comment|quel|quelle|quels|quelles|quoi|ou|who|when"
           r"|how|why|what|which|where)\b")
_INTERROGATIVE = re.compile(r"\b" + _ASKING)
# A second interrogative after « et », a comma or a question mark.
_SECOND = re.compile(r"(?:\?|,|\bet\b|\band\b)\s*(?:[\w'-]+\s+){0,3}?" + _ASKING)


def asks_two(question: str) -> bool:
    """Does the question ask two things: a question mark before its last sentence, or a second
    interrogative after one (« dans quel cadre et pour quoi faire ? »; not « je suis suivie
    au centre Léon Bérard, je contacte qui ? », one question after a statement)?"""
    folded = fold(question).replace("’", "'").strip()
    if "?" in folded.rstrip(" ?"):
        return True
    return any(_INTERROGATIVE.search(folded[:second.start()])
               for second in _SECOND.finditer(folded))


def completed(question: str, quotes: list[Scored], selected: Sequence[Scored],
              same_passage: bool = False) -> list[Scored]:
    """A single quoted sentence answering a two-part question, followed by the next sentence
    of the hand-set choice (``composer._select``); from the same passage when the answer leads
    with what it reads off its sentences (``same_passage``: a name, a date, a figure, which
    another passage's sentence would change)."""
    if len(quotes) != 1 or not asks_two(question):
        return quotes
    first = quotes[0]
    more = [s for s in selected if s.sentence.text != first.sentence.text
            and (s.hit_index == first.hit_index or not same_passage)]
    return quotes + more[:1]
