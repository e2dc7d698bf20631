"""``souverain eval``: run the shipped question set and measure retrieval, answers and abstention.

Each line of the questions file (JSON Lines) is
``{"id", "question", "language", "answerable", "expected_docs", "expected_facts"}``
where ``expected_facts`` is a list of facts, each a list of accepted spellings.

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
- latency p50 / p95 of ``answer()`` once the index is loaded and warm.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

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


def default_questions_path() -> Path:
    return Path(str(resources.files("assistant") / "data" / "eval_questions.jsonl"))


def load_questions(path: Path | None = None) -> list[Question]:
    """Read a question file.

    Raises:
        CorpusError: the file is missing or a line is not a valid question.
    """
    path = Path(path) if path else default_questions_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"Cannot read the question file {path}: {exc.strerror or exc}") from None
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
            ))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}, line {number}: not a valid question ({exc})") from None
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
                lines.append(f"{row.id}: {'; '.join(problems)} — {row.question}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["misses"] = self.misses()
        return data

    def summary(self) -> list[str]:
        return [
            f"questions           {self.questions} ({self.answerable} answerable, "
            f"{self.unanswerable} unanswerable), k={self.k}",
            f"hit@1               {self.hit_at_1:.3f}",
            f"hit@5               {self.hit_at_5:.3f}",
            f"MRR                 {self.mrr:.3f}",
            f"fact accuracy       {self.fact_accuracy:.3f}",
            f"abstention accuracy {self.abstention_accuracy:.3f} "
            f"(false abstentions: {self.false_abstentions}/{self.answerable})",
            f"citation validity   {self.citation_validity:.3f} ({self.citations} citations)",
            f"latency p50 / p95   {self.latency_p50_ms:.0f} ms / {self.latency_p95_ms:.0f} ms",
        ]


def facts_present(text: str, facts: list[list[str]]) -> list[str]:
    """The expected facts of which no spelling occurs in ``text`` (empty: all found)."""
    haystack = normalize(text)
    return [alternatives[0] for alternatives in facts
            if not any(normalize(a) in haystack for a in alternatives)]


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
             ask: Callable[..., Answer] | None = None) -> Report:
    """Answer every question and compute the figures (the index is loaded and warmed first)."""
    from .answering import answer, preload

    settings = settings or Settings.from_env()
    ask = ask or answer
    preload(settings, wait=True)
    checker = CitationChecker(settings.corpus_dir)
    report = Report(k=k, questions=len(questions))
    latencies: list[float] = []
    reciprocal: list[float] = []
    valid_total = citations_total = 0
    for q in questions:
        started = time.perf_counter()
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
    report.citations = citations_total
    report.citation_validity = valid_total / citations_total if citations_total else 1.0
    report.latency_p50_ms = round(1000 * statistics.median(latencies), 1) if latencies else 0.0
    report.latency_p95_ms = round(1000 * _percentile(latencies, 0.95), 1)
    return report
