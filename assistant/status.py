"""The latest state of something still under way: its newest step, then what the documents
say is not known as of their date (« L'issue de la procédure est inconnue à la date de mise à
jour de cette fiche … »). The outcome nobody published is part of the answer to « Où en est
la procédure ? », not a reason to abstain, nor to leave out the steps known."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .shapes import Scored

# What is unknown is the outcome (« l'issue de la procédure », « la suite », "the outcome"), or
# it is unknown as of a date (« à la date de mise à jour », « à ce jour », "as of", "to date").
_OUTCOME = re.compile(r"\b(?:issue|suite|sort|outcome|result)\b|\ba la date\b|\ba ce jour\b"
                      r"|\bpour l'instant\b|\bmise a jour\b|\bas of\b|\bto date\b")
CLOSE = 0.8  # share of the best sentence's score the statement of the unknown must reach
DEPTH = 30  # among the best sentences
# « Le sort de la section 702 après juin 2026 n'a pas été trouvé »: unknown past a date
_UNKNOWN_AFTER = re.compile(r"\b(?:apres|au-dela d[eu']|depuis)\s+(?:le |l'|la )?(?:\d{1,2} )?"
                            r"(?:\w+ )?\d{4}\b|\bla suite n'a pas")


def known_until(scored: list[Scored], min_entities: float) -> list[Scored]:
    """Where a matter stands when the documents lose track of it after a date: its last known
    state comes before the statement that what came next is unknown (« Où en est la section
    702 du FISA ? »: the House's refusal before the 12 June deadline, not only « Le sort … après
    juin 2026 n'a pas été trouvé »). The statement must hold the question's names
    (``min_entities``)."""
    if not scored or not scored[0].not_found or not _UNKNOWN_AFTER.search(
            scored[0].sentence.folded):
        return scored
    statement = next((s for s in scored if not s.not_found and s.entities >= min_entities),
                     None)
    if statement is None:
        return scored
    return [statement] + [s for s in scored if s is not statement]


def with_unknown_outcome(quoted: list[Scored], scored: Sequence[Scored],
                         unknown: Callable[[str], bool], limit: int = 3) -> list[Scored]:
    """``quoted`` (the steps), then the close sentence saying the outcome is not known (as of
    the documents' date); it takes the place of the last step beyond ``limit``."""
    if not quoted or not scored:
        return quoted
    best = scored[0].score
    stated = next((s for s in scored[:DEPTH] if s.score >= CLOSE * best and s.entities >= 1.0
                   and unknown(s.sentence.folded) and _OUTCOME.search(s.sentence.folded)), None)
    if stated is None or any(s.sentence.text == stated.sentence.text for s in quoted):
        return quoted
    return quoted[:limit - 1] + [stated]
