"""Many machines on one Chroma server: stateless readers, one writer at a time.

One writer and two readers, each in its own process with its own empty index
folder and no corpus. The readers answer in a loop while the writer updates,
rebuilds and adds a document: no error, no empty answer, the new document cited
by both without restart, and the server's collections are only changed by writers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_chroma_server import chroma_server  # noqa: F401 - the fixture

from core.settings import Settings
from index import shared, store
from index.rebuild import run_index

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NEW_DOC = ("---\ntitle: Note serveur\nkind: fiche\n---\n# Note\n\nLe projet Zéphyrin utilise "
           "un serveur Chroma partagé entre plusieurs machines depuis 2031.\n")


def env_for(url: str, index_dir: Path, corpus: Path, collection: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUVERAIN_")}
    env.update(SOUVERAIN_CHROMA_URL=url, SOUVERAIN_INDEX_DIR=str(index_dir),
               SOUVERAIN_CORPUS_DIR=str(corpus), SOUVERAIN_COLLECTION=collection,
               SOUVERAIN_READER_CACHE_DIR=str(index_dir.parent / "reader-cache"),
               PYTHONPATH=str(ROOT))
    return env


def souverain(env: dict[str, str], *args: str, check: bool = True
              ) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-c", "from ui.cli import cli; cli()", *args],
                         env=env, capture_output=True, text=True, timeout=600)
    if check:
        assert run.returncode == 0, run.stdout + run.stderr
    return run


def names(url: str, prefix: str) -> list[str]:
    settings = Settings.from_env({}, chroma_url=url)
    return sorted(n for n in store.collection_names(store.get_client(settings))
                  if n.startswith(prefix))


def test_one_writer_two_readers(chroma_server, shipped_corpus_copy, tmp_path):  # noqa: F811
    writer = env_for(chroma_server, tmp_path / "writer", shipped_corpus_copy, "partage")
    souverain(writer, "index")
    before = names(chroma_server, "partage")

    readers = []
    for n in (1, 2):
        folder = tmp_path / f"reader{n}"
        folder.mkdir()
        env = env_for(chroma_server, folder / "index", tmp_path / "no-corpus", "partage")
        status, stop = tmp_path / f"status{n}.json", tmp_path / "stop"
        started = time.time()
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "reader_loop.py"),
                                 str(status), str(stop)], env=env, cwd=folder,
                                stderr=subprocess.PIPE, text=True)
        readers.append((proc, status, folder, started))

    def state(status: Path) -> dict:
        try:
            return json.loads(status.read_text())
        except (OSError, ValueError):
            return {}

    deadline = time.monotonic() + 120
    while any(state(s).get("answers", 0) < 4 for _, s, _, _ in readers):
        assert time.monotonic() < deadline, [state(s) for _, s, _, _ in readers]
        assert all(p.poll() is None for p, _, _, _ in readers), readers[0][0].stderr.read()
        time.sleep(0.3)
    assert names(chroma_server, "partage") == before  # readers created nothing

    # incremental run: a document changes
    fiche = next((shipped_corpus_copy / "fiches").glob("*.md"))
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n\nUne phrase ajoutée.\n",
                     encoding="utf-8")
    souverain(writer, "index")
    souverain(writer, "index", "--rebuild")
    (shipped_corpus_copy / "fiches" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
    souverain(writer, "index")
    added_at = time.time()

    deadline = time.monotonic() + 60
    while any(state(s).get("new_cited_at") is None for _, s, _, _ in readers):
        assert time.monotonic() < deadline, [state(s) for _, s, _, _ in readers]
        time.sleep(0.3)
    (tmp_path / "stop").write_text("")
    for proc, status, folder, _ in readers:
        proc.wait(timeout=60)
        final = state(status)
        assert final["errors"] == 0, final["messages"]
        assert final["empty"] == 0
        assert final["new_cited_at"] - added_at < 10
        assert not (folder / "index").exists() or not any((folder / "index").iterdir())
    assert len(names(chroma_server, "partage-")) <= 3  # live (+ the one a rebuild replaced) + manifest


def test_two_writers_never_corrupt(chroma_server, make_corpus, tmp_path, embeddings):  # noqa: F811
    corpus = make_corpus({f"d{i}.md": f"---\ntitle: D{i}\nkind: fiche\n---\n# D{i}\n\nUn "
                          f"passage assez long pour le document numéro {i}." for i in range(5)})
    settings = Settings.from_env({}, index_dir=tmp_path / "w0", corpus_dir=corpus,
                                 chroma_url=chroma_server, collection="deux")
    # held by someone else: a writer on another machine stops with a clear message
    with shared.server_lock(settings):
        refused = souverain(env_for(chroma_server, tmp_path / "w1", corpus, "deux"), "index",
                            check=False)
    assert refused.returncode == 1 and "Another indexing run" in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stdout + refused.stderr

    # two at once: each succeeds or stops with that message; the index is whole after
    procs = [subprocess.Popen([sys.executable, "-c", "from ui.cli import cli; cli()", "index",
                               "--rebuild"], env=env_for(chroma_server, tmp_path / f"w{n}",
                                                         corpus, "deux"),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for n in (2, 3)]
    outputs = [(p.wait(timeout=600), p.stdout.read()) for p in procs]
    assert any(code == 0 for code, _ in outputs), outputs
    for code, out in outputs:
        assert code == 0 or "Another indexing run" in out, out
    live = shared.load_manifest(settings)
    collection = store.get_collection(store.get_client(settings), live.collection)
    assert collection.count() == live.chunks == 5
    assert shared.live_generation(settings) == live.generation
    assert "deux-lock" not in names(chroma_server, "deux")  # released
    report = run_index(settings)  # a third writer, later: nothing to do
    assert report.chunks == 5 and not report.rebuilt
