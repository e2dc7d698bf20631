"""Exposed web chat: a login or an explicit opt-out; uploads and re-indexing need a token."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from core.errors import ConfigError
from ui.cli import cli
from ui.security import admin_allowed, check_exposure, is_loopback

FACT = "# Projet Zéphyrin\n\nLe projet Zéphyrin a été lancé en 2031 par une équipe de Lyon.\n"


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("chat.example.org", False),
])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10"])
def test_serve_beyond_loopback_without_login_refuses_to_start(host, monkeypatch):
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "1"])
    assert result.exit_code == 1
    assert "--auth-file" in result.output and "--no-auth-exposed" in result.output
    assert "Traceback" not in result.output


def test_exposure_rules(tmp_settings, make_corpus):
    settings = tmp_settings(make_corpus({}), host="0.0.0.0")
    with pytest.raises(ConfigError):
        check_exposure(settings, None)
    check_exposure(settings, [("alice", "secret")])  # a login
    check_exposure(settings, lambda user, password: True)  # a user function
    check_exposure(settings, None, allow_no_auth=True)  # the explicit opt-out
    check_exposure(settings.replace(host="127.0.0.1"), None)


def test_admin_rules(tmp_settings, make_corpus):
    settings = tmp_settings(make_corpus({}))
    assert admin_allowed(settings, None)  # loopback, no token: one user on one machine
    assert not admin_allowed(settings.replace(host="0.0.0.0"), None)
    assert not admin_allowed(settings.replace(host="0.0.0.0"), "")
    with_token = settings.replace(host="0.0.0.0", admin_token="jeton")
    assert admin_allowed(with_token, "jeton") and not admin_allowed(with_token, "autre")


@pytest.mark.slow
def test_exposed_chat_without_token_refuses_uploads_and_reindex(tmp_path, make_corpus,
                                                               tmp_settings):
    from ui.app import ChatHandlers

    corpus = make_corpus({"a.md": "# A\n\nUn passage assez long pour être indexé ici."})
    handlers = ChatHandlers(tmp_settings(corpus, host="0.0.0.0"))
    source = tmp_path / "zephyrin.md"
    source.write_text(FACT, encoding="utf-8")

    upload_status, _, _ = handlers.upload(str(source), "")
    reindex_status, _, _ = handlers.reindex("")

    assert "désactivés" in upload_status and "SOUVERAIN_ADMIN_TOKEN" in upload_status
    assert reindex_status == upload_status
    assert sorted(p.name for p in corpus.iterdir()) == ["a.md"]
    assert not (tmp_path / "index").exists()
