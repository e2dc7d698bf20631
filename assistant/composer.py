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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from core.text import analyze, fold

from . import (
    answerability,
    asks,
    brevity,
    datelines,
    deciding,
    examples,
    grounds,
    headings,
    opinions,
    quotations,
    readers,
    scoring,
    speech,
    status,
    successors,
    threads,
)
from .aliases import defined_as
from .antecedents import asks_change, with_antecedents, with_text_named
from .asked_dates import asked_time_first, months_asked
from .defining import quoted_term, term_of
from .effects import doing, with_effect
from .enumerations import after_colon, with_items
from .followup import asks_fate, capitalised_stems, in_court
from .followup import names as followup_names
from .language import Language, message
from .lead import lead_line, says_no
from .numbered import about_asked_articles, asked_series, others_last
from .questions import (
    ANSWER_PATTERNS,
    LEAD_KINDS,
    SOFT_TYPES,
    Analysis,
    Part,
    asked_noun,
    counted_noun,
)
from .reading import Place, ReadingOrder, in_documents, in_sections
from .retrieval import COMMENTS, Hit, mentions, signature
from .sentences import Sentence, SentenceBank
from .shapes import (
    _ENTITY,
    _YEAR,
    HARD_TYPES,
    Scored,
    entity_share,
    name_groups,
    names_term,
    sentence_dates,
    shape,
)

if TYPE_CHECKING:
    import numpy as np

# What the sources did not read or find (folded): unknown, neither a yes nor a no.
_UNREAD = re.compile(r"n'(?:a|ont) pas (?:non plus )?ete (?:lue?s?|trouvee?s?)\b|\bnon trouvee?s?\b")


def _unread(folded: str) -> bool:
    """The (folded) sentence says first of all that the sources left it unread or unfound (not
    as a caveat after what it tells: « … mentionne spécifiquement la Plateforme … ; le texte
    exact de l'article 31 n'a pas été lu »)."""
    found = _UNREAD.search(folded)
    return found is not None and ";" not in folded[:found.start()]


# A sentence that says the information is missing does not answer a "what/when/how much".
NOT_FOUND = re.compile(
    r"n'(a|ont) pas (non plus )?ete (trouvee?s?|publiee?s?|communiquee?s?|precisee?s?|verifiee?s?"
    r"|lue?s?)\b"
    r"|\bnon trouvee?s?\b|ne (precise|precisent|detaille|detaillent|mentionne|mentionnent) pas"
    r"|n'(est|sont) pas connue?s?\b|\b(est|sont|reste|restent) inconnue?s?\b"
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
    not_found_cover: float = 0.75  # share of the best's coverage enough when it names what lacks
    rank_prior: float = 0.06
    other_year: float = 0.1  # the question names a year; the sentence is about others
    named_source: float = 0.06  # the question names the document's publisher (« selon Clubic »)
    min_score: float = 0.40  # a part is answered when its best sentence scores this much...
    partial_score: float = 0.49  # a refused answer is quoted (partial, not found) from this much
    min_dense: float = 0.25  # ... and the best passage is this close to the question,
    min_lexical: float = 0.6  # ... or the best sentence holds this share of its rare terms
    # (a follow-up: this share, since its own words are few and the conversation found its
    # subject; a short elliptic turn embeds poorly)
    followup_lexical: float = 0.25
    # Less close evidence (« le recours de latombe contre le DPF ça en est ou ? » embeds far
    # from the sentence that answers it) goes on to the answerability check when most of what
    # the question asks (by weight) is words the documents use: the check, not the distance,
    # decides
    loose_dense: float = 0.18
    loose_lexical: float = 0.45
    loose_unknown: float = 0.55
    second_ratio: float = 0.75  # a runner-up quoted too scores at least this share of the best,
    second_gain: float = 0.2  # ... and comes from the same document or adds this share of terms,
    other_doc_ratio: float = 0.92  # ... or scores this close
    runner_up_depth: int = 5  # runners-up are looked for among the next few sentences
    typed_ratio: float = 0.75  # a typed sentence this close to the best untyped one replaces it
    latest_ratio: float = 0.6  # « où en est » : a dated statement this close may be the newest
    shape: float = 0.12  # the sentence has the shape the kind of question asks for
    entity_coverage: float = 0.1  # share of the question's names found around the sentence
    recency: float = 0.1  # "latest" questions: the newest dated statement
    min_entities: float = 0.7  # an answer holds (around it) the names the question gives
    comments_factor: float = 0.85  # questions about readers' comments: lower bar
    list_ratio: float = 0.6  # lists: a sentence naming other items, this close, is quoted too
    mood: float = 0.3  # the readers' general reaction: a judgement several readers share


DEFAULT_WEIGHTS = Weights()  # what ``answer()`` uses (``bench/tune_reader.py`` fits some on dev)
@dataclass
class PartResult:
    part: Part
    chosen: list[Scored]
    strength: float
    best: Scored | None
    quoted: list[Scored] = field(default_factory=list)  # what the answer quotes (``scoring``)
    names: float = 0.0  # the best share of the question's names around any candidate
    besides: list[Scored] = field(default_factory=list)  # quoted after the rest, not judged


@dataclass
class Composition:
    """What the composer decided, with the evidence behind it (the eval and tests read it)."""

    text: str
    answerable: bool
    hits: list[Hit] = field(default_factory=list)  # the cited passages, in citation order
    used: list[int] = field(default_factory=list)  # positions in ``hits`` quoted, 0-based
    parts: list[PartResult] = field(default_factory=list)
    reason: str = ""
    used_numbers: dict[int, int] = field(default_factory=dict)  # candidate index -> [n]
    lead: str = ""  # the answer itself, in a few words, when it can be read off the evidence




def _years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text))


def new_entities(sentence: Sentence, known: frozenset[str]) -> int:
    """Names, acronyms and figures in the sentence that the question does not mention."""
    return len(_names(sentence, known))


def score_sentences(part: Part, hits: Sequence[Hit], bank: SentenceBank, vector: np.ndarray,
                    weights: Weights, known: frozenset[str] = frozenset(),
                    analysis: Analysis | None = None,
                    in_corpus: Callable[[str], bool] = lambda term: True) -> list[Scored]:
    """Every sentence of the hits, scored against one part of the question (best first).

    ``known``: every stem of the question, to tell what a sentence adds; ``in_corpus`` tells
    whether a stem occurs in the index at all.
    """
    import numpy as np

    entries = bank.embedded([(hit.chunk_id, hit.chunk.text) for hit in hits])
    total = part.total
    kind = part.answer_type
    pattern = ANSWER_PATTERNS.get(kind)
    query = np.asarray(vector, dtype=np.float32)
    anchors = _years(" ".join(part.text.split()))
    scored: list[Scored] = []
    question_kind = part.kind
    names = name_groups(part.text, part.entities)
    documents = _documents_found(hits)
    for index, (hit, entry) in enumerate(zip(hits, entries, strict=True)):
        if not entry.sentences or entry.vectors is None:
            continue
        similarities = entry.vectors @ query
        heading = f"{hit.chunk.title} {hit.chunk.locator}"
        header = frozenset(analyze(heading))
        passage = bank.passage(hit.chunk_id, f"{heading} {hit.chunk.publisher} {hit.chunk.text}")
        if hit.chunk.kind == COMMENTS:
            passage = _with_subject(passage, hit)
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
            # (a figure given with a caveat on its source is given: « … 67 millions de
            # Français ; ce chiffre n'a pas été trouvé dans une source officielle »)
            # (nor is a duration unknown in a sentence whose unknown thing is of that
            # duration: « Le point de départ de la période d'autorisation de trois ans n'a
            # pas été trouvé » tells how long)
            told = (answerability.without_caveat(sentence.folded)
                    if part.answer_type in HARD_TYPES else sentence.folded)
            unknown = NOT_FOUND.search(told)
            not_found = unknown is not None and not (
                kind == "duration" and pattern is not None
                and pattern.search(told[:unknown.start()]))
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
            nearby = " ".join(sentences[j].folded for j in range(max(0, position - 2),
                                                                 min(len(sentences), position + 2)))
            if anchors and _years(sentence.folded) and not anchors <= _years(
                    nearby + " " + hit.chunk.locator) and not (
                        question_kind == "outcome"
                        and min(_years(sentence.folded)) > max(anchors)):
                # about another year than the one asked about (what became of the thing of
                # that year is told later: « l'appel d'offres de 2025 … il est devenu quoi ? »)
                score -= weights.other_year
            info = bank.info(sentence)
            if analysis is None:
                fit = 0.0
            elif question_kind == "said" and hit.chunk.kind == COMMENTS:
                # every sentence a reader wrote is what they said: no reporting verb to
                # look for (« … 3 lois qui dit dans les grandes lignes : … » is no better)
                fit = 1.0
            else:
                fit = shape(question_kind, analysis, sentence, info, known)
            share = entity_share(names, (f"{fold(heading)} {nearby}", context | sentence.stems),
                                 passage, in_corpus, documents.get(hit.chunk.doc_id, ""))
            score += weights.shape * fit + weights.entity_coverage * share
            dates = sentence_dates(sentence.folded)
            scored.append(Scored(index, position, sentence, score, float(similarity), coverage,
                                 typed, matched | in_header, not_found, fit, share,
                                 max(dates) if dates else (0, 0, 0)))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def _select(part: Part, scored: list[Scored], hits: Sequence[Hit], weights: Weights,
            max_sentences: int = 3, kind: str = "") -> list[Scored]:
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
        if kind in ("list", "comments") and candidate.shape > 0 and ratio >= weights.list_ratio:
            chosen.append(candidate)  # every item, across passages
            covered |= candidate.matched
            continue
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
                      idf: Callable[[str], float], names: Sequence[str] = ()) -> list[Scored]:
    """A sentence saying that exactly this was not found beats a loosely related statement.

    « Le nom du prestataire retenu en 2026 n'a pas été trouvé » covers « Quel prestataire a
    été retenu en 2026 ? » better than any sentence about other years does. "Exactly this":
    the sentence covers the question as well as the best one, and what it is about is
    mostly what the question is about (« la durée de conservation des données d'EMC2 n'a pas
    été trouvée » is not about « où sont stockées les données d'EMC2 »). A sentence naming a
    name of the question that the best one lacks covers it even with a few words fewer
    (« Une qualification SecNumCloud de Worldline n'a pas été trouvée » against a sentence on
    OVHcloud's qualification for « Depuis quand Worldline est-elle qualifiée SecNumCloud ? »).
    """
    best = scored[0]
    if best.not_found:
        if _about(best.sentence, known, idf) >= weights.not_found_precision:
            return scored
        # "X was not found", but X is something else: the best statement leads instead
        statement = next((s for s in scored if not s.not_found), None)
        if statement is None or _names_only(best.sentence, statement.sentence, names):
            return scored
        return [statement] + [s for s in scored if s is not statement]
    for candidate in scored[1:weights.runner_up_depth + 3]:
        covers = candidate.coverage >= best.coverage or (
            candidate.coverage >= weights.not_found_cover * best.coverage
            and _names_only(candidate.sentence, best.sentence, names))
        if candidate.not_found and covers \
                and candidate.score >= weights.second_ratio * best.score \
                and _about(candidate.sentence, known, idf) >= weights.not_found_precision:
            return [candidate] + [s for s in scored if s is not candidate]
    return scored


def _names_only(sentence: Sentence, other: Sentence, names: Sequence[str]) -> bool:
    """Does the clause saying what was not found write the question's names, one of which
    the other sentence does not (« Aucune source trouvée ne cite Worldline » against a sentence
    on OVHcloud; not « Selon X, le HDH a échangé avec … ; les sources ne précisent pas si… »)?"""
    clause = next((c for c in re.split(r"[;:]", sentence.folded) if NOT_FOUND.search(c)), "")
    folded = [fold(name) for name in names]
    return all(mentions(clause, name) for name in folded) and any(
        not mentions(other.folded, name) for name in folded)


_NOT_FOUND_WORDS = frozenset(analyze(
    "trouvé trouvée trouvés sources source officielles officiel consultées publié précise "
    "précisent connu connus non plus"
))


def _about(sentence: Sentence, known: frozenset[str], idf: Callable[[str], float]) -> float:
    """Share (by term weight) of what a sentence talks about that the question mentions."""
    terms = sentence.stems - _NOT_FOUND_WORDS
    total = sum(idf(t) for t in terms)
    return sum(idf(t) for t in terms if t in known) / total if total else 0.0


def _own_answers(results: Sequence[PartResult]) -> None:
    """Two questions in one get an answer each (« … lancée quand ? et présentée à la CNIL
    quand ? »): a part of the short-answer kinds whose quoted sentence is the one another part
    chose first, while its own first choice (holding a date, a figure, a name) is quoted
    nowhere, quotes its own first choice instead (« Fin octobre 2023, la CNIL a demandé une
    expertise … », not again « L'étude … a été présentée à la CNIL … le 21 décembre 2023 »)."""
    firsts = [r.chosen[0] for r in results if r.chosen]
    for result in results:
        if result.part.kind not in LEAD_KINDS or result.part.kind == "yes_no" \
                or not result.chosen or not result.quoted:
            continue
        own, quoted = result.chosen[0], result.quoted[0]
        if own.not_found or own.shape < 0.5 or _same(quoted, own) \
                or not any(_same(quoted, f) for f in firsts if f is not own) \
                or any(_same(own, q) for other in results for q in other.quoted):
            continue
        # (only a choice better for this part on its own terms: more of its words, a higher
        # score, two of its concepts at least; « … créée officiellement à quelle date, et à quel
        # GIP a-t-il succédé ? » keeps the sentence that answers both)
        if own.score <= quoted.score or own.coverage <= quoted.coverage or len(own.matched) < 2:
            continue
        if any(other is not result and result.part.text.endswith(other.part.text)
               for other in results):
            continue  # « …, and over how many years? »: a part asked of the one before it
        result.quoted = [own] + [q for q in result.quoted[1:] if not _same(q, own)]


LEANING_WORDS = 4  # a part of this many words or fewer asks about what another part asks
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


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


def _quote(items: Sequence[Scored], numbers: dict[int, int],
           hits: Sequence[Hit] = ()) -> str:
    """The sentences quoted with their [n]; a reader's comment says whose it is."""
    out: list[str] = []
    previous: Scored | None = None
    for s in items:
        author = comment_author(hits[s.hit_index]) if hits else ""
        who = f" ({author})" if author else ""
        if (author and previous is not None and previous.hit_index == s.hit_index
                and previous.position + 1 == s.position):
            # a reader's next sentence: one quote (« Trop tard … Dommage, car … Airbus … »)
            out[-1] = out[-1].replace(" »" + who, f" {s.sentence.text} »{who}", 1)
        else:
            out.append(f"« {s.sentence.text} »{who} [{numbers[s.hit_index]}]")
        previous = s
    return " ".join(out)


def _preamble(hit: Hit) -> bool:
    """The unsigned opening of a comments page (what the page holds, how it was collected):
    the page's own description, not a reader's opinion."""
    return hit.chunk.start == 0 and not comment_author(hit)


def comment_author(hit: Hit) -> str:
    """The reader who wrote a comment (« … > Ezeta »)."""
    return signature(hit.chunk.kind, hit.chunk.locator)


def _many_readers(chosen: list[Scored], scored: list[Scored], hits: Sequence[Hit],
                  weights: Weights, limit: int, part: Part | None = None) -> list[Scored]:
    """What the readers think: one sentence per reader, from as many readers as score close
    to the best (a question about the comments asks for their range of opinions).

    ``part``: a question about one point; each reader is then quoted by his best scored
    sentence, with the short one that judges it (``_judging_too``) and a short judgement just
    before that."""
    if not chosen or not any(comment_author(hits[s.hit_index]) for s in chosen):
        return chosen
    best = scored[0].score
    by_place = {(s.hit_index, s.position): s for s in scored}
    out: list[Scored] = []
    seen: set[str] = set()
    best_of: dict[str, Scored] = {}  # each reader's best scored sentence, about one point
    for s in scored if part is not None else ():
        if not threads.quoted_line(s):
            best_of.setdefault(comment_author(hits[s.hit_index]) or "\0", s)
    for candidate in chosen + scored[:weights.runner_up_depth * 3]:
        author = comment_author(hits[candidate.hit_index])
        if len(seen) >= limit:  # readers, not sentences: a continuation is the same opinion
            break
        if author in seen or any(_same(candidate, c) for c in out):
            continue
        if out and candidate.score < weights.list_ratio * best:
            continue
        seen.add(author)
        if part is not None:  # about one point: his best sentence on it, not his first
            candidate = best_of.get(author, candidate)
        out.append(candidate)
        judged = _judging_too(candidate, scored, part) if part is not None and author else None
        if judged is not None:
            following = by_place.get((candidate.hit_index, candidate.position + 1))
            if (following is not None and following is not judged
                    and len(following.sentence.text) < SHORT_OPINION
                    and not threads.quoted_line(following)
                    and not any(_same(following, c) for c in out)
                    and opinions.strength(following.sentence.text, following.sentence.stems) >= 0.5
                    and not opinions.strength(candidate.sentence.text, candidate.sentence.stems)):
                # a report goes on in the reader's judgement of it (« … la CNIL nous sort
                # qu'elles n'ont pas le niveau … » then « Y'a du avoir un sacré lobbying … »)
                out.append(following)
            before = by_place.get((judged.hit_index, judged.position - 1))
            if (before is not None and len(before.sentence.text) < SHORT_LEAD
                    and not threads.quoted_line(before) and not any(_same(before, c) for c in out)
                    and opinions.strength(before.sentence.text, before.sentence.stems) >= 0.5):
                out.append(before)  # « C'est une honte… » then « La CNIL vient de signer … »
            out.append(judged)
            continue
        # a short opinion goes on in the reader's next sentence (« Trop tard pour une
        # solution européenne commune. » then « Dommage, car … Airbus … »)
        after = by_place.get((candidate.hit_index, candidate.position + 1))
        if (after is not None and len(candidate.sentence.text) < SHORT_OPINION
                and not threads.quoted_line(after)):
            out.append(after)
    return out


SHORT_LEAD = 40  # characters: a reader's judgement this short leads into his next sentence


def _judging_too(candidate: Scored, scored: list[Scored], part: Part) -> Scored | None:
    """A reader's short sentence that judges the asked point, quoted with the one that only
    reports it: among his other sentences of the passage holding every term of the question
    his quoted one holds (in the sentence itself), a short one that judges when the quoted
    one does not (« … la CNIL nous sort qu'elles n'ont pas le niveau … » then « La CNIL vient
    de signer elle-même son aveu d'incompétence. »)."""
    def terms(s: Scored) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(part.concepts) if c.stems & s.sentence.stems)

    held = terms(candidate)
    if not held or opinions.strength(candidate.sentence.text, candidate.sentence.stems) > 0:
        return None
    own = [s for s in scored if s.hit_index == candidate.hit_index and not _same(s, candidate)
           and len(s.sentence.text) < SHORT_OPINION and not threads.quoted_line(s)
           and not opinions.is_question(s.sentence.text) and held <= terms(s)
           and opinions.strength(s.sentence.text, s.sentence.stems) > 0]
    return max(own, key=lambda s: (opinions.strength(s.sentence.text, s.sentence.stems),
                                   s.score), default=None)


def _readers_lead(items: Sequence[Scored], hits: Sequence[Hit], numbers: dict[int, int],
                  ask: str, answered: frozenset[str] = frozenset()) -> str:
    """« Qui, parmi les lecteurs, … ? »: the reader who signed the quoted opinion holding most
    of what the question asks (the first on a tie), with its marker (« Laurent_Marandet [1] »);
    not one the question names (« Qui a répondu à Baxter_X ? ») or the last answer gave
    (``answered``: the stems of its names and words; « Who pushed back on him? »)."""
    folded = fold(ask)

    def asked_of(author: str) -> bool:
        stems = frozenset(s for s in analyze(author) if len(s) > 2)  # « Baxter_X »: baxt
        return mentions(folded, fold(author)) or bool(stems & answered)

    signed = [(item, author) for item in items
              if (author := comment_author(hits[item.hit_index])) and item.hit_index in numbers
              and not asked_of(author)]
    if not signed:
        return ""
    item, author = max(signed, key=lambda pair: pair[0].coverage)  # the first on a tie
    return f"{author} [{numbers[item.hit_index]}]"


def _names(sentence: Sentence, known: frozenset[str]) -> frozenset[str]:
    """The names, acronyms and figures of a sentence that the question does not give."""
    found = set()
    for match in _ENTITY.finditer(sentence.text):
        stems = analyze(match.group(1))
        if stems and not any(s in known for s in stems):
            found.add(" ".join(stems))
    return frozenset(found)


MORE_ITEMS = 3  # names a close candidate must add to the quoted ones to join a list answer


def _more_items(quoted: list[Scored], scored: list[Scored], weights: Weights,
                known: frozenset[str]) -> list[Scored]:
    """A list asks for every item: when a quoted sentence names nothing the others do not
    (« … le CLOUD Act et le FISA » after « … du CLOUD Act et du FISA »), the close candidate
    naming the most things they do not is quoted too (« l'article 702 du FISA, l'Executive Order
    12333 et le Stored Communications Act »)."""
    names = [_names(s.sentence, known) for s in quoted]
    idle = [i for i in range(1, len(quoted)) if names[i]
            and names[i] <= frozenset().union(*(n for j, n in enumerate(names) if j != i))]
    if not idle:
        return quoted
    best = scored[0].score
    pool = [s for s in scored[:weights.runner_up_depth * 3]
            if s.score >= weights.list_ratio * best and s.shape >= 0.99 and not s.not_found
            and not any(_same(s, q) for q in quoted)]
    return _with_most_new(quoted, pool, lambda s: _names(s.sentence, known))


def _with_most_new(quoted: list[Scored], pool: Sequence[Scored],
                   names: Callable[[Scored], frozenset[str]]) -> list[Scored]:
    """``quoted`` and the candidate of ``pool`` naming the most things (``names``) the quoted
    sentences do not, when it names at least ``MORE_ITEMS`` of them (the better scored on a
    tie)."""
    named = frozenset().union(*(names(s) for s in quoted))
    gains = [(len(names(s) - named), s.score, s) for s in pool]
    gains = [g for g in gains if g[0] >= MORE_ITEMS]
    if not gains:
        return quoted
    return quoted + [max(gains, key=lambda g: (g[0], g[1]))[2]]


# « Qui a contesté la délibération ? », "Who challenged it in court?": several parties, often
# told in several passages (ISOC France's action, the companies' and associations' own)
_CHALLENGERS = re.compile(
    r"^\W*(?:(?:et|and|ok|so)\s+)?(?:(?:qui|who)\b.{0,25}\b(?:attaqu\w*|contest\w*|challeng\w*|sued"
    r"|took \w+ to court|went to court|brought (?:a|an) (?:action|case))"
    r"|(?:c'etait |c'est )?(?:qui|who)\b.{0,20}\brequerants?|(?:les |the )?requerants?\b)")
# Names of texts, not of parties (folded): « l'Executive Order 12333 », « le CLOUD Act »
_LAWS = re.compile(r"\b(act|order|fisa|rgpd|gdpr|loi|code|article|decret|directive|reglement)\b")
# What names the parties to an action (folded): « les requérants du référé étaient … », « la
# requête n° … de Clever Cloud, Nexedi … », « … ont saisi le Conseil d'État »
_PARTIES = re.compile(r"\b(requerants?|requetes?|recours|saisi\w*|attaqu\w*|contest\w*)\b")


def _more_parties(quoted: list[Scored], scored: list[Scored], weights: Weights,
                  bank: SentenceBank, asked: Sequence[frozenset[str]] = ()) -> list[Scored]:
    """Who challenged something is often several parties told in several passages: the close
    candidate naming the parties to an action, with organisations or people the quoted
    sentences lack (at least ``MORE_ITEMS``; not the laws they invoked), is quoted too. It or
    the two sentences before it hold something ``asked`` (the question's concepts other than
    names and the challenge): « la délibération », not another case's parties."""

    def parties(item: Scored) -> frozenset[str]:
        return frozenset(fold(text) for text, label in bank.info(item.sentence).entities
                         if label in ("ORG", "PER", "MISC") and not _LAWS.search(fold(text)))

    def passage(item: Scored) -> frozenset[str]:
        return frozenset().union(*(t.sentence.stems for t in scored if t.hit_index == item.hit_index
                                   and 0 <= item.position - t.position <= 2))

    best = scored[0].score
    pool = [s for s in scored[:weights.runner_up_depth * 3]
            if s.score >= weights.list_ratio * best and not s.not_found and s.entities >= 1.0
            and _PARTIES.search(s.sentence.folded) and not any(_same(s, q) for q in quoted)
            and any(c & passage(s) for c in asked)]
    return _with_most_new(quoted, pool, parties)


def _address_words(hit: Hit) -> str:
    """The words of the last part of a passage's address, folded (« …-microsoft-stockera-… »)."""
    address = hit.chunk.source_url.rsplit("/", 1)[-1]
    return " ".join(re.split(r"[-_./?=&]+", fold(address)))


def _documents_found(hits: Sequence[Hit]) -> dict[str, str]:
    """The passages found, by document, as written (not the comments, where a reader's word is
    no fact of the article)."""
    texts: dict[str, list[str]] = {}
    for hit in hits:
        if hit.chunk.kind != COMMENTS:
            texts.setdefault(hit.chunk.doc_id, []).append(hit.chunk.text)
    return {doc: "\n".join(parts) for doc, parts in texts.items()}


def _with_subject(passage: tuple[str, frozenset[str]], hit: Hit) -> tuple[str, frozenset[str]]:
    """A reader's comment is about the article it sits under, whose names the reader seldom
    repeats (« quelle honte de confier des données sensibles … » is about Microsoft): the
    words of the commented article's address (its title, « …-microsoft-stockera-… ») are
    part of the comment's passage for the names the question gives."""
    words = _address_words(hit)
    if not words.strip():
        return passage
    return f"{passage[0]} {words}", passage[1] | frozenset(analyze(words))


SHORT_OPINION = 90  # characters: a reader's sentence this short is quoted with the next one


# A turn about one reader (folded): « il », "he", « ce lecteur », "that commenter"
_THAT_READER = re.compile(r"\b(il|elle|he|she|him|her|his|lui|(?:ce|cet|cette|this|that) (?:lecteur"
                          r"|lectrice|internaute|commentateur|reader|commenter|guy|person))\b")


def _names_quoted(question: str, items: Sequence[Scored], hits: Sequence[Hit]) -> bool:
    """A name the question gives (other than the commented article's publisher) is in the
    quoted comments or signs one, or the question gives none: what readers said about OVH
    is answered by the comments naming OVH, not by those about something else."""
    asked = {fold(name) for name in followup_names(question)}
    asked -= {fold(hits[s.hit_index].chunk.publisher) for s in items}
    quoted = " ".join([s.sentence.folded for s in items]
                      + [fold(comment_author(hits[s.hit_index])) for s in items])
    return not asked or any(mentions(quoted, name) for name in asked)


def _general_mood(part: Part, hits: Sequence[Hit]) -> bool:
    """The question asks the readers' general reaction (« Globalement, comment les lecteurs
    ont-ils réagi au choix de Microsoft ? », "the general mood among readers"): none of its
    terms says more than the frame (react, think, mood, overall) and the commented article's
    subject (its address, its publisher)."""
    subject: set[str] = set(opinions.frame_stems())
    for hit in hits:
        if hit.chunk.kind == COMMENTS:
            subject |= set(analyze(_address_words(hit)))
            subject |= set(analyze(hit.chunk.publisher))
    return len(subject) > len(opinions.frame_stems()) and all(
        c.stems & subject for c in part.concepts)


def _by_judgement(scored: list[Scored], hits: Sequence[Hit], weights: Weights,
                  stance: str = "") -> list[Scored]:
    """For the general reaction: the readers' sentences that judge, first those whose judgement
    other readers share (« une honte … », « quelle honte … », « C'est une honte… »)."""
    shared = opinions.shared_judgements(
        [(comment_author(hits[s.hit_index]), s.sentence.stems) for s in scored
         if hits[s.hit_index].chunk.kind == COMMENTS])
    out = []
    for s in scored:
        if hits[s.hit_index].chunk.kind == COMMENTS:
            text = s.sentence.text
            if stance == "+":  # who is for it: what a reader praises or accepts
                judged = opinions.leaning(text, s.sentence.stems)
            else:
                judged = opinions.strength(text, s.sentence.stems) + shared(s.sentence.stems)
            bonus = weights.mood * (judged - (0.5 if opinions.is_question(text) else 0.0))
            s = replace(s, score=s.score + bonus)
        out.append(s)
    out.sort(key=lambda s: s.score, reverse=True)
    return out


def _quoted_term_defined(analysis: Analysis, result: PartResult) -> bool:
    """A definition question quoting its term (« Le « principe de composition » introduit par
    SecNumCloud 3.2, ça veut dire quoi pour un éditeur SaaS ? ») is answered by the sentences
    holding that term: the other names say where the asker met it, or who they are."""
    term = quoted_term(analysis.ask or analysis.question)
    return analysis.kind == "definition" and len(analysis.parts) == 1 and bool(term) and any(
        term <= s.sentence.stems for s in result.chosen)


def _signed(hits: Sequence[Hit]) -> bool:
    """Some of the passages read are readers' signed comments."""
    return any(comment_author(hit) for hit in hits)


def _comment_terms(hits: Sequence[Hit], bank: SentenceBank) -> frozenset[str]:
    """Every stem of the comments read, with their commented article's address."""
    terms: set[str] = set()
    for hit in hits:
        if hit.chunk.kind == COMMENTS:
            heading = f"{hit.chunk.title} {hit.chunk.locator}"
            passage = bank.passage(hit.chunk_id,
                                   f"{heading} {hit.chunk.publisher} {hit.chunk.text}")
            terms |= _with_subject(passage, hit)[1]
    return frozenset(terms)


# A question about the comments page itself (how many were published, which one was left
# out), not about what the readers think: the page's preamble answers it.
_ABOUT_PAGE = re.compile(
    r"\b(combien|how many|number of|nombre de|ecartee?s?|repris|retenus?|left out|excluded"
    r"|omitted|kept|removed|publiee?s?|published|posted)\b")


def _opinions_only(scored: list[Scored], hits: Sequence[Hit], question: str = "") -> list[Scored]:
    """Questions about the readers: when the comments are signed, a comments page's unsigned
    preamble (« Commentaires publiés sous l'article … ») is not an opinion (unless the question
    asks about the page: how many comments it holds, which one it left out)."""
    scored = [s for s in scored if not threads.quoted_line(s)]
    signed = [s for s in scored if comment_author(hits[s.hit_index])]
    if not signed or _ABOUT_PAGE.search(fold(question).replace("’", "'")):
        return scored
    return [s for s in scored
            if hits[s.hit_index].chunk.kind != COMMENTS or comment_author(hits[s.hit_index])]


NAMED_READER_SENTENCES = 3  # sentences quoted of the readers a question names


def _named_readers(question: str, scored: list[Scored], hits: Sequence[Hit]) -> list[Scored]:
    """« Que demande kroman ? », "What did LeChien say?": the sentences of the readers the
    question names, best scored first (none when it names no reader)."""
    folded = fold(question)
    named = {a for a in {comment_author(hit) for hit in hits} if mentions(folded, fold(a))}
    return [s for s in scored if comment_author(hits[s.hit_index]) in named
            and not threads.quoted_line(s)]


def see_also(language: Language, count: int, limit: int = 3) -> str:
    markers = ", ".join(f"[{i + 1}]" for i in range(min(limit, count)))
    return message(language, "see_also", markers=markers) if markers else ""


def _finish(language: Language, hits: Sequence[Hit], k: int, items: Sequence[Scored],
            key: str, parts: list[PartResult], reason: str, answerable: bool,
            what: str = "") -> Composition:
    order = cited_hits(hits, k, sorted({s.hit_index for s in items}))
    numbers = {index: n for n, index in enumerate(order, start=1)}
    # Only ``k`` passages are cited: a sentence whose passage did not make it is not quoted.
    items = [s for s in items if s.hit_index in numbers]
    used = sorted({s.hit_index for s in items})
    def opinion(item: Scored) -> bool:
        hit = hits[item.hit_index]
        return hit.chunk.kind == COMMENTS and not _preamble(hit)

    facts = [s for s in items if not opinion(s)]
    opinions = [s for s in items if opinion(s)]
    texts = []
    if facts:
        texts.append(message(language, key, quotes=_quote(facts, numbers), what=what))
    if opinions:
        if not facts and key == "partial":
            texts.append(message(language, "partial_opinions", what=what))
        texts.append(message(language, "opinions", quotes=_quote(opinions, numbers, hits)))
    return Composition(text=" ".join(texts), answerable=answerable,
                       hits=[hits[i] for i in order], used=[numbers[i] - 1 for i in used],
                       parts=parts, reason=reason, used_numbers=numbers)


def _abstain(language: Language, hits: Sequence[Hit], k: int, reason: str,
             parts: list[PartResult]) -> Composition:
    cited = list(hits[:k])
    text = f"{message(language, 'abstain')} {see_also(language, len(cited))}".strip()
    return Composition(text=text, answerable=False, hits=cited, parts=parts, reason=reason)


# Kinds whose answer must have its shape: without a date, a « quand » is not answered.
STRICT_KINDS = frozenset({"when", "count", "money", "duration", "who", "outcome"})
_MISSING = {"count": "figure", "money": "figure", "when": "date", "duration": "duration",
            "who": "name", "outcome": "outcome"}


# A sentence that only says a step told before was published (folded)
_RESTATED = re.compile(r"^(?:ce|cet|cette|ces)\s+\w+\s+(?:a|ont)\s+ete\s+publiee?s?\b")


# A step taken against a ruling (folded): « a formé un pourvoi », « a fait appel »
_APPEALED = re.compile(r"\b(pourvoi|fait appel|interjete appel|appealed|appeal)\b")


def _with_last_ruling(quoted: list[Scored], scored: Sequence[Scored], depth: int) -> list[Scored]:
    """Where a case stands (« Où en est le recours de Latombe ? »), when its newest step is an
    appeal (« … a formé un pourvoi … le 31 octobre 2025 »): the ruling appealed, told in the same
    passage (« Le Tribunal … a rejeté le recours … le 3 septembre 2025 »), is quoted too; the
    step comes before the publication that restates it (« Ce pourvoi a été publié … »)."""
    steps = [s for s in quoted if _APPEALED.search(s.sentence.folded)
             and not _RESTATED.match(s.sentence.folded)]
    if not steps:
        return quoted
    if _RESTATED.match(quoted[0].sentence.folded):
        quoted = [steps[0]] + [s for s in quoted if s is not steps[0]]
    if any(deciding.RULING.search(s.sentence.folded) for s in quoted):
        return quoted
    ruling = next((s for s in scored[:depth] if s.hit_index == steps[0].hit_index
                   and not s.not_found and deciding.RULING.search(s.sentence.folded)
                   and (0, 0, 0) < s.newest <= steps[0].newest), None)
    return quoted if ruling is None else quoted + [ruling]


def _with_first_step(quoted: list[Scored], scored: Sequence[Scored], depth: int,
                     limit: int, section: Callable[[Scored], tuple[str, str]]) -> list[Scored]:
    """Where something stands (« Bleu l'a eue, la qualification ? »), told by its newest steps
    (« … a validé le jalon J1 le 17 novembre 2025 », « … ne figurait pas au catalogue … en
    septembre 2026 »): the earlier step its section tells and that matches the question better
    than they do (« Bleu a obtenu le jalon J0 … le 17 avril 2025 ») comes last, where it
    started."""
    if not quoted or len(quoted) >= limit or any(s.not_found for s in quoted):
        return quoted
    oldest = min(s.newest for s in quoted)
    best = max(s.score for s in quoted)
    step = next((s for s in scored[:depth] if s not in quoted and not s.not_found
                 and section(s) == section(quoted[0]) and (0, 0, 0) < s.newest < oldest
                 and s.newest[1] and s.score > best and s.entities >= quoted[0].entities),
                None)
    return quoted if step is None else quoted + [step]


def _reorder(kind: str, scored: list[Scored], weights: Weights) -> list[Scored]:
    """Bring forward the close candidate that has the answer's shape (a reason for « pourquoi »,
    the newest dated statement for « où en est »...)."""
    best = scored[0]
    if best.score <= 0:
        return scored
    close = [s for s in scored[:weights.runner_up_depth + 5]
             if s.score >= weights.typed_ratio * best.score and not s.not_found]
    if kind in ("latest", "outcome"):
        dated = [s for s in close if s.newest > (0, 0, 0) and s.shape >= 0.5]
        if kind == "latest":
            # the newest state may be worded far from the question (« Bleu ne figurait pas au
            # catalogue … en septembre 2026 » under « Où en est Bleu … ? »): a dated statement
            # about the same names, a little further down, counts too
            dated += [s for s in scored[:weights.runner_up_depth * 2]
                      if s not in dated and s.newest > (0, 0, 0) and s.shape >= 0.5
                      and not s.not_found and s.score >= weights.latest_ratio * best.score
                      and s.entities >= best.entities]
        if kind == "latest":
            # « Ce pourvoi a été publié au JOUE le 22 décembre 2025 »: the publication of a step
            # told before is no new state; the step is (« … a formé un pourvoi … »)
            dated = [s for s in dated if not _RESTATED.match(s.sentence.folded)] or dated
        if dated:
            newest = max(dated, key=lambda s: (s.newest, s.score))
            return [newest] + [s for s in scored if s is not newest]
        return scored
    if best.shape >= 0.99 or kind == "who" and best.shape >= 0.7:
        # (« Qui délivre la qualification SecNumCloud ? »: the body the best sentence names
        # answers as well as a person named in a weaker one)
        return scored
    # not for one that lacks the names the best sentence holds (« Philippe Latombe »)
    shaped = [s for s in close if s.shape > best.shape
              and s.entities >= min(best.entities, weights.min_entities)]
    if shaped:
        pick = max(shaped, key=lambda s: (s.shape, s.score))
        return [pick] + [s for s in scored if s is not pick]
    return scored


_DATING = frozenset(analyze("date dater daté datée"))


def _dated_by_publication(item: Scored, analysis: Analysis) -> bool:
    """``item`` dates a publication while the question asks the date of another event (not
    only its date: « il date de quand ? »)."""
    event = answerability.asked_event(analysis.ask or analysis.question, analysis.language)
    return bool(event - _DATING) and not datelines.publication_asked(
        analysis.ask or analysis.question) and datelines.dates_publication(item)


def _of_event(scored: list[Scored], weights: Weights, event: frozenset[str],
              bank: SentenceBank, names: frozenset[str] = frozenset(),
              dated_by_other: Callable[[Scored], bool] = lambda s: False) -> list[Scored]:
    """A date question asks the date of an event (« publiée »): a close dated sentence
    stating that event comes before a dated one that does not (« datée du 5 juillet » is not
    « publiée le 9 juillet »)."""
    best = scored[0]
    if not event or best.shape < 0.99:
        return scored

    place = {(s.hit_index, s.position): s for s in scored}

    def says(item: Scored) -> bool:
        info = bank.info(item.sentence)
        return bool(event & (item.sentence.stems | frozenset(
            s for lemma in info.lemmas for s in analyze(lemma))))

    def states(item: Scored) -> bool:
        # or the next sentence, when it goes on about the same subject (« La délibération
        # n° 2023-146 de la CNIL a été adoptée le 21 décembre 2023. La délibération n° 2023-146
        # autorise … »)
        following = place.get((item.hit_index, item.position + 1))
        return says(item) or following is not None and says(following) and _same_subject(
            bank.info(item.sentence).subject, following.sentence.text)

    # (``dated_by_other``: « Dans une décision publiée au Journal officiel le 31 janvier 2024,
    # la CNIL a autorisé … » dates the publication, not the authorisation)
    if states(best) and not dated_by_other(best):
        return scored
    # (a sentence dating another event than the one it states may give way to a weaker one
    # whose subject the question names: « La délibération … de la CNIL a été adoptée le … »,
    # not « Le Conseil d'État a jugé le … que la délibération ne pouvait autoriser … »)
    weaker = states(best)

    def subject_named(item: Scored) -> bool:
        return not weaker or bool(names & frozenset(analyze(bank.info(item.sentence).subject)))

    ratio = weights.latest_ratio if weaker else weights.typed_ratio
    pick = next((s for s in scored[1:weights.runner_up_depth * 3]
                 if s.shape >= 0.99 and not s.not_found and states(s) and not dated_by_other(s)
                 and subject_named(s) and s.score >= ratio * best.score
                 and s.entities >= best.entities), None)
    return scored if pick is None else [pick] + [s for s in scored if s is not pick]


def _same_subject(subject: str, following: str) -> bool:
    """Does the next sentence open on the subject of the one before (« La délibération
    n° 2023-146 … »; two of its words at least, in the next sentence's first six)?"""
    words = set(analyze(subject))
    return bool(words) and len(words & set(analyze(" ".join(following.split()[:6])))) >= min(
        2, len(words))


def _series_asked(analysis: Analysis) -> str:
    """The text naming the numbered name asked about: the turn's own words, or, for a follow-up
    naming none (« Et l'arrêt d'avant ? »), the question completed from the conversation
    (« … Schrems I »)."""
    own = analysis.ask or analysis.question
    if analysis.followup and not asked_series(own) and asked_series(analysis.question):
        return analysis.question
    return own


# Kinds whose answer often sits next to the sentence that restates the question: the reason
# after « La CNIL a limité l'autorisation à trois ans », what was said after « X a réagi ».
COMPLETED_KINDS = frozenset({"why", "said", "definition", "outcome"})
# Kinds whose first quoted sentence goes on in the next one when that one points back to it
# (« L'article 32 réécrit le IV … » then « Selon ce texte, un décret … »).
CONTINUED_KINDS = frozenset({"why", "said", "definition", "outcome", "other"})


def _complete(scored: list[Scored], hits: Sequence[Hit], bank: SentenceBank,
              weights: Weights, kind: str) -> list[Scored]:
    """The best sentence and the one that completes it: a close candidate with the answer's
    shape, else the sentence that follows it in its passage (then the one before)."""
    best = scored[0]
    if best.shape >= 0.99 and kind != "said":
        return [best]
    by_place = {(s.hit_index, s.position): s for s in scored}
    close = [s for s in scored[1:weights.runner_up_depth + 1]
             if s.shape >= 0.99 and s.score >= weights.second_ratio * best.score
             and not s.not_found and not _same(s, best)]
    second = close[0] if close else None
    if second is None:
        around = [by_place.get((best.hit_index, best.position + offset)) for offset in (1, -1, 2)]
        near = [n for n in around if n is not None and not n.not_found and not _same(n, best)]
        shaped = [n for n in near if n.shape >= 0.99]
        second = (shaped or near)[0] if (shaped or near) else None
    if second is None:
        return [best]
    pair = [best, second]
    if second.hit_index == best.hit_index:
        pair.sort(key=lambda s: s.position)
    return pair


def _subject_key(answered: frozenset[str], recalled: frozenset[str]):
    """Which sentence holds the conversation's subject: the one covering the question best
    (the name the last answer gave counts), then the one holding more of the last answer's
    words (« La CNIL a limité à **trois ans** l'autorisation » after « Trois ans. »)."""
    def key(s: Scored) -> tuple[float, int, float]:
        return (round(s.coverage + (0.2 if s.sentence.stems & answered else 0), 2),
                len(s.sentence.stems & recalled), s.score)
    return key


WHY_SUBJECT_SHARE = 0.8  # of the best subject's coverage, for one told with its reason


def _why_next(scored: list[Scored], weights: Weights, answered: frozenset[str],
              recalled: frozenset[str], place: Place) -> list[Scored]:
    """« Pour quelle raison ? » after « Qui a rejeté le référé ? »: the reason follows the
    sentence that holds the conversation's subject (and the name the last answer gave: « M.
    Ollier a rejeté la demande … »), a sentence or two later (« Le juge a estimé que la condition
    d'urgence n'était pas remplie »), not a reason given elsewhere about something else."""
    close = [s for s in scored[:weights.runner_up_depth * 2] if not s.not_found]
    if not close:
        return []
    key = _subject_key(answered, recalled)
    subject = max(close, key=key)
    if subject.shape >= 0.99:
        return [subject]
    order = ReadingOrder(scored, place)

    def told_with_reason(item: Scored) -> bool:
        # a reason clause follows (« a estimé que la condition d'urgence n'était pas
        # remplie »), not any sentence that merely has the shape the question's words asked for
        return any(grounds.gives_reason(s) for s in grounds.after(item, order))

    if not told_with_reason(subject) and deciding.RULING.search(subject.sentence.folded):
        # the same event told in another passage that goes on with its reason (a timeline's
        # line « Le 22 mars 2024, le juge a rejeté … » vs the deliberation's own account)
        level = key(subject)[0] * WHY_SUBJECT_SHARE
        # (the one sharing most of the conversation's words: the 22 March ruling's account,
        # not another ruling's)
        told = next((s for s in sorted(close, key=lambda s: (key(s)[1], key(s)[0]),
                                       reverse=True)
                     if s is not subject and key(s)[0] >= level
                     and deciding.RULING.search(s.sentence.folded) and told_with_reason(s)),
                    None)
        subject = told or subject
    following = grounds.after(subject, order)
    reasons = [s for s in following if grounds.gives_reason(s)][:2]
    return [subject, *reasons] if reasons else []


# The last word on a case (stems): "final", « définitive », « au fond », "on the merits"
_FINAL = frozenset(analyze("final finale définitif définitive fond merits"))
_IN_THE_END = re.compile(r"\b(au final|in the end|finalement|finally)\b", re.IGNORECASE)


# A name written in capitals (« DARWIN », « EMC2 », « CNLL »)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")


NEXT_TOLD = 2500  # characters after the conversation's subject where its outcome is told
RETOLD = 4  # words of the last answer a sentence holds to be the one that told it
ASIDE = 1  # ... and fewer than this, to be about something else


def _outcome_next(scored: list[Scored], weights: Weights, answered: frozenset[str],
                  recalled: frozenset[str] = frozenset(),
                  own: frozenset[str] = frozenset(),
                  place: Place | None = None, known: frozenset[str] = frozenset(),
                  fate: bool = False) -> list[Scored]:
    """« Et ça a abouti à quoi ? », "How did that end?": among the close candidates, the
    sentence that says what was decided (« … a rejeté le recours de Clever Cloud … »), holding
    the turn's own words (``own``: « Et au fond, ça a donné quoi ? » asks the ruling « au fond »,
    not the interim order), about what the last answer named (« Clever Cloud »), dated if
    possible; not the sentence that restates the filing the conversation was about, nor
    another case's outcome. ``fate``: the conversation is about a tender, a plan, not a case:
    what became of it is not a court's ruling (« le gouvernement a renoncé … et a annulé
    l'appel d'offres », not « le Conseil d'État a rejeté le recours … »)."""
    best = scored[0]
    # the sentence that holds the conversation's subject (« L'arrêt Schrems I a été rendu … »):
    # the outcome a few sentences after it is that case's (« … a invalidé le Safe Harbor »)
    subject = max((s for s in scored[:weights.runner_up_depth * 2] if not s.not_found),
                  key=_subject_key(answered, recalled))
    # (the sentence that tells most of the last answer, when one tells it well: « … un
    # collectif appelé « SantéNathon », réunissant 18 organisations … » after « Le collectif
    # SantéNathon, 18 organisations, en septembre 2020 », not another ruling closer to the ask)
    told = [s for s in scored if not s.not_found and len(s.sentence.stems & recalled) >= RETOLD]
    if told and len(subject.sentence.stems & recalled) < ASIDE:
        subject = max(told, key=lambda s: (len(s.sentence.stems & recalled), s.score))
    # (an outcome is not dated before what it ends: « Le Tribunal a rejeté le recours … le 3
    # septembre 2025 » is not how the appeal of 31 October 2025 turned out; unless told after
    # it, where an earlier date is that of what was ruled on: « … a invalidé le Safe Harbor,
    # c'est-à-dire la décision … du 26 juillet 2000 »)
    def earlier_step(s: Scored) -> bool:
        if not (0, 0, 0) < s.newest < subject.newest:
            return False
        if place is None:
            return True
        (document, offset), (home, start) = place(s), place(subject)
        return document != home or offset < start

    rulings = [s for s in scored[:weights.runner_up_depth * 4]
               if not s.not_found and deciding.RULING.search(s.sentence.folded)
               and not earlier_step(s)]
    if fate and any(not in_court(s.sentence.folded) for s in rulings):
        rulings = [s for s in rulings if not in_court(s.sentence.folded)]
    if not rulings:
        # no outcome told after it: the statement that it is not known, when there is one
        # (« L'issue du pourvoi … n'a pas été trouvée »)
        unknown = [s for s in scored[:weights.runner_up_depth * 2] if s.not_found
                   and len(s.sentence.stems & subject.sentence.stems) >= 2]
        return [subject, unknown[0]] if unknown and subject.newest > (0, 0, 0) else []
    # the best candidate often restates the filing the conversation was about (« Le 29 juin
    # 2024, Clever Cloud … ont saisi le Conseil d'État »): a ruling about what the last answer
    # named (« … a rejeté le recours de Clever Cloud ») is measured against the best ruling
    def acronyms(s: Scored) -> frozenset[str]:
        return frozenset(analyze(" ".join(_ACRONYM.findall(s.sentence.text))))

    def other_case(s: Scored) -> bool:
        return bool(acronyms(s) - known)

    # a ruling told in the subject's own passage is its case's (« Le 19 juin 2020, le juge … a
    # refusé de suspendre … » before « Les requérants de l'affaire n° 440916 … »)
    ruled_there = any(s.hit_index == subject.hit_index and abs(s.position - subject.position) <= 4
                      for s in rulings)

    def told_next(s: Scored) -> bool:
        # in the subject's document, a little after it (« En septembre 2020, un collectif … a
        # formé un nouveau recours » … « Le 13 octobre 2020, le juge des référés … a refusé »)
        if place is None or ruled_there or s.hit_index == subject.hit_index:
            return False
        (document, offset), (home, start) = place(s), place(subject)
        return document == home and 0 < offset - start <= NEXT_TOLD

    close = [s for s in rulings if s.score >= weights.list_ratio * best.score
             or s.sentence.stems & answered
             and s.score >= weights.list_ratio * rulings[0].score
             or told_next(s) and not other_case(s)]
    if not close:
        return []

    def after_subject(s: Scored) -> int:  # the nearer after it, the better
        step = s.position - subject.position
        if s.hit_index == subject.hit_index and 0 <= step <= 4:
            return 5 - step
        return 1 if told_next(s) else 0

    own = own - answered
    if own & _FINAL:
        # "And the final ruling?", « Et sur le fond ? »: the ruling on the merits (« a rejeté au
        # fond »), else the last one told, not the interim order the conversation was about
        pick = max(close, key=lambda s: (bool(s.sentence.stems & _FINAL), s.newest, s.score))
    else:
        # a ruling naming in capitals a case the conversation named comes first (« … ces
        # autorisations DARWIN UE » after « C'est quoi DARWIN UE ? »), one naming a case it
        # never named comes last (the same, after a conversation about the EMC2 deliberation)
        pick = max(close, key=lambda s: (bool(acronyms(s) & known), len(s.sentence.stems & own),
                                         not other_case(s),
                                         len(s.sentence.stems & answered),
                                         after_subject(s), s.newest > (0, 0, 0), s.score))
    # the ruling goes on in a later sentence of its passage (« … a refusé de suspendre … » then
    # « Le juge des référés a enjoint … un nouvel avenant »), else in the next one
    later = {s.position - pick.position: s for s in scored
             if s.hit_index == pick.hit_index and 0 < s.position - pick.position <= 4
             and not s.not_found and not _same(s, pick)}
    ruling = None
    for step in sorted(later):
        if deciding.RULING.search(later[step].sentence.folded):
            ruling = later[step]
            break
        if later[step].coverage >= subject.coverage:
            break  # a sentence restating the ask as well as the subject's: another case
    # the next sentence, when it has the answer's shape and goes on about the ruling (not « La
    # loi SREN a été promulguée … » after « … a rejeté au fond les recours … »)
    after = ruling or (later[1] if 1 in later and later[1].shape >= 0.5
                       and len(later[1].sentence.stems & pick.sentence.stems) >= 2 else None)
    return [pick, after] if after is not None else [pick]


# « Et ensuite ? », « Il a fait quoi ensuite ? », "What happened next?": the next event.
_NEXT = re.compile(r"\b(ensuite|et apres|apres (ca|cela)|la suite|puis|next|then|afterwards"
                   r"|after that|what followed)\b")
# Words that only frame « what happened »: « il a fait quoi », "what happened", « et alors ».
_NEXT_FRAME = frozenset(
    "et il elle ils elles on a ont fait faite quoi que qu s est passe passee alors ca cela y "
    "and what happened happen did they he she it do then so le la les".split())
_ELABORATES = re.compile(r"^(selon|d'apres|source|according to)\b")


def asks_next(question: str) -> bool:
    """The turn asks only what happened next (« Et ensuite ? », « Il a fait quoi ensuite ? »,
    "What happened next?"), not something of its own at a later time (« Qui a été retenu
    ensuite ? »: a who-question)."""
    folded = fold(question).replace("’", "'")
    if not _NEXT.search(folded) or re.search(
            r"\b(qui|quand|combien|pourquoi|ou|quel|quelle|quels|quelles|who|when|why|where"
            r"|which|how many|how much|how long)\b", folded):
        return False
    words = [w for w in re.findall(r"[a-z0-9]+", _NEXT.sub(" ", folded))
             if w not in _NEXT_FRAME]
    return len(words) <= 1


EARLIER_REACH = 900  # characters before the subject's sentence where what came before is told
# « Et avant ça ? », « et l'arrêt d'avant ? », "and the version before that?": what came before.
# (Not « the Safe Harbor before it? »: that names what it asks about.)
_BEFORE = re.compile(r"\b(avant (ca|cela)|d'avant|auparavant|precedente?s?|before (that|this)"
                     r"|the one before|previous( one)?|earlier one)\b")


def asks_before(question: str) -> bool:
    """The turn asks what came before the conversation's subject (« Et avant ça ? », "And the
    one before the Privacy Shield?"), with no question word of its own (« et celui d'avant, il
    avait fait tomber quoi, et quand ? » asks its own question)."""
    folded = fold(question).replace("’", "'")
    return bool(_BEFORE.search(folded)) and not re.search(
        r"\b(qui|quand|combien|pourquoi|ou|quoi|quel|quelle|quels|quelles|who|when|why|where"
        r"|what|which|how)\b", folded)


def _conversation_subject(scored: list[Scored], weights: Weights, answered: frozenset[str],
                          recalled: frozenset[str]) -> Scored | None:
    """Among the close candidates, the sentence holding the conversation's subject: most of
    the last answer's words, then ``_subject_key``."""
    close = [s for s in scored[:weights.runner_up_depth * 2] if not s.not_found]
    if not close:
        return None
    return max(close, key=lambda s: (len(s.sentence.stems & recalled),)
               + _subject_key(answered, recalled)(s))


def _previous_event(scored: list[Scored], weights: Weights, answered: frozenset[str],
                    recalled: frozenset[str], place: Place) -> list[Scored]:
    """« Et avant ça ? » after « Le Conseil d'État a rejeté au fond … le 19 novembre 2024 »:
    the sentence that holds the conversation's subject, and before it, in its document (the
    passages before its own included: ``place``), the nearest sentence dated earlier (« Le 22
    mars 2024, le juge des référés a rejeté … »)."""
    subject = _conversation_subject(scored, weights, answered, recalled)
    if subject is None or subject.newest == (0, 0, 0):
        return []
    # the same event told elsewhere (another document's sentence of the same date) may be
    # where the one before it is told
    tellings = [subject] + [s for s in scored[:weights.runner_up_depth * 2]
                            if s.newest == subject.newest and not s.not_found
                            and place(s)[0] != place(subject)[0]]
    for telling in tellings:
        document, offset = place(telling)
        earlier = [s for s in scored if place(s)[0] == document
                   and 0 < offset - place(s)[1] <= EARLIER_REACH and not s.not_found
                   and (0, 0, 0) < s.newest < telling.newest and not _same(s, telling)]
        if earlier:
            return [max(earlier, key=lambda s: place(s)[1]), telling]
    return []


def _next_event(scored: list[Scored], weights: Weights, answered: frozenset[str],
                recalled: frozenset[str]) -> list[Scored]:
    """« Et ensuite ? » after « Le juge a refusé de suspendre … »: the sentence that holds
    the conversation's subject (and the last answer's words), then, in its passage, the next
    sentence dated later (« … a formé un pourvoi le 31 octobre 2025 »), else the next one
    that does not merely elaborate (« Selon l'ordonnance, … »): « Le juge a enjoint … »."""
    subject = _conversation_subject(scored, weights, answered, recalled)
    if subject is None:
        return []
    later = sorted((s for s in scored if s.hit_index == subject.hit_index
                    and 0 < s.position - subject.position <= 5 and not s.not_found
                    and not _same(s, subject)), key=lambda s: s.position)
    dated = [s for s in later if subject.newest > (0, 0, 0) and s.newest > subject.newest]
    plain = [s for s in later if not _ELABORATES.match(s.sentence.folded)]
    following = dated or plain or later
    return [subject, following[0]] if following else []


def _quoted(analysis: Analysis, part: Part, scored: list[Scored], hits: Sequence[Hit],
            bank: SentenceBank, chosen: list[Scored], *, sequel: bool = False) -> list[Scored]:
    """The sentences to quote: the learned scorer's choice (``scoring``), else ``chosen``
    (``sequel``: a follow-up's hand-set choice of what followed the last answer)."""
    model = scoring.current()
    if model is None and scoring.observer is None:
        return chosen
    candidates = scoring.features(analysis, part, scored, hits, bank, chosen,
                                  None if model is None else model.associations)
    if scoring.observer is not None:
        scoring.observer(analysis, part, scored, hits, bank, candidates, chosen, sequel)
    # Questions about the readers keep one sentence per reader (``_many_readers``). A follow-up
    # turn is the model's choice too: its features include what a sentence shares with the
    # turn's own words and with the last answer (``scoring.CONVERSATION``).
    if model is None or scored[0].not_found:
        return chosen
    if analysis.comments or sequel:
        # a hand-set choice (one sentence per reader; what followed the last answer) stands,
        # unless the scorer is sure of a sentence it left out
        chosen = _sure_first(chosen, scored, model.probabilities(candidates.matrix))
        return chosen if analysis.comments else _short(analysis, candidates.kind, chosen, bank)
    term: frozenset[str] = frozenset()
    if candidates.kind == "definition":
        term = term_of(analysis.ask or analysis.question, part.entities or analysis.entities,
                       [c.stems for c in part.concepts])
    probabilities = model.probabilities(candidates.matrix)
    quoted = scoring.choose(model, candidates, scored, hits, probabilities, term=term)
    if candidates.kind == "definition":
        quoted = with_effect(quoted, scored, term, in_documents(hits))
    quoted = doing(analysis.ask or analysis.question, quoted, scored, probabilities)
    if candidates.kind == "when" and chosen and quoted and _dated_by_publication(
            quoted[0], analysis) and not _dated_by_publication(chosen[0], analysis):
        # the date of the event asked, not of the publication the scorer's sentence dates
        quoted = [chosen[0]] + [s for s in quoted if s is not chosen[0]]
    if candidates.kind == "when":
        quoted = datelines.with_both_dates(analysis.ask or analysis.question, quoted, scored)
    # the time the turn names, else, for a follow-up, the time its conversation named (« il
    # disait quoi dans sa lettre ? » after « qui a écrit à la CNIL en février 2023 ? »)
    timed = analysis.ask or analysis.question
    if analysis.followup and not months_asked(timed):
        timed = analysis.question
    if candidates.kind not in ("when", "comments"):
        quoted = asked_time_first(timed, quoted, scored, DEFAULT_WEIGHTS.runner_up_depth * 2)
    if candidates.kind == "latest":
        quoted = _with_last_ruling(quoted, scored, DEFAULT_WEIGHTS.runner_up_depth * 3)
        quoted = _with_first_step(quoted, scored, DEFAULT_WEIGHTS.runner_up_depth * 2,
                                  int(model.selection["max_sentences"]), in_sections(hits))
    if candidates.kind == "said":
        quoted = speech.complete(analysis, quoted, scored, probabilities,
                                 lambda s: bank.info(s.sentence))
        quoted = speech.goes_on_saying(quoted, scored, in_documents(hits))
        quoted = speech.said_first(quoted, scored, in_documents(hits))
        quoted = asked_time_first(timed, quoted, scored, DEFAULT_WEIGHTS.runner_up_depth * 2)
    if candidates.kind == "yes_no":
        quoted = deciding.complete(analysis.ask or analysis.question, quoted, scored,
                                   probabilities, DEFAULT_WEIGHTS.min_entities)
        if says_no(analysis, [(s, bank.info(s.sentence), 0) for s in quoted], analysis.language):
            quoted = deciding.instead(quoted, scored, probabilities,
                                      lambda s: bank.info(s.sentence).subject)
    return _short(analysis, candidates.kind, quoted, bank)


# Refusals that read the judged sentences one by one: the sentence the answer quotes first,
# left out of the hand-set choice, is judged in their place.
_QUOTED_FIRST_VETOES = ("yes_no_unknown_stated", "speaker_unreported", "reaction_unreported",
                        "unknown_stated", "shape_only_unknown",
                        "outcome_unnamed", "decider_unnamed", "event_unstated")


def _sure_first(chosen: list[Scored], scored: Sequence[Scored],
                probabilities: Sequence[float] | np.ndarray) -> list[Scored]:
    """The scorer's sure first choice (``speech.SURE``), when a hand-set choice left it out,
    leads it in place of its last sentence (« Selon la directrice Stéphanie Combes, le
    retrait … était temporaire » answers « Et pourquoi ils l'ont retirée, selon la
    directrice ? », not the sentence after the one telling the withdrawal)."""
    best = max(range(len(scored)), key=lambda i: probabilities[i])
    pick = scored[best]
    # (nor in place of the statement that what was asked is not known: « L'issue du pourvoi …
    # n'a pas été trouvée » after the appeal is the answer)
    if probabilities[best] < speech.SURE or pick.not_found or chosen and chosen[-1].not_found \
            or any(
            s.sentence.text == pick.sentence.text for s in chosen):
        return chosen
    return [pick, *(chosen[:-1] if len(chosen) > 1 else chosen)]


# Kinds whose answer is told over its sentences, each one a part of it: the reasons, the
# deciding clauses, what came of something.
NARRATED_KINDS = frozenset({"why", "yes_no", "outcome"})
# A question asking how something is done or what happened (« Comment un patient peut-il
# … ? », "What happened to …?"), not what something is called or how many: told too.
_TOLD = re.compile(r"\b(comment(?! s'appell| se nomm)|how(?! (many|much|long|old|often)\b)"
                   r"|what happened|what has happened|que s'est-il passe|qu'est-il (arrive|advenu)"
                   r"|ce qui s'est passe)\b")


def _short(analysis: Analysis, kind: str, quoted: list[Scored],
           bank: SentenceBank) -> list[Scored]:
    """The quoted sentences within the answer's length budget (``brevity``): every item of a
    list, every reason of a why, the deciding clauses of a yes or no and the telling of how
    something is done or what happened are kept."""
    if kind in scoring.LIST_KINDS or kind in NARRATED_KINDS \
            or _TOLD.search(fold(analysis.ask or analysis.question).replace("’", "'")):
        return brevity.uncut(quoted)
    return brevity.within(quoted, brevity.BUDGET, kind,
                          lambda s, known: new_entities(s.sentence, known | analysis.stems),
                          lambda s: bool(analysis.stems
                                         & frozenset(analyze(bank.info(s.sentence).subject))))


def _unknown_share(analysis: Analysis, in_corpus: Callable[[str], bool]) -> float:
    """The share (by weight) of the question's terms the documents never use (« the capital
    of Australia »: « Australia », most of what is asked)."""
    concepts = [c for part in analysis.parts for c in part.concepts]
    total = sum(c.weight for c in concepts)
    unknown = sum(c.weight for c in concepts if not any(in_corpus(s) for s in c.stems))
    return unknown / total if total else 1.0


def _loosely_close(analysis: Analysis, supported: Sequence[PartResult], weights: Weights) -> bool:
    """Evidence neither dense nor lexical enough that still answers what is asked, by kind:

    - a reaction or a way of doing asked in loose words about a named actor (« Qu'est-ce qui
      met en colère Leviia ? », « comment je fais pour m'opposer … au Centre Léon Bérard ? »):
      the sentence naming every name asked (the check then judges it);
    - a place (« les données d'EMC2 sont stockées où ? »): a sentence naming the asked thing
      with a place (« hébergées sur le territoire français »);
    - a definition (« l'AITD c'est quoi ? »): the sentence that spells the term out (« …
      l'analyse d'impact des transferts de données (AITD) »).
    """
    kind = analysis.kind
    best = [r.best for r in supported if r.best is not None]
    told = kind in ("why", "said") or bool(_TOLD.search(
        fold(analysis.ask or analysis.question).replace("’", "'")))
    return bool(analysis.entities) and told and any(
        r.best is not None and r.best.entities >= 1.0 and r.strength >= weights.partial_score
        for r in supported) \
        or kind == "place" and any(
            s.entities >= weights.min_entities
            and bool(ANSWER_PATTERNS["place"].search(s.sentence.folded)) for s in best) \
        or kind == "definition" and any(
            names_term(s.sentence.folded, analysis.entities) for s in best)


def compose(analysis: Analysis, hits: Sequence[Hit], bank: SentenceBank,
            vectors: Sequence[np.ndarray], *, k: int, weights: Weights | None = None,
            idf: Callable[[str], float] = lambda term: 1.0,
            in_corpus: Callable[[str], bool] = lambda term: True,
            aliases: Mapping[str, tuple[str, ...]] | None = None) -> Composition:
    """Answer from the candidate hits' sentences, or abstain; cite at most ``k`` passages.

    ``vectors`` holds one embedding per part of the question. The answer must hold, in its
    sentence or right around it, the names the question gives; for a question that asks a
    date, a figure, a duration or a name, the sentence must hold one, else the answer says
    what the documents do not give and what they do say. ``aliases``: the other names the
    documents give things (``retrieval.Retriever.aliases``).
    """
    weights = weights or DEFAULT_WEIGHTS
    language = analysis.language
    kind = analysis.kind
    if not hits:
        return Composition(text=message(language, "abstain"), answerable=False,
                           reason="no passage")
    results: list[PartResult] = []
    reaction = False  # the readers' general reaction or stance: their judging sentences answer
    datelined = False  # a part answered by an article's dateline (``datelines``)
    names_known = in_corpus
    # A question about the readers reads the whole comments page (``answering`` retrieves
    # it), about one point as about their general reaction: the reader who answers may word
    # it far from the question (« ces données sont cryptées … »).
    if analysis.comments:
        # a name no reader wrote (nor the commented article's address) is not required of a
        # reader's opinion (« Que pensent les lecteurs du Health Data Hub ? »)
        written = _comment_terms(hits, bank)
        names_known = lambda term: term in written and in_corpus(term)  # noqa: E731
    for part, vector in zip(analysis.parts, vectors, strict=False):
        scored = score_sentences(part, hits, bank, vector, weights, analysis.stems, analysis,
                                 names_known)
        if not scored:
            results.append(PartResult(part, [], 0.0, None))
            continue
        if analysis.comments:
            scored = _opinions_only(scored, hits, analysis.ask or analysis.question)
            stance = opinions.stance(analysis.ask)
            # (a reader for something, asked: « … défendent Microsoft ou tapent sur les clouds
            # français ? » is read by what readers praise, whatever else it names)
            if len(analysis.parts) == 1 and (_general_mood(part, hits) or stance == "+"):
                reaction = True
                scored = _by_judgement(scored, hits, weights, stance)
        # The names the question gives must be around the answer: the best sentence that has
        # them answers (« la CNIL a-t-elle sanctionné X » is not answered about Y).
        named = [s for s in scored if s.entities >= weights.min_entities]
        scored = named + [s for s in scored if s.entities < weights.min_entities]
        scored = others_last(_series_asked(analysis), scored)  # not « Schrems II »
        if not analysis.yes_no:
            # what a not-found statement must be about: this part's words when the question
            # has several (« … publiée quand, et quel est son identifiant JORF ? »: the missing
            # identifier is not the date asked first)
            asked = analysis.stems if len(analysis.parts) == 1 else frozenset(analyze(part.text))
            scored = _prefer_not_found(scored, weights, asked, idf, part.entities)
            if part.kind == "latest":
                scored = status.known_until(scored, weights.min_entities)
        part_kind = part.kind
        if part.answer_type in HARD_TYPES and not scored[0].typed:
            # asked for a date, an amount...: answer with the best sentence that holds one
            typed = [s for s in scored if s.typed]
            if typed and typed[0].score >= weights.typed_ratio * scored[0].score:
                scored = typed + [s for s in scored if not s.typed]
        # how strong the evidence is: the best candidate's score, before the answer's shape
        # brings another forward (« Où en est la migration du HDH hors d'Azure ? »: the newest
        # dated candidate is weaker than the statement of the unknown outcome)
        strength = scored[0].score
        if not scored[0].not_found:
            scored = _reorder(part_kind, scored, weights)
            if part_kind == "when" and len(analysis.parts) == 1:
                scored = _of_event(scored, weights, answerability.asked_event(
                    analysis.ask or analysis.question, language), bank,
                    frozenset(s for e in analysis.entities for s in analyze(e)),
                    lambda s: _dated_by_publication(s, analysis))
        limit = 4 if kind in ("list", "comments") or analysis.comments else 3
        selected = _select(part, scored, hits, weights, limit, part_kind)
        # a follow-up asking what came next, how it ended or why: what follows the last
        # answer in its passage (these choices stand: the scorer does not read the order)
        sequel: list[Scored] = []
        if part_kind in COMPLETED_KINDS and not scored[0].not_found:
            selected = _complete(scored, hits, bank, weights, part_kind)
            if analysis.followup and part_kind == "why":
                sequel = _why_next(scored, weights, analysis.answered, analysis.recalled,
                                   in_documents(hits))
        if analysis.followup and asks_next(analysis.ask) and not scored[0].not_found:
            sequel = _next_event(scored, weights, analysis.answered, analysis.recalled) or sequel
        elif analysis.followup and asks_before(analysis.ask) and not scored[0].not_found:
            # (what came before is not told by what replaced it: « Le Privacy Shield a été
            # remplacé en 2023 par le Data Privacy Framework » is no subject to go back from)
            sequel = _previous_event([s for s in scored if not successors.tells_successor(s)],
                                     weights, analysis.answered, analysis.recalled,
                                     in_documents(hits)) or sequel
        elif analysis.followup and part_kind == "outcome" and not scored[0].not_found:
            # (« au final » is "in the end", not a final ruling)
            sequel = _outcome_next(scored, weights, analysis.answered, analysis.recalled,
                                   frozenset(analyze(_IN_THE_END.sub(" ", analysis.ask))),
                                   in_documents(hits), analysis.stems | analysis.recalled
                                   | analysis.answered, asks_fate(analysis.question)) or sequel
        dateline: list[Scored] = []
        if part_kind == "when" and not sequel and not scored[0].not_found:
            # an article's dateline: the choice stands (the scorer reads words, it has none)
            dateline = datelines.dateline(analysis.ask or analysis.question, part.text, scored,
                                          hits)
            sequel = dateline or sequel
            strength = max(strength, weights.min_score) if dateline else strength
            datelined = datelined or bool(dateline)
        selected = sequel or selected
        named_own: list[Scored] = []
        if analysis.comments:
            # « Que demande kroman ? »: the named readers' own best sentences
            named_own = _named_readers(analysis.ask or analysis.question, scored, hits)
            others = analysis.followup and readers.asks_others(analysis.ask or analysis.question)
            if others:
                # "Who else wants out?": not the readers the last answer named
                # (a pseudonym in lower case, « kroman », is among the last answer's words)
                scored = [s for s in scored if not set(analyze(comment_author(
                    hits[s.hit_index]))) & (analysis.answered | analysis.recalled)]
                selected = [s for s in selected if any(_same(s, t) for t in scored)] or scored[:1]
            if not named_own and analysis.followup and analysis.answered and not others:
                # "Did he post anything else?": the reader the last answer named
                named_own = [s for s in scored if set(analyze(comment_author(
                    hits[s.hit_index]))) & analysis.answered and not threads.quoted_line(s)]
            if not named_own and analysis.followup and analysis.recalled \
                    and _THAT_READER.search(fold(analysis.ask or analysis.question)):
                # "What did he say about encryption?" after « matthieu.masson.md, in his second
                # comment »: a pseudonym in lower case is no name to the eye, but the last
                # answer's words hold the whole of it
                named_own = [s for s in scored if (pseudonym := frozenset(analyze(comment_author(
                    hits[s.hit_index])))) and pseudonym <= analysis.recalled
                    and not threads.quoted_line(s)]
            if not named_own and selected and readers.asks_more(analysis.ask or analysis.question):
                # « un gars dit que … quantique, c qui et il raconte quoi d'autre ? »: the reader
                # the best sentence is from, and the rest of what they wrote
                author = comment_author(hits[selected[0].hit_index])
                named_own = [s for s in scored if comment_author(hits[s.hit_index]) == author
                             and not threads.quoted_line(s)]
            named_own = readers.which_comment(
                analysis.ask or analysis.question, named_own,
                lambda s: (hits[s.hit_index].chunk.start, hits[s.hit_index].chunk.end),
                lambda s: hits[s.hit_index].chunk.text, analysis.recalled)
            # « Qui a répondu à Baxter_X ? »: the replies, then the comment they answer
            thread = (threads.replies(analysis.ask or analysis.question, scored, hits, idf,
                                      analysis.answered if analysis.followup else frozenset())
                      if threads.asks_reply(analysis.ask or analysis.question) else [])
            named_own = [] if thread else named_own
            selected = thread or named_own[:NAMED_READER_SENTENCES] or _many_readers(
                selected, scored, hits, weights, limit, None if reaction else part)
        quotes = _quoted(analysis, part, scored, hits, bank, selected, sequel=bool(sequel))
        if named_own:
            # what the named reader wrote, read around their best sentence (the check still
            # judges the best sentences, ``selected``)
            signer = frozenset(s for item in named_own[:1] for s in analyze(
                comment_author(hits[item.hit_index])))
            quotes = readers.around_best(named_own, scored, points=[
                c.stems for c in part.concepts if not c.stems & signer])
        if part_kind not in ("who", "when") and not analysis.comments \
                and successors.asks_successor(analysis.ask or analysis.question):
            quotes = successors.told_first(quotes, scored, capitalised_stems(analysis.question))
        if part_kind == "latest" and not analysis.comments and quotes \
                and not scored[0].not_found:
            quotes = status.with_unknown_outcome(quotes, scored, answerability.states_unknown)
        if not analysis.comments and not scored[0].not_found and len(analysis.parts) == 1:
            quotes = asks.completed(analysis.ask or analysis.question, quotes, selected,
                                    same_passage=part_kind in LEAD_KINDS)
        if part_kind == "list" and not analysis.comments and quotes and not scored[0].not_found:
            quotes = _more_items(quotes, scored, weights, analysis.stems)
        if not analysis.comments and quotes and not scored[0].not_found:
            own = about_asked_articles(_series_asked(analysis), quotes)
            place = in_documents(hits)
            quotes = with_antecedents(own, scored, place, continued=part_kind in CONTINUED_KINDS,
                                      change=asks_change(analysis.ask or analysis.question))
            if part_kind not in LEAD_KINDS or part_kind == "yes_no":
                # (not before a lead read off the first sentence: its date, its count)
                quotes = with_text_named(analysis.ask or analysis.question, quotes, scored,
                                         in_sections(hits), place)
            quotes = quotations.whole(quotes, scored, place)
            if part_kind not in LEAD_KINDS:
                quotes = with_items(quotes, scored, analysis.stems, place)
            if part_kind in ("why", "outcome"):
                # (a ruling does not say why: « Et le juge a répondu quoi ? » is answered by the
                # rejection and the grounds told right after it)
                quotes = grounds.with_grounds_told(quotes, scored, place,
                                                   asked_why=part_kind == "why")
            if part_kind == "why":
                quotes = grounds.claim_refuted(analysis.ask or analysis.question, quotes, scored,
                                               place, section=in_sections(hits))
                quotes = quotes if analysis.followup else headings.section_first(
                    analysis.ask or analysis.question, analysis.stems,
                    analyze(headings.without_premise(analysis.search_text)), quotes, scored,
                    lambda s: hits[s.hit_index].chunk.locator,
                    lambda s: hits[s.hit_index].chunk.start + s.sentence.start, _same, idf)
        if quotes and not scored[0].not_found:
            quotes = after_colon(quotes, scored, in_documents(hits))
        quotes = dateline or quotes
        if analysis.comments and quotes:
            quotes = examples.with_example(analysis.ask or analysis.question, quotes, scored,
                                           hits)
        if part_kind == "definition" and aliases and quotes and not scored[0].not_found \
                and len(analysis.parts) == 1:
            quotes = defined_as(analysis.ask or analysis.question, part, quotes, scored,
                                aliases)
        # « Qui a contesté la délibération ? »: the other parties to an action, told in another
        # passage, are quoted after the answer (the lead names the first)
        names_asked = frozenset(x for e in analysis.entities for x in analyze(e))
        besides = _more_parties(
            quotes, scored, weights, bank,
            [c.stems for c in part.concepts if not c.stems & names_asked
             and not _PARTIES.search(" ".join(c.stems))] or [names_asked])[len(quotes):] \
            if part_kind == "who" and not analysis.comments and quotes \
            and not scored[0].not_found and _CHALLENGERS.search(
                fold(analysis.ask or analysis.question)) else []
        results.append(PartResult(part, selected, strength, scored[0], quotes,
                                  names=max(s.entities for s in scored), besides=besides))

    if len(results) > 1 and not analysis.comments and not analysis.followup:
        _own_answers(results)
    top_dense = max(hit.dense for hit in hits[:k])
    # Opinions are worded loosely: a question about the readers' comments asks for less.
    min_score = weights.min_score * (weights.comments_factor if analysis.comments else 1.0)
    supported = [r for r in results if r.chosen and r.strength >= min_score]
    if not analysis.yes_no and any(r.chosen[0].not_found for r in supported):
        # "On what date was High+ dropped from the EUCS draft, and by which body?": a part
        # of a few words asks about what the other asks, which the documents say is unknown;
        # it is unknown too, not answered by what else they say about the thing
        supported = [r for r in supported if r.chosen[0].not_found
                     or len(_WORDS.findall(r.part.text)) > LEANING_WORDS]
    min_lexical = weights.followup_lexical if analysis.followup else weights.min_lexical
    close = top_dense >= weights.min_dense or any(
        r.best is not None and r.best.coverage >= min_lexical for r in supported
    )
    if not close and supported:
        # A person or a figure asked in loose words (« le patron de Leviia qui s'énerve, il
        # s'appelle comment ? ») embeds far from the sentence that answers it and shares few
        # of its words: that sentence is close enough when it holds the question's names and
        # the very thing asked (a person in the role asked, a number counting the asked noun,
        # what a named speaker said).
        close = any(r.best is not None and r.best.entities >= weights.min_entities
                    and answerability.fills_slot(analysis, r.best, bank, in_corpus)
                    for r in supported)
    if not close and supported:
        close = _loosely_close(analysis, supported, weights) or datelined
    if not close and supported and _unknown_share(analysis, in_corpus) <= weights.loose_unknown:
        close = top_dense >= weights.loose_dense or any(
            r.best is not None and r.best.coverage >= weights.loose_lexical for r in supported)
    if analysis.comments and (not close or not supported) and _signed(hits):
        # a question about the readers is answered by their closest opinions: readers word
        # them loosely, far from the question's words (« Que proposent les lecteurs ? »)
        supported, close = [r for r in results if r.chosen], True
    if not close or not supported:
        return _abstain(language, hits, k, "weak evidence", results)
    # The names the question gives must be there: « la CNIL a-t-elle sanctionné X » is not
    # answered by a sentence about Y.
    # (for the readers: around any of the comments read, see ``_many_readers``)
    if not all(max([s.entities for s in r.chosen] + [r.names if analysis.comments else 0.0])
               >= weights.min_entities or _quoted_term_defined(analysis, r) for r in supported):
        return _abstain(language, hits, k, "names missing", results)
    # (a yes / no is settled by « n'a pas été publiée », not by what the sources left unread:
    # « Le texte exact de l'article 31 … n'a pas été lu pour cette fiche »)
    if all(r.chosen[0].not_found and (not analysis.yes_no
                                      or _unread(r.chosen[0].sentence.folded))
           for r in supported):
        if all(r.strength < weights.partial_score for r in supported):
            return _abstain(language, hits, k, "weak evidence", results)
        return _finish(language, hits, k, [r.chosen[0] for r in supported], "not_found",
                       results, "not found", answerable=False)

    chosen: list[Scored] = []  # what the answer quotes (the learned scorer's choice)
    picked: list[Scored] = []  # the hand-set choice, on which the answerability check was fitted
    shapeless = False
    shapeless_kind = kind
    shaped_quotes: list[Scored] = []  # quoted sentences with the shape the hand-set choice lacks
    signed_who = False  # « Quel lecteur … ? »: the readers who signed the quoted opinions
    untold: list[Scored] = []  # what a part the documents do not answer: they say so
    for result in supported:
        if result.chosen[0].not_found and not analysis.yes_no:
            untold.append(result.chosen[0])
            continue
        part_kind = result.part.kind
        signed = analysis.comments and part_kind == "who" and any(
            comment_author(hits[s.hit_index]) for s in result.chosen)
        signed_who = signed_who or signed
        if part_kind in STRICT_KINDS and max(s.shape for s in result.chosen) < 0.5 \
                and not signed:  # « Quel lecteur … ? »: the reader who signed it is the name
            # the hand-set choice holds no date (no figure), but what the answer quotes may:
            # that sentence is judged with it
            # (first quoted, holding the question's names as well, not saying it is unknown)
            shaped = [s for s in result.quoted[:1] if s.shape >= 0.5
                      and s.entities >= max(c.entities for c in result.chosen)
                      and not answerability.states_unknown(s.sentence.folded)]
            if not shaped and not shapeless:
                shapeless_kind = part_kind  # what the documents do not give: this part's
            shapeless = shapeless or not shaped
            shaped_quotes += shaped
        for items, into in ((result.quoted or result.chosen, chosen), (result.chosen, picked)):
            for item in items:
                if not any(_same(item, c) for c in into):
                    into.append(item)
    # Is what was asked there (the attribute, the event, not only the names)? The check reads
    # the hand-set choice it was designed on, not what the ranker quotes besides: a ranker that
    # quotes more (or better) would otherwise find the asked element more often in questions
    # the corpus does not answer (dev, cross-validated: abstention 0.698 → 0.736, false
    # abstentions 35 → 39 of 1,114).
    # what the readers said about one point (« Qu'ont dit les lecteurs d'OVH ? ») is what
    # they wrote: the quoted comments hold it, there is no reporting sentence to find; what
    # readers think is answered by what they wrote, who thinks it by their signature
    readers_said = analysis.comments and kind == "said" and bool(picked) and all(
        hits[s.hit_index].chunk.kind == COMMENTS for s in picked) and _names_quoted(
        analysis.ask or analysis.question, picked, hits)
    settled = reaction or signed_who or readers_said or datelined
    judged = [item for item in shaped_quotes if not any(_same(item, p) for p in picked)] + picked
    verdict = answerability.judge(analysis, judged, hits, bank, top_dense=top_dense,
                                  in_corpus=in_corpus, shapeless=shapeless, settled=settled)
    if not verdict.answerable and not shapeless and not settled \
            and (verdict.features.get("slot_missing") or verdict.features.get("slot_off_focus")):
        # the hand-set choice holds no figure counting the asked noun (no person in the
        # asked role), but what the answer quotes does: that sentence is judged instead
        filling = [item for item in chosen if not any(_same(item, p) for p in picked)
                   and answerability.fills_slot(analysis, item, bank, in_corpus)]
        if filling:
            verdict = answerability.judge(analysis, filling + picked, hits, bank,
                                          top_dense=top_dense, in_corpus=in_corpus)
    if not verdict.answerable and not shapeless and not settled and chosen and picked \
            and any(verdict.features.get(v) for v in _QUOTED_FIRST_VETOES) \
            and not _same(chosen[0], picked[0]):
        # the hand-set choice opens on a sentence saying the matter is unknown (where no one
        # named speaks), but the sentence the answer quotes first decides it (« …
        # pseudonymisées, et non anonymisées »; « Le Tribunal … a jugé que … »)
        verdict = answerability.judge(analysis, [chosen[0]] + [p for p in picked if not _same(
            p, chosen[0])], hits, bank, top_dense=top_dense, in_corpus=in_corpus)
    if verdict.answerable and not settled and (answerability.present_unknown(analysis, chosen, bank)
                                               or answerability.year_for_exact(analysis, chosen)
                                               or speech.unheard(analysis, hits, bank)):
        verdict = answerability.Verdict(False, 0.0, verdict.features)
    if shapeless or not verdict.answerable:
        if all(r.strength < weights.partial_score for r in supported):
            # weak and not answered: nothing worth quoting as "what the documents say"
            return _abstain(language, hits, k, "weak evidence", results)
        key = ("missing_" + _MISSING.get(shapeless_kind, "figure") if shapeless
               else answerability.missing_key(kind, analysis))
        return _finish(language, hits, k, chosen, "partial", results, "partial",
                       answerable=False, what=message(language, key))
    # « … publiée quand, et quel est son identifiant JORF ? »: the date, then the statement
    # that the identifier was not found
    untold = [u for u in untold if not any(_same(u, c) for c in chosen)][:1]
    besides = [b for r in supported for b in r.besides if not any(_same(b, c) for c in chosen)]
    composition = _finish(language, hits, k, chosen + untold + besides, "answer", results,
                          "answered", answerable=True)
    if signed_who and (len(analysis.parts) == 1 or analysis.parts[0].kind == "who"):
        # (« Qui a répondu à trollkien, et pour dire quoi ? »: the reader first)
        lead = _readers_lead(chosen, hits, composition.used_numbers,
                             analysis.ask or analysis.question,
                             analysis.answered | analysis.recalled)
        if lead:
            composition.lead = lead
            composition.text = f"{lead}\n{composition.text}"
    # ("Is S3NS SecNumCloud-qualified now?": a latest state asked yes or no leads with the verdict)
    lead_kind = "yes_no" if kind == "latest" and analysis.yes_no else kind
    if lead_kind in LEAD_KINDS and (len(analysis.parts) == 1 or analysis.one_by_one) and chosen \
            and not analysis.comments:
        quoted = [(item, bank.info(item.sentence), composition.used_numbers.get(item.hit_index, 0))
                 for item in chosen if item.hit_index in composition.used_numbers]
        lead = lead_line(lead_kind, language, analysis, quoted, analysis.stems)
        if lead:
            shown = brevity.led(chosen, lead) if lead_kind in brevity.LED_KINDS \
                and len(analysis.parts) == 1 else chosen
            if len(shown) < len(chosen):
                composition = _finish(language, hits, k, shown + untold + besides, "answer",
                                      results, "answered", answerable=True)
            composition.lead = lead
            composition.text = f"{lead}\n{composition.text}"
    elif len(analysis.parts) > 1 and chosen and not analysis.comments and not analysis.followup \
            and not analysis.one_by_one:
        # (not a follow-up's parts: « Qui l'a rendue publique, et quand ? » borrows its subject
        # from the conversation, and its parts' quotes are less often their own)
        lead = _parts_lead(language, analysis, supported, bank, composition.used_numbers,
                           hits)
        if lead:
            composition.lead = lead
            composition.text = f"{lead}\n{composition.text}"
    return composition


_MARKER = re.compile(r"\s*\[\d+\]$")
_ALTERNATIVE = re.compile(r"\b(?:ou|or)\b(?! (?:pas|non|not)\b)|\?\s*\w")
_NUMBERED = re.compile(r"[\w./-]*\d[\w./-]*")
_DIGIT = re.compile(r"\d")


def _parts_lead(language: Language, analysis: Analysis, results: Sequence[PartResult],
                bank: SentenceBank, numbers: dict[int, int], hits: Sequence[Hit]) -> str:
    """« Quand le Tribunal a-t-il rejeté le recours, et sous quel numéro ? »: each part that
    asks a name, a date, a figure or a verdict leads with its own answer, in the question's
    order (« 3 septembre 2025 [1] ; T-553/23 [1] »)."""
    leads: list[str] = []
    # (a later part that only says "when was it signed" may quote another act first: its
    # sentence may not hold another number of the shape the question names, « 12333 » for
    # « 14086 »)
    numbered = [fold(e) for e in analysis.entities if any(ch.isdigit() for ch in e)]

    def another_number(sentence: Sentence) -> bool:
        shapes = {_DIGIT.sub("0", t.strip("./-")) for t in _NUMBERED.findall(sentence.folded)}
        return any(shape in shapes and not any(
            n in sentence.folded for n in numbered if _DIGIT.sub("0", n) == shape)
            for shape in {_DIGIT.sub("0", n) for n in numbered})

    for position, result in enumerate(results):
        kind = result.part.kind
        if kind not in LEAD_KINDS or not result.chosen or result.chosen[0].not_found \
                or kind == "yes_no" and _ALTERNATIVE.search(fold(result.part.text)):
            continue  # (« c'est Microsoft France ? Ireland ? », "a certification or a …?")
        # (a reader's comment is an opinion, not the fact a lead states)
        items = [(item, bank.info(item.sentence), numbers[item.hit_index])
                 for item in result.quoted or result.chosen if item.hit_index in numbers
                 and hits[item.hit_index].chunk.kind != COMMENTS
                 and not (position and another_number(item.sentence))]
        if kind == "when" and items and len(_YEAR.findall(items[0][0].sentence.folded)) > 1:
            continue  # « La lettre … du 19 novembre 2020 a été révélée … le 22 novembre 2020 »
        asked = replace(analysis, question=result.part.text, ask=result.part.text,
                        parts=(result.part,), kind=kind, yes_no=kind == "yes_no",
                        entities=result.part.entities or analysis.entities,
                        counted=counted_noun(result.part.text), asked=asked_noun(result.part.text))
        lead = lead_line(kind, language, asked, items, analysis.stems)
        if kind == "who" and any(ch.isdigit() for ch in _MARKER.sub("", lead)):
            continue  # a reference (« L. 1462-1 ») is no one
        if lead and not any(_MARKER.sub("", lead) == _MARKER.sub("", other) for other in leads):
            leads.append(lead)
    return " ; ".join(leads)
