"""Figures of one question split by slice: by writer group, and with or without a near twin in
the questions the reader was tuned on (dev + regression).

    python -m bench.eval_slices --split test

A "twin" is a question whose word set overlaps a tuning question's by Jaccard >= 0.6: its
figure says less about unseen questions than the "novel" slice's. Only aggregates are printed.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections.abc import Iterable

from assistant.evaluation import Row, evaluate, normalize, split_questions

TWIN_JACCARD = 0.6


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalize(text)))


def _share(rows: list[Row], hit: Iterable[bool]) -> float:
    values = list(hit)
    return sum(values) / len(values) if values else 0.0


def line(label: str, rows: list[Row]) -> str:
    if not rows:
        return f"{label:10s} n=  0"
    answerable = [r for r in rows if r.answerable_expected]
    unanswerable = [r for r in rows if not r.answerable_expected]
    followups = [r for r in rows if r.followup]
    lengths = [len(r.answer) for r in rows if r.answerable]
    by_language = {
        lang: _share(rows, (r.correct for r in rows if r.language == lang)) for lang in ("fr", "en")
    }
    refused = sum(not r.answerable for r in answerable)
    return (
        f"{label:10s} n={len(rows):3d} correct={_share(rows, (r.correct for r in rows)):.3f} "
        f"accuracy={_share(answerable, (r.facts_found for r in answerable)):.3f} "
        f"abstention={_share(unanswerable, (not r.answerable for r in unanswerable)):.3f} "
        f"false_abstention={refused / max(1, len(answerable)):.3f} ({refused}/{len(answerable)}) "
        f"followups={_share(followups, (r.correct for r in followups)):.3f} (n={len(followups)}) "
        f"fr={by_language['fr']:.3f} en={by_language['en']:.3f} "
        f"median_chars={statistics.median(lengths) if lengths else 0:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    args = parser.parse_args(argv)
    questions = split_questions(args.split)
    tuned = [_words(q.question) for q in split_questions("dev") + split_questions("regression")]

    def has_twin(text: str) -> bool:
        words = _words(text)
        return any(len(words & t) / len(words | t) >= TWIN_JACCARD for t in tuned)

    twins = {q.id for q in questions if has_twin(q.question)}
    report = evaluate(questions, split=args.split)
    rows = report.rows
    print(line("all", rows))
    for group in sorted({r.id.split("-")[0] for r in rows}):
        print(line(f"writer {group}", [r for r in rows if r.id.split("-")[0] == group]))
    if args.split != "dev":
        print(line("novel", [r for r in rows if r.id not in twins]))
        print(line("twins", [r for r in rows if r.id in twins]))
    print(f"citation validity {report.citation_validity:.3f} ({report.citations} citations), "
          f"hit@5 {report.hit_at_5:.3f}, p50 {report.latency_p50_ms} ms, "
          f"p95 {report.latency_p95_ms} ms")
    print("kind           n  correct")
    for kind, b in sorted(report.by_kind.items()):
        print(f"{kind:12s} {b.questions:3d}  {b.accuracy:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
