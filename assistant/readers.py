"""What a named reader wrote (« Que dit LeChien … ? », "What was Ezeta confused about?"): their
comment read around its best-scored sentence, in the order they wrote it.

A comment is short and written as one thought: « L hébergement, c est deux choses : » is
followed by the two things, « Il y a quelque chose que je n'ai pas dû bien comprendre … » by
what was not understood. The best-scored sentences alone, shown best first, drop the very
sentence that carries the point when it shares no word with the question. So the answer
quotes the reader's best sentences and, within a length budget, the sentences right around the
best one in the same comment — after it first, then before — each comment in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import analyze, fold

from .shapes import Scored

BUDGET = 420  # characters of the reader's words quoted

# « dans son 2e message », "in his second comment"; « son autre commentaire », "anything else",
# « quoi d'autre »; « son premier message » (folded)
_SECOND = re.compile(r"\b(second|2e|2nd|deuxieme)\b")
_FIRST = re.compile(r"\b(premier|first|1er)\b")
_OTHER = re.compile(r"\b(other|autre|another|else|d'autre)\b")


# « il raconte quoi d'autre ? », "what else does he say?" (not « qui d'autre », "who else":
# other readers)
_MORE = re.compile(r"\b(quoi|dit|ecrit|raconte|ajoute|propose|pense|dire) d'autre\b"
                   r"|\b(what|anything) else\b")


# "Who else wants out?", « qui d'autre … ? », « d'autres lecteurs … ? »: readers other than
# the ones the conversation named
_OTHERS = re.compile(r"\b(?:who|anyone|anybody|someone|somebody|any other|which other) else\b"
                     r"|\bother (?:readers|commenters|people)\b|\bqui d'autre\b|\bquelqu'un d'autre\b"
                     r"|\bd'autres (?:lecteurs|internautes|commentateurs|gens|personnes)\b")


def asks_others(ask: str) -> bool:
    """The turn asks for readers other than those already named (« qui d'autre ? »)."""
    return bool(_OTHERS.search(fold(ask).replace("’", "'")))


def asks_more(ask: str) -> bool:
    """The question asks what else one reader wrote (« … c qui et il raconte quoi d'autre ? »)."""
    return bool(_MORE.search(fold(ask).replace("’", "'")))


def which_comment(ask: str, own: Sequence[Scored], span: Callable[[Scored], tuple[int, int]],
                  text: Callable[[Scored], str], recalled: frozenset[str]) -> list[Scored]:
    """``own`` (a reader's sentences) kept to the one comment the turn asks about when the
    reader wrote several: the second or the first in the page, or the other one than the last
    answer quoted (``recalled``: its stems). ``span``: where a sentence's passage starts and
    ends in the page (the passages of one comment overlap, two comments' do not); ``text``:
    its passage's text."""
    folded = fold(ask).replace("’", "'")
    second, first = _SECOND.search(folded), _FIRST.search(folded)
    other = _OTHER.search(folded) and recalled
    if not own or not (second or first or other):
        return list(own)
    comments: list[list[Scored]] = []  # in page order; a comment's passages overlap
    end = -1
    for item in sorted(own, key=lambda s: span(s)[0]):
        start, stop = span(item)
        if not comments or start >= end:
            comments.append([])
        comments[-1].append(item)
        end = max(end, stop) if start < end else stop
    if len(comments) < 2:
        return list(own)
    if second:
        kept = comments[1]
    elif first:
        kept = comments[0]
    else:
        kept = min(comments, key=lambda c: len(frozenset(
            analyze(" ".join(text(s) for s in c))) & recalled))
    chosen = {id(s) for s in kept}
    return [s for s in own if id(s) in chosen]


def around_best(own: Sequence[Scored], scored: Sequence[Scored], keep: int = 3,
                budget: int = BUDGET, points: Sequence[frozenset[str]] = ()) -> list[Scored]:
    """The reader's ``keep`` best sentences (``own``: theirs, best first) with, within
    ``budget`` characters in all, the sentences right around the best one in its comment (after
    it first, then before); each comment in reading order, the best one's comment first.
    ``scored`` is every candidate sentence. ``points``: the stems of each point the question
    asks about (« sur le chiffrement et les lois américaines »); a point none of the best
    sentences holds brings the reader's best sentence holding it."""
    if not own:
        return []
    best = own[0]
    chosen = list(own[:keep])
    for point in points:
        if not any(point & s.sentence.stems for s in chosen):
            holding = next((s for s in own[keep:] if point & s.sentence.stems), None)
            if holding is not None:
                chosen.append(holding)
    places = {(s.hit_index, s.position) for s in chosen}
    used = sum(len(s.sentence.text) for s in chosen)
    comment = {s.position: s for s in scored if s.hit_index == best.hit_index}
    edges = {1: best.position, -1: best.position}  # the window's last place each way
    open_sides = [1, -1]  # after first, then before
    while open_sides:
        for side in list(open_sides):
            item = comment.get(edges[side] + side)
            if item is None:
                open_sides.remove(side)
                continue
            edges[side] += side
            if (item.hit_index, item.position) in places:
                continue
            if used + len(item.sentence.text) > budget:
                open_sides.remove(side)  # the window stays one unbroken stretch
                continue
            chosen.append(item)
            places.add((item.hit_index, item.position))
            used += len(item.sentence.text)
    order = {hit: i for i, hit in enumerate(dict.fromkeys(s.hit_index for s in own))}
    return sorted(chosen, key=lambda s: (order.get(s.hit_index, len(order)), s.position))
