"""Fit the answerability check (``assistant/answerability.py``) with k-fold cross-validation.

    python -m bench.fit_answerability --keep-wrong --features ask_union,ask_sentence,\
        slot_missing,slot_filled,missing_all_max,unknown_terms,strength,shape_full,fact_kind \
        [--folds 5] [--save-rows rows.json | --rows rows.json] [--write]

Every question of the ``dev`` and ``regression`` sets is answered once with the check
switched off; for each one the composer would answer, the check's features are recorded.
The label is whether the question is answerable. A logistic regression (L2, standardised
features) and its threshold are fitted on k-1 folds, the threshold chosen to maximise the
number of questions handled correctly on those folds, a false abstention costing
``--false-abstention-cost`` more; the held-out fold is then scored as the
whole pipeline would be: an answer the check refuses becomes a partial answer (counted as an
abstention). The mean over folds is the cross-validated figure. ``--write`` saves the model
fitted on every question to ``assistant/data/answerability.json``. The ``test`` split is never
read.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

import numpy as np


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


def score(rows: list[dict], vetoes: dict[int, bool]) -> dict[str, float]:
    results = [outcome(r, vetoes.get(i, False)) for i, r in enumerate(rows)]
    unanswerable = [res for res, r in zip(results, rows, strict=True) if not r["answerable_expected"]]
    answerable = [res for res, r in zip(results, rows, strict=True) if r["answerable_expected"]]
    return {
        "correct": statistics.fmean(r[0] for r in results),
        "abstention": statistics.fmean(r[1] for r in unanswerable) if unanswerable else 0.0,
        "false_abstention": statistics.fmean(r[2] for r in answerable) if answerable else 0.0,
    }


FALSE_ABSTENTION_COST = 0.5  # set by --false-abstention-cost


def choose_threshold(p: np.ndarray, rows: list[dict], judged: list[int]) -> float:
    """The threshold with the most questions handled correctly, each false abstention
    (an answerable question refused) costing ``FALSE_ABSTENTION_COST`` more."""
    best, best_value = 0.5, -1e9
    answerable = sum(r["answerable_expected"] for r in rows) or 1
    for threshold in np.arange(0.05, 0.96, 0.025):
        vetoes = {i: bool(p[j] < threshold) for j, i in enumerate(judged)}
        figures = score(rows, vetoes)
        value = (figures["correct"] * len(rows)
                 - FALSE_ABSTENTION_COST * figures["false_abstention"] * answerable)
        if value > best_value + 1e-9:
            best, best_value = float(threshold), value
    return best


def collect() -> list[dict]:
    """Answer every dev and regression question once; record the check's features."""
    from assistant import answerability
    from assistant.answering import answer
    from assistant.evaluation import evaluate, split_questions
    from core.settings import Settings

    dev = split_questions("dev")
    questions = dev + split_questions("regression")
    settings = Settings.from_env()
    slot: list[dict] = []

    def record(values: dict[str, float], shapeless: bool) -> answerability.Verdict:
        slot.append({"features": values, "shapeless": shapeless})
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
            "id": question.id, "kind": row.kind or "", "language": row.language,
            "answerable_expected": row.answerable_expected, "answered": row.answerable,
            "facts_found": row.facts_found, "followup": row.followup,
            "judged": bool(seen and not seen["shapeless"]),
            "features": seen["features"] if seen else None,
            "set": "dev" if index < len(dev) else "regression",
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--rows", type=Path, help="reuse rows saved by an earlier run")
    parser.add_argument("--save-rows", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--features", help="comma-separated subset of the features")
    parser.add_argument("--false-abstention-cost", type=float, default=0.5)
    parser.add_argument("--keep-wrong", action="store_true",
                        help="also train on answerable questions answered without their facts")
    args = parser.parse_args()

    from assistant import answerability

    globals()["FALSE_ABSTENTION_COST"] = args.false_abstention_cost
    rows = json.loads(args.rows.read_text()) if args.rows else collect()
    if args.save_rows:
        args.save_rows.write_text(json.dumps(rows))
    names = tuple(args.features.split(",")) if args.features else answerability.FEATURES
    judged = [i for i, r in enumerate(rows) if r["judged"]]
    x_all = np.array([[rows[i]["features"][n] for n in names] for i in judged], dtype=float)
    y_all = np.array([1.0 if rows[i]["answerable_expected"] else 0.0 for i in judged])

    def usable(row: dict) -> bool:
        """Answerable questions answered without their facts say little either way."""
        return args.keep_wrong or not row["answerable_expected"] or row["facts_found"]

    order = list(range(len(rows)))
    random.Random(args.seed).shuffle(order)
    folds = [set(order[f::args.folds]) for f in range(args.folds)]
    held: list[dict[str, float]] = []
    vetoes_cv: dict[int, bool] = {}
    for fold in folds:
        train = [j for j, i in enumerate(judged) if i not in fold and usable(rows[i])]
        test = [j for j, i in enumerate(judged) if i in fold]
        x, y = x_all[train], y_all[train]
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        coef, intercept = fit_logistic((x - mean) / scale, y, args.l2)
        train = [j for j, i in enumerate(judged) if i not in fold]
        x = x_all[train]
        p_train = 1 / (1 + np.exp(-(((x - mean) / scale) @ coef + intercept)))
        train_rows = [rows[i] for i in range(len(rows)) if i not in fold]
        train_index = {i: n for n, i in enumerate(i for i in range(len(rows)) if i not in fold)}
        threshold = choose_threshold(
            p_train, train_rows, [train_index[judged[j]] for j in train])
        p_test = 1 / (1 + np.exp(-(((x_all[test] - mean) / scale) @ coef + intercept)))
        fold_rows = [rows[i] for i in sorted(fold)]
        fold_index = {i: n for n, i in enumerate(sorted(fold))}
        vetoes = {fold_index[judged[j]]: bool(p < threshold) for j, p in zip(test, p_test, strict=True)}
        vetoes_cv.update({judged[j]: bool(p < threshold) for j, p in zip(test, p_test, strict=True)})
        held.append(score(fold_rows, vetoes))

    def subset(keep) -> dict[str, float]:
        chosen = [i for i in range(len(rows)) if keep(rows[i])]
        local = {i: n for n, i in enumerate(chosen)}
        return score([rows[i] for i in chosen],
                     {local[i]: v for i, v in vetoes_cv.items() if i in local})

    fit = [j for j, i in enumerate(judged) if usable(rows[i])]
    mean, scale = x_all[fit].mean(axis=0), x_all[fit].std(axis=0)
    scale[scale == 0] = 1.0
    coef, intercept = fit_logistic((x_all[fit] - mean) / scale, y_all[fit], args.l2)
    p_all = 1 / (1 + np.exp(-(((x_all - mean) / scale) @ coef + intercept)))
    threshold = choose_threshold(p_all, rows, judged)
    summary = {
        "questions": len(rows), "judged": len(judged), "folds": args.folds, "l2": args.l2,
        "without_check": {
            "all": {k: round(v, 3) for k, v in score(rows, {}).items()},
            "dev": {k: round(v, 3) for k, v in
                    score([r for r in rows if r["set"] == "dev"], {}).items()},
        },
        "cross_validated": {k: round(statistics.fmean(h[k] for h in held), 3) for k in held[0]},
        "cross_validated_per_fold": [round(h["correct"], 3) for h in held],
        "cross_validated_dev": {k: round(v, 3) for k, v in
                                subset(lambda r: r["set"] == "dev").items()},
        "cross_validated_regression": {k: round(v, 3) for k, v in
                                       subset(lambda r: r["set"] == "regression").items()},
        "cross_validated_fr": {k: round(v, 3) for k, v in
                               subset(lambda r: r["language"] == "fr").items()},
        "cross_validated_en": {k: round(v, 3) for k, v in
                               subset(lambda r: r["language"] == "en").items()},
        "threshold": round(threshold, 3),
        "weights": {n: round(float(c), 3) for n, c in zip(names, coef, strict=True)},
    }
    print(json.dumps(summary, indent=1))
    if args.write:
        model = answerability.Model(tuple(names), tuple(float(v) for v in mean),
                                    tuple(float(v) for v in scale),
                                    tuple(float(v) for v in coef), intercept, threshold)
        data = model.to_dict()
        data["fitted_on"] = "dev + regression questions, labels: answerable or not"
        data["cross_validated"] = summary["cross_validated"]
        path = Path(__file__).resolve().parents[1] / "assistant" / "data" / \
            answerability.MODEL_FILE
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"written {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
