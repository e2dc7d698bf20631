"""What ``answer()`` returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Citation:
    """A numbered source passage: ``text`` stands exactly as written in the document."""

    n: int
    title: str
    kind: str
    date: str
    source: str
    locator: str
    text: str
    score: float
    doc_id: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Draft:
    """What the model is writing, not yet checked: the whole unverified tail, to show as such.

    ``stream_answer(..., drafts=True)`` yields one after each token of a generative answer;
    each replaces the previous one, and ``Draft("")`` means nothing is pending. Raw model
    text: never part of ``Answer.text``, and to be escaped before display.
    """

    text: str


@dataclass(frozen=True)
class Answer:
    """An answer whose [n] markers point into ``citations``."""

    question: str
    text: str
    answerable: bool
    mode: Literal["extractive", "llm"]
    citations: list[Citation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # The answer itself in a few words (« 21 décembre 2023 [1] ») for who / when / how many /
    # how long / yes-no questions, when it can be read off the evidence; also the first line
    # of ``text``. Empty otherwise.
    lead: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``souverain ask --json``."""
        return {
            "question": self.question,
            "answer": self.text,
            "lead": self.lead,
            "answerable": self.answerable,
            "mode": self.mode,
            "citations": [
                {k: v for k, v in asdict(c).items() if k not in ("doc_id", "start", "end")}
                for c in self.citations
            ],
            "notices": list(self.notices),
        }
