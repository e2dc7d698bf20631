"""Scale-out: the same code against a real Chroma server (`chroma run`) on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from helpers import free_port

from core.files import stop_process
from core.settings import Settings
from index import shared, store
from index.rebuild import run_index

pytestmark = pytest.mark.slow  # a Chroma server in a subprocess

CHROMA = Path(sys.executable).with_name("chroma")




@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real Chroma server process on a free loopback port, stopped after the module."""
    assert CHROMA.exists(), f"chroma CLI missing at {CHROMA}"
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "w")  # noqa: SIM115 - closed after the server stops
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start: " + (data / "server.log").read_text()[-2000:])
    yield url
    stop_process(proc, timeout=10)
    log.close()


def test_index_and_answer_through_a_chroma_server(chroma_server, shipped_corpus_copy, tmp_path,
                                                  embeddings):
    from assistant import answer

    settings = Settings.from_env(
        {}, index_dir=tmp_path / "local-state", corpus_dir=shipped_corpus_copy,
        chroma_url=chroma_server, reader_cache_dir=str(tmp_path / "reader-cache"),
    )
    report = run_index(settings)
    assert report.chunks > 50 and not report.skipped
    manifest = shared.load_manifest(settings)
    assert manifest.chroma_url == chroma_server
    assert not list(settings.index_dir.glob("chroma*"))  # no embedded store on local disk
    assert not list(settings.index_dir.glob("lexical*"))  # readers build it from the server
    assert not (settings.index_dir / "manifest.json").exists()  # the manifest is on the server
    collection = store.get_collection(store.get_client(settings), manifest.collection)
    assert collection.count() == report.chunks

    result = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?",
                    settings=settings)
    assert result.answerable
    assert "trois ans" in result.text
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
    assert cited and cited <= {c.n for c in result.citations}  # every marker names a passage

    # Incremental behaviour is the same: one new document, one embedded chunk set.
    (shipped_corpus_copy / "fiches" / "nouveau.md").write_text(
        "---\ntitle: Note serveur\nkind: fiche\n---\n# Note\n\nLe projet Zéphyrin utilise un "
        "serveur Chroma partagé entre plusieurs machines depuis 2031.\n", encoding="utf-8",
    )
    second = run_index(settings)
    assert (len(second.added), len(second.updated), len(second.removed)) == (1, 0, 0)
    assert collection.count() == second.chunks == report.chunks + 1
    found = answer("Quel projet utilise un serveur Chroma partagé ?", settings=settings)
    assert any(c.doc_id == "fiches/nouveau.md" for c in found.citations)


def test_local_state_lost_is_repaired_from_the_server(chroma_server, make_corpus,
                                                     tmp_path, embeddings):
    corpus = make_corpus({"a.md": "---\ntitle: A\nkind: fiche\n---\n# A\n\nUn passage "
                                   "suffisamment long pour être indexé sur le serveur."})
    settings = Settings.from_env({}, index_dir=tmp_path / "state", corpus_dir=corpus,
                                 chroma_url=chroma_server, collection="perdu")
    first = run_index(settings)
    shutil.rmtree(settings.index_dir)  # the writer's record DB is gone
    (corpus / "a.md").write_text("---\ntitle: A\nkind: fiche\n---\n# A\n\nUn autre passage "
                                 "assez long pour remplacer le premier sur le serveur.")
    report = run_index(settings)
    assert not report.rebuilt and report.updated == ["a.md"] and report.chunks == 1
    assert any("record DB" in line for line in report.repaired)
    names = [n for n in store.collection_names(store.get_client(settings))
             if n.startswith("perdu-") and n[6:].isdigit()]
    live = shared.load_manifest(settings)
    assert names == [live.collection]  # no orphan collection
    assert store.get_collection(store.get_client(settings), live.collection).count() == 1
    assert live.generation != "" and first.chunks == 1
