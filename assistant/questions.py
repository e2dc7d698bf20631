"""What a question asks: its parts, their key terms and weights, and the kind of answer wanted.

A question such as « Pourquoi la CNIL a-t-elle limité l'autorisation, et quand
la procédure UGAP s'est-elle ouverte ? » has two parts, each answered by its own
sentence. Each part is a list of *concepts*: a French word is one stem; an
English word is its own stem plus the stems of its usual French equivalents
(``language.GLOSSARY``), so « hosted » matches « hébergées ». A concept weighs
its inverse document frequency: rare words say more about what is asked.

The answer type (a duration, a date, an amount, a count) lets the composer
prefer sentences that hold one, and abstain when none does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.text import STOPWORDS, analyze, fold

from .language import Language, french_equivalents

# Words that say what is asked, not what it is about.
QUESTION_WORDS = frozenset(
    """
    combien quel quelle quels quelles qui quoi quand comment pourquoi lequel laquelle lesquels
    ou est-ce what which who whom whose when where why how long many much does did is are was
    were do has have had will would can could should according selon document documents
    indexes indexed indique vraiment actually exactly exactement usually
    """.split()
)
# English question words whose French equivalent is worth searching (not a concept to match).
_SEARCHED_QUESTION_WORDS = frozenset({"long", "why", "many", "much"})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

_NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente"
    r"|cent|mille|one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand"
)
# Patterns an answer of each type holds (matched against folded text).
ANSWER_PATTERNS = {
    "duration": re.compile(
        rf"\b(\d+|{_NUMBER_WORDS})(\s+(a|à)\s+(\d+|{_NUMBER_WORDS}|[\w-]+))?\s+(ans?|annees?"
        r"|mois|semaines?|jours?|heures?|years?|months?|weeks?|days?)\b"
    ),
    "date": re.compile(
        r"\b(1[89]|20)\d{2}\b|\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
        r"|octobre|novembre|decembre|january|february|march|april|may|june|july|august"
        r"|september|october|november|december)\b"
    ),
    "count": re.compile(rf"\d|\b({_NUMBER_WORDS})\b|\bmillions?\b|\bmilliards?\b"),
    "money": re.compile(r"€|\beuros?\b|\$|\bdollars?\b"),
    "reason": re.compile(
        r"\b(afin|parce|car|raison|raisons|motif|motifs|faute|puisqu|laisser|permettre|pour ne pas"
        r"|pour que|en raison|estime|considere|au motif|faute de|because|since|due to|in order"
        r"|so that)\b"
    ),
}
ANSWER_PATTERNS["place"] = re.compile(
    r"\b(france|francais|territoire|pays|europe|europeen|europeenne|union europeenne"
    r"|espace economique europeen|eee|etats-unis|irlande|allemagne|hors de|situes? en"
    r"|centres? de donnees|localisation|heberge(e|es|s)? (en|dans|sur))\b"
)
# Types whose pattern only adds a bonus: a reason or a place can be worded in too many ways to
# require one; an "entity" question (who, which...) rewards sentences that name something new.
SOFT_TYPES = frozenset({"reason", "place", "entity"})
_TYPES = (
    ("money", re.compile(
        r"\b(prix|cout|coute|coutent|couter|tarif|tarifs|montant|budget|somme|facture"
        r"|price|prices|cost|costs|fee|fees|budget|how much does|how much did|how much will"
        r"|how much is|how much was)\b"
    )),
    ("duration", re.compile(
        r"\b(combien de temps|pendant combien|quelle duree|quel delai|duree|how long|what duration"
        r"|how many years|how many months)\b"
    )),
    ("date", re.compile(
        r"\b(quand|quelle date|date|de quand|jusqu'a quand|en quelle annee|quel jour"
        r"|quel mois|when|what year|which year|on what day|until when)\b"
    )),
    ("count", re.compile(
        r"\b(combien d|combien de|nombre de|how many|number of|quels seuils|what thresholds"
        r"|which thresholds|quel seuil|what percentage|quel pourcentage)\b"
    )),
    ("reason", re.compile(r"\b(pourquoi|pour quelle raison|why|for what reason)\b")),
    ("place", re.compile(
        r"\b(ou sont|ou est|dans quel pays|quel pays|quels pays|where|which country|what country"
        r"|in which country|localisation|quel endroit)\b"
    )),
    ("entity", re.compile(
        r"\b(qui|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|who|whom|which"
        r"|what)\b"
    )),
)
_SPLIT = {
    "fr": re.compile(
        r",?\s+et\s+(?=(?:quel|quelle|quels|quelles|qui|quand|ou|comment|pourquoi|combien"
        r"|a quelle|a quel|de quand|depuis quand|sur quel|dans quel|en quelle|que)\b)"
    ),
    "en": re.compile(
        r",?\s+and\s+(?=(?:which|what|when|who|where|how|why|whom|on what|in what|at what)\b)"
    ),
}
_YES_NO = {
    "fr": re.compile(r"^(est-ce|y a-t-il|peut-on|faut-il)\b|-(t-)?(il|elle|ils|elles|on)\b"),
    "en": re.compile(r"^(is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b"),
}
_WH = re.compile(
    r"\b(quel|quelle|quels|quelles|qui|quoi|quand|ou|comment|pourquoi|combien|lequel|laquelle"
    r"|what|which|who|whom|whose|when|where|why|how)\b"
)


@dataclass(frozen=True)
class Concept:
    """A term of the question: the stems that count as a match, and its weight."""

    stems: frozenset[str]
    weight: float


@dataclass(frozen=True)
class Part:
    """One part of a question: its text, concepts, answer type and lexical search text."""

    text: str
    concepts: tuple[Concept, ...]
    answer_type: str
    search_text: str

    @property
    def total(self) -> float:
        return sum(c.weight for c in self.concepts) or 1.0


@dataclass(frozen=True)
class Analysis:
    """The question, split into parts, in its language."""

    question: str
    language: Language
    parts: tuple[Part, ...]
    yes_no: bool
    search_text: str  # the whole question plus French equivalents of English words
    stems: frozenset[str] = frozenset()  # every stem of the question (and of its equivalents)


def answer_type(text: str) -> str:
    """``money``, ``duration``, ``date``, ``count`` or ``""``."""
    folded = fold(text)
    for name, pattern in _TYPES:
        if pattern.search(folded):
            return name
    return ""


def _words(text: str) -> list[str]:
    return [_ELISION.sub("", w) for w in _WORD.findall(text)]


# What a word may add to another and still be the same word (after stemming and folding).
_ENDINGS = frozenset(
    "  e s es ee ees ent ai ais aise er ez ant at ate ated ation ion ions al ale aux".split(" ")
) | {""}


def _neighbours(stem: str, vocabulary: Sequence[str]) -> set[str]:
    """Corpus stems that differ from ``stem`` only by a short ending.

    The stemmer does not always reduce two forms of a word to one stem (« alimentent » /
    « aliment », « français » / « franc »), and English cognates stem close to French ones
    (« invalidate » / « invalid »). ``vocabulary`` is sorted.
    """
    if len(stem) < 5 or stem.isdigit():
        return set()
    prefix = stem[:5]
    found = set()
    for i in range(bisect_left(vocabulary, prefix), len(vocabulary)):
        other = vocabulary[i]
        if not other.startswith(prefix):
            break
        shorter, longer = sorted((stem, other), key=len)
        if longer.startswith(shorter) and longer[len(shorter):] in _ENDINGS:
            found.add(other)
    return found


def _concepts(text: str, language: Language, idf: Callable[[str], float],
              known: Callable[[str], bool],
              vocabulary: Sequence[str] = ()) -> tuple[tuple[Concept, ...], str]:
    concepts: list[Concept] = []
    seen: set[frozenset[str]] = set()
    extra: list[str] = []
    for word in _words(text):
        folded = fold(word)
        if language == "en" and folded in _SEARCHED_QUESTION_WORDS:
            extra.append(french_equivalents(word))  # "how long": search « durée » too
        if folded in STOPWORDS or folded in QUESTION_WORDS or len(folded) < 2:
            continue
        stems = set(analyze(word))
        translation = french_equivalents(word) if language == "en" else ""
        if translation:
            extra.append(translation)
            stems.update(analyze(translation))
        stems -= {s for s in stems if s in QUESTION_WORDS}
        if not stems:
            continue
        for stem in list(stems):
            stems |= _neighbours(stem, vocabulary)
        key = frozenset(stems)
        if key in seen:
            continue
        seen.add(key)
        known_stems = [s for s in stems if known(s)]
        if known_stems:
            weight = max(idf(s) for s in known_stems)
        elif language == "en" and not translation and not word[:1].isupper():
            weight = 0.3 * idf(next(iter(stems)))  # an English word the passages cannot hold
        else:
            weight = idf(next(iter(stems)))  # unknown to the corpus: telling, keep its weight
        concepts.append(Concept(key, weight))
    search = f"{text} {' '.join(extra)}".strip()
    return tuple(concepts), search


def analyze_question(question: str, language: Language, idf: Callable[[str], float],
                     known: Callable[[str], bool], vocabulary: Sequence[str] = ()) -> Analysis:
    """Split and weigh ``question`` (``idf``, ``known`` and ``vocabulary``: the corpus stems)."""
    folded = fold(question)
    splitter = _SPLIT.get(language, _SPLIT["fr"])
    pieces = [question]
    matches = list(splitter.finditer(folded))
    if matches and len(folded) == len(question):  # cut the original where the folded text splits
        pieces, start = [], 0
        for match in matches:
            pieces.append(question[start:match.start()])
            start = match.end()
        pieces.append(question[start:])
    parts = []
    for piece in pieces:
        concepts, search = _concepts(piece, language, idf, known, vocabulary)
        if concepts:
            parts.append(Part(piece.strip(), concepts, answer_type(piece), search))
    if len(parts) > 1 and any(len(p.concepts) < 2 for p in parts):
        parts = []  # not really two questions: analyse it whole
    if not parts:
        concepts, search = _concepts(question, language, idf, known, vocabulary)
        parts = [Part(question.strip(), concepts, answer_type(question), search)]
    whole_search = (" ".join(p.search_text for p in parts) if len(parts) > 1
                    else parts[0].search_text)
    yes_no_pattern = _YES_NO.get(language, _YES_NO["fr"])
    yes_no = bool(yes_no_pattern.search(folded)) and not _WH.search(folded)
    stems = frozenset(analyze(whole_search)) | frozenset(
        s for p in parts for c in p.concepts for s in c.stems
    )
    return Analysis(question, language, tuple(parts), yes_no, whole_search, stems)
