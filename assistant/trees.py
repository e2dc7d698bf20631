"""Gradient-boosted decision trees, evaluated with numpy.

The sentence scorer (``scoring.py``) can be an ensemble of small regression trees fitted by
scikit-learn's ``HistGradientBoostingClassifier`` (``bench/fit_scorer.py --trees``). Answering
needs none of scikit-learn: the fitted trees are stored as flat arrays in the scorer's JSON
file and evaluated here, every row through every tree at once, one level per step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

LEAF = -1  # the feature index of a leaf


@dataclass
class TreeEnsemble:
    """Trees stored node after node: the feature a node tests (``LEAF`` for a leaf), the
    threshold (a row goes left when its feature is at most the threshold), the children (as
    indices into these arrays), and the value a leaf adds to the log-odds."""

    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    def __post_init__(self) -> None:
        import numpy as np

        # (a leaf's test is never read: it reads feature 0, so that gathers stay in range)
        self._leaf = self.feature == LEAF
        self._feature = np.where(self._leaf, 0, self.feature)
        self._threshold = np.where(self._leaf, np.inf, self.threshold)

    def decision(self, matrix: np.ndarray) -> np.ndarray:
        """The log-odds of each row: every (row, tree) pair walks down one level per step;
        the pairs that have reached a leaf drop out."""
        import numpy as np

        n, width = matrix.shape
        flat = np.ascontiguousarray(matrix, dtype=np.float64).ravel()
        node = np.tile(self.roots, n)
        offset = np.repeat(np.arange(n) * width, len(self.roots))
        active = np.arange(len(node))
        while len(active):
            at = node[active]
            go_left = flat[offset[active] + self._feature[at]] <= self._threshold[at]
            at = np.where(go_left, self.left[at], self.right[at])
            node[active] = at
            active = active[~self._leaf[at]]
        return self.baseline + self.value[node].reshape(n, len(self.roots)).sum(axis=1)

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": round(self.baseline, 8), "depth": self.depth,
                "roots": self.roots.tolist(), "feature": self.feature.tolist(),
                "threshold": [float(f"{t:.9g}") for t in self.threshold],
                "left": self.left.tolist(), "right": self.right.tolist(),
                "value": [float(f"{v:.9g}") for v in self.value]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeEnsemble:
        import numpy as np

        return cls(float(data["baseline"]), np.asarray(data["roots"], dtype=np.int64),
                   np.asarray(data["feature"], dtype=np.int64),
                   np.asarray(data["threshold"], dtype=np.float64),
                   np.asarray(data["left"], dtype=np.int64),
                   np.asarray(data["right"], dtype=np.int64),
                   np.asarray(data["value"], dtype=np.float64), int(data["depth"]))

    @classmethod
    def from_nodes(cls, baseline: float, trees: Iterable[Sequence[Any]]) -> TreeEnsemble:
        """From scikit-learn's fitted trees (``TreePredictor.nodes`` of a binary classifier:
        records with ``feature_idx``, ``num_threshold``, ``left``, ``right``, ``value``,
        ``is_leaf`` and ``depth``)."""
        import numpy as np

        roots: list[int] = []
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        depth = 0
        for nodes in trees:
            offset = len(feature)
            roots.append(offset)
            for node in nodes:
                leaf = bool(node["is_leaf"])
                feature.append(LEAF if leaf else int(node["feature_idx"]))
                threshold.append(0.0 if leaf else float(node["num_threshold"]))
                left.append(offset + int(node["left"]) if not leaf else len(left))
                right.append(offset + int(node["right"]) if not leaf else len(right))
                value.append(float(node["value"]) if leaf else 0.0)
                depth = max(depth, int(node["depth"]))
        return cls(float(baseline), np.asarray(roots, dtype=np.int64),
                   np.asarray(feature, dtype=np.int64), np.asarray(threshold),
                   np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64),
                   np.asarray(value), depth + 1)
