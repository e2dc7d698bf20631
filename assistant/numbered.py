"""A question about a numbered article (« l'article 32 », "article 19.6") is not answered by a
sentence about another article of the same kind (« L'article 31 de la loi SREN … »): such a
sentence is not quoted, unless it also names an asked one. The same for a numbered version
(« la version 3.2 », "SecNumCloud 3.2", « v3.2.a »): « La version 3.1 prend en compte le RGPD »
does not say what version 3.2 changed. And for a name numbered in Roman figures: « Schrems
II » is not the « Schrems I » asked about.
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


# « version 3.2 », « versions 3.1 et 3.2 », "SecNumCloud 3.2", « v3.2.a » (folded)
_VERSIONS = re.compile(r"\b(?:versions?\s+|v|secnumcloud\s+)(\d+\.\d+(?:\.[a-z0-9]+)?"
                       r"(?:\s*(?:,|et|and|ou|or)\s*\d+\.\d+(?:\.[a-z0-9]+)?)*)\b")
_VERSION = re.compile(r"\d+\.\d+(?:\.[a-z0-9]+)?")


def versions(text: str) -> frozenset[str]:
    """The version numbers ``text`` names (« 3.2 », « 3.2.a »), folded."""
    folded = fold(text).replace("’", "'")
    return frozenset(v for m in _VERSIONS.finditer(folded) for v in _VERSION.findall(m.group(1)))


def _same_version(found: frozenset[str], asked: frozenset[str]) -> bool:
    """A version named is an asked one, or one of its drafts (« 3.2.a » for « 3.2 »)."""
    return any(f == a or f.startswith(a + ".") or a.startswith(f + ".")
               for f in found for a in asked)


# « Schrems I », « Schrems II »: a name numbered in Roman figures (as written, not folded)
_SERIES = re.compile(r"\b([A-Z][a-z]{2,})\s+(I{1,3}|IV|V)\b")


def series(text: str) -> frozenset[str]:
    """The Roman-numbered names ``text`` names (« schrems i », « schrems ii »)."""
    return frozenset(f"{fold(name)} {number.lower()}" for name, number in _SERIES.findall(text))


# as a question may type them: in lower case, in Arabic figures (« schrems 2 »)
_ASKED_SERIES = re.compile(r"\b([A-Za-z][a-z]{2,})\s+(I{1,3}|IV|V|i{1,3}|iv|[1-5])(?![\w/-]|[.,]\d)")
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v"}


def roman(number: str) -> str:
    """A series number in Roman figures, lower case (« 2 » and « II » are « ii »)."""
    return _ROMAN.get(number, number.lower())


def asked_series(question: str) -> frozenset[str]:
    """The Roman-numbered names a question asks about, however typed: « schrems 2 » and
    « Schrems II » are « schrems ii »."""
    return frozenset(f"{fold(name)} {roman(number)}"
                     for name, number in _ASKED_SERIES.findall(question))


def _other_of_series(told: frozenset[str], asked: frozenset[str]) -> bool:
    """``told`` names members of an asked series (« schrems i »), and none asked (« schrems
    ii »)."""
    bases = {a.rsplit(" ", 1)[0] for a in asked}
    return bool(told) and not told & asked and any(t.rsplit(" ", 1)[0] in bases for t in told)


def others_last(question: str, scored: list[Scored]) -> list[Scored]:
    """``scored`` with the candidates naming only Roman-numbered names the question does not
    ask about (« Schrems II » when it asks about « Schrems I »), or only articles it does not
    ask about (« l'article 31 » when it asks about « l'article 32 »), last."""
    asked, asked_articles = asked_series(question), articles(question)
    if not asked and not asked_articles:
        return scored
    other = [s for s in scored
             if asked and _other_of_series(series(s.sentence.text), asked)
             or asked_articles and (found := articles(s.sentence.text))
             and not found & asked_articles]
    if not other or len(other) == len(scored):
        return scored
    return [s for s in scored if s not in other] + other


def about_asked_articles(question: str, quoted: Sequence[Scored]) -> list[Scored]:
    """``quoted`` without the sentences naming only articles (versions, numbered names) the
    question does not ask about (all of them kept when none would remain)."""
    asked, asked_versions, in_series = articles(question), versions(question), asked_series(question)
    if not asked and not asked_versions and not in_series:
        return list(quoted)
    kept = [s for s in quoted
            if (not asked or not (found := articles(s.sentence.text)) or found & asked)
            and (not asked_versions or not (named := versions(s.sentence.text))
                 or _same_version(named, asked_versions))
            and not (in_series and _other_of_series(series(s.sentence.text), in_series))]
    return kept or list(quoted)
