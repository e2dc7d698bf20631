"""`souverain eval` on the held-out split: aggregates only (no index needed: evaluate is faked)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ui.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("split", ["val", "test", "holdout"])
def test_eval_on_the_held_out_split_lists_no_question(monkeypatch, tmp_path, split):
    """`--split val|test` prints aggregates only; the questions stay unseen unless asked for."""
    from assistant import evaluation
    from assistant.evaluation import Question, Report, Row

    question = Question(id="t-1", question="Question tenue à l'écart ?", language="fr",
                        answerable=True, expected_docs=["a.md"], expected_facts=[["x"]])
    row = Row(id="t-1", question=question.question, answerable_expected=True, answerable=True,
              rank=None, facts_found=False, missing_facts=["x"], citations_valid=0,
              citations_total=0, seconds=0.0, answer="", cited_docs=[])

    def fake_evaluate(questions, **_):
        return Report(questions=1, answerable=1, rows=[row], split=split)

    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setattr(evaluation, "split_questions", lambda split: [question])
    monkeypatch.setattr(evaluation, "evaluate", fake_evaluate)
    hidden = run("eval", "--split", split)
    assert hidden.exit_code == 0, hidden.output
    assert "misses: 1 (held-out split" in hidden.stdout and "tenue" not in hidden.stdout
    data = json.loads(run("eval", "--split", split, "--json").stdout)
    assert "rows" not in data and "misses" not in data
    shown = run("eval", "--split", split, "--show-misses")
    assert "Question tenue à l'écart ?" in shown.stdout
