"""A why-answer that quotes a ruling (« Le juge des référés … a rejeté la demande de
suspension ») or a sentence announcing reasons (« le Conseil d'État a retenu plusieurs motifs
pour valider … ») goes on with the grounds told right after it in its passage (« Le juge des
référés a estimé que la condition d'urgence n'était pas remplie », « Le Conseil d'État relève
les pseudonymisations multiples … »): the ruling alone does not say why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .deciding import RULING
from .questions import ANSWER_PATTERNS
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


def gives_reason(item: Scored) -> bool:
    """The sentence states a reason or what a judge or an authority found."""
    folded = item.sentence.folded
    return item.shape >= 0.99 or bool(ANSWER_PATTERNS["reason"].search(folded)
                                      or FOUND.search(folded))


def after(item: Scored, scored: Sequence[Scored]) -> list[Scored]:
    """The next few sentences of ``item``'s passage among ``scored`` (not those saying
    something was not found)."""
    by_place = {(s.hit_index, s.position): s for s in scored}
    return [s for s in (by_place.get((item.hit_index, item.position + step))
                        for step in range(1, STEPS + 1)) if s is not None and not s.not_found]


def with_grounds_told(quoted: Sequence[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """``quoted`` with, right after the first sentence that announces reasons or tells a
    ruling without its grounds, the grounds that follow it in its passage."""
    out = list(quoted)
    for index, item in enumerate(quoted):
        announces = bool(_ANNOUNCES.search(item.sentence.folded))
        if not announces and not (RULING.search(item.sentence.folded)
                                  and not any(gives_reason(s) for s in quoted)):
            continue
        places = {(s.hit_index, s.position) for s in out}
        grounds = [s for s in after(item, scored) if (s.hit_index, s.position) not in places
                   and gives_reason(s)][:ANNOUNCED if announces else AFTER_RULING]
        if grounds:
            return out[:index + 1] + grounds + out[index + 1:]
    return out
