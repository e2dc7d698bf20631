"""The lexical side of hybrid search: BM25 over accent-folded French stems, in segments.

A lexical index is a list of immutable **segments** plus the positions of
removed chunks in them (tombstones). A segment holds some chunks: their ids, records (content and
metadata, so retrieval shows passages without another round trip to the store)
and their analysed terms as a sparse matrix, saved twice (by chunk, for merging
and for updating document frequencies; by term, for scoring). Scores are BM25
with the statistics of the whole live index (number of chunks, average length,
document frequencies), computed exactly as bm25s's default ("lucene") variant, so
an index in ten segments scores every chunk as one built in one piece would
(tests/test_indexing.py checks it, score by score).

Why segments: at 100,000 chunks, rebuilding a single BM25 index and rewriting its
records on each run cost 13-17 s and 1.9 GB for a one-document change. Now an
indexing run writes one small segment with the new chunks, tombstones the removed
ones, and writes a small generation file naming the segments. Segments are merged
when there are more than ``MAX_SEGMENTS`` or when tombstones pass
``MAX_DELETED_SHARE`` of the chunks; a full rebuild writes a single segment.

On disk (embedded mode; with a Chroma server readers build it in memory)::

    <index>/lexical-<generation>/lexical.json   segments, tombstones, format
    <index>/lexical-<generation>/df.json        document frequency of every term
    <index>/segments/seg-<id>/ids.json, records.json, vocab.json, postings.npz

A generation folder is never changed once written; the manifest switches to it.
Segments are shared by generations and removed when no kept generation names them.
"""

from __future__ import annotations

import json
import logging
import uuid
import weakref
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.text import analyze

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

FORMAT = 2
K1, B = 1.2, 0.75  # bm25s's defaults, which the retrieval figures were measured with
SEGMENTS = "segments"  # folder of the index directory that holds every segment
MAX_SEGMENTS = 8  # past this many, the small segments are merged into one
MAX_DELETED_SHARE = 0.2  # past this share of tombstones, every segment is merged

# Segments loaded by this process, by path: a new generation reuses the segments it shares
# with the previous one (they never change once written) instead of reading them again.
_loaded: weakref.WeakValueDictionary[str, Segment] = weakref.WeakValueDictionary()

ReadRecords = Callable[[list[str]], tuple[list[str], list[dict[str, Any]]]]


def chunk_terms(content: str, metadata: dict[str, Any] | None = None) -> list[str]:
    """A chunk's analysed terms: the ones stored with it (``terms``) or analysed now."""
    stored = (metadata or {}).get("terms")
    if isinstance(stored, str):
        return stored.split()
    return analyze(content)


class Segment:
    """An immutable set of chunks with their records and term postings."""

    def __init__(self, name: str, ids: list[str], vocab: list[str], lengths: np.ndarray,
                 by_doc: tuple[np.ndarray, np.ndarray, np.ndarray],
                 by_term: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                 records: tuple[list[str], list[dict[str, Any]]] | None = None,
                 folder: Path | None = None) -> None:
        self.name = name
        self.ids = ids
        self.vocab = vocab
        self.lengths = lengths
        self.by_doc = by_doc  # (indptr per chunk, term ids, tf)
        self._by_term = by_term  # (indptr per term, chunk positions, tf)
        self._records = records
        self._vocab_index: dict[str, int] | None = None
        self.folder = folder
        self.saved = folder is not None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_tokens(cls, ids: list[str], tokens: Sequence[list[str]], contents: list[str],
                    metadatas: list[dict[str, Any]]) -> Segment:
        import numpy as np

        vocab: dict[str, int] = {}
        indptr = [0]
        terms: list[int] = []
        tf: list[int] = []
        for chunk_tokens in tokens:
            for term, n in Counter(chunk_tokens).items():
                terms.append(vocab.setdefault(term, len(vocab)))
                tf.append(n)
            indptr.append(len(terms))
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.float32, count=len(tokens))
        metadatas = [{k: v for k, v in m.items() if k != "terms"} for m in metadatas]
        return cls(f"seg-{uuid.uuid4().hex[:16]}", list(ids), list(vocab), lengths,
                   (np.asarray(indptr, dtype=np.int64), np.asarray(terms, dtype=np.int32),
                    np.asarray(tf, dtype=np.float32)),
                   records=(list(contents), metadatas))

    # -- views ------------------------------------------------------------------------------

    @property
    def vocab_index(self) -> dict[str, int]:
        if self._vocab_index is None:
            self._vocab_index = {term: i for i, term in enumerate(self.vocab)}
        return self._vocab_index

    @property
    def by_term(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._by_term is None and self.folder is not None:  # loaded without them
            self._by_term = _read_by_term(self.folder, len(self.vocab))
        if self._by_term is None:
            import numpy as np

            # the by-chunk postings transposed (CSR to CSC): a stable sort by term keeps
            # each term's chunks in order (numpy only: scipy costs 0.15 s to import)
            indptr, terms, tf = self.by_doc
            order = np.argsort(terms, kind="stable")
            rows = np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(indptr))
            term_indptr = np.zeros(len(self.vocab) + 1, dtype=np.int64)
            np.cumsum(np.bincount(terms, minlength=len(self.vocab)), out=term_indptr[1:])
            self._by_term = (term_indptr, rows[order], tf[order].astype(np.float32))
        return self._by_term

    @property
    def records(self) -> tuple[list[str], list[dict[str, Any]]]:
        if self._records is None:
            assert self.folder is not None
            data = json.loads((self.folder / "records.json").read_text(encoding="utf-8"))
            if len(data["contents"]) != len(self.ids):
                raise ValueError(f"segment {self.name}: records and ids differ in length")
            self._records = (data["contents"], data["metadatas"])
        return self._records

    def terms_of(self, position: int) -> list[str]:
        """The distinct terms of the chunk at ``position``."""
        indptr, terms, _ = self.by_doc
        return [self.vocab[t] for t in terms[indptr[position]:indptr[position + 1]]]

    # -- files --------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        import numpy as np

        folder.mkdir(parents=True, exist_ok=False)
        contents, metadatas = self.records
        (folder / "records.json").write_text(
            json.dumps({"contents": contents, "metadatas": metadatas}, ensure_ascii=False),
            encoding="utf-8")
        (folder / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False),
                                           encoding="utf-8")
        t_indptr, t_docs, t_tf = self.by_term
        np.savez(folder / "postings.npz", indptr=self.by_doc[0], terms=self.by_doc[1],
                 tf=self.by_doc[2], lengths=self.lengths, term_indptr=t_indptr,
                 term_docs=t_docs, term_tf=t_tf)
        # ids last: a segment folder without ids.json is incomplete and never loaded
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        self.folder, self.saved = folder, True

    @classmethod
    def load(cls, folder: Path, *, by_term: bool = True) -> Segment:
        """Ids, terms and postings now; records on first use.

        ``by_term=False``: the by-term postings (what scoring uses) on first use too; an
        indexing run does not score (half of the postings, 0.1 s at 100 000 chunks).
        """
        import numpy as np

        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        try:
            with np.load(folder / "postings.npz", allow_pickle=False) as data:
                by_doc = (data["indptr"], data["terms"], data["tf"])
                lengths = data["lengths"]
        except (zipfile.BadZipFile, EOFError, KeyError) as exc:
            raise ValueError(f"segment {folder.name}: postings unreadable ({exc})") from exc
        if len(by_doc[0]) != len(ids) + 1 or len(lengths) != len(ids):
            raise ValueError(f"segment {folder.name}: postings and ids differ in length")
        by_terms = _read_by_term(folder, len(vocab)) if by_term else None
        return cls(folder.name, ids, vocab, lengths, by_doc, by_terms, folder=folder)

    @classmethod
    def merged(cls, parts: list[tuple[Segment, np.ndarray]]) -> Segment:
        """One segment of the chunks kept (boolean mask) in each part, in order."""
        import numpy as np

        vocab: dict[str, int] = {}
        ids: list[str] = []
        contents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        lengths, terms, tfs, counts = [], [], [], []
        for segment, keep in parts:
            mapping = np.fromiter((vocab.setdefault(t, len(vocab)) for t in segment.vocab),
                                  dtype=np.int32, count=len(segment.vocab))
            indptr, seg_terms, seg_tf = segment.by_doc
            per_doc = np.diff(indptr)
            rows = np.repeat(keep, per_doc)
            terms.append(mapping[seg_terms[rows]])
            tfs.append(seg_tf[rows])
            counts.append(per_doc[keep])
            lengths.append(segment.lengths[keep])
            seg_contents, seg_metadatas = segment.records
            for i in np.flatnonzero(keep):
                ids.append(segment.ids[i])
                contents.append(seg_contents[i])
                metadatas.append(seg_metadatas[i])
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        if counts:
            np.cumsum(np.concatenate(counts), out=indptr[1:])
        return cls(f"seg-{uuid.uuid4().hex[:16]}", ids, list(vocab),
                   np.concatenate(lengths) if lengths else np.zeros(0, np.float32),
                   (indptr,
                    np.concatenate(terms) if terms else np.zeros(0, np.int32),
                    np.concatenate(tfs) if tfs else np.zeros(0, np.float32)),
                   records=(contents, metadatas))


class LexicalIndex:
    """BM25 over the live chunks of some segments, with the chunk records they hold."""

    FILE = "lexical.json"
    DF = "df.json"

    def __init__(self, segments: list[Segment], deleted: Mapping[str, Iterable[int]] | None = None,
                 document_frequency: dict[str, int] | None = None) -> None:
        """``deleted``: tombstones, the dead positions of each segment (by segment name).

        By position, not by chunk id: a chunk removed, then added again (same text, same
        id) lives in the newer segment while its older copy stays dead.
        """
        import numpy as np

        self.segments = list(segments)
        self.offsets = np.zeros(len(self.segments) + 1, dtype=np.int64)
        np.cumsum([len(s) for s in self.segments], out=self.offsets[1:])
        total = int(self.offsets[-1])
        live = np.ones(total, dtype=bool)
        self.deleted: dict[str, set[int]] = {}
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            dead = {int(i) for i in (deleted or {}).get(segment.name, ()) if 0 <= i < len(segment)}
            if dead:
                self.deleted[segment.name] = dead
                live[offset + np.fromiter(dead, dtype=np.int64, count=len(dead))] = False
        self.live = live
        self.live_index = np.flatnonzero(live)
        lengths = (np.concatenate([s.lengths for s in self.segments]) if self.segments
                   else np.zeros(0, np.float32))
        self._avgdl = float(lengths[live].mean()) if len(self.live_index) else 1.0
        self._norms: list[np.ndarray] = [
            K1 * ((1 - B) + B * s.lengths / max(self._avgdl, 1e-9)) for s in self.segments
        ]
        self._ids: list[str] | None = None
        self._contents: list[str] | None = None
        self._metadatas: list[dict[str, Any]] | None = None
        self._position: dict[str, int] | None = None
        self.folder: Path | None = None
        self.sizes: dict[str, dict[str, int]] = {}
        if document_frequency is None:
            document_frequency = self._count_document_frequency()
        # How many live chunks hold each analysed term: kept up to date by difference.
        self.document_frequency = Counter(document_frequency)

    def _count_document_frequency(self) -> Counter[str]:
        import numpy as np

        df: Counter[str] = Counter()
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            keep = self.live[offset:offset + len(segment)]
            indptr, terms, _ = segment.by_doc
            rows = np.repeat(keep, np.diff(indptr))
            counts = np.bincount(terms[rows], minlength=len(segment.vocab))
            for term_id in np.flatnonzero(counts):
                df[segment.vocab[term_id]] += int(counts[term_id])
        return df

    def __len__(self) -> int:
        return len(self.live_index)

    # -- the live chunks, in order ------------------------------------------------------------

    def _all(self, pick: Callable[[Segment], list[Any]]) -> list[Any]:
        values: list[Any] = []
        for segment in self.segments:
            values.extend(pick(segment))
        if len(self.live_index) == len(values):
            return values
        return [values[i] for i in self.live_index]

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self._all(lambda s: s.ids)
        return self._ids

    @property
    def contents(self) -> list[str]:
        if self._contents is None:
            self._contents = self._all(lambda s: s.records[0])
        return self._contents

    @property
    def metadatas(self) -> list[dict[str, Any]]:
        if self._metadatas is None:
            self._metadatas = self._all(lambda s: s.records[1])
        return self._metadatas

    @property
    def position(self) -> dict[str, int]:
        if self._position is None:
            self._position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        return self._position

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, ids: list[str], contents: list[str], metadatas: list[dict[str, Any]],
              tokens: list[list[str]] | None = None,
              document_frequency: dict[str, int] | None = None) -> LexicalIndex:
        """One segment of ``contents`` (``tokens``: when already analysed), order kept."""
        if tokens is None:
            tokens = [chunk_terms(c, m) for c, m in zip(contents, metadatas, strict=True)]
        segment = Segment.from_tokens(list(ids), tokens, list(contents), list(metadatas))
        return cls([segment] if ids else [], None, document_frequency)

    def updated(self, ids: Sequence[str], read_records: ReadRecords) -> LexicalIndex:
        """The index of the chunks ``ids``: this one, plus a segment of the new ones, minus the gone.

        Chunk ids are content hashes, so a chunk this index holds is the same text.
        Only the new chunks are read (``read_records(ids) -> (contents, metadatas)``) and
        analysed; removed ones become tombstones. Segments are merged when there are
        too many of them or too many tombstones.
        """
        wanted = set(ids)
        current = set(self.ids)
        return self.changed(current - wanted, [i for i in ids if i not in current], read_records)

    def changed(self, gone: set[str], new_ids: Sequence[str],
                read_records: ReadRecords) -> LexicalIndex:
        """This index minus the chunks ``gone``, plus a segment of ``new_ids`` (not yet held).

        What ``updated`` does when the caller already knows the difference (an indexing
        run knows which chunks it deleted and wrote): no list of every chunk id is needed.
        """
        current = set(self.ids)
        gone = set(gone) & current
        new_ids = [i for i in dict.fromkeys(new_ids) if i not in current]
        if not gone and not new_ids:
            return self
        df = Counter(self.document_frequency)
        deleted = {name: set(dead) for name, dead in self.deleted.items()}
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            for i, chunk_id in enumerate(segment.ids):
                if chunk_id in gone and self.live[offset + i]:
                    df.subtract(segment.terms_of(i))
                    deleted.setdefault(segment.name, set()).add(i)
        segments = list(self.segments)
        if new_ids:
            contents, metadatas = read_records(new_ids)
            tokens = [chunk_terms(c, m) for c, m in zip(contents, metadatas, strict=True)]
            for chunk_tokens in tokens:
                df.update(set(chunk_tokens))
            segments.append(Segment.from_tokens(new_ids, tokens, contents, metadatas))
        df = Counter({term: n for term, n in df.items() if n > 0})
        total = sum(len(s) for s in segments)
        dead = sum(len(d) for d in deleted.values())
        if dead > MAX_DELETED_SHARE * max(1, total - dead):
            segments, deleted = [_merge(segments, deleted)], {}
        elif len(segments) > MAX_SEGMENTS:
            # the largest stays; the others become one (the result is small: it is cheap)
            largest = max(range(len(segments)), key=lambda i: len(segments[i]))
            small = [s for i, s in enumerate(segments) if i != largest]
            merged = _merge(small, deleted)
            keep = segments[largest]
            segments = [keep, merged]
            deleted = {keep.name: deleted[keep.name]} if keep.name in deleted else {}
        return LexicalIndex(segments, deleted, df)

    # -- files --------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the segments not yet on disk, then the generation file in ``folder`` (new)."""
        index_dir = folder.parent
        for segment in self.segments:
            if not segment.saved:
                segment.save(index_dir / SEGMENTS / segment.name)
        folder.mkdir(parents=True, exist_ok=False)
        (folder / self.DF).write_text(json.dumps(self.document_frequency, ensure_ascii=False),
                                      encoding="utf-8")
        sizes = {s.name: {f.name: f.stat().st_size for f in s.folder.iterdir()}
                 for s in self.segments if s.folder is not None}
        (folder / self.FILE).write_text(json.dumps({
            "format": FORMAT, "segments": [s.name for s in self.segments],
            "deleted": {name: sorted(dead) for name, dead in self.deleted.items()},
            "chunks": len(self), "sizes": sizes,
        }), encoding="utf-8")
        self.folder = folder

    @classmethod
    def load(cls, folder: Path, *, shared: bool = True, by_term: bool = True) -> LexicalIndex:
        """The index a generation folder names (``shared``: reuse segments this process loaded).

        ``by_term=False``: the scoring postings are read on first use (``Segment.load``).

        Raises:
            OSError, ValueError: a file is missing, truncated or inconsistent.
        """
        try:
            spec = json.loads((folder / cls.FILE).read_text(encoding="utf-8"))
            df = json.loads((folder / cls.DF).read_text(encoding="utf-8"))
            if spec.get("format") != FORMAT:
                raise ValueError(f"lexical index format {spec.get('format')}, expected {FORMAT}")
            segments = []
            for name in spec["segments"]:
                path = folder.parent / SEGMENTS / name
                key = str(path.resolve())
                segment = _loaded.get(key) if shared else None
                if segment is None:
                    segment = Segment.load(path, by_term=by_term)
                    if shared:
                        _loaded[key] = segment
                segments.append(segment)
        except KeyError as exc:
            raise ValueError(f"missing field {exc}") from None
        if not isinstance(spec["deleted"], dict):
            raise ValueError("lexical index tombstones in an older layout")
        index = cls(segments, spec["deleted"], df)
        if len(index) != spec.get("chunks", len(index)):
            raise ValueError(f"{len(index)} chunks found, {spec['chunks']} expected")
        index.folder, index.sizes = folder, spec.get("sizes", {})
        return index

    def check_files(self) -> None:
        """Every segment file has the size it was written with (cheap: no file is read).

        Raises:
            ValueError: a file is missing or truncated.
        """
        if self.folder is None:
            return
        for segment in self.segments:
            for name, size in self.sizes.get(segment.name, {}).items():
                path = self.folder.parent / SEGMENTS / segment.name / name
                try:
                    actual = path.stat().st_size
                except OSError as exc:
                    raise ValueError(f"{path} is missing") from exc
                if actual != size:
                    raise ValueError(f"{path} has {actual} bytes, {size} written")

    @classmethod
    def check(cls, folder: Path) -> int:
        """Cheap check of a saved index, reading no segment: its chunk count.

        The generation files parse, and every segment file is there with the size it
        was written with (a truncated or deleted file is caught without reading it).

        Raises:
            OSError, ValueError: a file is missing, truncated or unreadable.
        """
        try:
            spec = json.loads((folder / cls.FILE).read_text(encoding="utf-8"))
            if spec.get("format") != FORMAT:
                raise ValueError(f"lexical index format {spec.get('format')}, expected {FORMAT}")
            if not (folder / cls.DF).is_file():
                raise ValueError(f"{folder / cls.DF} is missing")
            if not isinstance(spec.get("deleted"), dict):
                raise ValueError("lexical index tombstones in an older layout")
            sizes = spec.get("sizes", {})
            for name in spec["segments"]:
                segment = folder.parent / SEGMENTS / name
                expected = sizes.get(name) or {f: -1 for f in ("ids.json", "records.json",
                                                               "vocab.json", "postings.npz")}
                for file, size in expected.items():
                    actual = (segment / file).stat().st_size
                    if size >= 0 and actual != size:
                        raise ValueError(f"{segment / file} has {actual} bytes, {size} written")
            return int(spec["chunks"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{folder / cls.FILE}: missing field {exc}") from None

    @classmethod
    def segment_names(cls, folder: Path) -> list[str]:
        """The segments a generation folder names (empty when unreadable)."""
        try:
            return list(json.loads((folder / cls.FILE).read_text(encoding="utf-8"))["segments"])
        except (OSError, ValueError, KeyError, TypeError):
            return []

    def verify(self) -> None:
        """Read every record once (raises ``OSError``/``ValueError`` if a file is damaged)."""
        for segment in self.segments:
            segment.records  # noqa: B018 - reading is the check

    # -- scoring ------------------------------------------------------------------------------

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every live chunk for ``query`` (0 where no term matches)."""
        import math

        import numpy as np

        n = len(self.live_index)
        tokens = analyze(query)
        if not n or not tokens:
            return np.zeros(n, dtype=np.float32)
        # each term once: a word repeated in the query (or by its translations) is not rarer
        terms = [t for t in dict.fromkeys(tokens) if self.document_frequency.get(t, 0) > 0]
        full = np.zeros(int(self.offsets[-1]), dtype=np.float32)
        for term in terms:
            df = self.document_frequency[term]
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for segment, offset, norm in zip(self.segments, self.offsets, self._norms, strict=False):
                term_id = segment.vocab_index.get(term)
                if term_id is None:
                    continue
                indptr, docs, tf = segment.by_term
                rows = docs[indptr[term_id]:indptr[term_id + 1]]
                freq = tf[indptr[term_id]:indptr[term_id + 1]]
                full[offset + rows] += idf * freq / (norm[rows] + freq)
        if n == len(full):
            return full
        return full[self.live_index]


def _read_by_term(folder: Path, vocabulary: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A saved segment's by-term postings.

    Raises:
        ValueError: the file is unreadable or does not match the vocabulary.
    """
    import numpy as np

    try:
        with np.load(folder / "postings.npz", allow_pickle=False) as data:
            by_term = (data["term_indptr"], data["term_docs"], data["term_tf"])
    except (OSError, zipfile.BadZipFile, EOFError, KeyError) as exc:
        raise ValueError(f"segment {folder.name}: postings unreadable ({exc})") from exc
    if len(by_term[0]) != vocabulary + 1:
        raise ValueError(f"segment {folder.name}: postings and vocabulary differ")
    return by_term


def _merge(segments: list[Segment], deleted: dict[str, set[int]]) -> Segment:
    import numpy as np

    parts = []
    for s in segments:
        keep = np.ones(len(s), dtype=bool)
        dead = deleted.get(s.name, set())
        if dead:
            keep[np.fromiter(dead, dtype=np.int64, count=len(dead))] = False
        parts.append((s, keep))
    merged = Segment.merged(parts)
    log.info("lexical segments merged: %d -> 1 (%d chunks)", len(segments), len(merged))
    return merged
