"""What every machine sees on a Chroma server: the live generation and the writers' lock.

With ``SOUVERAIN_CHROMA_URL`` set, nothing a reader needs lives on its own disk:

- the **manifest** (which collection is live, what documents it holds, a
  ``generation`` that changes on every indexing run) is one record of the
  collection ``<collection>-manifest``; its metadata carries the generation, so
  a reader polls it with one small request;
- the **chunks** (vectors, texts, metadata) are in the live collection, and each
  chunk's metadata carries its analysed terms (``terms``), so a reader builds its
  lexical index from the server without analysing the texts again;
- the **lock** of writers is the collection ``<collection>-lock``: creating a
  collection whose name exists fails on the server, so only one writer gets it,
  whichever machine it runs on. Its metadata says who holds it and until when; a
  writer renews it while it works, and a lock past its expiry (a writer that
  died) is taken over.

Readers only read: they never create, change or delete a collection. A reader may keep
a disposable copy of its lexical index on its own disk (``index.reader_cache``), so
that it starts without reading every chunk again; the server stays the source.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from core.errors import IndexLocked, IndexUnreadable, StoreUnavailable

from . import store
from .manifest import Manifest

if TYPE_CHECKING:
    from core.settings import Settings

    from .lexical import LexicalIndex

log = logging.getLogger(__name__)

LIVE = "live"
LOCK_TTL_S = 60.0  # a lock not renewed for this long belongs to a dead writer
LOCK_RENEW_S = 15.0
RETIRED_GRACE_S = 120.0  # a collection replaced by a rebuild stays this long for readers
# Manifests this process wrote: a reader in the same process asks the server at once.
writes = 0
# How this process's last reader index was made: chunks from the local copy, read from
# the server, dropped (gone from the server), and whether the copy was used.
reader_load: dict[str, Any] = {}


def manifest_collection(settings: Settings) -> str:
    return f"{settings.collection}-manifest"


def lock_collection(settings: Settings) -> str:
    return f"{settings.collection}-lock"


def _existing(settings: Settings, name: str) -> Any | None:
    client = store.get_client(settings)
    try:
        return client.get_collection(name)
    except Exception as exc:  # chromadb's own types, and httpx's for an unreachable server
        if store.collection_missing(exc):
            return None
        raise StoreUnavailable(
            f"Cannot read collection {name!r} on the Chroma server {settings.chroma_url}: {exc}"
        ) from exc


def live_generation(settings: Settings) -> str | None:
    """The live generation's id on the server (one small request), or None if none yet."""
    collection = _existing(settings, manifest_collection(settings))
    if collection is None:
        return None
    with store.chroma_errors("Cannot read the index manifest on the Chroma server"):
        got = collection.get(ids=[LIVE], include=["metadatas"])
    if not got["ids"]:
        return None
    return str((got["metadatas"][0] or {}).get("generation", ""))


def load_manifest(settings: Settings) -> Manifest | None:
    """The live manifest stored on the server, or None when no index was written there yet."""
    collection = _existing(settings, manifest_collection(settings))
    if collection is None:
        return None
    with store.chroma_errors("Cannot read the index manifest on the Chroma server"):
        got = collection.get(ids=[LIVE], include=["documents"])
    if not got["ids"]:
        return None
    try:
        data = json.loads(got["documents"][0])
    except (TypeError, ValueError) as exc:
        raise IndexUnreadable(
            f"The index manifest on the Chroma server is unreadable ({exc}); "
            "run `souverain index --rebuild`") from exc
    return Manifest.from_dict(data)


def save_manifest(settings: Settings, manifest: Manifest) -> None:
    """Make ``manifest`` the live one on the server (writers only, under the lock)."""
    global writes
    client = store.get_client(settings)
    with store.chroma_errors("Cannot write the index manifest on the Chroma server"):
        collection = client.get_or_create_collection(
            manifest_collection(settings), embedding_function=None)
        collection.upsert(ids=[LIVE], embeddings=[[1.0]],
                          documents=[json.dumps(manifest.to_dict(), ensure_ascii=False)],
                          metadatas=[{"generation": manifest.generation,
                                      "collection": manifest.collection}])
    writes += 1


def drop_manifest(settings: Settings) -> None:
    """Forget the server's manifest (``--rebuild`` after it was found damaged)."""
    store.delete_collection(store.get_client(settings), manifest_collection(settings))


# -- the writers' lock -------------------------------------------------------------------------


def _lock_state(settings: Settings) -> dict[str, Any] | None:
    collection = _existing(settings, lock_collection(settings))
    return None if collection is None else dict(collection.metadata or {})


@contextmanager
def server_lock(settings: Settings) -> Iterator[None]:
    """Hold the writers' lock on the server for the duration of the block.

    Raises:
        IndexLocked: another writer holds it (the message says who and until when).
    """
    client = store.get_client(settings)
    name = lock_collection(settings)
    owner = uuid.uuid4().hex

    def stamp() -> dict[str, Any]:
        return {"owner": owner, "host": socket.gethostname(), "pid": os.getpid(),
                "expires": time.time() + LOCK_TTL_S}

    for _ in range(3):
        try:
            client.create_collection(name, metadata=stamp(), embedding_function=None)
            break
        except Exception as exc:
            if "already exists" not in str(exc).lower():
                raise StoreUnavailable(
                    f"Cannot take the indexing lock on the Chroma server: {exc}") from exc
        held = _lock_state(settings)
        if held is None:
            continue  # released in between: try again
        if float(held.get("expires", 0)) >= time.time():
            left = float(held["expires"]) - time.time()
            raise IndexLocked(
                f"Another indexing run (machine {held.get('host', '?')}, process "
                f"{held.get('pid', '?')}) is writing to the Chroma server; wait for it to finish "
                f"(if it died, its lock expires within {left:.0f} s)")
        log.warning("taking over an expired indexing lock of %s", held.get("host"))
        if (_lock_state(settings) or {}).get("owner") == held.get("owner"):
            store.delete_collection(client, name)
    else:
        raise IndexLocked("Cannot take the indexing lock on the Chroma server; try again")

    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(LOCK_RENEW_S):
            try:
                client.get_collection(name).modify(metadata=stamp())
            except Exception as exc:  # the next renewal tries again; expiry is a minute away
                log.warning("cannot renew the indexing lock: %s", exc)

    thread = threading.Thread(target=renew, name="souverain-lock", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        if (_lock_state(settings) or {}).get("owner") == owner:
            store.delete_collection(client, name)


# -- readers' lexical index ----------------------------------------------------------------------


def build_lexical(collection: Any, previous: Any | None = None,
                  ids: list[str] | None = None) -> Any:
    """The lexical index of ``collection``'s chunks, from the server (``previous``: reuse it;
    ``ids``: the collection's chunk ids, when already read)."""
    from .lexical import LexicalIndex

    if previous is None:
        ids, contents, metadatas = store.read_all(collection)
        return LexicalIndex.build(ids, contents, metadatas)
    return previous.updated(store.all_ids(collection) if ids is None else ids,
                            lambda new: store.get_records(collection, new))


def reader_lexical(settings: Settings, manifest: Manifest, collection: Any,
                   previous: LexicalIndex | None = None) -> LexicalIndex:
    """A reader's lexical index of the live ``collection``, reading as little as it can.

    ``previous`` (the index of this process's last generation of the same collection)
    is brought up to date; else the reader's local copy (``reader_cache``), if there is
    a usable one; else every chunk is read. A changed index is saved as the new copy.
    """
    from . import reader_cache

    started = time.perf_counter()
    base, source = previous, "memory"
    if base is None:
        base, source = reader_cache.load(settings, manifest), "cache"
    index: LexicalIndex | None = None
    if base is not None:
        ids = store.all_ids(collection)
        held = set(base.ids)
        read = sum(1 for i in ids if i not in held)
        index = build_lexical(collection, base, ids=ids)
        if len(index) == len(ids):
            reader_load.update(source=source, kept=len(ids) - read, read=read)
        else:  # a copy that does not add up (ids repeated in it...): the server decides
            log.warning("reader cache: %d chunks after the update, the server has %d: "
                        "rebuilding from the server", len(index), len(ids))
            index = None
    if index is None:
        index = build_lexical(collection)
        reader_load.update(source="server", kept=0, read=len(index))
    result: LexicalIndex = index
    log.info("lexical index of %d chunks (%s: %d kept, %d read from the server) in %.2f s",
             len(result), reader_load["source"], reader_load["kept"], reader_load["read"],
             time.perf_counter() - started)
    if result is not base:
        reader_cache.save(settings, manifest, result)
    return result
