"""Conversations that survive a reload and a server restart.

A history is a plain dict::

    {"version": 1, "keep": True, "conversations": [
        {"id": "…", "title": "<first question>", "updated": "2026-…",
         "turns": [{"question": "…", "lang": "fr", "answer": asdict(Answer)}, …]}, …]}

Without authentication it lives in the browser (Gradio's ``BrowserState``: the
browser's localStorage, encrypted with a key kept in the history folder so that it
still reads after a restart). With authentication it lives on the server, one JSON
file per user in the history folder. When the user opts out, nothing is stored:
the browser copy and the user's file are deleted, and only the « do not keep »
choice itself is remembered.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import secrets
import tempfile
import uuid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

VERSION = 1
MAX_CONVERSATIONS = 50
MAX_TURNS = 100
TITLE_CHARS = 80
STORAGE_KEY = "souverain-history"


def empty(keep: bool = True) -> dict[str, Any]:
    return {"version": VERSION, "keep": keep, "conversations": []}


def normalise(value: Any) -> dict[str, Any]:
    """A usable history from whatever the browser or a file holds (bad data → empty)."""
    if not isinstance(value, dict) or value.get("version") != VERSION:
        return empty()
    conversations = [c for c in value.get("conversations") or []
                     if isinstance(c, dict) and isinstance(c.get("turns"), list) and c.get("id")]
    return {"version": VERSION, "keep": value.get("keep", True) is not False,
            "conversations": conversations[:MAX_CONVERSATIONS]}


def empty_conversation() -> dict[str, Any]:
    return {"id": "", "title": "", "turns": []}


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def title_of(question: str) -> str:
    title = " ".join(str(question).split())
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"


def find(history: dict[str, Any], conversation_id: str | None) -> dict[str, Any] | None:
    for conversation in history["conversations"]:
        if conversation.get("id") == conversation_id:
            return conversation
    return None


def put(history: dict[str, Any], conversation: dict[str, Any]) -> None:
    """Save ``conversation`` (id, title, turns) as the most recent one."""
    if not conversation.get("id") or not conversation.get("turns"):
        return
    now = _dt.datetime.now().isoformat(timespec="seconds")
    old = find(history, conversation["id"])
    if old is not None:
        history["conversations"].remove(old)
    history["conversations"].insert(0, {
        "id": conversation["id"],
        "title": conversation.get("title") or title_of(conversation["turns"][0]["question"]),
        "created": (old or {}).get("created", now), "updated": now,
        "turns": list(conversation["turns"])[-MAX_TURNS:]})
    del history["conversations"][MAX_CONVERSATIONS:]


def delete(history: dict[str, Any], conversation_id: str | None) -> None:
    history["conversations"] = [c for c in history["conversations"]
                                if c.get("id") != conversation_id]


def choices(history: dict[str, Any]) -> list[tuple[str, str]]:
    """The side panel's entries: (first question, id), most recent first."""
    return [(str(c.get("title") or "…"), str(c["id"])) for c in history["conversations"]]


# -- where it is kept --------------------------------------------------------------------------


def browser_secret(folder: Path) -> str:
    """The key that encrypts the browser copy: made once, kept in ``folder`` (mode 600).

    A fresh key per server start would make every browser's history unreadable
    after a restart; without a writable folder, a per-process key still works until then.
    """
    path = Path(folder) / "browser-key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    key = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        log.warning("history key not saved in %s (%s): browser histories will not survive "
                    "a restart", folder, exc)
    return key


def user_file(folder: Path, username: str) -> Path:
    digest = hashlib.sha256(username.encode("utf-8")).hexdigest()[:24]
    return Path(folder) / "users" / f"{digest}.json"


def load_user(folder: Path, username: str) -> dict[str, Any]:
    try:
        with open(user_file(folder, username), encoding="utf-8") as fh:
            return normalise(json.load(fh))
    except FileNotFoundError:
        return empty()
    except (OSError, ValueError) as exc:
        log.warning("history of a user unreadable (%s): starting afresh", exc)
        return empty()


def save_user(folder: Path, username: str, history: dict[str, Any]) -> None:
    """Write the user's history atomically; opted out: delete the conversations."""
    path = user_file(folder, username)
    if not history.get("keep", True):
        history = empty(keep=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".history-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(history, fh, ensure_ascii=False)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("history of a user not saved (%s)", exc)
