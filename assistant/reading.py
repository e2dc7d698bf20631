"""The candidate sentences in their documents' reading order. Passages overlap and cut a
paragraph anywhere: the sentence before or after a quoted one may stand in the neighbouring
passage, at another position. Read by document and offset, the sentence next to another is
the one that starts where it ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .shapes import Scored

if TYPE_CHECKING:
    from .retrieval import Hit

Place = Callable[[Scored], tuple[str, int]]  # a sentence's document and offset in it
GAP = 3  # characters between two sentences that follow each other (a space, a line break)
ANY_GAP = 10 ** 9  # the next candidates, whatever stands between them


def in_documents(hits: Sequence[Hit]) -> Place:
    """Where a candidate of ``hits`` stands: its passage's document, and its offset there."""
    return lambda s: (hits[s.hit_index].chunk.doc_id,
                      hits[s.hit_index].chunk.start + s.sentence.start)


def in_sections(hits: Sequence[Hit]) -> Callable[[Scored], tuple[str, str]]:
    """The section a candidate of ``hits`` stands in: its passage's document and heading."""
    return lambda s: (hits[s.hit_index].chunk.doc_id, hits[s.hit_index].chunk.locator)


class ReadingOrder:
    """Each document's candidate sentences in reading order (one per offset)."""

    def __init__(self, scored: Sequence[Scored], place: Place) -> None:
        self._place = place
        documents: dict[str, dict[int, Scored]] = {}
        for candidate in scored:
            document, offset = place(candidate)
            documents.setdefault(document, {}).setdefault(offset, candidate)
        self._documents = {document: [by_offset[o] for o in sorted(by_offset)]
                           for document, by_offset in documents.items()}
        self._index = {place(s): i for sentences in self._documents.values()
                       for i, s in enumerate(sentences)}

    def _end(self, item: Scored) -> int:
        return self._place(item)[1] + item.sentence.end - item.sentence.start

    def after(self, item: Scored, count: int, gap: int = GAP) -> list[Scored]:
        """Up to ``count`` sentences right after ``item``, unbroken (none missing between;
        ``gap=1``: one space between each, in one paragraph)."""
        document, _ = self._place(item)
        sentences = self._documents.get(document, [])
        at = self._index.get(self._place(item))
        out: list[Scored] = []
        last = item
        for following in sentences[at + 1:at + 1 + count] if at is not None else []:
            if self._place(following)[1] - self._end(last) > gap:
                break
            out.append(following)
            last = following
        return out

    def earlier(self, item: Scored, count: int) -> list[Scored]:
        """Up to ``count`` candidates before ``item`` in its document, the nearest first,
        whatever stands between them."""
        document, _ = self._place(item)
        at = self._index.get(self._place(item))
        if not at:
            return []
        return self._documents[document][max(0, at - count):at][::-1]

    def before(self, item: Scored) -> Scored | None:
        """The sentence right before ``item`` (None when the passages do not hold it)."""
        document, offset = self._place(item)
        at = self._index.get((document, offset))
        if not at:
            return None
        previous = self._documents[document][at - 1]
        return previous if offset - self._end(previous) <= GAP else None
