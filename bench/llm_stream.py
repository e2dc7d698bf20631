"""How soon the web chat shows something in generative mode: first draft token, first verified text.

    python -m bench.llm_stream                     # packaged SmolLM2-135M, 10 questions
    python -m bench.llm_stream --limit 30 --model ~/m.gguf

Indexes the shipped corpus into a temp folder, starts the local llama.cpp server,
then reads ``stream_answer(..., drafts=True)`` as the chat does, timing for each
question: the first non-empty ``Draft`` (the model's first token on screen, marked
« non vérifié »), the first verified ``str``, the final ``Answer``, and how many
drafts came. Prints a Markdown table (medians) and writes
``bench/results/llm_stream.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import RESULTS, SHIPPED_CORPUS, machine, markdown_table, median


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def time_one(question: str, settings: Any) -> dict[str, Any]:
    from assistant.answering import stream_answer
    from assistant.types import Answer, Draft

    started = time.perf_counter()
    first_draft = first_text = None
    drafts = 0
    final = None
    for item in stream_answer(question, settings=settings, drafts=True):
        now = time.perf_counter() - started
        if isinstance(item, Draft):
            drafts += 1
            if item.text and first_draft is None:
                first_draft = now
        elif isinstance(item, Answer):
            final = item
        elif item and first_text is None:
            first_text = now
    total = time.perf_counter() - started
    return {"question": question, "first_draft_s": first_draft, "first_verified_s": first_text,
            "total_s": total, "drafts": drafts, "mode": final.mode if final else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="GGUF file (default: packaged SmolLM2).")
    parser.add_argument("--limit", type=int, default=10, help="The first N answerable questions.")
    parser.add_argument("--out", type=Path, default=RESULTS / "llm_stream.json")
    args = parser.parse_args(argv)

    from assistant.evaluation import load_questions
    from assistant.llm_server import LocalServer, ServerConfig, free_port, resolve_model
    from core.settings import Settings
    from index.rebuild import run_index

    questions = [q for q in load_questions() if q.answerable][: args.limit]
    with tempfile.TemporaryDirectory(prefix="souverain-llm-stream-") as tmp:
        base = Settings.from_env({}, index_dir=Path(tmp) / "index", corpus_dir=SHIPPED_CORPUS)
        run_index(base)
        config = ServerConfig(resolve_model(args.model), port=free_port())
        server = LocalServer(config).start()
        try:
            settings = base.replace(llm=server.llm_spec, llm_base_url=server.base_url)
            time_one(questions[0].question, settings)  # untimed: loads the index and the model
            rows = []
            for i, q in enumerate(questions):
                rows.append(time_one(q.question, settings))
                _log(f"[{i + 1}/{len(questions)}] first draft {rows[-1]['first_draft_s']}, "
                     f"total {rows[-1]['total_s']:.1f} s, {rows[-1]['drafts']} drafts")
        finally:
            server.stop()

    def med(key: str) -> str:
        values = [r[key] for r in rows if r[key] is not None]
        return f"{median(values):.2f} s ({len(values)}/{len(rows)})" if values else "–"

    table = markdown_table(
        ["model", "questions", "first draft token", "first verified text", "whole answer",
         "drafts per answer"],
        [[config.model.name, str(len(rows)), med("first_draft_s"), med("first_verified_s"),
          med("total_s"), f"{median([r['drafts'] for r in rows]):.0f}"]])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "model": config.model.name,
                                    "rows": rows, "table": table}, indent=1,
                                   ensure_ascii=False), encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
