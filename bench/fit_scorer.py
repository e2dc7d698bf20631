"""Fit the sentence scorer (``assistant/scoring.py``) on the dev and regression questions.

    python -m bench.fit_scorer [--writers | --folds 5 --seed 0] [--trees 400] [--end-to-end]
                               [--no-save] [--cache FILE]

1. Every ``dev`` and regression question is answered once with the hand-set choice; for each
   part of each question the composer's candidate sentences (every sentence of the retrieved
   passages) are recorded with their features (``scoring.features``).
2. Label: the sentence holds one of the question's expected facts (one of its spellings,
   case, accents and spacing ignored), weighted by the square of how many it holds.
   Unanswerable questions carry no labels.
3. The word associations (``assistant/associations.py``): a logistic model over the hashed
   (question word, sentence word) and (kind, sentence word) pairs of every candidate, fitted
   to the same labels (does the sentence hold an expected fact), gives the ranker its
   ``association`` column. So that the ranker learns how far to trust the pairs on questions
   they were not fitted on, the column it is fitted on is out of fold: each training fold's
   from pairs fitted on the other training folds (nested inside the cross-validation), the
   held-out questions' from pairs fitted on every training fold.
4. Cross-validation by whole groups of questions: ``--writers`` holds out one batch of
   question writers at a time (and the regression set as a fold of its own), so that every
   question is scored by a model that never saw its writers' phrasing; otherwise k folds of
   whole twin groups (``bench/folds.py``). On each fold the model — gradient-boosted trees
   that rank each part's candidates (``--trees N``, LightGBM's LambdaRank: the sentences
   holding an expected fact first), or with ``--trees 0`` a listwise linear model whose L2
   strength is chosen on held-out loss — is fitted on the other folds' sentences, and the
   selection settings (how probable, how close to the best, how many, how many characters)
   are chosen on the other folds' questions; the held-out questions are then scored.
   Reported per kind, language and writer: the share of answerable questions whose quoted
   sentences hold every expected fact, with the hand-set choice (before), the model in the
   repository (shipped) and the cross-validated one (after), and the median quoted length.
5. ``--end-to-end``: ``souverain eval`` figures on dev and on the regression set, each question
   answered with the model of the folds that did not see it.
6. The model fitted on every question (its association column out of fold), with the settings
   chosen on every question, is written to ``assistant/data/sentence_scorer.json``, and the
   pairs fitted on every question to ``sentence_associations.npz`` beside it (unless
   ``--no-save``).

The ``test`` split is never read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench.folds import folds, writer, writer_folds

L2_GRID = (3.0, 10.0, 30.0)
# The trees (``--trees``): LambdaRank over each part's candidates (the relevance: how many
# expected facts a sentence holds, squared, at most 3), a slow learning rate, small trees,
# leaves of at least 40 sentences, the ranking judged on its first five places.
TREE_SETTINGS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 15,
                 "min_child_samples": 40, "reg_lambda": 1.0, "lambdarank_truncation_level": 5,
                 "random_state": 0, "deterministic": True, "force_row_wise": True,
                 "verbose": -1}
SELECTION_GRID = {
    "min_probability": (0.0, 0.05),
    "ratio": (0.1, 0.2, 0.35, 0.5),
    "max_sentences": (2, 3),
    "max_list": (4, 5),
    "budget": (460, 540, 620),
    "redundancy": (0.7,),
    "anchor": (False,),  # True never won a fold
}
# The word associations' logistic model (``assistant/associations.py``): its L2 strength
# (liblinear's C).
ASSOCIATION_C = 0.1
TARGET_LENGTH = 300  # median quoted characters (the answer adds « » [n] and the lead line)


@dataclass
class PartRecord:
    kind: str
    matrix: np.ndarray
    scored: list[Any]
    hits: list[Any]
    chosen: list[Any]  # the hand-set choice
    hand_set: bool = False  # readers' comments, a follow-up's sequel: the hand-set choice stands
    question: tuple[int, ...] = ()  # the question's side of the word associations
    slots: list[Any] = field(default_factory=list)  # per sentence, its word pairs' slots


@dataclass
class QuestionRecord:
    index: int
    id: str
    question: str
    split: str
    kind: str
    language: str
    answerable: bool
    facts: list[list[str]]
    parts: list[PartRecord] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)  # per part, 0/1 per sentence


def collect(settings: Any) -> tuple[list[QuestionRecord], dict[str, Any]]:
    from assistant import scoring
    from assistant.answering import answer
    from assistant.evaluation import evaluate, split_questions

    records: list[QuestionRecord] = []
    reports = {}
    current: list[QuestionRecord] = []

    def observe(analysis, part, scored, hits, bank, candidates, chosen, sequel) -> None:
        current[-1].parts.append(PartRecord(candidates.kind, candidates.matrix, list(scored),
                                            list(hits), list(chosen),
                                            analysis.comments or sequel,
                                            scoring.asked_codes(analysis, candidates.kind)))

    scoring.observer = observe
    scoring.use(None)
    try:
        for split in ("dev", "regression"):
            questions = split_questions(split)
            queue = list(questions)

            def ask(question: str, queue: list = queue, split: str = split, **kwargs: Any):
                q = queue.pop(0)
                assert q.question == question
                current.append(QuestionRecord(len(records) + len(current), q.id, q.question,
                                              split,
                                              q.kind or "other", q.language, q.answerable,
                                              q.expected_facts))
                return answer(question, **kwargs)

            reports[split] = evaluate(questions, settings=settings, ask=ask, split=split)
            records.extend(current)
            current.clear()
    finally:
        scoring.observer = None
        scoring.reset()
    return records, reports


def labels(record: QuestionRecord, part: PartRecord) -> np.ndarray:
    """For each sentence, the square of the number of expected facts it holds (0: none), so
    that the sentence holding two facts weighs four times one holding one. A fact found in
    many candidates (a year, a country, « oui ») tells little about which sentence answers:
    it labels only when no rarer fact is found at all."""
    from assistant.evaluation import normalize

    texts = [normalize(s.sentence.text) for s in part.scored]
    if not record.answerable or not texts:
        return np.zeros(len(texts))
    hits = [np.asarray([any(normalize(a) in t for a in fact) for t in texts])
            for fact in record.facts]
    limit = max(3, 0.15 * len(texts))
    rare = [h for h in hits if 0 < h.sum() <= limit]
    chosen = rare or [h for h in hits if h.sum()]
    return np.sum(chosen, axis=0).astype(float) ** 2 if chosen else np.zeros(len(texts))


def holds(record: QuestionRecord, texts: list[str]) -> bool:
    from assistant.evaluation import facts_present

    return not facts_present(" ".join(texts), record.facts)


def quoted(record: QuestionRecord, selection: dict[str, Any] | None,
           probabilities: list[np.ndarray] | None) -> list[str]:
    from assistant import scoring

    texts: list[str] = []
    for i, part in enumerate(record.parts):
        if not part.scored:
            continue
        if selection is None or part.scored[0].not_found or part.hand_set:
            items = part.chosen
        else:
            items = scoring.select(selection, part.kind, part.scored, part.hits,
                                   list(probabilities[i]))
        for s in items:
            if s.sentence.text not in texts:
                texts.append(s.sentence.text)
    return texts


def graded(records: list[QuestionRecord]) -> list[QuestionRecord]:
    return [r for r in records if r.answerable and r.parts]


def groups_of(records: list[QuestionRecord], mean: np.ndarray, scale: np.ndarray):
    return [((p.matrix - mean) / scale, lab) for r in records
            for p, lab in zip(r.parts, r.labels, strict=False)
            if 0 < (lab > 0).sum() < len(lab)]


def fit_model(records: list[QuestionRecord], l2: float,
              trees: int = 0) -> tuple[Any, ...]:
    """The model's parameters: with ``trees``, that many gradient-boosted trees fitted to rank
    each part's candidates (LambdaRank), on the parts that have both kinds of sentence;
    otherwise the listwise linear model: a softmax over each part's candidates, fitted
    (L-BFGS) to put its probability on the sentences that hold an expected fact."""
    from assistant import scoring

    if trees:
        import lightgbm

        from assistant.trees import TreeEnsemble

        parts = [(p.matrix, lab) for r in records
                 for p, lab in zip(r.parts, r.labels, strict=False)
                 if 0 < (lab > 0).sum() < len(lab)]
        ranker = lightgbm.LGBMRanker(n_estimators=trees, **TREE_SETTINGS).fit(
            np.vstack([m for m, _ in parts]),
            np.concatenate([np.minimum(lab, 3) for _, lab in parts]).astype(int),
            group=[len(m) for m, _ in parts])
        return (TreeEnsemble.from_lightgbm(ranker.booster_.dump_model()),)
    from scipy.optimize import minimize

    mean, scale = scoring.standardise(np.vstack([p.matrix for r in records for p in r.parts
                                                 if len(p.matrix)]))
    groups = groups_of(records, mean, scale)
    result = minimize(scoring.listwise_loss, np.zeros(len(mean)), args=(groups, l2), jac=True,
                      method="L-BFGS-B", options={"maxiter": 400})
    return mean, scale, result.x


def with_slots(records: list[QuestionRecord]) -> None:
    """Each candidate's word-pair slots (``assistant/associations.py``)."""
    from assistant.associations import pair_slots, sentence_codes

    for record in records:
        for part in record.parts:
            part.slots = [pair_slots(part.question, sentence_codes(s.sentence.text,
                                                                   s.sentence.stems))
                          for s in part.scored]


def fit_associations(records: list[QuestionRecord]):
    """The word pairs' logistic model: does a candidate hold an expected fact, from its
    (question word, sentence word) and (kind, sentence word) slots; the parts the ranker
    learns from (some candidates hold a fact, some do not)."""
    from bench.slot_model import fit_slot_model

    rows, targets = [], []
    for r in records:
        for part, lab in zip(r.parts, r.labels, strict=False):
            if 0 < (lab > 0).sum() < len(lab):
                rows.extend(part.slots)
                targets.extend((lab > 0).astype(int))
    return fit_slot_model(rows, targets, ASSOCIATION_C, solver="liblinear", max_iter=200)


def set_associations(records: list[QuestionRecord], associations: Any) -> None:
    """Fill the ``association`` column of these records' candidates."""
    from assistant import scoring

    column = scoring.FEATURES.index("association")
    for r in records:
        for part in r.parts:
            if len(part.matrix):
                part.matrix[:, column] = [associations.score(s) for s in part.slots]


def out_of_fold_associations(groups: list[list[QuestionRecord]]) -> None:
    """Each group's ``association`` column from pairs fitted on the other groups, so that the
    ranker learns how far to trust pairs it has not seen fitted on its own questions."""
    for k, group in enumerate(groups):
        set_associations(group, fit_associations(
            [r for j, other in enumerate(groups) if j != k for r in other]))


def model_of(params: tuple[Any, ...], selection: dict[str, Any], associations: Any = None):
    from assistant import scoring

    names = list(scoring.FEATURES)
    if len(params) == 1:
        return scoring.Model.ranked(names, params[0], selection, associations)
    mean, scale, coef = params
    return scoring.Model(names, mean, scale, coef, dict(selection))


def probabilities(model, record: QuestionRecord) -> list[np.ndarray]:
    return [model.probabilities(p.matrix) if len(p.matrix) else np.zeros(0) for p in record.parts]


def choose_selection(records: list[QuestionRecord], model) -> tuple[dict[str, Any], float]:
    """The selection settings with the most questions holding every fact, the median quoted
    length kept near ``TARGET_LENGTH``."""
    data = [(r, probabilities(model, r)) for r in graded(records)]
    names = list(SELECTION_GRID)
    best, best_value = None, -1.0
    for values in itertools.product(*(SELECTION_GRID[n] for n in names)):
        selection = dict(zip(names, values, strict=False))
        ok, lengths = 0, []
        for record, p in data:
            texts = quoted(record, selection, p)
            ok += holds(record, texts)
            lengths.append(sum(len(t) for t in texts))
        value = ok / len(data) - 0.002 * max(0.0, statistics.median(lengths) - TARGET_LENGTH)
        if value > best_value:
            best, best_value = selection, value
    assert best is not None
    return best, best_value


def log_loss(model, records: list[QuestionRecord]) -> float:
    """Held-out listwise loss per part (no penalty)."""
    from assistant import scoring

    groups = groups_of(records, model.mean, model.scale)
    return scoring.listwise_loss(model.coef, groups, 0.0)[0] / max(1, len(groups))


def main() -> None:
    global TARGET_LENGTH
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--writers", action="store_true",
                        help="hold out one batch of question writers per fold")
    parser.add_argument("--trees", type=int, default=400,
                        help="boosting rounds (0: the linear listwise model)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--end-to-end", action="store_true")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--target-length", type=int, default=TARGET_LENGTH,
                        help="median quoted characters the selection is held near")
    parser.add_argument("--save-held-out", metavar="FILE",
                        help="write each answerable question's held-out quote (JSON Lines: id, "
                        "kind, language, whether it holds every fact before / shipped / after)")
    parser.add_argument("--cache", help="keep the recorded candidates in this file (re-fits "
                        "without answering again; delete it after changing the features)")
    args = parser.parse_args()

    from assistant import scoring
    from assistant.associations import ASSOCIATIONS_FILE
    from core.settings import Settings

    TARGET_LENGTH = args.target_length
    settings = Settings.from_env()
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, "rb") as fh:
            records, before_reports = pickle.load(fh)
    else:
        records, before_reports = collect(settings)
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump((records, before_reports), fh)
    for record in records:
        record.labels = [labels(record, part) for part in record.parts]
        for part in record.parts:
            if part.matrix.shape[1] == len(scoring.FEATURES) - len(scoring.CHOSEN):
                part.matrix = np.hstack([part.matrix,
                                         scoring.chosen_columns(part.scored, part.chosen)])
    with_slots(records)
    print(f"{len(records)} questions, {len(graded(records))} answerable with candidates, "
          f"{sum(len(p.scored) for r in records for p in r.parts)} candidate sentences",
          file=sys.stderr, flush=True)

    rows = [{"id": r.id, "question": r.question, "split": r.split} for r in records]
    assigned = writer_folds(rows) if args.writers else folds(rows, args.folds, args.seed)
    keys = sorted(set(assigned))
    folds_of = [[i for i, f in enumerate(assigned) if f == k] for k in keys]
    fold_of = {i: keys.index(f) for i, f in enumerate(assigned)}

    # the L2 strength of the linear model: held-out log loss, averaged over folds
    l2_loss: dict[float, float] = {}
    for l2 in L2_GRID if not args.trees else ():
        losses = []
        for members in folds_of:
            held = set(members)
            train = [r for r in records if r.index not in held]
            model = model_of(fit_model(train, l2), scoring.DEFAULT_SELECTION)
            losses.append(log_loss(model, [records[i] for i in members]))
        l2_loss[l2] = statistics.fmean(losses)
        print(f"l2 {l2}: held-out log loss {l2_loss[l2]:.4f}", file=sys.stderr, flush=True)
    l2 = min(l2_loss, key=lambda k: l2_loss[k]) if l2_loss else 0.0
    shipped = scoring.default_model()

    fold_models = []
    outcome: dict[int, tuple[bool, bool, bool, int, int]] = {}  # before, shipped, after, lengths
    held_out: list[dict[str, Any]] = []
    for f, members in enumerate(folds_of):
        held = set(members)
        train = [r for r in records if r.index not in held]
        # the training questions' association column from pairs fitted without their own
        # fold, the held-out ones' from pairs fitted on every training question
        out_of_fold_associations([[records[i] for i in other] for other in folds_of
                                  if other is not members])
        associations = fit_associations(train)
        set_associations([records[i] for i in members], associations)
        params = fit_model(train, l2, args.trees)
        selection, value = choose_selection(train, model_of(params, scoring.DEFAULT_SELECTION))
        model = model_of(params, selection, associations)
        fold_models.append(model)
        print(f"fold {f}: {selection} (train {value:.3f})", file=sys.stderr, flush=True)
        for i in members:
            record = records[i]
            if not (record.answerable and record.parts):
                continue
            old = quoted(record, None, None)
            current = old if shipped is None else quoted(record, shipped.selection,
                                                         probabilities(shipped, record))
            new = quoted(record, selection, probabilities(model, record))
            outcome[i] = (holds(record, old), holds(record, current), holds(record, new),
                          sum(len(t) for t in old), sum(len(t) for t in new))
            if args.save_held_out:
                held_out.append({"id": record.id, "kind": record.kind,
                                 "language": record.language, "before": outcome[i][0],
                                 "shipped": outcome[i][1], "after": outcome[i][2],
                                 "quoted": new})
    if args.save_held_out:
        with open(args.save_held_out, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in held_out)

    # n, reachable, before, shipped, after, lengths before, lengths after
    table: dict[str, list[Any]] = defaultdict(lambda: [0, 0, 0, 0, 0, [], []])
    for i, (old_ok, shipped_ok, new_ok, old_len, new_len) in outcome.items():
        record = records[i]
        reachable = holds(record, [s.sentence.text for p in record.parts for s in p.scored])
        keys = [f"{record.split}:all", f"{record.split}:{record.kind}",
                f"{record.split}:lang={record.language}", "all"]
        if record.split == "dev":
            keys.append(f"writer:{writer(record.id)}")
        for key in keys:
            row = table[key]
            row[0] += 1
            row[1] += reachable
            row[2] += old_ok
            row[3] += shipped_ok
            row[4] += new_ok
            row[5].append(old_len)
            row[6].append(new_len)
    result: dict[str, Any] = {
        "folds": "writers" if args.writers else args.folds, "seed": args.seed,
        "trees": args.trees, "l2": l2,
        "held_out_log_loss": {str(k): round(v, 4) for k, v in l2_loss.items()}, "cv": {}}
    print(f"\n{'slice':<26}{'n':>4}{'in passages':>12}{'before':>8}{'shipped':>8}{'after':>8}"
          f"{'len before':>11}{'len after':>10}")
    for key in sorted(table):
        n, reachable, old_ok, shipped_ok, new_ok, old_lengths, new_lengths = table[key]
        result["cv"][key] = {"n": n, "in_passages": round(reachable / n, 3),
                             "before": round(old_ok / n, 3),
                             "shipped": round(shipped_ok / n, 3), "after": round(new_ok / n, 3),
                             "median_chars_before": statistics.median(old_lengths),
                             "median_chars_after": statistics.median(new_lengths)}
        print(f"{key:<26}{n:>4}{reachable / n:>12.3f}{old_ok / n:>8.3f}{shipped_ok / n:>8.3f}"
              f"{new_ok / n:>8.3f}{statistics.median(old_lengths):>11.0f}"
              f"{statistics.median(new_lengths):>10.0f}")

    if args.end_to_end:
        result["end_to_end"] = end_to_end(settings, records, fold_models, fold_of, before_reports)

    out_of_fold_associations([[records[i] for i in members] for members in folds_of])
    params = fit_model(records, l2, args.trees)
    selection, value = choose_selection(records, model_of(params, scoring.DEFAULT_SELECTION))
    final = model_of(params, selection, fit_associations(records))
    result["selection"] = selection
    if final.trees is None:
        ranked = sorted(zip(scoring.FEATURES, final.coef, strict=False),
                        key=lambda x: -abs(x[1]))
        result["largest_weights"] = [[n, round(float(c), 3)] for n, c in ranked[:15]]
    print(json.dumps(result, indent=1))
    if not args.no_save:
        scoring.weights_path().write_text(json.dumps(final.to_dict()) + "\n", encoding="utf-8")
        final.associations.save(scoring.weights_path().with_name(ASSOCIATIONS_FILE))
        print(f"saved {scoring.weights_path()} and its {len(final.associations.slots)} word "
              f"pairs", file=sys.stderr)


def end_to_end(settings: Any, records: list[QuestionRecord], fold_models: list[Any],
               fold_of: dict[int, int], before: dict[str, Any]) -> dict[str, Any]:
    """``souverain eval`` figures, each question answered by the model that did not see it."""
    from assistant import scoring
    from assistant.answering import answer
    from assistant.evaluation import evaluate, split_questions

    out = {}
    start = 0
    for split in ("dev", "regression"):
        questions = split_questions(split)
        queue = list(range(start, start + len(questions)))
        start += len(questions)

        def ask(question: str, queue: list = queue, **kwargs: Any):
            i = queue.pop(0)
            scoring.use(fold_models[fold_of[i]])
            return answer(question, **kwargs)

        try:
            report = evaluate(questions, settings=settings, ask=ask, split=split)
        finally:
            scoring.reset()
        out[split] = {"before": _figures(before[split]), "after": _figures(report)}
        print(f"\n{split}: before / after (cross-validated models)")
        for key in out[split]["after"]:
            print(f"  {key:<28}{out[split]['before'].get(key, 0):>8}{out[split]['after'][key]:>8}")
    return out


def _figures(report: Any) -> dict[str, float]:
    figures = {"accuracy": round(report.accuracy, 3),
               "answer accuracy": round(report.fact_accuracy, 3),
               "abstention": round(report.abstention_accuracy, 3),
               "false abstentions": report.false_abstentions,
               "median chars": report.answer_length_median,
               "p50 ms": report.latency_p50_ms, "p95 ms": report.latency_p95_ms}
    for name, b in sorted(report.by_kind.items()):
        figures[f"kind {name or '-'}"] = round(b.accuracy, 3)
    for name, b in sorted(report.by_language.items()):
        figures[f"lang {name or '-'}"] = round(b.accuracy, 3)
    return figures


if __name__ == "__main__":
    main()
