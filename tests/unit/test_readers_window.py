"""A named reader is quoted around their best sentence, in the order they wrote."""

from __future__ import annotations

from candidates import scored as _scored

from assistant.readers import around_best
from assistant.shapes import Scored

COMMENT = ("L'article ne dit pas tout. L hébergement, c est deux choses. Des serveurs fibrés. "
           "Une solution logicielle, ici Azure. Le reste est politique.")


def _texts(items: list[Scored]) -> list[str]:
    return [s.sentence.text for s in items]


def test_the_sentence_after_the_best_comes_first():
    scored = _scored(COMMENT)
    out = around_best([scored[1]], scored, keep=1, budget=60)
    assert _texts(out) == _texts(scored[1:3])  # room for one more: the one after it


def test_the_window_alternates_after_and_before_in_reading_order():
    scored = _scored(COMMENT)
    out = around_best([scored[1]], scored, keep=1, budget=80)
    assert _texts(out) == _texts(scored[0:3])


def test_the_window_grows_both_ways_within_the_budget():
    scored = _scored(COMMENT)
    assert _texts(around_best([scored[2]], scored, keep=1, budget=1000)) == _texts(scored)


def test_the_reader_s_other_best_sentences_stay_and_their_comment_follows():
    first, second = _scored(COMMENT), _scored("Un autre avis. Je suis contre.", hit=1)
    out = around_best([first[1], second[1]], first + second, keep=2, budget=90)
    assert out[0].hit_index == 0 and out[-1] == second[1]
    assert [s.position for s in out if s.hit_index == 0] == sorted(
        s.position for s in out if s.hit_index == 0)
