"""Sentences of a passage, with their offsets, stems and (lazily) their embeddings.

The extractive composer quotes whole sentences, so it needs each passage cut
into sentences whose offsets point back into the passage. Headings and
``Source :`` lines are kept out: they are references, not statements.

``SentenceBank`` caches, per chunk id, the sentences and their embeddings. The
first answer that meets a chunk embeds its sentences; a background warm-up
embeds the rest (on indexes up to ``WARM_UP_MAX_CHUNKS`` chunks), and once every
chunk of an index generation is done the vectors are saved next to that
generation's lexical index, so the next process starts warm. The file goes away
with its generation.
"""

from __future__ import annotations

import logging
import re
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import atomic_file
from core.text import analyze, fold

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# A sentence ends at . ! ? … (maybe followed by a closing quote or bracket), then a space
# and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[»”\")]*\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle dr pr me st ste art al cf p pp n no vol ch ed etc env vs ex fig"
    " av bd inc ltd co jr sr".split()
)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_SKIP_LINE = re.compile(r"^\s*(?:#|source\s*:|sources\s*:|---|\|)", re.IGNORECASE)
_MIN_CHARS = 12
# Above this many chunks the whole-index warm-up is skipped: 20,000 chunks hold ~100,000
# sentences, ~200 MB of vectors and ~3 min of CPU; 100,000 chunks would need ~1 GB and
# a quarter of an hour on two cores.
WARM_UP_MAX_CHUNKS = 20_000
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk: ``chunk.text[start:end]`` is its raw text."""

    start: int
    end: int
    text: str  # for display: bullets and Markdown emphasis removed
    folded: str
    stems: frozenset[str]


def split_sentences(text: str) -> list[Sentence]:
    """Cut a passage into sentences (offsets relative to ``text``); headings are skipped."""
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip() or _SKIP_LINE.match(line):
            continue
        bullet = _BULLET.match(line)
        begin = bullet.end() if bullet else len(line) - len(line.lstrip())
        for start, end in _sentence_spans(line, begin):
            raw = line[start:end]
            display = raw.replace("**", "").replace("__", "").strip()
            if len(display) < _MIN_CHARS or _URL.search(display):
                continue  # too short to answer anything, or a reference line
            sentences.append(Sentence(
                start=line_start + start, end=line_start + end, text=display,
                folded=fold(display), stems=frozenset(analyze(display)),
            ))
    return sentences


def _sentence_spans(line: str, begin: int) -> Iterable[tuple[int, int]]:
    start = begin
    for match in _BOUNDARY.finditer(line, begin):
        before = line[start:match.start()].rstrip()
        last_word = re.split(r"[\s(«\"'’]+", before)[-1] if before else ""
        word = fold(last_word.rstrip("."))
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        end = match.start() + len(match.group(0).rstrip())
        yield start, end
        start = match.end()
    end = len(line.rstrip())
    if end > start:
        yield start, end


def _digest(sentences: Sequence[Sentence]) -> int:
    """A checksum of how a chunk was split, so saved vectors never meet other sentences."""
    return zlib.crc32("\x1f".join(s.text for s in sentences).encode("utf-8"))


@dataclass
class ChunkSentences:
    """The sentences of one chunk and their embeddings (rows in the same order)."""

    sentences: list[Sentence]
    vectors: np.ndarray | None = None


class SentenceBank:
    """Per-process cache of chunk sentences and their embeddings, for one index generation."""

    FILE = "sentences-{model}.npz"

    def __init__(self, embeddings: Any, *, cache_dir: Path | None = None,
                 model_id: str = "") -> None:
        self.embeddings = embeddings
        self._entries: dict[str, ChunkSentences] = {}
        self._lock = threading.Lock()
        self._cache_file = (
            Path(cache_dir) / self.FILE.format(model=re.sub(r"[^\w.-]+", "_", model_id))
            if cache_dir else None
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._saved = False

    def sentences(self, chunk_id: str, text: str) -> ChunkSentences:
        """Split (once) without embedding."""
        entry = self._entries.get(chunk_id)
        if entry is None:
            entry = ChunkSentences(split_sentences(text))
            with self._lock:
                entry = self._entries.setdefault(chunk_id, entry)
        return entry

    def embedded(self, items: Sequence[tuple[str, str]]) -> list[ChunkSentences]:
        """The sentences of each (chunk id, text), with embeddings, computing the missing ones."""
        import numpy as np

        entries = [self.sentences(chunk_id, text) for chunk_id, text in items]
        missing = [e for e in entries if e.vectors is None and e.sentences]
        if missing:
            texts = [s.text for e in missing for s in e.sentences]
            vectors = np.asarray(self.embeddings.encode(texts), dtype=np.float32)
            row = 0
            for entry in missing:
                n = len(entry.sentences)
                entry.vectors = vectors[row:row + n]
                row += n
        for entry in entries:
            if entry.vectors is None:
                entry.vectors = np.zeros((0, 1), dtype=np.float32)
        return entries

    # -- warm-up and the on-disk copy ---------------------------------------------------------

    def load(self, items: Sequence[tuple[str, str]]) -> bool:
        """Fill the cache from the generation's saved vectors, if they match; True on success."""
        import numpy as np

        if self._cache_file is None or not self._cache_file.is_file():
            return False
        try:
            with np.load(self._cache_file, allow_pickle=False) as data:
                ids = [str(x) for x in data["ids"]]
                counts = data["counts"]
                digests = data["digests"]
                vectors = data["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            log.info("ignoring sentence cache %s: %s", self._cache_file, exc)
            return False
        known = dict(items)
        row = 0
        matched = 0
        for chunk_id, count, digest in zip(ids, counts, digests, strict=False):
            count = int(count)
            text = known.get(chunk_id)
            if text is not None:
                entry = self.sentences(chunk_id, text)
                if len(entry.sentences) == count and int(digest) == _digest(entry.sentences):
                    if entry.vectors is None:
                        entry.vectors = vectors[row:row + count]
                    matched += 1
            row += count
        self._saved = matched == len(known)  # else the warm-up embeds the rest and saves again
        return self._saved

    def start_warm_up(self, items: Sequence[tuple[str, str]], batch: int = 4) -> None:
        """Embed every chunk's sentences in a daemon thread, then save them.

        Not above ``WARM_UP_MAX_CHUNKS``: there, answers embed the sentences of the
        passages they meet (tens of milliseconds) and memory stays bounded.
        """
        if self._thread is not None or self._saved:
            return
        if len(items) > WARM_UP_MAX_CHUNKS:
            log.info("no sentence warm-up for %d chunks (more than %d): embedded on demand",
                     len(items), WARM_UP_MAX_CHUNKS)
            return
        self._thread = threading.Thread(
            target=self._warm_up, args=(list(items), batch), name="souverain-warm-up", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the warm-up to finish; True when every chunk is embedded."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def stop(self) -> None:
        self._stop.set()

    def _warm_up(self, items: list[tuple[str, str]], batch: int) -> None:
        try:
            for i in range(0, len(items), batch):
                if self._stop.is_set():
                    return
                self.embedded(items[i:i + batch])
            self._save(items)
        except Exception as exc:  # a warm-up failure only costs speed
            log.info("sentence warm-up stopped: %s", exc)

    def _save(self, items: list[tuple[str, str]]) -> None:
        import numpy as np

        if self._cache_file is None or self._stop.is_set():
            return
        ids, counts, digests, blocks = [], [], [], []
        for chunk_id, text in items:
            entry = self.sentences(chunk_id, text)
            if entry.vectors is None or len(entry.vectors) != len(entry.sentences):
                return
            ids.append(chunk_id)
            counts.append(len(entry.sentences))
            digests.append(_digest(entry.sentences))
            if len(entry.sentences):
                blocks.append(entry.vectors)
        if not blocks:
            return
        folder = self._cache_file.parent
        try:
            with atomic_file(self._cache_file, "wb", prefix=".sentences-", suffix=".npz") as fh:
                np.savez(fh, ids=np.asarray(ids), counts=np.asarray(counts),
                         digests=np.asarray(digests, dtype=np.int64),
                         vectors=np.vstack(blocks).astype(np.float32))
            self._saved = True
        except OSError as exc:  # a read-only index: stay warm in memory only
            log.info("cannot save the sentence cache in %s: %s", folder, exc)
