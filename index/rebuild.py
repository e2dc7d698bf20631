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
   deleted through the record manager's per-document keys.
4. The lexical index is updated from the store's chunk ids: chunks the previous
   one held are kept, new ones are fetched, analysed and written as one small new
   segment, removed ones become tombstones (``index.lexical``); a new generation
   file names the segments, and the manifest is then replaced atomically. Until that moment readers keep using
   the previous generation.

Each run that changes something writes a new generation: the embedded Chroma
folder and the record DB are copied, then updated, never written in place.
Chroma's embedded store must not be written by one process while another reads
it (a reader's in-memory HNSW graph goes stale: "Error finding id"), and a run
killed half-way must leave nothing the live generation depends on. With a Chroma
server, which serialises access itself, updates go to the live collection and a
full rebuild goes to a new one. Leftovers of older generations and of killed
runs are removed by the next run; the previous generation is kept one run longer
for readers that have not yet seen the new manifest.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from core.settings import Settings
from core.errors import IndexStoreError
from core.paths import seed_corpus

from . import store
from .chunking import CHUNKER_VERSION, chunk_document
from .documents import Chunk, SourceDocument
from .embedding import describe, get_embeddings
from .lexical import SEGMENTS, LexicalIndex
from .loading import RACY_NS, is_unchanged, load_corpus
from .manifest import Manifest

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
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    rebuilt: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (``souverain index --json``)."""
        return {
            "added": self.added, "updated": self.updated, "removed": self.removed,
            "unchanged": len(self.unchanged),
            "skipped": [{"doc_id": d, "reason": r} for d, r in self.skipped],
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


def chunker_id(settings: Settings) -> str:
    return f"v{CHUNKER_VERSION}/{settings.chunk_size}/{settings.chunk_overlap}"


@contextmanager
def _run_lock(index_dir: Path) -> Iterator[None]:
    """One indexing run at a time per index folder (released by the OS if the run dies)."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / ".lock", "w")
    except OSError as exc:
        raise IndexStoreError(
            f"Index folder {index_dir} is not writable ({exc.strerror or exc})"
        ) from None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexStoreError(
                f"Another indexing run is using {index_dir}; wait for it to finish"
            ) from None
        yield
    finally:
        fh.close()


def _check_space(index_dir: Path, needed: int = 50 * 1024 * 1024) -> None:
    try:
        free = shutil.disk_usage(index_dir).free
    except OSError:
        return
    if free < needed:
        raise IndexStoreError(
            f"Not enough free disk space for the index in {index_dir} "
            f"({free // (1024 * 1024)} MB free, {needed // (1024 * 1024)} MB needed)"
        )


def _generation() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")


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


def run_index(settings: Settings, *, rebuild: bool = False,
              progress: Progress | None = None, counts: Counts | None = None) -> IndexReport:
    """Index ``settings.corpus_dir`` into ``settings.index_dir``; see the module docstring.

    Raises:
        CorpusError: the corpus folder is missing.
        IndexStoreError: the index folder is locked, unwritable or full, or the store fails.
        EmbeddingError: the embedding model cannot be loaded.
    """
    started = time.perf_counter()
    lap = _Laps()
    report_progress = progress or (lambda fraction, message: None)
    index_dir = Path(settings.index_dir)
    seed_corpus(Path(settings.corpus_dir))
    with _run_lock(index_dir):
        _check_space(index_dir)
        manifest = Manifest.load(index_dir)
        model_id = describe(settings.embedding)
        fresh = (
            rebuild or manifest is None or manifest.model_id != model_id
            or manifest.chunker != chunker_id(settings)
            or manifest.chroma_url != settings.chroma_url
            or not _live_collection_exists(settings, manifest)
        )
        if fresh and manifest is not None and not rebuild:
            log.warning("index built with %s / %s: rebuilding for %s / %s",
                        manifest.model_id, manifest.chunker, model_id, chunker_id(settings))
        known: dict[str, dict[str, Any]] = {} if fresh else dict(manifest.documents)

        lap("manifest and store checked")
        report_progress(0.0, "lecture du corpus")
        scan = load_corpus(settings.corpus_dir, known=known)
        lap(f"corpus scanned ({len(scan.documents)} read, {len(scan.unchanged)} not read)")
        skipped = {doc_id for doc_id, _ in scan.skipped}
        report = IndexReport(rebuilt=fresh, skipped=list(scan.skipped),
                             unchanged=list(scan.unchanged))
        to_index: list[SourceDocument] = []
        for doc in scan.documents:
            previous = known.get(doc.doc_id)
            if previous is None:
                report.added.append(doc.doc_id)
                to_index.append(doc)
            elif previous.get("sha256") != doc.content_hash:
                report.updated.append(doc.doc_id)
                to_index.append(doc)
            else:
                report.unchanged.append(doc.doc_id)
        report.unchanged.sort()
        report.removed = sorted(set(known) - scan.doc_ids - skipped)
        # A document that was indexed but fails to load now keeps its old chunks.
        documents: dict[str, dict[str, Any]] = {
            d: _with_stat(known[d], scan.stats.get(d)) for d in report.unchanged
        }
        documents |= {d: known[d] for d in skipped if d in known}
        if not fresh and not to_index and not report.removed:
            assert manifest is not None
            if documents != manifest.documents:  # only file dates moved: remember them
                manifest.documents = dict(sorted(documents.items()))
                manifest.save(index_dir)
            _remove_leftovers(index_dir, settings, live=manifest, previous=None)
            report.chunks = manifest.chunks
            report.seconds = time.perf_counter() - started
            report_progress(1.0, report.summary())
            return report

        target = _next_generation(index_dir, settings, manifest, fresh, model_id)
        lap("new generation prepared")
        embeddings = get_embeddings(settings.embedding)
        client = store.get_client(settings, target.chroma_dir)
        store.get_collection(client, target.collection, create=True,
                             metadata={"souverain:model": model_id})
        vectors = store.vector_store(client, target.collection, embeddings)
        records = _record_manager(index_dir, target.records)
        lap("store and record manager opened")

        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        done = 0
        if counts is not None:
            counts(0, len(to_index), 0)
        for group in _groups(to_index, settings):
            report_progress(0.05 + 0.85 * done / max(1, len(to_index)),
                            f"indexation de {group[0][0].doc_id}"
                            + (f" et {len(group) - 1} autre(s)" if len(group) > 1 else ""))
            log.info("indexing %s (%d document(s), %d/%d)", group[0][0].doc_id, len(group),
                     done + len(group), len(to_index))
            embedded = _index_documents(group, records, vectors)
            report.embedded += embedded
            for doc, chunks in group:
                documents[doc.doc_id] = {
                    "sha256": doc.content_hash, "title": doc.title, "kind": doc.kind,
                    "date": doc.date, "nature": doc.nature, "updated": doc.updated,
                    "publisher": doc.publisher, "based_on": doc.based_on,
                    "source_url": doc.source_url, "language": doc.language,
                    "chunks": len(chunks), "indexed_at": now,
                    **scan.stats.get(doc.doc_id, {}),
                }
            done += len(group)
            if counts is not None:
                counts(done, len(to_index), report.embedded)
        for doc_id in report.removed:
            _delete_document(doc_id, records, vectors)

        lap(f"{len(to_index)} document(s) written, {len(report.removed)} removed")
        report_progress(0.92, "index lexical")
        collection = store.get_collection(client, target.collection)
        lexical_name = f"lexical-{_generation()}"
        ids = store.all_ids(collection)
        previous_lexical = LexicalIndex([])
        if not fresh and manifest is not None:
            try:
                previous_lexical = LexicalIndex.load(index_dir / manifest.lexical)
            except (OSError, ValueError) as exc:  # damaged: rebuilt from the store
                log.warning("previous lexical index not reused (%s): rebuilding it", exc)
        lexical = previous_lexical.updated(ids, lambda new: store.get_records(collection, new))
        lap("lexical index built")
        try:
            lexical.save(index_dir / lexical_name)
        except OSError as exc:
            shutil.rmtree(index_dir / lexical_name, ignore_errors=True)
            raise IndexStoreError(
                f"Cannot write the lexical index in {index_dir}: {exc.strerror or exc}"
            ) from None

        target.documents = dict(sorted(documents.items()))
        target.lexical = lexical_name
        target.chunks = len(ids)
        target.built_at = now
        target.save(index_dir)
        _remove_leftovers(index_dir, settings, live=target, previous=manifest)
        lap("lexical index and manifest saved")
        report.chunks = len(ids)
        report.seconds = time.perf_counter() - started
        report_progress(1.0, report.summary())
        return report


def _with_stat(entry: dict[str, Any], stat: dict[str, int] | None) -> dict[str, Any]:
    """A manifest entry that remembers the file's current size and mtime.

    Left as is when they are already recorded and trusted, so that a run that
    changes nothing does not rewrite the manifest.
    """
    if stat is None or is_unchanged(stat, entry):
        return entry
    same_file = entry.get("size") == stat["size"] and entry.get("mtime_ns") == stat["mtime_ns"]
    if same_file and stat["mtime_ns"] >= stat["checked_ns"] - RACY_NS:
        return entry  # still too recent (or dated in the future) to be trusted: nothing to record
    return {**entry, **stat}


def _live_collection_exists(settings: Settings, manifest: Manifest) -> bool:
    if not settings.chroma_url and not (Path(settings.index_dir) / manifest.chroma_dir).is_dir():
        return False
    client = store.get_client(settings, manifest.chroma_dir)
    return manifest.collection in store.collection_names(client)


def _next_generation(index_dir: Path, settings: Settings, manifest: Manifest | None,
                     fresh: bool, model_id: str) -> Manifest:
    """The generation this run writes: new files everywhere, copied from the live one.

    Embedded Chroma and the record DB are copied, then updated, so the live
    generation is never written while readers (perhaps in other processes) use
    it, and a run killed half-way leaves nothing that the live one depends on.
    A Chroma server serialises access itself: updates go to the live collection
    (chunk ids are content hashes, so a killed run's writes are simply redone).
    """
    generation = _generation()
    target = Manifest(
        model_id=model_id, chunker=chunker_id(settings), chroma_url=settings.chroma_url,
        collection=f"{settings.collection}-{generation}",
        chroma_dir="server" if settings.chroma_url else f"chroma-{generation}",
        records=f"records-{generation}.sqlite",
    )
    if fresh or manifest is None:
        return target
    target.collection = manifest.collection
    if settings.chroma_url:
        target.chroma_dir = manifest.chroma_dir
    try:
        if not settings.chroma_url:
            shutil.copytree(index_dir / manifest.chroma_dir, index_dir / target.chroma_dir)
        _copy_sqlite(index_dir / manifest.records, index_dir / target.records)
    except OSError as exc:
        raise IndexStoreError(
            f"Cannot write a new index generation in {index_dir}: {exc.strerror or exc}"
        ) from None
    return target


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (the backup API, not a byte copy)."""
    import sqlite3

    if not source.exists():
        return
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


# Chunks written per call to LangChain's ``index()``: one Chroma write and one record
# DB transaction per call cost ~30 ms, so small documents are grouped.
GROUP_CHUNKS = 256


def _groups(documents: list[SourceDocument], settings: Settings
            ) -> Iterator[list[tuple[SourceDocument, list[Chunk]]]]:
    """Whole documents with their chunks, grouped up to ``GROUP_CHUNKS`` chunks."""
    group: list[tuple[SourceDocument, list[Chunk]]] = []
    size = 0
    for doc in documents:
        chunks = chunk_document(doc, size=settings.chunk_size, overlap=settings.chunk_overlap)
        if group and size + len(chunks) > GROUP_CHUNKS:
            yield group
            group, size = [], 0
        group.append((doc, chunks))
        size += len(chunks)
    if group:
        yield group


def _index_documents(group: list[tuple[SourceDocument, list[Chunk]]], records: Any,
                     vectors: Any) -> int:
    """Write a group of documents in one ``index()`` call; returns the chunks embedded.

    A document is never split between calls: ``cleanup="incremental"`` deletes,
    after each call, the old chunks of the documents it saw.
    """
    from langchain_core.documents import Document
    from langchain_core.indexing import index

    docs = [Document(page_content=c.content(), metadata=c.metadata())
            for _, chunks in group for c in chunks]
    try:
        result = index(
            docs, records, vectors, cleanup="incremental", source_id_key="doc_id",
            batch_size=max(1, len(docs)), key_encoder="sha256",
        )
        for doc, chunks in group:
            if not chunks:  # incremental cleanup only runs for sources it sees
                _delete_document(doc.doc_id, records, vectors)
    except OSError as exc:
        raise IndexStoreError(f"Writing the index failed: {exc.strerror or exc}") from None
    return result["num_added"] + result["num_updated"]


def _delete_document(doc_id: str, records: Any, vectors: Any) -> None:
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
    keep_dirs = {live.chroma_dir, live.lexical}
    if previous is not None and not settings.chroma_url:
        keep_dirs |= {previous.chroma_dir, previous.lexical}
    segments = {name for folder in keep_dirs if folder.startswith("lexical-")
                for name in LexicalIndex.segment_names(index_dir / folder)}
    segments_dir = index_dir / SEGMENTS
    if segments_dir.is_dir():
        for path in segments_dir.iterdir():
            if path.name not in segments:
                shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.iterdir():
        name = path.name
        if name.startswith(("chroma-", "lexical-")) and name not in keep_dirs:
            store.forget_client(str(path))
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith("records-") and name != live.records:
            path.unlink(missing_ok=True)
        elif name.startswith(".manifest-"):
            path.unlink(missing_ok=True)
    if settings.chroma_url:
        client = store.get_client(settings)
        prefix = f"{settings.collection}-"
        for name in store.collection_names(client):
            if name.startswith(prefix) and name != live.collection and name[len(prefix):].isdigit():
                store.delete_collection(client, name)


def indexed_documents(settings: Settings) -> list[dict[str, Any]]:
    """The documents of the live index (for the web chat's Documents tab), by title."""
    manifest = Manifest.load(Path(settings.index_dir))
    if manifest is None:
        return []
    rows = [{"doc_id": doc_id, **meta} for doc_id, meta in manifest.documents.items()]
    return sorted(rows, key=lambda row: (row.get("kind", ""), row.get("title", "")))


def index_exists(settings: Settings) -> bool:
    """True when a complete index generation is on disk."""
    return Manifest.load(Path(settings.index_dir)) is not None
