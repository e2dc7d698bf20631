"""Chunk vectors beside the lexical index, on real components: Chroma on disk and the
packaged model. Readers that find the copy rank chunks exactly as Chroma does, without
opening (or importing) Chroma."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from assistant import Assistant
from index import store, vectors
from index.lexical import LexicalIndex
from index.manifest import Manifest
from index.rebuild import run_index

QUESTIONS = [
    "Combien de temps dure l'autorisation de la CNIL ?",
    "Qui héberge l'entrepôt EMC2 ?",
    "c'est quoi secnumcloud",
    "What does the CLOUD Act allow?",
    "que disent les lecteurs de Microsoft ?",
]


def live(settings) -> tuple[Manifest, LexicalIndex]:
    manifest = Manifest.load(settings.index_dir)
    return manifest, LexicalIndex.load(settings.index_dir / manifest.lexical)


def test_indexing_saves_every_chunk_vector_in_lexical_order(shipped_index):
    manifest, lexical = live(shipped_index)
    copy = vectors.load(lexical.folder, lexical.ids, manifest.model_id)
    assert copy is not None and len(copy) == len(lexical.ids) == manifest.chunks
    collection = store.open_collection(shipped_index, manifest)
    stored = vectors.normalised(store.get_embeddings(collection, lexical.ids[:40]))
    assert np.allclose(copy.vectors[:40], stored, atol=1e-6)


def test_exact_search_finds_what_chroma_finds(shipped_index):
    assistant = Assistant(shipped_index)
    retriever = assistant.generation().retriever
    assert retriever.vectors is not None and retriever.collection is None
    manifest, _ = live(shipped_index)
    collection = store.open_collection(shipped_index, manifest)
    for question in QUESTIONS:
        vector = retriever.encode_query(question)
        exact = retriever.dense_scores(vector, None, pool=20)
        by_chroma = {retriever.lexical.position[i]: 1.0 - d
                     for i, d in store.nearest(collection, vector, 40)
                     if retriever.kinds[retriever.lexical.position[i]] != "commentaires"}
        best = sorted(by_chroma, key=by_chroma.get, reverse=True)[:20]
        assert list(exact) == best, question
        assert all(abs(exact[p] - by_chroma[p]) < 1e-5 for p in best)
    assistant.close()


def test_an_index_without_the_copy_answers_the_same_and_gets_one(shipped_index):
    first = Assistant(shipped_index)
    before = [first.answer(q) for q in QUESTIONS]
    first.close()
    manifest, lexical = live(shipped_index)
    path = lexical.folder / vectors.FILE
    saved = path.read_bytes()
    try:
        path.unlink()  # an index built before the copy existed
        second = Assistant(shipped_index)
        after = [second.answer(q) for q in QUESTIONS]
        second.close()
        assert [a.text for a in after] == [a.text for a in before]
        assert [[(c.doc_id, c.start, round(c.score, 4)) for c in a.citations] for a in after] == \
            [[(c.doc_id, c.start, round(c.score, 4)) for c in a.citations] for a in before]
        assert vectors.load(lexical.folder, lexical.ids, manifest.model_id) is not None
    finally:
        path.write_bytes(saved)


def run_answer(settings) -> list[str]:
    code = ("import sys; from assistant import answer; a = answer('Qui héberge EMC2 ?'); "
            "print(bool(a.citations), 'chromadb' in sys.modules)")
    env = {"SOUVERAIN_INDEX_DIR": str(settings.index_dir),
           "SOUVERAIN_CORPUS_DIR": str(settings.corpus_dir), "PATH": "/usr/bin:/bin",
           "HOME": str(settings.index_dir)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env, timeout=300)
    return out.stdout.split()


def test_a_reader_with_the_copy_never_imports_chroma(shipped_index):
    assert run_answer(shipped_index) == ["True", "False"]


def test_a_damaged_copy_means_chroma_answers_and_the_copy_is_made_again(shipped_index):
    manifest, lexical = live(shipped_index)
    path = lexical.folder / vectors.FILE
    saved = path.read_bytes()
    try:
        path.write_bytes(saved[: len(saved) // 3])
        assert run_answer(shipped_index) == ["True", "True"]
        assert vectors.load(lexical.folder, lexical.ids, manifest.model_id) is not None
    finally:
        path.write_bytes(saved)


def test_an_update_reads_only_the_new_chunks_vectors_from_the_store(make_corpus, tmp_settings,
                                                                    embeddings, monkeypatch):
    body = "La CNIL a autorisé l'entrepôt EMC2 chez Microsoft pour une durée de trois ans."
    root = make_corpus({"a.md": f"# A\n\n{body}\n", "b.md": "# B\n\nSecNumCloud protège.\n"})
    settings = tmp_settings(root)
    run_index(settings, embeddings=embeddings)
    _, first = live(settings)
    asked: list[str] = []
    read = store.get_embeddings

    def counting(collection, ids, batch=5000):
        asked.extend(ids)
        return read(collection, ids, batch)

    monkeypatch.setattr(store, "get_embeddings", counting)
    (root / "c.md").write_text("# C\n\nLe Health Data Hub a été créé en 2019.\n", encoding="utf-8")
    run_index(settings, embeddings=embeddings)
    manifest, second = live(settings)
    assert asked and set(asked) == set(second.ids) - set(first.ids)
    copy = vectors.load(second.folder, second.ids, manifest.model_id)
    assert copy is not None
    collection = store.open_collection(settings, manifest)
    stored = vectors.normalised(store.get_embeddings(collection, second.ids))
    assert np.allclose(copy.vectors, stored, atol=1e-6)
