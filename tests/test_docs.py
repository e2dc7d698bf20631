"""The README documents every setting and every command."""

from __future__ import annotations

import pytest

from core.settings import PROJECT_ROOT, Settings
from ui.cli import cli

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [row[0] for row in Settings.table()])
def test_setting_is_documented(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_is_documented(command):
    assert f"souverain {command}" in README


def test_readme_starts_with_the_two_commands():
    head = README[:2500]
    assert "make run" in head and "make test" in head
