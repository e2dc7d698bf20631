"""Is the question answered by the sentences the composer chose? A learned yes or no.

The typical question the documents cannot answer names things the corpus knows well and
asks something about them nobody published: « Combien de salariés compte Leviia ? »,
« La délibération a-t-elle été adoptée à l'unanimité ? », « Qui a remplacé X ? ». Related
sentences about Leviia or the deliberation come back with good scores; what they lack is
the asked-for attribute (the head noun « salariés », the word « unanimité », the verb
« remplacé ») or the answer's shape (a number next to that noun, a date, a name).

``features`` measures, for the chosen sentences and their immediate context (the
sentences right before and after, the section heading):

- how much of the question (terms weighted by rarity) the sentences and the context hold,
  and how rare the rarest missing term is;
- whether the attribute asked for (the noun a « combien de » counts, the noun a « quel »
  asks for, the word that names the figure: montant, budget, salaire...) is there;
- the answer's shape for the kind of question (``Scored.shape``), the names the question
  gives (``Scored.entities``), the sentence and retrieval scores.

``judge`` combines them with a logistic regression whose weights are fitted on the dev and
regression question sets with k-fold cross-validation (``python -m bench.fit_answerability``,
method and figures in docs/answers.md) and shipped in ``data/answerability.json``. No model
file: every answer is kept as the composer decided.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .shapes import _OUTCOME, counts

if TYPE_CHECKING:
    from .questions import Analysis, Concept
    from .retrieval import Hit
    from .sentences import SentenceBank
    from .shapes import Scored

MODEL_FILE = "answerability.json"

# Nouns that name the attribute asked for (what a figure, a date, a name is *of*): when the
# question holds one, the answer's context must hold it too (« montant », « salariés »).
_ATTRIBUTE_WORDS = frozenset(analyze(
    "montant budget prix tarif tarifs cout coût somme salaire salaires salariés employés effectif "
    "chiffre nombre nombres voix vote votes unanimité majorité pourcentage taux part "
    "date jour durée délai frais amende sanction condamnation remplaçant successeur "
    "directeur directrice président présidente dirigeant patron rapporteur "
    "amount price cost fee fees salary employees staff headcount votes vote majority "
    "percentage rate fine penalty successor ceo director chief head"
))
# Kinds whose answer is one fact of a given shape.
_STRICT = frozenset({"when", "count", "money", "duration", "who", "outcome"})
_KIND_GROUPS = {
    "when": "fact", "count": "fact", "money": "fact", "duration": "fact", "who": "fact",
    "outcome": "fact", "place": "fact", "yes_no": "yes_no", "why": "open", "said": "open",
    "definition": "open", "list": "open", "latest": "open", "comments": "open", "other": "open",
}

FEATURES = (
    "cov_sentence", "cov_window", "ask_sentence", "ask_window", "ask_union", "names_window",
    "missing_max", "missing_all_max", "missing_count", "attribute", "attribute_absent", "shape",
    "shape_full", "slot", "slot_missing", "slot_filled", "entities", "strength", "similarity",
    "dense", "coverage", "yes_no",
    "english", "fact_kind", "open_kind", "unknown_terms", "fact_ask_sentence", "fact_ask_union",
)


@dataclass(frozen=True)
class Verdict:
    """The decision, its probability and what it rested on."""

    answerable: bool
    probability: float
    features: dict[str, float] = field(default_factory=dict)


def _stems(item: Scored, bank: SentenceBank) -> frozenset[str]:
    """A sentence's stems, with the stems of the parser's lemmas (« remplacé » / « remplacer »)."""
    info = bank.info(item.sentence)
    return item.sentence.stems | frozenset(s for lemma in info.lemmas for s in analyze(lemma))


def _context(item: Scored, hits: Sequence[Hit], bank: SentenceBank) -> frozenset[str]:
    """Stems of the sentences right before and after, and of the section heading."""
    hit = hits[item.hit_index]
    sentences = bank.sentences(hit.chunk_id, hit.chunk.text).sentences
    out: set[str] = set(analyze(f"{hit.chunk.title} {hit.chunk.locator}"))
    for j in (item.position - 1, item.position + 1):
        if 0 <= j < len(sentences):
            out |= sentences[j].stems
    return frozenset(out)


def _close(a: str, b: str) -> bool:
    """Two stems of five letters or more, same first three letters, at most two edits apart."""
    if len(a) < 5 or len(b) < 5 or a[:3] != b[:3] or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] <= 2


def _attribute_stems(analysis: Analysis) -> frozenset[str]:
    """Stems of the attribute the question asks for (« salariés » in « combien de salariés »)."""
    stems = set(analyze(analysis.counted)) | set(analyze(analysis.asked))
    stems |= {s for s in analysis.stems if s in _ATTRIBUTE_WORDS}
    return frozenset(stems)


_NUMBER_LABEL = re.compile(r"(?:\bn°|\bno|\bnumero|\barticle|\bart\.|\baffaire|\bversion|-)\s*$")
_PERCENT = re.compile(r"^\s*(?:%|pour ?cent|percent)")


def _slot(analysis: Analysis, item: Scored, bank: SentenceBank) -> float:
    """1 when the sentence holds the very thing asked (a number that counts the asked noun,
    a person for « quel directeur », a ruling word for « qu'a donné »), 0 when it does not,
    0.5 when the kind of question asks for no such slot."""
    from .questions import _ROLE

    kind = analysis.kind
    folded = item.sentence.folded
    if kind in ("count", "money"):
        head = set(analyze(analysis.counted)) if analysis.counted else set()
        asks_percent = bool(re.search(
            r"pourcentage|percent|%|\bparts?\b|taux|seuils?|thresholds?|proportion|share",
            fold(analysis.question)))
        for match in counts(folded):
            if match.group(1) in ("un", "une"):
                continue
            before, after = folded[:match.start()], folded[match.end():]
            if _NUMBER_LABEL.search(before[-12:]) or (_PERCENT.match(after) and not asks_percent):
                continue
            if kind == "money" and not re.match(
                    r"\s*(?:millions?|milliards?|m|md|k)?\s*(?:d'euros|d’euros|euros?|€|\$|dollars?)",
                    after):
                continue
            if head and not head & set(analyze(after[:40])[:3]):
                continue
            return 1.0
        return 0.0
    if kind == "who":
        info = bank.info(item.sentence)
        person = bool(_ROLE.search(fold(analysis.question)))
        new = [label for text, label in info.entities
               if not set(analyze(text)) <= set(analysis.stems)]
        if person:
            return 1.0 if "PER" in new else 0.0
        return 1.0 if new else 0.0
    if kind == "outcome":
        return 1.0 if _OUTCOME.search(folded) else 0.0
    return 0.5


def features(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
             bank: SentenceBank, *, top_dense: float,
             in_corpus: Callable[[str], bool] = lambda term: True) -> dict[str, float]:
    """What tells whether ``items`` (the chosen sentences, best first) answer the question.

    Measured on the sentence that carries the answer (the first one, or the first with the
    answer's shape), alone and with its immediate context.
    """
    shaped = [s for s in items if s.shape >= 0.99]
    best = shaped[0] if shaped else items[0]
    inner = _stems(best, bank)
    window = inner | _context(best, hits, bank)
    union = frozenset().union(*(_stems(s, bank) | _context(s, hits, bank) for s in items))
    concepts = [c for part in analysis.parts for c in part.concepts]
    name_stems = frozenset(s for e in analysis.entities for s in analyze(e))
    names = [c for c in concepts if c.stems & name_stems]
    rest = [c for c in concepts if not c.stems & name_stems]
    total = sum(c.weight for c in concepts) or 1.0
    top = max((c.weight for c in concepts), default=1.0) or 1.0

    def held(concept: Concept, stems: frozenset[str]) -> bool:
        """The concept is there; a word the corpus never uses (a misspelling, an irregular
        form: « détient » / « détenue ») also counts when a close form is there."""
        if concept.stems & stems:
            return True
        if any(in_corpus(s) for s in concept.stems):
            return False
        return any(_close(a, b) for a in concept.stems for b in stems)

    def share(group: list, stems: frozenset[str]) -> float:
        weight = sum(c.weight for c in group)
        return sum(c.weight for c in group if held(c, stems)) / weight if weight else 1.0

    known = [c for c in rest if any(in_corpus(s) for s in c.stems)]
    missing = [c for c in known if not c.stems & window]
    missing_all = [c for c in known if not c.stems & union]
    unknown = [c for c in concepts if not any(in_corpus(s) for s in c.stems)
               and not held(c, union)]
    attribute = _attribute_stems(analysis)
    kind = analysis.kind
    group = _KIND_GROUPS.get(kind, "open")
    shape = max(s.shape for s in items)
    slot = max(_slot(analysis, s, bank) for s in items[:3])
    return {
        "cov_sentence": sum(c.weight for c in concepts if held(c, inner)) / total,
        "cov_window": sum(c.weight for c in concepts if held(c, window)) / total,
        "ask_sentence": share(rest, inner),
        "ask_window": share(rest, window),
        "ask_union": share(rest, union),
        "names_window": share(names, window),
        "missing_max": max((c.weight for c in missing), default=0.0) / top,
        "missing_all_max": max((c.weight for c in missing_all), default=0.0) / top,
        "missing_count": min(len(missing), 4) / 4,
        "attribute": 1.0 if attribute and attribute & window else 0.0,
        "attribute_absent": 1.0 if attribute and not attribute & window else 0.0,
        "shape": shape,
        "shape_full": 1.0 if shape >= 0.99 else 0.0,
        "slot": slot,
        "slot_missing": 1.0 if slot == 0.0 else 0.0,
        "slot_filled": 1.0 if slot == 1.0 else 0.0,
        "entities": best.entities,
        "strength": items[0].score,
        "similarity": best.similarity,
        "dense": top_dense,
        "coverage": best.coverage,
        "yes_no": 1.0 if analysis.yes_no else 0.0,
        "english": 1.0 if analysis.language == "en" else 0.0,
        "fact_kind": 1.0 if group == "fact" else 0.0,
        "open_kind": 1.0 if group == "open" else 0.0,
        "unknown_terms": min(len(unknown), 3) / 3,
        # one-fact questions: is what is asked in the very sentence that gives the fact?
        "fact_ask_sentence": share(rest, inner) if group == "fact" else 0.0,
        "fact_ask_union": share(rest, union) if group == "fact" else 0.0,
    }


@dataclass(frozen=True)
class Model:
    """A fitted logistic regression over standardised features."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept
        for name, mean, scale, coef in zip(self.names, self.mean, self.scale, self.coef, strict=False):
            z += coef * (values.get(name, 0.0) - mean) / (scale or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, object]:
        return {"names": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept,
                "threshold": self.threshold}


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model fitted on the dev and regression sets (None when none is shipped)."""
    try:
        raw = (resources.files("assistant") / "data" / MODEL_FILE).read_text(encoding="utf-8")
        data = json.loads(raw)
        return Model(tuple(data["names"]), tuple(data["mean"]), tuple(data["scale"]),
                     tuple(data["coef"]), float(data["intercept"]),
                     float(data.get("threshold", 0.5)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The fitting script swaps this for a recorder; answers use the shipped model.
_override: Callable[[dict[str, float], bool], Verdict] | None = None


def judge(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
          bank: SentenceBank, *, top_dense: float,
          in_corpus: Callable[[str], bool] = lambda term: True,
          shapeless: bool = False, model: Model | None = None) -> Verdict:
    """Do ``items`` answer the question? (True when no model is shipped.)

    ``shapeless``: the composer found no sentence with the answer's shape (no date for a
    « quand »): not answered, whatever the model says.
    """
    if not items:
        return Verdict(False, 0.0)
    values = features(analysis, items, hits, bank, top_dense=top_dense, in_corpus=in_corpus)
    if _override is not None:
        return _override(values, shapeless)
    if shapeless:
        return Verdict(False, 0.0, values)
    model = model or shipped_model()
    if model is None:
        return Verdict(True, 1.0, values)
    p = model.probability(values)
    return Verdict(p >= model.threshold, p, values)


def missing_key(kind: str, analysis: Analysis) -> str:
    """Which ``missing_*`` message says what the documents do not give."""
    if kind in ("count", "money"):
        return "missing_figure"
    if kind in ("when", "duration", "who", "outcome"):
        return {"when": "missing_date", "duration": "missing_duration", "who": "missing_name",
                "outcome": "missing_outcome"}[kind]
    if kind == "why":
        return "missing_reason"
    if kind == "said":
        return "missing_statement"
    if re.search(r"\b(combien|montant|how much|how many)\b", fold(analysis.question)):
        return "missing_figure"
    return "missing_information"
