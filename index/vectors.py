"""Every chunk's vector, kept beside the lexical index: exact search without opening Chroma.

Embedded, each index generation's lexical folder also holds ``vectors.npz``: the
L2-normalised vector of every live chunk, in lexical-index order, with the chunk ids
and the embedding model they were made with. A reader that finds it valid for its
generation ranks chunks by cosine similarity in numpy and never imports chromadb
(which costs about two seconds of a one-shot ``souverain ask``).

The file is an optional copy: absent (an index built by an older version, one larger
than ``MAX_CHUNKS``, a write that failed), for other ids or another model, or
unreadable, and readers ask Chroma as before. Chroma stays the store of record.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import IndexStoreError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# what ``np.load`` raises on a missing, truncated or foreign file
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)

FILE = "vectors.npz"
# 20,000 chunks of 512 floats are 40 MB and a product of ~5 ms: past that, Chroma's HNSW
MAX_CHUNKS = 20_000


class ChunkVectors:
    """The vectors of an index generation's chunks, by lexical-index position."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = vectors

    def __len__(self) -> int:
        return len(self.vectors)

    def nearest(self, vector: np.ndarray, n: int, mask: np.ndarray) -> list[tuple[int, float]]:
        """The ``n`` allowed positions (``mask``) most similar to ``vector``, best first,
        with their cosine similarity."""
        import numpy as np

        norm = float(np.linalg.norm(vector))
        if not n or not norm:
            return []
        similarity = self.vectors @ (np.asarray(vector, dtype=np.float32) / norm)
        allowed = np.flatnonzero(mask)
        if len(allowed) < len(similarity):
            similarity = similarity[allowed]
        else:
            allowed = np.arange(len(similarity))
        n = min(n, len(allowed))
        top = np.argpartition(-similarity, n - 1)[:n] if n < len(allowed) else np.arange(n)
        # best first; equal scores by position, as a stable order
        top = top[np.lexsort((allowed[top], -similarity[top]))]
        return [(int(allowed[i]), float(similarity[i])) for i in top]


def normalised(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as float32 rows of length 1 (a zero row stays zero)."""
    import numpy as np

    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def save(folder: Path, ids: Sequence[str], vectors: np.ndarray, model_id: str) -> bool:
    """Write ``folder/vectors.npz`` (atomically); False, with a warning, when it cannot be."""
    import numpy as np

    if np.ndim(vectors) != 2 or len(vectors) != len(ids):
        log.warning("chunk vectors not saved: %s vectors for %d chunks", np.shape(vectors), len(ids))
        return False
    matrix = normalised(vectors)
    temporary = folder / f".{FILE}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as out:
            np.savez(out, vectors=matrix, ids=np.array(list(ids), dtype=str),
                     model_id=np.array(model_id))
        os.replace(temporary, folder / FILE)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        log.warning("chunk vectors not saved in %s: %s", folder, exc)
        return False
    return True


def _read(folder: Path, model_id: str) -> tuple[list[str], np.ndarray] | None:
    """The chunk ids and vectors saved in ``folder`` by ``model_id``; None when there are
    none, another model made them, or the file is unreadable."""
    import numpy as np

    path = folder / FILE
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model_id"]) != model_id:
                return None
            ids, vectors = data["ids"].tolist(), data["vectors"]
    except _UNREADABLE as exc:  # truncated, damaged: Chroma answers
        log.warning("chunk vectors in %s unreadable (%s): not used", folder, exc)
        return None
    if vectors.ndim != 2 or len(vectors) != len(ids):
        return None
    return ids, vectors


def load(folder: Path, ids: Sequence[str], model_id: str) -> ChunkVectors | None:
    """The vectors saved in ``folder`` when they are those of ``ids`` made by ``model_id``."""
    saved = _read(folder, model_id)
    if saved is None:
        return None
    if saved[0] != list(ids):
        log.warning("chunk vectors in %s are for other chunks: not used", folder)
        return None
    return ChunkVectors(saved[1])


def from_store(folder: Path, ids: list[str], model_id: str, collection: Any,
               previous: Path | None = None) -> ChunkVectors | None:
    """The vectors of ``ids``, saved in ``folder``: those another generation saved in
    ``previous`` are reused, the others read from the store (``collection``). None when the
    store cannot give them (readers then ask Chroma itself)."""
    import numpy as np

    from . import store

    if not ids:
        return None
    known: dict[str, Any] = {}
    saved = _read(previous, model_id) if previous is not None else None
    if saved is not None:
        known.update(zip(saved[0], saved[1], strict=True))
    missing = [chunk_id for chunk_id in ids if chunk_id not in known]
    try:
        if missing:
            known.update(zip(missing, store.get_embeddings(collection, missing), strict=True))
    except IndexStoreError as exc:
        log.warning("chunk vectors not saved: %s", exc)
        return None
    rows = normalised(np.array([known[chunk_id] for chunk_id in ids], dtype=np.float32))
    save(folder, ids, rows, model_id)
    log.debug("chunk vectors saved in %s (%d read from the store)", folder, len(missing))
    return ChunkVectors(rows)
