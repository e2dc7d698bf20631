"""Learned word associations between a question and the sentence that answers it.

The ranker's other features (``scoring.py``) see how many of the question's words a sentence
repeats, and how close its meaning is; they do not know that « combien de temps » is answered
by « trois ans », « pourquoi » by « afin de », "who decided" by « a autorisé ». This module
learns such pairs from the fitted questions: every (question word, sentence word) pair, and
every (kind of question, sentence word) pair, is hashed to one of ``SLOTS`` slots, and a
logistic model over those slots (``bench/fit_scorer.py``) predicts whether a sentence holds
an expected fact. Its log-odds is one column of the ranker's features.

Proper names, acronyms and figures are left out on both sides (``generic``): the pairs learn
how questions are answered, not which names the fitted questions happened to be about, so that
they carry over to questions about other subjects.

The weights are stored beside the scorer, ``assistant/data/sentence_associations.npz``: the
sorted slots that carry a weight, their weights and a bias.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from core.text import analyze

from .followup import names

if TYPE_CHECKING:
    import numpy as np

ASSOCIATIONS_FILE = "sentence_associations.npz"
SLOTS = 1 << 20
_MIX = 1_000_003


@lru_cache(maxsize=1 << 14)
def _code(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def generic(text: str, stems: Iterable[str]) -> list[str]:
    """``stems`` without those of the proper names, acronyms and figures of ``text``."""
    named = {s for w in names(text) for s in analyze(w)}
    return sorted({s for s in stems if s not in named and not s.isdigit()})


def question_codes(text: str, kind: str) -> tuple[int, ...]:
    """The question's side of the pairs: its generic stems, and its kind."""
    return tuple(_code("q:" + s) for s in generic(text, analyze(text))) + (_code("k:" + kind),)


@lru_cache(maxsize=1 << 15)
def sentence_codes(text: str, stems: frozenset[str]) -> tuple[int, ...]:
    """The sentence's side of the pairs: its generic stems."""
    return tuple(_code("s:" + s) for s in generic(text, stems))


def token_slots(tokens: Sequence[str]) -> np.ndarray:
    """The distinct slots ``tokens`` (any strings) hash to, sorted."""
    import numpy as np

    return np.unique(np.array([_code(t) % SLOTS for t in tokens], dtype=np.int64))


def pair_slots(question: Sequence[int], sentence: Sequence[int]) -> np.ndarray:
    """The distinct slots of every (question, sentence) pair, sorted."""
    return _owned_slots(question, [sentence])[1]


def _owned_slots(question: Sequence[int],
                 sentences: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's distinct pair slots, all sentences at once: (sentence index, slot)."""
    import numpy as np

    sizes = [len(s) for s in sentences]
    if not question or not sum(sizes):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    q = np.asarray(question, dtype=np.int64)[:, None]
    codes = np.concatenate([np.asarray(s, dtype=np.int64) for s in sentences if s])
    owner = np.repeat(np.arange(len(sentences)), sizes)
    keyed = np.unique((owner * SLOTS + (q * _MIX + codes) % SLOTS).ravel())
    return keyed // SLOTS, keyed % SLOTS


@dataclass
class Associations:
    """The pairs' weights: ``slots`` sorted, ``weights`` beside them, and a bias."""

    slots: np.ndarray
    weights: np.ndarray
    bias: float

    def score(self, slots: np.ndarray) -> float:
        """The log-odds that a sentence with these pair slots holds the answer."""
        return self.bias + float(self._weights_of(slots).sum())

    def scores(self, question: Sequence[int], sentences: Sequence[Sequence[int]]) -> np.ndarray:
        """``score`` for each sentence (given by its codes), all pairs looked up at once."""
        import numpy as np

        out = np.full(len(sentences), self.bias)
        owners, slots = _owned_slots(question, sentences)
        np.add.at(out, owners, self._weights_of(slots))
        return out

    def strongest_pair(self, question_stems: Iterable[str],
                       sentence_stems: Iterable[str]) -> float:
        """The largest weight among the pairs of a question stem and a sentence stem (0 when
        none carries a weight): how strongly the fitted questions saw one word answered by
        the other."""
        question = [_code("q:" + s) for s in sorted(set(question_stems))]
        sentence = [_code("s:" + s) for s in sorted(set(sentence_stems))]
        weights = self._weights_of(pair_slots(question, sentence))
        return float(weights.max()) if len(weights) else 0.0

    def _weights_of(self, slots: np.ndarray) -> np.ndarray:
        """The weight of each slot, 0 for the slots that carry none."""
        import numpy as np

        if not len(slots) or not len(self.slots):
            return np.zeros(len(slots))
        at = np.minimum(np.searchsorted(self.slots, slots), len(self.slots) - 1)
        return np.where(self.slots[at] == slots, self.weights[at], 0.0)

    def save(self, path: Path) -> None:
        import numpy as np

        with open(path, "wb") as fh:
            np.savez_compressed(fh, slots=self.slots.astype(np.int32),
                                weights=self.weights.astype(np.float32),
                                bias=np.float64(self.bias))

    @classmethod
    def load(cls, path: Path) -> Associations:
        import numpy as np

        with np.load(path) as data:
            slots = data["slots"].astype(np.int64)
            weights = data["weights"].astype(np.float64)
            bias = float(data["bias"])
        if slots.shape != weights.shape or slots.ndim != 1 or np.any(np.diff(slots) <= 0):
            raise ValueError(f"{path.name}: slots and weights do not match")
        return cls(slots, weights, bias)

    @classmethod
    def from_dense(cls, weights: np.ndarray, bias: float, floor: float = 1e-4) -> Associations:
        """From one weight per slot, keeping those above ``floor`` in size."""
        import numpy as np

        kept = np.flatnonzero(np.abs(weights) > floor)
        return cls(kept.astype(np.int64), np.asarray(weights)[kept].astype(np.float64),
                   float(bias))
