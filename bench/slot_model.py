"""A logistic model over hashed slots, the shape both learned word-pair models share.

``assistant/associations.py`` (the ranker's word associations) and the answerability check's
pairs (``assistant/answerability.py``) each describe an example by the sorted slots its pairs
hash to; this fits scikit-learn's L2 logistic regression on those rows and keeps the weighted
slots as an ``Associations`` (what answering reads, without scikit-learn).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def slot_matrix(rows: Sequence[np.ndarray]):
    """One sparse row per example, 1 in each of its slots."""
    from scipy.sparse import csr_matrix

    from assistant.associations import SLOTS

    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.concatenate(rows) if len(rows) else np.zeros(0, dtype=np.int64)
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), SLOTS))


def fit_slot_model(rows: Sequence[np.ndarray], targets: Sequence[int], c: float,
                   **solver: Any):
    """The weighted slots of a logistic regression (inverse L2 strength ``c``) predicting
    ``targets`` from ``rows``; ``solver``: scikit-learn's solver options."""
    from sklearn.linear_model import LogisticRegression

    from assistant.associations import Associations

    fitted = LogisticRegression(C=c, **solver).fit(slot_matrix(rows), np.asarray(targets))
    return Associations.from_dense(fitted.coef_[0], float(fitted.intercept_[0]))
