"""``souverain index --watch``: added, changed and removed files, bursts, half-written files."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from index.manifest import Manifest
from index.rebuild import run_index
from index.watch import watch_corpus

DOC = "---\ntitle: {n}\nkind: fiche\n---\n# {n}\n\nUn passage assez long sur le document {n}. {extra}"

pytestmark = pytest.mark.slow


@pytest.fixture
def watched(make_corpus, tmp_settings, embeddings):
    corpus = make_corpus({"base.md": DOC.format(n="base", extra="")})
    settings = tmp_settings(corpus)
    run_index(settings)
    reports: queue.Queue = queue.Queue()
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch_corpus, args=(settings,), daemon=True, kwargs=dict(
        on_report=reports.put, on_error=reports.put, stop=stop, ready=ready, stable_s=0.5))
    thread.start()
    assert ready.wait(10)
    yield corpus, settings, reports
    stop.set()
    thread.join(10)


def next_report(reports, timeout=30):
    report = reports.get(timeout=timeout)
    assert not isinstance(report, Exception), report
    return report


def test_added_changed_removed(watched):
    corpus, settings, reports = watched
    started = time.monotonic()
    (corpus / "new.md").write_text(DOC.format(n="new", extra=""), encoding="utf-8")
    report = next_report(reports)
    assert report.added == ["new.md"]
    assert time.monotonic() - started < 10

    (corpus / "new.md").write_text(DOC.format(n="new", extra="Une phrase de plus."),
                                   encoding="utf-8")
    assert next_report(reports).updated == ["new.md"]

    (corpus / "new.md").unlink()
    assert next_report(reports).removed == ["new.md"]
    assert set(Manifest.load(settings.index_dir).documents) == {"base.md"}


def test_a_burst_is_one_run_and_a_half_written_file_waits(watched):
    corpus, settings, reports = watched
    for i in range(50):
        (corpus / f"burst-{i:02d}.md").write_text(DOC.format(n=i, extra=""), encoding="utf-8")
    # a file written in two halves, 0.3 s apart (less than the stability delay)
    text = DOC.format(n="slow", extra="La fin du fichier arrive plus tard. " * 5)
    with open(corpus / "slow.md", "w", encoding="utf-8") as fh:
        fh.write(text[: len(text) // 2])
        fh.flush()
        time.sleep(0.3)
        fh.write(text[len(text) // 2:])
    report = next_report(reports, timeout=60)
    assert len(report.added) == 51
    with pytest.raises(queue.Empty):
        reports.get(timeout=3)  # no second run for the same burst
    import hashlib

    entry = Manifest.load(settings.index_dir).documents["slow.md"]
    assert entry.sha256 == hashlib.sha256(text.encode()).hexdigest()  # the whole file
