"""The benchmark code paths, at toy sizes, so ``make bench`` does not rot between runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import big
from bench.common import (
    TextFactory,
    markdown_table,
    percentile,
    synthetic_markdown,
    write_synthetic_corpus,
)
from bench.load import _check, run_load
from bench.run import SECTIONS, _importtime, parse_args, unmeasured, write_docs
from core.settings import PROJECT_ROOT, Settings


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([3.0], 95, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
        ([5.0, 1.0, 3.0], 0, 1.0),
        ([5.0, 1.0, 3.0], 100, 5.0),
    ],
)
def test_percentile(values, p, expected):
    assert percentile(values, p) == pytest.approx(expected)


@pytest.mark.slow
def test_run_process_reads_the_childs_own_peak_rss():
    # Measured from a small process, as bench.run does: a forked child's peak RSS starts at
    # its parent's, and this test process may hold the real model by now.
    code = ("import json, sys; from bench.common import run_process; "
            "run = run_process([sys.executable, '-c', "
            "\"b = bytearray(150 * 1024 * 1024); print('ok')\"]); "
            "print(json.dumps([run.returncode, run.stdout, run.stderr, run.peak_rss_mb, "
            "run.seconds]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PROJECT_ROOT)
    returncode, stdout, stderr, peak_rss_mb, seconds = json.loads(out.stdout)
    assert returncode == 0, stderr
    assert stdout.strip() == "ok"
    assert 150 <= peak_rss_mb < 400
    assert seconds > 0


def test_synthetic_corpus_goes_through_the_real_loader_and_chunker(tmp_path: Path):
    from index.chunking import chunk_document
    from index.loading import load_corpus

    write_synthetic_corpus(tmp_path, 6, seed=3)
    scan = load_corpus(tmp_path)
    assert scan.skipped == []
    assert len(scan.documents) == 6
    for doc in scan.documents:
        assert doc.doc_id.startswith("synthetique/doc-")
        assert doc.kind in ("article", "fiche", "cnil", "anssi", "texte-officiel")
        assert doc.title and doc.date and doc.source_url.startswith("https://example.invalid/")
        assert 900 <= len(doc.text) <= 3600
        chunks = chunk_document(doc, size=900, overlap=150)
        assert chunks and all(doc.text[c.start:c.end] == c.text for c in chunks)


def test_synthetic_documents_are_deterministic():
    words = ["donnée", "santé", "nuage", "souveraineté", "Microsoft", "hébergement"]
    one = synthetic_markdown(TextFactory(words, seed=7), 1)
    two = synthetic_markdown(TextFactory(words, seed=7), 1)
    assert one == two and one.startswith("---\ntitle: ")


def test_tiny_large_index_is_answered_by_answer_unchanged(tmp_path: Path, embeddings):
    from assistant import answer
    from assistant.answering import default_assistant

    heavy_before = {"gradio", "torch"} & set(sys.modules)  # another test may have loaded them
    record = big.build(tmp_path / "big", 150, pool_sentences=150, pool_titles=20,
                       include_shipped=False, log=lambda message: None)
    assert record["chunks"] == 150
    assert big.cached(tmp_path / "big", 150) is not None
    assert big.cached(tmp_path / "big", 151) is None
    settings = Settings.from_env({}, index_dir=tmp_path / "big" / "index",
                                 corpus_dir=tmp_path / "big" / "corpus")
    try:
        result = answer("Quelles données de santé sont hébergées ?", settings=settings)
    finally:
        default_assistant(settings).close()
    assert result.citations
    assert all(c.doc_id.startswith("synthetique/") for c in result.citations)
    assert {"gradio", "torch"} & set(sys.modules) <= heavy_before


def test_importtime_parsing_keeps_top_level_packages():
    stderr = "\n".join([
        "import time: self [us] | cumulative | imported package",
        "import time:       120 |        120 |   site",
        "import time:       300 |       5000 |     numpy",
        "import time:        50 |        900 |       numpy.core",
        "import time:       200 |      20000 | assistant",
    ])
    assert _importtime(stderr) == {"numpy": 0.005, "assistant": 0.02}


def test_docs_table_is_replaced_between_the_markers(tmp_path: Path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Titre\n\n<!-- bench:table:start -->\nold\n<!-- bench:table:end -->\n\nFin\n",
                   encoding="utf-8")
    write_docs(markdown_table(("a", "b"), [("1", "2")]) + "\n", doc)
    assert doc.read_text(encoding="utf-8") == (
        "# Titre\n\n<!-- bench:table:start -->\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        "<!-- bench:table:end -->\n\nFin\n"
    )


def test_unknown_section_is_refused(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--only", "answer,nope"])
    assert "nope" in capsys.readouterr().err
    assert parse_args(["--quick"]).big_chunks == 20_000


def test_load_test_refuses_a_non_loopback_server():
    with pytest.raises(ValueError, match="loopback"):
        run_load("http://example.org:7860/", clients=1, questions=1)


@pytest.mark.parametrize(
    ("endpoint", "result", "ok"),
    [
        ("ask", {"answer": "D'après les documents indexés : « … » [1]"}, True),
        ("ask", {"answer": ""}, False),
        ("chat", ([{"role": "user", "content": "q"},
                   {"role": "assistant",
                    "content": [{"type": "text", "text": '<div class="souverain-answer">…'}]}],
                  ""), True),
        ("chat", ([{"role": "assistant", "content": [
            {"type": "text", "text": '<div class="souverain-answer souverain-error">⚠️'}]}], ""),
         False),
        ("chat", None, False),
    ],
)
def test_load_test_tells_answers_from_errors(endpoint, result, ok):
    assert (_check(endpoint, result) == "") is ok


def test_report_and_merge_keep_rows_and_notes_by_section(tmp_path: Path):
    import json
    import time

    from bench.run import Bench

    old = Bench(parse_args([]), tmp_path)
    old.raw["sections"] = {"build": {"at": "2026-01-01T10:00:00", "load": 0.5},
                           "answer": {"at": "2026-01-01T10:05:00", "load": 0.7}}
    old.section = "build"
    old.row("Index complet", "6 s", rss=300.0)
    old.note("note of build")
    old.section = "answer"
    old.row("answer() old", "p50 9 ms", target="p50 ≤ 50 ms", met=True)
    old.load_at_start = 0.5
    old.report(time.perf_counter())
    (tmp_path / "latest.json").write_text(json.dumps(old.raw, ensure_ascii=False), "utf-8")

    new = Bench(parse_args(["--only", "answer"]), tmp_path)
    new.raw["sections"] = {"answer": {"at": "2026-01-02T09:00:00", "load": 1.2}}
    new.section = "answer"
    new.row("answer() new", "p50 8 ms", target="p50 ≤ 50 ms", met=False)
    new.note("profile of answer")
    new.merge_previous(tmp_path / "latest.json")
    new.load_at_start = 1.0
    text = new.report(time.perf_counter())
    assert [r["name"] for r in new.rows] == ["Index complet", "answer() new"]
    assert [n["text"] for n in new.notes] == ["note of build", "profile of answer"]
    assert "| answer() new | p50 8 ms |  | – | p50 ≤ 50 ms | **non** |" in text
    assert "build 10:00 (charge 0.5), answer 09:00 (charge 1.2)" in text


def test_a_partial_run_with_nothing_to_merge_does_not_replace_the_docs_table():
    # ``--only answer --docs`` on a machine without a whole run's results: the docs keep
    # their table (the other sections' rows would be lost)
    assert unmeasured({"sections": {"answer": {}, "cold": {}}})[:3] == ["build", "synthetic",
                                                                      "incremental"]
    assert unmeasured({"sections": dict.fromkeys(SECTIONS, {})}) == []
