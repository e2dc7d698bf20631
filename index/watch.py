"""``souverain index --watch``: re-index a few seconds after the corpus folder changes.

watchfiles (inotify on Linux, through its Rust core) reports file changes. A burst
is one batch: changes are gathered until the folder has been quiet for
``QUIET_MS`` (or for ``MAX_BATCH_MS`` at most), so a folder of 50 files copied at
once gives one indexing run. Before the run, every changed file must be stable:
the same size and modification time over ``STABLE_S``, so a file still being
copied or written is not indexed half-way (its later writes would only start
another run). Hidden files and editors' temporary files are ignored.

Each batch runs the ordinary incremental ``run_index``; an error (another run
holds the lock, a store failure) is reported and the next change tries again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import SouverainError

if TYPE_CHECKING:
    from core.settings import Settings

    from .rebuild import IndexReport

log = logging.getLogger(__name__)

QUIET_MS = 700  # a batch ends when nothing changed for this long ...
MAX_BATCH_MS = 10_000  # ... or after this long
STABLE_S = 1.0  # a file is complete when its size and date stayed the same this long
STABLE_MAX_S = 600.0  # past this, a file that keeps changing is indexed as it is


def _watch_filter() -> Any:
    from watchfiles import DefaultFilter

    class CorpusFilter(DefaultFilter):
        def __call__(self, change: Any, path: str) -> bool:
            name = os.path.basename(path)
            if name.startswith(".") or name.endswith((".tmp", ".part", ".crdownload")):
                return False
            return super().__call__(change, path)

    return CorpusFilter()


def _signature(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # removed (or not there yet): nothing to wait for
    return stat.st_size, stat.st_mtime_ns


def wait_until_stable(paths: set[str], *, stable_s: float = STABLE_S,
                      max_s: float = STABLE_MAX_S,
                      stop: threading.Event | None = None) -> None:
    """Return once none of ``paths`` changed size or date for ``stable_s`` seconds."""
    deadline = time.monotonic() + max_s
    last = {p: _signature(p) for p in paths}
    steady_since = time.monotonic()
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        time.sleep(min(0.2, stable_s / 4))
        now = {p: _signature(p) for p in paths}
        if now != last:
            last, steady_since = now, time.monotonic()
        elif time.monotonic() - steady_since >= stable_s:
            return
    if not (stop and stop.is_set()):
        log.warning("files still changing after %.0f s, indexed as they are", max_s)


def watch_corpus(settings: Settings, *, on_report: Callable[[IndexReport], None] | None = None,
                 on_error: Callable[[Exception], None] | None = None,
                 stop: threading.Event | None = None, stable_s: float = STABLE_S,
                 quiet_ms: int = QUIET_MS, ready: threading.Event | None = None) -> None:
    """Run ``run_index`` after each batch of changes in the corpus, until ``stop`` is set."""
    from watchfiles import watch

    from .embedding import get_embeddings
    from .rebuild import run_index

    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    if ready is not None:
        # watchfiles starts its watcher when the generator is first advanced; a change made
        # in the first milliseconds would be missed, so announce readiness a little later.
        threading.Timer(0.5, ready.set).start()
    for changes in watch(corpus, watch_filter=_watch_filter(), debounce=MAX_BATCH_MS,
                         step=quiet_ms, stop_event=stop, raise_interrupt=False,
                         ignore_permission_denied=True):
        paths = {path for _, path in changes}
        log.info("corpus changed (%d path(s)): waiting for the files to be complete", len(paths))
        wait_until_stable(paths, stable_s=stable_s, stop=stop)
        if stop is not None and stop.is_set():
            return
        try:
            # a watcher keeps the model once set up (a one-off run lends its embedding
            # to a child process instead: index.embedding_worker)
            get_embeddings(settings.embedding)
            report = run_index(settings)
        except SouverainError as exc:
            log.warning("re-indexing after a change failed: %s", exc)
            if on_error is not None:
                on_error(exc)
            continue
        log.info("re-indexed: %s", report.summary())
        if on_report is not None:
            on_report(report)


def watch_in_background(settings: Settings, **kwargs: Any) -> threading.Event:
    """Start ``watch_corpus`` in a daemon thread (``souverain serve --watch``); returns its stop."""
    stop = threading.Event()

    def run() -> None:
        try:
            watch_corpus(settings, stop=stop, **kwargs)
        except Exception:  # the chat keeps serving; the log says why watching stopped
            log.exception("watching the corpus stopped")

    threading.Thread(target=run, name="souverain-watch", daemon=True).start()
    return stop
