"""The vector store: Chroma, embedded on disk by default, or a Chroma server.

``SOUVERAIN_CHROMA_URL`` empty: ``chromadb.PersistentClient`` under
``SOUVERAIN_INDEX_DIR/chroma``. Set: ``chromadb.HttpClient`` to that server.
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
    """The live collection that ``manifest`` names (what readers query; never created)."""
    if not settings.chroma_url and not (Path(settings.index_dir) / manifest.chroma_dir).is_dir():
        raise IndexMissing(
            f"The vector store folder {Path(settings.index_dir) / manifest.chroma_dir} is missing; "
            "run `souverain index`")
    return get_collection(get_client(settings, manifest.chroma_dir), manifest.collection)


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


def _pages(collection: Any, include: list[str], batch: int) -> Iterator[dict[str, Any]]:
    """``collection.get`` page after page, until every chunk has been seen."""
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
    for page in _pages(collection, include, batch):
        ids.extend(page["ids"])
        if include_documents:
            contents.extend(page["documents"])
        metadatas.extend(page["metadatas"])
    return ids, contents, metadatas


def all_ids(collection: Any, batch: int = 20000) -> list[str]:
    """Every chunk id in ``collection`` (ids only: cheap even for a large store), paged."""
    return [chunk_id for page in _pages(collection, [], batch) for chunk_id in page["ids"]]


def get_records(collection: Any, ids: list[str],
                batch: int = 5000) -> tuple[list[str], list[dict]]:
    """(contents, metadatas) of the chunks ``ids``, in that order."""
    found: dict[str, tuple[str, dict]] = {}
    for i in range(0, len(ids), batch):
        with chroma_errors("Cannot read the vector store"):
            page = collection.get(ids=ids[i:i + batch], include=["documents", "metadatas"])
        for chunk_id, content, metadata in zip(page["ids"], page["documents"],
                                               page["metadatas"], strict=True):
            found[chunk_id] = (content, metadata)
    missing = [i for i in ids if i not in found]
    if missing:
        raise StoreUnavailable(f"The vector store lost {len(missing)} chunk(s) while being read")
    return [found[i][0] for i in ids], [found[i][1] for i in ids]


def nearest(collection: Any, vector: np.ndarray, n: int,
            where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
    """The ``n`` chunks closest to ``vector`` (cosine distance), as (chunk id, distance)."""
    # a collection dropped by a rebuild, a server gone...
    with chroma_errors("Vector search failed"):
        result = collection.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                  include=["distances"])
    return list(zip(result["ids"][0], result["distances"][0], strict=True))
