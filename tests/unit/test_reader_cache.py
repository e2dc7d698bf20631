"""A reader's disposable copy of its lexical index (``index.reader_cache``), with a fake
collection standing in for the Chroma server: what is read, what is kept, what is dropped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from core.text import analyze
from index import reader_cache, shared
from index.lexical import LexicalIndex, Segment
from index.manifest import Manifest


class FakeCollection:
    """What a reader asks of a server collection: count, pages, records by id."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.rows: dict[str, tuple[str, dict]] = {}
        self.read = 0  # chunk records handed out so far
        for doc_id, text in texts.items():
            self.add(doc_id, text)

    def add(self, doc_id: str, text: str) -> str:
        chunk_id = hashlib.sha256(f"{doc_id}\x00{text}".encode()).hexdigest()
        self.rows[chunk_id] = (text, {"doc_id": doc_id, "terms": " ".join(analyze(text))})
        return chunk_id

    def remove(self, doc_id: str) -> None:
        self.rows = {k: v for k, v in self.rows.items() if v[1]["doc_id"] != doc_id}

    def count(self) -> int:
        return len(self.rows)

    def get(self, ids=None, include=(), limit=None, offset=None, **_):
        keys = list(self.rows) if ids is None else [i for i in ids if i in self.rows]
        if limit is not None:
            keys = keys[offset or 0:(offset or 0) + limit]
        page = {"ids": keys}
        if "documents" in include:
            page["documents"] = [self.rows[k][0] for k in keys]
            self.read += len(keys)
        if "metadatas" in include:
            page["metadatas"] = [dict(self.rows[k][1]) for k in keys]
        return page


TEXTS = {f"d{i}.md": f"Le document numéro {i} parle de l'hébergement souverain {i * 7}."
         for i in range(30)}
TEXTS["emc2.md"] = "L'entrepôt EMC2 est hébergé par Microsoft Ireland pour trois ans."


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({}, chroma_url="http://127.0.0.1:9", collection="lecteurs",
                             reader_cache_dir=str(tmp_path / "cache"))


MANIFEST = Manifest(model_id="fake/1", chunker="c1", collection="lecteurs-1")


def best(index: LexicalIndex, query: str) -> str:
    scores = index.scores(query)
    return index.metadatas[int(scores.argmax())]["doc_id"]


def test_second_start_reads_no_chunk_and_scores_the_same(settings):
    collection = FakeCollection(TEXTS)
    first = shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load == {"source": "server", "kept": 0, "read": 31}
    assert reader_cache.folder(settings, MANIFEST).joinpath(reader_cache.FILE).is_file()

    collection.read = 0
    second = shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load == {"source": "cache", "kept": 31, "read": 0}
    assert collection.read == 0
    assert second.ids == first.ids and second.contents == first.contents
    assert list(second.scores("entrepôt EMC2 Microsoft")) == list(first.scores("entrepôt EMC2 Microsoft"))
    assert best(second, "entrepôt EMC2") == "emc2.md"


def test_old_copy_follows_the_server(settings):
    collection = FakeCollection(TEXTS)
    shared.reader_lexical(settings, MANIFEST, collection)
    collection.remove("emc2.md")
    collection.add("zephyrin.md", "Le projet Zéphyrin utilise un serveur Chroma partagé.")
    collection.read = 0
    index = shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load == {"source": "cache", "kept": 30, "read": 1}
    assert collection.read == 1
    assert len(index) == 31
    assert "emc2.md" not in {m["doc_id"] for m in index.metadatas}
    assert best(index, "projet Zéphyrin") == "zephyrin.md"
    # the updated copy was saved: a third start reads nothing
    collection.read = 0
    again = shared.reader_lexical(settings, MANIFEST, collection)
    assert collection.read == 0 and sorted(again.ids) == sorted(collection.rows)


@pytest.mark.parametrize("damage", ["truncate", "garble", "delete", "index", "flip"])
def test_a_damaged_copy_is_rebuilt_from_the_server(settings, damage, caplog):
    collection = FakeCollection(TEXTS)
    shared.reader_lexical(settings, MANIFEST, collection)
    root = reader_cache.folder(settings, MANIFEST)
    segment = next((root / "segments").iterdir())
    records = segment / "records.json"
    if damage == "truncate":
        records.write_bytes(records.read_bytes()[:100])
    elif damage == "garble":
        (segment / "postings.npz").write_bytes(b"\0" * 64)
    elif damage == "delete":
        (segment / "ids.json").unlink()
    elif damage == "index":
        (root / reader_cache.FILE).write_text("{not json")
    else:  # same size, one passage's text changed: only the checksum sees it
        data = records.read_bytes()
        records.write_bytes(data.replace(b"Microsoft", b"Macrosoft"))
    collection.read = 0
    index = shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load["source"] == "server" and collection.read == 31
    assert "not used" in caplog.text
    assert best(index, "entrepôt EMC2 Microsoft") == "emc2.md"
    assert all("Macrosoft" not in c for c in index.contents)
    collection.read = 0  # rewritten: the next start uses it
    shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load["source"] == "cache" and collection.read == 0


def test_a_copy_of_another_model_or_collection_is_not_used(settings):
    collection = FakeCollection(TEXTS)
    shared.reader_lexical(settings, MANIFEST, collection)
    other_model = Manifest(model_id="fake/2", chunker="c1", collection="lecteurs-1")
    shared.reader_lexical(settings, other_model, collection)
    assert shared.reader_load["source"] == "server"
    shared.reader_lexical(settings.replace(collection="autre"), MANIFEST, collection)
    assert shared.reader_load["source"] == "server"
    # a copy whose key was changed by hand in place is not trusted either
    root = reader_cache.folder(settings, MANIFEST)
    spec = json.loads((root / reader_cache.FILE).read_text())
    spec["key"]["model"] = "fake/9"
    (root / reader_cache.FILE).write_text(json.dumps(spec))
    shared.reader_lexical(settings, MANIFEST, collection)
    assert shared.reader_load["source"] == "server"


def test_a_copy_that_does_not_add_up_is_dropped(settings, caplog):
    collection = FakeCollection(TEXTS)
    shared.reader_lexical(settings, MANIFEST, collection)
    # a copy holding the same chunk twice: after the update, counts disagree
    root = reader_cache.folder(settings, MANIFEST)
    copy = reader_cache.load(settings, MANIFEST)
    twin = Segment.merged([(copy.segments[0], np.ones(len(copy.segments[0]), dtype=bool))])
    reader_cache.save(settings, MANIFEST, LexicalIndex([copy.segments[0], twin]))
    assert json.loads((root / reader_cache.FILE).read_text())["chunks"] == 62
    index = shared.reader_lexical(settings, MANIFEST, collection)
    assert "rebuilding from the server" in caplog.text
    assert shared.reader_load["source"] == "server" and len(index) == 31


def test_empty_setting_turns_the_copy_off(settings, tmp_path):
    off = settings.replace(reader_cache_dir="")
    collection = FakeCollection(TEXTS)
    shared.reader_lexical(off, MANIFEST, collection)
    shared.reader_lexical(off, MANIFEST, collection)
    assert shared.reader_load["source"] == "server"
    assert not (tmp_path / "cache").exists()
    assert Settings.from_env({"SOUVERAIN_READER_CACHE_DIR": ""}).reader_cache_dir == ""


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(settings, tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("")
    settings = settings.replace(reader_cache_dir=str(blocked))  # a file, not a folder
    collection = FakeCollection(TEXTS)
    index = shared.reader_lexical(settings, MANIFEST, collection)
    assert len(index) == 31 and "cannot write the reader cache" in caplog.text
