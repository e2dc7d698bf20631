"""``answer()``: a question in, a short answer out, every statement tied to its passage.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text          # « D'après les documents indexés : « ... » [1] »
    >>> a.citations[0]  # Citation(n=1, title=..., text=<the passage as written>, ...)

One call: check the question, read a follow-up in the light of the history,
retrieve (``retrieval``), then compose the offline answer (``composer``) or, with
``SOUVERAIN_LLM`` set, let the model write it and check every sentence
(``generative``), falling back to the offline answer when the model fails.

What a process loads (the embedding model, the lexical index, the Chroma
collection, sentence vectors) is kept per index location and reloaded when the
index's manifest changes, so a ``souverain index`` running in another process is
picked up by the next question. No index yet: the first call builds it.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from index.lexical import LexicalIndex
from index.manifest import FILE as MANIFEST_FILE
from index.manifest import Manifest

from . import composer, followup, generative
from core.settings import Settings
from core.errors import IndexStoreError, LLMError, QuestionError
from .language import EMPTY_QUESTION, TRUNCATED, Language, detect, message
from .questions import Analysis, about_comments, analyze_question
from .retrieval import COMMENTS, Hit, Retriever, kinds_filter
from .sentences import SentenceBank
from .types import Answer, Citation, Draft

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MAX_K = 50
EXTRA_CANDIDATES = 4  # passages past k the composer may quote from (then cited instead of others)


# -- what a process keeps loaded ---------------------------------------------------------------


@dataclass
class _State:
    """One loaded index generation."""

    mtime_ns: int
    manifest: Manifest
    retriever: Retriever
    bank: SentenceBank
    warm_started: bool = False


_states: dict[tuple[str, str, str], _State] = {}
_lock = threading.Lock()


def _key(settings: Settings) -> tuple[str, str, str]:
    return (str(Path(settings.index_dir).expanduser().resolve()), settings.chroma_url,
            settings.embedding)


def _manifest_mtime(index_dir: Path) -> int | None:
    try:
        return (index_dir / MANIFEST_FILE).stat().st_mtime_ns
    except OSError:
        return None


def _needs_build(manifest: Manifest | None, settings: Settings) -> bool:
    from index.embedding import describe  # LangChain: imported when an index is opened

    return (manifest is None or manifest.model_id != describe(settings.embedding)
            or manifest.chroma_url != settings.chroma_url)


def _load(settings: Settings) -> _State:
    from index import store
    from index.embedding import get_embeddings
    from index.rebuild import run_index

    index_dir = Path(settings.index_dir)
    manifest = Manifest.load(index_dir)
    if _needs_build(manifest, settings):
        log.warning("no usable index in %s: indexing %s", index_dir, settings.corpus_dir)
        run_index(settings)
        manifest = Manifest.load(index_dir)
        if manifest is None:
            raise IndexStoreError(f"Indexing did not produce an index in {index_dir}")
    mtime = _manifest_mtime(index_dir) or 0
    embeddings = get_embeddings(settings.embedding)
    lexical_dir = index_dir / manifest.lexical
    try:
        lexical = LexicalIndex.load(lexical_dir)
    except (OSError, ValueError) as exc:
        raise IndexStoreError(
            f"The lexical index {lexical_dir} is unreadable ({exc}); run `souverain index`"
        ) from None
    collection = store.open_collection(settings, manifest)
    retriever = Retriever(lexical, collection, embeddings)
    bank = SentenceBank(embeddings, cache_dir=lexical_dir, model_id=manifest.model_id)
    bank.load(_chunk_texts(retriever))
    bank.analyse(_chunk_texts(retriever))
    return _State(mtime_ns=mtime, manifest=manifest, retriever=retriever, bank=bank)


def _chunk_texts(retriever: Retriever) -> list[tuple[str, str]]:
    return [(retriever.lexical.ids[i], retriever.chunk(i).text) for i in range(retriever.size)]


def _state(settings: Settings, *, reload: bool = False) -> _State:
    key = _key(settings)
    mtime = _manifest_mtime(Path(settings.index_dir))
    state = _states.get(key)
    if state is not None and not reload and mtime is not None and state.mtime_ns == mtime:
        return state
    with _lock:
        state = _states.get(key)
        mtime = _manifest_mtime(Path(settings.index_dir))
        if state is not None and not reload and mtime is not None and state.mtime_ns == mtime:
            return state
        try:
            fresh = _load(settings)
        except IndexStoreError:
            # A rebuild in another process may have switched generations under us: once more.
            fresh = _load(settings)
        if state is not None:
            state.bank.stop()
        _states[key] = fresh
        return fresh


def prepare(settings: Settings | None = None) -> None:
    """Load the index and parse its sentences if that was not done yet (``souverain index``)."""
    _state(settings or Settings.from_env())


def preload(settings: Settings | None = None, *, wait: bool = True) -> None:
    """Load the index and embed every passage's sentences now (``souverain eval`` warms up)."""
    settings = settings or Settings.from_env()
    state = _state(settings)
    _start_warm_up(state)
    if wait:
        state.bank.wait()


def _start_warm_up(state: _State) -> None:
    if not state.warm_started:
        state.warm_started = True
        state.bank.start_warm_up(_chunk_texts(state.retriever))


@atexit.register
def _stop_warm_ups() -> None:
    """Let a warm-up thread finish its batch before the interpreter goes away."""
    for state in list(_states.values()):
        state.bank.stop()
        state.bank.wait(timeout=2.0)


def clear_cache() -> None:
    """Forget every loaded index (tests; a long-running server after deleting an index)."""
    with _lock:
        for state in _states.values():
            state.bank.stop()
        _states.clear()


# -- one question ------------------------------------------------------------------------------


@dataclass
class _Turn:
    question: str
    search_query: str
    language: Language
    k: int
    kinds: tuple[str, ...] | None
    notices: list[str] = field(default_factory=list)
    prompt_question: str = ""


def _check_question(question: Any, settings: Settings) -> tuple[str, list[str]]:
    if not isinstance(question, str):
        raise QuestionError(EMPTY_QUESTION if question is None else
                            "La question doit être du texte. / The question must be text.")
    question = question.replace("\x00", " ").strip()
    if not question:
        raise QuestionError(EMPTY_QUESTION)
    notices = []
    limit = settings.max_question_chars
    if len(question) > limit:
        question = question[:limit].rstrip()
        notices.append(TRUNCATED.format(limit=limit))
    return question, notices


_MARKUP = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{1,200}>|\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]",
    re.IGNORECASE | re.DOTALL,
)


def searchable(question: str) -> str:
    """The question without markup, terminal escapes and control characters (for the search;
    the answer keeps the question as asked)."""
    cleaned = " ".join(_MARKUP.sub(" ", question).split())
    return cleaned or question


def _citations(hits: Sequence[Hit]) -> list[Citation]:
    return [
        Citation(
            n=n, title=hit.chunk.title, kind=hit.chunk.kind, date=hit.chunk.date,
            source=hit.chunk.source_url or hit.chunk.doc_id, locator=hit.chunk.locator,
            text=hit.chunk.text, score=round(float(hit.score), 4), doc_id=hit.chunk.doc_id,
            start=hit.chunk.start, end=hit.chunk.end,
        )
        for n, hit in enumerate(hits, start=1)
    ]


@dataclass
class _Retrieved:
    state: _State
    analysis: Analysis
    hits: list[Hit]
    vectors: list[np.ndarray]  # one per part of the question


def _retrieve(turn: _Turn, settings: Settings) -> _Retrieved:
    for attempt in (0, 1):
        state = _state(settings, reload=attempt == 1)
        retriever = state.retriever
        analysis = analyze_question(turn.search_query, turn.language, retriever.idf,
                                    retriever.known, retriever.vocabulary,
                                    ask=searchable(turn.question))
        try:
            whole = retriever.encode_query(turn.search_query)
            vectors = [whole]
            subqueries: list[tuple[str, Any]] = []
            if len(analysis.parts) > 1:
                vectors = [retriever.encode_query(part.text) for part in analysis.parts]
                subqueries = [(p.search_text, v) for p, v in zip(analysis.parts, vectors)]
            hits = retriever.search(turn.search_query, k=turn.k, kinds=turn.kinds, vector=whole,
                                    lexical_query=analysis.search_text, subqueries=subqueries,
                                    extra=EXTRA_CANDIDATES)
            return _Retrieved(state, analysis, hits, vectors)
        except IndexStoreError:
            if attempt:
                raise
            log.info("index changed during the search; reloading it")
    raise AssertionError("unreachable")


def _pieces(text: str) -> Iterator[str]:
    """The extractive text in a few pieces, for a chat that streams."""
    parts = text.split(" « ")
    for i, part in enumerate(parts):
        yield part if i == 0 else " « " + part


def stream_answer(question: str, k: int = 5, history: Sequence[Sequence[str]] | None = None,
                  kinds: Sequence[str] | None = None, *, settings: Settings | None = None,
                  drafts: bool = False) -> Iterator[str | Draft | Answer]:
    """Like ``answer()``, but yields the text as it comes, then the final ``Answer`` last.

    The ``str`` items are verified text; joined, they are the final ``Answer.text``. With
    ``drafts=True``, a generative answer also yields a ``Draft`` after each token of the
    model: the whole text written since the last verified piece, unchecked, which replaces
    the previous draft (``Draft("")``: nothing pending). A rejected sentence disappears from
    the next draft and never becomes a ``str``. The extractive mode yields no draft.

    Raises:
        QuestionError: the question is empty (raised before anything is yielded).
        IndexStoreError, CorpusError, EmbeddingError: the index cannot be used or built.
    """
    settings = settings or Settings.from_env()
    text, notices = _check_question(question, settings)
    k = max(1, min(MAX_K, int(k or settings.top_k)))
    query = searchable(text)
    chosen_kinds = kinds_filter(kinds)
    if chosen_kinds is None and about_comments(query):
        chosen_kinds = (COMMENTS,)  # a question about the readers' comments reads them
    turn = _Turn(question=text, search_query=query, language=detect(query), k=k,
                 kinds=chosen_kinds, notices=notices)
    return _stream(turn, history, settings, drafts=drafts)


def _stream(turn: _Turn, history: Sequence[Sequence[str]] | None, settings: Settings, *,
            drafts: bool = False) -> Iterator[str | Draft | Answer]:
    model = None
    if settings.llm:
        try:
            model = generative.chat_model(settings)
        except LLMError as exc:
            turn.notices.append(message(turn.language, "llm_fallback", reason=exc))
    turn.search_query = _contextualize(turn, history, model)
    # The model reads the question as asked (escaped as data), or its standalone rewrite.
    turn.prompt_question = (turn.question if turn.search_query == searchable(turn.question)
                            else turn.search_query)

    found = _retrieve(turn, settings)
    state, hits, retriever = found.state, found.hits, found.state.retriever
    composition = composer.compose(found.analysis, hits, state.bank, found.vectors, k=turn.k,
                                   idf=retriever.idf, in_corpus=retriever.known)
    _start_warm_up(state)
    hits = composition.hits
    citations = _citations(hits)
    if not retriever.size:
        turn.notices.append(message(turn.language, "no_index"))

    if model is not None and hits:
        generated = yield from _generate(model, turn, hits, state.bank, drafts=drafts)
        if generated is not None:
            text, cited = generated
            yield Answer(question=turn.question, text=text, answerable=bool(cited), mode="llm",
                         citations=citations, notices=turn.notices)
            return
    for piece in _pieces(composition.text):
        yield piece
    yield Answer(question=turn.question, text=composition.text,
                 answerable=composition.answerable, mode="extractive", citations=citations,
                 notices=turn.notices, lead=composition.lead)


def _contextualize(turn: _Turn, history: Sequence[Sequence[str]] | None, model: Any) -> str:
    """The question to search: a follow-up is completed from the previous turn."""
    question = turn.search_query
    turns = followup.pairs(history)
    if not turns or not followup.is_elliptic(question):
        return question
    query = ""
    if model is not None:
        try:
            query = searchable(generative.rewrite_question(model, question, turns))
        except LLMError as exc:
            turn.notices.append(message(turn.language, "llm_fallback", reason=exc))
    if query:
        if query != question:
            turn.notices.append(message(turn.language, "followup", question=query))
        return query
    about = followup.topic(question, turns)
    if about:
        turn.notices.append(message(turn.language, "followup_topic", question=question,
                                    topic=", ".join(about)))
        return f"{question} {' '.join(about)}"
    return question


def _generate(model: Any, turn: _Turn, hits: list[Hit], bank: SentenceBank, *,
              drafts: bool = False) -> Iterator[str | Draft]:
    """Stream the model's checked sentences; return (text, cited) or None to fall back.

    With ``drafts``, a ``Draft`` of everything not yet verified follows each token.
    """
    verifier = generative.Verifier(hits, bank)
    kept: list[str] = []
    pending: list[str] = []  # uncited connectives wait for a cited sentence
    cited: list[int] = []
    dropped = 0

    def emit(sentences: list[str]) -> Iterator[str]:
        nonlocal dropped
        for sentence in sentences:
            text, valid, _ = verifier.check_sentence(sentence)
            if text is None:
                dropped += 1
                continue
            if not valid:
                pending.append(text)
                continue
            for item in [*pending, text]:
                yield (" " if kept else "") + item
                kept.append(item)
            pending.clear()
            cited.extend(n for n in valid if n not in cited)

    def draft(rest: str) -> Draft:
        return Draft(" ".join(p for p in (*pending, rest.strip()) if p))

    buffer = ""
    shown = ""  # the last draft yielded
    try:
        for delta in generative.stream_generation(model, turn.prompt_question, hits,
                                                  turn.language):
            buffer += delta
            complete, buffer = generative.complete_sentences(buffer)
            yield from emit(complete)
            if drafts:
                current = draft(buffer)
                shown = current.text
                yield current
        yield from emit(generative.split_generated(buffer))
    except LLMError as exc:
        turn.notices.append(message(turn.language, "llm_fallback", reason=exc))
        if not cited:
            if shown:
                yield Draft("")
            return None
    if shown:
        yield Draft("")  # leftover connectives, a rejected last sentence: nothing stays pending
    if not cited:
        turn.notices.append(message(turn.language, "llm_unsupported"))
        return None
    if dropped:
        turn.notices.append(message(turn.language, "llm_dropped", count=dropped))
    return " ".join(kept), cited


def answer(question: str, k: int = 5, history: Sequence[Sequence[str]] | None = None,
           kinds: Sequence[str] | None = None, *, settings: Settings | None = None) -> Answer:
    """Answer ``question`` from the indexed documents, citing the exact passages.

    Args:
        question: in French or English (any length; cut at ``SOUVERAIN_MAX_QUESTION_CHARS``).
        k: how many passages to retrieve and cite.
        history: previous (question, answer) pairs, oldest first, for follow-up questions.
        kinds: document kinds to search; None means every kind except readers' comments.
        settings: defaults to ``Settings.from_env()``.

    Raises:
        QuestionError: the question is empty.
        IndexStoreError, CorpusError, EmbeddingError: the index cannot be used or built.
    """
    final: Answer | None = None
    for item in stream_answer(question, k, history, kinds, settings=settings):
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final
