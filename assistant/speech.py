"""What a said-answer quotes besides the sentence scorer's choice: the named speaker's words.

« Qu'a soutenu Philippe Latombe … ? », "How did Cloud Temple's boss describe …?": the answer
is what the person or organisation the question names said, in a sentence where they speak —
the subject of a reporting verb followed by the words (« le député Philippe Latombe a soutenu
que … », « Le dirigeant de Cloud Temple y présente l'exercice comme … »), or the X of « Selon
X, … ». Among the candidates scoring close to the best, those sentences are quoted first (up
to two), ahead of sentences that only say something about the subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .shapes import _CONTENT, Scored, spoken_by, terms

if TYPE_CHECKING:
    import numpy as np

    from .questions import Analysis
    from .sentences import SentenceInfo

CLOSE = 0.85  # a speaker's sentence scoring this share of the best candidate's score or more
MAX_SPOKEN = 2  # speaker's sentences quoted first


# Where a question asks what: before the speaker (« Qu'a dit X », "What did X say") or after
# the verb (« X il a dit quoi »).
_ASKING = re.compile(r"\b(?:qu'|que\b|what\b|how\b|comment\b)")


def speaker_stems(analysis: Analysis) -> frozenset[str]:
    """Stems of the name the question gives its speaker: the first name after the question
    word (« Dans ses observations au Conseil d'État, qu'est-ce que **la CNIL** demandait … »),
    else the first name (« Strubel (ANSSI) il a dit quoi »)."""
    question = analysis.ask or analysis.question
    folded = fold(question).replace("’", "'")
    names = [n for n in terms(question, analysis.entities) if not any(c.isdigit() for c in n)]
    if not names:
        return frozenset()
    asking = _ASKING.search(folded)
    start = asking.start() if asking else 0
    placed = sorted((folded.find(fold(n).replace("’", "'")), n) for n in names)
    after = [n for at, n in placed if at >= start]
    speaker = (after or [n for _, n in placed])[0]
    return frozenset(s for s in analyze(speaker) if not s.isdigit())


def complete(analysis: Analysis, quoted: list[Scored], scored: Sequence[Scored],
             probabilities: Sequence[float] | np.ndarray,
             info: Callable[[Scored], SentenceInfo]) -> list[Scored]:
    """The quoted sentences with, first, the close candidates where a speaker the question
    names speaks with the words (most probable first), the count unchanged when it can be."""
    names = speaker_stems(analysis)
    if not names or not scored:
        return quoted
    top = max(s.score for s in scored)
    index = {id(s): i for i, s in enumerate(scored)}
    spoken = [s for s in scored if not s.not_found and s.score >= CLOSE * top
              and _by(s, info(s), names)]
    if not spoken:
        return quoted
    spoken.sort(key=lambda s: -probabilities[index[id(s)]])
    spoken = spoken[:MAX_SPOKEN]
    rest = [q for q in quoted if not any(q.sentence.text == s.sentence.text for s in spoken)]
    out = spoken + rest[:max(0, len(quoted) - len(spoken))]
    if len({s.hit_index for s in out}) == 1:
        out.sort(key=lambda s: s.position)
    return out


def _by(item: Scored, info: SentenceInfo, names: frozenset[str]) -> bool:
    folded = item.sentence.folded
    if spoken_by(folded, info, names):
        return True
    # the parser's reporting verb, its subject the speaker, and the words given (« que … », a
    # quotation, a colon): not « la CNIL a été invitée à produire des observations »
    if "reporting" in info.flags and _CONTENT.search(folded):
        return bool(set(analyze(info.speaker)) & names)  # folded already
    return False
