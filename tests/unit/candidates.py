"""Candidate sentences for the unit tests: one passage's sentences, scored alike, and where
they stand in a one-document corpus."""

from __future__ import annotations

from assistant.sentences import split_sentences
from assistant.shapes import Scored


def scored(text: str, hit: int = 0, scores: dict[int, float] | None = None) -> list[Scored]:
    """``text``'s sentences as candidates of passage ``hit`` (score 0.5 unless ``scores``
    gives one by position)."""
    return [Scored(hit, i, s, (scores or {}).get(i, 0.5), 0.4, 0.5, False, frozenset(), False)
            for i, s in enumerate(split_sentences(text))]


def place(item: Scored) -> tuple[str, int]:
    """One passage, one document: a sentence's offset in its passage is its place."""
    return ("doc", item.sentence.start)
