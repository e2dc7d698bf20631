"""A named reader is quoted around their best sentence, in the order they wrote."""

from __future__ import annotations

from candidates import scored as _scored

from assistant.readers import around_best
from assistant.shapes import Scored
from core.text import analyze

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


def test_a_reader_s_second_or_other_comment_is_the_one_asked_about():
    from assistant.readers import which_comment

    first = _scored("On devrait dissoudre la CNIL après une telle trahison !", hit=0)
    second = _scored("Microsoft cherche depuis une semaine pourquoi outlook.com ne marche pas.",
                     hit=1)
    spans = {0: (100, 160), 1: (400, 480)}  # two comments: their passages do not overlap
    span = lambda s: spans[s.hit_index]  # noqa: E731
    text = lambda s: s.sentence.text  # noqa: E731
    own = first + second
    assert which_comment("Et dans son 2e message ?", own, span, text, frozenset()) == second
    assert which_comment("Son premier commentaire dit quoi ?", own, span, text,
                         frozenset()) == first
    # "anything else": not the comment the last answer quoted
    assert which_comment("Did he post anything else?", own, span, text,
                         frozenset({"dissoudr", "trahison"})) == second
    assert which_comment("Que dit-il ?", own, span, text, frozenset()) == own
    # one comment cut into overlapping passages is one comment
    spans[1] = (140, 220)
    assert which_comment("Et dans son 2e message ?", own, span, text, frozenset()) == own


def test_each_point_asked_brings_the_reader_s_best_sentence_holding_it():
    scored = _scored(COMMENT)
    point = frozenset(analyze("politique"))  # held by the last sentence only
    out = around_best([scored[1]], scored, keep=1, budget=0, points=[point])
    assert _texts(out) == [_texts(scored)[1]]  # not among the reader's sentences given
    out = around_best([scored[1], scored[4]], scored, keep=1, budget=0, points=[point])
    assert _texts(out) == [_texts(scored)[1], _texts(scored)[4]]
