"""A progress bar for ``souverain index`` on a terminal; nothing at all in pipes and CI.

tqdm draws it on stderr: documents written out of documents to write, chunks
embedded per second, time left. It is off when stderr is not a terminal, when
``CI`` is set (most CI services set it), or when ``TERM=dumb``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO


def wanted(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class IndexProgress:
    """``counts(done, total, chunks)`` callback of ``run_index`` drawing one tqdm bar."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None,
                 mininterval: float = 0.2) -> None:
        self.mininterval = mininterval
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self._bar: Any = None
        self._started = 0.0

    def __call__(self, done: int, total: int, chunks: int) -> None:
        if not self.enabled or total == 0:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._started = time.monotonic()
            self._bar = tqdm(total=total, unit=" doc", file=self.stream, leave=False,
                             desc="Indexation", dynamic_ncols=True, mininterval=self.mininterval,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt} documents "
                                        "[{elapsed}, reste {remaining}{postfix}]")
        elapsed = max(1e-6, time.monotonic() - self._started)
        self._bar.set_postfix_str(f"{chunks / elapsed:.0f} passages/s", refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
