"""Fit the composer's decision thresholds on the ``dev`` questions, with k-fold cross-validation.

    python -m bench.tune_reader [--folds 5]

Every candidate setting of a small grid (the abstention score, the share of the question's
names required around an answer, the weight of the answer's shape) answers every ``dev``
question once; then, for each fold, the setting with the best share of correct questions on
the other folds is scored on the held-out fold. The mean of those held-out scores estimates
how the fitting procedure does on questions it did not see; the setting chosen on the whole of
``dev`` is the one to put in ``composer.Weights``. The ``test`` split is never read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
from dataclasses import replace

GRID = {
    "min_score": (0.40, 0.45, 0.49, 0.53),
    "min_entities": (0.5, 0.7, 0.9),
    "shape": (0.06, 0.12),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from assistant import composer
    from assistant.evaluation import evaluate, split_questions
    from core.settings import Settings

    questions = split_questions("dev")
    settings = Settings.from_env()
    base = composer.DEFAULT_WEIGHTS
    names = list(GRID)
    outcomes: dict[tuple[float, ...], list[bool]] = {}
    for values in itertools.product(*(GRID[n] for n in names)):
        composer.DEFAULT_WEIGHTS = replace(base, **dict(zip(names, values, strict=True)))
        report = evaluate(questions, settings=settings, split="dev")
        outcomes[values] = [row.correct for row in report.rows]
        print(f"{dict(zip(names, values, strict=True))}: {statistics.fmean(outcomes[values]):.3f}",
              file=sys.stderr, flush=True)
    composer.DEFAULT_WEIGHTS = base

    order = list(range(len(questions)))
    random.Random(args.seed).shuffle(order)
    folds = [order[i::args.folds] for i in range(args.folds)]
    held_out = []
    for fold in folds:
        train = [i for i in order if i not in set(fold)]
        best = max(outcomes, key=lambda v: statistics.fmean(outcomes[v][i] for i in train))
        held_out.append(statistics.fmean(outcomes[best][i] for i in fold))
    chosen = max(outcomes, key=lambda v: statistics.fmean(outcomes[v]))
    print(json.dumps({
        "folds": args.folds,
        "cross_validated_correct": round(statistics.fmean(held_out), 3),
        "per_fold": [round(x, 3) for x in held_out],
        "chosen_on_all_dev": dict(zip(names, chosen, strict=True)),
        "dev_correct_with_chosen": round(statistics.fmean(outcomes[chosen]), 3),
        "dev_correct_with_current": round(statistics.fmean(
            outcomes.get(tuple(getattr(base, n) for n in names), [0.0])), 3),
    }, indent=1))


if __name__ == "__main__":
    main()
