"""Readers of a Chroma server: start-up, and how long a new generation takes to reach them.

``python -m bench.server`` starts ``chroma run`` on a free loopback port, indexes
the shipped corpus into it (``souverain index``, a writer with its own folder),
then measures, each reader a new process with an empty index folder and no corpus:

- start-up: ``souverain ask`` from nothing to its answer (median of 3), and the
  first ``answer()`` inside a process (imports excluded);
- new generation: a reader answers in a loop; the writer adds a document and
  runs ``souverain index``; the delay between the end of that command and the
  first answer that cites the new document, from the moment the writer switched
  the live generation on the server (polled every 20 ms).

Prints one JSON object (``bench/run.py`` turns it into table rows).
"""

from __future__ import annotations

import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import SHIPPED_CORPUS, child_env, run_process, souverain_command

QUESTION = "Pendant combien de temps Microsoft hébergera-t-il les données ?"
NEW_QUESTION = "Quel projet utilise un serveur Chroma partagé entre plusieurs machines ?"
NEW_DOC = ("---\ntitle: Note serveur\nkind: fiche\n---\n# Note\n\nLe projet Zéphyrin utilise "
           "un serveur Chroma partagé entre plusieurs machines depuis 2031.\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_chroma(folder: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    log = open(folder / "chroma.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path",
                             str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma run did not start")


def _watch_generation(url: str, switched: list[float]) -> None:
    """Note when the live generation on the server changes (the writer's manifest switch)."""
    from core.settings import Settings
    from index import shared

    settings = Settings.from_env({}, chroma_url=url)
    first = shared.live_generation(settings)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if shared.live_generation(settings) != first:
            switched.append(time.time())
            return
        time.sleep(0.02)


def reader_loop(out: Path, until: float) -> None:
    """(child) Answer NEW_QUESTION in a loop; write the time it is first cited."""
    from assistant import answer

    answer(QUESTION)
    out.with_suffix(".ready").write_text("")
    while time.time() < until:
        result = answer(NEW_QUESTION)
        if any(c.doc_id == "fiches/nouveau.md" for c in result.citations):
            out.write_text(json.dumps({"cited_at": time.time()}))
            return
        time.sleep(0.05)


def first_answer() -> None:
    """(child) Time the first ``answer()`` of a process, imports excluded."""
    import assistant

    started = time.perf_counter()
    result = assistant.answer(QUESTION)
    assert result.citations
    print(json.dumps({"first_answer_s": time.perf_counter() - started}))


def measure(runs: int = 3) -> dict:
    work = Path(tempfile.mkdtemp(prefix="souverain-bench-server-"))
    chroma, url = _start_chroma(work)
    try:
        corpus = work / "corpus"
        shutil.copytree(SHIPPED_CORPUS, corpus)
        writer = child_env(chroma_url=url, index_dir=work / "writer", corpus_dir=corpus)
        run_process([*souverain_command(), "index"], env=writer).check("souverain index (server)")

        def reader_env(n: int) -> dict[str, str]:
            return child_env(chroma_url=url, index_dir=work / f"reader{n}",
                             corpus_dir=work / "no-corpus")

        asks = [run_process([*souverain_command(), "ask", QUESTION], env=reader_env(i))
                .check("souverain ask (server reader)") for i in range(runs)]
        inner = [json.loads(run_process([sys.executable, "-m", "bench.server", "first-answer"],
                                        env=reader_env(10 + i)).check("first answer").stdout
                            .strip().splitlines()[-1])["first_answer_s"] for i in range(runs)]

        out = work / "cited.json"
        reader = subprocess.Popen([sys.executable, "-m", "bench.server", "reader", str(out),
                                   str(time.time() + 300)], env=reader_env(99))
        deadline = time.monotonic() + 120
        while not out.with_suffix(".ready").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        (corpus / "fiches" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
        switched: list[float] = []
        watcher = threading.Thread(target=_watch_generation, args=(url, switched), daemon=True)
        watcher.start()
        add = run_process([*souverain_command(), "index"], env=writer).check("souverain index (add)")
        reader.wait(timeout=300)
        watcher.join(timeout=30)
        cited = json.loads(out.read_text())["cited_at"]
        written = switched[0] if switched else time.time()
        return {
            "ask_s": statistics.median(r.seconds for r in asks),
            "ask_max_s": max(r.seconds for r in asks),
            "ask_rss_mb": max(r.peak_rss_mb for r in asks),
            "first_answer_s": statistics.median(inner),
            "writer_add_s": add.seconds,
            "new_generation_s": cited - written,
        }
    finally:
        chroma.terminate()
        chroma.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> None:
    if argv and argv[0] == "reader":
        reader_loop(Path(argv[1]), float(argv[2]))
    elif argv and argv[0] == "first-answer":
        first_answer()
    else:
        print(json.dumps(measure()))


if __name__ == "__main__":
    main(sys.argv[1:])
