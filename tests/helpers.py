"""Small helpers shared by tests that start real servers on loopback."""

from __future__ import annotations

import socket
from typing import Any


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_chat(settings: Any) -> tuple[Any, str]:
    """Serve the web chat for ``settings`` on a free loopback port; returns (app, url)."""
    from ui.app import launch

    settings = settings.replace(host="127.0.0.1", port=free_port())
    demo = launch(settings, prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{settings.port}/"
