"""Which sentences the answer quotes: a learned sentence scorer.

The composer (``composer.score_sentences``) scores every sentence of the retrieved passages
with hand-set weights, and decides from that score whether the question is answered at all.
This module then decides *which* of those sentences to quote, and how many: for each
(question, candidate sentence) pair it computes features — dense similarity, term coverage,
the shape the kind of question asks for (a reason clause, a reporting verb with its content,
a defining sentence, a date, a number next to the counted noun, a new name), the question's
names around the sentence, the passage's rank and fused score, the sentence's place in its
passage, the passage's nature, how recent its dates are, the question's language, what the
learned word associations between question and sentence say (``associations.py``) — and
gradient-boosted trees, fitted on the ``dev`` and regression questions to rank the sentences
that hold an expected fact first (LambdaRank; ``bench/fit_scorer.py``, cross-validated by
whole batches of question writers), give each a score, and a softmax over the candidates
the probability that it is the one. The quoted sentences are the most probable ones: the best,
then those close enough to it (every item of a list, across passages), within a length
budget. (A linear, listwise model over the same features is the fallback the fitting script
can still produce: ``--trees 0``.)

The fitted model is a JSON file, ``assistant/data/sentence_scorer.json``, evaluated with
numpy (``trees.py``), and its word pairs ``sentence_associations.npz``: answering needs no
LightGBM nor scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.text import analyze, fold

from .associations import ASSOCIATIONS_FILE, Associations, question_codes, sentence_codes
from .defining import defines, leads_with
from .retrieval import COMMENTS
from .shapes import counts, statement_date
from .trees import TreeEnsemble

if TYPE_CHECKING:
    import numpy as np

    from .questions import Analysis, Part
    from .retrieval import Hit
    from .sentences import SentenceBank
    from .shapes import Scored

WEIGHTS_FILE = "sentence_scorer.json"
SCORER_VERSION = 3  # 2: the scorer may be gradient-boosted ranking trees; 3: associations

# Kinds of question, as the features see them (``Analysis.kind``; comments apart).
KINDS = ("who", "when", "count", "money", "duration", "why", "definition", "said", "list",
         "latest", "outcome", "place", "yes_no", "other", "comments")
# Kinds whose answer is several items, possibly across passages.
LIST_KINDS = frozenset({"list", "comments"})

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DIGIT = re.compile(r"\d")
# How a (folded) sentence defines without a copula the parser sees: « désigne », « consiste
# à », « repose sur », « c'est », or an apposition right after its subject (« X, un référentiel
# de … »).
_DEFINING = re.compile(
    r"\b(designe\w*|consiste\w*|repose\w* sur|se definit|definit|signifie|correspond\w* a"
    r"|renvoie a|s'entend|qualifie|est (?:un|une|le|la|l')|sont (?:des|les)|c'est)\b")
_APPOSITION = re.compile(r"^[^,]{2,60}, (?:un|une|le|la|l')\b")
# How a (folded) sentence gives a reason or a purpose, causal marker or not: « pour »,
# « afin de », « faute de », « au motif que », « estimant que », « reproché »…
_WHY_WORDING = re.compile(
    r"\b(pour |afin |faute d|en raison|au motif|estim\w+ qu|reproch\w*|motiv\w*|justifi\w*"
    r"|parce qu|car |puisqu|a cause|en cause|du fait|crainte|risque\w*)")


def _kind(analysis: Analysis, part: Part) -> str:
    if analysis.comments:
        return "comments"
    kind = part.kind if len(analysis.parts) > 1 else analysis.kind
    return kind if kind in KINDS else "other"


def feature_names() -> list[str]:
    base = [
        "bias", "similarity", "similarity_gap", "similarity_top", "coverage", "coverage_gap",
        "own_coverage", "score", "score_gap", "score_top", "shape", "entities", "names_in",
        "rank", "dense", "fused", "lexical", "named", "first", "place", "comment",
        "comment_asked", "recency", "dated", "english", "not_found", "length", "short",
        "novelty", "next_to_best", "is_best", "same_doc_as_best", "neighbour_coverage",
        "colon", "question_mark", "quote", "reason", "reporting", "content", "definition",
        "negation", "person", "organisation", "new_entities", "digits", "typed",
        "heading_coverage",
    ]
    shaped = [f"shape_{k}" for k in KINDS]
    kinds = [f"kind_{k}_similarity" for k in KINDS]
    extra = ["latest_recency", "list_entities", "said_content", "why_reason",
             "definition_flag", "yes_no_negation", "when_dated",
             "definition_wording", "definition_titled", "why_wording", "said_after_reporting",
             "said_quoted", "short_answer_names"]
    return base + shaped + kinds + extra + ASSOCIATION + CONVERSATION + CHOSEN


# The learned word associations' log-odds that the sentence answers (``associations.py``).
ASSOCIATION = ["association"]


# A follow-up turn: what the sentence shares with this turn's own words, with the last answer
# (what was already said is rarely the new answer) and with the names that answer gave.
CONVERSATION = ["followup", "followup_own", "followup_recalled", "followup_answered"]


CHOSEN = ["chosen", "chosen_first"]  # the composer's hand-set choice, as evidence
# A latest-question quotes the newest dated statement among the candidates at least this
# probable relative to the best one (``select``).
LATEST_RATIO = 0.05


FEATURES = feature_names()


@dataclass
class Candidates:
    """The features of one part's candidate sentences (rows follow ``scored``)."""

    kind: str
    matrix: np.ndarray


def asked_codes(analysis: Analysis, kind: str) -> tuple[int, ...]:
    """The question's side of the word associations: its own words (a follow-up's, not the
    conversation's) and its kind."""
    return question_codes(analysis.ask or analysis.question, kind)


def features(analysis: Analysis, part: Part, scored: Sequence[Scored], hits: Sequence[Hit],
             bank: SentenceBank, chosen: Sequence[Scored] = (),
             associations: Associations | None = None) -> Candidates:
    """One row of features per scored sentence (same order as ``scored``); ``chosen``: the
    sentences the composer's hand-set rules would quote; ``associations``: the learned word
    pairs (without them the column stays 0, as while recording candidates to fit them)."""
    import numpy as np

    kind = _kind(analysis, part)
    n = len(scored)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return Candidates(kind, out)
    col = {name: i for i, name in enumerate(FEATURES)}
    best = scored[0]
    top_similarity = max(s.similarity for s in scored)
    top_coverage = max(s.coverage for s in scored)
    top_score = max(s.score for s in scored) or 1.0
    top_fused = max(h.score for h in hits) or 1.0
    top_lexical = max(h.lexical for h in hits) or 1.0
    by_similarity = sorted(range(n), key=lambda i: -scored[i].similarity)
    similarity_rank = {i: r for r, i in enumerate(by_similarity)}
    years = [s.newest[0] for s in scored if s.newest[0]]
    newest_year = max(years) if years else 0
    names = [fold(e) for e in (part.entities or analysis.entities)]
    name_stems = [frozenset(analyze(e)) for e in names]
    total = part.total
    known = analysis.stems
    english = 1.0 if analysis.language == "en" else 0.0
    coverage_by_place = {(s.hit_index, s.position): s.coverage for s in scored}
    by_place = {(s.hit_index, s.position): s for s in scored}
    section_share: dict[int, float] = {}  # per passage: the question's terms in its section title
    own_stems = frozenset(analyze(analysis.ask)) if analysis.followup else frozenset()
    for row, s in enumerate(scored):
        hit = hits[s.hit_index]
        sentence = s.sentence
        info = bank.info(sentence)
        v = out[row]
        v[col["bias"]] = 1.0
        v[col["similarity"]] = s.similarity
        v[col["similarity_gap"]] = s.similarity - top_similarity
        v[col["similarity_top"]] = 1.0 / (1 + similarity_rank[row])
        v[col["coverage"]] = s.coverage
        v[col["coverage_gap"]] = s.coverage - top_coverage
        own = sum(c.weight for c in part.concepts if c.stems & sentence.stems) / total
        v[col["own_coverage"]] = own
        v[col["heading_coverage"]] = s.coverage - own
        v[col["score"]] = s.score
        v[col["score_gap"]] = (s.score - top_score) / abs(top_score)
        v[col["score_top"]] = 1.0 / (1 + row)
        v[col["shape"]] = s.shape
        v[col["entities"]] = s.entities
        if names:
            v[col["names_in"]] = sum(
                1 for e, st in zip(names, name_stems, strict=False)
                if e in sentence.folded or (st and st <= sentence.stems)) / len(names)
        v[col["rank"]] = 1.0 / (1 + hit.rank)
        v[col["dense"]] = hit.dense
        v[col["fused"]] = hit.score / top_fused
        v[col["lexical"]] = hit.lexical / top_lexical
        v[col["named"]] = 1.0 if hit.named else 0.0
        v[col["first"]] = 1.0 if s.position == 0 else 0.0
        v[col["place"]] = 1.0 / (1 + s.position)
        comment = 1.0 if hit.chunk.kind == COMMENTS else 0.0
        v[col["comment"]] = comment
        v[col["comment_asked"]] = comment * (1.0 if analysis.comments else -1.0)
        if s.newest[0] and newest_year:
            v[col["recency"]] = max(-5.0, s.newest[0] - newest_year) / 5 + 1
            v[col["dated"]] = 1.0
        v[col["english"]] = english
        v[col["not_found"]] = 1.0 if s.not_found else 0.0
        v[col["length"]] = math.log(1 + len(sentence.text)) / 6
        v[col["short"]] = 1.0 if len(sentence.text) < 50 else 0.0
        v[col["novelty"]] = min(1.0, len(sentence.stems - known) / 8)
        same_hit = s.hit_index == best.hit_index
        v[col["next_to_best"]] = 1.0 if same_hit and abs(s.position - best.position) == 1 else 0.0
        v[col["is_best"]] = 1.0 if row == 0 else 0.0
        v[col["same_doc_as_best"]] = 1.0 if hit.chunk.doc_id == hits[best.hit_index].chunk.doc_id \
            else 0.0
        v[col["neighbour_coverage"]] = max(
            coverage_by_place.get((s.hit_index, s.position + d), 0.0) for d in (-1, 1))
        text = sentence.text
        v[col["colon"]] = 1.0 if text.rstrip().endswith(":") else 0.0
        v[col["question_mark"]] = 1.0 if "?" in text else 0.0
        v[col["quote"]] = 1.0 if "«" in text or "“" in text else 0.0
        flags = info.flags
        for flag in ("reason", "reporting", "content", "definition", "negation"):
            v[col[flag]] = 1.0 if flag in flags else 0.0
        fresh = [(t, label) for t, label in info.entities
                 if (st := analyze(t)) and not all(x in known for x in st)]
        v[col["person"]] = 1.0 if any(label == "PER" for _, label in fresh) else 0.0
        v[col["organisation"]] = 1.0 if any(label == "ORG" for _, label in fresh) else 0.0
        v[col["new_entities"]] = min(len(fresh), 4) / 4
        v[col["digits"]] = min(len(_DIGIT.findall(sentence.folded)), 8) / 8
        v[col["typed"]] = 1.0 if s.typed else 0.0
        v[col[f"shape_{kind}"]] = s.shape
        v[col[f"kind_{kind}_similarity"]] = s.similarity
        if kind == "latest":
            v[col["latest_recency"]] = v[col["recency"]]
        if kind in LIST_KINDS:
            v[col["list_entities"]] = v[col["new_entities"]]
        if kind == "said":
            v[col["said_content"]] = 1.0 if {"reporting", "content"} <= flags or "quote" in flags \
                else 0.0
        if kind == "why":
            v[col["why_reason"]] = 1.0 if "reason" in flags else 0.0
        if kind == "definition":
            v[col["definition_flag"]] = 1.0 if "definition" in flags else 0.0
        if kind == "yes_no":
            v[col["yes_no_negation"]] = 1.0 if "negation" in flags else 0.0
        if kind in ("when", "latest"):
            v[col["when_dated"]] = 1.0 if _YEAR.search(sentence.folded) else 0.0
        if kind in ("who", "when", "count", "money", "duration"):
            # a name, a date or a figure answers when its sentence is about what is asked
            v[col["short_answer_names"]] = v[col["names_in"]]
        if kind == "definition":
            folded = sentence.folded
            v[col["definition_wording"]] = 1.0 if _DEFINING.search(folded) \
                or _APPOSITION.search(folded) else 0.0
            # the first sentence of a section titled with the asked term
            if s.position == 0 and hit.chunk.text.lstrip().startswith("#"):
                if s.hit_index not in section_share:
                    title = frozenset(analyze(hit.chunk.locator.split(">")[-1]))
                    section_share[s.hit_index] = sum(
                        c.weight for c in part.concepts if c.stems & title) / total
                v[col["definition_titled"]] = section_share[s.hit_index]
        if kind == "why":
            v[col["why_wording"]] = 1.0 if _WHY_WORDING.search(sentence.folded) else 0.0
        if kind == "said":
            # the content of a statement often follows the sentence that reports it
            previous = by_place.get((s.hit_index, s.position - 1))
            if previous is not None and (previous.sentence.text.rstrip().endswith(":")
                                         or "reporting" in bank.info(previous.sentence).flags):
                v[col["said_after_reporting"]] = 1.0
            v[col["said_quoted"]] = 1.0 if "«" in text or '"' in text or "“" in text else 0.0
        if analysis.followup:
            stems = sentence.stems
            v[col["followup"]] = 1.0
            if own_stems:
                v[col["followup_own"]] = len(own_stems & stems) / len(own_stems)
            if stems:
                v[col["followup_recalled"]] = len(stems & analysis.recalled) / len(stems)
            v[col["followup_answered"]] = 1.0 if stems & analysis.answered else 0.0
    if associations is not None:
        asked = asked_codes(analysis, kind)
        out[:, col["association"]] = associations.scores(
            asked, [sentence_codes(s.sentence.text, s.sentence.stems) for s in scored])
    out[:, -len(CHOSEN):] = chosen_columns(scored, chosen)
    return Candidates(kind, out)


def chosen_columns(scored: Sequence[Scored], chosen: Sequence[Scored]) -> np.ndarray:
    import numpy as np

    columns = np.zeros((len(scored), len(CHOSEN)))
    texts = [s.sentence.text for s in chosen]
    for row, s in enumerate(scored):
        if s.sentence.text in texts:
            columns[row, 0] = 1.0
            columns[row, 1] = 1.0 if s.sentence.text == texts[0] else 0.0
    return columns


# -- the model ----------------------------------------------------------------------------------


@dataclass
class Model:
    """A score per candidate sentence, turned into a probability over one part's candidates
    (a softmax: which of them holds the answer), and how the quotes are chosen. The score is
    that of gradient-boosted ranking trees (``trees``), or linear over standardised features."""

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    selection: dict[str, Any]
    trees: TreeEnsemble | None = None
    associations: Associations | None = None  # the word pairs behind the ``association`` column

    @classmethod
    def ranked(cls, names: list[str], trees: TreeEnsemble, selection: dict[str, Any],
               associations: Associations | None = None) -> Model:
        """The trees' model (the linear weights stay neutral)."""
        import numpy as np

        flat = np.zeros(len(names))
        return cls(names, flat, np.ones(len(names)), flat, dict(selection), trees, associations)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        import numpy as np

        if not len(matrix):
            return np.zeros(0)
        if self.trees is not None:
            z = self.trees.decision(matrix)
        else:
            z = ((matrix - self.mean) / self.scale) @ self.coef
        z = np.exp(z - z.max())
        return z / z.sum()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": SCORER_VERSION, "features": self.names}
        if self.trees is not None:
            out["trees"] = self.trees.to_dict()
        else:
            out.update({"mean": [round(float(x), 6) for x in self.mean],
                        "scale": [round(float(x), 6) for x in self.scale],
                        "coef": [round(float(x), 6) for x in self.coef]})
        out["selection"] = self.selection
        if self.associations is not None:
            out["associations"] = ASSOCIATIONS_FILE
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        import numpy as np

        if data.get("version") != SCORER_VERSION or data.get("features") != FEATURES:
            raise ValueError("sentence scorer weights do not match this version's features")
        names = list(data["features"])
        if "trees" in data:
            return cls.ranked(names, TreeEnsemble.from_dict(data["trees"]), data["selection"])
        return cls(names, np.asarray(data["mean"], dtype=np.float64),
                   np.asarray(data["scale"], dtype=np.float64),
                   np.asarray(data["coef"], dtype=np.float64), dict(data["selection"]))


def standardise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and spreads (the bias column stays 1)."""
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    mean[0] = 0.0
    scale[0] = 1.0
    scale[scale < 1e-9] = 1.0
    return mean, scale


def listwise_loss(coef: np.ndarray, groups: Sequence[tuple[np.ndarray, np.ndarray]],
                  l2: float) -> tuple[float, np.ndarray]:
    """Minus the log-probability that the softmax over each group's candidates picks one of
    its positives (``groups``: standardised features, and labels: booleans, or weights ≥ 0
    when some positives matter more — a sentence holding two expected facts), plus an L2
    penalty; and its gradient."""
    import numpy as np

    loss = 0.0
    gradient = np.zeros_like(coef)
    for x, labels in groups:
        weight = np.asarray(labels, dtype=np.float64)
        positive = weight > 0
        z = x @ coef
        e = np.exp(z - z.max())
        p = e / e.sum()
        q = e * weight
        q /= q.sum()
        loss -= math.log(max(float(p[positive].sum()), 1e-300))
        gradient += x.T @ (p - q)
    loss += 0.5 * l2 * float(coef[1:] @ coef[1:])
    gradient[1:] += l2 * coef[1:]
    return loss, gradient


DEFAULT_SELECTION: dict[str, Any] = {
    "min_probability": 0.05,  # a sentence after the best is quoted when this probable...
    "ratio": 0.3,  # ... and at least this share of the best one's probability,
    "max_sentences": 2,  # up to this many sentences,
    "max_list": 4,  # (lists and comments: this many)
    "budget": 420,  # and this many characters of quoted text (lists: half as much again)
    "redundancy": 0.7,  # a sentence sharing this share of its stems with a quoted one is not
    "anchor": False,  # the composer's best sentence is quoted first, whatever the model says
}


def choose(model: Model, candidates: Candidates, scored: Sequence[Scored],
           hits: Sequence[Hit], probabilities: np.ndarray | None = None,
           term: frozenset[str] = frozenset()) -> list[Scored]:
    """The sentences to quote for one part, most probable first (then in document order
    when they all come from one document); ``term``: what a definition question asks about."""
    if not scored:
        return []
    p = model.probabilities(candidates.matrix) if probabilities is None else probabilities
    return select(model.selection, candidates.kind, scored, hits, p, term)


def select(selection: dict[str, Any], kind: str, scored: Sequence[Scored], hits: Sequence[Hit],
           p: Sequence[float] | np.ndarray, term: frozenset[str] = frozenset()) -> list[Scored]:
    order = sorted(range(len(scored)), key=lambda i: -p[i])
    if selection.get("anchor"):
        # the composer's own best sentence leads; the model picks what completes it
        order = [0] + [i for i in order if i != 0]
    first = order[0]
    chosen = [first]
    listing = kind in LIST_KINDS
    limit = int(selection["max_list"] if listing else selection["max_sentences"])
    budget = float(selection["budget"]) * (1.5 if listing else 1.0)
    used = len(scored[first].sentence.text)
    floor = max(float(selection["min_probability"]), float(selection["ratio"]) * p[first])
    for i in order[1:]:
        if len(chosen) >= limit or p[i] < floor:
            break
        s = scored[i]
        if s.not_found:
            continue
        if any(_redundant(s, scored[j], float(selection["redundancy"])) for j in chosen):
            continue
        if used + len(s.sentence.text) > budget:
            continue
        chosen.append(i)
        used += len(s.sentence.text)
    if kind == "latest":
        # the newest dated statement among the plausible ones is the state asked for, even when
        # an older one is more probable (« le texte le plus récent », « où en est »)
        newest = max(statement_date(scored[i].sentence.folded) for i in chosen)
        plausible = [i for i in order[1:] if p[i] >= LATEST_RATIO * p[first]
                     and not scored[i].not_found
                     and statement_date(scored[i].sentence.folded) > newest
                     and not any(_redundant(scored[i], scored[j], 1.0) for j in chosen)]
        if plausible:
            pick = max(plausible, key=lambda i: statement_date(scored[i].sentence.folded))
            if len(chosen) > 1 and used + len(scored[pick].sentence.text) > budget:
                # within the budget: it takes the place of the least probable one
                used -= len(scored[chosen.pop()].sentence.text)
            chosen.append(pick)
    if kind == "why":
        chosen = with_grounds(chosen, scored, p)
    items = whole(complete(kind, [scored[i] for i in chosen], scored, term, hits), scored)
    if kind == "latest":
        # the newest dated statement first, older states after (undated ones, and those that
        # only give an aim or a deadline, last)
        return sorted(items, key=lambda s: statement_date(s.sentence.folded), reverse=True)
    if len({hits[s.hit_index].chunk.doc_id for s in items}) == 1:
        lead = items[0]
        rest = sorted(items, key=lambda s: hits[s.hit_index].chunk.start + s.sentence.start)
        if kind not in ("who", "when", "count", "money", "duration", "yes_no"):
            return rest
        return [lead] + [s for s in rest if s is not lead]
    return items


GROUNDS_RATIO = 0.75  # a candidate giving grounds scoring this share of the best one or more
SECOND_GROUNDS_RATIO = 0.6  # ... a second reason, from another passage, next to a first one
# How a sentence gives grounds or a purpose (folded), with or without a causal conjunction.
_GROUNDS = re.compile(
    r"\b(reproch\w+|invoqu\w+|justifi\w+|motiv\w+|au motif|pour motif|fait suite|en reaction"
    r"|a la suite d|en raison d|faute d|parce que?|puisque?|car|afin d|afin que?|pour permettre"
    r"|permet de|permettre de|permettant de"
    r"|le temps de|vise a|visant a|dans le but|estim\w* que?|consider\w* que?|fonde\w* sur"
    r"|s'appui\w* sur|s'appuy\w* sur|conclusion"
    # what keeps a thing from a rule it otherwise meets (« conforme …, à l'exception de quatre
    # points »): why it could not rely on that rule
    r"|a l'exception d|a l'exception de|hormis|excepte|except for|apart from)\b")


def gives_grounds(folded: str) -> bool:
    """Does a sentence (folded) give grounds or a purpose."""
    return bool(_GROUNDS.search(folded))


def with_grounds(chosen: list[int], scored: Sequence[Scored],
                 p: Sequence[float] | np.ndarray) -> list[int]:
    """A why-answer gives grounds: when none of the chosen sentences does, the most probable
    close candidate that does leads (the answer keeps its number of sentences, two at least)."""
    top = max(s.score for s in scored)
    if any(_GROUNDS.search(scored[i].sentence.folded) for i in chosen):
        if len(chosen) > 1:
            return chosen
        # one reason quoted: a second close one from another passage goes with it (« Selon
        # la presse, la durée … doit laisser le temps … » and « … permet de réévaluer »)
        first = scored[chosen[0]]
        more = [i for i, s in enumerate(scored) if i not in chosen and not s.not_found
                and s.hit_index != first.hit_index and s.score >= SECOND_GROUNDS_RATIO * top
                and _GROUNDS.search(s.sentence.folded) and not _redundant(s, first, 0.7)]
        return chosen + [max(more, key=lambda i: p[i])] if more else chosen
    grounds = [i for i, s in enumerate(scored) if not s.not_found
               and s.score >= GROUNDS_RATIO * top and _GROUNDS.search(s.sentence.folded)]
    if not grounds:
        return chosen
    pick = max(grounds, key=lambda i: p[i])
    return ([pick] + chosen)[:max(len(chosen), 2)]


_COUNT_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
MAX_ANNOUNCED = 6  # items a list answer adds after the sentences that announce them


def announced(sentence: Scored) -> int:
    """How many items a sentence announces: « se déroule en quatre jalons », « … suivants : »
    (0 when it announces none)."""
    if sentence.sentence.text.rstrip().endswith(":"):
        return 4
    for match in counts(sentence.sentence.folded):
        word = match.group(1)
        n = _COUNT_WORDS.get(word) or (int(word) if word.isdigit() else 0)
        if 2 <= n <= MAX_ANNOUNCED:
            return n
    return 0


def complete(kind: str, items: list[Scored], scored: Sequence[Scored],
             term: frozenset[str] = frozenset(), hits: Sequence[Hit] = ()) -> list[Scored]:
    """What the chosen sentences need from their passage to answer this kind of question.

    - lists: a sentence that announces its items (« La procédure se déroule en quatre
      jalons. », « … les points suivants : ») brings the sentences that follow it, one item
      each;
    - why: when the most probable sentence only restates the event (no reason clause), the
      sentence after it, where the reason usually is;
    - latest: a later dated statement of the most probable sentence's passage (« a obtenu le
      jalon J0 le 17 avril 2025 » is followed by « a validé le jalon J1 le 17 novembre 2025 »);
    - definition: when the most probable sentence is about the asked term (``term``), the
      next sentences of its passage that are about it too (up to two) go on describing it
      (« SecNumCloud est un référentiel … » then « Le référentiel SecNumCloud sert à
      qualifier … »).
    """
    if not items:
        return items
    place = {(s.hit_index, s.position): s for s in scored}
    out = list(items)
    if kind in CONTINUED_KINDS:
        # the sentence after a quoted one that opens on a demonstrative pointing back at it
        # (« Ces droits s'exercent auprès de son délégué … ») and holds some of the question's
        # terms continues it: the two say one thing
        for item in items:
            following = place.get((item.hit_index, item.position + 1))
            if following is not None and following.coverage > 0 \
                    and _POINTS_BACK.match(following.sentence.folded):
                _insert_after(out, item, following)
    if kind in ("why", "said"):
        # « Le Health Data Hub a invoqué A. Le Health Data Hub a aussi invoqué B. »: the
        # sentence after a quoted one that adds to it (aussi, également, en outre…) about the
        # same subject gives the rest of the reasons, the rest of what was said
        for item in items:
            following = _following(item, scored, place, hits)
            if following is not None and _adds_to(item.sentence.folded,
                                                  following.sentence.folded):
                _insert_after(out, item, following)

    def add(after: Scored, candidate: Scored | None) -> bool:
        if candidate is None or candidate.not_found or any(
                candidate.sentence.text == o.sentence.text for o in out):
            return False
        out.insert(out.index(after) + 1, candidate)
        return True

    if kind == "said":
        # a quotation the sentence cutter split (« Ce que nous pouvons dire … santé. Et nous
        # parlons bien de … », s'emporte X) is quoted from where it opens to where it closes
        for item in list(out):
            for step in (-1, 1):
                _whole_quotation(out, item, step, place)

    if kind == "list":
        added = 0
        for item in items:
            # an item of a series announced just before (« … se déroule en quatre jalons. »
            # then « Le jalon J0 … », « Le jalon J1 … », ``_series``): the announcement and
            # the whole series are quoted
            series = _series(item, place)
            if series and item in out:
                texts = {m.sentence.text for m in series}
                at = out.index(item)
                at -= sum(1 for o in out[:at] if o.sentence.text in texts)
                out = [o for o in out if o.sentence.text not in texts]
                out[at:at] = series
                added += len(series) - 1
        for item in items:
            previous = item
            for offset in range(1, announced(item) + 1):
                if added >= MAX_ANNOUNCED:
                    break
                following = place.get((item.hit_index, item.position + offset))
                if following is None:
                    break
                there = [o for o in out if following.sentence.text == o.sentence.text]
                if there:  # already quoted: the next item goes after it
                    previous = there[0]
                elif add(previous, following):
                    added += 1
                    previous = following
    elif kind == "why" and (several := reasons_announced(items[0])):
        # « Le Conseil d'État a retenu plusieurs motifs … »: the reasons follow, one a sentence
        previous = items[0]
        for _ in range(several):
            following = _following(previous, scored, place, hits)
            if following is None or not add(previous, following):
                break
            previous = following
    elif kind == "why" and items[0].shape < 0.99 \
            and not _GROUNDS.search(items[0].sentence.folded):
        add(items[0], place.get((items[0].hit_index, items[0].position + 1)))
    elif kind == "said" and not _HOLDS_WORDS.search(items[0].sentence.text):
        # « X a décrit la gestion des clés », « a fait une mise au point sur … »: a report that
        # someone spoke, without what they said (no quotation, no « que … », no colon); what
        # was said follows (« Selon elle, … », « Elle a ajouté que … »)
        previous = items[0]
        for _ in range(2):
            following = _following(previous, scored, place, hits)
            if following is None or not add(previous, following):
                break
            previous = following
    elif kind == "definition" and term and (
            leads_with(items[0].sentence.folded, term)
            or defines(items[0].sentence.folded, term)):
        previous = items[0]
        for _ in range(2):  # « … de deux façons. » then « … d'abord … », « … ensuite … »
            following = _following(previous, scored, place, hits)
            if following is None or not leads_with(following.sentence.folded, term):
                break
            add(previous, following)  # the next one goes after it, added or quoted already
            previous = next((o for o in out if o.sentence.text == following.sentence.text),
                            previous)
    elif kind == "latest":
        # the best sentence's passage tells how things went: its latest stated step is quoted
        # (an aim or a deadline is not a step reached)
        passage = items[0].hit_index
        newest = max(statement_date(s.sentence.folded) for s in items if s.hit_index == passage)
        later = [s for s in scored if s.hit_index == passage and not s.not_found
                 and statement_date(s.sentence.folded) > newest]
        if later:
            latest = max(later, key=lambda s: statement_date(s.sentence.folded))
            if not any(latest.sentence.text == o.sentence.text for o in out):
                out.insert(0, latest)
    return out


def _counted_noun(sentence: Scored) -> frozenset[str]:
    """The stems of the noun a sentence's announcing count counts (« en quatre **jalons** »)."""
    for match in counts(sentence.sentence.folded):
        word = match.group(1)
        n = _COUNT_WORDS.get(word) or (int(word) if word.isdigit() else 0)
        if 2 <= n <= MAX_ANNOUNCED:
            following = sentence.sentence.folded[match.end():].split()[:1]
            return frozenset(analyze(following[0])) if following else frozenset()
    return frozenset()


def _series(item: Scored, place: dict[tuple[int, int], Scored]) -> list[Scored]:
    """The announcement and the items of the series ``item`` belongs to: a sentence that
    announces n things (« La procédure … se déroule en quatre jalons. ») followed by sentences
    about one of them each, naming the counted noun in their first words (« Le jalon J0 … »,
    « Le jalon J1 … »), at least two of them; [] when ``item`` is not such an item."""
    for back in range(1, MAX_ANNOUNCED + 1):
        before = place.get((item.hit_index, item.position - back))
        if before is None:
            break
        noun = _counted_noun(before)
        if not noun or announced(before) < back:
            continue
        members = [place.get((item.hit_index, before.position + step))
                   for step in range(1, announced(before) + 1)]
        alike = [m for m in members if m is not None
                 and noun & frozenset(analyze(" ".join(m.sentence.folded.split()[:3])))]
        if len(alike) >= 2 and item in alike:
            return [before] + alike
        return []
    return []


# A sentence announcing reasons given next (folded): « a retenu plusieurs motifs », « pour
# trois raisons », « les arguments suivants », "for several reasons".
_REASONS_ANNOUNCED = re.compile(
    r"\b(plusieurs|deux|trois|quatre|several|two|three|four|(?:des|les|ses|leurs) \w+s suivants?"
    r")\s+(motifs|raisons|arguments|elements|considerations|justifications|griefs|reasons"
    r"|grounds)\b|\b(motifs|raisons|arguments|elements|reasons|grounds) (suivants|suivantes"
    r"|following)\b")


def reasons_announced(sentence: Scored) -> int:
    """How many reasons a sentence announces for the sentences after it (0: none): the number
    it gives (« trois raisons »), else two (« plusieurs motifs », « les arguments suivants »)."""
    match = _REASONS_ANNOUNCED.search(sentence.sentence.folded)
    if match is None:
        return 0
    word = match.group(1) or ""
    return {"deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4}.get(word, 2)


# Kinds whose answer is a statement rather than a name, a date or a figure read off one sentence.
CONTINUED_KINDS = frozenset({"why", "said", "definition", "yes_no", "other"})
_POINTS_BACK = re.compile(r"^(ce|cet|cette|ces)\s+\w")


# A sentence adding to the one before (folded): « X a aussi invoqué … », « En outre, … ».
_ADDS = re.compile(r"^(?P<adverb>en outre|de plus|par ailleurs"
                   r"|(?:il|elle|ils|elles) (?:a|ont|avait|avaient) (?:ajoute|precise|complete))\b"
                   r"|^(?:[\w'-]+\s+){1,7}?(?:a|ont|avait|avaient|est|sont)?\s*(?:aussi|egalement)\b")


def _adds_to(before: str, after: str) -> bool:
    """``after`` adds to ``before``: it opens on an additive adverb, or says « aussi » of the
    subject ``before`` opened on."""
    match = _ADDS.match(after)
    if match is None:
        return False
    if match.group("adverb"):
        return True
    subject = set(analyze(after[:match.end()])) - {"aussi", "egal"}
    opening = set(analyze(" ".join(before.split(",")[-1].split()[:8]))) | set(
        analyze(" ".join(before.split()[:8])))
    return bool(subject & opening)


def _open_quotes(text: str) -> int:
    """Quotation marks a sentence opens and leaves open (negative: closes ones opened before)."""
    return text.count("«") + text.count("“") - text.count("»") - text.count("”")


def _whole_quotation(out: list[Scored], item: Scored, step: int,
                     place: dict[tuple[int, int], Scored]) -> None:
    """Add the sentences, before (``step`` -1) or after (+1) ``item``, that hold the rest of a
    quotation it leaves open or closes (up to two sentences)."""
    balance = _open_quotes(item.sentence.text)
    if (balance < 0) != (step < 0) or balance == 0:
        return
    anchor = item
    for offset in (1, 2):
        other = place.get((item.hit_index, item.position + step * offset))
        if other is None or other.not_found:
            return
        if not any(other.sentence.text == o.sentence.text for o in out):
            out.insert(out.index(anchor) + (1 if step > 0 else 0), other)
        anchor = other
        balance += _open_quotes(other.sentence.text)
        if balance == 0:
            return


def _insert_after(out: list[Scored], after: Scored, candidate: Scored) -> None:
    if not candidate.not_found and not any(
            candidate.sentence.text == o.sentence.text for o in out):
        out.insert(out.index(after) + 1, candidate)


# What a sentence reporting speech holds when it says what was said: a quotation, a « que … »
# clause, a colon announcing the words.
_HOLDS_WORDS = re.compile(r"[«»\"“”:]|\b(?:que|qu'|qu’|that)\b", re.IGNORECASE)


def _following(item: Scored, scored: Sequence[Scored],
               place: dict[tuple[int, int], Scored], hits: Sequence[Hit] = ()) -> Scored | None:
    """The sentence after ``item`` in its document: the next one of its passage, else, when
    the passage ends there, the next one in an overlapping passage that holds it too, or in
    the passage that starts right after it (``hits``: the passages, to read their offsets)."""
    following = place.get((item.hit_index, item.position + 1))
    if following is not None:
        return following
    for other in scored:
        if other.hit_index != item.hit_index and other.sentence.text == item.sentence.text:
            following = place.get((other.hit_index, other.position + 1))
            if following is not None:
                return following
    if len(hits) > item.hit_index:
        chunk = hits[item.hit_index].chunk
        end = chunk.start + item.sentence.end
        for other in scored:
            if other.hit_index < len(hits) and other.hit_index != item.hit_index:
                there = hits[other.hit_index].chunk
                if there.doc_id == chunk.doc_id and 0 <= there.start + other.sentence.start - end <= 3:
                    return other
    return None


def whole(items: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """A sentence cut by the end of its passage (« Vincent Strubel a déclaré : ») is quoted
    whole from an overlapping passage that holds all of it."""
    place = {(s.hit_index, s.position) for s in scored}
    out = []
    for item in items:
        text = item.sentence.text
        if (item.hit_index, item.position + 1) not in place and len(text) >= 20:
            longer = [s for s in scored if s.sentence.text != text
                      and s.sentence.text.startswith(text.rstrip(" :…"))
                      and not any(s.sentence.text == o.sentence.text for o in items)]
            if longer:
                item = max(longer, key=lambda s: len(s.sentence.text))
        out.append(item)
    return out


def _redundant(a: Scored, b: Scored, share: float) -> bool:
    if a.sentence.text == b.sentence.text:
        return True
    small = min(len(a.sentence.stems), len(b.sentence.stems)) or 1
    return len(a.sentence.stems & b.sentence.stems) / small >= share


# -- the shipped weights -------------------------------------------------------------------------

observer: Callable[..., None] | None = None  # the fitting script watches the candidates here


def weights_path() -> Path:
    return Path(str(resources.files("assistant") / "data" / WEIGHTS_FILE))


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    """The shipped model, or None when its file is missing or stale (the hand-set choice
    then stands)."""
    try:
        data = json.loads(weights_path().read_text(encoding="utf-8"))
        model = Model.from_dict(data)
        if data.get("associations"):
            model.associations = Associations.load(weights_path().with_name(
                data["associations"]))
        return model
    except (OSError, ValueError, KeyError, TypeError):
        return None


_override: list[Model | None] = []


def use(model: Model | None) -> None:
    """Make ``model`` the one answers use (None: back to the hand-set choice); the fitting
    script scores each held-out question with the model of the folds that did not see it."""
    _override[:] = [model]


def reset() -> None:
    _override.clear()


def current() -> Model | None:
    return _override[0] if _override else default_model()
