"""``souverain chat`` driven through its standard input, in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow


def run_chat(settings, lines: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
           "SOUVERAIN_INDEX_DIR": str(settings.index_dir),
           "SOUVERAIN_CORPUS_DIR": str(settings.corpus_dir)}
    return subprocess.run([sys.executable, "-m", "ui.cli", "chat"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=180)


def test_a_question_then_an_elliptic_follow_up_answered_from_the_first(shipped_index, tmp_path):
    out = run_chat(shipped_index, [
        "Quelle délibération de la CNIL autorise l'entrepôt EMC2 chez Microsoft ?",
        "Et pour combien de temps ?",
        "/export conversation.md",
    ], tmp_path)

    assert out.returncode == 0, out.stderr
    first, second = out.stdout.split("D'après les documents indexés")[1:3]
    assert "2023-146" in first and "Sources :" in first
    # The follow-up alone says nothing of EMC2: it is read in the light of the first question.
    assert "trois ans" in second
    assert "question comprise comme" in second and "EMC2" in second
    assert "[1] " in second and "https://" in second
    assert "Traceback" not in out.stderr

    exported = (tmp_path / "conversation.md").read_text(encoding="utf-8")
    assert "Conversation exportée" in out.stdout
    assert "## 2. Et pour combien de temps ?" in exported
    assert "trois ans" in exported and "```text" in exported


def test_ask_still_answers_one_question(shipped_index, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
           "SOUVERAIN_INDEX_DIR": str(shipped_index.index_dir),
           "SOUVERAIN_CORPUS_DIR": str(shipped_index.corpus_dir)}
    out = subprocess.run([sys.executable, "-m", "ui.cli", "ask", "Et pour combien de temps ?"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    assert out.returncode == 0, out.stderr
    assert "question comprise comme" not in out.stdout  # no memory: one-shot
