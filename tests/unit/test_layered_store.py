"""Embedded layered generations: a shared base never written by updates, a small delta,
tombstones, compaction (fake embeddings, real Chroma on disk)."""

from __future__ import annotations

import json
import os

import pytest
from helpers import light_parser

from assistant import Assistant
from index import rebuild, store
from index.manifest import Manifest
from index.rebuild import run_index

NEW = ("---\ntitle: Stockage à froid\nkind: fiche\n---\n# Stockage à froid\n\n"
       "Le stockage à froid de Scaleway garde les archives dans un abri antiatomique parisien.\n")
QUESTION_NEW = "Où Scaleway garde-t-il les archives du stockage à froid ?"
QUESTION_BLEU = "Qui détient la société Bleu ?"


def files(folder):
    """(name, inode, mtime_ns, size) of every file under ``folder``."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out.append((str(path.relative_to(folder)), st.st_ino, st.st_mtime_ns, st.st_size))
    return out


def dense_doc_ids(settings, embeddings, question, n=5):
    collection = store.open_collection(settings, Manifest.load(settings.index_dir))
    got = collection.query(query_embeddings=[embeddings.embed_query(question)], n_results=n,
                           include=["metadatas"])
    return [m["doc_id"] for m in got["metadatas"][0]]


@pytest.fixture
def indexed(small_corpus, tmp_settings, fake_embeddings):
    settings = tmp_settings(small_corpus)
    run_index(settings, embeddings=fake_embeddings)
    return settings


def ask(settings, embeddings, question):
    helper = Assistant(settings, embeddings=embeddings, parser=light_parser)
    try:
        return helper.answer(question)
    finally:
        helper.close()


def test_an_update_writes_a_delta_and_leaves_the_base_untouched(indexed, fake_embeddings):
    settings = indexed
    corpus = settings.corpus_dir
    first = Manifest.load(settings.index_dir)
    base = settings.index_dir / first.chroma_dir
    before = files(base)

    (corpus / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    (corpus / "fiches/bleu.md").unlink()  # its chunk lives in the base: tombstoned
    report = run_index(settings, embeddings=fake_embeddings)
    assert report.added == ["fiches/froid.md"] and report.removed == ["fiches/bleu.md"]

    live = Manifest.load(settings.index_dir)
    assert live.chroma_dir == first.chroma_dir and live.collection == first.collection
    assert live.delta_dir and live.delta_chunks == 1 and len(live.tombstones) == 1
    assert live.base_chunks == 5 and live.chunks == 5
    assert files(base) == before  # same files, inodes, dates and sizes: never written
    assert "fiches/bleu.md" not in dense_doc_ids(settings, fake_embeddings, QUESTION_BLEU)
    assert dense_doc_ids(settings, fake_embeddings, QUESTION_NEW)[0] == "fiches/froid.md"

    answer = ask(settings, fake_embeddings, QUESTION_NEW)
    assert answer.citations[0].doc_id == "fiches/froid.md"
    bleu = ask(settings, fake_embeddings, QUESTION_BLEU)
    assert all(c.doc_id != "fiches/bleu.md" for c in bleu.citations)

    # removing a document that lives in the delta deletes it there; the base stays as it was
    (corpus / "fiches/froid.md").unlink()
    run_index(settings, embeddings=fake_embeddings)
    live = Manifest.load(settings.index_dir)
    assert live.delta_chunks == 0 and len(live.tombstones) == 1 and live.chunks == 4
    assert files(base) == before
    assert "fiches/froid.md" not in dense_doc_ids(settings, fake_embeddings, QUESTION_NEW)
    ids, _, metadatas = store.read_all(store.open_collection(settings, live))
    assert len(ids) == 4 and "fiches/bleu.md" not in {m["doc_id"] for m in metadatas}
    # only the live generation and the one before it stay on disk; the base is shared
    assert {p.name for p in settings.index_dir.glob("chroma-*")} == {first.chroma_dir}
    assert len(list(settings.index_dir.glob("delta-*"))) <= 2


def test_a_removed_then_restored_document_comes_back(indexed, fake_embeddings):
    settings = indexed
    bleu = settings.corpus_dir / "fiches/bleu.md"
    text = bleu.read_text(encoding="utf-8")
    bleu.unlink()
    run_index(settings, embeddings=fake_embeddings)
    bleu.write_text(text, encoding="utf-8")
    run_index(settings, embeddings=fake_embeddings)
    live = Manifest.load(settings.index_dir)
    assert live.chunks == 5 and live.delta_chunks == 1  # tombstoned in the base, back in the delta
    assert dense_doc_ids(settings, fake_embeddings, QUESTION_BLEU)[0] == "fiches/bleu.md"
    assert store.open_collection(settings, live).count() == 5


def test_compaction_past_the_bound_equals_a_rebuild(indexed, fake_embeddings, monkeypatch,
                                                    tmp_settings, tmp_path):
    monkeypatch.setattr(rebuild, "COMPACT_CHUNKS", 3)
    settings = indexed
    corpus = settings.corpus_dir
    first = Manifest.load(settings.index_dir)
    (corpus / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    run_index(settings, embeddings=fake_embeddings)
    assert Manifest.load(settings.index_dir).delta_chunks == 1  # under the bound
    (corpus / "fiches/bleu.md").unlink()
    (corpus / "fiches/sren.md").unlink()
    (corpus / "fiches/autre.md").write_text(
        "---\ntitle: OVHcloud\nkind: fiche\n---\n# OVHcloud\n\nOVHcloud exploite des centres "
        "de données à Roubaix et à Gravelines, refroidis par eau.\n", encoding="utf-8")
    embedded = fake_embeddings.calls
    run_index(settings, embeddings=fake_embeddings)
    assert fake_embeddings.calls - embedded == 1  # compaction embeds nothing again
    live = Manifest.load(settings.index_dir)
    assert live.chroma_dir != first.chroma_dir and not live.layered
    assert live.base_chunks == live.chunks == 5

    again = tmp_settings(corpus).replace(index_dir=tmp_path / "rebuilt")
    run_index(again, embeddings=fake_embeddings, rebuild=True)
    compacted = store.read_all(store.open_collection(settings, live))
    rebuilt = store.read_all(store.open_collection(again, Manifest.load(again.index_dir)))
    assert sorted(compacted[0]) == sorted(rebuilt[0])
    for question in (QUESTION_NEW, QUESTION_BLEU, "Quand la loi SREN a-t-elle été promulguée ?"):
        assert (dense_doc_ids(settings, fake_embeddings, question)
                == dense_doc_ids(again, fake_embeddings, question))
        assert ([c.doc_id for c in ask(settings, fake_embeddings, question).citations]
                == [c.doc_id for c in ask(again, fake_embeddings, question).citations])
    # the old base goes once no live manifest names it (one run later)
    (corpus / "fiches/autre.md").unlink()
    run_index(settings, embeddings=fake_embeddings)
    run_index(settings, embeddings=fake_embeddings)
    assert not (settings.index_dir / first.chroma_dir).exists()
    assert (settings.index_dir / live.chroma_dir).is_dir()


def test_a_manifest_from_before_the_layers_keeps_working(indexed, fake_embeddings):
    settings = indexed
    path = settings.index_dir / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("delta_dir", "delta_collection", "delta_chunks", "tombstones", "base_chunks"):
        data.pop(key)
    path.write_text(json.dumps(data), encoding="utf-8")
    old = Manifest.load(settings.index_dir)
    assert old.base_chunks == old.chunks == 5 and not old.layered
    assert ask(settings, fake_embeddings, QUESTION_BLEU).citations[0].doc_id == "fiches/bleu.md"
    assert run_index(settings, embeddings=fake_embeddings).repaired == []

    (settings.corpus_dir / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    run_index(settings, embeddings=fake_embeddings)
    live = Manifest.load(settings.index_dir)
    assert live.chroma_dir == old.chroma_dir and live.delta_dir and live.delta_chunks == 1
    assert ask(settings, fake_embeddings, QUESTION_NEW).citations[0].doc_id == "fiches/froid.md"


def test_a_reader_open_during_an_update_sees_the_new_generation(indexed, fake_embeddings):
    settings = indexed
    helper = Assistant(settings, embeddings=fake_embeddings, parser=light_parser)
    try:
        assert helper.answer(QUESTION_BLEU).citations[0].doc_id == "fiches/bleu.md"
        (settings.corpus_dir / "fiches/froid.md").write_text(NEW, encoding="utf-8")
        (settings.corpus_dir / "fiches/bleu.md").unlink()
        run_index(settings, embeddings=fake_embeddings)
        assert helper.answer(QUESTION_NEW).citations[0].doc_id == "fiches/froid.md"
        assert all(c.doc_id != "fiches/bleu.md" for c in helper.answer(QUESTION_BLEU).citations)
        (settings.corpus_dir / "fiches/froid.md").unlink()
        run_index(settings, embeddings=fake_embeddings)
        assert all(c.doc_id != "fiches/froid.md" for c in helper.answer(QUESTION_NEW).citations)
    finally:
        helper.close()


@pytest.mark.parametrize("layer", ["base", "delta"])
def test_a_missing_chroma_folder_is_rebuilt(indexed, fake_embeddings, layer):
    settings = indexed
    (settings.corpus_dir / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    run_index(settings, embeddings=fake_embeddings)
    live = Manifest.load(settings.index_dir)
    folder = settings.index_dir / (live.chroma_dir if layer == "base" else live.delta_dir)
    store.forget_client(str(folder))
    import shutil

    shutil.rmtree(folder)
    report = run_index(settings, embeddings=fake_embeddings)
    assert report.rebuilt and any("folder missing" in r for r in report.repaired)
    assert ask(settings, fake_embeddings, QUESTION_NEW).citations[0].doc_id == "fiches/froid.md"
    assert run_index(settings, embeddings=fake_embeddings).repaired == []


def test_base_count_is_checked_without_starting_chroma(indexed, fake_embeddings, monkeypatch):
    settings = indexed
    live = Manifest.load(settings.index_dir)
    assert store.embedded_count(settings.index_dir / live.chroma_dir, live.collection) == 5
    with pytest.raises(LookupError):
        store.embedded_count(settings.index_dir / live.chroma_dir, "absente")
    data = json.loads((settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    data["base_chunks"] = data["chunks"] = 6
    (settings.index_dir / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    opened = []
    real = store.get_client
    monkeypatch.setattr(store, "get_client", lambda *a, **k: opened.append(a) or real(*a, **k))
    (settings.corpus_dir / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    report = run_index(settings, embeddings=fake_embeddings)
    assert report.rebuilt and any("holds 5 chunks, the manifest 6" in r for r in report.repaired)
    assert os.path.isdir(settings.index_dir / Manifest.load(settings.index_dir).chroma_dir)


class _Fake:
    """A collection of 1-d points: distance = |x - query| (enough to check the merge)."""

    def __init__(self, points: dict[str, float]) -> None:
        self.points = points
        self.asked: list[int] = []

    def query(self, query_embeddings, n_results, where=None, include=()):
        self.asked.append(n_results)
        q = query_embeddings[0][0]
        best = sorted(self.points, key=lambda i: abs(self.points[i] - q))[:n_results]
        return {"ids": [best], "distances": [[abs(self.points[i] - q) for i in best]]}

    def count(self) -> int:
        return len(self.points)


def test_tombstoned_neighbours_never_starve_a_query():
    base = _Fake({f"b{i}": float(i) for i in range(100)})
    delta = _Fake({"d0": 0.5, "d1": 60.0})
    dead = [f"b{i}" for i in range(30)]  # every neighbour of the query, and more
    layered = store.LayeredCollection(base, delta, dead)
    got = layered.query(query_embeddings=[[0.0]], n_results=5, include=["distances"])
    assert got["ids"][0] == ["d0", "b30", "b31", "b32", "b33"]
    assert got["distances"][0] == sorted(got["distances"][0])
    assert base.asked == [5 + 16, 5 + 30]  # a few more first, then as many more as tombstones
    assert layered.count() == 100 - 30 + 2


def test_removing_base_documents_only_writes_tombstones(indexed, fake_embeddings, monkeypatch):
    settings = indexed
    corpus = settings.corpus_dir
    (corpus / "fiches/froid.md").write_text(NEW, encoding="utf-8")
    run_index(settings, embeddings=fake_embeddings)
    with_delta = Manifest.load(settings.index_dir)
    assert with_delta.delta_docs == ["fiches/froid.md"]
    delta = settings.index_dir / with_delta.delta_dir
    before = files(delta)

    opened = []
    real = store.get_client
    monkeypatch.setattr(store, "get_client", lambda *a, **k: opened.append(a) or real(*a, **k))
    (corpus / "fiches/bleu.md").unlink()  # lives in the base only
    report = run_index(settings, embeddings=fake_embeddings)
    assert report.removed == ["fiches/bleu.md"] and opened == []  # no Chroma at all
    live = Manifest.load(settings.index_dir)
    assert live.delta_dir == with_delta.delta_dir and live.delta_chunks == 1
    assert len(live.tombstones) == 1 and live.chunks == 5 and live.generation != with_delta.generation
    assert files(delta) == before  # shared by both generations, not written
    assert "fiches/bleu.md" not in dense_doc_ids(settings, fake_embeddings, QUESTION_BLEU)
    assert run_index(settings, embeddings=fake_embeddings).repaired == []  # checks agree

    (corpus / "fiches/froid.md").unlink()  # lives in the delta: a copy of it is written
    run_index(settings, embeddings=fake_embeddings)
    live = Manifest.load(settings.index_dir)
    assert live.delta_dir != with_delta.delta_dir and live.delta_chunks == 0
    assert live.delta_docs == [] and live.chunks == 4


def test_a_delta_written_by_a_reader_while_copied_is_copied_again(tmp_path, monkeypatch):
    import shutil
    import sqlite3

    source = tmp_path / "delta-1"
    (source / "segment").mkdir(parents=True)
    (source / "segment" / "data_level0.bin").write_bytes(b"a")
    with sqlite3.connect(source / "chroma.sqlite3") as db:
        db.execute("CREATE TABLE t (x)")
    copies = []
    real = shutil.copytree

    def racing(src, dst, *args, **kwargs):
        out = real(src, dst, *args, **kwargs)
        if src == source:
            if not copies:  # a reader rewrites the HNSW files during the first copy
                (source / "segment" / "data_level0.bin").write_bytes(b"bb")
            copies.append(dst)
        return out

    monkeypatch.setattr(rebuild.shutil, "copytree", racing)
    rebuild._copy_chroma(source, tmp_path / "delta-2")
    assert len(copies) == 2
    assert (tmp_path / "delta-2" / "segment" / "data_level0.bin").read_bytes() == b"bb"
    with sqlite3.connect(tmp_path / "delta-2" / "chroma.sqlite3") as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
