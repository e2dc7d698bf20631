"""The chunk vectors kept beside the lexical index (``index.vectors``): exact search, and a
copy that is used only when it is the one of these chunks and this model."""

from __future__ import annotations

import numpy as np
import pytest

from index import vectors


@pytest.fixture
def rows() -> np.ndarray:
    return np.random.default_rng(7).normal(size=(60, 16)).astype(np.float32)


class FakeStore:
    """A Chroma collection's ``get`` of embeddings, recording the ids asked."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows, self.asked = rows, []

    def get(self, ids, include):
        self.asked.extend(ids)
        return {"ids": ids, "embeddings": [self.rows[int(i[1:])] for i in ids]}


def brute_force(rows: np.ndarray, query: np.ndarray, n: int, mask: np.ndarray) -> list[int]:
    unit = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    similarity = unit @ (query / np.linalg.norm(query))
    allowed = [i for i in np.argsort(-similarity, kind="stable") if mask[i]]
    return [int(i) for i in allowed[:n]]


def test_nearest_is_the_exact_cosine_ranking_of_the_allowed_chunks(rows):
    chunks = vectors.ChunkVectors(vectors.normalised(rows))
    query = np.random.default_rng(8).normal(size=16).astype(np.float32)
    everything = np.ones(len(rows), dtype=bool)
    some = np.arange(len(rows)) % 3 != 0
    for mask in (everything, some):
        for n in (1, 5, 30, 100):
            found = chunks.nearest(query, n, mask)
            assert [p for p, _ in found] == brute_force(rows, query, n, mask)
            assert all(mask[p] for p, _ in found)
            scores = [s for _, s in found]
            assert scores == sorted(scores, reverse=True)
            assert all(-1.0001 <= s <= 1.0001 for s in scores)


def test_nearest_of_nothing_is_nothing(rows):
    chunks = vectors.ChunkVectors(vectors.normalised(rows))
    assert chunks.nearest(np.zeros(16, dtype=np.float32), 5, np.ones(60, dtype=bool)) == []
    assert chunks.nearest(rows[0], 0, np.ones(60, dtype=bool)) == []
    assert chunks.nearest(rows[0], 5, np.zeros(60, dtype=bool)) == []


def test_a_saved_copy_is_read_back_for_the_same_chunks_and_model_only(tmp_path, rows):
    ids = [f"c{i}" for i in range(len(rows))]
    assert vectors.save(tmp_path, ids, rows, "model-a")
    loaded = vectors.load(tmp_path, ids, "model-a")
    assert loaded is not None and len(loaded) == len(rows)
    assert np.allclose(loaded.vectors, vectors.normalised(rows))
    assert vectors.load(tmp_path, ids, "model-b") is None  # vectors of another model
    assert vectors.load(tmp_path, ids[:-1], "model-a") is None  # other chunks
    assert vectors.load(tmp_path, list(reversed(ids)), "model-a") is None  # another order
    assert vectors.load(tmp_path / "elsewhere", ids, "model-a") is None  # none saved
    # a next generation reuses them: the store is asked only for what they lack
    store = FakeStore(rows)
    (tmp_path / "next").mkdir()
    copied = vectors.from_store(tmp_path / "next", ids, "model-a", store, previous=tmp_path)
    assert store.asked == [] and np.allclose(copied.vectors[3], loaded.vectors[3])
    assert vectors.load(tmp_path / "next", ids, "model-a") is not None
    vectors.from_store(tmp_path / "next", ids, "model-b", store, previous=tmp_path)
    assert store.asked == ids  # another model's vectors are not reused


def test_a_damaged_copy_is_not_used(tmp_path, rows):
    ids = [f"c{i}" for i in range(len(rows))]
    vectors.save(tmp_path, ids, rows, "m")
    path = tmp_path / vectors.FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert vectors.load(tmp_path, ids, "m") is None
    store = FakeStore(rows)
    (tmp_path / "next").mkdir()
    vectors.from_store(tmp_path / "next", ids, "m", store, previous=tmp_path)
    assert store.asked == ids  # nothing reused from a damaged copy
    path.write_bytes(b"not a numpy file")
    assert vectors.load(tmp_path, ids, "m") is None


def test_a_copy_that_cannot_be_written_is_a_warning_not_an_error(tmp_path, rows, caplog):
    assert not vectors.save(tmp_path / "missing-folder", ["a"], rows[:1], "m")
    assert not vectors.save(tmp_path, ["a", "b"], rows[:1], "m")  # counts differ
    assert "not saved" in caplog.text
    assert not list(tmp_path.iterdir())
