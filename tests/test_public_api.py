"""The public face stays thin and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import assistant

EXPECTED_ALL = ["Answer", "Assistant", "Citation", "Draft", "SouverainError", "answer",
                "stream_answer"]


def test_public_names():
    assert sorted(assistant.__all__) == sorted(EXPECTED_ALL)


@pytest.mark.slow
def test_import_assistant_does_not_import_gradio_or_torch():
    code = (
        "import sys, assistant; "
        "heavy = [m for m in ('gradio', 'torch', 'sentence_transformers', 'chromadb') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
