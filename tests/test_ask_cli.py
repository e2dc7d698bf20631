"""``souverain ask`` and ``souverain eval`` through click's CliRunner, exit codes included."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ui.cli import cli


@pytest.fixture
def run(shipped_index, monkeypatch):
    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(shipped_index.index_dir))
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(shipped_index.corpus_dir))
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_ask_prints_the_answer_then_numbered_sources(run):
    result = run("ask", "Qui était la rapporteure de la délibération CNIL n° 2023-146 ?")
    assert result.exit_code == 0, result.output
    answer_text, sources = result.stdout.split("\nSources :\n")
    lead, evidence = answer_text.split("\n", 1)
    assert "Valérie Peugeot" in lead and "[1]" in lead  # the answer itself comes first
    assert evidence.startswith("D'après les documents indexés : «")
    assert "Valérie Peugeot" in evidence
    entries = [line for line in sources.splitlines() if line.startswith("[")]
    assert [e.split("]")[0] for e in entries] == ["[1", "[2", "[3", "[4", "[5"]
    assert "Délibération CNIL n° 2023-146" in entries[0] and "2023-12-21" in entries[0]
    assert "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224" in sources


def test_ask_json_is_one_object(run):
    result = run("ask", "--json", "-k", "3", "How long will Microsoft host the EMC2 data?")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"question", "answer", "lead", "answerable", "mode", "citations",
                         "notices"}
    assert data["answerable"] is True and data["mode"] == "extractive"
    assert data["lead"] and data["answer"].startswith(data["lead"] + "\n")
    assert "\nAccording to the indexed documents" in data["answer"]
    assert [c["n"] for c in data["citations"]] == [1, 2, 3]
    assert "é" in result.stdout  # ensure_ascii=False


def test_ask_words_without_quotes_and_kinds(run):
    result = run("ask", "--kinds", "commentaires", "-k", "2", "Que", "pensent", "les",
                 "lecteurs", "d'OVH", "?")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Commentaires des lecteurs") == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ask"], 1, "Question vide"),
        (["ask", "   "], 1, "Question vide"),
        (["ask", "-k", "0", "Q ?"], 2, "-k"),
        (["ask", "-k", "x", "Q ?"], 2, "-k"),
        (["eval", "--questions", "/nonexistent/q.jsonl"], 2, "does not exist"),
    ],
)
def test_bad_input_is_one_clean_error(run, args, code, message):
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if line.strip()]) <= 3


def test_eval_prints_the_figures(run, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({
        "id": "one", "question": "Quand le CLOUD Act a-t-il été promulgué ?", "language": "fr",
        "answerable": True, "expected_docs": ["fiches/contexte-juridique.md"],
        "expected_facts": [["23 mars 2018"]],
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("eval", "--questions", str(path), "-k", "3")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("question set        ") and lines[0].endswith("q.jsonl")
    assert lines[1].startswith("questions           1 (1 answerable, 0 unanswerable, 0 follow-ups)"
                               ", k=3")
    assert lines[2] == "hit@1               1.000"
    assert lines[5].startswith("answer accuracy     1.000")
    assert "citation validity   1.000 (3 citations)" in lines
    assert any(line.startswith("latency p50 / p95") for line in lines)
    assert any(line.startswith("by language") for line in lines)
    assert "misses" not in result.stdout

    as_json = run("eval", "--questions", str(path), "--json")
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert data["hit_at_5"] == 1.0 and data["misses"] == [] and len(data["rows"]) == 1

    path.write_text("{broken\n", encoding="utf-8")
    broken = run("eval", "--questions", str(path))
    assert broken.exit_code == 1
    assert "line 1" in broken.output and "Traceback" not in broken.output
