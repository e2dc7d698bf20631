"""A why-answer that quotes a ruling (« Le juge des référés … a rejeté la demande de
suspension ») or a sentence announcing reasons (« le Conseil d'État a retenu plusieurs motifs
pour valider … ») goes on with the grounds told right after it in its passage (« Le juge des
référés a estimé que la condition d'urgence n'était pas remplie », « Le Conseil d'État relève
les pseudonymisations multiples … »): the ruling alone does not say why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import fold

from .deciding import REFUTES, RULING
from .questions import ANSWER_PATTERNS
from .reading import ANY_GAP, Place, ReadingOrder
from .shapes import Scored

# What a judge or an authority found (« a jugé « hypothétique » … », « a estimé que … », « Le
# Conseil d'État relève … »): the grounds of the ruling told just before.
FOUND = re.compile(r"\b(a|ont|avait|avaient)\s+(juge|estime|considere|retenu|releve|constate)\b"
                   r"|\b(estime|considere|releve|constate|souligne)(nt)? que\b"
                   r"|\b(releve|souligne)(nt)? (les?|la|l'|des)\b")
# A sentence announcing the reasons the next ones give (folded).
_ANNOUNCES = re.compile(r"\b(plusieurs|trois|deux|quatre|ses|les) (motifs|raisons|arguments"
                        r"|griefs)\b|\b(several|three|two|four) (reasons|grounds)\b")
STEPS = 3  # the grounds are looked for among the next few sentences of the passage
ANNOUNCED = 3  # grounds quoted after a sentence announcing them
AFTER_RULING = 2  # grounds quoted after a ruling


def gives_reason(item: Scored, by_shape: bool = True) -> bool:
    """The sentence states a reason or what a judge or an authority found (``by_shape``: or
    has the shape the scorer gave a reason, when the question asked why)."""
    folded = item.sentence.folded
    return by_shape and item.shape >= 0.99 or bool(ANSWER_PATTERNS["reason"].search(folded)
                                                   or FOUND.search(folded))


def after(item: Scored, order: ReadingOrder) -> list[Scored]:
    """The next few sentences after ``item`` in its document (not those saying something was
    not found)."""
    return [s for s in order.after(item, STEPS) if not s.not_found]


def _announced_series(quoted: Sequence[Scored], scored: Sequence[Scored],
                      place: Place) -> list[Scored]:
    """``quoted`` with the grounds it leaves out of a series announced by a sentence it does
    not quote (« … a retenu plusieurs motifs … » then « relève … », « relève … », « souligne
    … »), when it opens with one of them: the series in its document's order, then the rest."""
    if not quoted:
        return list(quoted)
    quoted_places = {place(s) for s in quoted}
    order = ReadingOrder(scored, place)
    for head in scored:
        if head.not_found or place(head) in quoted_places \
                or not _ANNOUNCES.search(head.sentence.folded):
            continue
        series = [s for s in after(head, order) if gives_reason(s)]
        series_places = {place(s) for s in series}
        if place(quoted[0]) not in series_places:
            continue
        return series + [s for s in quoted if place(s) not in series_places]
    return list(quoted)


def with_grounds_told(quoted: Sequence[Scored], scored: Sequence[Scored],
                      place: Place, asked_why: bool = True) -> list[Scored]:
    """``quoted`` with, right after the first sentence that announces reasons or tells a
    ruling without its grounds, the grounds that follow it in its passage; an announced
    series it quotes part of, whole (``_announced_series``; ``place``: a sentence's document
    and offset in it). ``asked_why``: the question asked why (else how it ended: a sentence
    has the shape of a reason by its words alone)."""
    quoted = _announced_series(quoted, scored, place)
    order = ReadingOrder(scored, place)
    out = list(quoted)
    for index, item in enumerate(quoted):
        announces = bool(_ANNOUNCES.search(item.sentence.folded))
        if not announces and not (RULING.search(item.sentence.folded)
                                  and not any(gives_reason(s, asked_why) for s in quoted)):
            continue
        places = {(s.hit_index, s.position) for s in out}
        grounds = [s for s in after(item, order) if (s.hit_index, s.position) not in places
                   and gives_reason(s, asked_why)][:ANNOUNCED if announces else AFTER_RULING]
        if grounds:
            return out[:index + 1] + grounds + out[index + 1:]
    return out


CLAIM_TOLD = 0.5  # the refutation's passage scores at least this share of the best candidate
REFUTED_WITH = 3  # sentences quoted after the refutation, in its paragraph (up to its end)


def claim_refuted(question: str, quoted: Sequence[Scored], scored: Sequence[Scored],
                  place: Place, section: Callable[[Scored], tuple[str, str]] | None = None
                  ) -> list[Scored]:
    """« Pourquoi dire que Microsoft va stocker « toutes les données de santé des Français »
    est exagéré ? », "Why is the headline misleading?": the article repeats the claim; the
    answer is the sentence that finds it wrong (« Les sources décrivent un périmètre bien plus
    étroit. ») and what it goes on with in its paragraph. Chosen among the refuting candidates
    by how well it and the sentence before it (which tells the claim) match the question."""
    if not scored or not REFUTES.search(fold(question).replace("’", "'")):
        return list(quoted)
    order = ReadingOrder(scored, place)

    def told(item: Scored) -> float:
        before = order.before(item)
        return max(item.score, before.score if before is not None else 0.0)

    refuting = [s for s in scored if not s.not_found and REFUTES.search(s.sentence.folded)]
    if not refuting:
        return list(quoted)
    best = max(refuting, key=told)
    if told(best) < CLAIM_TOLD * max(s.score for s in scored):
        return list(quoted)
    refuted = [best, *[s for s in order.after(best, REFUTED_WITH, gap=1) if not s.not_found]]
    return refuted + _concluded(best, refuted, order, place, section)


# A sentence drawing a conclusion (folded): « Le titre de Clubic décrit donc l'ambition initiale
# du Health Data Hub, pas ce que la délibération … autorise. », "… is therefore …".
CONCLUDES = re.compile(r"\b(donc|therefore|thus)\b")
CONCLUSION_WITHIN = 8  # sentences after the refutation's paragraph where its section concludes


def _concluded(best: Scored, refuted: Sequence[Scored], order: ReadingOrder, place: Place,
               section: Callable[[Scored], tuple[str, str]] | None) -> list[Scored]:
    """The conclusion the refutation's section draws a little further on (« La copie intégrale
    … n'a, elle, jamais été autorisée. […] Le titre de Clubic décrit donc l'ambition initiale
    … »), with the sentence opening its paragraph (the finding it concludes from); nothing
    when the section draws none (``section``: a sentence's document and heading)."""
    if section is None:
        return []
    quoted = {place(s) for s in refuted}
    following = [s for s in order.after(refuted[-1], CONCLUSION_WITHIN, gap=ANY_GAP)
                 if section(s) == section(best)]
    for index, item in enumerate(following):
        if item.not_found or place(item) in quoted or not CONCLUDES.search(item.sentence.folded):
            continue
        opening = item
        for earlier in reversed(following[:index]):
            if order.after(earlier, 1, gap=1) != [opening]:
                break
            opening = earlier
        return [opening, item] if opening is not item else [item]
    return []
