"""Readers answering readers under the commented article: who replied to whom.

A reply either quotes the reader it answers (a « > Baxter_X: » line, then the quoted words)
or takes up their words without quoting them (clintl's « Airbus n'a jamais été un projet
Européen » under g-m1n1's « des projets européens comme Airbus »). A question asking who
replied (« Qui a répondu à Baxter_X ? », "Who pushed back on the Airbus example?") is
answered by the replies' own words, then the comment they answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import analyze, fold

from .retrieval import COMMENTS, Hit, mentions, signature
from .shapes import Scored

# A question about a reply: who answered, contradicted or mocked whom.
_ASKS_REPLY = re.compile(
    r"\b(?:repon\w*|repl(?:y|ies|ied|ying)|respond\w*|responses?|push(?:ed|es)? back"
    r"|contredi\w*|contradict\w*|se moqu\w*|moque\w*|mock\w*|retorqu\w*|rebondi\w*"
    r"|quoted|disagreed? with|argued? with|counter\w*)\b")
# The line a reply opens with when it quotes a reader (« > Baxter_X: »).
_QUOTING = re.compile(r"^>\s*(\S[^\n:]{0,60}?)\s*:\s*$", re.MULTILINE)
ECHO = 0.3  # share (by idf) of a comment's words taken up from another that makes it a reply
REPLIES = 2  # replies quoted at most
REPLY_SENTENCES = 2  # sentences of a reply to a reader it names


def asks_reply(question: str) -> bool:
    """Does a question about the comments ask who replied to whom (or what was replied)?"""
    return _ASKS_REPLY.search(fold(question)) is not None


def quoted_readers(text: str) -> set[str]:
    """The readers a comment quotes (« > Baxter_X: »), folded."""
    return {fold(name) for name in _QUOTING.findall(text)}


def quoted_line(item: Scored) -> bool:
    """A line quoting another reader (« > Trop tard pour … »): not this reader's opinion."""
    return item.sentence.text.lstrip().startswith((">", "&gt;"))


def _links(index: int, other: int, hits: Sequence[Hit], stems: dict[int, set[str]],
           idf: Callable[[str], float]) -> float:
    """Does comment ``other`` answer comment ``index``: 1 when it quotes its reader; else the
    share (by weight) of its own words it takes up from it, when it takes up at least two
    and ``ECHO`` of its words (0 otherwise)."""
    if _author(hits, index) in quoted_readers(hits[other].chunk.text):
        return 1.0
    own = {s for s in stems[other] if len(s) > 2}
    shared = own & stems[index]
    total = sum(idf(s) for s in own)
    share = sum(idf(s) for s in shared) / total if total else 0.0
    return share if len(shared) >= 2 and share >= ECHO else 0.0


def _author(hits: Sequence[Hit], index: int) -> str:
    return fold(signature(COMMENTS, hits[index].chunk.locator))


def replies(question: str, scored: Sequence[Scored], hits: Sequence[Hit],
            idf: Callable[[str], float], previous: frozenset[str] = frozenset()) -> list[Scored]:
    """The replies to the comment a question is about, each by its best sentence, then that
    comment's best sentence; or, when nothing answers it, that comment then the one it
    answers (« clintl contredit qui ? »). Empty when no reply is found.

    The comment asked about: that of a reader the question names (when it names two, the
    one the other answers: « Que répond Palou à trollkien ? »), else that of the reader the
    last answer named (``previous``, its stems: « Quelqu'un lui a répondu ? »), else the
    comment whose own words hold most of the question's (« Qui a répondu au lecteur qui cite
    Airbus ? »).
    """
    folded = fold(question)
    sentences: dict[int, list[Scored]] = {}  # each comment's own sentences, best first
    for item in scored:
        hit = hits[item.hit_index]
        if hit.chunk.kind == COMMENTS and signature(hit.chunk.kind, hit.chunk.locator) \
                and not quoted_line(item):
            sentences.setdefault(item.hit_index, []).append(item)
    if not sentences:
        return []
    best = {index: own[0] for index, own in sentences.items()}
    stems = {index: set().union(*(s.sentence.stems for s in own))
             for index, own in sentences.items()}

    def reply(index: int, to: str) -> list[Scored]:
        """What comment ``index`` says to reader ``to``: its own sentences after its quotation
        of them, up to the next quotation (« > g-m1n1: … » then « Du coup on abandonne… »;
        two at most), else its best sentence."""
        text = hits[index].chunk.text
        quoted = next((m.end() for m in _QUOTING.finditer(text) if fold(m.group(1)) == to), -1)
        if quoted < 0:
            return [best[index]]
        block = re.compile(r"\n(?!>)").search(text, quoted + 1)  # past the quoted lines
        start = block.end() if block else len(text)
        following = text.find("\n>", start)
        end = len(text) if following < 0 else following
        after = sorted((text.find(item.sentence.text, quoted), item.position, item)
                       for item in sentences[index])
        said = [item for at, _, item in after if start <= at < end]
        return said[:REPLY_SENTENCES] or [best[index]]

    order = sorted(best, key=lambda i: hits[i].chunk.start)
    named = [i for i in order if mentions(folded, _author(hits, i))]
    if len({_author(hits, i) for i in named}) >= 2:
        pairs = [(i, j) for i in named for j in named
                 if hits[j].chunk.start > hits[i].chunk.start
                 and _author(hits, i) != _author(hits, j) and _links(i, j, hits, stems, idf)]
        if not pairs:
            return []
        first, then = pairs[0]
        return reply(then, _author(hits, first)) + [best[first]]
    if not named and previous:
        named = [i for i in order if (author := set(analyze(_author(hits, i))))
                 and author <= previous]
    if not named:
        asked = set(analyze(question))
        named = [max(order, key=lambda i: (sum(idf(s) for s in stems[i] & asked if len(s) > 2),
                                           -hits[i].chunk.start))]
    reader = _author(hits, named[0])
    later = {j for target in named for j in order  # the replies to the reader asked about
             if hits[j].chunk.start > hits[target].chunk.start and _author(hits, j) != reader
             and _links(target, j, hits, stems, idf)}
    asked_about = max(named, key=lambda i: best[i].score)
    if later:
        # the replies closest to the question first (« … on the Airbus example »)
        said = sorted((reply(j, reader)[0] for j in later), key=lambda item: -item.score)
        return said[:REPLIES] + [best[asked_about]]
    earlier = [(weight, i) for target in named for i in order
               if hits[i].chunk.start < hits[target].chunk.start and _author(hits, i) != reader
               and (weight := _links(i, target, hits, stems, idf))]
    if earlier:
        return [best[asked_about], best[max(earlier)[1]]]
    return []
