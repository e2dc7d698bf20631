"""Readers of a real Chroma server with a disposable local copy of their lexical index.

Each reader is a new process with its own empty index folder and no corpus. A
reader that ran before starts from its copy without reading every chunk again,
answers as one without a copy does, follows what the writer added and removed
since, and shrugs off a damaged copy (answers right, no error, copy rewritten).
Readers change nothing on the server and leave their index folder empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_chroma_server import chroma_server  # noqa: F401 - the fixture
from test_shared_server import NEW_DOC, ROOT, env_for, names, souverain

from core.settings import Settings
from index import reader_cache, shared

pytestmark = pytest.mark.slow
QUESTIONS = ("Pendant combien de temps Microsoft hébergera-t-il les données ?",
             "Quel projet utilise un serveur Chroma partagé entre plusieurs machines ?",
             "Qu'est-ce que la qualification SecNumCloud ?")
CHILD = """
import json, sys
from assistant import answer
from index import shared
answers = {q: {"text": (a := answer(q)).text, "cited": [c.doc_id for c in a.citations]}
           for q in sys.argv[1:]}
print(json.dumps({"answers": answers, "load": shared.reader_load}))
"""


def test_readers_start_from_their_copy(chroma_server, shipped_corpus_copy, tmp_path):  # noqa: F811
    url, name = chroma_server, "copie"
    writer = env_for(url, tmp_path / "writer", shipped_corpus_copy, name)
    souverain(writer, "index")
    collections = names(url, name)
    cache = tmp_path / "reader-cache"
    runs = 0

    def reader(copy: Path | None) -> dict:
        nonlocal runs
        runs += 1
        folder = tmp_path / f"reader{runs}"
        env = env_for(url, folder / "index", tmp_path / "no-corpus", name)
        env["SOUVERAIN_READER_CACHE_DIR"] = "" if copy is None else str(copy)
        done = subprocess.run([sys.executable, "-c", CHILD, *QUESTIONS], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert not (folder / "index").exists() or not any((folder / "index").iterdir())
        assert names(url, name) == collections  # readers create, change, delete nothing
        return json.loads(done.stdout.strip().splitlines()[-1])

    settings = Settings.from_env({}, chroma_url=url, collection=name, reader_cache_dir=str(cache))
    chunks = shared.load_manifest(settings).chunks

    cold = reader(cache)
    assert cold["load"] == {"source": "server", "kept": 0, "read": chunks}
    written = sorted(p.stat().st_mtime_ns for p in cache.rglob("*"))
    plain = reader(None)  # SOUVERAIN_READER_CACHE_DIR empty: no copy read nor written
    assert plain["load"]["source"] == "server"
    assert sorted(p.stat().st_mtime_ns for p in cache.rglob("*")) == written
    warm = reader(cache)
    assert warm["load"] == {"source": "cache", "kept": chunks, "read": 0}
    assert warm["answers"] == plain["answers"] == cold["answers"]

    # the writer adds a document and removes the one cited first for the first question
    gone = plain["answers"][QUESTIONS[0]]["cited"][0]
    (shipped_corpus_copy / "fiches" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")
    (shipped_corpus_copy / gone).unlink()
    souverain(writer, "index")
    collections = names(url, name)
    manifest = shared.load_manifest(settings)
    added = manifest.documents["fiches/nouveau.md"].chunks

    after = reader(cache)
    assert after["load"] == {"source": "cache", "kept": manifest.chunks - added, "read": added}
    assert "fiches/nouveau.md" in after["answers"][QUESTIONS[1]]["cited"]
    assert all(gone not in a["cited"] for a in after["answers"].values())
    fresh = reader(None)
    assert {q: a["cited"] for q, a in after["answers"].items()} == \
        {q: a["cited"] for q, a in fresh["answers"].items()}

    # a damaged copy: ignored, answers right, no error, and written again
    root = reader_cache.folder(settings, manifest)
    for segment in (root / "segments").iterdir():
        records = segment / "records.json"
        records.write_bytes(records.read_bytes()[: records.stat().st_size // 2])
    damaged = reader(cache)
    assert damaged["load"]["source"] == "server"
    assert {q: a["cited"] for q, a in damaged["answers"].items()} == \
        {q: a["cited"] for q, a in fresh["answers"].items()}
    assert reader_cache.load(settings, manifest) is not None  # rewritten, whole
    (root / reader_cache.FILE).write_text('{"format": 1, "segm')  # truncated index file
    again = reader(cache)
    assert again["load"]["source"] == "server"
    assert again["answers"] == damaged["answers"]
