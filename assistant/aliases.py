"""Other names the documents give a thing, and the sentence that defines it under one of them.

« La Plateforme des données de santé (PDS) est plus connue sous son nom anglais de Health Data
Hub, abrégé en HDH »: asked « C'est quoi le Health Data Hub ? », the answer is the sentence
defining the Plateforme des données de santé (« … est un groupement d'intérêt public »), which
never writes « Health Data Hub ». The documents' own statements of another name (« connu sous le
nom de », "also known as", « abrégé en ») are read once per index; a definition question naming
one of the names also searches, and may quote, what is said of the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .defining import DEFINES, defines, quoted_term, term_of
from .shapes import Scored, terms

if TYPE_CHECKING:
    from .questions import Part

# « X (ACR) est plus connue sous son nom anglais de Y, abrégé en Z », « le GIP « X », aussi
# connu sous le nom de Y », "X, also known as Y".
_NAME = r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5}?"
_ALIAS = re.compile(
    rf"(?P<a>{_NAME})\s*[»\"”]?\s*(?:\((?P<acr>[A-Z]{{2,6}})\))?\s*,?\s*"
    r"(?:(?:est|sont|etait|was|is)\s+)?(?:(?:plus|aussi|egalement|mieux|also|better)\s+)?"
    r"(?:connue?s?|appelee?s?|designee?s?|known|called)\s+(?:sous\s+(?:son|le|leur)\s+nom"
    r"(?:\s+(?:anglais|francais|usuel|courant))?\s+(?:de\s+|d')|as\s+)"
    r"(?P<b>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})"
    r"(?:,\s*(?:abregee?|abbreviated|shortened)\s+(?:en|to|as)\s+(?P<c>[A-Z]{2,6}))?")
_DETERMINER = re.compile(r"^(?:la|le|les|l['’]|the)\s*", re.IGNORECASE)
# « la Commission nationale de l'informatique et des libertés (CNIL) », « l'Agence du numérique
# en santé (ANS) »: a name, then in brackets the acronym its words' initials spell (the small
# words left out).
_BRACKETED = re.compile(r"\(([A-Z]{2,6})\)")
_NAME_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_SMALL = frozenset("de du des la le les l d et en sur pour a au aux of the and for on".split())


def mine(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each name (folded) the texts give another name for, with those other names."""
    groups: list[set[str]] = []
    for text in texts:
        for match in _ALIAS.finditer(_unaccented(text)):
            names = {_DETERMINER.sub("", text[match.start(g):match.end(g)]).strip()
                     for g in ("a", "acr", "b", "c") if match.group(g)}
            names = {n for n in names if len(n) >= 2}
            if len(names) >= 2:
                groups.append(names)
        groups += [{name, acronym} for name, acronym in _spelt_out(text)]
    out: dict[str, set[str]] = {}
    for names in groups:
        for name in names:
            out.setdefault(fold(name), set()).update(n for n in names if fold(n) != fold(name))
    return {key: tuple(sorted(others)) for key, others in out.items()}


def _spelt_out(text: str) -> list[tuple[str, str]]:
    """The (name, acronym) pairs of a text where an acronym in brackets follows the words whose
    initials spell it (« Agence du numérique en santé (ANS) »)."""
    pairs = []
    for match in _BRACKETED.finditer(text):
        acronym = match.group(1)
        offset = max(0, match.start() - 120)
        words = list(_NAME_WORD.finditer(text[offset:match.start()]))
        letters, first = acronym.lower(), None
        for word in reversed(words):
            if not letters:
                break
            folded = fold(word.group(0))
            if folded in _SMALL:
                continue
            if folded[0] != letters[-1]:
                break
            letters, first = letters[:-1], word
        if letters or first is None or len(acronym) < 2:
            continue
        name = text[offset + first.start():match.start()].strip(" «»\"“”")
        if name and fold(name) != fold(acronym) and len(name.split()) >= 2:
            pairs.append((name, acronym))
    return pairs


def _unaccented(text: str) -> str:
    """``text`` with its accents removed, its capitals and its length kept (offsets match)."""
    table = {ord(c): _base_letter(c) for c in set(text) if ord(c) > 127}
    return text.translate(table) if table else text


@lru_cache(maxsize=4096)
def _base_letter(c: str) -> str:
    return unicodedata.normalize("NFKD", c)[:1] or c


def _occurrences(folded: str, name: str) -> Iterator[re.Match[str]]:
    """Where a (folded) text writes a (folded) name as a whole: not « pds » inside « hpds »."""
    return re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", folded)


def _written(folded: str, name: str) -> bool:
    return next(_occurrences(folded, name), None) is not None


def asked_term(question: str, entities: Sequence[str],
               concepts: Sequence[frozenset[str]]) -> frozenset[str]:
    """The stems of the name a definition question asks about: the term it quotes, else its
    first name, its words together (« Health Data Hub »); none when the question's other
    words outnumber the name's (« HealthData@EU, c'est quoi, et quel rôle y joue le HDH ? »
    asks about something else)."""
    quoted = quoted_term(question)
    names = terms(question, entities)
    term = quoted or (frozenset(analyze(names[0])) if names else frozenset())
    held = sum(1 for c in concepts if c & term)
    return term if 2 * held >= len(concepts) else frozenset()


def named(question: str, aliases: Mapping[str, tuple[str, ...]],
          term: frozenset[str]) -> list[str]:
    """The other names of the term asked about (its stems ``term``) that ``question`` names
    (« Health Data Hub » → « Plateforme des données de santé », « PDS », « HDH »)."""
    folded = fold(question)
    out: list[str] = []
    for key, others in aliases.items():
        if set(analyze(key)) <= term and _written(folded, key):
            out += [o for o in others if o not in out and not _written(folded, fold(o))]
    return out


def also_named(question: str, aliases: Mapping[str, tuple[str, ...]],
               idf: Callable[[str], float]) -> dict[str, frozenset[str]]:
    """For each name ``question`` gives that the documents give other names too, its rarest
    stem with the rarest stem of each other name — an acronym's long names, a long name's
    acronyms: « HDH » also matches a sentence writing « Health Data Hub », « la Commission
    nationale de l'informatique et des libertés » one writing « la CNIL »."""
    folded = fold(question)
    found: dict[str, set[str]] = {}
    for key, others in aliases.items():
        if not _written(folded, key):
            continue
        own = analyze(key)
        if not own:
            continue
        anchor = max(own, key=idf)
        for other in others:
            stems = analyze(other)
            if not stems or len(own) > 1 and len(stems) > 1:
                continue  # a long name stands for its acronym, an acronym for its long names
            rarest = max(stems, key=idf)
            if len(rarest) >= 3:  # not « an » (« ANS »), « pd » (« PDS »): too easily met
                found.setdefault(anchor, set()).add(rarest)
    return {anchor: frozenset(extra - {anchor}) for anchor, extra in found.items()
            if extra - {anchor}}


def defines_any(folded: str, names: Iterable[str]) -> bool:
    """The (folded) sentence says what one of ``names`` is (« … la Plateforme des données de
    santé est un groupement d'intérêt public (GIP) »)."""
    for name in names:
        for match in _occurrences(folded, fold(name)):
            if DEFINES.match(folded[match.end():]):
                return True
    return False


def other_names(question: str, part: Part, aliases: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The other names of the term a one-part definition question (``part``) asks about."""
    return named(question, aliases, asked_term(question, part.entities,
                                               [c.stems for c in part.concepts]))


def defined_as(question: str, part: Part, quotes: list[Scored], scored: Sequence[Scored],
               aliases: Mapping[str, tuple[str, ...]]) -> list[Scored]:
    """A term defined under its other name (« C'est quoi le Health Data Hub ? »: « la
    Plateforme des données de santé est un groupement d'intérêt public »): when no quote
    defines the term itself, the best candidate defining one of its other names follows the
    first quote, in place of the others."""
    others = other_names(question, part, aliases)
    term = term_of(question, part.entities, [c.stems for c in part.concepts])
    if not others or any(defines(q.sentence.folded, term) for q in quotes):
        return quotes
    quoted = {q.sentence.text for q in quotes}
    pick = next((s for s in scored if not s.not_found and defines_any(s.sentence.folded, others)
                 and s.sentence.text not in quoted), None)
    return quotes if pick is None else quotes[:1] + [pick]
