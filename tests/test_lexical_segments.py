"""The segmented lexical index scores exactly as one BM25 index of the same live chunks."""

from __future__ import annotations

import random

import numpy as np
import pytest

from core.text import analyze
from index.lexical import MAX_SEGMENTS, LexicalIndex

WORDS = ("données santé hébergement Microsoft CNIL entrepôt souveraineté cloud SecNumCloud "
         "ANSSI qualification délibération autorisation durée ans transfert États-Unis loi "
         "SREN plateforme Health Data Hub juge Conseil État recours").split()
QUERIES = ["durée de l'autorisation de la CNIL", "Health Data Hub Microsoft", "loi SREN cloud",
           "qualification SecNumCloud ANSSI", "mot-absent"]


def corpus(n: int, seed: int) -> tuple[list[str], list[str], list[dict]]:
    rng = random.Random(seed)
    ids = [f"c{seed}-{i}" for i in range(n)]
    contents = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) for _ in ids]
    return ids, contents, [{"doc_id": f"d{i % 7}", "kind": "fiche"} for i in range(n)]


def same_scores(a: LexicalIndex, b: LexicalIndex) -> None:
    assert sorted(a.ids) == sorted(b.ids)
    order_a = np.argsort(a.ids)
    order_b = np.argsort(b.ids)
    assert a.document_frequency == b.document_frequency
    for query in QUERIES:
        np.testing.assert_allclose(a.scores(query)[order_a], b.scores(query)[order_b],
                                   rtol=1e-5, atol=1e-6)


def test_scores_are_bm25s_lucene_scores():
    import bm25s

    ids, contents, metadatas = corpus(300, 1)
    ours = LexicalIndex.build(ids, contents, metadatas)
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index([analyze(c) for c in contents], show_progress=False)
    for query in QUERIES[:-1]:
        terms = [t for t in dict.fromkeys(analyze(query)) if t in reference.vocab_dict]
        np.testing.assert_allclose(ours.scores(query), reference.get_scores(terms), rtol=1e-5)


def test_many_updates_merge_segments_and_keep_scores(tmp_path):
    ids, contents, metadatas = corpus(400, 2)
    records = dict(zip(ids, zip(contents, metadatas, strict=True), strict=True))

    def fetch(wanted):
        return [records[i][0] for i in wanted], [records[i][1] for i in wanted]

    live = list(ids[:200])
    index = LexicalIndex.build(live, *fetch(live))
    rng = random.Random(3)
    pending = list(ids[200:])
    for step in range(3 * MAX_SEGMENTS):
        added = [pending.pop() for _ in range(rng.randint(1, 6))]
        if step % 3 == 2:  # some chunks come back (same text, same id) after being removed
            added += [i for i in ids[:200] if i not in live][:3]
        removed = rng.sample(live, rng.randint(0, 8))
        live = [i for i in live if i not in removed] + added
        index = index.updated(live, fetch)
        folder = tmp_path / f"lexical-{step}"
        index.save(folder)
        index = LexicalIndex.load(folder, shared=False)
        assert len(index.segments) <= MAX_SEGMENTS + 1
        same_scores(index, LexicalIndex.build(live, *fetch(live)))
    assert index.metadatas[index.position[live[0]]] == records[live[0]][1]


def test_changes_given_as_a_difference_equal_the_full_list():
    ids, contents, metadatas = corpus(120, 5)
    records = dict(zip(ids, zip(contents, metadatas, strict=True), strict=True))

    def fetch(wanted):
        return [records[i][0] for i in wanted], [records[i][1] for i in wanted]

    index = LexicalIndex.build(ids[:100], *fetch(ids[:100]))
    gone, new = set(ids[10:25]) | {"never-held"}, ids[100:] + ids[:3]  # ids[:3]: already held
    live = [i for i in ids[:100] if i not in gone] + ids[100:]
    by_difference = index.changed(gone, new, fetch)
    same_scores(by_difference, index.updated(live, fetch))
    same_scores(by_difference, LexicalIndex.build(live, *fetch(live)))
    assert index.changed(set(), ids[:5], fetch) is index


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_damaged_files_are_reported(tmp_path, damage):
    ids, contents, metadatas = corpus(20, 4)
    LexicalIndex.build(ids, contents, metadatas).save(tmp_path / "lexical-1")
    target = next((tmp_path / "segments").iterdir()) / "postings.npz"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    else:
        target.unlink()
    with pytest.raises((OSError, ValueError)):
        LexicalIndex.load(tmp_path / "lexical-1", shared=False)
