"""Embedded layered generations with the real model, real Chroma on disk and real processes:
updates never touch the base, a reader in another process follows them, compaction gives
the rebuild's answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answering import prepare
from core.settings import Settings
from index import rebuild, store
from index.manifest import Manifest
from index.rebuild import run_index

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NEW_DOC = ("---\ntitle: Note serveur\nkind: fiche\n---\n# Note\n\nLe projet Zéphyrin utilise "
           "un serveur Chroma partagé entre plusieurs machines depuis 2031.\n")
NEW_QUESTION = "Quel projet utilise un serveur Chroma partagé entre plusieurs machines ?"


def files(folder: Path) -> list[tuple[str, int, int, int]]:
    return [(str(p.relative_to(folder)), p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()]


def souverain(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-c", "from ui.cli import cli; cli()", *args],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def test_reader_process_follows_layered_updates(shipped_corpus_copy, tmp_path, embeddings):
    index_dir = tmp_path / "index"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUVERAIN_")}
    env.update(SOUVERAIN_INDEX_DIR=str(index_dir), SOUVERAIN_CORPUS_DIR=str(shipped_corpus_copy),
               PYTHONPATH=str(ROOT))
    souverain(env, "index")
    settings = Settings.from_env({}, index_dir=index_dir, corpus_dir=shipped_corpus_copy)
    first = Manifest.load(index_dir)
    base = index_dir / first.chroma_dir

    status, stop = tmp_path / "status.json", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, str(ROOT / "tests" / "reader_loop.py"),
                               str(status), str(stop)], env=env, cwd=tmp_path,
                              stderr=subprocess.PIPE, text=True)

    def state() -> dict:
        try:
            return json.loads(status.read_text())
        except (OSError, ValueError):
            return {}

    try:
        deadline = time.monotonic() + 180
        while state().get("answers", 0) < 4:
            assert time.monotonic() < deadline, state()
            assert reader.poll() is None, reader.stderr.read()
            time.sleep(0.3)
        # Chroma itself writes a folder it loads (its SQLite file, sometimes the HNSW files):
        # the reader has loaded the base by now, the update must not touch it
        before = files(base)
        # a base document removed, one added: both while the reader answers
        removed = sorted((shipped_corpus_copy / "fiches").glob("*.md"))[0]
        removed_id = f"fiches/{removed.name}"
        removed.unlink()
        (shipped_corpus_copy / "fiches" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
        # in this process (``souverain index`` then loads the new generation as a reader, to
        # parse its sentences, which opens the base)
        report = run_index(settings)
        added_at = time.time()
        assert report.added == ["fiches/nouveau.md"] and report.removed == [removed_id]
        assert files(base) == before  # the update neither wrote nor opened the base
        prepare(settings)  # what `souverain index` does next: the sentences parsed once
        deadline = time.monotonic() + 60
        while state().get("new_cited_at") is None:
            assert time.monotonic() < deadline, state()
            time.sleep(0.3)
        stop.write_text("")
        reader.wait(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    final = state()
    assert final["errors"] == 0, final["messages"]
    assert final["empty"] == 0
    assert final["new_cited_at"] - added_at < 30  # no restart (a loaded machine: reload + parse)

    live = Manifest.load(index_dir)
    assert live.chroma_dir == first.chroma_dir and live.delta_dir and live.tombstones
    collection = store.open_collection(settings, live)
    got = collection.get(where={"doc_id": removed_id}, include=["metadatas"])
    assert got["ids"] == []  # tombstoned in the base
    asked = souverain(env, "ask", "--json", NEW_QUESTION)
    cited = [c["doc_id"] for c in json.loads(asked.stdout)["citations"]]
    assert cited[0] == "fiches/nouveau.md" and removed_id not in cited


def test_compaction_gives_the_rebuild_s_store(shipped_corpus_copy, tmp_path, embeddings,
                                              monkeypatch):
    from assistant import Assistant

    monkeypatch.setattr(rebuild, "COMPACT_CHUNKS", 1)
    settings = Settings.from_env({}, index_dir=tmp_path / "index", corpus_dir=shipped_corpus_copy)
    run_index(settings)
    first = Manifest.load(settings.index_dir)
    fiches = sorted((shipped_corpus_copy / "fiches").glob("*.md"))
    (shipped_corpus_copy / "fiches" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
    run_index(settings)
    assert Manifest.load(settings.index_dir).delta_chunks == 1  # at the bound: no compaction
    for path in fiches[:3]:
        path.unlink()
    report = run_index(settings)
    live = Manifest.load(settings.index_dir)
    assert report.embedded == 0  # compaction reuses the stored vectors
    assert not live.layered and live.chroma_dir != first.chroma_dir
    assert live.base_chunks == live.chunks

    again = settings.replace(index_dir=tmp_path / "rebuilt")
    run_index(again, rebuild=True)
    mine = store.open_collection(settings, live)
    theirs = store.open_collection(again, Manifest.load(again.index_dir))
    assert sorted(store.all_ids(mine)) == sorted(store.all_ids(theirs))
    questions = [NEW_QUESTION, "Qui a autorisé l'entrepôt EMC2 ?", "What is SecNumCloud?"]
    for question in questions:
        a = Assistant(settings).answer(question)
        b = Assistant(again).answer(question)
        assert [c.doc_id for c in a.citations] == [c.doc_id for c in b.citations]
        assert a.text == b.text
