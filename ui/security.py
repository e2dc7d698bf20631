"""Who may reach the web chat, and who may change its corpus.

Two rules, checked before the server starts and on every upload or re-index:

- Listening beyond loopback (``--host 0.0.0.0``, a LAN address) without
  authentication (``--auth-file`` or an ``auth`` function) is refused unless the
  operator says so explicitly (``--no-auth-exposed``: say, behind a proxy that
  authenticates).
- Uploading and re-indexing change the corpus: without ``SOUVERAIN_ADMIN_TOKEN``
  they are only open when the chat listens on loopback (one user, one machine).
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from core.errors import ConfigError
from core.settings import Settings

EXPOSED_WITHOUT_AUTH = (
    "Refusing to serve on {host} without authentication: anyone who reaches this address "
    "could use the chat. Add `--auth-file FILE` (lines `user:password`), or, if a proxy in "
    "front authenticates users, pass `--no-auth-exposed`."
)


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    host = (host or "").strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name resolves to who knows what: treat it as exposed


def check_exposure(settings: Settings, auth: Any, *, allow_no_auth: bool = False) -> None:
    """Raise ``ConfigError`` when the chat would be reachable by others with no login."""
    if auth or allow_no_auth or is_loopback(settings.host):
        return
    raise ConfigError(EXPOSED_WITHOUT_AUTH.format(host=settings.host))


def admin_allowed(settings: Settings, token: str | None) -> bool:
    """May this request upload or re-index? The token when one is set, else loopback only."""
    if settings.admin_token:
        return hmac.compare_digest((token or "").encode(), settings.admin_token.encode())
    return is_loopback(settings.host)


def admin_refusal(settings: Settings) -> str:
    """The French status line shown when ``admin_allowed`` said no."""
    if settings.admin_token:
        return "Refusé : jeton d'administration incorrect."
    return ("Refusé : l'ajout et la ré-indexation sont désactivés sur un chat ouvert au réseau "
            "sans SOUVERAIN_ADMIN_TOKEN.")
