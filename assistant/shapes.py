"""The shape of an answer: what a sentence must hold to answer a kind of question.

Dates, counts, amounts, outcomes and names found in a sentence, the shape score by
kind, and ``Scored`` (a candidate sentence and why it scored). Shared by the
composer, the learned sentence scorer and the answerability check, so none of them
imports another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.text import analyze, fold

from .defining import defined_term, defines, subject_is_term
from .questions import ANSWER_PATTERNS, Analysis
from .sentences import Sentence, SentenceInfo

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
HARD_TYPES = frozenset({"money", "duration", "date", "count"})
_ENTITY = re.compile(r"(?<!^)(?<![.!?] )\b([A-ZÀ-Þ][\w’'-]*[\wÀ-ÿ]|\w*\d[\w,.%-]*)", re.UNICODE)


_MONTHS = ("janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
           "decembre").split()
_MONTHS_EN = ("january february march april may june july august september october november "
              "december").split()
_MONTH = "|".join(_MONTHS + _MONTHS_EN)
_FULL_DATE = re.compile(rf"\b(1er|\d{{1,2}})\s+({_MONTH})\s+((?:19|20)\d{{2}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+((?:19|20)\d{{2}})\b")
_DATE_SHAPE = re.compile(
    rf"\b(?:(?:1er|\d{{1,2}})\s+)?(?:{_MONTH})\s+(?:19|20)\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b"
    r"|\b(?:(?:debut|fin|mi|courant|printemps|ete|automne|hiver)\s+)?(?:en\s+)?(?:19|20)\d{2}\b"
)
_NUMBER = re.compile(
    r"(?<![\w/-])(\d+(?:[ \u00a0\u202f]\d{3})*(?:[,.]\d+)?|un|une|deux|trois|quatre|cinq|six|sept"
    r"|huit|neuf|dix|onze|douze|quinze|vingt|trente|cent|mille"
    # « une quarantaine de contributeurs »: a round figure counts too
    r"|dizaines?|douzaines?|quinzaines?|vingtaines?|trentaines?|quarantaines?|cinquantaines?"
    r"|centaines?|milliers?)(?![\w/-])"
)
_MONEY = re.compile(
    r"(\d+(?:[ \u00a0\u202f]\d{3})*(?:[,.]\d+)?)\s*(?:millions?|milliards?|M|Md|k)?\s*"
    r"(?:d'euros|d’euros|euros?|€|\$|dollars?)|€\s*\d[\d,.]*", re.IGNORECASE
)
# Words that tell how something ended: a ruling, a rejection, a decision.
_OUTCOME = re.compile(
    r"\b(rejet\w*|rejete\w*|rejette\w*|annul\w*|valide\w*|confirm\w*|condamn\w*|classe\w*"
    r"|debout\w*|abouti\w*|juge|jugee|tranche\w*|prononce\w*|decid\w*|decision|ordonnance"
    r"|arret|donne raison|obtenu|accorde\w*|refuse\w*|renonce\w*|abandonn\w*|suspend\w*"
    # what became of a thing: withdrawn, replaced (« Le niveau High+ a finalement été retiré »)
    r"|retire\w*|remplace\w*)\b"
)


def counts(folded: str) -> list[re.Match[str]]:
    """Numbers of a (folded) sentence that count something: not years, not days of a date."""
    return [m for m in _NUMBER.finditer(folded)
            if not re.fullmatch(r"(19|20)\d{2}", m.group(1))
            and not re.match(rf"\s+(?:{_MONTH})\b", folded[m.end():])
            and not re.match(r"[/.-]\d", folded[m.end():])]


def sentence_dates(folded: str) -> list[tuple[int, int, int]]:
    """The dates a (folded) sentence gives, as (year, month, day); 0 when not given."""
    found = []
    for match in _FULL_DATE.finditer(folded):
        day = 1 if match.group(1) == "1er" else int(match.group(1))
        found.append((int(match.group(3)), _month(match.group(2)), day))
    for match in _MONTH_YEAR.finditer(folded):
        found.append((int(match.group(2)), _month(match.group(1)), 0))
    for year in _YEAR.findall(folded):
        found.append((int(year), 0, 0))
    return found


def dates_told(folded: str) -> set[tuple[str, int, str]]:
    """The distinct dates a (folded) text gives, as (day, month number, year): unlike
    ``sentence_dates``, a month or a year is kept only when no finer date holds it, "July 31,
    2026" is read too, and a year inside a number (« n° 2023-146 ») is not a date. A month
    without a day has day "", a year alone has month 0."""
    found: set[tuple[str, int, str]] = set()
    for match in _FULL_DATE.finditer(folded):
        found.add((match.group(1).replace("1er", "1"), _month(match.group(2)), match.group(3)))
    for match in re.finditer(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})\b", folded):
        found.add((match.group(2), _month(match.group(1)), match.group(3)))
    days = {(month, year) for _, month, year in found}
    for match in _MONTH_YEAR.finditer(folded):
        if (_month(match.group(1)), match.group(2)) not in days:
            found.add(("", _month(match.group(1)), match.group(2)))
    years = {year for _, _, year in found}
    found |= {("", 0, year) for year in re.findall(r"(?<![\d/-])(?:19|20)\d{2}(?![\d/-])", folded)
              if year not in years}
    return found


# What makes a date a target rather than the time of the statement (folded): an aim, a plan, an
# expectation, a deadline (« visait la qualification au premier semestre 2026 », « prévue
# d'ici 2027 », "expected by 2026"). Searched in the words just before the date, within its
# clause.
_TARGET = re.compile(
    r"\b(vis(?:e|es|ent|ait|aient|ant|ee|ees|er)|prevu\w*|prevoi\w*|devai\w*|devrai\w*"
    r"|doi(?:t|vent) (?:etre|intervenir)|d'ici|a l'horizon|horizon|objectif\w*|ambition\w*"
    r"|esper\w*|attendu\w*|envisag\w*|planifi\w*|programm\w*|au plus tard|jusqu'(?:au|a|en)"
    r"|aim\w*|plan\w*|expect\w*|target\w*|schedul\w*|due|until|by)\b[^,;:()]*$"
    # « annonce l'attribution du marché pour fin mars 2026 »: « pour » right before the date
    r"|\bpour (?:la |le )?(?:(?:debut|fin|mi|courant)[- ])?$")


def statement_date(folded: str) -> tuple[int, int, int]:
    """The newest date a (folded) sentence states as a fact (a milestone reached, a text
    published), leaving out the dates it gives as an aim, a plan or a deadline; (0, 0, 0) when
    it states none. « Bleu visait alors la qualification au premier semestre 2026 » tells how
    things stood before 2026, not a state reached in 2026."""
    found = []
    for match in _DATE_SHAPE.finditer(folded):
        if _TARGET.search(folded[max(0, match.start() - 80):match.start()]):
            continue
        dates = sentence_dates(match.group(0).strip())
        if dates:
            found.append(max(dates))
    return max(found) if found else (0, 0, 0)


RECENCY_PRIOR = 1.0  # « où en est… »: the newest of the best passages gains this share of its score


def recency_prior(texts: Sequence[str], weight: float = RECENCY_PRIOR) -> list[float]:
    """A factor per passage for a question about the latest state: 1 for a passage that
    states no date, up to ``1 + weight`` for the one stating the newest, by rank of their
    newest stated date (aims and deadlines left out, as in ``statement_date``)."""
    dates = [statement_date(fold(text)) for text in texts]
    known = sorted({d for d in dates if d != (0, 0, 0)})
    if len(known) < 2:
        return [1.0] * len(texts)
    rank = {d: i / (len(known) - 1) for i, d in enumerate(known)}
    return [1.0 + weight * rank[d] if d in rank else 1.0 for d in dates]


def _month(name: str) -> int:
    return (_MONTHS.index(name) if name in _MONTHS else _MONTHS_EN.index(name)) + 1


def _folded_entities(info: SentenceInfo, known: frozenset[str]) -> list[tuple[str, str]]:
    """The parser's entities that the question does not already name."""
    out = []
    for text, label in info.entities:
        stems = analyze(text)
        if stems and not all(s in known for s in stems):
            out.append((text, label))
    return out


@lru_cache(maxsize=256)
def _defined(question: str, entities: tuple[str, ...],
             concepts: tuple[frozenset[str], ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The stems of the term a definition question asks about, and the question's names that
    hold it (what is asked is named, not the context): read once per question, not per
    candidate sentence."""
    term = defined_term(question, entities, concepts)
    return term, tuple(t for t in terms(question, entities) if set(analyze(t)) & term)


_YEAR_ASKED = re.compile(r"\b(quelle annee|(what|which) year|l'annee de|annee \?)")


def shape(kind: str, analysis: Analysis, sentence: Sentence, info: SentenceInfo,
          known: frozenset[str]) -> float:
    """How well a sentence has the shape of an answer to this kind of question (0 to 1)."""
    folded = sentence.folded
    if kind == "who":
        new = _folded_entities(info, known)
        if any(label == "PER" for _, label in new):
            return 1.0
        return 0.7 if new else 0.0
    if kind == "when":
        if _FULL_DATE.search(folded):
            return 1.0
        if _YEAR.search(folded) and _YEAR_ASKED.search(fold(analysis.ask or analysis.question)):
            return 1.0  # « en quelle année … ? »: the year is the whole answer
        return 0.7 if _MONTH_YEAR.search(folded) else (0.4 if _YEAR.search(folded) else 0.0)
    if kind == "count":
        numbers = counts(folded)
        head = set(analyze(analysis.counted)) if analysis.counted else set()
        for m in numbers:
            if head & set(analyze(folded[m.end():m.end() + 40])[:3]):
                return 1.0
        numbers = [m for m in numbers if m.group(1) not in ("un", "une")]  # articles, mostly
        return (0.6 if head else 0.7) if numbers else 0.0
    if kind == "money":
        return 1.0 if _MONEY.search(sentence.text) else 0.0
    if kind == "duration":
        return 1.0 if ANSWER_PATTERNS["duration"].search(folded) else 0.0
    if kind == "why":
        return 1.0 if "reason" in info.flags else 0.0
    if kind == "said":
        if "reporting" in info.flags and ("content" in info.flags or "quote" in info.flags):
            return 1.0
        if spoken_by(folded, info, known):
            return 1.0
        return 0.5 if "reporting" in info.flags or "quote" in info.flags else 0.0
    if kind == "definition":
        term, named = _defined(analysis.ask or analysis.question, analysis.entities,
                               tuple(c.stems for p in analysis.parts for c in p.concepts))
        if names_term(folded, named) or defines(folded, term):
            return 1.0
        if "definition" in info.flags:
            # a copula or a defining verb, but about what? The asked term, something the
            # question names, or something else (« Microsoft Ireland, hébergeur de l'entrepôt
            # EMC2, n'est pas qualifiée … » defines Microsoft Ireland)
            if not info.subject or subject_is_term(info.subject, term):
                return 0.8
            return 0.5 if set(analyze(info.subject)) & known else 0.3
        return 0.0
    if kind in ("list", "comments"):
        return min(len(_folded_entities(info, known)), 3) / 3
    if kind in ("latest", "outcome"):
        dated = 0.5 if sentence_dates(folded) else 0.0
        if kind == "outcome":
            return dated + (0.5 if _OUTCOME.search(folded) else 0.0)
        return dated * 2
    if kind == "place":
        if any(label == "LOC" for _, label in info.entities):
            return 1.0
        return 1.0 if ANSWER_PATTERNS["place"].search(folded) else 0.0
    return 0.0


# A verb reporting speech or a stance, as a sentence writes it (folded): « a déclaré »,
# « présente … comme », « estime que », « a ajouté ». The parser misses some (« y présente
# l'exercice comme … » read as an adjective).
_SPEECH = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient)\s+(?:\w+\s+)?(?:declare|affirme|dit|explique"
    r"|estime|souligne|precise|indique|ajoute|rappele|assure|reconnu|admis|promis|annonce"
    r"|demande|reclame|souhaite|regrette|denonce|critique|considere|presente|decrit|ecrit"
    r"|repondu|propose|soutenu|plaide|fait valoir|evoque|qualifie|confie|deplore|cite)e?s?\b"
    r"|\b(?:y\s+|l'|les\s+|la\s+|le\s+|en\s+)?(?:declare|affirme|dit|explique|estime|souligne"
    r"|precise|ajoute|rappelle|assure|reconnait|promet|annonce|reclame|souhaite|regrette"
    r"|denonce|critique|considere|presente|decrit|ecrit|repond|propose|soutient|plaide"
    r"|fait valoir|evoque|qualifie|confie|deplore|cite)(?:nt)?\b")
# What follows a reporting verb when it gives the words: « que … », a quotation, a colon,
# « comme … » (« présente l'exercice comme une évaluation »).
_CONTENT = re.compile(r"\b(?:que|qu'|comme|that)\b|[«:\"“]")
# « Selon X, … », « D'après X, … », "According to X, …": what follows is X's.
_ACCORDING = re.compile(r"^(?:selon|d'apres|according to)\s+([^,]{2,80}),")


def spoken_by(folded: str, info: SentenceInfo, known: frozenset[str]) -> bool:
    """The sentence reports what someone the question names said: its speaker (the subject of
    its reporting verb, or the X of « Selon X, … ») is named in the question (« le dirigeant
    de Cloud Temple y présente l'exercice comme … » for "How did Cloud Temple's boss describe
    …?", « Selon Stéphanie Combes, le Health Data Hub est passé par l'UGAP »)."""
    according = _ACCORDING.match(folded)
    if according:
        speakers = [according.group(1)]
    else:
        speech = _SPEECH.search(folded)
        if speech is not None and not _CONTENT.search(folded[speech.end():]):
            speech = None  # « a décrit la gestion des clés »: that she spoke, not what she said
        if speech is None:
            return False
        speakers = [info.speaker] if info.speaker else []
        clause = folded[:speech.start()].rsplit(",", 1)
        speakers.append(clause[0] if len(clause[0]) > 3 or len(clause) < 2 else clause[-1])
    return any(set(analyze(speaker)) & known for speaker in speakers if speaker)


# How a sentence names what it describes (folded): « un schéma …, appelé EUCS », « la décision
# d'adéquation …, appelée « Data Privacy Framework » », « s'appelle l'analyse d'impact … (AITD) »,
# "known as", "called".
_NAMING = re.compile(
    r"\b(?:appele|appelee|appeles|appelees|dite?s?|baptisee?s?|nommee?s?|denommee?s?"
    r"|intitulee?s?|s'appelle(?:nt)?|sous le nom d(?:e |')|connue? sous|called|known as|named)"
    r"\s+(?:(?:de |d'|l'|le |la |les )\s*)?[«\"“]?\s*([^,.;:»\"”]{2,80})")


def terms(question: str, entities: Sequence[str]) -> list[str]:
    """The question's names, the words of one name together (« Data Privacy Framework »)."""
    words = [e for e in entities if e]
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and " ".join(words[i:j + 1]) in question:
            j += 1
        out.append(" ".join(words[i:j]))
        i = j
    return out


def names_term(folded: str, entities: Sequence[str]) -> bool:
    """The (folded) sentence says what the question's term is called or stands for: it names
    it (« …, appelé EUCS », « s'appelle … (AITD) »), or spells out the acronym (« le CaaS
    (Container as a Service) », « « hébergeur de données de santé » (HDS) »)."""
    for entity in entities:
        term = fold(entity).strip()
        if len(term) < 2 or not re.search(rf"\b{re.escape(term)}\b", folded):
            continue
        escaped = re.escape(term)
        if re.search(rf"\w[^()]{{6,}}\(\s*{escaped}\s*\)|\b{escaped}\s*\((?!\s*\d)[^()]{{6,}}\)",
                     folded):
            return True
        if any(re.search(rf"\b{escaped}\b", m.group(1)) for m in _NAMING.finditer(folded)):
            return True
    return False


def entity_share(groups: Sequence[Sequence[str]], near: tuple[str, frozenset[str]],
                 passage: tuple[str, frozenset[str]], known: Callable[[str], bool],
                 document: str = "") -> float:
    """Share of the question's names found around a sentence (1.0 when it names none).

    ``groups``: the names, those the question coordinates in one group (``name_groups``)
    counting as one name, found in the share of them found. ``near`` and ``passage`` are
    (folded text, stems) of the sentence with its neighbours and heading, and of its whole
    passage with the document's title and publisher: a name in the passage but not next to
    the sentence counts three quarters, as does a name that ``document`` (the passages found of
    the sentence's document, as written) joins to a name next to the sentence: « Microsoft
    Azure » in the section on where the data sit, for a sentence naming Microsoft in the
    section on how long the authorisation lasts (``_compound_near``). Names the corpus never
    uses (English words capitalised, a misspelt name) are not required: the dense side and the
    terms decide for them.
    """
    required = 0
    found = 0.0
    asked = frozenset(fold(e) for group in groups for e in group)
    for group in groups:
        entities = [e.removesuffix("'s").removesuffix("’s") for e in group]
        entities = [e for e in entities if [s for s in analyze(e) if known(s)]]
        if not entities:
            continue
        required += 1
        found += sum(_found(entity, near, passage, known, document, asked)
                     for entity in entities) / len(entities)
    return found / required if required else 1.0


def _found(entity: str, near: tuple[str, frozenset[str]], passage: tuple[str, frozenset[str]],
           known: Callable[[str], bool], document: str = "",
           asked: frozenset[str] = frozenset()) -> float:
    """1 when a name is next to the sentence, 0.75 when only in its passage or joined in its
    document to a name next to it (``_compound_near``), else 0."""
    # « le contrat HDH-Microsoft » joins two names: each is looked for on its own
    names = entity.split("-") if _JOINED.fullmatch(entity) else [entity]
    for weight, (text, context) in ((1.0, near), (0.75, passage)):
        if all(_named(name, text, context, known) for name in names):
            return weight
    if document and all(_compound_near(name, document, near[1], asked) for name in names):
        return 0.75
    return 0.0


def _compound_near(name: str, document: str, near: frozenset[str],
                   asked: frozenset[str] = frozenset()) -> bool:
    """The document (``document``: its text as written) joins the name to a name next to the
    sentence (« Microsoft Azure » for a sentence naming Microsoft): the sentence is about the
    whole. Not a name the question gives too (``asked``, folded): « Data » and « Hub » are
    one name, « Health Data Hub »."""
    if len(name) < 3 or not name[0].isupper():
        return False
    escaped = re.escape(name)
    for match in re.finditer(rf"\b([A-Z][\w-]{{2,}}) {escaped}\b|\b{escaped} ([A-Z][\w-]{{2,}})\b",
                             document):
        word = match.group(1) or match.group(2)
        stems = analyze(word)
        # (a name: never written in lower case there; « Cloud Temple » is no « cloud »)
        if stems and all(s in near for s in stems) and fold(word) not in asked \
                and not re.search(rf"\b{re.escape(word.lower())}\b", document):
            return True
    return False


def name_groups(text: str, entities: Sequence[str]) -> list[tuple[str, ...]]:
    """The question's names, the figures it coordinates in one group: « les circulaires (2021,
    2023 et 2026) » name items of a list, and a sentence about one of them is about the list."""
    folded = fold(text)
    groups: list[tuple[str, ...]] = []
    position, previous_end = 0, None
    for entity in entities:
        term = fold(entity).strip()
        match = re.search(rf"\b{re.escape(term)}\b", folded[position:]) if term else None
        if match is None:
            groups.append((entity,))
            previous_end = None
            continue
        start, stop = position + match.start(), position + match.end()
        if (previous_end is not None and _COORDINATED.fullmatch(folded[previous_end:start])
                and groups[-1][-1].isdigit() and entity.isdigit()):
            groups[-1] += (entity,)
        else:
            groups.append((entity,))
        previous_end = position = stop
    return groups


_COORDINATED = re.compile(r"\s*(?:,\s*(?:et|ou|and|or)?|et|ou|and|or)\s*")


_JOINED = re.compile(r"[A-Z][\w]+(?:-[A-Z][\w]+)+")


def names_held(name: str, folded: str, stems: frozenset[str]) -> bool:
    """A sentence (``folded`` text, ``stems``) holds a name: its stems, its folded form or an
    acronym's words."""
    return bool(analyze(name)) and _named(name, folded, stems, lambda stem: True)


def _named(name: str, text: str, context: frozenset[str], known: Callable[[str], bool]) -> bool:
    """A name is around a sentence: its known stems, its folded form, or an acronym's words."""
    stems = [s for s in analyze(name) if known(s)]
    spelt = acronym_expansion(name)
    if not stems:  # a word the corpus never uses is not required (as in ``entity_share``)
        return True
    return all(s in context for s in stems) or fold(name) in text \
        or (spelt is not None and bool(spelt.search(text)))


@lru_cache(maxsize=512)
def acronym_expansion(name: str) -> re.Pattern[str] | None:
    """An acronym is also written out: « HDH » is held by « Health Data Hub », « JO » by
    « Journal officiel » (words whose initials spell it; « de », « l' », "of" may come
    between them)."""
    if not (2 <= len(name) <= 6 and name.isalpha() and name.isupper()):
        return None
    glue = r"(?:(?:de|des|du|la|le|les|et|en|sur|pour|of|the|and|for|on)\s+)*"
    words = [rf"(?:[ld]')?{re.escape(c)}[\w-]{{2,}}" for c in fold(name)]
    return re.compile(r"\b" + (r"\s+" + glue).join(words) + r"\b")


@dataclass(frozen=True)
class Scored:
    """A candidate sentence for one part of the question, and why it scored."""

    hit_index: int  # position in the candidate hits
    position: int  # the sentence's position in its passage
    sentence: Sentence
    score: float
    similarity: float
    coverage: float
    typed: bool
    matched: frozenset[int]  # indexes of the part's concepts it holds
    not_found: bool
    shape: float = 0.0  # has the shape of the answer asked for (``shape``)
    entities: float = 1.0  # share of the question's names around it
    newest: tuple[int, int, int] = (0, 0, 0)  # its latest date
