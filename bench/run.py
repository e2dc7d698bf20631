"""``make bench``: Souverain's benchmarks, printed as one Markdown table.

    .venv/bin/python bench/run.py                  # everything (~30-40 min the first time)
    .venv/bin/python bench/run.py --quick          # 20,000-chunk index instead of 100,000, fewer runs
    .venv/bin/python bench/run.py --only answer,cold
    .venv/bin/python bench/run.py --docs           # also write the table into docs/benchmarks.md

Every measurement runs in a fresh child process (its own peak RSS, read from
``wait4``), against the real packaged model and a real Chroma store in a temp
folder. The 100,000-chunk index is cached under ``bench/results/`` (see
``bench/big.py``). Results go to ``bench/results/latest.md`` and ``latest.json``;
profiles of missed targets to ``bench/results/profile-*.txt``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    RESULTS,
    SHIPPED_CORPUS,
    child_env,
    eval_questions,
    fmt_mb,
    fmt_seconds,
    machine,
    markdown_table,
    median,
    one_new_document,
    run_process,
    run_task,
    souverain_command,
    write_synthetic_corpus,
)

SECTIONS = ("build", "synthetic", "incremental", "cold", "answer", "imports", "embedding", "load",
            "big", "server")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


def index_report(run: Any) -> dict[str, Any]:
    """What ``souverain index --json`` reported (its last output line)."""
    lines = run.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


class Bench:
    """Runs the sections in order and collects rows for the table."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.rows: list[dict[str, Any]] = []
        self.notes: list[dict[str, str]] = []
        self.section = ""
        self.raw: dict[str, Any] = {}
        self.shipped_index: Path | None = None

    # -- helpers -------------------------------------------------------------------------------

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def row(self, name: str, value: str, p95: str = "", rss: float | None = None,
            target: str = "", met: bool | None = None, note: str = "") -> None:
        self.rows.append({"section": self.section, "name": name, "value": value, "p95": p95,
                          "rss": fmt_mb(rss), "target": target,
                          "met": "" if met is None else ("oui" if met else "**non**"),
                          "note": note})

    def note(self, text: str) -> None:
        self.notes.append({"section": self.section, "text": text})

    def profile(self, label: str, out: Path, task: str, env: dict[str, str], *args: str) -> None:
        """Run ``task`` under pyinstrument into ``out``; a missing profiler is a note, not a failure."""
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            self.note(f"{label} : non profilé (pyinstrument manquant : "
                              "`pip install -e '.[bench]'`)")
            return
        try:
            run_task(task, env, *args, "--profile", str(out), timeout=3 * 3600)
        except RuntimeError as exc:
            self.note(f"{label} : profilage en échec ({str(exc).splitlines()[0]})")
            return
        self.note(f"{label} : profil dans `{_rel(out)}`")

    def souverain(self, *args: str, **env: Any) -> Any:
        return run_process([*souverain_command(), *args], env=child_env(**env))

    def ensure_shipped_index(self) -> Path:
        if self.shipped_index is None:
            index_dir = self.work / "shipped-index"
            self.souverain("index", "--rebuild", index_dir=index_dir,
                           corpus_dir=SHIPPED_CORPUS).check("souverain index --rebuild")
            self.shipped_index = index_dir
        return self.shipped_index

    # -- sections ------------------------------------------------------------------------------

    def build(self) -> None:
        """Full index build of the shipped corpus, in a new process, from nothing."""
        times, rss, inner = [], [], []
        chunks = 0
        for i in range(self.args.runs):
            index_dir = self.work / f"build-{i}"
            run = self.souverain("index", "--rebuild", "--json", index_dir=index_dir,
                                 corpus_dir=SHIPPED_CORPUS).check("souverain index --rebuild")
            times.append(run.seconds)
            rss.append(run.peak_rss_mb)
            report = index_report(run)
            inner.append(report["seconds"])
            chunks = report["chunks"]
            self.log(f"shipped build {i + 1}/{self.args.runs}: {run.seconds:.1f} s, "
                     f"{run.peak_rss_mb:.0f} MB")
            if self.shipped_index is None:
                self.shipped_index = index_dir
            else:
                shutil.rmtree(index_dir, ignore_errors=True)
        self.raw["build"] = {"seconds": times, "rss_mb": rss, "run_index_s": inner, "chunks": chunks}
        self.row(f"Index complet du corpus livré ({chunks} passages), `souverain index --rebuild`",
                 fmt_seconds(median(times)), rss=max(rss),
                 note=f"dont run_index {fmt_seconds(median(inner))} ; "
                      f"{chunks / median(inner):.0f} passages/s ; médiane de {len(times)}")

    def synthetic(self) -> None:
        """Index build of a synthetic corpus of 2,000 documents (1-3 KB each)."""
        n_docs = self.args.synthetic_docs
        corpus = self.work / f"synth-{n_docs}"
        write_synthetic_corpus(corpus, n_docs, seed=1)
        times, rss, inner = [], [], []
        chunks = 0
        for i in range(self.args.synthetic_runs):
            index_dir = self.work / f"synth-index-{i}"
            shutil.rmtree(index_dir, ignore_errors=True)
            run = self.souverain("index", "--rebuild", "--json", index_dir=index_dir,
                                 corpus_dir=corpus).check("souverain index (synthetic)")
            times.append(run.seconds)
            rss.append(run.peak_rss_mb)
            report = index_report(run)
            inner.append(report["seconds"])
            chunks = report["chunks"]
            self.log(f"synthetic build {i + 1}: {run.seconds:.1f} s, {chunks} chunks, "
                     f"{run.peak_rss_mb:.0f} MB")
        self.synthetic_index = self.work / f"synth-index-{self.args.synthetic_runs - 1}"
        self.synthetic_corpus = corpus
        self.raw["synthetic"] = {"docs": n_docs, "seconds": times, "rss_mb": rss,
                                 "run_index_s": inner, "chunks": chunks}
        self.row(f"Index d'un corpus synthétique de {n_docs} documents ({chunks} passages)",
                 fmt_seconds(median(times)), rss=max(rss),
                 note=f"{chunks / median(inner):.1f} passages/s (run_index) ; "
                      f"{len(times)} exécution(s)")

    def incremental(self) -> None:
        """Add one ~2 KB document, then `souverain index` (new process) on a built index."""
        shipped = self.ensure_shipped_index()
        cases = [("corpus livré", shipped, SHIPPED_CORPUS, self.args.runs)]
        if getattr(self, "synthetic_index", None) is not None:
            cases.append((f"corpus synthétique de {self.args.synthetic_docs} documents",
                          self.synthetic_index, self.synthetic_corpus, 3))
        for label, source_index, source_corpus, runs in cases:
            index_dir, corpus = self.work / "incr-index", self.work / "incr-corpus"
            shutil.rmtree(index_dir, ignore_errors=True)
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.copytree(source_index, index_dir)
            shutil.copytree(source_corpus, corpus)
            walls, inner, rss = [], [], []
            for i in range(runs):
                new = corpus / "ajouts" / f"nouveau-{i}.md"
                new.parent.mkdir(exist_ok=True)
                new.write_text(one_new_document(i), encoding="utf-8")
                run = self.souverain("index", "--json", index_dir=index_dir,
                                     corpus_dir=corpus).check("souverain index (incremental)")
                report = index_report(run)
                walls.append(run.seconds)
                inner.append(report["seconds"])
                rss.append(run.peak_rss_mb)
                self.log(f"incremental ({label}) {i + 1}/{runs}: {run.seconds:.2f} s "
                         f"(run_index {inner[-1]:.2f} s), {report['embedded']} chunks")
            key = "incremental_shipped" if source_index == shipped else "incremental_synthetic"
            self.raw[key] = {"wall_s": walls, "run_index_s": inner, "rss_mb": rss}
            met = median(inner) <= 3.0
            self.row(f"Ajout d'un document puis `souverain index` ({label})",
                     fmt_seconds(median(inner)), rss=max(rss), target="≤ 3 s hors démarrage",
                     met=met,
                     note=f"run_index en processus ; commande entière {fmt_seconds(median(walls))}")
            if not met or self.args.profile_all:
                new = corpus / "ajouts" / "profil.md"
                new.write_text(one_new_document(99), encoding="utf-8")
                self.profile(f"Ajout d'un document ({label})", RESULTS / f"profile-{key}.txt",
                             "run_index", child_env(index_dir=index_dir, corpus_dir=corpus))

    def cold(self, tag: str = "") -> None:
        """`souverain ask` in a new process, index already built."""
        index_dir = self.ensure_shipped_index()
        questions = [q["question"] for q in eval_questions() if q.get("answerable")]
        cache = sorted(index_dir.glob("lexical-*/sentences-*"))
        state = "cache de phrases présent" if cache else "sans cache de phrases"
        ask = self._ask_command()
        times, rss = [], []
        for i in range(self.args.runs):
            run = run_process([*ask, questions[i % len(questions)]],
                              env=child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS))
            run.check("souverain ask")
            times.append(run.seconds)
            rss.append(run.peak_rss_mb)
            self.log(f"cold ask {i + 1}/{self.args.runs} ({state}): {run.seconds:.2f} s")
        self.raw[f"cold{tag}"] = {"seconds": times, "rss_mb": rss, "sentence_cache": bool(cache),
                                  "command": ask[-1] if ask[0] != sys.executable else "answer()"}
        met = median(times) <= 3.0
        self.row(f"`souverain ask` à froid, nouveau processus ({state})",
                 fmt_seconds(median(times)), fmt_seconds(max(times)), rss=max(rss),
                 target="≤ 3 s", met=met, note=f"médiane de {len(times)} ; colonne p95 = max")
        if not met and (tag == "" or self.args.profile_all):
            out = RESULTS / f"profile-cold-ask{tag}.txt"
            pyinstrument = Path(sys.executable).with_name("pyinstrument")
            if pyinstrument.exists() and ask[0] != sys.executable:
                run_process([str(pyinstrument), "-r", "text", "-o", str(out), *ask,
                             questions[0]],
                            env=child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS))
                self.note(f"`souverain ask` à froid : profil dans `{_rel(out)}`")

    def _ask_command(self) -> list[str]:
        if getattr(self, "_ask", None):
            return self._ask
        probe = self.souverain("ask", "--help")
        if probe.returncode == 0:
            self._ask = [*souverain_command(), "ask"]
            return self._ask
        self.note("`souverain ask` n'existe pas encore : mesuré avec "
                          "`python -c 'from assistant import answer; ...'`.")
        self._ask = [sys.executable, "-c",
                     "import sys; from assistant import answer; print(answer(sys.argv[1]).text)"]
        return self._ask

    def answer(self) -> None:
        """Warm `answer()` latency over the eval questions (in-process, after a warm-up)."""
        index_dir = self.ensure_shipped_index()
        env = child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS)
        result, run = run_task("warm_answer", env, "--preload", "--rounds", str(self.args.rounds))
        self.raw["answer"] = {**result, "rss_mb": run.peak_rss_mb}
        met = result["p50"] <= 0.050 and result["p95"] <= 0.150
        self.row(f"`answer()` à chaud, {result['questions']} questions d'évaluation "
                 f"× {result['rounds']}", f"p50 {fmt_seconds(result['p50'])}",
                 f"{fmt_seconds(result['p95'])}", rss=run.peak_rss_mb,
                 target="p50 ≤ 50 ms, p95 ≤ 150 ms", met=met,
                 note=f"max {fmt_seconds(result['max'])} ; bon document cité : "
                      f"{_pct(result['hit_rate'])} ; préchargement "
                      f"{fmt_seconds(result['preload_s'])}")
        if not met or self.args.profile_all:
            self.profile("`answer()` à chaud", RESULTS / "profile-warm-answer.txt",
                         "warm_answer", env, "--preload", "--rounds", "1")

    def imports(self) -> None:
        """`import assistant` must not import gradio or torch, even after one answer."""
        index_dir = self.ensure_shipped_index()
        env = child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS)
        question = eval_questions()[0]["question"]
        result, _ = run_task("modules", env, question)
        times = []
        top: list[tuple[float, str]] = []
        for _ in range(self.args.runs):
            run = run_process([sys.executable, "-X", "importtime", "-c", "import assistant"],
                              env=env).check("python -X importtime")
            entries = _importtime(run.stderr)
            times.append(entries.get("assistant", 0.0))
            top = sorted(((v, k) for k, v in entries.items() if k != "assistant"),
                         reverse=True)[:5]
        self.raw["imports"] = {**result, "import_assistant_s": times,
                               "top_imports": [(k, v) for v, k in top]}
        ok = not result["gradio_or_torch"]
        self.row("`import assistant` (-X importtime)", fmt_seconds(median(times)),
                 target="ni gradio ni torch", met=ok,
                 note="chargés après import + answer() : "
                      + (", ".join(result["after_answer"]) or "aucun module lourd")
                      + " ; plus lourds : "
                      + ", ".join(f"{k} {fmt_seconds(v)}" for v, k in top[:3]))

    def embedding(self) -> None:
        """Embedding throughput, batching off (1) and on."""
        index_dir = self.ensure_shipped_index()
        env = child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS)
        models = [("usem3", 64)] + ([] if self.args.quick else [("minilm", 32)])
        for model, batch in models:
            try:
                result, run = run_task("embed", env, model, str(index_dir), "--batch",
                                       str(batch), "--sentences")
            except RuntimeError as exc:
                self.note(f"Débit de {model} non mesuré : {exc}")
                continue
            self.raw[f"embedding_{model}"] = {**result, "rss_mb": run.peak_rss_mb}
            if "chunks_per_s_threads1" in result:
                one, two = result["chunks_per_s_threads1"], result["chunks_per_s_threads2"]
                self.row(f"Débit d'embedding {model}, passages/s (1 fil BLAS → 2 fils)",
                         f"{one:.1f} → {two:.1f}", rss=run.peak_rss_mb,
                         note=f"×{two / one:.2f} ; défaut : {result['default_threads']} fil(s)")
            for label, unit in (("chunks", "passages"), ("sentences", "phrases")):
                off = result.get(f"{label}_per_s_batch1")
                on = result.get(f"{label}_per_s_batch{batch}")
                if off is None:
                    continue
                size = (f"{result['mean_chars']:.0f} car. en moyenne" if label == "chunks"
                        else "phrases de ces passages")
                self.row(f"Débit d'embedding {model}, {unit}/s (lot de 1 → lot de {batch})",
                         f"{off:.1f} → {on:.1f}", rss=run.peak_rss_mb,
                         note=f"×{on / off:.2f} ; {size}")

    def load(self) -> None:
        """20 concurrent web-chat clients × 10 questions against `souverain serve` (loopback)."""
        index_dir = self.ensure_shipped_index()
        for concurrency in [None, *self.args.load_sweep]:
            self._load_once(index_dir, concurrency)

    def _load_once(self, index_dir: Path, concurrency: int | None) -> None:
        from bench.load import serve_and_load

        result = serve_and_load(index_dir=index_dir, clients=self.args.clients, questions=10,
                                concurrency=concurrency)
        self.raw[f"load_c{result['concurrency']}" if concurrency else "load"] = result
        self.log(f"load (concurrency {result['concurrency']}): p50 {result['p50']:.2f} s, "
                 f"p95 {result['p95']:.2f} s, {result['errors']} errors")
        self.row(f"Chat web : {result['clients']} clients simultanés × "
                 f"{result['questions_per_client']} questions (`/chat`)",
                 f"p50 {fmt_seconds(result['p50'])}", fmt_seconds(result["p95"]),
                 rss=result.get("server_peak_rss_mb"), target="0 erreur",
                 met=result["errors"] == 0,
                 note=f"{result['requests']} requêtes, {result['errors']} erreur(s) ; "
                      f"limite de concurrence du chat {result['concurrency']} "
                      f"({'essai' if concurrency else 'réglage de l’app'}) ; "
                      f"{result['throughput_rps']:.1f} req/s ; CPU serveur "
                      f"{1000 * result.get('server_cpu_s', float('nan')) / max(1, result['requests']):.0f}"
                      f" ms/requête, clients de charge "
                      f"{1000 * result['client_cpu_s'] / max(1, result['requests']):.0f} ms/requête ; "
                      "serveur prêt en "
                      f"{fmt_seconds(result['server_startup_s'])}")

    def big(self) -> None:
        """`answer()` on a large (100,000-chunk) index: latency and peak RSS.

        The corpus and a first index whose synthetic chunks carry composed vectors
        are built by ``bench/big.py`` (minutes); ``--honest-big`` also indexes the
        same corpus with ``souverain index --rebuild`` (every chunk embedded by the
        real model; about half an hour) and measures ``answer()`` on that index.
        """
        n = self.args.big_chunks
        dest = RESULTS / f"big-{n}"
        self.log(f"large index: {n} chunks under {_rel(dest)} (cached after the first build)")
        record, run = run_task("build_big", child_env(), str(dest), "--chunks", str(n),
                               *(["--force"] if self.args.rebuild_big else []), timeout=3 * 3600)
        self.raw["big_build"] = {**record, "rss_mb": run.peak_rss_mb}
        t = record["timings"]
        self.row(f"Construction de l'index de {record['chunks']} passages (banc, vecteurs composés)",
                 fmt_seconds(t["total_s"]) + (" (cache)" if record.get("reused") else ""),
                 rss=None if record.get("reused") else run.peak_rss_mb,
                 note=f"écriture Chroma {fmt_seconds(t['chroma_write_s'])} ; relecture du store "
                      f"{fmt_seconds(t['store_read_all_s'])} + index lexical "
                      f"{fmt_seconds(t['lexical_build_s'])} ; cosinus vecteur composé/réel "
                      f"{record['vector_fidelity_cosine']:.2f}")
        corpus = dest / "corpus"
        indexes = [("vecteurs composés", "big", dest / "index")]
        if self.args.honest_big:
            index_honest = dest / "index-honest"
            chunks = self._honest_build(index_honest, corpus)
            indexes.append((f"{chunks} passages tous embeddés par le modèle", "big_honest",
                            index_honest))
        for label, key, index_dir in indexes:
            self._big_answer(label, key, index_dir, corpus, record["chunks"])
        self._big_incremental(dest / "index", corpus, "vecteurs composés", "big_incremental")
        if self.args.honest_big:
            self._big_incremental(dest / "index-honest", corpus, "modèle réel",
                                  "big_honest_incremental")

    def _honest_build(self, index_dir: Path, corpus: Path) -> int:
        """``souverain index --rebuild`` of the large corpus (kept unless ``--rebuild-big``)."""
        from index.manifest import Manifest

        record_file = index_dir.parent / "honest.json"
        manifest = Manifest.load(index_dir) if index_dir.is_dir() else None
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None
        cached = manifest is not None and record is not None and not self.args.rebuild_big
        if not cached:
            shutil.rmtree(index_dir, ignore_errors=True)
            record_file.unlink(missing_ok=True)
            self.log(f"honest large index: souverain index --rebuild into {_rel(index_dir)}")
            run = run_process([*souverain_command(), "index", "--rebuild"],
                              env=child_env(index_dir=index_dir, corpus_dir=corpus),
                              timeout=6 * 3600)
            run.check("souverain index --rebuild (large corpus)")
            manifest = Manifest.load(index_dir)
            chunks = manifest.chunks if manifest else 0
            record = {"seconds": run.seconds, "rss_mb": run.peak_rss_mb, "chunks": chunks,
                      "stdout": run.stdout[-2000:]}
            record_file.write_text(json.dumps(record, indent=1), encoding="utf-8")
        assert manifest is not None and record is not None
        self.raw["big_honest_build"] = record
        self.row(f"Index complet du grand corpus ({record['chunks']} passages) par "
                 "`souverain index --rebuild`",
                 fmt_seconds(record["seconds"]) + (" (cache)" if cached else ""),
                 rss=record["rss_mb"],
                 note=f"{record['chunks'] / record['seconds']:.0f} passages/s ; chaque passage "
                      "embeddé par usem3, store Chroma réel")
        return int(record["chunks"])

    def _big_incremental(self, index_dir: Path, corpus: Path, label: str, key: str,
                         trials: int = 3) -> None:
        """Add one document to the large index, then remove it (the index ends as it began);
        ``trials`` times, medians reported.

        A first no-op run repairs what the bench's fast build leaves out (the record DB)."""
        self.souverain("index", index_dir=index_dir, corpus_dir=corpus).check(
            "souverain index (large corpus, first run)")
        new = corpus / "ajouts" / "nouveau-grand-index.md"
        new.parent.mkdir(exist_ok=True)
        timings: dict[str, list[tuple[Any, float, float]]] = {"add": [], "remove": []}
        for _ in range(trials):
            for action in ("add", "remove"):
                if action == "add":
                    new.write_text(one_new_document(7), encoding="utf-8")
                else:
                    new.unlink()
                load = os.getloadavg()[0]
                run = self.souverain("index", "--json", index_dir=index_dir, corpus_dir=corpus)
                run.check(f"souverain index ({action}, large corpus)")
                timings[action].append((run, index_report(run)["seconds"], load))
                self.log(f"large index, one document {action}: {run.seconds:.2f} s "
                         f"(load {load:.2f})")
        new.parent.rmdir()

        def median(action: str, pick: Callable[[tuple[Any, float, float]], float]) -> float:
            return statistics.median(pick(t) for t in timings[action])

        figures = {a: {"wall_s": median(a, lambda t: t[0].seconds),
                       "run_index_s": median(a, lambda t: t[1]),
                       "rss_mb": max(t[0].peak_rss_mb for t in timings[a]),
                       "load": [round(t[2], 2) for t in timings[a]]} for a in timings}
        self.raw[key] = {**figures, "trials": trials}
        add, remove = figures["add"], figures["remove"]
        rss = max(add["rss_mb"], remove["rss_mb"])
        loads = add["load"] + remove["load"]
        met = (max(add["run_index_s"], remove["run_index_s"]) <= 3
               and max(add["wall_s"], remove["wall_s"]) <= 4 and rss <= 2048)
        self.row(f"Ajout d'un document puis `souverain index` (grand index, {label})",
                 fmt_seconds(add["run_index_s"]), rss=rss,
                 target="≤ 3 s en processus, ≤ 4 s commande, ≤ 2 Go", met=met,
                 note=f"commande entière {fmt_seconds(add['wall_s'])} ; retrait du même document "
                      f"{fmt_seconds(remove['run_index_s'])} (commande "
                      f"{fmt_seconds(remove['wall_s'])}) ; médianes de {trials} ; charge "
                      f"{min(loads):.1f} à {max(loads):.1f}")

    def server(self) -> None:
        """Readers of a Chroma server (``bench/server.py``): start-up, new-generation delay."""
        run = run_process([sys.executable, "-m", "bench.server"], env=child_env(), timeout=1800)
        run.check("bench.server")
        result = run.json()
        self.raw["server"] = result
        self.row("Lecteur d'un serveur Chroma : `souverain ask` à froid, dossier d'index vide",
                 fmt_seconds(result["ask_s"]), fmt_seconds(result["ask_max_s"]),
                 rss=result["ask_rss_mb"],
                 note=f"corpus livré ; 1re réponse d'un processus (hors imports) "
                      f"{fmt_seconds(result['first_answer_s'])} ; médiane de 3, p95 = max")
        self.row("Lecteur d'un serveur Chroma : `souverain ask` avec sa copie locale de l'index "
                 "lexical (`SOUVERAIN_READER_CACHE_DIR`, remplie par un lancement précédent)",
                 fmt_seconds(result["ask_cached_s"]), fmt_seconds(result["ask_cached_max_s"]),
                 note=f"corpus livré ; médiane de 3 ; charge {result['load']:.1f} ; à 100 000 "
                      "passages : `python -m bench.server big`, docs/benchmarks.md")
        self.row("Nouvelle génération servie par un lecteur en marche (serveur Chroma)",
                 fmt_seconds(result["new_generation_s"]), target="quelques secondes",
                 met=result["new_generation_s"] <= 5,
                 note=f"de la bascule du manifeste sur le serveur à la 1re réponse qui cite le "
                      f"document ajouté ; `souverain index` de l'ajout : "
                      f"{fmt_seconds(result['writer_add_s'])}")

    def _big_answer(self, label: str, key: str, index_dir: Path, corpus: Path,
                    chunks: int) -> None:
        env = child_env(index_dir=index_dir, corpus_dir=corpus)
        rounds = str(max(1, self.args.rounds - 2))
        result, run = run_task("warm_answer", env, "--rounds", rounds, timeout=3 * 3600)
        self.raw[f"{key}_answer"] = {**result, "rss_mb": run.peak_rss_mb}
        met = result["p50"] <= 0.200 and run.peak_rss_mb <= 3 * 1024
        self.row(f"`answer()` sur le grand index ({label}), à chaud",
                 f"p50 {fmt_seconds(result['p50'])}", fmt_seconds(result["p95"]),
                 rss=run.peak_rss_mb, target="p50 ≤ 200 ms, RSS ≤ 3 GB", met=met,
                 note=f"1re fois pour chaque question : p50 "
                      f"{fmt_seconds(result['first_pass_p50'])}, p95 "
                      f"{fmt_seconds(result['first_pass_p95'])} ; 1re réponse d'un processus "
                      f"neuf {fmt_seconds(result['first_answer_s'])} ; bon document cité : "
                      f"{_pct(result['hit_rate'])} ; pas de préchauffage des phrases au-delà "
                      "de 20 000 passages")
        if not met or self.args.profile_all:
            self.profile(f"`answer()` sur le grand index ({label})",
                         RESULTS / f"profile-{key}-answer.txt", "warm_answer", env,
                         "--rounds", "1", "--limit", "30")

    def merge_previous(self, path: Path) -> None:
        """Keep the previous run's rows of the sections not measured this time (``--only``)."""
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        measured = set(self.raw.get("sections", {}))
        order = {name: i for i, name in enumerate(SECTIONS)}
        kept = [r for r in previous.get("rows", []) if r.get("section") not in measured]
        self.rows = sorted(kept + self.rows, key=lambda r: order.get(r.get("section", ""), 99))
        self.notes = sorted(
            [n for n in previous.get("notes", []) if n.get("section") not in measured]
            + self.notes, key=lambda n: order.get(n.get("section", ""), 99))
        sections = {k: v for k, v in previous.get("sections", {}).items() if k not in measured}
        self.raw["sections"] = dict(sorted({**sections, **self.raw.get("sections", {})}.items(),
                                           key=lambda kv: order.get(kv[0], 99)))
        for key, value in previous.items():
            self.raw.setdefault(key, value)

    # -- output --------------------------------------------------------------------------------

    def report(self, started: float) -> str:
        info = machine()
        header = ("Mesure", "Médiane / p50", "p95", "RSS max", "Cible", "Atteinte", "Notes")
        table = markdown_table(header, (
            (r["name"], r["value"], r["p95"], r["rss"], r["target"], r["met"], r["note"])
            for r in self.rows
        ))
        packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items() if v != "-")
        lines = [
            f"Machine : {info['cpu']}, {info['cores']} cœurs, {info['ram_gb']} Go de RAM, "
            f"Python {info['python']}, {info['os']}. Mode hors ligne (extractif). "
            f"Dernière exécution ({' '.join(self.args.argv) or 'complète'}) : "
            f"{fmt_seconds(time.perf_counter() - started)}, charge moyenne {self.load_at_start} "
            f"au début et {info['load_average'][0]} à la fin.",
            "",
            f"Paquets : {packages}.",
            "",
            table,
        ]
        when = ", ".join(f"{name} {info['at'][11:16]} (charge {info['load']})"
                         for name, info in self.raw.get("sections", {}).items())
        if when:
            lines += ["", f"Sections mesurées à (heure, charge moyenne sur 1 min au début) : {when}."]
        if self.notes:
            lines += ["", *[f"- {n['text']}" for n in self.notes]]
        self.raw["machine"] = info
        self.raw["rows"] = self.rows
        self.raw["notes"] = self.notes
        return "\n".join(lines) + "\n"


def _importtime(stderr: str) -> dict[str, float]:
    """Cumulative import seconds of ``assistant`` and of each top-level package it pulls in."""
    out: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        if "." not in name and not name.startswith("_") and name not in _STARTUP:
            out[name] = int(parts[1]) / 1e6
    return out


_STARTUP = frozenset({"site", "encodings", "codecs", "io", "abc", "os", "stat", "posixpath",
                      "genericpath", "zipimport", "time"})


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path(__file__).resolve().parent.parent))
    except ValueError:
        return str(path)


def unmeasured(raw: dict) -> list[str]:
    """The sections a results record holds no measurement of (a partial run with nothing to
    merge: its table would replace the whole of docs/benchmarks.md with a few rows)."""
    measured = set(raw.get("sections", {}))
    return [s for s in SECTIONS if s not in measured]


def write_docs(table: str, path: Path = DOCS) -> None:
    """Replace the table between the markers of docs/benchmarks.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="20,000-chunk large index, 3 runs, 500 synthetic documents, no minilm")
    parser.add_argument("--only", default="", help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--runs", type=int, default=None, help="runs of the cheap measurements (5)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the eval questions")
    parser.add_argument("--synthetic-docs", type=int, default=None)
    parser.add_argument("--synthetic-runs", type=int, default=1)
    parser.add_argument("--big-chunks", type=int, default=None)
    parser.add_argument("--clients", type=int, default=20, help="web-chat clients of the load test")
    parser.add_argument("--load-sweep", default="",
                        help="also load-test these chat concurrency limits, e.g. 1,2,8")
    parser.add_argument("--rebuild-big", action="store_true", help="ignore the cached large index")
    parser.add_argument("--honest-big", action="store_true",
                        help="also index the large corpus with `souverain index` (hours)")
    parser.add_argument("--profile-all", action="store_true", help="profile even targets met")
    parser.add_argument("--no-merge", action="store_true",
                        help="with --only: do not keep the previous run's other sections")
    parser.add_argument("--docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    args.runs = args.runs or (3 if args.quick else 5)
    args.synthetic_docs = args.synthetic_docs or (500 if args.quick else 2000)
    args.big_chunks = args.big_chunks or (20_000 if args.quick else 100_000)
    args.load_sweep = [int(x) for x in args.load_sweep.split(",") if x.strip()]
    args.sections = [s for s in (args.only.split(",") if args.only else SECTIONS) if s]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {SECTIONS}")
    return args


def main(argv: list[str] | None = None) -> int:
    import os

    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="souverain-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        bench.load_at_start = round(os.getloadavg()[0], 2)
        steps: list[tuple[str, Callable[[], None]]] = [
            ("build", bench.build), ("synthetic", bench.synthetic),
            ("incremental", bench.incremental), ("cold", bench.cold),
            ("answer", bench.answer), ("cold", lambda: bench.cold("-warm-cache")),
            ("imports", bench.imports), ("embedding", bench.embedding), ("load", bench.load),
            ("big", bench.big), ("server", bench.server),
        ]
        for section, step in steps:
            if section not in args.sections:
                continue
            bench.log(f"— {section}")
            bench.section = section
            bench.raw.setdefault("sections", {})[section] = {
                "at": time.strftime("%Y-%m-%dT%H:%M:%S"), "load": round(os.getloadavg()[0], 2)}
            try:
                step()
            except RuntimeError as exc:  # one failed measurement must not lose the others
                bench.log(f"{section} failed: {exc}")
                bench.note(f"Section « {section} » en échec : " + str(exc).splitlines()[0])
        if args.only and not args.no_merge:
            bench.merge_previous(RESULTS / "latest.json")
        text = bench.report(started)
    print(text)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps(bench.raw, indent=1, ensure_ascii=False,
                                                    default=str), encoding="utf-8")
    if args.docs:
        missing = unmeasured(bench.raw) if args.only else []
        if missing:
            print(f"docs/benchmarks.md not written: no results of {', '.join(missing)} on this "
                  f"machine to keep ({RESULTS / 'latest.json'} has none); run the whole bench "
                  "once, or leave out --docs", file=sys.stderr)
        else:
            write_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
