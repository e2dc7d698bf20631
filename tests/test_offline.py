"""Sovereign by construction: index, answer(), CLI and web chat work with the network cut."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from core.privacy import FORCED, OFFLINE_DEFAULTS
from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow  # the shipped index, the CLI and the web chat

SCRIPT = textwrap.dedent(
    """
    import json, os, socket, subprocess, sys, time
    # Prove the namespace really has no route out.
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=2)
        print("NETWORK-REACHABLE"); sys.exit(3)
    except OSError:
        pass
    from index.rebuild import run_index
    from assistant import answer
    from core.settings import Settings
    settings = Settings.from_env()
    report = run_index(settings)
    a = answer("Pendant combien de temps Microsoft hébergera-t-il les données de santé d'EMC2 ?")
    cli = subprocess.run([os.path.join(os.path.dirname(sys.executable), "souverain"), "ask",
                          "Qui a autorisé l'entrepôt EMC2 ?", "--json"],
                         capture_output=True, text=True)
    # The web chat, on loopback inside the same cut-off namespace.
    port = 7931
    serve = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "souverain"),
                              "serve", "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    import httpx
    web = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        from gradio_client import Client
        web = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "Qui a autorisé l'hébergement de l'entrepôt EMC2 ?", api_name="/ask")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    print(json.dumps({"chunks": report.chunks, "answerable": a.answerable,
                      "citations": len(a.citations), "cli_rc": cli.returncode,
                      "cli": json.loads(cli.stdout) if cli.returncode == 0 else cli.stderr,
                      "web": web}))
    """
)


def test_privacy_defaults_are_applied_on_import():
    import os

    import assistant  # noqa: F401

    for key, value in FORCED.items():
        assert os.environ[key] == value
    for key in OFFLINE_DEFAULTS:
        assert key in os.environ


@pytest.mark.slow
def test_index_answer_and_cli_with_the_network_cut(tmp_path):
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed for the no-network test"
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    script = tmp_path / "offline_run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env_prefix = (f"SOUVERAIN_INDEX_DIR={tmp_path / 'index'} SOUVERAIN_CORPUS_DIR={corpus} "
                  f"PATH={PROJECT_ROOT / '.venv' / 'bin'}:/usr/bin:/bin")
    result = subprocess.run(
        [unshare, "-n", "sh", "-c", f"ip link set lo up; env {env_prefix} {sys.executable} {script}"],
        capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["chunks"] > 50
    assert out["answerable"] and out["citations"] > 0
    assert out["cli_rc"] == 0, out["cli"]
    assert out["cli"]["answerable"] and out["cli"]["citations"]
    assert out["web"]["answerable"] and "[1]" in out["web"]["answer"]
