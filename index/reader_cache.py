"""A reader's disposable copy of its lexical index, on its own disk (Chroma server mode).

A reader of a Chroma server builds its lexical index from the server's chunks: at
100,000 chunks, reading them all took about 50 s before the first answer, on every
start. So after building it, a reader keeps a copy under
``SOUVERAIN_READER_CACHE_DIR`` (empty: no copy); on its next start it loads the
copy and brings it up to date with the server's list of chunk ids
(``LexicalIndex.updated``): chunk ids are hashes of each chunk's text and metadata
(LangChain's indexing API, ``key_encoder="sha256"``), so a chunk the copy holds
is the same chunk on the server, and only new chunks are read.

The copy is a cache, nothing more: the server stays the only source. It is keyed
by the server, the collection name and the manifest's model and chunker; any
copy that is unreadable, of another key, fails its checksums or disagrees with
the server's chunk count is dropped and the index rebuilt from the server (a log
line says why). Writing it is best effort: a failure is logged, never raised.

On disk::

    <cache>/<collection>-<key hash>/index.json        key, segments, tombstones, checksums
    <cache>/<collection>-<key hash>/segments/seg-<id>/ ids.json, records.json, vocab.json,
                                                       postings.npz (``lexical.Segment``)

``index.json`` is replaced atomically, after the segments it names are written;
segments are never changed once written, and ones no ``index.json`` names are
removed after a while (another reader process on the machine may be writing one).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.files import write_atomic

from .lexical import SEGMENTS, LexicalIndex, Segment

if TYPE_CHECKING:
    from core.settings import Settings

    from .manifest import Manifest

log = logging.getLogger(__name__)

FORMAT = 1
FILE = "index.json"
STALE_S = 600.0  # a segment no index.json names is removed once this old


def folder(settings: Settings, manifest: Manifest) -> Path | None:
    """Where this reader's copy lives (None: the cache is off)."""
    if not settings.reader_cache_dir.strip():
        return None
    digest = hashlib.sha256(json.dumps(key(settings, manifest), sort_keys=True).encode())
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", settings.collection)[:64]
    return Path(settings.reader_cache_dir).expanduser() / f"{name}-{digest.hexdigest()[:12]}"


def key(settings: Settings, manifest: Manifest) -> dict[str, str]:
    return {"server": settings.chroma_url.rstrip("/"), "collection": settings.collection,
            "model": manifest.model_id, "chunker": manifest.chunker}


def load(settings: Settings, manifest: Manifest) -> LexicalIndex | None:
    """The saved copy, checked and read whole; None when there is none or it is not usable."""
    root = folder(settings, manifest)
    if root is None or not (root / FILE).exists():
        return None
    try:
        spec = json.loads((root / FILE).read_text(encoding="utf-8"))
        if spec.get("format") != FORMAT or spec.get("key") != key(settings, manifest):
            raise ValueError("written for another server, collection, model or chunker")
        segments = []
        for name in spec["segments"]:
            path = root / SEGMENTS / name
            for file, digest in spec["digests"][name].items():
                if _digest(path / file) != digest:
                    raise ValueError(f"{path / file} does not match its checksum")
            segments.append(Segment.load(path))
        index = LexicalIndex(segments, spec["deleted"])
        index.verify()  # records read now: nothing is read from the cache later
        if len(index) != spec["chunks"]:
            raise ValueError(f"{len(index)} chunks found, {spec['chunks']} expected")
    except Exception as exc:  # whatever is wrong with a cache, the server has the truth
        log.warning("reader cache %s not used (%s): rebuilding from the server", root, exc)
        return None
    for segment in index.segments:  # nothing read lazily from files another process may drop
        segment.folder = None
    return index


def save(settings: Settings, manifest: Manifest, index: LexicalIndex) -> None:
    """Keep ``index`` as this reader's copy (best effort: a failure is logged)."""
    root = folder(settings, manifest)
    if root is None:
        return
    started = time.perf_counter()
    try:
        known = _known_digests(root)
        digests = {}
        for segment in index.segments:
            path = root / SEGMENTS / segment.name
            if segment.name not in known or not (path / "ids.json").is_file():
                shutil.rmtree(path, ignore_errors=True)  # left half-written by a crash
                path.parent.mkdir(parents=True, exist_ok=True)
                segment.save(path)
                segment.folder = None
                known[segment.name] = {f.name: _digest(f) for f in path.iterdir()}
            digests[segment.name] = known[segment.name]
        spec = {"format": FORMAT, "key": key(settings, manifest),
                "segments": [s.name for s in index.segments], "digests": digests,
                "deleted": {name: sorted(dead) for name, dead in index.deleted.items()},
                "chunks": len(index), "collection": manifest.collection,
                "generation": manifest.generation}
        write_atomic(root / FILE, json.dumps(spec))
        _remove_unused(root, set(digests))
    except Exception as exc:  # a full disk, a read-only folder...: only the next start is slower
        log.warning("cannot write the reader cache %s: %s", root, exc)
        return
    log.info("reader cache %s written in %.2f s", root, time.perf_counter() - started)


def _known_digests(root: Path) -> dict[str, dict[str, str]]:
    """The checksums of the segments the current ``index.json`` names (empty if none)."""
    try:
        spec = json.loads((root / FILE).read_text(encoding="utf-8"))
        return {str(k): dict(v) for k, v in spec["digests"].items()}
    except Exception:  # no copy yet, or a damaged one: every segment is written again
        return {}


def _remove_unused(root: Path, used: set[str]) -> None:
    now = time.time()
    if not (root / SEGMENTS).is_dir():
        return
    for path in (root / SEGMENTS).iterdir():
        try:
            if path.name not in used and now - path.stat().st_mtime > STALE_S:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
