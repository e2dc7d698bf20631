"""What ``answer()`` returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

NATURE_LABELS = {
    "officiel": "Texte officiel",
    "presse": "Article de presse",
    "opinion": "Opinions de lecteurs",
    "synthese": "Fiche de synthèse Souverain",
    "document": "Document ajouté",
}
NATURE_LABELS_EN = {
    "officiel": "Official text",
    "presse": "Press article",
    "opinion": "Readers' opinions",
    "synthese": "Souverain summary",
    "document": "Added document",
}


def nature_label(nature: str, based_on: str = "", language: str = "fr") -> str:
    """« Texte officiel », « Fiche de synthèse Souverain, d'après … » (or the English label)."""
    labels = NATURE_LABELS_EN if language == "en" else NATURE_LABELS
    label = labels.get(nature, labels["document"])
    if nature == "synthese" and based_on:
        label += (", based on " if language == "en" else ", d'après ") + based_on
    return label


@dataclass(frozen=True)
class Citation:
    """A numbered source passage: ``text`` stands exactly as written in the document.

    ``source`` is the link for this passage: the URL of the ``Source :`` line of the
    block it comes from when the document has such lines (the fiches), else the
    document's own URL (else its file). ``nature`` says what the document is
    (officiel, presse, opinion, synthese, document) and ``nature_label`` says it in
    French; ``date`` is the date of what it describes, ``updated`` its « à jour au »
    date; ``source_label`` names the block's source (« ANS, …, 6 mars 2024, primaire »).
    """

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
    nature: str = "document"
    nature_label: str = ""
    updated: str = ""
    source_label: str = ""
    source_url: str = ""
    publisher: str = ""
    document_url: str = ""


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
                {k: v for k, v in asdict(c).items() if k not in ("start", "end")}
                for c in self.citations
            ],
            "notices": list(self.notices),
        }
