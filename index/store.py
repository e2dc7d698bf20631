"""The vector store: Chroma, embedded on disk by default, or a Chroma server.

``SOUVERAIN_CHROMA_URL`` empty: ``chromadb.PersistentClient`` on folders of
``SOUVERAIN_INDEX_DIR`` (a base and a delta, read as one by ``LayeredCollection``).
Set: ``chromadb.HttpClient`` to that server.
Telemetry is off in both (here and in ``core.privacy``).

Chroma is reached from this module only, and its exceptions are translated in one
place, ``chroma_errors``: they become ``StoreUnavailable`` (an ``IndexStoreError``)
with the original exception kept as the cause.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from core.errors import IndexMissing, IndexStoreError, StoreUnavailable, error_detail

if TYPE_CHECKING:
    import numpy as np

    from core.settings import Settings

    from .manifest import Manifest


@contextmanager
def chroma_errors(what: str) -> Iterator[None]:
    """Translate whatever Chroma raises inside the block into ``StoreUnavailable``.

    ``what`` says what was being done ("Cannot read the vector store"); the message
    is ``what: <Chroma's message>`` and Chroma's exception stays the cause. Our own
    errors pass through unchanged.
    """
    try:
        yield
    except IndexStoreError:
        raise
    except OSError as exc:
        raise IndexStoreError.from_os_error(exc, f"{what}: {error_detail(exc)}") from exc
    except Exception as exc:  # chromadb raises its own types, and httpx's for a server
        raise StoreUnavailable(f"{what}: {exc}") from exc


def chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def get_client(settings: Settings, chroma_dir: str = "chroma") -> Any:
    """The Chroma client for these settings (cached per location).

    Embedded mode keeps one on-disk Chroma folder per index generation
    (``chroma_dir``, named by the manifest): Chroma's embedded store must not be
    written by one process while another reads it, so an indexing run writes a
    new folder and readers switch to it when the manifest changes.
    """
    if settings.chroma_url:
        return _http_client(settings.chroma_url)
    return _persistent_client(str(Path(settings.index_dir) / chroma_dir))


def open_collection(settings: Settings, manifest: Manifest) -> Any:
    """The live collection that ``manifest`` names (what readers query; never created).

    Embedded with layers (a delta or tombstones over the base): a ``LayeredCollection``
    reading them as one. The base's client is cached per folder, so a reader pays
    Chroma's loading of the large base once; a new generation opens only its delta.
    """
    if settings.chroma_url:
        return get_collection(get_client(settings), manifest.collection)
    check_folders(settings, manifest)
    base = get_collection(get_client(settings, manifest.chroma_dir), manifest.collection)
    if not manifest.layered:
        return base
    delta = None
    if manifest.delta_dir:
        _release_gone_deltas()
        delta = get_collection(get_client(settings, manifest.delta_dir), manifest.delta_collection)
    return LayeredCollection(base, delta, manifest.tombstones)


def check_folders(settings: Settings, manifest: Manifest) -> None:
    """Embedded: the Chroma folders ``manifest`` names are there (chromadb is not imported).

    Raises:
        IndexMissing: one was deleted (``souverain index`` rebuilds it).
    """
    index_dir = Path(settings.index_dir)
    for folder in (manifest.chroma_dir, manifest.delta_dir):
        if folder and not (index_dir / folder).is_dir():
            raise IndexMissing(
                f"The vector store folder {index_dir / folder} is missing; run `souverain index`")


DELTA_PREFIX = "delta-"


def _release_gone_deltas() -> None:
    """Close this process's clients on delta folders an indexing run has since deleted.

    Each update makes a new delta folder; a long-running reader (the web chat) would
    otherwise keep one client per generation it has seen.
    """
    with _clients_lock:
        gone = [path for path in _clients
                if Path(path).name.startswith(DELTA_PREFIX) and not os.path.isdir(path)]
    for path in gone:
        forget_client(path)


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _persistent_client(path: str) -> Any:
    with _clients_lock:
        client = _clients.get(path)
        if client is None:
            client = _clients[path] = _open_persistent(path)
        return client


def _open_persistent(path: str) -> Any:
    import chromadb

    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise IndexStoreError.from_os_error(
            exc, f"Index folder is not writable: {path} ({error_detail(exc)})") from exc
    with chroma_errors(f"Cannot open the index at {path}"):
        return chromadb.PersistentClient(path=path, settings=chroma_settings())


def has_client(path: str) -> bool:
    """True when this process has a client open on the embedded folder ``path``."""
    with _clients_lock:
        return path in _clients


def forget_client(path: str) -> None:
    """Close this process's client on an embedded folder (before the folder is deleted)."""
    with _clients_lock:
        client = _clients.pop(path, None)
    if client is not None:
        with contextlib.suppress(Exception):  # already closed or never fully opened
            client.close()


@lru_cache(maxsize=8)
def _http_client(url: str) -> Any:
    import chromadb

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise StoreUnavailable(f"SOUVERAIN_CHROMA_URL must be http(s)://host:port, not {url!r}")
    port = parsed.port or (443 if parsed.scheme == "https" else 8000)
    with chroma_errors(f"Cannot reach the Chroma server at {url}"):
        return chromadb.HttpClient(
            host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
            settings=chroma_settings(),
        )


def collection_names(client: Any) -> list[str]:
    with chroma_errors("Cannot list the collections of the vector store"):
        return [c if isinstance(c, str) else c.name for c in client.list_collections()]


def collection_missing(exc: BaseException | None) -> bool:
    """True when Chroma said the collection does not exist (embedded client or server)."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def get_collection(client: Any, name: str, *, create: bool = False,
                   metadata: dict[str, Any] | None = None) -> Any:
    """A collection by name (cosine distance); ``create`` makes it when missing."""
    with chroma_errors(f"Vector store collection {name!r} is unavailable"):
        if create:
            return client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine", **(metadata or {})}
            )
    try:
        with chroma_errors(f"Vector store collection {name!r} is unavailable"):
            return client.get_collection(name)
    except StoreUnavailable as exc:
        if not collection_missing(exc.__cause__):
            raise
        # dropped behind our back (or a folder lost): indexing rebuilds it
        raise StoreUnavailable(f"{exc}; run `souverain index`") from exc.__cause__


def delete_collection(client: Any, name: str) -> None:
    with contextlib.suppress(Exception):  # already gone: nothing to do
        client.delete_collection(name)


def vector_store(client: Any, name: str, embeddings: Any) -> Any:
    """A LangChain ``Chroma`` view on one collection (what the indexing API writes to)."""
    from langchain_chroma import Chroma

    return Chroma(
        client=client, collection_name=name, embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine"},
    )


def pages(collection: Any, include: list[str], batch: int) -> Iterator[dict[str, Any]]:
    """``collection.get`` page after page, until every chunk has been seen."""
    if isinstance(collection, LayeredCollection):
        yield from collection.pages(include, batch)
        return
    seen = 0
    with chroma_errors("Cannot read the vector store"):
        total = collection.count()
    while seen < total:
        with chroma_errors("Cannot read the vector store"):
            page = collection.get(include=include, limit=batch, offset=seen)
        if not page["ids"]:
            break
        seen += len(page["ids"])
        yield page


def read_all(collection: Any, batch: int = 5000, *, include_documents: bool = True
             ) -> tuple[list[str], list[str], list[dict]]:
    """Every (id, content, metadata) in ``collection``, paged (contents empty if not included)."""
    ids: list[str] = []
    contents: list[str] = []
    metadatas: list[dict] = []
    include = ["documents", "metadatas"] if include_documents else ["metadatas"]
    for page in pages(collection, include, batch):
        ids.extend(page["ids"])
        if include_documents:
            contents.extend(page["documents"])
        metadatas.extend(page["metadatas"])
    return ids, contents, metadatas


def all_ids(collection: Any, batch: int = 20000) -> list[str]:
    """Every chunk id in ``collection`` (ids only: cheap even for a large store), paged."""
    return [chunk_id for page in pages(collection, [], batch) for chunk_id in page["ids"]]


def _by_id(collection: Any, ids: list[str], include: list[str],
           batch: int) -> dict[str, tuple[Any, ...]]:
    """The ``include`` fields of each chunk of ``ids``, paged; every one must be there."""
    found: dict[str, tuple[Any, ...]] = {}
    for i in range(0, len(ids), batch):
        with chroma_errors("Cannot read the vector store"):
            page = collection.get(ids=ids[i:i + batch], include=include)
        found.update(zip(page["ids"], zip(*(page[f] for f in include), strict=True),
                         strict=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise StoreUnavailable(f"The vector store lost {len(missing)} chunk(s) while being read")
    return found


def get_records(collection: Any, ids: list[str],
                batch: int = 5000) -> tuple[list[str], list[dict]]:
    """(contents, metadatas) of the chunks ``ids``, in that order."""
    found = _by_id(collection, ids, ["documents", "metadatas"], batch)
    return [found[i][0] for i in ids], [found[i][1] for i in ids]


def get_embeddings(collection: Any, ids: list[str], batch: int = 5000) -> np.ndarray:
    """The stored vectors of the chunks ``ids``, in that order, as one array."""
    import numpy as np

    found = _by_id(collection, ids, ["embeddings"], batch)
    return np.array([found[i][0] for i in ids], dtype=np.float32)


def nearest(collection: Any, vector: np.ndarray, n: int,
            where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
    """The ``n`` chunks closest to ``vector`` (cosine distance), as (chunk id, distance)."""
    # a collection dropped by a rebuild, a server gone...
    with chroma_errors("Vector search failed"):
        result = collection.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                  include=["distances"])
    return list(zip(result["ids"][0], result["distances"][0], strict=True))


# -- embedded layers: a shared base, a small delta, tombstones ---------------------------------


class LayeredCollection:
    """A base collection, a small delta collection and tombstones, read as one collection.

    Embedded, an update writes only a copy of the small delta (``index.rebuild``): added
    chunks go to the delta; a removed chunk is deleted from the delta when it lives there,
    else its id becomes a tombstone, hiding it in the base. The base, a large folder that
    successive generations share, is never written once live. This object answers what
    readers and the indexing run ask of a Chroma collection (``query``, ``get``, ``count``,
    ``delete``) over base + delta - tombstones.

    ``base`` and ``delta``: the collections, or functions opening them (a writer opens
    the base only when it must); ``delta`` None when there is none. ``base_count`` and
    ``delta_count``: their chunk counts when already known (the manifest's, trusted by
    an indexing run); else asked. ``frozen_delta``: the delta is the live one, shared
    and not written: every deletion is a tombstone (the caller knows that none of the
    chunks it deletes lives in the delta).
    """

    def __init__(self, base: Any, delta: Any, tombstones: Any = (), *,
                 base_count: int | None = None, delta_count: int | None = None,
                 frozen_delta: bool = False) -> None:
        self._base = base
        self._delta = delta
        self.tombstones: set[str] = set(tombstones)
        self.base_count = base_count
        self.delta_count = delta_count
        self.frozen_delta = frozen_delta

    @property
    def base(self) -> Any:
        if not hasattr(self._base, "query"):
            self._base = self._base()
        return self._base

    def delta(self) -> Any | None:
        """The delta collection (None when there is none), opened on first use."""
        if self._delta is not None and not hasattr(self._delta, "query"):
            self._delta = self._delta()
        return self._delta

    # -- reading --------------------------------------------------------------------------

    def count(self) -> int:
        base = self.base_count if self.base_count is not None else self.base.count()
        delta = self.delta_count
        if delta is None:
            opened = self.delta()
            delta = opened.count() if opened is not None else 0
        return base - len(self.tombstones) + delta

    def query(self, query_embeddings: Any, n_results: int = 10, where: Any = None,
              include: Any = ("metadatas", "documents", "distances"), **kwargs: Any
              ) -> dict[str, Any]:
        """Nearest neighbours in the delta and the base (minus tombstones), merged by distance.

        The base is asked for a few more neighbours than wanted; when tombstoned ones leave
        too few, it is asked again for as many more as there are tombstones.
        """
        include = list(dict.fromkeys([*include, "distances"]))
        fields = [f for f in include if f != "distances"]
        merged: dict[str, list[Any]] = {"ids": [], "distances": [], **{f: [] for f in fields}}
        delta = self.delta()
        for vector in query_embeddings:
            rows: list[tuple[float, str, dict[str, Any]]] = []
            if delta is not None:
                rows += _rows(delta.query(query_embeddings=[vector], n_results=n_results,
                                          where=where, include=include, **kwargs), fields)
            dead = len(self.tombstones)
            asked = n_results + min(dead, max(16, n_results))
            while True:
                found = _rows(self.base.query(query_embeddings=[vector], n_results=asked,
                                              where=where, include=include, **kwargs), fields)
                kept = [row for row in found if row[1] not in self.tombstones]
                if len(kept) >= n_results or len(found) < asked or asked >= n_results + dead:
                    break
                asked = n_results + dead
            rows = sorted(rows + kept, key=lambda row: row[0])[:n_results]
            merged["ids"].append([row[1] for row in rows])
            merged["distances"].append([row[0] for row in rows])
            for f in fields:
                merged[f].append([row[2][f] for row in rows])
        return {**merged, "included": include}

    def get(self, ids: Any = None, where: Any = None, limit: int | None = None,
            offset: int | None = None, include: Any = ("metadatas", "documents"),
            **kwargs: Any) -> dict[str, Any]:
        """Chunks by id and/or ``where``, from the delta first, then the base (minus tombstones).

        ``limit``/``offset`` page over base then delta (``store.read_all`` pages each layer
        on its own instead).
        """
        include = list(include)
        delta = self.delta()
        parts: list[dict[str, Any]] = []
        held: set[str] = set()
        if delta is not None:
            got = delta.get(ids=ids, where=where, include=include, **kwargs)
            held = set(got["ids"])
            parts.append(got)
        base_ids = None
        if ids is not None:
            base_ids = [i for i in ids if i not in held and i not in self.tombstones]
        if base_ids is None or base_ids:
            got = self.base.get(ids=base_ids, where=where, include=include, **kwargs)
            parts.insert(0, _without(got, self.tombstones, include))
        result: dict[str, Any] = {"ids": [], **{f: [] for f in include}}
        for part in parts:
            result["ids"].extend(part["ids"])
            for f in include:
                result[f].extend(list(part[f]) if part.get(f) is not None else [])
        if limit is not None or offset:
            start = offset or 0
            stop = None if limit is None else start + limit
            result = {k: v[start:stop] for k, v in result.items()}
        return {**result, "included": include}

    def pages(self, include: list[str], batch: int) -> Iterator[dict[str, Any]]:
        """Every live chunk, page after page: the base's (minus tombstones), then the delta's."""
        layers = [(self.base, self.tombstones)]
        delta = self.delta()
        if delta is not None:
            layers.append((delta, set()))
        for collection, dead in layers:
            for page in pages(collection, include, batch):
                yield _without(page, dead, include) if dead else page

    # -- writing (an indexing run, on its own copy of the delta) --------------------------

    def delete(self, ids: Any = None, **kwargs: Any) -> None:
        """Delete ``ids``: from the delta where they live there, else tombstoned in the base."""
        ids = list(ids or [])
        if not ids:
            return
        delta = None if self.frozen_delta else self.delta()
        in_delta: set[str] = set()
        if delta is not None:
            with chroma_errors("Cannot read the vector store"):
                in_delta = set(delta.get(ids=ids, include=[])["ids"])
            if in_delta:
                with chroma_errors("Cannot write the vector store"):
                    delta.delete(ids=sorted(in_delta))
        self.tombstones.update(i for i in ids if i not in in_delta)


def _rows(result: dict[str, Any], fields: list[str]) -> list[tuple[float, str, dict[str, Any]]]:
    """The rows of a one-vector query result, as (distance, id, {field: value})."""
    ids = result["ids"][0]
    return [(float(result["distances"][0][i]), chunk_id,
             {f: result[f][0][i] for f in fields})
            for i, chunk_id in enumerate(ids)]


def _without(result: dict[str, Any], dead: set[str], include: list[str]) -> dict[str, Any]:
    """A ``get`` result without the rows whose id is in ``dead``."""
    keep = [i for i, chunk_id in enumerate(result["ids"]) if chunk_id not in dead]
    if len(keep) == len(result["ids"]):
        return result
    out = dict(result)
    out["ids"] = [result["ids"][i] for i in keep]
    for f in include:
        if result.get(f) is not None:
            out[f] = [result[f][i] for i in keep]
    return out


def layered_vector_store(client: Any, layered: LayeredCollection, name: str,
                         embeddings: Any) -> Any:
    """LangChain's view for an update: writes go to the delta (collection ``name`` of
    ``client``), deletions through ``layered`` (from the delta, or tombstones)."""
    from langchain_chroma import Chroma

    class _DeltaChroma(Chroma):
        def delete(self, ids: list[str] | None = None, **kwargs: Any) -> None:
            layered.delete(ids=ids)

    return _DeltaChroma(client=client, collection_name=name, embedding_function=embeddings,
                        collection_metadata={"hnsw:space": "cosine"})


def embedded_count(folder: Path, name: str) -> int:
    """The chunk count of collection ``name`` in an embedded Chroma folder, read from its
    SQLite file without starting Chroma (~30 ms at 100,000 chunks, against ~0.5 s for
    Chroma's first operation on the collection).

    Raises:
        LookupError: the folder has no such collection.
        OSError, sqlite3.Error: the file is missing or unreadable.
    """
    import sqlite3

    path = Path(folder) / "chroma.sqlite3"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
        found = db.execute("SELECT id FROM collections WHERE name = ?", (name,)).fetchone()
        if found is None:
            raise LookupError(f"no collection {name!r} in {folder}")
        (count,) = db.execute(
            "SELECT COUNT(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
            "WHERE s.collection = ?", (found[0],)).fetchone()
    return int(count)
