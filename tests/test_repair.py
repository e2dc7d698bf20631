"""Every « run X » an index error prints names a command that really fixes it.

Each case damages a working index, checks what a reader says, runs the command
the message names, and checks that the reader answers again.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from test_chroma_server import chroma_server  # noqa: F401 - the fixture

from assistant import answering
from core.errors import IndexStoreError
from index import store
from index.manifest import Manifest
from index.rebuild import run_index
from ui.cli import cli

pytestmark = pytest.mark.slow

FILES = {
    "a.md": "---\ntitle: Alpha\nkind: fiche\n---\n# Alpha\n\nLe projet Alpha héberge ses données "
            "de santé en France depuis 2020.",
    "b.md": "---\ntitle: Bêta\nkind: fiche\n---\n# Bêta\n\nLa plateforme Bêta a reçu la "
            "qualification SecNumCloud en 2023.",
}
QUESTION = "Quelle plateforme a reçu la qualification SecNumCloud ?"


def forget_loaded():
    """A new process, as far as answering is concerned (tests share one)."""
    for assistant in list(answering._defaults.values()):
        assistant.close()
    answering._defaults.clear()


def segment_file(settings, name):
    manifest = Manifest.load(settings.index_dir)
    spec = json.loads((settings.index_dir / manifest.lexical / "lexical.json").read_text())
    return settings.index_dir / "segments" / spec["segments"][0] / name


def truncate_records(settings):
    path = segment_file(settings, "records.json")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def delete_lexical(settings):
    shutil.rmtree(segment_file(settings, "ids.json").parent)


def corrupt_manifest(settings):
    (settings.index_dir / "manifest.json").write_text("{ pas du json", encoding="utf-8")


def delete_chroma(settings):
    shutil.rmtree(settings.index_dir / Manifest.load(settings.index_dir).chroma_dir)


def truncate_postings(settings):
    path = segment_file(settings, "postings.npz")
    path.write_bytes(path.read_bytes()[:64])


@pytest.mark.parametrize("damage", [truncate_records, delete_lexical, corrupt_manifest,
                                    delete_chroma, truncate_postings])
def test_the_command_an_error_names_fixes_it(damage, make_corpus, tmp_settings, monkeypatch,
                                             embeddings):
    settings = tmp_settings(make_corpus(FILES))
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(settings.index_dir))
    run_index(settings)
    damage(settings)
    forget_loaded()
    store.forget_client(str(settings.index_dir / (Manifest.load(settings.index_dir).chroma_dir
                                                  if damage is not corrupt_manifest else "x")))

    asked = CliRunner().invoke(cli, ["ask", QUESTION])
    assert asked.exit_code == 1 and "Traceback" not in asked.output
    command = re.search(r"run `(souverain [^`]+)`", asked.output)
    assert command, asked.output
    fixed = CliRunner().invoke(cli, command.group(1).split()[1:])
    assert fixed.exit_code == 0, fixed.output
    assert "repaired" in fixed.output or "rebuilt" in fixed.output

    forget_loaded()
    again = CliRunner().invoke(cli, ["ask", QUESTION])
    assert again.exit_code == 0, again.output
    assert "Bêta" in again.output
    # and a second run finds nothing left to repair
    quiet = CliRunner().invoke(cli, ["index"])
    assert "repaired" not in quiet.output and "rebuilt" not in quiet.output, quiet.output


def test_plain_index_repairs_a_corrupt_manifest_too(make_corpus, tmp_settings, embeddings):
    settings = tmp_settings(make_corpus(FILES))
    run_index(settings)
    corrupt_manifest(settings)
    report = run_index(settings)
    assert report.rebuilt and report.repaired and report.chunks == 2


def test_lost_record_db_is_rebuilt_so_updates_leave_no_stale_chunks(make_corpus, tmp_settings,
                                                                   embeddings):
    corpus = make_corpus(FILES)
    settings = tmp_settings(corpus)
    run_index(settings)
    for path in settings.index_dir.glob("records-*"):
        path.unlink()
    (corpus / "a.md").write_text(FILES["a.md"].replace("2020", "2021"), encoding="utf-8")
    report = run_index(settings)
    assert report.updated == ["a.md"] and any("record DB" in r for r in report.repaired)
    manifest = Manifest.load(settings.index_dir)
    collection = store.open_collection(settings, manifest)
    assert collection.count() == manifest.chunks == 2  # the old chunk of a.md is gone
    with pytest.raises(IndexStoreError):
        store.open_collection(settings, Manifest(chroma_dir="chroma-absent", collection="x"))


def test_server_collection_dropped_behind_our_back(make_corpus, tmp_path, embeddings,
                                                   chroma_server, monkeypatch):
    from core.settings import Settings
    from index import shared

    corpus = make_corpus(FILES)
    settings = Settings.from_env({}, index_dir=tmp_path / "w", corpus_dir=corpus,
                                 chroma_url=chroma_server, collection="lache")
    run_index(settings)
    reader = settings.replace(index_dir=tmp_path / "r", corpus_dir=tmp_path / "none",
                              reader_cache_dir=str(tmp_path / "reader-cache"))
    assert answering.answer(QUESTION, settings=reader).citations
    live = shared.load_manifest(settings)
    store.delete_collection(store.get_client(settings), live.collection)

    forget_loaded()
    with pytest.raises(IndexStoreError, match=r"run `souverain index`"):
        answering.answer(QUESTION, settings=reader)
    report = run_index(settings)
    assert report.rebuilt and any("collection missing" in r for r in report.repaired)
    result = answering.answer(QUESTION, settings=reader)  # no restart, no clear_cache
    assert any(c.doc_id == "b.md" for c in result.citations)
