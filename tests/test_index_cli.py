"""``souverain index``: JSON report, progress bar on terminals only."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner

from ui.cli import cli
from ui.progress import IndexProgress, wanted

DOC = "---\ntitle: {n}\nkind: fiche\n---\n# {n}\n\nUn passage assez long sur le document {n}."


def test_index_json_report(make_corpus, tmp_path, monkeypatch, embeddings):
    root = make_corpus({f"d{i}.md": DOC.format(n=i) for i in range(3)})
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(root))
    result = CliRunner().invoke(cli, ["index", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == ["d0.md", "d1.md", "d2.md"]
    assert report["chunks"] == 3 and report["embedded"] == 3 and report["skipped"] == []
    again = json.loads(CliRunner().invoke(cli, ["index", "--json"]).output)
    assert again["added"] == [] and again["unchanged"] == 3


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert not wanted(io.StringIO())
    assert wanted(FakeTerminal())
    monkeypatch.setenv("CI", "true")
    assert not wanted(FakeTerminal())
    monkeypatch.delenv("CI")

    screen = FakeTerminal()
    bar = IndexProgress(screen, mininterval=0)
    bar(0, 40, 0)
    bar(20, 40, 300)
    bar(40, 40, 600)
    bar.close()
    drawn = screen.getvalue()
    assert "20/40 documents" in drawn and "passages/s" in drawn and "reste" in drawn

    pipe = io.StringIO()
    quiet = IndexProgress(pipe)
    quiet(1, 2, 3)
    quiet.close()
    assert pipe.getvalue() == ""
