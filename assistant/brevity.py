"""How long an answer may grow: quoting more sentences is not a way to hold more facts.

The completions that follow the sentence scorer's choice (the newest dated statement, the
grounds of a reason, a named speaker's words, the deciding clause of a yes or no, a
sentence continuing a quoted one) each add a sentence. These rules keep the answer short:

- a sentence cut by the end of its passage (« Vincent Strubel a déclaré : ») is not quoted
  next to its whole form (``uncut``);
- past the length budget, the same statement quoted twice is quoted once (``restated``);
- past the length budget, a sentence that adds nothing about what is asked is dropped, the
  least scored first, the leading and the best scored sentences always kept (``within``):
  it does not have the answer's shape (a reason, what was said, a definition…; for a why
  question, grounds or an aim), its subject is nothing the question names (« Le niveau
  High+ a finalement été retiré » is about what "What happened to High+?" asks), it holds
  none of the question's terms the other quoted sentences lack, and it names no one, no
  figure and no date that neither the question nor the others name;
- under a lead that gives the answer's value (a name, a count, a sum, a duration), two
  sentences are quoted: the one the value was read from and one other (``led``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import fold

from .scoring import gives_grounds
from .shapes import Scored

BUDGET = 250  # characters of quoted sentences past which what adds nothing is dropped
SHAPED = 0.5  # a sentence with at least this much of the answer's shape is kept

# A sentence stating an aim gives a reason too (folded): « L'objectif annoncé … était de »
# (« afin de », « dans le but de », « visant à » are grounds already: ``gives_grounds``).
_AIM = re.compile(r"\b(objectif\w*|le but)\b")


def length(items: Sequence[Scored]) -> int:
    return sum(len(s.sentence.text) for s in items)


def uncut(items: list[Scored]) -> list[Scored]:
    """``items`` without a sentence whose whole form (it cut short) is quoted too."""
    def cut(item: Scored) -> bool:
        head = item.sentence.text.rstrip(" :…")
        return len(head) >= 20 and any(
            o is not item and len(o.sentence.text) > len(item.sentence.text)
            and o.sentence.text.startswith(head) for o in items)
    return [s for s in items if not cut(s)]


SAME = 0.7  # share of the shorter sentence's terms the other holds: the same statement


def restated(items: list[Scored]) -> list[Scored]:
    """``items`` without a sentence restating a more scored quoted one (« L'arrêt Schrems II
    a été rendu par la CJUE le 16 juillet 2020 » and « Le 16 juillet 2020, la CJUE a rendu
    l'arrêt Schrems II »): the same statement twice holds no more facts. A figure of its own
    (« 39 % collectivement » after « 24 % individuellement ») or a negation the other lacks
    makes it another statement."""
    out: list[Scored] = []
    for item in sorted(items, key=lambda s: -s.score):
        if not any(_same(item, o) for o in out):
            out.append(item)
    return [s for s in items if any(s is o for o in out)]


def _same(a: Scored, b: Scored) -> bool:
    small = min(len(a.sentence.stems), len(b.sentence.stems)) or 1
    return len(a.sentence.stems & b.sentence.stems) / small >= SAME and \
        frozenset(_FIGURE.findall(a.sentence.text)) <= frozenset(_FIGURE.findall(b.sentence.text)) and \
        frozenset(a.sentence.folded.split()) & _NEGATIONS == \
        frozenset(b.sentence.folded.split()) & _NEGATIONS


_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_NEGATIONS = frozenset({"ne", "n'", "pas", "non", "aucun", "aucune", "jamais", "plus"})


def within(items: list[Scored], budget: float, kind: str,
           names: Callable[[Scored, frozenset[str]], int],
           about: Callable[[Scored], bool] = lambda s: False) -> list[Scored]:
    """``items`` cut short to ``budget`` characters by dropping the sentences that add
    nothing about what is asked (see the module); ``names(sentence, known stems)`` counts
    the names, figures and dates a sentence gives besides ``known``; ``about(sentence)``: is
    its subject something the question names."""
    out = uncut(items)
    if length(out) > budget:
        out = restated(out)
    while len(out) > 1 and length(out) > budget:
        spare = []
        best = max(out, key=lambda s: s.score)
        for item in out[1:]:
            if item is best or item.shape >= SHAPED or about(item):
                continue
            if kind == "why" and (gives_grounds(item.sentence.folded)
                                  or _AIM.search(item.sentence.folded)):
                continue
            others = [o for o in out if o is not item]
            terms = frozenset().union(*(o.matched for o in others))
            known = frozenset().union(*(o.sentence.stems for o in others))
            if item.matched <= terms and not names(item, known):
                spare.append(item)
        if not spare:
            break
        out.remove(min(spare, key=lambda s: s.score))
    return out


LED = 2  # sentences quoted under a lead that gives the answer's value
# Leads read as the answer's value: a name, a count, a sum, a duration (not a date: the
# sentences under a date often date other steps of the asked event, one of them the asked one).
LED_KINDS = frozenset({"who", "count", "money", "duration"})


def led(items: list[Scored], lead: str) -> list[Scored]:
    """Under a lead giving the answer's value (« trois ans [1] », « Ronald Reagan [1] »), the
    sentence it was read from and one other are quoted: the rest only says it again."""
    if len(items) <= LED:
        return items
    value = fold(re.sub(r"\s*\[\d+\]\s*$", "", lead)).strip()
    holder = next((s for s in items if value and value in s.sentence.folded), None)
    if holder is None:
        return items
    keep = [items[0]] if holder is items[0] else [items[0], holder]
    keep += [s for s in items if s not in keep][:LED - len(keep)]
    return [s for s in items if any(s is o for o in keep)]
