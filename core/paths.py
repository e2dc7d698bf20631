"""Where Souverain keeps its data.

Run from a source checkout (the folder holding ``pyproject.toml`` next to these
packages), the index and the corpus stay in the checkout, as a developer expects.
Installed as a package, they go to a per-user folder (``click.get_app_dir``:
``~/.config/souverain`` on Linux), never into site-packages; the corpus shipped
with the package is copied there on first use, so ``pip install`` then
``souverain ask`` works from any folder. ``SOUVERAIN_INDEX_DIR`` and
``SOUVERAIN_CORPUS_DIR`` override both.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def in_checkout() -> bool:
    """True when the code runs from a source checkout rather than an installed package."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "corpus").is_dir()


def user_data_dir() -> Path:
    """The per-user folder of an installed Souverain."""
    import click

    return Path(click.get_app_dir("souverain"))


def user_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/souverain`` on Linux): files that can be lost."""
    import sys

    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "souverain" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "souverain"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "souverain"


def default_reader_cache_dir() -> str:
    return str(user_cache_dir() / "reader-index")


def default_index_dir() -> Path:
    return PROJECT_ROOT / ".index" if in_checkout() else user_data_dir() / "index"


def default_corpus_dir() -> Path:
    return PROJECT_ROOT / "corpus" if in_checkout() else user_data_dir() / "corpus"


def default_history_dir() -> Path:
    return PROJECT_ROOT / ".history" if in_checkout() else user_data_dir() / "history"


def shipped_corpus() -> Path:
    """The corpus that comes with the package (the checkout's own folder in a checkout)."""
    if in_checkout():
        return PROJECT_ROOT / "corpus"
    # ``corpus`` is a namespace package (data only): its folder is its search location
    spec = importlib.util.find_spec("corpus")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the shipped corpus is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def seed_corpus(corpus_dir: Path) -> bool:
    """Copy the shipped corpus into ``corpus_dir`` if that is the default folder and it
    does not exist yet. Returns True when it copied."""
    if corpus_dir.exists() or corpus_dir != default_corpus_dir() or in_checkout():
        return False
    source = shipped_corpus()
    corpus_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = corpus_dir.with_name(corpus_dir.name + f".seed-{os.getpid()}")
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))
    try:
        staging.rename(corpus_dir)
    except OSError:  # another process seeded it first
        shutil.rmtree(staging, ignore_errors=True)
    return True
