"""Faults: a killed indexer, queries during a re-index, an unwritable or full index folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.errors import IndexStoreError
from core.settings import Settings
from index import store
from index.manifest import Manifest
from index.rebuild import run_index

SOUVERAIN = Path(sys.executable).with_name("souverain")


def generated_doc(i: int) -> str:
    return (
        f'---\ntitle: "Note {i}"\nkind: fiche\ndate: 2024-02-0{1 + i % 9}\n---\n# Note {i}\n\n'
        f"La note numéro {i} traite de l'hébergement des données de santé et de la "
        f"qualification SecNumCloud délivrée par l'ANSSI ; le lot {i} porte sur le "
        f"chiffrement et la localisation des données en Europe.\n\n## Détails {i}\n\n"
        f"Le prestataire {i} doit démontrer son immunité aux lois extra-européennes, "
        f"selon le chapitre 19.6 du référentiel, et documenter ses sous-traitants.\n"
    )


def index_state(settings: Settings) -> tuple[list[str], list[dict]]:
    collection = store.open_collection(settings, Manifest.load(settings.index_dir))
    ids, _, metadatas = store.read_all(collection)
    return ids, metadatas


@pytest.mark.slow
def test_kill_9_during_embedding_then_next_run_completes(make_corpus, tmp_path, embeddings):
    root = make_corpus({"base.md": generated_doc(0)})
    settings = Settings.from_env({}, index_dir=tmp_path / "index", corpus_dir=root)
    run_index(settings)
    before = Manifest.load(settings.index_dir)
    for i in range(1, 161):
        (root / f"lot/note-{i:03d}.md").parent.mkdir(exist_ok=True)
        (root / f"lot/note-{i:03d}.md").write_text(generated_doc(i), encoding="utf-8")

    env = {**os.environ, "SOUVERAIN_INDEX_DIR": str(settings.index_dir),
           "SOUVERAIN_CORPUS_DIR": str(root)}
    proc = subprocess.Popen([str(SOUVERAIN), "-v", "index"], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    seen = 0
    for line in proc.stderr:
        if "indexing lot/note-" in line:  # one line per group of documents written together
            seen += 1
            if seen == 2:  # the first group is written, the second is being embedded
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the indexer finished before it could be killed"

    # The previous generation is still the live one and still answers.
    assert Manifest.load(settings.index_dir).collection == before.collection
    from assistant import answer

    survived = answer("Quel chapitre traite des lois extra-européennes ?", settings=settings)
    assert survived.citations

    report = run_index(settings)
    assert len(report.added) == 160
    ids, metadatas = index_state(settings)
    assert len(ids) == len(set(ids)) == report.chunks
    per_doc: dict[str, int] = {}
    for meta in metadatas:
        per_doc[meta["doc_id"]] = per_doc.get(meta["doc_id"], 0) + 1
    expected = Manifest.load(settings.index_dir).documents
    assert per_doc == {doc_id: entry.chunks for doc_id, entry in expected.items()}
    assert len(per_doc) == 161  # nothing missing, no orphans


def test_queries_keep_answering_while_a_reindex_runs(shipped_corpus_copy, tmp_path, embeddings):
    from assistant import answer

    settings = Settings.from_env({}, index_dir=tmp_path / "index", corpus_dir=shipped_corpus_copy)
    run_index(settings)
    for i in range(40):
        (shipped_corpus_copy / f"lot-{i}.md").write_text(generated_doc(i), encoding="utf-8")

    errors: list[BaseException] = []
    empty: list[str] = []
    done = threading.Event()

    def reindex() -> None:
        try:
            run_index(settings)
            run_index(settings, rebuild=True)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=reindex)
    worker.start()
    questions = ["Qui a autorisé l'entrepôt EMC2 ?", "What is SecNumCloud?",
                 "Pendant combien de temps Microsoft hébergera-t-il les données ?"]
    asked = 0
    while not done.is_set() or asked < 6:
        question = questions[asked % len(questions)]
        try:
            result = answer(question, settings=settings)
            if not result.citations:
                empty.append(question)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        asked += 1
    worker.join()
    assert errors == []
    assert empty == []
    assert asked >= 6


def test_unwritable_index_folder_gives_a_clear_message(make_corpus, tmp_path):
    root = make_corpus({"a.md": generated_doc(1)})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings = Settings.from_env({}, index_dir=blocker / "index", corpus_dir=root)
    with pytest.raises(IndexStoreError, match="not writable"):
        run_index(settings)
    assert blocker.read_text() == "a file where the index folder should be"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 2 MB filesystem (tmpfs), too small for an index."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs for the full-disk test: {result.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=False)


def test_full_disk_refuses_before_writing_anything(make_corpus, tiny_disk):
    root = make_corpus({"a.md": generated_doc(2)})
    settings = Settings.from_env({}, index_dir=tiny_disk / "index", corpus_dir=root)
    with pytest.raises(IndexStoreError, match="Not enough free disk space"):
        run_index(settings)
    assert Manifest.load(settings.index_dir) is None
    assert sorted(p.name for p in (tiny_disk / "index").iterdir()) == [".lock"]
