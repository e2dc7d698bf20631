"""A question about a numbered article (« l'article 32 », "article 19.6") is not answered by a
sentence about another article of the same kind (« L'article 31 de la loi SREN … »): such a
sentence is not quoted, unless it also names an asked one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .shapes import Scored

# « article 32 », « articles 31 et 32 », « art. 19.6 », "Article 66-III"
_ONE = r"(?:\b[a-z]\.\s?)?\d+°?(?:[.-][\divxl]+°?)*"
_ARTICLES = re.compile(
    r"\b(?:articles?|art\.)\s+(" + _ONE + r"(?:\s*(?:,|et|and|ou|or)\s*" + _ONE + r")*)")
_NUMBER = re.compile(_ONE)


def articles(text: str) -> frozenset[str]:
    """The article numbers ``text`` names (« 31 », « 19.6 », « 66-iii »), folded."""
    folded = fold(text).replace("’", "'")
    return frozenset(n.replace(" ", "").replace("°", "") for m in _ARTICLES.finditer(folded)
                     for n in _NUMBER.findall(m.group(1)))


def about_asked_articles(question: str, quoted: Sequence[Scored]) -> list[Scored]:
    """``quoted`` without the sentences naming only articles the question does not ask about
    (all of them kept when none would remain)."""
    asked = articles(question)
    if not asked:
        return list(quoted)
    kept = [s for s in quoted if not (found := articles(s.sentence.text)) or found & asked]
    return kept or list(quoted)
