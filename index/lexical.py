"""The lexical side of hybrid search: BM25 (bm25s) over accent-folded French stems.

The lexical index is derived from the vector store's content at the end of each
indexing run (never edited in place): the store's chunk ids decide what it holds;
chunks the previous index already had are reused with their analysed terms (ids
are content hashes), new ones are fetched from the store and analysed. It is
saved into a fresh folder and switched to by the manifest, so a reader always
sees a complete index. It also keeps every
chunk's text and metadata, which lets retrieval show passages without another
round trip to the store.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from core.text import analyze

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

def _bm25s() -> Any:
    """bm25s, imported late; it sets its own logger to DEBUG on import, which we undo."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _document_frequency(token_lists: Iterable[list[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for tokens in token_lists:
        df.update(set(tokens))
    return df


class LexicalIndex:
    """BM25 scores plus the chunk records (id, content, metadata) they index."""

    FILE = "records.json"
    TOKENS = "tokens.json"  # each chunk's analysed terms, for the next run's update

    def __init__(self, ids: list[str], contents: list[str], metadatas: list[dict[str, Any]],
                 retriever: Any, document_frequency: dict[str, int] | None = None,
                 tokens: list[list[str]] | None = None) -> None:
        self.ids = ids
        self.contents = contents
        self.metadatas = metadatas
        self._retriever = retriever
        self._tokens = tokens
        # How many chunks hold each analysed term: computed once at build time and saved,
        # so a reader does not re-analyse every chunk when it opens the index.
        self.document_frequency = (
            Counter(document_frequency) if document_frequency is not None
            else _document_frequency(analyze(c) for c in contents)
        )
        self.position = {chunk_id: i for i, chunk_id in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, ids: list[str], contents: list[str], metadatas: list[dict[str, Any]],
              tokens: list[list[str]] | None = None,
              document_frequency: dict[str, int] | None = None) -> LexicalIndex:
        """Index ``contents`` (``tokens``, ``document_frequency``: when already known), order kept."""
        bm25s = _bm25s()
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        if tokens is None:
            tokens = [analyze(c) for c in contents]
        if contents:
            # create_empty_token keeps a document with no token indexable (and scoring 0).
            retriever.index(tokens, show_progress=False)
        if document_frequency is None:
            document_frequency = _document_frequency(tokens)
        return cls(list(ids), list(contents), list(metadatas), retriever,
                   document_frequency, tokens)

    @classmethod
    def updated(cls, previous: Path | None, ids: list[str],
                fetch: Callable[[list[str]], tuple[list[str], list[dict[str, Any]]]]
                ) -> LexicalIndex:
        """The index of the chunks ``ids``, reusing what the index in ``previous`` holds.

        Chunk ids are content hashes, so a chunk the previous index holds is the
        same text: its record and analysed terms are reused, and only the new
        chunks are fetched (``fetch(ids) -> (contents, metadatas)``) and analysed.
        Chunks absent from ``ids`` are dropped. Without a previous index (``None``,
        a full rebuild) or a usable one, every chunk is fetched.
        """
        kept_contents: dict[str, str] = {}
        kept_metadatas: dict[str, dict[str, Any]] = {}
        kept_tokens: dict[str, list[str]] = {}
        wanted = set(ids)
        frequency: Counter[str] | None = None  # updated by difference, when the previous one is known
        loaded = cls._previous(previous) if previous is not None else None
        if loaded is not None:
            data, tokens = loaded
            if data.get("document_frequency") is not None:
                frequency = Counter(data["document_frequency"])
            for i, chunk_id in enumerate(data["ids"]):
                if chunk_id in wanted:
                    kept_contents[chunk_id] = data["contents"][i]
                    kept_metadatas[chunk_id] = data["metadatas"][i]
                    kept_tokens[chunk_id] = tokens[i].split()
                elif frequency is not None:
                    frequency.subtract(set(tokens[i].split()))
        new_ids = [i for i in ids if i not in kept_contents]
        contents, metadatas = fetch(new_ids) if new_ids else ([], [])
        for chunk_id, content, metadata in zip(new_ids, contents, metadatas):
            kept_contents[chunk_id] = content
            kept_metadatas[chunk_id] = metadata
            kept_tokens[chunk_id] = analyze(content)
            if frequency is not None:
                frequency.update(set(kept_tokens[chunk_id]))
        if frequency is not None:
            frequency = Counter({term: n for term, n in frequency.items() if n > 0})
        return cls.build(ids, [kept_contents[i] for i in ids], [kept_metadatas[i] for i in ids],
                         [kept_tokens[i] for i in ids], frequency)

    @classmethod
    def _previous(cls, folder: Path) -> tuple[dict[str, Any], list[str]] | None:
        """The records and saved terms of the index in ``folder``, or None if unusable."""
        try:
            with open(folder / cls.FILE, encoding="utf-8") as fh:
                data = json.load(fh)
            with open(folder / cls.TOKENS, encoding="utf-8") as fh:
                tokens = json.load(fh)
            if len(tokens) != len(data["ids"]):
                raise ValueError("tokens and records differ in length")
        except (OSError, ValueError, KeyError) as exc:
            log.info("previous lexical index %s not reused (%s)", folder, exc)
            return None
        return data, tokens

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (which must be new)."""
        folder.mkdir(parents=True, exist_ok=False)
        if self.ids:
            self._retriever.save(str(folder / "bm25"))
        # json.dumps then one write: several times faster than json.dump's small writes
        records = json.dumps({"ids": self.ids, "contents": self.contents,
                              "metadatas": self.metadatas,
                              "document_frequency": self.document_frequency},
                             ensure_ascii=False)
        (folder / self.FILE).write_text(records, encoding="utf-8")
        if self._tokens is not None:
            (folder / self.TOKENS).write_text(
                json.dumps([" ".join(t) for t in self._tokens], ensure_ascii=False),
                encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        bm25s = _bm25s()
        with open(folder / cls.FILE, encoding="utf-8") as fh:
            data = json.load(fh)
        retriever = None
        if data["ids"]:
            retriever = bm25s.BM25.load(str(folder / "bm25"), mmap=False)
        return cls(data["ids"], data["contents"], data["metadatas"], retriever,
                   data.get("document_frequency"))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (0 where no term matches)."""
        import numpy as np

        tokens = analyze(query)
        if not self.ids or not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        # each term once: a word repeated in the query (or by its translations) is not rarer
        known = [t for t in dict.fromkeys(tokens) if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)
