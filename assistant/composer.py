"""The offline answer: the shortest run of retrieved sentences that answers, each with its [n].

No text is generated: the answer quotes sentences of the retrieved passages as
written, each followed by the marker of the passage it comes from. For each part
of the question (``questions.analyze_question``) sentences are scored by
embedding similarity to that part, by how much of the part's weighted terms
they (or their section heading) hold, and by whether they hold the kind of
answer asked for (a duration for « combien de temps », a date for « quand »...).

The composer abstains when the evidence is weak (the passages are far from the
question, no sentence matches enough of it, or none holds the kind of answer
asked for) and when the best sentence itself says the information was not
found; the closest passages are then offered as "see also". Sentences from
readers' comments are only quoted when comments were asked for, and then under
an "opinions" label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.text import analyze

from .language import Language, message
from .questions import ANSWER_PATTERNS, SOFT_TYPES, Analysis, Part
from .retrieval import COMMENTS, Hit
from .sentences import Sentence, SentenceBank

if TYPE_CHECKING:
    import numpy as np

# A sentence that says the information is missing does not answer a "what/when/how much".
NOT_FOUND = re.compile(
    r"n'(a|ont) pas (non plus )?ete (trouvee?s?|publiee?s?|communiquee?s?|precisee?s?)"
    r"|\bnon trouvee?s?\b|ne (precise|precisent|detaille|detaillent|mentionne|mentionnent) pas"
    r"|n'(est|sont) pas connue?s?\b"
)


@dataclass(frozen=True)
class Weights:
    """How a sentence's score is made, and when to abstain (tuned on the eval set)."""

    similarity: float = 0.4
    coverage: float = 0.6
    header: float = 0.5  # share of a term's weight granted when only the section heading has it
    typed_bonus: float = 0.12
    untyped_malus: float = 0.08
    novelty: float = 0.08  # a sentence that only echoes the question is not an answer
    entity: float = 0.03  # per name or figure the question does not already hold (up to 3)
    not_found_malus: float = 0.05  # prefer a statement to "this was not found" when close
    not_found_precision: float = 0.6  # ... unless it is about just what the question asks
    rank_prior: float = 0.06
    other_year: float = 0.1  # the question names a year; the sentence is about others
    named_source: float = 0.06  # the question names the document's publisher (« selon Clubic »)
    min_score: float = 0.53  # a part is answered when its best sentence scores this much...
    min_dense: float = 0.25  # ... and the best passage is this close to the question,
    min_lexical: float = 0.6  # ... or the best sentence holds this share of its rare terms
    second_ratio: float = 0.75  # a runner-up quoted too scores at least this share of the best,
    second_gain: float = 0.2  # ... and comes from the same document or adds this share of terms,
    other_doc_ratio: float = 0.92  # ... or scores this close
    runner_up_depth: int = 5  # runners-up are looked for among the next few sentences
    typed_ratio: float = 0.75  # a typed sentence this close to the best untyped one replaces it


HARD_TYPES = frozenset({"money", "duration", "date", "count"})
_ENTITY = re.compile(r"(?<!^)(?<![.!?] )\b([A-ZÀ-Þ][\w’'-]*[\wÀ-ÿ]|\w*\d[\w,.%-]*)", re.UNICODE)


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


@dataclass
class PartResult:
    part: Part
    chosen: list[Scored]
    strength: float
    best: Scored | None


@dataclass
class Composition:
    """What the composer decided, with the evidence behind it (the eval and tests read it)."""

    text: str
    answerable: bool
    hits: list[Hit] = field(default_factory=list)  # the cited passages, in citation order
    used: list[int] = field(default_factory=list)  # positions in ``hits`` quoted, 0-based
    parts: list[PartResult] = field(default_factory=list)
    reason: str = ""


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text))


def new_entities(sentence: Sentence, known: frozenset[str]) -> int:
    """Names, acronyms and figures in the sentence that the question does not mention."""
    found = set()
    for match in _ENTITY.finditer(sentence.text):
        stems = analyze(match.group(1))
        if stems and not any(s in known for s in stems):
            found.add(" ".join(stems))
    return len(found)


def score_sentences(part: Part, hits: Sequence[Hit], bank: SentenceBank, vector: np.ndarray,
                    weights: Weights, known: frozenset[str] = frozenset()) -> list[Scored]:
    """Every sentence of the hits, scored against one part of the question (best first).

    ``known``: every stem of the question, to tell what a sentence adds.
    """
    import numpy as np

    entries = bank.embedded([(hit.chunk_id, hit.chunk.text) for hit in hits])
    total = part.total
    kind = part.answer_type
    pattern = ANSWER_PATTERNS.get(kind)
    query = np.asarray(vector, dtype=np.float32)
    anchors = _years(" ".join(part.text.split()))
    scored: list[Scored] = []
    for index, (hit, entry) in enumerate(zip(hits, entries, strict=True)):
        if not entry.sentences or entry.vectors is None:
            continue
        similarities = entry.vectors @ query
        header = frozenset(analyze(f"{hit.chunk.title} {hit.chunk.locator}"))
        prior = weights.rank_prior / (1 + hit.rank) + (weights.named_source if hit.named else 0.0)
        sentences = entry.sentences
        for position, (sentence, similarity) in enumerate(zip(sentences, similarities, strict=True)):
            matched = frozenset(i for i, c in enumerate(part.concepts) if c.stems & sentence.stems)
            # What the heading and the neighbouring sentences say is context: « Parmi ces
            # exigences, ... » answers a question whose terms are in the sentence before.
            context = header.union(*(sentences[j].stems
                                     for j in (position - 2, position - 1, position + 1)
                                     if 0 <= j < len(sentences)))
            in_header = frozenset(
                i for i, c in enumerate(part.concepts) if i not in matched and c.stems & context
            )
            coverage = (sum(part.concepts[i].weight for i in matched)
                        + weights.header * sum(part.concepts[i].weight for i in in_header)) / total
            not_found = bool(NOT_FOUND.search(sentence.folded))
            fresh = len(sentence.stems - known)
            entities = new_entities(sentence, known)
            score = (weights.similarity * float(similarity) + weights.coverage * coverage + prior
                     + weights.novelty * min(1.0, fresh / 6))
            typed = False
            if kind == "entity":
                typed = entities > 0
                score += weights.entity * min(entities, 3)
            elif pattern is not None:
                typed = bool(pattern.search(sentence.folded)) or not_found
                if typed:
                    score += weights.typed_bonus
                elif kind not in SOFT_TYPES:
                    score -= weights.untyped_malus
            if not_found:
                score -= weights.not_found_malus
            if anchors and _years(sentence.folded) and not anchors <= _years(
                    " ".join(sentences[j].folded for j in range(max(0, position - 2),
                                                                min(len(sentences), position + 2)))
                    + " " + hit.chunk.locator):
                score -= weights.other_year  # about another year than the one asked about
            scored.append(Scored(index, position, sentence, score, float(similarity), coverage,
                                 typed, matched | in_header, not_found))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def _select(part: Part, scored: list[Scored], hits: Sequence[Hit], weights: Weights,
            max_sentences: int = 3) -> list[Scored]:
    """The best sentence, plus up to two close runners-up that complete it: from the same
    document or next to it, or adding terms of the question it lacks."""
    best = scored[0]
    chosen = [best]
    covered = set(best.matched)
    if best.not_found:
        return chosen
    hard = part.answer_type in HARD_TYPES
    for rank, candidate in enumerate(scored[1:], start=1):
        if len(chosen) >= max_sentences or rank > weights.runner_up_depth:
            break
        if candidate.not_found or (hard and not candidate.typed):
            continue
        if any(_same(candidate, c) for c in chosen):
            continue
        ratio = candidate.score / best.score if best.score > 0 else 0.0
        if ratio < weights.second_ratio:
            break
        gain = sum(part.concepts[i].weight for i in candidate.matched - covered) / part.total
        same_doc = hits[candidate.hit_index].chunk.doc_id == hits[best.hit_index].chunk.doc_id
        if same_doc or gain >= weights.second_gain or ratio >= weights.other_doc_ratio:
            chosen.append(candidate)
            covered |= candidate.matched
    if all(hits[s.hit_index].chunk.doc_id == hits[best.hit_index].chunk.doc_id for s in chosen):
        # sentences of one document read in their order
        chosen.sort(key=lambda s: hits[s.hit_index].chunk.start + s.sentence.start)
    return chosen


def _prefer_not_found(scored: list[Scored], weights: Weights, known: frozenset[str],
                      idf: Callable[[str], float]) -> list[Scored]:
    """A sentence saying that exactly this was not found beats a loosely related statement.

    « Le nom du prestataire retenu en 2026 n'a pas été trouvé » covers « Quel prestataire a
    été retenu en 2026 ? » better than any sentence about other years does. "Exactly this":
    the sentence covers the question as well as the best one, and what it is about is
    mostly what the question is about (« la durée de conservation des données d'EMC2 n'a pas
    été trouvée » is not about « où sont stockées les données d'EMC2 »).
    """
    best = scored[0]
    if best.not_found:
        if _about(best.sentence, known, idf) >= weights.not_found_precision:
            return scored
        # "X was not found", but X is something else: the best statement leads instead
        statement = next((s for s in scored if not s.not_found), None)
        if statement is None:
            return scored
        return [statement] + [s for s in scored if s is not statement]
    for candidate in scored[1:weights.runner_up_depth + 3]:
        if candidate.not_found and candidate.coverage >= best.coverage \
                and candidate.score >= weights.second_ratio * best.score \
                and _about(candidate.sentence, known, idf) >= weights.not_found_precision:
            return [candidate] + [s for s in scored if s is not candidate]
    return scored


_NOT_FOUND_WORDS = frozenset(analyze(
    "trouvé trouvée trouvés sources source officielles officiel consultées publié précise "
    "précisent connu connus non plus"
))


def _about(sentence: Sentence, known: frozenset[str], idf: Callable[[str], float]) -> float:
    """Share (by term weight) of what a sentence talks about that the question mentions."""
    terms = sentence.stems - _NOT_FOUND_WORDS
    total = sum(idf(t) for t in terms)
    return sum(idf(t) for t in terms if t in known) / total if total else 0.0


def _same(a: Scored, b: Scored) -> bool:
    """Overlapping chunks repeat sentences: the same text is quoted once."""
    return a.sentence.text == b.sentence.text


def cited_hits(hits: Sequence[Hit], k: int, used: Sequence[int]) -> list[int]:
    """Which of the candidate hits to cite: the first ``k``, except that a quoted candidate
    from further down takes the place of an unquoted one (of its own document if possible,
    else the last); the order by rank is kept."""
    top = list(range(min(k, len(hits))))
    for index in sorted(set(used)):
        if index in top:
            continue
        free = [i for i in reversed(top) if i not in used]
        if not free:
            break
        # give up a passage of the same document first: the per-document cap still holds
        same = [i for i in free if hits[i].chunk.doc_id == hits[index].chunk.doc_id]
        top.remove((same or free)[0])
        top.append(index)
    return sorted(top)


def _quote(items: Sequence[Scored], numbers: dict[int, int]) -> str:
    return " ".join(f"« {s.sentence.text} » [{numbers[s.hit_index]}]" for s in items)


def see_also(language: Language, count: int, limit: int = 3) -> str:
    markers = ", ".join(f"[{i + 1}]" for i in range(min(limit, count)))
    return message(language, "see_also", markers=markers) if markers else ""


def _finish(language: Language, hits: Sequence[Hit], k: int, items: Sequence[Scored],
            key: str, parts: list[PartResult], reason: str, answerable: bool) -> Composition:
    used = sorted({s.hit_index for s in items})
    order = cited_hits(hits, k, used)
    numbers = {index: n for n, index in enumerate(order, start=1)}
    facts = [s for s in items if hits[s.hit_index].chunk.kind != COMMENTS]
    opinions = [s for s in items if hits[s.hit_index].chunk.kind == COMMENTS]
    texts = []
    if facts:
        texts.append(message(language, key, quotes=_quote(facts, numbers)))
    if opinions:
        texts.append(message(language, "opinions", quotes=_quote(opinions, numbers)))
    return Composition(text=" ".join(texts), answerable=answerable,
                       hits=[hits[i] for i in order], used=[numbers[i] - 1 for i in used],
                       parts=parts, reason=reason)


def _abstain(language: Language, hits: Sequence[Hit], k: int, reason: str,
             parts: list[PartResult]) -> Composition:
    cited = list(hits[:k])
    text = f"{message(language, 'abstain')} {see_also(language, len(cited))}".strip()
    return Composition(text=text, answerable=False, hits=cited, parts=parts, reason=reason)


def compose(analysis: Analysis, hits: Sequence[Hit], bank: SentenceBank,
            vectors: Sequence[np.ndarray], *, k: int, weights: Weights | None = None,
            idf: Callable[[str], float] = lambda term: 1.0) -> Composition:
    """Answer from the candidate hits' sentences, or abstain; cite at most ``k`` passages.

    ``vectors`` holds one embedding per part of the question.
    """
    weights = weights or Weights()
    language = analysis.language
    if not hits:
        return Composition(text=message(language, "abstain"), answerable=False,
                           reason="no passage")
    results: list[PartResult] = []
    for part, vector in zip(analysis.parts, vectors, strict=False):
        scored = score_sentences(part, hits, bank, vector, weights, analysis.stems)
        if not scored:
            results.append(PartResult(part, [], 0.0, None))
            continue
        if not analysis.yes_no:
            scored = _prefer_not_found(scored, weights, analysis.stems, idf)
        if part.answer_type in HARD_TYPES and not scored[0].typed:
            # asked for a date, an amount...: answer with the best sentence that holds one
            typed = [s for s in scored if s.typed]
            if typed and typed[0].score >= weights.typed_ratio * scored[0].score:
                scored = typed + [s for s in scored if not s.typed]
            else:
                results.append(PartResult(part, [], 0.0, scored[0]))
                continue
        strength = scored[0].score
        results.append(PartResult(part, _select(part, scored, hits, weights), strength,
                                  scored[0]))

    top_dense = max(hit.dense for hit in hits[:k])
    supported = [r for r in results if r.chosen and r.strength >= weights.min_score]
    close = top_dense >= weights.min_dense or any(
        r.best is not None and r.best.coverage >= weights.min_lexical for r in supported
    )
    if not close or not supported:
        return _abstain(language, hits, k, "weak evidence", results)
    if not analysis.yes_no and all(r.chosen[0].not_found for r in supported):
        return _finish(language, hits, k, [r.chosen[0] for r in supported], "not_found",
                       results, "not found", answerable=False)

    chosen: list[Scored] = []
    for result in supported:
        if result.chosen[0].not_found and not analysis.yes_no:
            continue
        for item in result.chosen:
            if not any(_same(item, c) for c in chosen):
                chosen.append(item)
    return _finish(language, hits, k, chosen, "answer", results, "answered", answerable=True)
