"""Embed a few chunks in a separate process while the indexing run prepares the store.

A one-document update spends about a second setting up the embedding model
(tokenizer, weights) and embedding, and as long importing chromadb and LangChain
and opening the store; the two do not depend on each other, but in one process
they run one after the other (both hold the GIL). ``souverain index`` therefore
hands the texts of a small update to this worker as soon as it knows them, and
picks the vectors up when it writes (``EmbeddingWorker.embeddings``). The worker
runs the same code (``get_embeddings``), so the vectors are those the run would have
computed itself (to float rounding: like any run, it batches the texts its own
way). Anything going wrong in the worker only means the run embeds in its own
process, as before.

Protocol: the parent writes ``{"spec": ..., "texts": [...]}`` (JSON) on stdin; the
worker answers one JSON line ``{"model_id": ..., "rows": n, "dim": d}`` then
``n * d`` float32 values (native byte order) on stdout.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# Up to this many chunks are embedded by the worker; a larger run embeds in process
# (its start-up no longer matters next to the embedding itself).
MAX_CHUNKS = 1000


class EmbeddingWorker:
    """A child process embedding ``texts`` with the model ``spec`` names.

    Forked when this process runs a single thread (the child then starts with every
    module already imported: no interpreter start-up, nothing imported twice); else a
    new interpreter (``python -m index.embedding_worker``), as forking a process with
    threads is unsafe.
    """

    def __init__(self, spec: str, texts: list[str]) -> None:
        self.spec = spec
        self.texts = texts
        self._result: tuple[str, np.ndarray] | None = None
        self._error = ""
        self._reaped = False
        self._pid = 0
        if hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()
            return
        root = str(Path(__file__).resolve().parent.parent)  # this project, for ``-m``
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "index.embedding_worker"], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        # fed from a thread: a pipe holds 64 KB, the texts of a large document more
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()

    def _fork(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer on the pipe, then leave without any clean-up
            code = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    _answer(self.spec, self.texts, out)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read

    def _forked_result(self, timeout: float | None = None) -> tuple[bytes, int]:
        """The child's answer and exit code; past ``timeout`` the child is killed and
        ``TimeoutError`` raised (once it is reaped)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        timed_out = False
        chunks = []
        with os.fdopen(self._pipe, "rb", buffering=0) as pipe:  # reads what is there
            while True:
                if deadline is not None and not select.select(
                        [pipe], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(self._pid, signal.SIGKILL)
                    deadline, timed_out = None, True
                    continue
                block = pipe.read(1 << 20)
                if not block:
                    break
                chunks.append(block)
        _, status = os.waitpid(self._pid, 0)
        self._reaped = True
        if timed_out:
            raise TimeoutError
        return b"".join(chunks), os.waitstatus_to_exitcode(status)

    def _feed(self) -> None:
        assert self._proc.stdin is not None
        try:
            with self._proc.stdin:
                self._proc.stdin.write(json.dumps({"spec": self.spec, "texts": self.texts})
                                       .encode("utf-8"))
        except OSError:  # the worker died; result() says why
            pass

    def result(self, timeout: float = 120.0) -> tuple[str, np.ndarray] | None:
        """(model_id, vectors in the order of ``texts``), or None if the worker failed."""
        import numpy as np

        if self._result is not None or self._error:
            return self._result
        err = b""
        if self._pid:
            try:
                out, code = self._forked_result(timeout)
            except TimeoutError:
                self._error = f"no answer in {timeout:.0f} s"
                return None
        else:
            try:
                out, err = self._communicate(timeout)
            except subprocess.TimeoutExpired:
                self.close()
                self._error = f"no answer in {timeout:.0f} s"
                return None
            code = self._proc.returncode
        try:
            header, _, body = out.partition(b"\n")
            meta = json.loads(header)
            vectors = np.frombuffer(body, dtype=np.float32).reshape(meta["rows"], meta["dim"])
            if code != 0 or len(vectors) != len(self.texts):
                raise ValueError("incomplete answer")
            self._result = (str(meta["model_id"]), vectors)
        except (ValueError, KeyError, TypeError):
            self._error = f"exit code {code}: {err.decode('utf-8', 'replace').strip()[-500:]}"
        return self._result

    def embeddings(self, model_id: str) -> Any | None:
        """A LangChain ``Embeddings`` serving the worker's vectors (others: the model in
        process), or None when the worker failed or used another model."""
        result = self.result()
        if result is None:
            log.warning("embedding worker failed (%s): embedding in process", self._error)
            return None
        if result[0] != model_id:
            log.warning("embedding worker used %s, not %s: embedding in process",
                        result[0], model_id)
            return None
        from .embedding import Precomputed

        return Precomputed(dict(zip(self.texts, result[1], strict=True)), self.spec, model_id)

    def _communicate(self, timeout: float | None) -> tuple[bytes, bytes]:
        self._feeder.join(timeout)
        self._proc.stdin = None  # closed by the feeder: communicate() must not flush it
        out, err = self._proc.communicate(timeout=timeout)
        self._reaped = True
        return out, err

    def close(self) -> None:
        """Stop the worker if it still runs (the run failed or no longer needs it)."""
        if self._reaped:
            return
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._forked_result()
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._communicate(None)  # reaps it and closes the pipes


# The worker yields to the run it works for: on a busy machine the run's own imports
# come first (both would otherwise share one core), on an idle one it has a core anyway.
NICE = 5


def _answer(spec: str, texts: list[str], out: Any) -> None:
    """Embed ``texts`` and write the answer (see the module docstring) to ``out``."""
    import numpy as np

    with contextlib.suppress(OSError):
        os.nice(NICE)

    from .embedding import get_embeddings

    model = get_embeddings(spec)
    vectors = np.ascontiguousarray(model.encode(texts), dtype=np.float32)
    rows, dim = vectors.shape if vectors.ndim == 2 else (0, 0)
    out.write(json.dumps({"model_id": model.model_id, "rows": rows, "dim": dim}).encode() + b"\n")
    out.write(vectors.tobytes())
    out.flush()


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    _answer(request["spec"], request["texts"], sys.stdout.buffer)


if __name__ == "__main__":
    main()
