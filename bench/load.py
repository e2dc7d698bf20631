"""Load test of the web chat: N concurrent clients × M questions against ``souverain serve``.

    .venv/bin/python bench/load.py                       # starts its own server on loopback
    .venv/bin/python bench/load.py --clients 20 --questions 10 --endpoint chat
    .venv/bin/python bench/load.py --url http://127.0.0.1:7860/   # an already running server

Each client is its own ``gradio_client.Client`` (its own session, as a browser
tab is) and asks its questions one after the other through the chat's API
(``/chat``, what the page calls; ``/ask`` is the JSON API). A request counts as
an error when it raises, times out, or comes back as an error message instead of
an answer. Loopback only, and bounded: ``--clients`` × ``--questions`` requests
at most, stopped after ``--deadline`` seconds. Prints p50/p95 latency, errors,
throughput and the server's peak RSS, then one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    SHIPPED_CORPUS,
    child_env,
    eval_questions,
    fmt_seconds,
    percentile,
    run_process,
    souverain_command,
)
from core.files import stop_process  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Outcome:
    """Every request's latency, and what went wrong."""

    latencies: list[float] = field(default_factory=list)  # answered requests only
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, timeout: float = 180.0, process: Any = None) -> float:
    """Poll ``url`` until it answers 200; returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server at {url} did not answer within {timeout:.0f} s")


def peak_rss_mb(pid: int) -> float | None:
    """A running process's peak RSS (``VmHWM``), Linux only."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a running process has used so far (Linux only)."""
    import os

    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _check(endpoint: str, result: Any) -> str:
    """'' when ``result`` is an answer, else what is wrong with it."""
    if endpoint == "ask":
        if isinstance(result, dict) and result.get("answer"):
            return ""
        return f"unexpected /ask result: {str(result)[:120]}"
    try:
        chat = result[0]
        last = chat[-1]
        content = last["content"]
        text = content if isinstance(content, str) else " ".join(
            str(part.get("text", "")) for part in content if isinstance(part, dict))
    except (TypeError, KeyError, IndexError) as exc:
        return f"unexpected /chat result ({exc}): {str(result)[:120]}"
    if last.get("role") != "assistant" or "souverain-answer" not in text:
        return f"no answer in the chat: {text[:120]}"
    if "souverain-error" in text:
        return f"error message in the chat: {text[:200]}"
    return ""


def _client_run(url: str, endpoint: str, questions: list[str], outcome: Outcome,
                deadline: float, timeout: float) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is a load-test error
        for _ in questions:
            outcome.add(0.0, f"connect: {exc.__class__.__name__}: {exc}")
        return
    try:
        for question in questions:
            if time.perf_counter() > deadline:
                outcome.add(0.0, "not sent: deadline reached")
                continue
            t = time.perf_counter()
            try:
                if endpoint == "ask":
                    job = client.submit(question, api_name="/ask")
                else:
                    job = client.submit(message=question, api_name="/chat")
                result = job.result(timeout=timeout)
                error = _check(endpoint, result)
            except Exception as exc:  # noqa: BLE001
                error = f"{exc.__class__.__name__}: {str(exc)[:200]}"
            outcome.add(time.perf_counter() - t, error)
    finally:
        with contextlib.suppress(Exception):  # closing a client that failed is best effort
            client.close()


def run_load(url: str, *, clients: int = 20, questions: int = 10, endpoint: str = "chat",
             deadline_s: float = 600.0, timeout: float = 120.0) -> dict[str, Any]:
    """Send ``clients`` × ``questions`` requests to ``url`` from concurrent clients."""
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"the load test only targets loopback, not {host!r}")
    import resource

    pool = [q["question"] for q in eval_questions()]
    outcome = Outcome()
    own_cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    deadline = started + deadline_s
    with ThreadPoolExecutor(max_workers=clients) as executor:
        futures = [
            executor.submit(
                _client_run, url, endpoint,
                [pool[(c * questions + i) % len(pool)] for i in range(questions)],
                outcome, deadline, timeout,
            )
            for c in range(clients)
        ]
        for future in futures:
            future.result()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (after.ru_utime - own_cpu.ru_utime) + (after.ru_stime - own_cpu.ru_stime)
    ok = outcome.latencies
    return {
        "endpoint": endpoint, "clients": clients, "questions_per_client": questions,
        "requests": len(ok) + len(outcome.errors), "errors": len(outcome.errors),
        "error_samples": sorted(set(outcome.errors))[:5],
        "p50": percentile(ok, 50), "p95": percentile(ok, 95), "max": max(ok, default=0.0),
        "wall_s": wall, "throughput_rps": len(ok) / wall if wall else 0.0,
        "client_cpu_s": client_cpu,
    }


def _serve_command(concurrency: int | None) -> list[str]:
    """``souverain serve``, or the same with the chat's concurrency limit changed (a bench knob)."""
    if concurrency is None:
        return [*souverain_command(), "serve"]
    return [sys.executable, "-c",
            "import sys, ui.app as app; app.CHAT_CONCURRENCY = int(sys.argv[1]); "
            "from ui.cli import cli; cli(['serve'])", str(concurrency)]


def serve_and_load(*, index_dir: Path | None = None, clients: int = 20, questions: int = 10,
                   endpoint: str = "chat", deadline_s: float = 600.0,
                   concurrency: int | None = None) -> dict[str, Any]:
    """Start ``souverain serve`` on a free loopback port, run the load, stop the server.

    ``concurrency`` overrides ``ui.app.CHAT_CONCURRENCY`` (answers computed at once) to
    compare settings; None keeps the app's own.
    """
    import subprocess

    with tempfile.TemporaryDirectory(prefix="souverain-load-") as tmp:
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            run_process([*souverain_command(), "index"],
                        env=child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS)).check(
                "souverain index")
        port = free_port()
        env = child_env(index_dir=index_dir, corpus_dir=SHIPPED_CORPUS, host="127.0.0.1",
                        port=port)
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(_serve_command(concurrency), env=env, stdout=log,
                                  stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parent.parent)
        try:
            url = f"http://127.0.0.1:{port}/"
            startup = wait_ready(url, process=server)
            # One question first: the server's own warm-up, not part of the load.
            run_load(url, clients=1, questions=1, endpoint=endpoint, deadline_s=120)
            cpu_before = cpu_seconds(server.pid)
            result = run_load(url, clients=clients, questions=questions, endpoint=endpoint,
                              deadline_s=deadline_s)
            cpu_after = cpu_seconds(server.pid)
            if cpu_before is not None and cpu_after is not None:
                result["server_cpu_s"] = cpu_after - cpu_before
            result["server_startup_s"] = startup
            result["concurrency"] = concurrency if concurrency is not None else _app_concurrency()
            result["server_peak_rss_mb"] = peak_rss_mb(server.pid)
        except Exception:
            log.flush()
            sys.stderr.write((Path(tmp) / "serve.log").read_text("utf-8", "replace")[-3000:])
            raise
        finally:
            stop_process(server, timeout=20)
            log.close()
    return result


def _app_concurrency() -> int | None:
    try:
        from ui.app import CHAT_CONCURRENCY
    except Exception:  # noqa: BLE001 - only a label in the report
        return None
    return CHAT_CONCURRENCY


def summary(result: dict[str, Any]) -> str:
    return (
        f"{result['clients']} clients × {result['questions_per_client']} questions on "
        f"/{result['endpoint']}: {result['requests']} requests, {result['errors']} errors; "
        f"p50 {fmt_seconds(result['p50'])}, p95 {fmt_seconds(result['p95'])}, "
        f"max {fmt_seconds(result['max'])}; {result['throughput_rps']:.1f} req/s over "
        f"{fmt_seconds(result['wall_s'])}"
        + (f"; server peak RSS {result['server_peak_rss_mb']:.0f} MB"
           if result.get("server_peak_rss_mb") else "")
        + (f"; server CPU {result['server_cpu_s']:.1f} s" if result.get("server_cpu_s") else "")
        + f"; load-client CPU {result['client_cpu_s']:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/load.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="", help="a running server (loopback); default: start one")
    parser.add_argument("--index-dir", type=Path, default=None,
                        help="index for the started server (default: index the shipped corpus)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--endpoint", choices=("chat", "ask"), default="chat")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds, whole run")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="started server only: answers computed at once (default: the app's)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.questions <= 100:
        parser.error("--clients must be 1-200 and --questions 1-100")
    if args.url:
        result = run_load(args.url, clients=args.clients, questions=args.questions,
                          endpoint=args.endpoint, deadline_s=args.deadline)
    else:
        result = serve_and_load(index_dir=args.index_dir, clients=args.clients,
                                questions=args.questions, endpoint=args.endpoint,
                                deadline_s=args.deadline, concurrency=args.concurrency)
    print(summary(result), file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
