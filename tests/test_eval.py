"""The shipped evaluation: its figures meet the targets, and the measures measure."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation import (
    CitationChecker,
    evaluate,
    facts_present,
    load_questions,
    normalize,
    split_questions,
)
from core.errors import CorpusError


def test_shipped_question_set_is_well_formed():
    questions = load_questions()
    assert len(questions) >= 60
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.language == "en" for q in questions) >= 15
    assert sum(not q.answerable for q in questions) >= 10
    assert sum(len(q.expected_docs) >= 2 and len(q.expected_facts) >= 2 for q in questions) >= 3
    for q in questions:
        assert q.answerable == bool(q.expected_facts) == bool(q.expected_docs)


def test_shipped_eval_meets_the_targets(shipped_index):
    report = evaluate(load_questions(), k=5, settings=shipped_index)
    assert report.hit_at_5 >= 0.95, report.misses()
    # 0.952 when the composer was tuned on this very set; the reader is now fitted on `dev`
    assert report.fact_accuracy >= 0.90, report.misses()  # 0.905 with the scorer and check
    assert report.abstention_accuracy >= 0.90, report.misses()
    assert report.citation_validity == 1.0
    assert report.citations == 5 * report.questions
    assert report.latency_p50_ms > 0


def test_figures_on_a_small_set(shipped_index, tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "question": "Qui était la rapporteure de la délibération CNIL n° 2023-146 ?",
         "language": "fr", "answerable": True,
         "expected_docs": ["fiches/cnil-deliberation-2023-146.md"],
         "expected_facts": [["Valérie Peugeot"]]},
        {"id": "b", "question": "Qui était la rapporteure de la délibération CNIL n° 2023-146 ?",
         "language": "fr", "answerable": True, "expected_docs": ["articles/nope.md"],
         "expected_facts": [["Jean Dupont"]]},
        {"id": "c", "question": "Quelle est la capitale de l'Australie ?", "language": "fr",
         "answerable": False, "expected_docs": [], "expected_facts": []},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n",
                    encoding="utf-8")
    report = evaluate(load_questions(path), k=3, settings=shipped_index)
    assert (report.questions, report.answerable, report.unanswerable) == (3, 2, 1)
    assert report.hit_at_1 == report.hit_at_5 == report.mrr == 0.5
    assert report.fact_accuracy == 0.5
    assert report.abstention_accuracy == 1.0 and report.false_abstentions == 0
    assert report.citation_validity == 1.0 and report.citations == 9
    assert [line.split(":")[0] for line in report.misses()] == ["b"]
    assert report.to_dict()["misses"] == report.misses()


def test_fact_matching_ignores_case_accents_and_spacing():
    assert normalize("Délibération  n°\u00a02023-146 l’EMA") == "deliberation n° 2023-146 l'ema"
    assert facts_present("Les seuils de 24\u00a0% et de 39 %", [["24 %"], ["39 %"]]) == []
    assert facts_present("trois ans", [["3 ans", "TROIS ANS"], ["Microsoft"]]) == ["Microsoft"]


def test_a_verdict_is_read_in_the_answers_first_word_in_either_language():
    # « Non » inside a quote is no verdict; "No [1]" is the verdict a writer spelt « Non »
    assert facts_present("No [1]\nAccording to …", [["Non"]]) == []
    assert facts_present("Oui [2]\nD'après …", [["Yes"]]) == []
    assert facts_present("D'après … « … non autorisés … » [1]", [["Non"]]) == ["Non"]
    assert facts_present("Yes [1]\nAccording to …", [["Non"]]) == ["Non"]
    # « Non vérifié »: the claim is neither confirmed nor refuted
    assert facts_present("Non vérifié [1]\nD'après …", [["Non"]]) == ["Non"]


def test_citation_checker_rejects_what_the_document_does_not_say(shipped_index):
    checker = CitationChecker(shipped_index.corpus_dir)
    doc = "fiches/cnil-deliberation-2023-146.md"
    from index.loading import load_document

    text = load_document(shipped_index.corpus_dir / doc, doc).text
    assert checker.valid(doc, 10, 60, text[10:60])
    assert not checker.valid(doc, 10, 60, text[10:60].upper())
    assert not checker.valid(doc, 11, 61, text[10:60])
    assert not checker.valid("fiches/missing.md", 0, 5, "abcde")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x", "question": "Q ?"}\n', "line 1"),
        ("not json\n", "line 1"),
        ("\n\n", "holds no question"),
    ],
)
def test_bad_question_files_are_reported(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_questions(path)
    with pytest.raises(CorpusError, match="Cannot read"):
        load_questions(tmp_path / "absent.jsonl")


def test_dev_split_is_well_formed():
    questions = split_questions("dev")
    assert len(questions) >= 150
    assert len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert {"who", "why", "said", "list", "followup", "unanswerable"} <= kinds
    assert all(len(turn) == 2 for q in questions for turn in q.history)
    assert any(len(q.history) >= 2 for q in questions)
    with pytest.raises(CorpusError, match="Unknown question split"):
        split_questions("nope")


def test_report_breaks_figures_down_by_kind_and_language(tmp_path):
    from assistant.types import Answer

    rows = [
        {"id": "w", "question": "Qui ?", "language": "fr", "kind": "who", "answerable": True,
         "expected_docs": ["d.md"], "expected_facts": [["Alice"]]},
        {"id": "f", "question": "Et quand ?", "language": "en", "kind": "followup",
         "answerable": True, "expected_docs": ["d.md"], "expected_facts": [["2020"]],
         "history": [["Who?", "Alice."]]},
        {"id": "u", "question": "Combien ?", "language": "fr", "kind": "unanswerable",
         "answerable": False, "expected_docs": [], "expected_facts": []},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    seen = {}

    def ask(question, k=5, settings=None, history=None):
        seen[question] = history
        text = {"Qui ?": "Alice [1]", "Et quand ?": "en 2019"}.get(question, "abstain")
        return Answer(question=question, text=text, answerable=question != "Combien ?",
                      mode="extractive")

    import assistant.answering as answering

    original = answering.preload
    answering.preload = lambda *a, **kw: None
    try:
        report = evaluate(load_questions(path), ask=ask, split="custom")
    finally:
        answering.preload = original
    assert seen["Et quand ?"] == [["Who?", "Alice."]] and seen["Qui ?"] is None
    assert report.by_kind["who"].accuracy == 1.0
    assert report.by_kind["followup"].accuracy == 0.0
    assert report.by_kind["unanswerable"].abstained == 1
    assert report.followups == 1 and report.followup_accuracy == 0.0
    assert report.by_language["fr"].questions == 2
    assert report.answer_length_median == 8.0  # "Alice [1]", "en 2019"
    text = "\n".join(report.summary())
    assert "by kind" in text and "by language" in text and "follow-ups" in text
