"""The learned answerability check: its shipped model and its decision."""

from __future__ import annotations

import json
from importlib import resources

from assistant import answerability
from assistant.language import message
from assistant.questions import analyze_question


def test_shipped_model_uses_known_features_and_was_cross_validated():
    model = answerability.shipped_model()
    assert model is not None
    assert set(model.names) <= set(answerability.FEATURES)
    assert len(model.coef) == len(model.names) == len(model.mean) == len(model.scale)
    data = json.loads((resources.files("assistant") / "data" / answerability.MODEL_FILE)
                      .read_text(encoding="utf-8"))
    assert {"correct", "abstention", "false_abstention"} <= set(data["cross_validated"])


def test_an_answer_holding_what_is_asked_scores_higher_than_one_that_does_not():
    model = answerability.shipped_model()
    held = {name: 0.0 for name in answerability.FEATURES}
    held.update(ask_union=1.0, ask_sentence=1.0, cov_sentence=1.0, cov_window=1.0,
                ask_window=1.0, slot=1.0, slot_filled=1.0, strength=1.0, shape=1.0,
                shape_full=1.0, coverage=1.0, entities=1.0, names_window=1.0)
    lacking = dict(held, ask_union=0.1, ask_sentence=0.0, ask_window=0.0, cov_sentence=0.1,
                   cov_window=0.1, missing_all_max=1.0, missing_max=1.0, missing_count=1.0,
                   unknown_terms=1.0, strength=0.6, slot=0.0, slot_filled=0.0,
                   slot_missing=1.0, shape=0.0, shape_full=0.0)
    assert model.probability(held) > model.threshold > model.probability(lacking)


def test_missing_key_names_what_the_documents_do_not_give():
    def analysis(question):
        return analyze_question(question, "fr", lambda t: 1.0, lambda t: True)

    assert answerability.missing_key("count", analysis("Combien de salariés ?")) == \
        "missing_figure"
    assert answerability.missing_key("why", analysis("Pourquoi ?")) == "missing_reason"
    assert answerability.missing_key("other", analysis("Et alors ?")) == "missing_information"
    for key in ("missing_reason", "missing_statement", "missing_information"):
        assert message("fr", "partial", what=message("fr", key), quotes="« x » [1]")
        assert message("en", "partial", what=message("en", key), quotes="« x » [1]")
