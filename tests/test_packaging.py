"""The wheel: packages and the corpus inside; installed, data goes to the user's folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # builds a wheel and runs Python in subprocesses


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True, cwd=out)
    [built] = out.glob("souverain-*.whl")
    return built


def test_wheel_holds_the_packages_and_the_corpus(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "corpus").rglob("*.md"))
    assert shipped
    assert sorted(n for n in names if n.startswith("corpus/") and n.endswith(".md")) == shipped
    assert "corpus/sources.toml" in names
    assert {n.split("/")[0] for n in names} == {"assistant", "core", "corpus", "index", "ui",
                                                 wheel.name.split("-py3")[0] + ".dist-info"}
    assert not [n for n in names if n.startswith(("tests/", ".index", "bench/"))]


def test_installed_copy_keeps_data_in_the_user_folder(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    code = (
        "import json; from core import paths; from core.settings import Settings; "
        "s = Settings.from_env(); seeded = paths.seed_corpus(s.corpus_dir); "
        "print(json.dumps({'checkout': paths.in_checkout(), 'index': str(s.index_dir), "
        "'corpus': str(s.corpus_dir), 'seeded': seeded, "
        "'docs': sorted(p.name for p in s.corpus_dir.rglob('*.md'))}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUVERAIN_")}
    env |= {"PYTHONPATH": str(site), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    result = json.loads(out.stdout)
    user = tmp_path / "config" / "souverain"
    assert result["checkout"] is False
    assert (result["index"], result["corpus"]) == (str(user / "index"), str(user / "corpus"))
    assert result["seeded"] is True
    assert result["docs"] == sorted(p.name for p in (ROOT / "corpus").rglob("*.md"))
    assert not (site / ".index").exists()
