"""File helpers: one way to replace a file atomically, one way to stop a child process."""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_file(path: Path, mode: str = "wb", *, prefix: str | None = None,
                suffix: str = ".tmp", overwrite: bool = True) -> Iterator[IO[Any]]:
    """Write ``path`` through a hidden temp file in its folder, flushed to disk, then renamed.

    Readers see the old file or the new one, never half of it; a crash leaves at most a
    hidden temp file (``prefix``, by default ``.<name>.``), which loaders skip. With
    ``overwrite=False`` the file is linked in and ``FileExistsError`` is raised if ``path``
    already exists. ``mode`` is ``"wb"`` or ``"w"`` (UTF-8).

    Raises:
        OSError: the folder or the file cannot be written; ``path`` is left as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        _publish(Path(tmp), path, overwrite)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _publish(tmp: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # atomic, and fails rather than overwrite
    except FileExistsError:
        raise
    except OSError as exc:  # file systems without hard links
        if path.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from exc
        os.replace(tmp, path)


def write_atomic(path: Path, data: str | bytes, *, prefix: str | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (see ``atomic_file``).

    Raises:
        OSError: as ``atomic_file``.
    """
    with atomic_file(path, "wb" if isinstance(data, bytes) else "w", prefix=prefix) as handle:
        handle.write(data)


def stop_process(process: subprocess.Popen[Any], timeout: float = 10.0) -> int | None:
    """Terminate ``process``, then kill it if it is still there after ``timeout`` seconds.

    Returns its exit code (None if it could not be reaped).
    """
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return None
    return process.returncode
