"""A quotation that runs over several sentences is quoted whole. Cut after its first sentence
(« « Ce que nous pouvons dire … pas capable d'héberger ses propres données de santé. »), it
loses the attribution that closes it (« …, s'emporte le cofondateur de Leviia, … William
Méauzoone. »): the reader would not know who speaks. Cut before its last, the words have no
beginning. The sentences around it, up to where the quotation opens and closes, join it."""

from __future__ import annotations

from collections.abc import Sequence

from .reading import Place, ReadingOrder
from .shapes import Scored

REACH = 3  # sentences looked at each way for where the quotation opens or closes


def _balance(item: Scored) -> int:
    """Quotation marks the sentence opens (positive) or closes (negative) and leaves so."""
    text = item.sentence.text
    return text.count("«") - text.count("»")


def whole(quoted: Sequence[Scored], scored: Sequence[Scored], place: Place) -> list[Scored]:
    """``quoted`` with each sentence that opens a quotation it does not close followed by the
    sentences up to the one closing it, and each that closes one it did not open preceded by
    the sentences from the one opening it (when the passages hold them, ``REACH`` at most)."""
    if not any(_balance(s) for s in quoted):
        return list(quoted)
    order = ReadingOrder(scored, place)
    emitted: set[tuple[str, int]] = set()
    out: list[Scored] = []
    for item in quoted:
        open_marks = _balance(item)
        before: list[Scored] = []
        after: list[Scored] = []
        if open_marks < 0:
            current = item
            for _ in range(REACH):
                previous = order.before(current)
                if previous is None or previous.not_found:
                    break
                before.insert(0, previous)
                open_marks += _balance(previous)
                current = previous
                if open_marks >= 0:
                    break
            if open_marks < 0:
                before = []  # its opening is not in the passages: leave it as it is
        elif open_marks > 0:
            for following in order.after(item, REACH):
                if following.not_found:
                    break
                after.append(following)
                open_marks += _balance(following)
                if open_marks <= 0:
                    break
            if open_marks > 0:
                after = []
        for member in (*before, item, *after):
            if place(member) not in emitted:
                out.append(member)
                emitted.add(place(member))
    return out
