"""Gradient-boosted decision trees, evaluated with numpy.

The sentence scorer (``scoring.py``) is an ensemble of small regression trees fitted by
LightGBM to rank each question's candidate sentences (``bench/fit_scorer.py --trees``).
Answering needs no LightGBM: the fitted trees are stored as flat arrays in the scorer's JSON
file and evaluated here, every row through every tree at once, one level per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

LEAF = -1  # the feature index of a leaf


@dataclass
class TreeEnsemble:
    """Trees stored node after node: the feature a node tests (``LEAF`` for a leaf), the
    threshold (a row goes left when its feature is at most the threshold), the children (as
    indices into these arrays), and the value a leaf adds to the row's score (the sum of
    one leaf value per tree)."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def __post_init__(self) -> None:
        import numpy as np

        # a leaf tests feature 0 against +inf: a row that reaches it stays there
        self._leaf = self.feature == LEAF
        self._feature = np.where(self._leaf, 0, self.feature)
        self._threshold = np.where(self._leaf, np.inf, self.threshold)

    def decision(self, matrix: np.ndarray) -> np.ndarray:
        """The score of each row: every (row, tree) pair walks down one level per step;
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
        return self.value[node].reshape(n, len(self.roots)).sum(axis=1)

    def to_dict(self) -> dict[str, Any]:
        return {"roots": self.roots.tolist(),
                "feature": self.feature.tolist(),
                "threshold": [float(f"{t:.9g}") for t in self.threshold],
                "left": self.left.tolist(), "right": self.right.tolist(),
                "value": [float(f"{v:.9g}") for v in self.value]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeEnsemble:
        import numpy as np

        return cls(np.asarray(data["roots"], dtype=np.int64),
                   np.asarray(data["feature"], dtype=np.int64),
                   np.asarray(data["threshold"], dtype=np.float64),
                   np.asarray(data["left"], dtype=np.int64),
                   np.asarray(data["right"], dtype=np.int64),
                   np.asarray(data["value"], dtype=np.float64))

    @classmethod
    def from_lightgbm(cls, dump: dict[str, Any]) -> TreeEnsemble:
        """From a LightGBM model's ``dump_model()`` (numerical splits: a row goes left when
        its feature is at most the threshold)."""
        import numpy as np

        roots: list[int] = []
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []

        def add(node: dict[str, Any]) -> int:
            index = len(feature)
            feature.append(LEAF)
            threshold.append(0.0)
            left.append(index)
            right.append(index)
            value.append(float(node.get("leaf_value", 0.0)))
            if "split_feature" in node:
                if node.get("decision_type", "<=") != "<=":
                    raise ValueError(f"unsupported split: {node.get('decision_type')}")
                feature[index] = int(node["split_feature"])
                threshold[index] = float(node["threshold"])
                value[index] = 0.0
                left[index] = add(node["left_child"])
                right[index] = add(node["right_child"])
            return index

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"]))
        return cls(np.asarray(roots, dtype=np.int64), np.asarray(feature, dtype=np.int64),
                   np.asarray(threshold), np.asarray(left, dtype=np.int64),
                   np.asarray(right, dtype=np.int64), np.asarray(value))
