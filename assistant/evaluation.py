"""``souverain eval``: run a question set and measure retrieval, answers and abstention.

Each line of the questions file (JSON Lines) is
``{"id", "question", "language", "answerable", "expected_docs", "expected_facts"}``
where ``expected_facts`` is a list of facts, each a list of accepted spellings, with
optional ``kind`` (who, when, how_many, why, definition, said, list, latest, yes_no,
comments, followup, unanswerable, other) and ``history`` (``[[question, answer], ...]``:
a conversation whose last turn is graded, the history passed to ``answer()``).

Question sets (``--split``): ``regression`` (the default: the 96 questions the composer
was first tuned on), ``dev`` (tune on it), ``val`` (accept or refuse a change, aggregates
only), ``test`` (held out: report it, never tune on it), ``holdout`` (written by another
writer and never run yet: the next round's fresh test) and ``all`` (dev and test).

Figures:

- hit@1, hit@5, MRR: over answerable questions, the rank of the first cited
  passage that comes from one of ``expected_docs``;
- answer fact accuracy: answerable questions answered (``answerable`` True) with
  a text that holds, for every expected fact, one of its spellings (case,
  accents and spacing ignored);
- abstention accuracy: unanswerable questions answered with ``answerable``
  False; false abstentions: answerable questions that were refused;
- citation validity: citations whose text is exactly ``text[start:end]`` of
  their source document, reloaded from the corpus folder;
- follow-ups: questions with a history answered correctly;
- by kind and by language: the share of questions answered correctly (answerable:
  the facts are in the answer; unanswerable: it abstained);
- answer length: median characters of the answers given (``answerable`` True);
- latency p50 / p95 of ``answer()`` once the index is loaded and warm.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from core.errors import CorpusError
from core.settings import Settings
from core.text import fold

from .types import Answer

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def normalize(text: str) -> str:
    """Case, accents, apostrophes and spacing folded away (for fact matching)."""
    text = fold(text).replace("’", "'").replace("‘", "'")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Question:
    """One line of the question set."""

    id: str
    question: str
    language: str
    answerable: bool
    expected_docs: list[str]
    expected_facts: list[list[str]]
    kind: str = ""
    history: list[list[str]] = field(default_factory=list)


SPLITS = {
    "regression": ("eval_questions.jsonl",),
    "dev": ("eval_dev.jsonl",),
    "val": ("eval_val.jsonl",),
    "test": ("eval_test.jsonl",),
    "holdout": ("eval_holdout.jsonl",),
    "all": ("eval_dev.jsonl", "eval_test.jsonl"),
}
DEFAULT_SPLIT = "regression"
# val: aggregates only, to accept or refuse a change; test: measured once, never looked into
HELD_OUT_SPLITS = frozenset({"val", "test", "holdout", "all"})


def _data_path(name: str) -> Path:
    return Path(str(resources.files("assistant") / "data" / name))


def default_questions_path() -> Path:
    return _data_path(SPLITS[DEFAULT_SPLIT][0])


def split_questions(split: str = DEFAULT_SPLIT) -> list[Question]:
    """The shipped questions of one split (``regression``, ``dev``, ``val``, ``test`` or ``all``).

    Raises:
        CorpusError: unknown split, or a file missing or malformed.
    """
    if split not in SPLITS:
        raise CorpusError(f"Unknown question split {split!r} (one of {', '.join(SPLITS)})")
    return [q for name in SPLITS[split] for q in load_questions(_data_path(name))]


def load_questions(path: Path | None = None) -> list[Question]:
    """Read a question file.

    Raises:
        CorpusError: the file is missing or a line is not a valid question.
    """
    path = Path(path) if path else default_questions_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"Cannot read the question file {path}: {exc.strerror or exc}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(Question(
                id=str(row.get("id") or f"q{number}"), question=str(row["question"]),
                language=str(row.get("language", "")), answerable=bool(row["answerable"]),
                expected_docs=[str(d) for d in row.get("expected_docs") or []],
                expected_facts=[[str(a) for a in fact] for fact in row.get("expected_facts") or []],
                kind=str(row.get("kind") or ""),
                history=[[str(x) for x in turn] for turn in row.get("history") or []],
            ))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}, line {number}: not a valid question ({exc})") from exc
    if not questions:
        raise CorpusError(f"The question file {path} holds no question")
    return questions


@dataclass
class Row:
    """What happened to one question."""

    id: str
    question: str
    answerable_expected: bool
    answerable: bool
    rank: int | None  # 1-based rank of the first expected document among the citations
    facts_found: bool
    missing_facts: list[str]
    citations_valid: int
    citations_total: int
    seconds: float
    answer: str
    cited_docs: list[str]
    kind: str = ""
    language: str = ""
    followup: bool = False

    @property
    def correct(self) -> bool:
        """Answered with every expected fact, or rightly refused."""
        return self.facts_found if self.answerable_expected else not self.answerable


@dataclass
class Breakdown:
    """The figures of one slice of the questions (a kind, a language)."""

    questions: int = 0
    correct: int = 0
    answerable: int = 0
    facts_found: int = 0
    unanswerable: int = 0
    abstained: int = 0
    false_abstentions: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.questions if self.questions else 0.0

    def add(self, row: Row) -> None:
        self.questions += 1
        self.correct += row.correct
        if row.answerable_expected:
            self.answerable += 1
            self.facts_found += row.facts_found
            self.false_abstentions += not row.answerable
        else:
            self.unanswerable += 1
            self.abstained += not row.answerable

    def cells(self) -> str:
        facts = f"{self.facts_found / self.answerable:.3f}" if self.answerable else "  -  "
        abstention = f"{self.abstained / self.unanswerable:.3f}" if self.unanswerable else "  -  "
        return (f"{self.questions:4d}  {self.accuracy:.3f}   {facts}   {abstention}"
                f"       {self.false_abstentions:3d}")


@dataclass
class Report:
    """The figures of one run, and the rows behind them."""

    questions: int = 0
    answerable: int = 0
    unanswerable: int = 0
    hit_at_1: float = 0.0
    hit_at_5: float = 0.0
    mrr: float = 0.0
    fact_accuracy: float = 0.0
    abstention_accuracy: float = 0.0
    false_abstentions: int = 0
    citation_validity: float = 0.0
    citations: int = 0
    latency_p50_ms: float = 0.0
    latency_p95_ms: float = 0.0
    k: int = 5
    split: str = ""
    accuracy: float = 0.0  # every question: answered with its facts, or rightly refused
    followups: int = 0
    followup_accuracy: float = 0.0
    answer_length_median: float = 0.0
    by_kind: dict[str, Breakdown] = field(default_factory=dict)
    by_language: dict[str, Breakdown] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def misses(self) -> list[str]:
        """One line per question that missed something."""
        lines = []
        for row in self.rows:
            problems = []
            if row.answerable_expected:
                if row.rank is None or row.rank > 5:
                    problems.append("expected document not in the top 5")
                if not row.answerable:
                    problems.append("abstained")
                elif not row.facts_found:
                    problems.append("missing " + " + ".join(row.missing_facts))
            elif row.answerable:
                problems.append("answered instead of abstaining")
            if row.citations_valid != row.citations_total:
                problems.append("invalid citation")
            if problems:
                label = f"{row.id} ({row.kind})" if row.kind else row.id
                lines.append(f"{label}: {'; '.join(problems)} — {row.question}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["misses"] = self.misses()
        return data

    def summary(self) -> list[str]:
        false_rate = self.false_abstentions / self.answerable if self.answerable else 0.0
        lines = [
            f"question set        {self.split or 'custom'}",
            f"questions           {self.questions} ({self.answerable} answerable, "
            f"{self.unanswerable} unanswerable, {self.followups} follow-ups), k={self.k}",
            f"hit@1               {self.hit_at_1:.3f}",
            f"hit@5               {self.hit_at_5:.3f}",
            f"MRR                 {self.mrr:.3f}",
            f"answer accuracy     {self.fact_accuracy:.3f} (answerable questions holding "
            f"every expected fact)",
            f"abstention          {self.abstention_accuracy:.3f} (unanswerable questions refused)",
            f"false abstention    {false_rate:.3f} ({self.false_abstentions}/{self.answerable})",
            f"overall correct     {self.accuracy:.3f} (answered with the facts, or rightly "
            f"refused)",
        ]
        if self.followups:
            lines.append(f"follow-ups          {self.followup_accuracy:.3f} "
                         f"({self.followups} conversations, last turn graded)")
        lines += [
            f"citation validity   {self.citation_validity:.3f} ({self.citations} citations)",
            f"answer length       {self.answer_length_median:.0f} characters (median)",
            f"latency p50 / p95   {self.latency_p50_ms:.0f} ms / {self.latency_p95_ms:.0f} ms",
        ]
        for title, table in (("kind", self.by_kind), ("language", self.by_language)):
            if len(table) < 2 and title == "kind" and "" in table:
                continue
            lines.append("")
            lines.append(f"by {title:<14}    n  correct  facts   abstention  false abst.")
            for name in sorted(table):
                lines.append(f"  {name or '-':<16}{table[name].cells()}")
        return lines


# A yes / no verdict is read in the answer's first word, in either language: « Non » inside a
# quote (« … non autorisés … ») is no verdict, and "No [1]" is the verdict a writer spelt
# « Non ». (« Non vérifié », "Not verified": no verdict either way.)
_VERDICTS = {"oui": "yes", "yes": "yes", "non": "no", "no": "no"}
_FIRST_WORD = re.compile(r"\W*(\w+)(?:\W+(\w+))?")


def verdict(text: str) -> str:
    """``yes``, ``no`` or "": the verdict the answer opens with."""
    match = _FIRST_WORD.match(normalize(text))
    if not match or match.group(2) in ("verifie", "verified"):
        return ""
    return _VERDICTS.get(match.group(1), "")


def facts_present(text: str, facts: list[list[str]]) -> list[str]:
    """The expected facts of which no spelling occurs in ``text`` (empty: all found); a
    verdict (« Oui », "No") must be the answer's (``verdict``)."""
    haystack = normalize(text)
    said = verdict(text)

    def found(spelling: str) -> bool:
        wanted = _VERDICTS.get(normalize(spelling))
        return said == wanted if wanted else normalize(spelling) in haystack

    return [alternatives[0] for alternatives in facts
            if not any(found(a) for a in alternatives)]


class CitationChecker:
    """Reloads source documents to check that citations quote them exactly."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = Path(corpus_dir)
        self._texts: dict[str, str | None] = {}

    def valid(self, doc_id: str, start: int, end: int, text: str) -> bool:
        from index.loading import load_document

        if doc_id not in self._texts:
            try:
                self._texts[doc_id] = load_document(self.corpus_dir / doc_id, doc_id).text
            except Exception:  # a missing or unreadable source cannot be verified
                self._texts[doc_id] = None
        source = self._texts[doc_id]
        return source is not None and bool(text) and source[start:end] == text


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def evaluate(questions: list[Question], *, k: int = 5, settings: Settings | None = None,
             ask: Callable[..., Answer] | None = None, split: str = "") -> Report:
    """Answer every question and compute the figures (the index is loaded and warmed first).

    A question with a history is asked as the last turn of that conversation.
    """
    from .answering import answer, preload

    settings = settings or Settings.from_env()
    ask = ask or answer
    preload(settings, wait=True)
    checker = CitationChecker(settings.corpus_dir)
    report = Report(k=k, questions=len(questions), split=split)
    latencies: list[float] = []
    reciprocal: list[float] = []
    valid_total = citations_total = 0
    for q in questions:
        started = time.perf_counter()
        if q.history:
            result = ask(q.question, k=k, settings=settings, history=q.history)
        else:
            result = ask(q.question, k=k, settings=settings)
        seconds = time.perf_counter() - started
        latencies.append(seconds)
        docs = [c.doc_id for c in result.citations]
        rank = next((i + 1 for i, d in enumerate(docs) if d in q.expected_docs), None)
        valid = sum(checker.valid(c.doc_id, c.start, c.end, c.text) for c in result.citations)
        valid_total += valid
        citations_total += len(result.citations)
        missing = facts_present(result.text, q.expected_facts) if q.answerable else []
        report.rows.append(Row(
            id=q.id, question=q.question, answerable_expected=q.answerable,
            answerable=result.answerable, rank=rank,
            facts_found=q.answerable and result.answerable and not missing,
            missing_facts=missing, citations_valid=valid, citations_total=len(result.citations),
            seconds=round(seconds, 4), answer=result.text, cited_docs=docs,
            kind=q.kind, language=q.language, followup=bool(q.history),
        ))
        if q.answerable:
            reciprocal.append(1.0 / rank if rank else 0.0)
    answerable = [r for r in report.rows if r.answerable_expected]
    unanswerable = [r for r in report.rows if not r.answerable_expected]
    report.answerable, report.unanswerable = len(answerable), len(unanswerable)
    if answerable:
        report.hit_at_1 = sum(1 for r in answerable if r.rank == 1) / len(answerable)
        report.hit_at_5 = sum(1 for r in answerable if r.rank and r.rank <= 5) / len(answerable)
        report.mrr = statistics.fmean(reciprocal)
        report.fact_accuracy = sum(1 for r in answerable if r.facts_found) / len(answerable)
        report.false_abstentions = sum(1 for r in answerable if not r.answerable)
    if unanswerable:
        report.abstention_accuracy = (
            sum(1 for r in unanswerable if not r.answerable) / len(unanswerable)
        )
    report.accuracy = sum(r.correct for r in report.rows) / len(report.rows) if report.rows else 0.0
    followups = [r for r in report.rows if r.followup]
    report.followups = len(followups)
    if followups:
        report.followup_accuracy = sum(r.correct for r in followups) / len(followups)
    lengths = [len(r.answer) for r in report.rows if r.answerable]
    report.answer_length_median = float(statistics.median(lengths)) if lengths else 0.0
    for row in report.rows:
        report.by_kind.setdefault(row.kind, Breakdown()).add(row)
        report.by_language.setdefault(row.language, Breakdown()).add(row)
    report.citations = citations_total
    report.citation_validity = valid_total / citations_total if citations_total else 1.0
    report.latency_p50_ms = round(1000 * statistics.median(latencies), 1) if latencies else 0.0
    report.latency_p95_ms = round(1000 * _percentile(latencies, 0.95), 1)
    return report
