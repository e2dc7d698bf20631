"""Hybrid retrieval: dense vectors (Chroma) and BM25 over French stems, fused, then diversified.

The dense side asks Chroma for the nearest chunks of the query embedding (the
multilingual USE model by default, so an English question finds French
passages). The lexical side scores every chunk with BM25 over accent-folded
French stems. The two rankings are fused with a weighted sum of normalised
scores (the default, chosen on the eval set: see docs/retrieval.md) or with
reciprocal rank fusion. A per-document cap then keeps one document from taking
every slot when others are relevant.

Chunks come back as ``Hit``: the chunk itself (rebuilt from the lexical index's
copy of the store's records, so no second round trip), its fused score and the
two raw signals, which the composer uses to decide whether to answer at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from core.text import analyze, fold
from index import store
from index.documents import Chunk
from index.lexical import LexicalIndex
from index.provenance import nature_of

from .aliases import mine as mine_aliases
from .claims import puts_to_test
from .headings import heading_of

if TYPE_CHECKING:
    import numpy as np

    from index.vectors import ChunkVectors

COMMENTS = "commentaires"
TOLD_WORDS = 3  # words of a follow-up's last answer its passage holds to be where it was told
RRF_K = 60
DENSE_POOL = 60  # dense candidates asked from Chroma; lexical scores cover every chunk
# Official texts (``souverain corpus fetch``, or any document whose front-matter says
# ``nature: officiel``) win close calls against the summaries written from them; the factor is
# small enough never to lift a passage that does not match the question.
NATURE_WEIGHT = {"officiel": 1.15}
PRIOR_DEPTH = 20  # the best candidates a search's ``prior`` re-weighs
SIBLING_SHARE = 0.99  # with a prior, the best passage's section comes next, at this share
LEXICAL_POOL = 300  # lexical candidates fused (all of them on a corpus this size or smaller)
# A passage under a heading that asks the question asked (``headings``) weighs this much more.
HEADING_WEIGHT = 1.25
CLAIMANT_SHARE = 0.5  # what the source whose claim a question puts to the test keeps of its score


Fusion = Literal["weighted", "rrf", "dense", "lexical"]
FUSIONS: tuple[str, ...] = get_args(Fusion)


@dataclass(frozen=True)
class RetrievalConfig:
    """How rankings are fused and diversified (the defaults are the measured best)."""

    fusion: Fusion = "weighted"
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    per_doc: int = 3  # at most this many chunks of one document, unless nothing else is relevant

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise ValueError(f"Unknown fusion {self.fusion!r}: choose one of "
                             + ", ".join(FUSIONS))


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the dense and lexical evidence behind it."""

    chunk_id: str
    chunk: Chunk
    score: float
    dense: float  # cosine similarity to the query (0 when outside the dense candidates)
    lexical: float  # raw BM25 score
    rank: int  # 0-based position after fusion and diversification
    named: bool = False  # its publisher is named in the question (« selon Clubic »)


def kinds_filter(kinds: Sequence[str] | None) -> tuple[str, ...] | None:
    """Normalise a ``kinds`` argument: None means every kind except comments."""
    if kinds is None:
        return None
    cleaned = tuple(dict.fromkeys(k.strip() for k in kinds if k and k.strip()))
    return cleaned or None


def _allowed(kind: str, kinds: tuple[str, ...] | None) -> bool:
    if kinds is None:
        return kind != COMMENTS
    return kind in kinds


def _where(kinds: tuple[str, ...] | None) -> dict[str, Any]:
    if kinds is None:
        return {"kind": {"$ne": COMMENTS}}
    if len(kinds) == 1:
        return {"kind": kinds[0]}
    return {"kind": {"$in": list(kinds)}}


def signature(kind: str, locator: str) -> str:
    """The reader who signed a comment: the last heading of its locator (« … > kroman »);
    "" for any other passage."""
    if kind != COMMENTS or " > " not in locator:
        return ""
    return locator.rsplit(" > ", 1)[1].strip()


def mentions(folded: str, name: str) -> bool:
    """A folded text names ``name`` (folded) as a whole word: « kroman », « matthieu.masson.md »,
    « ovh » (names of two letters or fewer are too easily met by chance)."""
    return len(name) > 2 and re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", folded) is not None


_URL = re.compile(r"\S+://\S+|www\.\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?:»])\s+|\n+")
# « SecNumCloud », « NumSpot »: a name of several capitalised words run together
_CAMEL = re.compile(r"\b(?:[A-Z][a-z]+){2,}\b")
_WORD = re.compile(r"(?<![\w'’-])(?<![«\"(–—] )[^\W\d_][\w-]*")


class Retriever:
    """Searches one index generation: its Chroma collection and its lexical index."""

    def __init__(self, lexical: LexicalIndex, collection: Any, embeddings: Any,
                 config: RetrievalConfig | None = None,
                 vectors: ChunkVectors | None = None) -> None:
        """``vectors``: every chunk's vector in lexical order (``index.vectors``); given, the
        nearest chunks are found exactly in numpy and ``collection`` (then None) is not asked."""
        self.lexical = lexical
        self.collection = collection
        self.vectors = vectors
        self.embeddings = embeddings
        self.config = config or RetrievalConfig()
        self.kinds = [str(m.get("kind", "")) for m in lexical.metadatas]
        self.natures = [nature_of(kind, m.get("nature"))
                        for kind, m in zip(self.kinds, lexical.metadatas, strict=True)]
        self._masks: dict[tuple[str, ...] | None, np.ndarray] = {}
        self._chunks: dict[int, Chunk] = {}
        self._sections: dict[tuple[str, str], list[int]] | None = None
        self._adjacent: dict[tuple[int, int], int] | None = None
        self._proper: frozenset[str] | None = None
        self._camel: dict[str, str] | None = None
        self._aliases: dict[str, tuple[str, ...]] | None = None
        self.document_frequency = lexical.document_frequency
        self.vocabulary = sorted(self.document_frequency)
        self.size = len(lexical.ids)
        self.publishers: dict[str, set[str]] = {}
        for meta in lexical.metadatas:
            publisher = fold(str(meta.get("publisher") or "")).strip()
            if 2 < len(publisher) <= 40:
                self.publishers.setdefault(publisher, set()).add(str(meta.get("doc_id", "")))
        # the readers who signed a comment (« … > kroman »), folded
        self.readers = frozenset(
            fold(signature(kind, str(meta.get("locator", ""))))
            for kind, meta in zip(self.kinds, lexical.metadatas, strict=True)) - {""}

    @property
    def proper_names(self) -> frozenset[str]:
        """Words the documents write with a capital inside a sentence and never in lower case
        (« Leviia », « Worldline »), folded: a question's first word may be one of them."""
        if self._proper is None:
            capitalised: Counter[str] = Counter()
            lower: Counter[str] = Counter()
            for content in self.lexical.contents:  # the live chunks
                text = _URL.sub(" ", str(content))
                for sentence in _SENTENCE_END.split(text):
                    for number, match in enumerate(_WORD.finditer(sentence)):
                        word = match.group(0)
                        if word[0].islower():
                            lower[fold(word)] += 1
                        elif number:
                            capitalised[fold(word)] += 1
            # a reader who writes « microsoft » does not make it a common word
            self._proper = frozenset(w for w, n in capitalised.items()
                                     if n >= max(2, 5 * lower[w]))
        return self._proper

    @property
    def camel_acronyms(self) -> dict[str, str]:
        """The acronyms users write for the documents' CamelCase names, by their capitals
        (« SNC » for « SecNumCloud »): names the documents write at least five times."""
        if self._camel is None:
            counts: Counter[str] = Counter()
            for content in self.lexical.contents:
                counts.update(_CAMEL.findall(str(content)))
            by_acronym: dict[str, str] = {}
            for word, n in counts.most_common():
                acronym = "".join(c for c in word if c.isupper())
                if n >= 5 and acronym not in by_acronym:
                    by_acronym[acronym] = word
            self._camel = by_acronym
        return self._camel

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        """The other names the documents (not the comments) give a thing, by name (folded):
        « Health Data Hub » → « HDH », « PDS », « Plateforme des données de santé »."""
        if self._aliases is None:
            self._aliases = mine_aliases(
                str(content) for content, kind in zip(self.lexical.contents, self.kinds,
                                                      strict=True) if kind != COMMENTS)
        return self._aliases

    def names_a_reader(self, query: str) -> bool:
        """The query names a reader who signed a comment (« Que demande kroman ? »)."""
        folded = fold(query)
        return any(mentions(folded, reader) for reader in self.readers)

    def named_documents(self, query: str) -> set[str]:
        """Documents whose publisher the query names (« selon Clubic », "according to Le Monde")."""
        folded = fold(query)
        named: set[str] = set()
        for publisher, doc_ids in self.publishers.items():
            if re.search(rf"(?<!\w){re.escape(publisher)}(?!\w)", folded):
                named |= doc_ids
        return named

    def idf(self, term: str) -> float:
        """Inverse document frequency of an analysed term (unknown terms weigh the most)."""
        n = max(1, self.size)
        df = self.document_frequency.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def is_known(self, term: str) -> bool:
        """True when an analysed term occurs in at least one chunk."""
        return term in self.document_frequency

    def chunk(self, position: int) -> Chunk:
        cached = self._chunks.get(position)
        if cached is None:
            cached = Chunk.from_record(self.lexical.contents[position],
                                       self.lexical.metadatas[position])
            self._chunks[position] = cached
        return cached

    def encode_query(self, text: str) -> np.ndarray:
        return self.embeddings.encode([text])[0]

    def allowed_mask(self, kinds: tuple[str, ...] | None) -> np.ndarray:
        """Boolean mask of the chunks a ``kinds`` filter lets through (cached per filter)."""
        import numpy as np

        mask = self._masks.get(kinds)
        if mask is None:
            mask = np.fromiter((_allowed(kind, kinds) for kind in self.kinds), dtype=bool,
                               count=len(self.kinds))
            self._masks[kinds] = mask
        return mask

    def dense_scores(self, vector: np.ndarray, kinds: tuple[str, ...] | None,
                     pool: int = DENSE_POOL) -> dict[int, float]:
        """Cosine similarity of the nearest allowed chunks, by lexical-index position.

        When most chunks are allowed (the default filter only drops readers' comments),
        Chroma is asked for a few more neighbours without a ``where`` clause and the
        filter is applied here: a metadata-filtered query scans the metadata first and
        costs ~300 ms on 100,000 chunks, against ~2 ms for a plain one.
        """
        mask = self.allowed_mask(kinds)
        allowed = int(mask.sum())
        if not allowed:
            return {}
        wanted = min(pool, allowed)
        if self.vectors is not None:
            return dict(self.vectors.nearest(vector, wanted, mask))
        share = allowed / max(1, self.size)
        scores: dict[int, float] = {}
        if share >= 0.5:
            asked = min(self.size, int(wanted / share) + 16)
            for chunk_id, distance in store.nearest(self.collection, vector, asked, None):
                position = self.lexical.position.get(chunk_id)
                if position is not None and mask[position] and len(scores) < wanted:
                    scores[position] = 1.0 - float(distance)
            if len(scores) >= wanted or asked >= self.size:
                return scores
            scores.clear()  # too many neighbours filtered out: let Chroma filter
        for chunk_id, distance in store.nearest(self.collection, vector, wanted, _where(kinds)):
            position = self.lexical.position.get(chunk_id)
            if position is not None:  # chunks added since the lexical index was built are skipped
                scores[position] = 1.0 - float(distance)
        return scores

    def search(self, query: str, *, k: int, kinds: Sequence[str] | None = None,
               vector: np.ndarray | None = None, lexical_query: str | None = None,
               subqueries: Sequence[tuple[str, np.ndarray | None]] = (),
               extra: int = 0,
               prior: Callable[[Sequence[str]], Sequence[float]] | None = None,
               neighbour: int = 0,
               continued: Callable[[str, str], bool] | None = None,
               recalled: str = "") -> list[Hit]:
        """The ``k`` best chunks for ``query``, then ``extra`` more candidates.

        The first ``k`` are diversified (per-document cap); the ``extra`` ones that follow are
        the next best by score alone, for a composer that looks a little further.

        ``lexical_query`` replaces the query on the BM25 side (an English question with its
        French equivalents); ``subqueries`` are the parts of a compound question, each
        searched too, their rankings fused with the whole question's. ``prior`` weighs the
        ``PRIOR_DEPTH`` best candidates by their text (a factor each: the newest statements
        first for « où en est… »). ``neighbour`` (1 or -1): the passage right after (before)
        the best one in its document comes last, when not there yet (a speaker goes on in the
        next passage: « …, ajoute-t-il, en demandant l'annulation … »; the step before the
        state a chronology ends on). ``continued(text, following)``: True when the passage
        that follows a chunk in its document goes on with what the chunk ends on (« Le Health
        Data Hub a aussi invoqué … » after « … a invoqué des prérequis juridiques … »); such
        a passage comes last, when the one it continues is among the ``k`` best. ``recalled``:
        a follow-up's last answer; the passage that tells it best, the one after it in its
        document and the first of the next section come last (``_where_told``: where the
        conversation stands; « et le juge a décidé quoi ? » after the challenge of September
        2020 is answered by the next section's ruling of 13 October 2020).
        """
        kinds = kinds_filter(kinds)
        if not self.size or k <= 0:
            return []
        allowed = self.allowed_mask(kinds)
        runs = [self._run(query, vector, lexical_query or query, kinds, allowed)]
        for text, sub_vector in subqueries:
            runs.append(self._run(text, sub_vector, text, kinds, allowed))
        if len(runs) == 1:
            fused = runs[0][0]
        else:  # a compound question: its parts' rankings interleaved, so each part gets its best
            orders = [sorted(f, key=lambda i: -f[i]) for f, _, _ in runs[1:]]
            fused = {}
            depth = max(len(order) for order in orders)
            for rank in range(depth):
                for order in orders:
                    if rank < len(order) and order[rank] not in fused:
                        fused[order[rank]] = 1.0 / (RRF_K + len(fused) + 1)
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        for _, run_dense, run_lexical in runs:
            for i, value in run_dense.items():
                dense[i] = max(dense.get(i, 0.0), value)
            for i in fused:
                lexical[i] = max(lexical.get(i, 0.0), float(run_lexical[i]))
        for i in fused:  # an official text outranks a project-written fiche that says the same
            fused[i] *= NATURE_WEIGHT.get(self.natures[i], 1.0)
        asked = analyze(lexical_query or query)
        for i in fused:
            if heading_of(str(self.lexical.metadatas[i].get("locator", ""))).answers(query, asked):
                fused[i] *= HEADING_WEIGHT
        named = self.named_documents(query)
        if named and fused:
            # the source the question names comes first, ahead of any other; not when the
            # question puts that source's claim to the test (« Clubic dit que … c'est vrai ? »):
            # there the source is the claimant, and the passages checking it come first
            testing = puts_to_test(query)
            bonus = max(fused.values())
            for i in fused:
                if self.lexical.metadatas[i].get("doc_id") in named:
                    fused[i] = fused[i] * CLAIMANT_SHARE if testing else fused[i] + bonus
        ranked = sorted(fused, key=lambda i: fused[i], reverse=True)
        if prior is not None and ranked:
            top = ranked[:PRIOR_DEPTH]
            for i, factor in zip(top, prior([self.chunk(i).text for i in top]), strict=True):
                fused[i] *= factor  # factors >= 1: the best is among the re-weighed
            # the rest of the best passage's section tells the same story up to its last step
            best = max(top, key=fused.__getitem__)
            for i in self.section_of(best):
                if i != best and i in fused:
                    fused[i] = max(fused[i], fused[best] * SIBLING_SHARE)
            ranked = sorted(fused, key=lambda i: fused[i], reverse=True)
        chosen = self._diversify(ranked, k)
        if extra > 0:
            taken = set(chosen)
            chosen += [i for i in ranked if i not in taken][:extra]
        if neighbour and chosen:
            # after the best passage, or before the first passage of its section
            start = chosen[0] if neighbour > 0 else min(self.section_of(chosen[0]),
                                                         key=self._offset)
            after = self.next_in_document(start, neighbour)
            if after is not None and after not in chosen:
                chosen.append(after)
                fused.setdefault(after, 0.0)
        for place in self._where_told(recalled, allowed):
            if place not in chosen:
                chosen.append(place)
                fused.setdefault(place, 0.0)
        if continued is not None:
            for i in chosen[:k]:
                after = self.next_in_document(i)
                if after is not None and after not in chosen \
                        and continued(self.chunk(i).text, self.chunk(after).text):
                    chosen.append(after)
                    fused.setdefault(after, 0.0)
        return [
            Hit(chunk_id=self.lexical.ids[i], chunk=self.chunk(i), score=fused[i],
                dense=dense.get(i, 0.0), lexical=lexical.get(i, 0.0), rank=rank,
                named=self.lexical.metadatas[i].get("doc_id") in named)
            for rank, i in enumerate(chosen)
        ]

    def _run(self, query: str, vector: np.ndarray | None, lexical_query: str,
             kinds: tuple[str, ...] | None,
             allowed: np.ndarray) -> tuple[dict[int, float], dict[int, float], np.ndarray]:
        dense: dict[int, float] = {}
        if self.config.fusion != "lexical":
            if vector is None:
                vector = self.encode_query(query)
            dense = self.dense_scores(vector, kinds)
        lexical = self.lexical.scores(lexical_query)
        return self._fuse(dense, lexical, allowed), dense, lexical

    def _fuse(self, dense: dict[int, float], lexical: np.ndarray,
              allowed: np.ndarray) -> dict[int, float]:
        import numpy as np

        config = self.config
        candidates = np.flatnonzero((lexical > 0) & allowed)
        if len(candidates) > LEXICAL_POOL:  # only the best can matter; argpartition is O(n)
            best = np.argpartition(-lexical[candidates], LEXICAL_POOL)[:LEXICAL_POOL]
            candidates = np.sort(candidates[best])
        # Best first; equal scores keep corpus order (a stable sort), as before.
        order = np.argsort(-lexical[candidates], kind="stable")
        lexical_ranked = [int(i) for i in candidates[order]]
        if config.fusion == "lexical":
            return {i: float(lexical[i]) for i in lexical_ranked}
        if config.fusion == "dense":
            return dict(dense)
        if config.fusion == "weighted":
            top = max((float(lexical[i]) for i in lexical_ranked), default=0.0) or 1.0
            floor = min(dense.values(), default=0.0)
            return {
                i: config.dense_weight * dense.get(i, floor)
                + config.lexical_weight * float(lexical[i]) / top
                for i in set(dense) | set(lexical_ranked)
            }
        fused: dict[int, float] = {}
        for rank, i in enumerate(sorted(dense, key=lambda i: -dense[i])):
            fused[i] = config.dense_weight / (RRF_K + rank + 1)
        for rank, i in enumerate(lexical_ranked):
            fused[i] = fused.get(i, 0.0) + config.lexical_weight / (RRF_K + rank + 1)
        return fused

    def next_in_document(self, position: int, step: int = 1) -> int | None:
        """The position of the chunk that follows ``position`` in its document (``step``
        -1: that precedes it), if any."""
        if self._adjacent is None:
            by_doc: dict[str, list[int]] = {}
            for i, meta in enumerate(self.lexical.metadatas):
                by_doc.setdefault(str(meta.get("doc_id", "")), []).append(i)
            self._adjacent = {}
            for chunks in by_doc.values():
                chunks.sort(key=self._offset)
                for i, j in zip(chunks, chunks[1:], strict=False):
                    self._adjacent[i, 1] = j
                    self._adjacent[j, -1] = i
        return self._adjacent.get((position, 1 if step > 0 else -1))

    def _where_told(self, recalled: str, allowed: np.ndarray) -> list[int]:
        """The passage that tells a follow-up's last answer (``recalled``) best, when it holds
        ``TOLD_WORDS`` of its words, then the passage after it and the first of the next section
        (where what came next is told)."""
        if not recalled.strip():
            return []
        told = self.lexical.scores(recalled).copy()
        told[~allowed] = 0.0
        if not told.size or float(told.max()) <= 0:
            return []
        at = int(told.argmax())
        if len(frozenset(analyze(recalled)) & frozenset(analyze(self.chunk(at).text))) < TOLD_WORDS:
            return []
        return [p for p in (at, self.next_in_document(at), self._next_section(at))
                if p is not None]

    def _next_section(self, position: int) -> int | None:
        """The first passage of the section after the one ``position`` is in (its document's
        next heading), if any."""
        section = set(self.section_of(position))
        after = self.next_in_document(position)
        while after is not None and after in section:
            after = self.next_in_document(after)
        return after

    def _offset(self, position: int) -> int:
        """Where the chunk at ``position`` starts in its document."""
        return int(self.lexical.metadatas[position].get("start", 0) or 0)

    def section_of(self, position: int) -> list[int]:
        """The positions of the chunks of the same document section as ``position``."""
        def key(meta: dict[str, Any]) -> tuple[str, str]:
            return str(meta.get("doc_id", "")), str(meta.get("locator", ""))

        if self._sections is None:
            self._sections = {}
            for i, meta in enumerate(self.lexical.metadatas):
                self._sections.setdefault(key(meta), []).append(i)
        return self._sections.get(key(self.lexical.metadatas[position]), [position])

    def _diversify(self, ranked: list[int], k: int) -> list[int]:
        cap = self.config.per_doc
        if cap <= 0:
            return ranked[:k]
        chosen: list[int] = []
        held: list[int] = []
        per_doc: Counter[str] = Counter()
        for i in ranked:
            doc_id = str(self.lexical.metadatas[i].get("doc_id", ""))
            if per_doc[doc_id] < cap:
                per_doc[doc_id] += 1
                chosen.append(i)
            else:
                held.append(i)
            if len(chosen) >= k:
                break
        if len(chosen) < k:  # nothing else is relevant: let the capped document fill the slots
            chosen.extend(held[:k - len(chosen)])
        return chosen
