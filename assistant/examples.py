"""An example asked of the readers: the one a reader announces.

« Un internaute donne-t-il un exemple concret … ? », "What scenario did they use?": a reader
announces the example (« Un exemple : ») and tells it in the next sentence, which shares few
words with the question. Asked for an example (not one the question names: « un lecteur cite
Airbus en exemple »), the answer quotes the best sentence, that reader's own, then the example.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .enumerations import after_colon
from .reading import ReadingOrder, in_documents
from .retrieval import Hit, signature
from .shapes import Scored

# An example asked (folded): « quel exemple », « un exemple concret », "what scenario".
_EXAMPLE_ASKED = re.compile(
    r"\b(?:quel(?:le)?s? exemples?|what examples?|which examples?|exemples? concrets?"
    r"|concrete examples?|(?:donne\w*|give\w*|gave|use\w*|prend\w*|cite\w*) (?:un |an |des )?"
    r"(?:exemples?|examples?)|illustr\w*|scenarios?|hypotheticals?|hypothese|cas concrets?"
    r"|concrete (?:case|scenario)s?)\b")
# A reader announcing an example (folded): « Un exemple : », "For example:".
_EXAMPLE_MARKER = re.compile(r"^\W*(?:un |voici un |prenons un |par |for |an? )?(?:autre )?"
                             r"(?:exemple|example|instance)\s*:\s*$")


def with_example(question: str, quotes: list[Scored], scored: Sequence[Scored],
                 hits: Sequence[Hit]) -> list[Scored]:
    """``quotes`` (from the readers' comments) with, when ``question`` asks for an example,
    the example a reader announces after the best quote and that reader's own (first the
    example of a reader already quoted), in place of the other readers'."""
    markers = [s for s in scored if _EXAMPLE_MARKER.match(s.sentence.folded)]
    if not markers:
        return quotes
    if not _EXAMPLE_ASKED.search(fold(question)):
        return told_whole(quotes, scored, hits, markers)

    def author(item: Scored) -> str:
        hit = hits[item.hit_index]
        return signature(hit.chunk.kind, hit.chunk.locator)

    quoted = {author(q) for q in quotes}
    markers.sort(key=lambda s: author(s) not in quoted)
    told = after_colon(markers[:1], scored, in_documents(hits))
    if len(told) < 2:
        return quotes
    told += ReadingOrder(scored, in_documents(hits)).after(told[-1], EXAMPLE_GOES_ON, gap=1)
    kept = quotes[:1] + [q for q in quotes[1:] if author(q) == author(markers[0])][:1]
    texts = {q.sentence.text for q in kept}
    return kept + [s for s in told if s.sentence.text not in texts]


EXAMPLE_GOES_ON = 3  # sentences of its paragraph after the one opening an example


def told_whole(quotes: list[Scored], scored: Sequence[Scored], hits: Sequence[Hit],
               markers: Sequence[Scored]) -> list[Scored]:
    """``quotes`` with an example a reader announces (« Un exemple : ») told to its paragraph's
    end when they quote its opening only (« Un terroriste … a fait exploser la Maison-Blanche. »):
    the point comes last (« … les US pourraient demander son dossier médical directement à
    Microsoft »)."""
    place = in_documents(hits)
    order = ReadingOrder(scored, place)
    opening = {place(s) for m in markers for s in order.after(m, 1)}
    out: list[Scored] = []
    for item in quotes:
        out.append(item)
        if place(item) in opening:
            out += [s for s in order.after(item, EXAMPLE_GOES_ON, gap=1)
                    if all(place(s) != place(q) for q in quotes)]
    return out
