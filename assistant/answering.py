"""``answer()``: a question in, a short answer out, every statement tied to its passage.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text          # « D'après les documents indexés : « ... » [1] »
    >>> a.citations[0]  # Citation(n=1, title=..., text=<the passage as written>, ...)

One call: check the question, read a follow-up in the light of the history,
retrieve (``retrieval``), then compose the offline answer (``composer``) or, with
``SOUVERAIN_LLM`` set, let the model write it and check every sentence
(``generative``), falling back to the offline answer when the model fails.

An ``Assistant`` holds what answering needs: the settings, the embedding model,
the vector store, the optional chat model and the loaded index generation (the
lexical index, the Chroma collection, sentence vectors). Each can be handed in
(tests pass fakes); by default they come from the settings. The generation is
reloaded when the index's manifest changes, so a ``souverain index`` running in
another process is picked up by the next question. No index yet, or one built
for another model or chunker (``Manifest.is_current``): the first call builds it,
with the embedded store only.

With a Chroma server (``SOUVERAIN_CHROMA_URL``), an assistant is a pure reader:
the manifest, the chunks and their analysed terms all come from the server
(``index.shared``); it writes nothing there (only a disposable copy of its lexical
index on its own disk, ``index.reader_cache``), builds nothing, and asks the server for the
live generation at most every ``POLL_S`` seconds, so a writer's new generation is
answered from within about a second, without restart.

``answer()`` and ``stream_answer()`` use one default ``Assistant`` per ``Settings``
(``default_assistant``); ``Assistant.close()`` forgets what it loaded.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
import weakref
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import IndexMissing, IndexStoreError, IndexUnreadable, LLMError, QuestionError
from core.settings import Settings
from index import vectors as chunk_vectors
from index.lexical import LexicalIndex
from index.manifest import FILE as MANIFEST_FILE
from index.manifest import Manifest, model_id_for
from index.provenance import cited_span, nature_of, spans_from_json

from . import aliases, antecedents, composer, followup, generative, speech
from .language import EMPTY_QUESTION, TRUNCATED, Language, detect, message, spelt_out
from .questions import Analysis, about_comments, analyze_question, question_kind, without_aside, without_task
from .retrieval import COMMENTS, Hit, Retriever, kinds_filter
from .sentences import WARM_UP_MAX_CHUNKS, Parser, SentenceBank
from .shapes import recency_prior
from .types import Answer, Citation, Draft, nature_label

if TYPE_CHECKING:
    import numpy as np

    from index.vectors import ChunkVectors

log = logging.getLogger(__name__)

MAX_K = Settings.bounds("top_k")[1]
EXTRA_CANDIDATES = 4  # passages past k the composer may quote from (then cited instead of others)
COMMENT_CANDIDATES = 40  # a question about the readers reads the comments page whole (``composer``)


@dataclass
class Generation:
    """One loaded index generation: what questions are answered from."""

    manifest: Manifest
    retriever: Retriever
    bank: SentenceBank
    mtime_ns: int | None = None  # the manifest file's, when loaded; None: handed in, kept
    warm_started: bool = False
    checked: float = 0.0  # with a Chroma server: when the live generation was last asked
    writes: int = 0  # index.shared.writes then (a write by this process: ask at once)

    def chunk_texts(self) -> list[tuple[str, str]]:
        retriever = self.retriever
        return [(retriever.lexical.ids[i], retriever.chunk(i).text) for i in range(retriever.size)]

    def start_warm_up(self) -> None:
        """Embed every passage's sentences in the background (once)."""
        if not self.warm_started:
            self.warm_started = True
            self.bank.start_warm_up(self.chunk_texts())


def _manifest_mtime(index_dir: Path) -> int | None:
    try:
        return (index_dir / MANIFEST_FILE).stat().st_mtime_ns
    except OSError:
        return None


_live: weakref.WeakSet[Assistant] = weakref.WeakSet()
POLL_S = 1.0  # with a Chroma server, how often a reader asks for the live generation


class Assistant:
    """Answers questions from one index, with the exact passages cited.

        >>> assistant = Assistant(Settings.from_env())
        >>> assistant.answer("Qui héberge l'entrepôt EMC2 ?").citations[0].title

    Args:
        settings: defaults to ``Settings.from_env()``.
        embeddings: the embedding model (``encode``, ``embed_documents``, ``embed_query``,
            ``model_id``); defaults to the one ``settings.embedding`` names.
        store: opens the Chroma collection a manifest names (``open_collection(settings,
            manifest)``); defaults to ``index.store``.
        llm: a LangChain chat model; defaults to the one ``settings.llm`` names, if any.
        parser: analyses passage sentences (``sentences.Parser``); defaults to the French
            spaCy pipeline, run once per index and saved next to it.
        generation: an index generation already loaded (then never reloaded).
    """

    def __init__(self, settings: Settings | None = None, *, embeddings: Any = None,
                 store: Any = None, llm: Any = None, parser: Parser | None = None,
                 generation: Generation | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._embeddings = embeddings
        self._parser = parser
        self._store = store
        self._own_store = store is None  # the default store: its chunk vectors may be read
        self.llm = llm
        self._generation = generation
        self._pinned = generation is not None
        self._lock = threading.Lock()
        _live.add(self)

    # -- what it holds ------------------------------------------------------------------------

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from index.embedding import get_embeddings  # LangChain: loaded when first needed

            self._embeddings = get_embeddings(self.settings.embedding)
        return self._embeddings

    @property
    def store(self) -> Any:
        if self._store is None:
            from index import store

            self._store = store
        return self._store

    def model_id(self) -> str:
        """The embedding model's id, as an index records it."""
        injected = getattr(self._embeddings, "model_id", None)
        return str(injected) if injected else model_id_for(self.settings)

    def chat_model(self) -> Any:
        """The chat model (None in the extractive mode).

        Raises:
            LLMError: ``SOUVERAIN_LLM`` names a model that cannot be set up.
        """
        if self.llm is None and self.settings.llm:
            self.llm = generative.chat_model(self.settings)
        return self.llm

    def generation(self, *, reload: bool = False) -> Generation:
        """The loaded index generation, (re)loaded when the manifest changed.

        Raises:
            IndexStoreError, CorpusError, EmbeddingError: the index cannot be used or built.
        """
        seen = current = self._generation
        if current is not None and (self._pinned or (not reload and self._same(current))):
            return current
        with self._lock:
            current = self._generation
            if current is not None and not reload and (
                    current is not seen  # another thread loaded it meanwhile
                    or (not self.settings.chroma_url and self._same(current))):
                return current
            try:
                loaded = self._load(current)
            except IndexStoreError:
                # A rebuild in another process may have switched generations under us: once more.
                try:
                    loaded = self._load(current)
                except IndexStoreError:
                    if current is None or not self.settings.chroma_url or reload:
                        raise
                    log.warning("new index generation not loaded yet; answering from the last")
                    return current
            if current is not None and current.bank is not loaded.bank:
                current.bank.stop()
            self._generation = loaded
            return loaded

    def _same(self, generation: Generation) -> bool:
        if self.settings.chroma_url:
            return self._same_on_server(generation)
        mtime = _manifest_mtime(Path(self.settings.index_dir))
        return mtime is not None and generation.mtime_ns == mtime

    def _same_on_server(self, generation: Generation) -> bool:
        """Is ``generation`` still live on the server? Asked at most every ``POLL_S``."""
        import time

        from index import shared

        if time.monotonic() - generation.checked < POLL_S and generation.writes == shared.writes:
            return True
        try:
            live = shared.live_generation(self.settings)
        except IndexStoreError as exc:  # the server hiccuped: keep answering from what we have
            log.warning("cannot check the live generation: %s", exc)
            return True
        generation.checked, generation.writes = time.monotonic(), shared.writes
        return live == generation.manifest.generation

    def _load_from_server(self, previous: Generation | None) -> Generation:
        """A reader of a Chroma server: everything from the server, nothing written anywhere.

        A new generation of the same collection (an incremental run) reuses the lexical
        index already in memory: only the new chunks are fetched. At start, the reader's
        disposable local copy of its lexical index (``SOUVERAIN_READER_CACHE_DIR``) does
        the same (``index.reader_cache``).
        """
        import time

        from index import shared

        settings = self.settings
        manifest = shared.load_manifest(settings)
        if manifest is None:
            raise IndexMissing(
                f"No index on the Chroma server {settings.chroma_url} yet: run `souverain index` "
                "(with the same SOUVERAIN_CHROMA_URL) on the machine that holds the corpus")
        stale = manifest.stale_because(settings, self.model_id())
        if stale:
            raise IndexMissing(
                f"The index on the Chroma server does not fit these settings ({stale}): run "
                "`souverain index` with them on the machine that holds the corpus")
        collection = self.store.open_collection(settings, manifest)
        reuse = None
        if previous is not None and previous.manifest.collection == manifest.collection:
            reuse = previous.retriever.lexical
        lexical = shared.reader_lexical(settings, manifest, collection, reuse)
        retriever = Retriever(lexical, collection, self.embeddings)
        bank = SentenceBank(self.embeddings, cache_dir=None, model_id=manifest.model_id)
        if previous is not None and reuse is not None:
            bank.adopt(previous.bank)
        return Generation(manifest, retriever, bank, mtime_ns=0, checked=time.monotonic(),
                          writes=shared.writes)

    def _load(self, previous: Generation | None = None) -> Generation:
        if self.settings.chroma_url:
            return self._load_from_server(previous)
        settings = self.settings
        index_dir = Path(settings.index_dir)
        manifest = Manifest.load(index_dir)
        if manifest is None or not manifest.is_current(settings, self.model_id()):
            log.warning("no usable index in %s: indexing %s", index_dir, settings.corpus_dir)
            from index.rebuild import run_index

            run_index(settings, embeddings=self._embeddings)
            manifest = Manifest.load(index_dir)
            if manifest is None:
                raise IndexMissing(f"Indexing did not produce an index in {index_dir}")
        mtime = _manifest_mtime(index_dir) or 0
        lexical_dir = index_dir / manifest.lexical
        try:
            lexical = LexicalIndex.load(lexical_dir)
            lexical.verify()
        except (OSError, ValueError) as exc:
            raise IndexUnreadable(
                f"The lexical index {lexical_dir} is unreadable ({exc}); run `souverain index`"
            ) from exc
        dense = self._chunk_vectors(manifest, lexical)
        collection = None if dense is not None else self.store.open_collection(settings, manifest)
        if dense is None and self._own_store:
            dense = self._save_chunk_vectors(manifest, lexical, collection)
        retriever = Retriever(lexical, collection, self.embeddings, vectors=dense)
        bank = SentenceBank(self.embeddings, cache_dir=lexical_dir, model_id=manifest.model_id,
                            parser=self._parser)
        generation = Generation(manifest, retriever, bank, mtime_ns=mtime)
        if retriever.size <= WARM_UP_MAX_CHUNKS:
            texts = generation.chunk_texts()
            bank.load(texts)
            bank.analyse(texts)  # parsed once per index, saved next to it
        else:  # splitting 100,000 chunks up front took 80 s before the first answer
            bank.parse_on_demand = True  # sentences split, embedded, parsed as answers meet them
        return generation

    def _chunk_vectors(self, manifest: Manifest, lexical: LexicalIndex) -> ChunkVectors | None:
        """The generation's chunk vectors saved beside its lexical index, when valid.

        With them the embedded Chroma store is not opened at all (chromadb is not even
        imported: two seconds of a one-shot ``souverain ask``). An injected store is
        always asked itself.
        """
        if not self._own_store or lexical.folder is None:
            return None
        from index import store

        store.check_folders(self.settings, manifest)  # a lost store is said, not hidden
        return chunk_vectors.load(lexical.folder, lexical.ids, manifest.model_id)

    def _save_chunk_vectors(self, manifest: Manifest, lexical: LexicalIndex,
                            collection: Any) -> ChunkVectors | None:
        """An index without the copy (built by an older version): read the vectors from
        Chroma once and save them for the next process; None when too large or unreadable."""
        if lexical.folder is None or len(lexical) > chunk_vectors.MAX_CHUNKS:
            return None
        return chunk_vectors.from_store(lexical.folder, lexical.ids, manifest.model_id,
                                        collection)

    def preload(self, *, wait: bool = True) -> None:
        """Load the index and embed every passage's sentences now (``souverain eval`` warms up)."""
        generation = self.generation()
        generation.start_warm_up()
        if wait:
            generation.bank.wait()

    def close(self, timeout: float = 2.0) -> None:
        """Stop the background warm-up and forget the loaded generation (reloaded on next use)."""
        with self._lock:
            generation, self._generation = self._generation, None
            self._pinned = False
        if generation is not None:
            generation.bank.stop()
            generation.bank.wait(timeout=timeout)

    # -- questions ----------------------------------------------------------------------------


    def answer(self, question: str, k: int | None = None,
               history: Sequence[Sequence[str]] | None = None,
               kinds: Sequence[str] | None = None) -> Answer:
        """See ``answer()``."""
        final: Answer | None = None
        for item in self.stream(question, k, history, kinds):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, k: int | None = None,
               history: Sequence[Sequence[str]] | None = None,
               kinds: Sequence[str] | None = None, *,
               drafts: bool = False) -> Iterator[str | Draft | Answer]:
        """See ``stream_answer()``; the question is checked before anything is yielded."""
        text, notices = _check_question(question, self.settings)
        k = max(1, min(MAX_K, int(k or self.settings.top_k)))
        query = searchable(text)
        chosen_kinds = kinds_filter(kinds)
        if chosen_kinds is None and about_comments(query):
            chosen_kinds = (COMMENTS,)  # a question about the readers' comments reads them
        turn = _Turn(question=text, search_query=query, language=detect(query), k=k,
                     kinds=chosen_kinds, notices=notices, auto_kinds=kinds_filter(kinds) is None)
        return self._stream(turn, history, drafts=drafts)

    def _stream(self, turn: _Turn, history: Sequence[Sequence[str]] | None, *,
                drafts: bool = False) -> Iterator[str | Draft | Answer]:
        model = None
        try:
            model = self.chat_model()
        except LLMError as exc:
            turn.notices.append(message(turn.language, "llm_fallback", reason=exc))
        turn.search_query = _contextualize(turn, history, model)
        # The model reads the question as asked (escaped as data), or its standalone rewrite.
        turn.prompt_question = (turn.question if turn.search_query == searchable(turn.question)
                                else turn.search_query)

        found = self._retrieve(turn)
        generation, retriever = found.generation, found.generation.retriever
        composition = composer.compose(found.analysis, found.hits, generation.bank,
                                       found.vectors, k=turn.k, idf=retriever.idf,
                                       in_corpus=retriever.is_known, aliases=retriever.aliases)
        generation.start_warm_up()
        hits = composition.hits
        if not retriever.size:
            turn.notices.append(message(turn.language, "no_index"))

        if model is not None and hits:
            generated = yield from _generate(model, turn, hits, generation.bank, drafts=drafts)
            if generated is not None:
                text, cited = generated
                yield Answer(question=turn.question, text=text, answerable=bool(cited),
                             mode="llm", citations=_citations(hits, text),
                             notices=turn.notices)
                return
        yield from _pieces(composition.text)
        yield Answer(question=turn.question, text=composition.text,
                     answerable=composition.answerable, mode="extractive",
                     citations=_citations(hits, composition.text), notices=turn.notices,
                     lead=composition.lead)

    def _retrieve(self, turn: _Turn) -> _Retrieved:
        for attempt in (0, 1):
            generation = self.generation(reload=attempt == 1)
            retriever = generation.retriever
            if turn.auto_kinds and not turn.comments and turn.kinds is None \
                    and retriever.names_a_reader(turn.search_query):
                turn.comments = True  # « Que demande kroman ? »: a reader, by his signature
                turn.kinds = (COMMENTS,)
            analysis = analyze_question(turn.search_query, turn.language, retriever.idf,
                                        retriever.is_known, retriever.vocabulary,
                                        ask=searchable(turn.asked or turn.question), kind=turn.kind,
                                        comments=turn.comments,
                                        proper=retriever.proper_names.__contains__,
                                        acronyms=retriever.camel_acronyms,
                                        also_named=aliases.also_named(
                                            turn.search_query, retriever.aliases, retriever.idf))
            if turn.answered:  # « Et qui l'avait demandé ? » is not answered by who rejected it
                answered = followup.stems_of(turn.answered)
                analysis = replace(analysis, stems=analysis.stems | answered, answered=answered)
            if turn.recalled:  # what « Pourquoi ? », « Et ça a abouti à quoi ? » are about
                analysis = replace(analysis, recalled=followup.stems_of(turn.recalled))
            try:
                whole = retriever.encode_query(turn.search_query)
                vectors = [whole]
                subqueries: list[tuple[str, Any]] = []
                if len(analysis.parts) > 1:
                    vectors = [retriever.encode_query(part.text) for part in analysis.parts]
                    subqueries = [(p.search_text, v)
                                  for p, v in zip(analysis.parts, vectors, strict=True)]
                lexical_query = analysis.search_text
                if analysis.kind == "definition" and len(analysis.parts) == 1:
                    # « C'est quoi le Health Data Hub ? » is also a question about the
                    # Plateforme des données de santé (``aliases``)
                    lexical_query = " ".join([lexical_query, *aliases.other_names(
                        analysis.ask or analysis.question, analysis.parts[0],
                        retriever.aliases)])
                hits = retriever.search(turn.search_query, k=turn.k, kinds=turn.kinds,
                                        vector=whole, lexical_query=lexical_query,
                                        subqueries=subqueries,
                                        extra=_extra(turn.kinds),
                                        prior=recency_prior if analysis.kind == "latest"
                                        else None, neighbour=_NEIGHBOUR.get(analysis.kind, 0),
                                        continued=_continued,
                                        recalled=" ".join(turn.recalled))
                return _Retrieved(generation, analysis, hits, vectors)
            except IndexStoreError:
                if attempt or self._pinned:
                    raise
                log.info("index changed during the search; reloading it")
        raise AssertionError("unreachable")


def _continued(text: str, following: str) -> bool:
    """Does the passage after ``text`` in its document go on with it (the same act told again
    « aussi », or the speaker it ends on going on « …, ajoute-t-il »)?"""
    return antecedents.continues(text, following) or speech.speaker_goes_on(text, following)


# The passage next to the best one that a kind of question also reads: a speaker goes on in
# the next one; the step before the latest state is told in the one before.
_NEIGHBOUR = {"said": 1, "latest": -1}


@atexit.register
def _stop_warm_ups() -> None:
    """Let a warm-up thread finish its batch before the interpreter goes away."""
    for assistant in list(_live):
        generation = assistant._generation  # noqa: SLF001 - the module's own class
        if generation is not None:
            generation.bank.stop()
            generation.bank.wait(timeout=2.0)


_defaults: dict[Settings, Assistant] = {}
_defaults_lock = threading.Lock()


def default_assistant(settings: Settings | None = None) -> Assistant:
    """The ``Assistant`` that ``answer()`` uses for ``settings`` (one per distinct settings)."""
    settings = settings or Settings.from_env()
    with _defaults_lock:
        assistant = _defaults.get(settings)
        if assistant is None:
            assistant = _defaults[settings] = Assistant(settings)
        return assistant


def prepare(settings: Settings | None = None) -> None:
    """Load the index and parse its sentences if that was not done yet (``souverain index``)."""
    default_assistant(settings).generation()


def preload(settings: Settings | None = None, *, wait: bool = True) -> None:
    """Load the index and embed every passage's sentences now (``souverain eval`` warms up)."""
    default_assistant(settings).preload(wait=wait)


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
    answered: tuple[str, ...] = ()  # names the conversation's last answer already gave
    recalled: tuple[str, ...] = ()  # the last answer's content words
    kind: str | None = None  # what a follow-up without an ask of its own asks
    asked: str = ""  # the turn as read in its conversation, when it points to a numbered item
    comments: bool | None = None  # a follow-up in a conversation about the readers' comments
    auto_kinds: bool = True  # the caller did not choose the kinds of documents


def _extra(kinds: tuple[str, ...] | None) -> int:
    """How many candidates past k the composer reads: a question about the readers reads
    more of the comments (a comments page is short, and opinions are worded far from the
    question's words)."""
    return COMMENT_CANDIDATES if kinds == (COMMENTS,) else EXTRA_CANDIDATES


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
    """The question without markup, terminal escapes and control characters, its texted
    question words and dates in figures spelt out, without the task its asker names before it
    and an aside about them after it (for the search; the answer keeps the question as asked)."""
    cleaned = without_aside(without_task(spelt_out(" ".join(_MARKUP.sub(" ", question).split()))))
    return cleaned or question


def _citation(n: int, hit: Hit, answer_text: str = "") -> Citation:
    chunk = hit.chunk
    nature = nature_of(chunk.kind, chunk.nature)
    label, link = chunk.source_label, chunk.source_link
    if chunk.source_spans and answer_text:  # the block whose sentence the answer quotes
        label, link = cited_span(spans_from_json(chunk.source_spans), chunk.text,
                                 answer_text) or (label, link)
    link = link or chunk.source_url
    return Citation(
        n=n, title=chunk.title, kind=chunk.kind, date=chunk.date,
        source=link or chunk.doc_id, locator=chunk.locator,
        text=chunk.text, score=round(float(hit.score), 4), doc_id=chunk.doc_id,
        start=chunk.start, end=chunk.end, nature=nature,
        nature_label=nature_label(nature, chunk.based_on), updated=chunk.updated,
        source_label=label or chunk.publisher, source_url=link,
        publisher=chunk.publisher, document_url=chunk.source_url,
    )


def _citations(hits: Sequence[Hit], answer_text: str = "") -> list[Citation]:
    return [_citation(n, hit, answer_text) for n, hit in enumerate(hits, start=1)]


@dataclass
class _Retrieved:
    generation: Generation
    analysis: Analysis
    hits: list[Hit]
    vectors: list[np.ndarray]  # one per part of the question


def _pieces(text: str) -> Iterator[str]:
    """The extractive text in a few pieces, for a chat that streams."""
    parts = text.split(" « ")
    for i, part in enumerate(parts):
        yield part if i == 0 else " « " + part


def _contextualize(turn: _Turn, history: Sequence[Sequence[str]] | None, model: Any) -> str:
    """The question to search: a follow-up is completed from the conversation."""
    question = turn.search_query
    turns = followup.pairs(history)
    if not turns or not followup.is_elliptic(question, turns):
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
    resolution = followup.resolve(question, turns, about_comments=about_comments)
    turn.answered = resolution.answered
    turn.recalled = resolution.recalled
    turn.asked = resolution.asked  # « l'article suivant » → « l'article 32 »
    if resolution.inherits_ask:  # « Et le Safe Harbor ? »: the ask of the nearest turn that had one
        asked = next((q for q in reversed(resolution.previous) if followup.asks(q)), "")
        kind = question_kind(searchable(asked), detect(asked)) if asked else "other"
        turn.kind = kind
    elif followup.asks_attribute_only(question) \
            and question_kind(searchable(question), turn.language) == "yes_no":
        turn.kind = "other"  # « et son numéro NOR ? » asks the number, not a yes or a no
    if resolution.comments and turn.auto_kinds:
        turn.comments = True
        turn.kinds = (COMMENTS,)  # the conversation is about the readers' comments
    if resolution.topic:
        turn.notices.append(message(turn.language, "followup_topic", question=question,
                                    topic=", ".join(resolution.topic)))
    return resolution.search


def _generate(model: Any, turn: _Turn, hits: list[Hit], bank: SentenceBank, *,
              drafts: bool = False) -> Generator[str | Draft, None, tuple[str, list[int]] | None]:
    """Stream the model's checked sentences; return (text, cited) or None to fall back.

    With ``drafts``, a ``Draft`` of everything not yet verified follows each token.
    """
    checked = generative.VerifiedStream(generative.Verifier(hits, bank))
    shown = ""  # the last draft yielded
    try:
        for delta in generative.stream_generation(model, turn.prompt_question, hits,
                                                  turn.language):
            yield from checked.feed(delta)
            if drafts:
                shown = checked.draft()
                yield Draft(shown)
        yield from checked.finish()
    except LLMError as exc:
        turn.notices.append(message(turn.language, "llm_fallback", reason=exc))
        if not checked.cited:
            if shown:
                yield Draft("")
            return None
    if shown:
        yield Draft("")  # leftover connectives, a rejected last sentence: nothing stays pending
    if not checked.cited:
        turn.notices.append(message(turn.language, "llm_unsupported"))
        return None
    if checked.dropped_sentences:
        turn.notices.append(message(turn.language, "llm_dropped",
                                    count=checked.dropped_sentences))
    return checked.text, checked.cited


def answer(question: str, k: int | None = None, history: Sequence[Sequence[str]] | None = None,
           kinds: Sequence[str] | None = None, *, settings: Settings | None = None) -> Answer:
    """Answer ``question`` from the indexed documents, citing the exact passages.

    Args:
        question: in French or English (any length; cut at ``SOUVERAIN_MAX_QUESTION_CHARS``).
        k: how many passages to retrieve and cite (default: ``SOUVERAIN_TOP_K``).
        history: previous (question, answer) pairs, oldest first, for follow-up questions.
        kinds: document kinds to search; None means every kind except readers' comments.
        settings: defaults to ``Settings.from_env()``; every ``SOUVERAIN_*`` setting applies.

    Raises:
        QuestionError: the question is empty.
        IndexStoreError, CorpusError, EmbeddingError: the index cannot be used or built.
    """
    return default_assistant(settings).answer(question, k, history, kinds)


def stream_answer(question: str, k: int | None = None,
                  history: Sequence[Sequence[str]] | None = None,
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
    return default_assistant(settings).stream(question, k, history, kinds, drafts=drafts)
