"""``souverain index``: bring the index in line with the corpus folder, re-embedding only what changed.

How a run goes:

1. Load the corpus; unreadable files are skipped and reported (their previous
   chunks, if any, stay in the index rather than vanish on a transient error).
   Files with the size and modification time the manifest recorded are not read.
2. Compare each document's sha256 with the manifest: added, updated, unchanged,
   removed. A different embedding model or chunker means a full rebuild.
3. Added and updated documents go through LangChain's indexing API
   (``langchain_core.indexing.index``) with a ``SQLRecordManager``: chunk ids are
   content hashes, so a chunk already written (say, by a killed run) is not
   embedded twice, and ``cleanup="incremental"`` drops the old chunks of an
   updated document once its new ones are in. Removed documents' chunks are
   deleted through the record manager's per-document keys. The chunks of a small
   update are embedded meanwhile by a child process (``index.embedding_worker``),
   while this one copies the generation, imports the store libraries and opens it.
4. The lexical index is updated from the store's chunk ids: chunks the previous
   one held are kept, new ones are fetched, analysed and written as one small new
   segment, removed ones become tombstones (``index.lexical``); a new generation
   file names the segments, and the manifest is then replaced atomically. Until
   that moment readers keep using the previous generation.

Each run that changes something writes a new generation, never the live one's files:
Chroma's embedded store must not be written by one process while another reads
it (a reader's in-memory HNSW graph goes stale: "Error finding id"), and a run
killed half-way must leave nothing the live generation depends on. Embedded, the
store is layered (``index.manifest``, ``index.store.LayeredCollection``): a large
base folder that generations share and no update opens, a small delta folder that
each update copies and writes (added chunks; removed ones are deleted from it when
they live there, else tombstoned in the base), and the record DB, copied too. So an
update costs what the delta and the record DB weigh, not what the index weighs. Past
``compact_bound`` chunks in the delta and tombstones, the run writes a new base (a
copy of the old one, tombstones deleted, the delta's chunks added with their stored
vectors) and the delta starts empty; a full rebuild writes a new base. With a Chroma
server, which serialises access itself, updates go to the live collection and a
full rebuild goes to a new one. Leftovers of older generations and of killed
runs are removed by the next run (while it copies the live generation) unless a live
manifest still uses them (a shared base); the previous generation is kept one run
longer for readers that have not yet seen the new manifest.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import gc
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from core.errors import (
    DiskFull,
    DocumentError,
    IndexLocked,
    IndexNotWritable,
    IndexStoreError,
    IndexUnreadable,
    error_detail,
)
from core.paths import seed_corpus
from core.settings import Settings

from . import store, vectors
from .chunking import chunk_document
from .documents import Chunk, DocumentEntry, SourceDocument
from .embedding import describe, get_embeddings
from .lexical import SEGMENTS, LexicalIndex
from .loading import RACY_NS, is_unchanged, load_corpus
from .manifest import Manifest, chunker_id

__all__ = ["IndexReport", "chunker_id", "index_exists", "indexed_documents", "run_index"]

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
# (documents written, documents to write, chunks written): for a progress bar with a rate
Counts = Callable[[int, int, int], None]


@dataclass
class IndexReport:
    """What an indexing run did, document by document."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, DocumentError]] = field(default_factory=list)  # (doc_id, why)
    repaired: list[str] = field(default_factory=list)  # damage found and what was done
    chunks: int = 0
    embedded: int = 0
    rebuilt: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (``souverain index --json``)."""
        return {
            "added": self.added, "updated": self.updated, "removed": self.removed,
            "unchanged": len(self.unchanged),
            "skipped": [{"doc_id": doc_id, "reason": str(exc), "error": type(exc).__name__}
                        for doc_id, exc in self.skipped],
            "repaired": self.repaired,
            "chunks": self.chunks, "embedded": self.embedded, "rebuilt": self.rebuilt,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """The last line ``souverain index`` prints."""
        return (
            f"documents: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged; chunks: {self.chunks}"
        )


class _Laps:
    """Logs how long each stage of a run took (``souverain -v index`` shows them)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        log.info("%s: %.2f s", stage, now - self.last)
        self.last = now


@contextmanager
def _run_lock(index_dir: Path) -> Iterator[None]:
    """One indexing run at a time per index folder (released by the OS if the run dies)."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / ".lock", "w")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise IndexNotWritable(
            f"Index folder {index_dir} is not writable ({error_detail(exc)})"
        ) from exc
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLocked(
                f"Another indexing run is using {index_dir}; wait for it to finish"
            ) from exc
        yield
    finally:
        fh.close()


def _check_space(index_dir: Path, needed: int = 50 * 1024 * 1024) -> None:
    try:
        free = shutil.disk_usage(index_dir).free
    except OSError:
        return
    if free < needed:
        raise DiskFull(
            f"Not enough free disk space for the index in {index_dir} "
            f"({free // (1024 * 1024)} MB free, {needed // (1024 * 1024)} MB needed)"
        )


def _generation() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y%m%d%H%M%S%f")


def _record_manager(index_dir: Path, name: str) -> Any:
    import warnings

    # langchain_community's copy of the class (the same code and schema as langchain_classic's):
    # importing it costs 0.1 s, against 0.8 s for langchain_classic.indexes, which also loads
    # its chains. The package warns on import that it is being sunset; if it goes away, switch
    # back to langchain_classic.indexes.SQLRecordManager (same tables, existing indexes work).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.indexes._sql_record_manager import SQLRecordManager

    manager = SQLRecordManager(
        namespace="souverain", db_url=f"sqlite:///{index_dir / name}"
    )
    manager.create_schema()
    return manager


def run_index(settings: Settings, *, rebuild: bool = False, progress: Progress | None = None,
              counts: Counts | None = None, embeddings: Any = None) -> IndexReport:
    """Index ``settings.corpus_dir`` into ``settings.index_dir``; see the module docstring.

    ``embeddings`` replaces the model ``settings.embedding`` names (its ``model_id`` is
    recorded in the manifest).

    Raises:
        CorpusError: the corpus folder is missing.
        IndexStoreError: the index folder is locked, unwritable or full, or the store fails.
        EmbeddingError: the embedding model cannot be loaded.
    """
    started = time.perf_counter()
    run = _Run(settings, embeddings, progress or _no_progress, counts or _no_counts)
    seed_corpus(Path(settings.corpus_dir))
    with _run_lock(run.index_dir), _shared_lock(settings), _gc_paused() as resume_gc:
        run.resume_gc = resume_gc
        try:
            _check_space(run.index_dir)
            report = _run_locked(run, rebuild=rebuild)
        finally:
            if run.worker is not None:  # reaped before the lock goes (a fork shares it)
                run.worker.close()
    report.seconds = time.perf_counter() - started
    run.progress(1.0, report.summary())
    return report


def _run_locked(run: _Run, *, rebuild: bool) -> IndexReport:
    settings = run.settings
    plan = _plan(run, rebuild=rebuild)
    if plan.unchecked and not plan.changes:
        damage = _store_damage(settings, plan.previous)
        if damage:
            plan = _plan(run, rebuild=rebuild, damage=damage)
    if not plan.changes:
        _record_file_stats(run, plan)
        return plan.report
    if plan.full or len(plan.to_index) > GC_PAUSE_DOCUMENTS:
        run.resume_gc()  # a long run: its garbage must not pile up
    _start_worker(run, plan)
    target = _next_generation(run.index_dir, settings, plan.previous, plan.full,
                              run.model_id, writing=bool(plan.to_index),
                              share_delta=_delta_untouched(settings, plan))
    copied = plan.previous is not None and plan.previous.delta_dir != target.delta_dir
    if plan.unchecked:
        # the delta checked on its copy: the client this run writes with, opened once
        damage = _store_damage(settings, plan.previous, delta_dir=(
            target.delta_dir if plan.previous and plan.previous.delta_dir and copied else ""))
        if damage:
            _discard(run.index_dir, target, plan.previous)
            plan = _plan(run, rebuild=rebuild, damage=damage)
            run.resume_gc()  # now a full rebuild
            target = _next_generation(run.index_dir, settings, plan.previous,
                                      plan.full, run.model_id, writing=bool(plan.to_index))
    run.lap("new generation prepared")
    collection = _write(run, plan, target)
    if settings.chroma_url:
        # readers build their lexical index from the server (chunks carry their terms)
        target.chunks = collection.count()
    else:
        if isinstance(collection, store.LayeredCollection):
            collection = _settle_layers(run, target, collection)
        _write_lexical(run, plan, target, collection)
    _commit(run, plan, target)
    return plan.report


def _delta_untouched(settings: Settings, plan: _Plan) -> bool:
    """True for an update that only removes documents whose chunks all live in the base.

    It writes tombstones only: the live delta is shared as it is (no copy, no Chroma).
    """
    previous = plan.previous
    if (settings.chroma_url or plan.full or previous is None or plan.to_index
            or plan.records_lost or plan.lexical_damaged):
        return False
    if not previous.delta_dir or not previous.delta_chunks:
        return True
    if previous.delta_docs is None:  # not recorded: any document may live in the delta
        return False
    return not set(plan.report.removed) & set(previous.delta_docs)


# Up to this many documents to write, a run keeps Python's cyclic garbage collector off.
GC_PAUSE_DOCUMENTS = 100


@contextmanager
def _gc_paused() -> Iterator[Callable[[], None]]:
    """Python's cyclic garbage collector off for a short run.

    A one-document update allocates little garbage but imports chromadb and LangChain
    and reads a manifest of thousands of entries: the collector's full passes over
    those objects cost 0.25 to 0.5 s of a 3 s run at 100 000 chunks. ``_run_locked``
    turns it back on for a full rebuild or a large update.
    """
    enabled = gc.isenabled()

    def resume() -> None:
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if enabled:
            gc.enable()


def _start_worker(run: _Run, plan: _Plan) -> None:
    """Embed the chunks of a small update in a child process meanwhile (``index.embedding_worker``).

    Not for a full rebuild (embedding is then the whole run), nor when this process
    already holds the model (``--watch``, the web chat) or was given one.
    """
    from .embedding import loaded
    from .embedding_worker import MAX_CHUNKS, EmbeddingWorker

    spec = run.settings.embedding
    if plan.full or run.embeddings is not None or loaded(spec):
        return
    texts: list[str] = []
    for doc in plan.to_index:
        chunks = plan.chunked[doc.doc_id] = chunk_document(
            doc, size=run.settings.chunk_size, overlap=run.settings.chunk_overlap)
        texts += [c.content() for c in chunks]
        if len(texts) > MAX_CHUNKS:
            plan.chunked.clear()  # a large update: embedded in process, chunked as it goes
            return
    if not texts:
        return
    try:
        run.worker = EmbeddingWorker(spec, texts)
    except OSError as exc:  # no process to spare: embed here
        log.warning("embedding worker not started (%s)", exc)


@contextmanager
def _shared_lock(settings: Settings) -> Iterator[None]:
    """With a Chroma server, the writers' lock every machine sees (``index.shared``)."""
    if not settings.chroma_url:
        yield
        return
    from .shared import server_lock

    with server_lock(settings):
        yield


def _no_progress(fraction: float, message: str) -> None:
    pass


def _no_counts(done: int, total: int, chunks: int) -> None:
    pass


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


@dataclass
class _Run:
    """What every step of one indexing run shares."""

    settings: Settings
    embeddings: Any
    progress: Progress
    counts: Counts
    lap: _Laps = field(default_factory=_Laps)
    started_at: str = field(default_factory=_now)
    worker: Any = None  # an EmbeddingWorker embedding this run's chunks meanwhile
    resume_gc: Callable[[], None] = field(default=lambda: None)  # see _gc_paused

    @property
    def index_dir(self) -> Path:
        return Path(self.settings.index_dir)

    @cached_property
    def model_id(self) -> str:
        return str(getattr(self.embeddings, "model_id", "") or describe(self.settings.embedding))


@dataclass
class _Plan:
    """What a run will do: the corpus compared with the live manifest."""

    previous: Manifest | None
    full: bool  # a full rebuild into an empty generation
    report: IndexReport
    to_index: list[SourceDocument]  # added and updated documents
    documents: dict[str, DocumentEntry]  # the next manifest's entries (the kept ones so far)
    stats: dict[str, dict[str, int]]  # doc_id -> loading.file_stat()

    lexical_damaged: bool = False  # rebuilt from the store even if no document changed
    unchecked: bool = False  # the embedded store's contents are still to be checked
    records_lost: bool = False  # this machine's record DB is missing or behind the store
    # the chunk ids this run deleted and wrote (None: unknown, the lexical side lists the store)
    delta: tuple[set[str], list[str]] | None = None
    chunked: dict[str, list[Chunk]] = field(default_factory=dict)  # cut early, not yet written

    @property
    def changes(self) -> bool:
        return self.full or self.lexical_damaged or bool(self.to_index or self.report.removed)


def _plan(run: _Run, *, rebuild: bool, damage: str = "") -> _Plan:
    """Steps 1-2: read the manifest and the corpus, and sort the documents by what changed.

    Embedded, only the store folder is checked here: its contents are checked by the
    caller, on the copy a run that changes something writes (opening the live store
    too would cost a second Chroma start, ~0.5 s at 100 000 chunks). ``damage``: what
    that check found (the plan is then a rebuild).
    """
    settings = run.settings
    repaired: list[str] = []
    previous = _load_live(settings, repaired)
    stale = "no index yet" if previous is None else previous.stale_because(settings, run.model_id)
    lexical_damage = ""
    unchecked = False
    if damage and not stale:
        stale = damage
        repaired.append(f"{stale}: index rebuilt")
    elif not stale and previous is not None:
        unchecked = not settings.chroma_url
        stale = _store_damage(settings, previous, contents=not unchecked)
        if stale:
            repaired.append(f"{stale}: index rebuilt")
        else:
            lexical_damage = _lexical_damage(settings, previous)
            if lexical_damage:
                log.warning("%s", lexical_damage)
                repaired.append(f"{lexical_damage}: rebuilt from the vector store")
    full = rebuild or bool(stale)
    if full and previous is not None and not rebuild:
        log.warning("rebuilding the index: %s", stale)
    recorded: dict[str, DocumentEntry] = {} if full or previous is None else previous.documents
    run.lap("manifest and store checked")
    run.progress(0.0, "lecture du corpus")
    scan = load_corpus(settings.corpus_dir, recorded=recorded)
    run.lap(f"corpus scanned ({len(scan.documents)} read, {len(scan.unchanged)} not read)")
    report = IndexReport(rebuilt=full, skipped=list(scan.skipped), unchanged=list(scan.unchanged),
                         repaired=repaired)
    to_index: list[SourceDocument] = []
    for doc in scan.documents:
        entry = recorded.get(doc.doc_id)
        if entry is None or entry.sha256 != doc.content_hash:
            (report.added if entry is None else report.updated).append(doc.doc_id)
            to_index.append(doc)
        else:
            report.unchanged.append(doc.doc_id)
    report.unchanged.sort()
    skipped = {doc_id for doc_id, _ in scan.skipped}
    report.removed = sorted(set(recorded) - scan.doc_ids - skipped)
    # A document that was indexed but fails to load now keeps its old chunks.
    documents = {d: _with_stat(recorded[d], scan.stats.get(d)) for d in report.unchanged}
    documents |= {d: recorded[d] for d in skipped if d in recorded}
    records_lost = (not full and previous is not None
                    and not _records_current(run.index_dir, settings, previous))
    return _Plan(previous, full, report, to_index, documents, scan.stats,
                 lexical_damaged=bool(lexical_damage), records_lost=records_lost,
                 unchecked=unchecked and not full)


def _load_live(settings: Settings, repaired: list[str]) -> Manifest | None:
    """The live manifest (on the server with one); a damaged one counts as none (rebuild)."""
    try:
        return live_manifest(settings)
    except IndexStoreError as exc:
        if settings.chroma_url and not isinstance(exc, IndexUnreadable):
            raise  # the server is unreachable: nothing to repair from here
        log.warning("%s: rebuilding", exc)
        repaired.append("manifest unreadable: index rebuilt")
        return None


def _store_damage(settings: Settings, manifest: Manifest | None, *,
                  delta_dir: str | None = None, contents: bool = True) -> str:
    """Why the live vector store cannot be used as it is ("" when it can, or when there is
    no live generation to check).

    Embedded, what is checked: always, the base and delta folders are there and the base
    collection holds ``manifest.base_chunks`` chunks, read from its SQLite file (no Chroma
    start: ~30 ms at 100,000 chunks). ``contents``: also through Chroma, the delta (its
    copy ``delta_dir`` when given: the folder a run writes; "" for none) and, when no copy
    is given (a run that changes nothing), the base. With a server: the live collection
    and its count.
    """
    if manifest is None:
        return ""
    if settings.chroma_url:
        if not contents:
            return ""
        return _collection_damage(store.get_client(settings), manifest.collection,
                                  manifest.chunks)
    index_dir = Path(settings.index_dir)
    if not (index_dir / manifest.chroma_dir).is_dir():
        return "vector store folder missing"
    if manifest.delta_dir and not (index_dir / manifest.delta_dir).is_dir():
        return "vector store delta folder missing"
    damage = _base_damage(index_dir, manifest)
    if damage or not contents:
        return damage
    if delta_dir is None:
        damage = _collection_damage(store.get_client(settings, manifest.chroma_dir),
                                    manifest.collection, manifest.base_chunks)
        if damage:
            return damage
    folder = manifest.delta_dir if delta_dir is None else delta_dir
    if folder:
        return _collection_damage(store.get_client(settings, folder),
                                  manifest.delta_collection, manifest.delta_chunks)
    return ""


def _collection_damage(client: Any, name: str, chunks: int) -> str:
    if name not in store.collection_names(client):
        return f"vector store collection missing ({name})"
    count = store.get_collection(client, name).count()
    if count != chunks:
        return f"vector store holds {count} chunks, the manifest {chunks}"
    return ""


def _base_damage(index_dir: Path, manifest: Manifest) -> str:
    """The embedded base, checked from its SQLite file: collection there, count as recorded."""
    import sqlite3

    try:
        count = store.embedded_count(index_dir / manifest.chroma_dir, manifest.collection)
    except LookupError:
        return f"vector store collection missing ({manifest.collection})"
    except sqlite3.OperationalError as exc:
        if "no such" in str(exc):  # another Chroma schema: the count is Chroma's to check
            log.info("base count not read from SQLite (%s)", exc)
            return ""
        return f"vector store unreadable ({exc})"
    except (OSError, sqlite3.Error) as exc:
        return f"vector store unreadable ({exc})"
    if count != manifest.base_chunks:
        return f"vector store holds {count} chunks, the manifest {manifest.base_chunks}"
    return ""


def _lexical_damage(settings: Settings, manifest: Manifest) -> str:
    """Why the live lexical files cannot be used ("" when they can; none with a server)."""
    if settings.chroma_url:
        return ""
    try:
        chunks = LexicalIndex.check(Path(settings.index_dir) / manifest.lexical)
    except (OSError, ValueError) as exc:
        return f"lexical index damaged ({exc})"
    if chunks != manifest.chunks:
        return f"lexical index holds {chunks} chunks, the manifest {manifest.chunks}"
    return ""


# The record DB is this machine's: with a server, another writer may have changed the
# collection since, so the DB remembers which generation it matches (a side file).
def _records_mark(index_dir: Path, manifest: Manifest) -> Path:
    return index_dir / f"{manifest.records}.generation"


def _records_current(index_dir: Path, settings: Settings, manifest: Manifest) -> bool:
    if not manifest.records or not (index_dir / manifest.records).is_file():
        return False
    if not settings.chroma_url:
        return True
    try:
        return _records_mark(index_dir, manifest).read_text() == manifest.generation
    except OSError:
        return False


def _mark_records(index_dir: Path, settings: Settings, manifest: Manifest) -> None:
    if settings.chroma_url:
        _records_mark(index_dir, manifest).write_text(manifest.generation)


def _sync_records(records: Any, collection: Any) -> None:
    """Make the record DB list exactly the chunks of ``collection``, per document."""
    ids, _, metadatas = store.read_all(collection, include_documents=False)
    known = set(records.list_keys())
    stale = list(known - set(ids))
    if stale:
        records.delete_keys(stale)
    missing = [(i, m) for i, m in zip(ids, metadatas, strict=True) if i not in known]
    for start in range(0, len(missing), 5000):
        part = missing[start:start + 5000]
        records.update([i for i, _ in part],
                       group_ids=[str((m or {}).get("doc_id", "")) for _, m in part])
    log.info("record DB rebuilt from the store: %d added, %d dropped", len(missing), len(stale))


def _save_live(settings: Settings, manifest: Manifest) -> None:
    if settings.chroma_url:
        from .shared import save_manifest

        save_manifest(settings, manifest)
    else:
        manifest.save(Path(settings.index_dir))


def _record_file_stats(run: _Run, plan: _Plan) -> None:
    """Nothing to index: remember the files' new dates, if any moved, and tidy up."""
    live = plan.previous
    assert live is not None
    if plan.records_lost:  # nothing to write, but later deletions need the records
        if not live.records:
            live.records = f"records-{_generation()}.sqlite"
            _save_live(run.settings, live)
        _sync_records(_record_manager(run.index_dir, live.records),
                      store.open_collection(run.settings, live))
        _mark_records(run.index_dir, run.settings, live)
        plan.report.repaired.append("record DB rebuilt from the vector store")
    if plan.documents != live.documents:
        live.documents = dict(sorted(plan.documents.items()))
        _save_live(run.settings, live)
    _remove_leftovers(run.index_dir, run.settings, live=live, previous=None)
    plan.report.chunks = live.chunks


def _write(run: _Run, plan: _Plan, target: Manifest) -> Any:
    """Step 3: embed and write the added and updated documents, delete the removed ones.

    Returns the target generation's collection (embedded updates: a ``LayeredCollection``
    whose delta is this run's copy; the base is not opened).
    """
    settings = run.settings
    layered = not settings.chroma_url and not plan.full and plan.previous is not None
    if layered:
        frozen = plan.previous is not None and target.delta_dir == plan.previous.delta_dir
        client = None
        delta: Any = None
        if target.delta_dir and not frozen:
            client = store.get_client(settings, target.delta_dir)
            delta = store.get_collection(client, target.delta_collection, create=True,
                                         metadata={"souverain:model": run.model_id})
        elif target.delta_dir:  # the live delta, shared: read only if the run must list it

            def delta() -> Any:
                return store.get_collection(store.get_client(settings, target.delta_dir),
                                            target.delta_collection)

        def open_base() -> Any:  # only when the record DB must be rebuilt from the store
            return store.get_collection(store.get_client(settings, target.chroma_dir),
                                        target.collection)

        collection: Any = store.LayeredCollection(
            open_base, delta, target.tombstones, base_count=target.base_chunks,
            delta_count=target.delta_chunks if frozen else None, frozen_delta=frozen)
    else:
        client = store.get_client(settings, target.chroma_dir)
        store.get_collection(client, target.collection, create=True,
                             metadata={"souverain:model": run.model_id})
        collection = store.get_collection(client, target.collection)
    records = _record_manager(run.index_dir, target.records)
    if plan.records_lost:
        _sync_records(records, collection)
        plan.report.repaired.append("record DB rebuilt from the vector store")
    # The record DB knows each document's chunk ids: the lexical side then needs only the
    # difference, not a list of every id in the store (0.7 s at 100 000 chunks).
    changed = [d.doc_id for d in plan.to_index] + plan.report.removed
    track = (not plan.full and not plan.lexical_damaged and not settings.chroma_url
             and len(changed) <= DELTA_DOCUMENTS)
    before = set(records.list_keys(group_ids=changed)) if track and changed else set()
    # LangChain's view of the store, and a model, only to write (a removal embeds nothing)
    vectors = None
    if plan.to_index:
        embeddings = run.embeddings
        if embeddings is None and run.worker is not None:
            embeddings = run.worker.embeddings(run.model_id)  # waits for the worker
        if embeddings is None:
            embeddings = get_embeddings(settings.embedding)
        if layered:
            vectors = store.layered_vector_store(client, collection, target.delta_collection,
                                                 embeddings)
        else:
            vectors = store.vector_store(client, target.collection, embeddings)
    run.lap("store and record manager opened")
    done, total = 0, len(plan.to_index)
    run.counts(0, total, 0)
    for group in _groups(plan.to_index, plan, settings):
        first = group[0][0].doc_id
        run.progress(0.05 + 0.85 * done / max(1, total), f"indexation de {first}"
                     + (f" et {len(group) - 1} autre(s)" if len(group) > 1 else ""))
        log.info("indexing %s (%d document(s), %d/%d)", first, len(group), done + len(group),
                 total)
        plan.report.embedded += _index_documents(group, records, vectors,
                                                 with_terms=bool(settings.chroma_url))
        for doc, chunks in group:
            entry = DocumentEntry.of(doc, chunks=len(chunks), indexed_at=run.started_at)
            stat = plan.stats.get(doc.doc_id)
            plan.documents[doc.doc_id] = entry.with_stat(stat) if stat else entry
        done += len(group)
        run.counts(done, total, plan.report.embedded)
    for doc_id in plan.report.removed:
        _delete_document(doc_id, records, collection)
    if track:
        written = [d.doc_id for d in plan.to_index]
        after = records.list_keys(group_ids=written) if written else []
        plan.delta = (before - set(after), [k for k in after if k not in before])
    run.lap(f"{total} document(s) written, {len(plan.report.removed)} removed")
    return collection


def _write_lexical(run: _Run, plan: _Plan, target: Manifest, collection: Any) -> None:
    """Step 4a: the new generation's lexical index, reusing the previous one's terms."""
    run.progress(0.92, "index lexical")
    index_dir = run.index_dir
    name = f"lexical-{_generation()}"
    previous = LexicalIndex([])
    delta = plan.delta
    if not plan.full and plan.previous is not None and not plan.lexical_damaged:
        try:
            previous = LexicalIndex.load(index_dir / plan.previous.lexical, by_term=False)
        except (OSError, ValueError) as exc:  # damaged: rebuilt from the store
            log.warning("previous lexical index not reused (%s): rebuilding it", exc)
            delta = None
    else:
        delta = None
    lexical = None
    if delta is not None:
        gone, new = delta
        lexical = previous.changed(gone, new, lambda ids: store.get_records(collection, ids))
        count = _count(collection)
        if count != len(lexical):  # the record DB did not match the store: list it
            log.warning("lexical index has %d chunks, the store %d: listing the store",
                        len(lexical), count)
            lexical = None
    if lexical is None:
        ids = store.all_ids(collection)
        lexical = previous.updated(ids, lambda new: store.get_records(collection, new))
    run.lap("lexical index built")
    try:
        lexical.save(index_dir / name)
    except OSError as exc:
        shutil.rmtree(index_dir / name, ignore_errors=True)
        raise IndexStoreError.from_os_error(
            exc, f"Cannot write the lexical index in {index_dir}: {error_detail(exc)}"
        ) from exc
    target.lexical = name
    target.chunks = len(lexical)
    if not run.settings.chroma_url and len(lexical) <= vectors.MAX_CHUNKS:
        _write_vectors(run, plan, target, lexical.ids, collection)


def _write_vectors(run: _Run, plan: _Plan, target: Manifest, ids: list[str],
                   collection: Any) -> None:
    """Step 4a': every chunk's vector beside the lexical index, for readers that need not
    open Chroma (``index.vectors``). The previous generation's copy gives the unchanged
    chunks' vectors; the rest are read from the store. A failure costs readers speed only."""
    previous = None
    if plan.previous is not None and plan.previous.lexical:
        previous = run.index_dir / plan.previous.lexical
    if vectors.from_store(run.index_dir / target.lexical, ids, target.model_id, collection,
                          previous) is not None:
        run.lap("chunk vectors saved")


def _count(collection: Any) -> int:
    with store.chroma_errors("Cannot read the vector store"):
        return int(collection.count())


def _commit(run: _Run, plan: _Plan, target: Manifest) -> None:
    """Step 4b: the new manifest makes the new generation live; older leftovers go."""
    target.documents = dict(sorted(plan.documents.items()))
    target.built_at = run.started_at
    target.generation = _generation()
    if not target.layered:  # one Chroma collection holds every chunk
        target.base_chunks = target.chunks
    previous = plan.previous
    if previous is not None and previous.collection != target.collection:
        target.previous_collection, target.switched_at = previous.collection, time.time()
    elif previous is not None:
        target.previous_collection = previous.previous_collection
        target.switched_at = previous.switched_at
    _save_live(run.settings, target)
    _mark_records(run.index_dir, run.settings, target)
    _remove_leftovers(run.index_dir, run.settings, live=target, previous=plan.previous)
    run.lap("lexical index and manifest saved")
    plan.report.chunks = target.chunks


def _with_stat(entry: DocumentEntry, stat: dict[str, int] | None) -> DocumentEntry:
    """A manifest entry that remembers the file's current size and mtime.

    Left as is when they are already recorded and trusted, so that a run that
    changes nothing does not rewrite the manifest.
    """
    if stat is None or is_unchanged(stat, entry):
        return entry
    same_file = entry.size == stat["size"] and entry.mtime_ns == stat["mtime_ns"]
    if same_file and stat["mtime_ns"] >= stat["checked_ns"] - RACY_NS:
        return entry  # still too recent (or dated in the future) to be trusted: nothing to record
    return entry.with_stat(stat)


def _next_generation(index_dir: Path, settings: Settings, manifest: Manifest | None,
                     full: bool, model_id: str, *, writing: bool = True,
                     share_delta: bool = False) -> Manifest:
    """The generation this run writes, never the live one's files.

    Embedded, a full rebuild writes a new base; an update shares the live base (never
    opened, never written) and writes a copy of the live delta (a new one when there is
    none and chunks are to be added), the tombstones carried over; the record DB is
    copied too. ``share_delta``: the update only tombstones base chunks, the live delta
    is shared as it is (neither copied nor opened, and chromadb is not even imported).
    So the live generation is never written while readers (perhaps in other processes)
    use it, and a run killed half-way leaves nothing that the live one depends on. A
    Chroma server serialises access itself: updates go to the live collection (chunk ids
    are content hashes, so a killed run's writes are simply redone).
    """
    generation = _generation()
    target = Manifest(
        model_id=model_id, chunker=chunker_id(settings), chroma_url=settings.chroma_url,
        collection=f"{settings.collection}-{generation}",
        chroma_dir="server" if settings.chroma_url else f"chroma-{generation}",
        records=f"records-{generation}.sqlite",
    )
    if full or manifest is None:
        return target
    target.collection = manifest.collection
    if settings.chroma_url:
        # updates go to the live collection: the record DB (this machine's) is updated in place
        target.chroma_dir = manifest.chroma_dir
        target.records = manifest.records
        return target
    target.chroma_dir = manifest.chroma_dir
    target.base_chunks = manifest.base_chunks
    target.tombstones = list(manifest.tombstones)
    target.delta_collection = manifest.delta_collection or f"{settings.collection}-delta"
    if share_delta:
        target.delta_dir, target.delta_chunks = manifest.delta_dir, manifest.delta_chunks
        target.delta_docs = manifest.delta_docs
    elif manifest.delta_dir or writing:
        target.delta_dir = f"{store.DELTA_PREFIX}{generation}"
    from concurrent.futures import ThreadPoolExecutor

    def copy() -> None:
        started = time.perf_counter()
        if manifest.delta_dir and not share_delta:
            _copy_chroma(index_dir / manifest.delta_dir, index_dir / target.delta_dir)
        delta = time.perf_counter()
        _copy_sqlite(index_dir / manifest.records, index_dir / target.records)
        copied = time.perf_counter()
        _remove_superseded(index_dir, manifest, target)
        log.info("generation copied in %.2f s (delta %.2f s, record DB %.2f s), "
                 "superseded one removed in %.2f s", copied - started, delta - started,
                 copied - delta, time.perf_counter() - copied)

    try:
        # The copy mostly waits on the disk: the libraries the run needs next are
        # imported meanwhile (~1.5 s of imports).
        with ThreadPoolExecutor(1) as pool:
            copied = pool.submit(copy)
            started = time.perf_counter()
            _import_writers(writing, chroma=not share_delta)
            log.info("store and writing libraries imported in %.2f s",
                     time.perf_counter() - started)
            copied.result()
    except OSError as exc:
        raise IndexStoreError.from_os_error(
            exc, f"Cannot write a new index generation in {index_dir}: {error_detail(exc)}"
        ) from exc
    return target


# Past this many chunks in the delta plus tombstones (or this share of the base, when
# larger), an update compacts: a new base holds base + delta - tombstones. See
# ``_settle_layers``.
COMPACT_CHUNKS = 2000
COMPACT_SHARE = 0.02


def compact_bound(base_chunks: int) -> int:
    return max(COMPACT_CHUNKS, int(COMPACT_SHARE * base_chunks))


def _settle_layers(run: _Run, target: Manifest, layered: Any) -> Any:
    """After an update's writes: record the delta and tombstones, and compact past the bound.

    Returns the collection the lexical side reads new chunks from.
    """
    target.tombstones = sorted(layered.tombstones)
    if not layered.frozen_delta:  # this run's copy of the delta: what it holds now
        delta = layered.delta()
        target.delta_chunks = _count(delta) if delta is not None else 0
        target.delta_docs = _delta_docs(delta) if delta is not None else []
        if target.delta_dir and delta is None:
            target.delta_dir = ""  # nothing was added: no delta folder was made
    if target.delta_chunks + len(target.tombstones) <= compact_bound(target.base_chunks):
        return layered
    return _compact(run, target, layered)


def _delta_docs(delta: Any) -> list[str]:
    """The documents with chunks in the delta (a small collection: ~10 ms at 2,000 chunks)."""
    with store.chroma_errors("Cannot read the vector store"):
        metadatas = delta.get(include=["metadatas"])["metadatas"]
    return sorted({str((m or {}).get("doc_id", "")) for m in metadatas})


def _compact(run: _Run, target: Manifest, layered: Any) -> Any:
    """A new base: a copy of the live one, its tombstoned chunks deleted, then the delta's
    chunks added with their stored vectors (nothing is embedded again); no delta after.

    This costs what every update cost before the layers (a copy of the whole base and
    Chroma's loading of it: ~3 s at 100,000 chunks), once per ``compact_bound`` chunks.
    """
    index_dir = run.index_dir
    settings = run.settings
    name = f"chroma-{_generation()}"
    try:
        _copy_chroma(index_dir / target.chroma_dir, index_dir / name, backup=False)
    except OSError as exc:
        shutil.rmtree(index_dir / name, ignore_errors=True)
        raise IndexStoreError.from_os_error(
            exc, f"Cannot write a new index generation in {index_dir}: {error_detail(exc)}"
        ) from exc
    client = store.get_client(settings, name)
    base = store.get_collection(client, target.collection)
    expected = target.base_chunks - len(target.tombstones) + target.delta_chunks
    with store.chroma_errors("Cannot write the vector store"):
        dead = target.tombstones
        for i in range(0, len(dead), 5000):
            base.delete(ids=dead[i:i + 5000])
        delta = layered.delta()
        if delta is not None:
            include = ["embeddings", "documents", "metadatas"]
            for page in store.pages(delta, include, 1000):
                base.upsert(ids=page["ids"], embeddings=page["embeddings"],
                            documents=page["documents"], metadatas=page["metadatas"])
        count = base.count()
    if count != expected:
        store.forget_client(str(index_dir / name))
        shutil.rmtree(index_dir / name, ignore_errors=True)
        raise IndexStoreError(f"Compacting the vector store gave {count} chunks, "
                              f"{expected} expected; run `souverain index --rebuild`")
    log.info("vector store compacted: %d + %d - %d = %d chunks", target.base_chunks,
             target.delta_chunks, len(target.tombstones), count)
    run.lap("vector store compacted")
    target.chroma_dir, target.base_chunks = name, count
    target.delta_dir, target.delta_chunks, target.tombstones = "", 0, []
    target.delta_docs = []
    return base


def _generation_folder(name: str) -> bool:
    """A folder of one generation (``chroma``: the name a manifest gets by default)."""
    return name.startswith(("chroma-", "lexical-", store.DELTA_PREFIX)) or name == "chroma"


def _folders(manifest: Manifest | None) -> set[str]:
    """The generation folders a manifest uses (a base may be shared by several)."""
    if manifest is None:
        return set()
    return {f for f in (manifest.chroma_dir, manifest.delta_dir, manifest.lexical) if f}


def _remove_superseded(index_dir: Path, live: Manifest, target: Manifest) -> None:
    """Delete the generation before the live one (and a killed run's folders) now.

    ``_remove_leftovers`` would at the end of this run; done here, while the copy
    thread waits anyway, it no longer adds to the run. Readers have had the live
    manifest since the last run. A folder the live or the new generation uses (a shared
    base) stays; so does one this process has a Chroma client on, left to
    ``_remove_leftovers``, which closes it first.
    """
    keep = _folders(live) | _folders(target)
    for path in index_dir.iterdir():
        if (_generation_folder(path.name) and path.name not in keep
                and not store.has_client(str(path))):
            shutil.rmtree(path, ignore_errors=True)


def _import_writers(writing: bool, *, chroma: bool = True) -> None:
    """Import what updating a generation uses (the first run in a process pays it once).

    ``writing``: documents are to be embedded and written, not only deleted. ``chroma``:
    the store is to be opened (not for an update that only writes tombstones).
    """
    import warnings

    if chroma or writing:
        import chromadb  # noqa: F401

    if writing:
        import langchain_chroma  # noqa: F401
        from langchain_core.indexing import index  # noqa: F401

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.indexes import _sql_record_manager  # noqa: F401


def _discard(index_dir: Path, target: Manifest, live: Manifest | None) -> None:
    """Remove what ``_next_generation`` prepared for ``target`` and is not used (never a
    folder the live generation uses, such as a shared base)."""
    for folder in _folders(target) - _folders(live):
        path = index_dir / folder
        store.forget_client(str(path))
        shutil.rmtree(path, ignore_errors=True)
    if live is None or target.records != live.records:
        (index_dir / target.records).unlink(missing_ok=True)


def _copy_chroma(source: Path, target: Path, *, backup: bool = True) -> None:
    """Copy an embedded Chroma folder that readers may be opening.

    A reader loading that folder writes to its SQLite file (Chroma does, on load, and
    rewrites the HNSW files of a small collection). ``backup`` (a small delta): the
    SQLite file goes through SQLite's backup API, consistent even then, where a byte
    copy could catch a transaction half-written; else (a large base: the backup API
    would hold readers off for seconds) it is byte-copied with the rest. Either way,
    what is byte-copied is copied again if a file changed meanwhile.
    """

    def stamp() -> list[tuple[str, int, int]]:
        out = []
        for path in sorted(source.rglob("*")):
            if backup and "sqlite3" in path.name:
                continue
            try:
                st = path.stat()
            except OSError:  # replaced meanwhile
                st = None
            if st is None or not path.is_dir():
                out.append((str(path), st.st_mtime_ns if st else -1, st.st_size if st else -1))
        return out

    for _ in range(3):
        before = stamp()
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("chroma.sqlite3*")
                        if backup else None)
        if stamp() == before:
            break
        log.info("%s written by a reader while copied: copying it again", source.name)
    if not backup:
        return
    if (source / "chroma.sqlite3").is_file():
        _sqlite_backup(source / "chroma.sqlite3", target / "chroma.sqlite3", timeout=30)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the record DB.

    Only indexing runs open it, one at a time (the run lock): with no journal beside it,
    no transaction is pending and a byte copy is consistent (made by the kernel: 0.07 s
    for 61 MB at 100,000 chunks, against 0.3 s for SQLite's backup API, used otherwise).
    """
    if not source.is_file():
        return
    if not any(source.with_name(source.name + suffix).exists() for suffix in ("-journal", "-wal")):
        shutil.copyfile(source, target)
        return
    _sqlite_backup(source, target)


def _sqlite_backup(source: Path, target: Path, *, timeout: float = 5.0) -> None:
    """Copy a SQLite file through SQLite's backup API (consistent while others write it)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(source, timeout=timeout)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# Chunks written per call to LangChain's ``index()``: one Chroma write and one record
# DB transaction per call cost ~30 ms, so small documents are grouped.
GROUP_CHUNKS = 256
# Up to this many changed documents, a run reads their chunk ids from the record DB to
# update the lexical index; beyond, it lists the store's ids (one query instead of many).
DELTA_DOCUMENTS = 2000


def _groups(documents: list[SourceDocument], plan: _Plan, settings: Settings
            ) -> Iterator[list[tuple[SourceDocument, list[Chunk]]]]:
    """Whole documents with their chunks, grouped up to ``GROUP_CHUNKS`` chunks."""
    group: list[tuple[SourceDocument, list[Chunk]]] = []
    size = 0
    for doc in documents:
        chunks = plan.chunked.pop(doc.doc_id, None) or chunk_document(
            doc, size=settings.chunk_size, overlap=settings.chunk_overlap)
        if group and size + len(chunks) > GROUP_CHUNKS:
            yield group
            group, size = [], 0
        group.append((doc, chunks))
        size += len(chunks)
    if group:
        yield group


def _index_documents(group: list[tuple[SourceDocument, list[Chunk]]], records: Any,
                     vectors: Any, *, with_terms: bool = False) -> int:
    """Write a group of documents in one ``index()`` call; returns the chunks embedded.

    A document is never split between calls: ``cleanup="incremental"`` deletes,
    after each call, the old chunks of the documents it saw. ``with_terms``: each
    chunk's metadata also carries its analysed terms (readers of a Chroma server
    build their lexical index from them).
    """
    from langchain_core.documents import Document
    from langchain_core.indexing import index

    from core.text import analyze

    docs = []
    for _, chunks in group:
        for c in chunks:
            metadata = c.metadata()
            if with_terms:
                metadata["terms"] = " ".join(analyze(c.content()))
            docs.append(Document(page_content=c.content(), metadata=metadata))
    try:
        result = index(
            docs, records, vectors, cleanup="incremental", source_id_key="doc_id",
            batch_size=max(1, len(docs)), key_encoder="sha256",
        )
        for doc, chunks in group:
            if not chunks:  # incremental cleanup only runs for sources it sees
                _delete_document(doc.doc_id, records, vectors)
    except OSError as exc:
        raise IndexStoreError.from_os_error(
            exc, f"Writing the index failed: {error_detail(exc)}") from exc
    return result["num_added"] + result["num_updated"]


def _delete_document(doc_id: str, records: Any, vectors: Any) -> None:
    """``vectors``: LangChain's view of the store or the Chroma collection (both ``delete(ids=)``)."""
    keys = records.list_keys(group_ids=[doc_id])
    if keys:
        vectors.delete(ids=keys)
        records.delete_keys(keys)


def _remove_leftovers(index_dir: Path, settings: Settings, *, live: Manifest,
                     previous: Manifest | None) -> None:
    """Drop what older generations or killed runs left behind.

    The previous embedded generation is kept until the next run, so a reader in
    another process that has not yet seen the new manifest can finish its query.
    """
    keep_dirs = _folders(live)
    if previous is not None and not settings.chroma_url:
        keep_dirs |= _folders(previous)
    segments = {name for folder in keep_dirs if folder.startswith("lexical-")
                for name in LexicalIndex.segment_names(index_dir / folder)}
    segments_dir = index_dir / SEGMENTS
    if segments_dir.is_dir():
        for path in segments_dir.iterdir():
            if path.name not in segments:
                shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.iterdir():
        name = path.name
        if _generation_folder(name) and name not in keep_dirs:
            store.forget_client(str(path))
            shutil.rmtree(path, ignore_errors=True)
        elif (name.startswith("records-") and not name.startswith(live.records or "-")
              or name.startswith(".manifest-")):
            path.unlink(missing_ok=True)
    if settings.chroma_url:
        # A collection replaced by a rebuild stays RETIRED_GRACE_S for readers still on it.
        from .shared import RETIRED_GRACE_S

        keep = {live.collection}
        if live.previous_collection and time.time() - live.switched_at < RETIRED_GRACE_S:
            keep.add(live.previous_collection)
        client = store.get_client(settings)
        prefix = f"{settings.collection}-"
        for name in store.collection_names(client):
            if name.startswith(prefix) and name not in keep and name[len(prefix):].isdigit():
                store.delete_collection(client, name)


def live_manifest(settings: Settings) -> Manifest | None:
    """The live manifest: on the Chroma server with one, else in the index folder."""
    if settings.chroma_url:
        from .shared import load_manifest

        return load_manifest(settings)
    return Manifest.load(Path(settings.index_dir))


def indexed_documents(settings: Settings) -> list[dict[str, Any]]:
    """The documents of the live index (for the web chat's Documents tab), by title."""
    manifest = live_manifest(settings)
    if manifest is None:
        return []
    rows = [{"doc_id": doc_id, **entry.to_dict()} for doc_id, entry in manifest.documents.items()]
    return sorted(rows, key=lambda row: (row.get("kind", ""), row.get("title", "")))


def index_exists(settings: Settings) -> bool:
    """True when a complete index generation is on disk (or on the Chroma server)."""
    return live_manifest(settings) is not None
