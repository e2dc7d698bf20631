"""Cross-validation folds over evaluation questions that keep near-duplicates together.

Two ways of splitting:

- ``folds``: whole groups of twins (questions sharing most of their content stems, and a
  writer's answerable question with the unanswerable near miss written next to it), shuffled;
- ``writer_folds``: whole batches of writers (a batch of writers was briefed and worked
  together), so that each fold is scored by a model that never saw its writers' phrasing —
  the closest the dev questions come to questions nobody tuned for.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

SAME_GROUP = 0.45  # Jaccard overlap of two questions' content stems that makes them twins

# The writers of the dev questions, by the batch they were briefed in (an id's letters).
WRITER_BATCHES = {**dict.fromkeys("abcdef", 0), **dict.fromkeys("ghi", 1),
                  **dict.fromkeys("lmn", 2), **dict.fromkeys("opq", 3),
                  **dict.fromkeys("rs", 4), **dict.fromkeys("tu", 5),
                  **dict.fromkeys("vw", 6), **dict.fromkeys(("la", "lb", "lc"), 7),
                  **dict.fromkeys(("ja", "jb"), 8), **dict.fromkeys("xy", 9),
                  **dict.fromkeys(("oa", "ob"), 10), **dict.fromkeys(("ka", "kb"), 11),
                  **dict.fromkeys(("ma", "mb"), 12), **dict.fromkeys(("ra", "rb"), 13),
                  **dict.fromkeys(("na", "nb"), 14), **dict.fromkeys(("pa", "pb"), 15),
                  **dict.fromkeys(("ua", "ub"), 16),
                  **dict.fromkeys(("qa", "qb"), 17), **dict.fromkeys(("wa", "wb"), 18),
                  **dict.fromkeys(("ta", "tb"), 19),
                  **dict.fromkeys(("ya", "yb"), 20),
                  **dict.fromkeys(("va", "vb"), 21),
                  **dict.fromkeys(("ha", "zb"), 22),
                  **dict.fromkeys(("xa", "xb"), 23),
                  **dict.fromkeys(("zc", "zd"), 24),
                  **dict.fromkeys(("hb", "gc"), 25),
                  **dict.fromkeys(("ga", "gb", "fc"), 26),
                  **dict.fromkeys(("fa", "fb", "ec"), 27),
                  **dict.fromkeys(("ea", "eb", "dc"), 28),
                  **dict.fromkeys(("da", "db"), 29),
                  **dict.fromkeys(("ca", "cb", "bc"), 30),
                  **dict.fromkeys(("ba", "bb", "ac"), 31),
                  **dict.fromkeys(("aa", "ab", "af"), 32),
                  **dict.fromkeys(("ad", "ae", "ai"), 33),
                  **dict.fromkeys(("ag", "ah", "al"), 34), "ap": 35,
                  **dict.fromkeys(("aj", "ak", "ao", "aq"), 36), "au": 37,
                  **dict.fromkeys(("am", "an", "at", "av"), 38), "aw": 39, "bd": 40,
                  **dict.fromkeys(("ar", "as", "az"), 41), "bh": 42,
                  **dict.fromkeys(("ax", "ay", "bg"), 43), "bl": 44,
                  **dict.fromkeys(("be", "bf", "bk"), 45), "bp": 46,
                  **dict.fromkeys(("bq", "br"), 47),
                  **dict.fromkeys(("bi", "bj"), 48),
                  **dict.fromkeys(("bv", "bx", "by"), 49), "bt": 50,
                  **dict.fromkeys(("bm", "bn", "bu", "bw"), 51),
                  **dict.fromkeys(("dd", "de"), 52),
                  **dict.fromkeys(("bs", "bz", "cf", "cg"), 53),
                  **dict.fromkeys(("df", "dg"), 54),
                  **dict.fromkeys(("cd", "ce", "cj", "ck"), 55),
                  **dict.fromkeys(("ed", "ee"), 56),
                  **dict.fromkeys(("ch", "ci", "dh", "di"), 57),
                  **dict.fromkeys(("ef", "eg"), 58),
                  **dict.fromkeys(("cl", "cm", "dj", "dk"), 59),
                  **dict.fromkeys(("eh", "ei"), 60),
                  **dict.fromkeys(("cn", "co", "dl", "dm"), 61),
                  **dict.fromkeys(("ej", "ek"), 62),
                  **dict.fromkeys(("cp", "cq", "dn", "do"), 63),
                  **dict.fromkeys(("el", "em"), 64),
                  **dict.fromkeys(("cr", "cs", "dp", "dq"), 65),
                  **dict.fromkeys(("en", "eo"), 66),
                  **dict.fromkeys(("ct", "cu", "dr", "ds"), 67),
                  **dict.fromkeys(("ep", "eq"), 68),
                  **dict.fromkeys(("cv", "cw", "dt", "du"), 69),
                  **dict.fromkeys(("es", "et"), 70)}


def writer(question_id: str) -> str:
    """The writer's letters of a question id (« g-042 » → « g », « la-007 » → « la »)."""
    return question_id.partition("-")[0]


def groups(rows: Sequence[dict]) -> list[int]:
    """Questions sharing most of their content stems (twins, paraphrases) share a group."""
    from core.text import analyze

    stems = [{s for s in analyze(r["question"]) if len(s) > 2} for r in rows]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # a tuning file's writer wrote each plausible unanswerable question next to its
    # answerable near miss: a writer's consecutive questions (blocks of 4 ids) share a group
    blocks: dict[str, int] = {}
    for i, row in enumerate(rows):
        author, _, number = row["id"].rpartition("-")
        if row.get("set") == "extra" and number.isdigit():
            key = f"{author}-{int(number) // 4}"
            if key in blocks:
                parent[find(i)] = find(blocks[key])
            blocks.setdefault(key, i)
    for i in range(len(rows)):
        for j in range(i):
            a, b = stems[i], stems[j]
            if a and b and len(a & b) / len(a | b) >= SAME_GROUP:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(rows))]


def folds(rows: Sequence[dict], k: int, seed: int) -> list[int]:
    """The fold of each question: whole groups, shuffled with ``seed``."""
    group = groups(rows)
    keys = sorted(set(group))
    random.Random(seed).shuffle(keys)
    fold_of = {key: n % k for n, key in enumerate(keys)}
    return [fold_of[g] for g in group]


def writer_folds(rows: Sequence[dict]) -> list[int]:
    """The fold of each question: its writers' batch (questions of other origins — the
    regression set, tuning files — form a fold of their own)."""
    other = max(WRITER_BATCHES.values()) + 1
    return [WRITER_BATCHES.get(writer(r["id"]), other) if r.get("split", r.get("set", "dev")) == "dev"
            else other for r in rows]
