"""Fit the answerability check (``assistant/answerability.py``) with grouped k-fold cross-validation.

    python -m bench.fit_answerability [--vetoes slot_missing,slot_off_focus] \
        [--features focus_slot,focus_union] [--folds 5] [--repeats 5] [--l2 10] \
        [--save-rows rows.json | --rows rows.json] [--write]

Every question of the ``dev`` and ``regression`` sets is answered once with the check
switched off; for each one the composer would answer, the check's features are recorded.
The label is whether the question is answerable. The vetoes (features that refuse on their
own when present) are hand-set; a logistic regression (L2, standardised features), fitted on
the questions they leave, and its threshold are fitted on k-1 folds, the threshold chosen to maximise the
number of questions handled correctly on those folds, a false abstention costing
``--false-abstention-cost`` more; the held-out fold is then scored as the whole pipeline
would be: an answer the check refuses becomes a partial answer (counted as an abstention).

Folds are drawn by **group**: questions that share most of their content words (the same
question asked by two writers, a paraphrase) fall in the same fold, so a held-out question
never has its twin among the training ones. The split is repeated ``--repeats`` times with
different seeds and the figures averaged: the cross-validated figures, overall, by set, by
language and by kind. ``--write`` saves the model fitted on every question to
``assistant/data/answerability.json``. The ``test`` split is never read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.folds import WRITER_BATCHES, folds, groups, writer, writer_folds

DEFAULT_VETOES = ("slot_missing", "slot_off_focus")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0,
                 iterations: int = 50) -> tuple[np.ndarray, float]:
    """Newton steps on the L2-penalised log-likelihood (the intercept is not penalised)."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def outcome(row: dict, veto: bool) -> tuple[bool, bool, bool]:
    """(correct, abstained on an unanswerable, false abstention) after the decision."""
    if row["answerable_expected"]:
        answered = row["answered"] and not veto
        return answered and row["facts_found"], False, not answered
    refused = not row["answered"] or veto
    return refused, refused, False


def score(rows: Sequence[dict], vetoes: dict[str, bool]) -> dict[str, float]:
    """Share correct, abstention on the unanswerable, false abstention on the answerable."""
    results = [outcome(r, vetoes.get(r["id"], False)) for r in rows]
    unanswerable = [res for res, r in zip(results, rows, strict=True) if not r["answerable_expected"]]
    answerable = [res for res, r in zip(results, rows, strict=True) if r["answerable_expected"]]
    return {
        "correct": statistics.fmean(r[0] for r in results) if results else 0.0,
        "abstention": statistics.fmean(r[1] for r in unanswerable) if unanswerable else float("nan"),
        "false_abstention": statistics.fmean(r[2] for r in answerable) if answerable else float("nan"),
    }


FALSE_ABSTENTION_COST = 0.5  # set by --false-abstention-cost
MAX_FALSE_ABSTENTION: float | None = None  # set by --max-false-abstention


def choose_threshold(p: dict[str, float], rows: Sequence[dict]) -> float:
    """The threshold with the most questions handled correctly, each false abstention
    (an answerable question refused) costing ``FALSE_ABSTENTION_COST`` more."""
    best, best_value = 0.5, -1e9
    answerable = sum(r["answerable_expected"] for r in rows) or 1
    start = 0.0 if MAX_FALSE_ABSTENTION is not None else 0.05  # 0: refuse nothing more
    for threshold in np.arange(start, 0.96, 0.025):
        figures = score(rows, {i: v < threshold for i, v in p.items()})
        if MAX_FALSE_ABSTENTION is not None:
            # the most questions handled correctly with false abstention under the cap
            if figures["false_abstention"] > MAX_FALSE_ABSTENTION + 1e-9:
                continue
            value = figures["correct"]
        else:
            value = (figures["correct"] * len(rows)
                     - FALSE_ABSTENTION_COST * figures["false_abstention"] * answerable)
        if value > best_value + 1e-9:
            best, best_value = float(threshold), value
    return best


class Fitted:
    """A logistic model on standardised features, with its threshold."""

    def __init__(self, rows: Sequence[dict], names: Sequence[str], l2: float,
                 vetoes: Sequence[str] = ()) -> None:
        self.rules = tuple(vetoes)
        judged = [r for r in rows if r["judged"]]
        # the regression learns from the questions the vetoes leave to it
        left = [r for r in judged if not self.vetoed(r)] or judged
        x = np.array([[r["features"][n] for n in names] for r in left], dtype=float)
        y = np.array([1.0 if r["answerable_expected"] else 0.0 for r in left])
        self.names = tuple(names)
        self.mean, self.scale = x.mean(axis=0), x.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.coef, self.intercept = fit_logistic((x - self.mean) / self.scale, y, l2)
        self.threshold = choose_threshold({r["id"]: self.p(r) for r in judged}, rows)

    def vetoed(self, row: dict) -> bool:
        return any(row["features"].get(name, 0.0) >= 0.5 for name in self.rules)

    def p(self, row: dict) -> float:
        if self.vetoed(row):
            return 0.0
        x = np.array([row["features"][n] for n in self.names], dtype=float)
        return float(1 / (1 + np.exp(-(((x - self.mean) / self.scale) @ self.coef
                                       + self.intercept))))

    def vetoes(self, rows: Sequence[dict]) -> dict[str, bool]:
        return {r["id"]: self.p(r) < self.threshold for r in rows if r["judged"]}


def fit_pairs(rows: Sequence[dict], c: float):
    """The learned pairs (``answerability.pair_tokens``): a logistic model (L2, ``1/c``)
    over their slots, label answerable."""
    from assistant.associations import token_slots
    from bench.slot_model import fit_slot_model

    return fit_slot_model([token_slots(r["tokens"]) for r in rows],
                          [1 if r["answerable_expected"] else 0 for r in rows], c,
                          max_iter=3000)


def pair_probabilities(rows: Sequence[dict], pairs) -> dict[str, float]:
    from assistant.answerability import logistic
    from assistant.associations import token_slots

    return {r["id"]: logistic(pairs.score(token_slots(r["tokens"]))) for r in rows}


def choose_pairs_threshold(p: dict[str, float], rows: Sequence[dict],
                           vetoed: dict[str, bool]) -> float:
    """As ``choose_threshold``, the pairs refusing besides what the vetoes and the
    regression refuse."""
    best, best_value = 0.0, -1e9
    answerable = sum(r["answerable_expected"] for r in rows) or 1
    for threshold in np.concatenate([[0.0], np.arange(0.05, 0.96, 0.025)]):
        figures = score(rows, {i: vetoed.get(i, False) or (i in p and p[i] < threshold)
                               for i in {r["id"] for r in rows}})
        value = (figures["correct"] * len(rows)
                 - FALSE_ABSTENTION_COST * figures["false_abstention"] * answerable)
        if value > best_value + 1e-9:
            best, best_value = float(threshold), value
    return best


def with_pairs(train: list[dict], test: list[dict], fitted: Fitted, c: float,
               inner_folds: Sequence[int],
               probabilities: dict[str, float] | None = None,
               held: float | None = None) -> tuple[dict[str, bool], Any, float]:
    """``fitted``'s vetoes on ``test`` with the pairs' refusals added: the pairs fitted on
    ``train``, their threshold ``held`` or chosen on ``train`` from out-of-fold probabilities
    (each inner fold's from pairs fitted on the others)."""
    judged = [r for r in train if r["judged"]]
    if held is None:
        fold_of = dict(zip((r["id"] for r in train), inner_folds, strict=True))
        p: dict[str, float] = {}
        for fold in sorted(set(inner_folds)):
            p.update(pair_probabilities(
                [r for r in judged if fold_of[r["id"]] == fold],
                fit_pairs([r for r in judged if fold_of[r["id"]] != fold], c)))
        threshold = choose_pairs_threshold(p, train, fitted.vetoes(train))
    else:
        threshold = held
    pairs = fit_pairs(judged, c)
    tested = [r for r in test if r["judged"]]
    q = pair_probabilities(tested, pairs)
    if probabilities is not None:
        probabilities.update(q)
    vetoes = fitted.vetoes(test)
    return ({r["id"]: vetoes.get(r["id"], False) or q[r["id"]] < threshold for r in tested},
            pairs, threshold)


def cross_validate(rows: list[dict], names: Sequence[str], *, k: int, repeats: int,
                   l2: float, vetoes: Sequence[str] = (),
                   writers: bool = False, pairs_c: float = 0.0,
                   pairs_threshold: float | None = None,
                   pair_p: dict[str, float] | None = None,
                   model_vetoed: dict[str, bool] | None = None) -> list[dict[str, bool]]:
    """Held-out vetoes, one dict per repeat (each question vetoed by the model of the
    folds that did not see it or its twins; ``writers``: one fold per batch of writers, the
    regression and extra questions together, a single repeat). ``pair_p`` and
    ``model_vetoed``, when given, receive each question's held-out pairs probability and
    whether the vetoes and the regression refused it (first repeat): with them, any pairs
    threshold can be scored without fitting again."""
    out = []
    rules = vetoes
    for seed in range(1 if writers else repeats):
        fold_of = writer_folds(rows) if writers else folds(rows, k, seed)
        held_out: dict[str, bool] = {}
        for fold in sorted(set(fold_of)):
            train = [r for r, f in zip(rows, fold_of, strict=True) if f != fold]
            test = [r for r, f in zip(rows, fold_of, strict=True) if f == fold]
            fitted = Fitted(train, names, l2, rules)
            if seed == 0 and model_vetoed is not None:
                model_vetoed.update(fitted.vetoes(test))
            if pairs_c:
                inner = [f for f in fold_of if f != fold]
                held_out.update(with_pairs(train, test, fitted, pairs_c, inner,
                                           pair_p if seed == 0 else None,
                                           held=pairs_threshold)[0])
            else:
                held_out.update(fitted.vetoes(test))
        out.append(held_out)
    return out


def figures(rows: Sequence[dict], runs: Sequence[dict[str, bool]],
            keep: Callable[[dict], bool] = lambda row: True) -> dict[str, float]:
    """The mean over repeats of the figures on the questions ``keep`` selects."""
    chosen = [r for r in rows if keep(r)]
    per_run = [score(chosen, run) for run in runs]
    out: dict[str, float] = {"n": len(chosen),
                             "unanswerable": sum(not r["answerable_expected"] for r in chosen)}
    for key in ("correct", "abstention", "false_abstention"):
        values = [f[key] for f in per_run if f[key] == f[key]]
        out[key] = round(statistics.fmean(values), 3) if values else float("nan")
    return out


def collect(extra: Path | None = None) -> list[dict]:
    """Answer every dev and regression question (and those of ``extra``, a tuning question
    file such as ``bench/data/abstention-questions.jsonl``) once; record the check's features."""
    from assistant import answerability
    from assistant.answering import answer
    from assistant.evaluation import evaluate, load_questions, split_questions
    from core.settings import Settings

    dev = split_questions("dev")
    regression = split_questions("regression")
    questions = dev + regression + (load_questions(extra) if extra else [])
    settings = Settings.from_env()
    slot: list[dict] = []

    def record(values: dict[str, float], shapeless: bool, tokens: list[str],
               settled: bool = False) -> answerability.Verdict:
        slot.append({"features": values, "shapeless": shapeless, "tokens": tokens,
                     "settled": settled})
        return answerability.Verdict(not shapeless, 1.0, values)

    recorded: list[dict | None] = []

    def ask(question: str, **kwargs: object):
        slot.clear()
        result = answer(question, **kwargs)
        recorded.append(slot[-1] if slot else None)
        return result

    answerability._override = record  # noqa: SLF001 - the fitting script's own hook
    try:
        report = evaluate(questions, settings=settings, ask=ask, split="dev+regression")
    finally:
        answerability._override = None  # noqa: SLF001
    rows = []
    for index, (question, row, seen) in enumerate(zip(questions, report.rows, recorded, strict=True)):
        rows.append({
            "id": question.id, "question": question.question, "kind": row.kind or "",
            "language": row.language, "answerable_expected": row.answerable_expected,
            "answered": row.answerable, "facts_found": row.facts_found, "followup": row.followup,
            # the check decides only where the composer asks it: not where the answer is
            # settled without it (the readers' signature answering « qui », their own words)
            "judged": bool(seen and not seen["shapeless"] and not seen.get("settled")),
            "features": seen["features"] if seen else None,
            "tokens": seen["tokens"] if seen else None,
            "set": "dev" if index < len(dev) else "regression"
            if index < len(dev) + len(regression) else "extra",
        })
    return rows


def summary(rows: list[dict], runs: list[dict[str, bool]]) -> dict[str, object]:
    """Figures without the check and cross-validated, overall and by slice."""
    slices: dict[str, Callable[[dict], bool]] = {
        "all": lambda r: True,
        "dev": lambda r: r["set"] == "dev",
        "regression": lambda r: r["set"] == "regression",
        "extra": lambda r: r["set"] == "extra",
        "fr": lambda r: r["language"] == "fr",
        "en": lambda r: r["language"] == "en",
    }
    for batch in sorted(set(WRITER_BATCHES.values())):
        slices[f"batch:{batch}"] = lambda r, batch=batch: (
            r["set"] == "dev" and WRITER_BATCHES.get(writer(r["id"])) == batch)
    kinds = sorted({r["kind"] or "(none)" for r in rows})
    for kind in kinds:
        slices[f"kind:{kind}"] = lambda r, kind=kind: (r["kind"] or "(none)") == kind
    return {
        "without_check": {name: figures(rows, [{}], keep) for name, keep in slices.items()},
        "cross_validated": {name: figures(rows, runs, keep) for name, keep in slices.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--writers", action="store_true",
                        help="hold out one batch of question writers per fold")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--rows", type=Path, help="reuse rows saved by an earlier run")
    parser.add_argument("--save-rows", type=Path)
    parser.add_argument("--save-held-out", type=Path,
                        help="write each question's held-out decision (JSON Lines) to study "
                             "what the check gets wrong on writers it did not see; with "
                             "--pairs, also its held-out pairs probability and whether the "
                             "vetoes and regression refused it, to score any pairs threshold")
    parser.add_argument("--extra", type=Path, help="a further tuning question file")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--features", help="comma-separated subset of the features")
    parser.add_argument("--vetoes", default=",".join(DEFAULT_VETOES),
                        help="features that refuse on their own when present (comma-separated)")
    parser.add_argument("--pairs", type=float, default=0.0, metavar="C",
                        help="add the learned pairs (answerability.pair_tokens), logistic "
                             "with this inverse L2 strength (0: none; 0.3 shipped)")
    parser.add_argument("--pairs-threshold", type=float, metavar="T",
                        help="hold the pairs threshold at T instead of choosing it on the "
                             "training folds (no inner folds)")
    parser.add_argument("--false-abstention-cost", type=float, default=0.5)
    parser.add_argument("--max-false-abstention", type=float,
                        help="choose the threshold for the most questions handled correctly "
                             "with false abstention (on the training folds) at most this")
    args = parser.parse_args()

    from assistant import answerability

    globals()["FALSE_ABSTENTION_COST"] = args.false_abstention_cost
    globals()["MAX_FALSE_ABSTENTION"] = args.max_false_abstention
    rows = json.loads(args.rows.read_text()) if args.rows else collect(args.extra)
    if args.save_rows:
        args.save_rows.write_text(json.dumps(rows))
    names = tuple(args.features.split(",")) if args.features else answerability.DEFAULT_FEATURES
    vetoes = tuple(v for v in args.vetoes.split(",") if v)
    unknown = (set(names) | set(vetoes)) - set(answerability.FEATURES)
    if unknown:
        parser.error(f"unknown features: {', '.join(sorted(unknown))}")
    pair_p: dict[str, float] = {}
    model_vetoed: dict[str, bool] = {}
    runs = cross_validate(rows, names, k=args.folds, repeats=args.repeats, l2=args.l2,
                          vetoes=vetoes, writers=args.writers, pairs_c=args.pairs,
                          pairs_threshold=args.pairs_threshold,
                          pair_p=pair_p, model_vetoed=model_vetoed)
    if args.save_held_out:
        with args.save_held_out.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps({
                    key: row[key] for key in ("id", "question", "kind", "language", "set",
                                              "answerable_expected", "answered", "facts_found")
                } | {"vetoed": runs[0].get(row["id"], False),
                     "model_vetoed": model_vetoed.get(row["id"], False),
                     "pairs_probability": pair_p.get(row["id"]),
                     "fired": sorted(v for v in vetoes if (row["features"] or {}).get(v))},
                    ensure_ascii=False) + "\n")
    model = Fitted(rows, names, args.l2, vetoes)
    pairs, pairs_threshold = None, 0.0
    if args.pairs:
        # the threshold from out-of-fold probabilities over the writers' (or k) folds
        fold_of = writer_folds(rows) if args.writers else folds(rows, args.folds, 0)
        _, pairs, pairs_threshold = with_pairs(rows, [], model, args.pairs, fold_of,
                                               held=args.pairs_threshold)
    result = {
        "questions": len(rows), "judged": sum(r["judged"] for r in rows),
        "folds": args.folds, "repeats": args.repeats, "l2": args.l2, "vetoes": vetoes,
        "groups": len(set(groups(rows))),
        **summary(rows, runs),
        "threshold": round(model.threshold, 3), "pairs_threshold": round(pairs_threshold, 3),
        "weights": {n: round(float(c), 3) for n, c in zip(names, model.coef, strict=True)},
    }
    print(json.dumps(result, indent=1))
    if args.write:
        shipped = answerability.Model(names, tuple(float(v) for v in model.mean),
                                      tuple(float(v) for v in model.scale),
                                      tuple(float(v) for v in model.coef), model.intercept,
                                      model.threshold, vetoes, pairs_threshold)
        data = shipped.to_dict()
        data["fitted_on"] = "dev + regression questions, labels: answerable or not"
        data["cross_validated"] = {
            key: result["cross_validated"][key]  # type: ignore[index]
            for key in ("all", "dev", "regression", "fr", "en")}
        data["cross_validated"].update(
            {k: data["cross_validated"]["all"][k] for k in
             ("correct", "abstention", "false_abstention")})
        data["validation"] = (
            "leave-writers-out cross-validation (one fold per batch of writers)" if args.writers
            else f"{args.folds}-fold cross-validation by groups of twin questions, "
                 f"{args.repeats} repeats") + f", L2 {args.l2}" + (
            f", pairs C {args.pairs}, threshold held at {args.pairs_threshold}"
             if args.pairs and args.pairs_threshold is not None
             else f", pairs C {args.pairs} (nested)" if args.pairs else "")
        path = Path(__file__).resolve().parents[1] / "assistant" / "data" / \
            answerability.MODEL_FILE
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"written {path}", file=sys.stderr)
        if pairs is not None:
            pairs.save(path.with_name(answerability.PAIRS_FILE))
            print(f"written {path.with_name(answerability.PAIRS_FILE)} "
                  f"({len(pairs.slots)} weighted slots)", file=sys.stderr)


if __name__ == "__main__":
    main()
