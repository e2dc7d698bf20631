"""Section headings that ask the question a user asks (« Pourquoi la CNIL a autorisé
Microsoft », « Qu'est-ce que … ? »): the section under such a heading was written to answer it,
a stronger sign than the same words anywhere in a passage. Retrieval ranks it up
(``retrieval``); a why-question's answer quotes it first (``composer``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

from core.text import analyze, fold

T = TypeVar("T")

HEADING_WORDS = 2  # content words a heading needs to name what it answers (« Contexte »: no)

# How a heading asks (folded, at its start), and how a question asks the same (anywhere).
_ASKS = (
    ("why", re.compile(r"^(?:pourquoi|why)\b"),
     re.compile(r"\b(?:pourquoi|pk|pq|why|raisons?|reasons?|justifi\w*|motifs?)\b")),
    ("definition", re.compile(r"^(?:qu'est-ce qu|what is\b|what are\b)"),
     re.compile(r"\b(?:qu'est-ce qu|c'est quoi|c quoi|ca veut dire|what is|what are|what's"
                r"|defin\w*|means?)\b")),
)


class Heading:
    """One heading, read once: what it asks (``why``, ``definition`` or "") and its stems."""

    def __init__(self, text: str) -> None:
        folded = fold(text).replace("’", "'").strip()
        found = next(((kind, asking) for kind, opening, asking in _ASKS
                      if opening.search(folded)), None)
        self.asks: str = found[0] if found else ""
        self._asking: re.Pattern[str] | None = found[1] if found else None
        self.stems = frozenset(analyze(folded))

    def answers(self, question: str, stems: Iterable[str]) -> bool:
        """Does this heading ask what ``question`` asks (``stems``: the question's stems, with
        the equivalents its words stand for), every word of it included?"""
        if self._asking is None or len(self.stems) < HEADING_WORDS:
            return False
        folded = fold(question).replace("’", "'")
        return self._asking.search(folded) is not None and self.stems <= frozenset(stems)


@lru_cache(maxsize=4096)
def heading_of(locator: str) -> Heading:
    """The innermost heading of a passage's locator (« Titre > Section »), read once."""
    return Heading(locator.rsplit(" > ", 1)[-1])


LEAD_SENTENCES = 2  # sentences of such a section a why-answer quotes first

# What the asker takes as given, not what they ask (« … alors qu'elle préfère le souverain »,
# "…, given its own stated preference for SecNumCloud"): from the connector to the end of the
# clause.
_PREMISE = re.compile(
    r"\b(?:alors qu|tandis qu|bien qu|malgre|meme si|si (?:elle|il|ils|elles|on)\b"
    r"|given|although|even though|despite|while|whereas|if (?:it|they|she|he)\b)[^?.;]*")


def without_premise(text: str) -> str:
    """``text`` (folded) without the clauses that state what the asker takes as given."""
    return _PREMISE.sub(" ", fold(text).replace("’", "'"))


def section_first(question: str, stems: Iterable[str], asked: Iterable[str], quotes: list[T],
                  candidates: Sequence[T], locator: Callable[[T], str],
                  offset: Callable[[T], int], same: Callable[[T, T], bool],
                  idf: Callable[[str], float]) -> list[T]:
    """A why-answer leads with the section whose heading asks that why (« Pourquoi la CNIL a
    autorisé Microsoft » for "Why did the CNIL let Microsoft host EMC2?"): its first
    sentences, then what was quoted besides, as many sentences in all as before (at least one
    more). Not when another passage is under a heading naming something the question asks
    that this heading does not, in a word rarer than any of its own (``idf``): « Les regrets
    exprimés par la CNIL » for « pourquoi la CNIL dit avoir des regrets en autorisant
    Microsoft ? »). ``asked``: the question's stems without its premise
    (``without_premise``); ``locator`` gives a candidate's passage locator, ``offset`` its
    place in its document, ``same`` whether two candidates quote the same sentence."""
    stems, asked = frozenset(stems), frozenset(asked)

    def answering(item: T) -> bool:
        heading = heading_of(locator(item))
        return heading.asks == "why" and heading.answers(question, stems)

    if not quotes or answering(quotes[0]):
        return quotes
    section = sorted((c for c in candidates if answering(c)), key=offset)
    if not section:
        return quotes
    own = heading_of(locator(section[0])).stems
    rarest = max(idf(stem) for stem in own)
    if any(idf(stem) > rarest for c in candidates
           for stem in (heading_of(locator(c)).stems & asked) - own):
        return quotes
    lead: list[T] = []
    for item in section:
        if not any(same(item, taken) for taken in lead):
            lead.append(item)
        if len(lead) == LEAD_SENTENCES:
            break
    rest = [q for q in quotes if not any(same(q, taken) for taken in lead)]
    return lead + rest[:max(1, len(quotes) - len(lead))]
