"""Generative mode next to extractive mode on the shipped eval set, on this machine.

    python -m bench.llm_eval                       # packaged SmolLM2-135M, all questions
    python -m bench.llm_eval --model ~/m.gguf      # any GGUF
    python -m bench.llm_eval --llm openai:mistral --base-url http://127.0.0.1:8000/v1

Indexes the shipped corpus into a temp folder, starts the local llama.cpp server
(unless ``--base-url`` names a running one), then runs ``assistant.evaluation``'s
``evaluate()`` twice over the same questions: ``SOUVERAIN_LLM`` unset, then set.
Besides the eval figures it counts, in generative mode, how many answers the model
actually wrote (``mode == "llm"``), how many fell back to the extractive answer
and how many model sentences the verification removed. Results go to
``bench/results/llm_eval.json`` and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import RESULTS, SHIPPED_CORPUS, machine, markdown_table


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run(settings: Any, questions: list[Any], k: int) -> tuple[Any, Counter[str], list[dict]]:
    """``evaluate()`` over ``questions``, recording each answer's mode and the model's raw text."""
    from langchain_core.tracers.context import collect_runs

    from assistant.answering import answer
    from assistant.evaluation import evaluate

    modes: Counter[str] = Counter()
    details: list[dict[str, Any]] = []

    def ask(question: str, **kwargs: Any) -> Any:
        with collect_runs() as runs:  # LangChain's own tracing, in process: what the model wrote
            result = answer(question, **kwargs)
        raw = [run.outputs["generations"][0][0]["text"] for run in runs.traced_runs
               if run.run_type == "llm" and run.outputs]
        _count(modes, result, raw[-1] if raw else None)
        details.append({"question": question, "mode": result.mode, "notices": result.notices,
                        "model_output": raw[-1] if raw else None, "answer": result.text})
        _log(f"  [{len(details):>3}/{len(questions)}] {result.mode:<10} {question[:70]}")
        return result

    report = evaluate(questions, k=k, settings=settings, ask=ask)
    return report, modes, details


_DROPPED = re.compile(r"^(\d+) (?:phrase|sentence)")


def _count(modes: Counter[str], result: Any, raw: str | None) -> None:
    modes[result.mode] += 1
    for notice in result.notices:
        match = _DROPPED.match(notice)
        if match:
            modes["sentences_removed"] += int(match.group(1))
        elif "extracti" in notice:
            modes["fallback"] += 1
    if raw is None:
        return
    modes["model_outputs"] += 1
    numbers = [int(n) for n in re.findall(r"\[(\d{1,3})\]", raw)]
    if numbers:
        modes["outputs_with_markers"] += 1
    if any(not 1 <= n <= len(result.citations) for n in numbers):
        modes["outputs_with_invented_markers"] += 1


def _row(name: str, report: Any, modes: Counter[str]) -> list[str]:
    llm = modes.get("llm", 0)
    return [
        name,
        f"{report.fact_accuracy:.3f}",
        f"{report.abstention_accuracy:.3f}",
        f"{report.false_abstentions}/{report.answerable}",
        f"{report.citation_validity:.3f}",
        f"{report.hit_at_5:.3f}",
        f"{report.latency_p50_ms / 1000:.2f} s",
        f"{report.latency_p95_ms / 1000:.2f} s",
        f"{llm}/{report.questions}",
        f"{modes.get('outputs_with_markers', 0)}/{modes.get('model_outputs', 0)}",
        str(modes.get("sentences_removed", 0)),
    ]


HEADER = ["mode", "fact accuracy", "abstention", "false abstentions", "citation validity",
          "hit@5", "p50", "p95", "answers written by the model", "outputs with [n]",
          "model sentences removed"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="GGUF file (default: packaged SmolLM2).")
    parser.add_argument("--llm", default=None, help="SOUVERAIN_LLM of a running server.")
    parser.add_argument("--base-url", default=None, help="Its SOUVERAIN_LLM_BASE_URL.")
    parser.add_argument("--questions", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=0, help="Only the first N questions.")
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "llm_eval.json")
    args = parser.parse_args(argv)

    from assistant.evaluation import load_questions
    from assistant.llm_server import LocalServer, ServerConfig, free_port, resolve_model
    from core.settings import Settings
    from index.rebuild import run_index

    questions = load_questions(args.questions)[: args.limit or None]
    with tempfile.TemporaryDirectory(prefix="souverain-llm-eval-") as tmp:
        base = Settings.from_env({}, index_dir=Path(tmp) / "index", corpus_dir=SHIPPED_CORPUS)
        _log("indexing the shipped corpus ...")
        run_index(base)
        server = None
        if args.base_url:
            llm, base_url, model_name = args.llm or "", args.base_url, args.llm or ""
        else:
            config = ServerConfig(resolve_model(args.model), port=free_port())
            _log(f"starting llama.cpp with {config.model.name} ...")
            started = time.perf_counter()
            server = LocalServer(config).start()
            _log(f"  ready in {time.perf_counter() - started:.1f} s")
            llm, base_url, model_name = server.llm_spec, server.base_url, config.model.name
        try:
            _log("extractive mode ...")
            extractive, ext_modes, ext_details = _run(base, questions, args.k)
            _log(f"generative mode ({llm}) ...")
            generative, gen_modes, gen_details = _run(
                base.replace(llm=llm, llm_base_url=base_url), questions, args.k)
        finally:
            if server is not None:
                server.stop()

    table = markdown_table(HEADER, [_row("extractive", extractive, ext_modes),
                                    _row(f"generative ({model_name})", generative, gen_modes)])
    result = {
        "machine": machine(),
        "model": model_name,
        "llm": llm,
        "questions": len(questions),
        "k": args.k,
        "extractive": {**extractive.to_dict(), "modes": dict(ext_modes)},
        "generative": {**generative.to_dict(), "modes": dict(gen_modes),
                       "details": gen_details},
        "table": table,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table)
    print(f"\nfallbacks to extractive in generative mode: {gen_modes.get('fallback', 0)}; "
          f"outputs with an invented marker: {gen_modes.get('outputs_with_invented_markers', 0)}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
