"""What happened at the time the question names.

Asked « Le Conseil d'État a dit quoi en mars 2024 ? » or "What did the Conseil d'État rule in
March 2024?", the answer is the ruling of March 2024 (« Le 22 mars 2024, le juge des référés …
a rejeté la demande de suspension »), not the newest one nor the closest-worded one. When the
question names a month (or a day) and the sentence quoted first tells another month, a close
sentence telling the month asked comes first.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.text import fold

from .antecedents import goes_on
from .shapes import Scored, dates_told


def months_asked(question: str) -> frozenset[tuple[int, str]]:
    """The months (month number, year) ``question`` names, alone or with a day."""
    return frozenset((month, year) for _, month, year in dates_told(fold(question).lower())
                     if month)


def tells(item: Scored, months: frozenset[tuple[int, str]]) -> bool:
    return any((month, year) in months for _, month, year in dates_told(item.sentence.folded))


def asked_time_first(question: str, quoted: list[Scored], scored: Sequence[Scored],
                     depth: int) -> list[Scored]:
    """``quoted`` with a sentence telling the month ``question`` names first: one already
    quoted, else one of the ``depth`` best candidates holding as many of the question's names
    as the sentence quoted first."""
    months = months_asked(question)
    if not months or not quoted or tells(quoted[0], months):
        return quoted
    pick = next((s for s in quoted[1:] if tells(s, months)), None)
    if not any(month for _, month, _ in dates_told(quoted[0].sentence.folded)) \
            and not goes_on(quoted[0].sentence.text):
        # an undated sentence may be about the time asked: it stands, unless a sentence quoted
        # with it tells that time; one that points back (« Dans cette lettre, Olivier Véran
        # souscrit … ») has the time of what it points back to, another one maybe
        return quoted if pick is None else [pick] + [s for s in quoted if s is not pick]
    if pick is None:
        pick = next((s for s in scored[:depth] if s.score > 0 and not s.not_found
                     and s.entities >= quoted[0].entities and tells(s, months)), None)
    if pick is None:
        return quoted
    return [pick] + [s for s in quoted if s is not pick]
