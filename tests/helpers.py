"""Helpers and fakes shared by tests.

Real components are the rule; the fakes below stand in for the two slow or remote
parts, at the seams ``Assistant`` and ``run_index`` offer:

* ``FakeEmbeddings``: deterministic vectors (a hashed bag of analysed words), so a
  tiny index builds and answers in well under a second without the real model.
* ``FakeChatModel``: an in-process chat model with canned replies and a ``history``
  of the messages it was sent.
* ``FakeOpenAI``: an OpenAI-compatible HTTP server on 127.0.0.1, for tests that go
  through the real ``langchain_openai`` client.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from core.text import analyze


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


# -- embeddings --------------------------------------------------------------------------------


class FakeEmbeddings(Embeddings):
    """Deterministic, consistent vectors: analysed words (folded French stems) hashed into
    ``dim`` buckets, L2-normalised. Texts that share words are close; no model is loaded."""

    model_id = "fake-hashed-words/1"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0  # texts embedded so far

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, 0] = 0.05  # never a zero vector
            for token in analyze(text):
                out[row, 1 + zlib.crc32(token.encode()) % (self.dim - 1)] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


# -- chat models -------------------------------------------------------------------------------


class FakeChatModel:
    """A chat model in the process: ``reply(messages) -> str``, or texts queued with
    ``enqueue``; ``fail`` makes every call raise it. Calls are recorded in ``history``."""

    def __init__(self, reply: Callable[[list[Any]], str] | None = None, *,
                 fail: Exception | None = None) -> None:
        self.reply = reply
        self.fail = fail
        self.queue: list[str] = []
        self.history: list[list[Any]] = []

    def enqueue(self, *texts: str) -> FakeChatModel:
        self.queue.extend(texts)
        return self

    def _text(self, messages: list[Any]) -> str:
        self.history.append(list(messages))
        if self.fail is not None:
            raise self.fail
        if self.queue:
            return self.queue.pop(0)
        assert self.reply is not None, "nothing queued and no reply function"
        return self.reply(messages)

    def stream(self, messages: list[Any]) -> Iterator[Any]:
        from langchain_core.messages import AIMessageChunk

        for piece in re.findall(r"\S+\s*", self._text(messages)):
            yield AIMessageChunk(content=piece)

    def invoke(self, messages: list[Any]) -> Any:
        from langchain_core.messages import AIMessage

        return AIMessage(content=self._text(messages))


PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)


def passages(body: dict[str, Any]) -> dict[int, str]:
    """The passages of a chat request (OpenAI JSON body), by number."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return {int(n): text for n, text in PASSAGE.findall(user)}


def cite(body: dict[str, Any], needle: str) -> int:
    """The number of the first passage the server was given that contains ``needle``."""
    return next(n for n, text in sorted(passages(body).items()) if needle in text)


def as_body(messages: list[Any]) -> dict[str, Any]:
    """LangChain messages as the OpenAI request body ``passages``/``cite`` read."""
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return {"messages": [{"role": roles.get(m.type, m.type), "content": m.content}
                         for m in messages]}


def llm_settings(settings: Any, url: str, **changes: Any) -> Any:
    return settings.replace(**{"llm": "openai:fake-model", "llm_base_url": url,
                               "llm_timeout": 5.0, **changes})


class _FakeOpenAIHandler(BaseHTTPRequestHandler):
    server: _FakeOpenAIServer

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        fake = self.server.fake
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        fake.requests.append(body)
        if fake.delay:
            time.sleep(fake.delay)
        if fake.status != 200:
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "boom", "type": "server_error"}}')
            return
        text = fake.reply(body)
        if body.get("stream"):
            self._stream(text, fake.token_delay)
        else:
            self._complete(text)

    def _complete(self, text: str) -> None:
        payload = json.dumps({
            "id": "c1", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, text: str, token_delay: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = re.findall(r"\S+\s*", text) or [""]
        for i, piece in enumerate(pieces):
            if i and token_delay:
                time.sleep(token_delay)
            delta = {"content": piece} if i else {"role": "assistant", "content": piece}
            self._event({"id": "c1", "object": "chat.completion.chunk", "created": 0,
                         "model": "fake",
                         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        self._event({"id": "c1", "object": "chat.completion.chunk", "created": 0,
                     "model": "fake",
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, data: dict[str, Any]) -> None:
        self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
        self.wfile.flush()


class _FakeOpenAIServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOpenAI

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client gave up (timeout test): nothing to report


class FakeOpenAI:
    """Canned /v1/chat/completions: ``reply(request_body) -> text``; requests are recorded."""

    def __init__(self, reply: Callable[[dict[str, Any]], str], *, status: int = 200,
                 delay: float = 0.0, token_delay: float = 0.0) -> None:
        self.reply = reply
        self.status = status
        self.delay = delay
        self.token_delay = token_delay  # seconds between two streamed pieces
        self.requests: list[dict[str, Any]] = []
        self.server = _FakeOpenAIServer(("127.0.0.1", 0), _FakeOpenAIHandler)
        self.server.fake = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def light_parser(texts: Sequence[str]) -> list[Any]:
    """A sentence parser without spaCy (the analysis used when no parser is installed)."""
    from assistant.sentences import light_info

    return [light_info(text) for text in texts]


def screenshot_path(name: str) -> Path:
    """Where a browser test saves its screenshot: the README's docs/ folder when
    UPDATE_SCREENSHOTS=1 (to refresh them), else a temp folder, so that a test run
    leaves the checkout unchanged."""
    import os
    import tempfile

    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parent.parent / "docs"
    else:
        folder = Path(tempfile.gettempdir()) / "souverain-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


_ACTIVE_MARKUP_JS = """(roots) => roots.flatMap(r => Array.from(document.querySelectorAll(
    r + ' script, ' + r + ' img, ' + r + ' iframe, ' + r + ' svg[onload], '
    + r + ' a[href^="javascript"], ' + r + ' [onerror], ' + r + ' [onload]'))
    .map(e => e.outerHTML))"""


def active_markup(page: Any, roots: Sequence[str]) -> list[str]:
    """Every element below ``roots`` (CSS selectors) that could run code or fetch something:
    document and question text must never become one."""
    return page.evaluate(_ACTIVE_MARKUP_JS, list(roots))
