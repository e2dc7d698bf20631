"""Sentences of a passage, with their offsets, stems and (lazily) their embeddings.

The extractive composer quotes whole sentences, so it needs each passage cut
into sentences whose offsets point back into the passage. Headings and
``Source :`` lines are kept out: they are references, not statements.

``SentenceBank`` caches, per chunk id, the sentences and their embeddings. The
first answer that meets a chunk embeds its sentences; a background warm-up
embeds the rest (on indexes up to ``WARM_UP_MAX_CHUNKS`` chunks), and once every
chunk of an index generation is done the vectors are saved next to that
generation's lexical index, so the next process starts warm. The file goes away
with its generation.
"""

from __future__ import annotations

import logging
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import atomic_file, write_atomic
from core.text import analyze, fold

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# A sentence ends at . ! ? … (maybe followed by a closing quote or bracket), then a space
# and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[»”\")]*\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle dr pr me st ste art al cf p pp n no vol ch ed etc env vs ex fig"
    " av bd inc ltd co jr sr".split()
)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_SKIP_LINE = re.compile(r"^\s*(?:#|source\s*:|sources\s*:|---|\|)", re.IGNORECASE)
_MIN_CHARS = 12
# Above this many chunks the whole-index warm-up is skipped: 20,000 chunks hold ~100,000
# sentences, ~200 MB of vectors and ~3 min of CPU; 100,000 chunks would need ~1 GB and
# a quarter of an hour on two cores.
WARM_UP_MAX_CHUNKS = 20_000
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk: ``chunk.text[start:end]`` is its raw text."""

    start: int
    end: int
    text: str  # for display: bullets and Markdown emphasis removed
    folded: str
    stems: frozenset[str]


def split_sentences(text: str) -> list[Sentence]:
    """Cut a passage into sentences (offsets relative to ``text``); headings are skipped."""
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip() or _SKIP_LINE.match(line):
            continue
        bullet = _BULLET.match(line)
        begin = bullet.end() if bullet else len(line) - len(line.lstrip())
        for start, end in _sentence_spans(line, begin):
            raw = line[start:end]
            display = raw.replace("**", "").replace("__", "").strip()
            if len(display) < _MIN_CHARS or _URL.search(display):
                continue  # too short to answer anything, or a reference line
            sentences.append(Sentence(
                start=line_start + start, end=line_start + end, text=display,
                folded=fold(display), stems=frozenset(analyze(display)),
            ))
    return sentences


def _sentence_spans(line: str, begin: int) -> Iterable[tuple[int, int]]:
    start = begin
    for match in _BOUNDARY.finditer(line, begin):
        before = line[start:match.start()].rstrip()
        last_word = re.split(r"[\s(«\"'’]+", before)[-1] if before else ""
        word = fold(last_word.rstrip("."))
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if before.count("(") > before.count(")") and ")" in line[match.end():match.end() + 80]:
            continue  # no sentence ends inside a parenthesis: « (H.R. 4943 …) », « (Pub. L. …) »
        end = match.start() + len(match.group(0).rstrip())
        yield start, end
        start = match.end()
    end = len(line.rstrip())
    if end > start:
        yield start, end


def _digest(sentences: Sequence[Sentence]) -> int:
    """A checksum of how a chunk was split, so saved vectors never meet other sentences."""
    return zlib.crc32("\x1f".join(s.text for s in sentences).encode("utf-8"))


@dataclass
class ChunkSentences:
    """The sentences of one chunk and their embeddings (rows in the same order)."""

    sentences: list[Sentence]
    vectors: np.ndarray | None = None


class SentenceBank:
    """Per-process cache of chunk sentences and their embeddings, for one index generation."""

    FILE = "sentences-{model}.npz"

    def __init__(self, embeddings: Any, *, cache_dir: Path | None = None,
                 model_id: str = "", parser: Parser | None = None) -> None:
        self.embeddings = embeddings
        self._entries: dict[str, ChunkSentences] = {}
        self._lock = threading.Lock()
        self._cache_file = (
            Path(cache_dir) / self.FILE.format(model=re.sub(r"[^\w.-]+", "_", model_id))
            if cache_dir else None
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._saved = False
        self._passages: dict[str, tuple[str, frozenset[str]]] = {}
        self.analyses = SentenceAnalyses(Path(cache_dir).parent if cache_dir else None,
                                         parser=parser)
        # True on indexes too large to parse up front: the sentences answers meet are parsed
        # then (the parser loads at the first answer, ~5 s) and kept for this process.
        self.parse_on_demand = False

    def passage(self, chunk_id: str, text: str) -> tuple[str, frozenset[str]]:
        """A passage's folded text and stems, computed once."""
        found = self._passages.get(chunk_id)
        if found is None:
            found = (fold(text), frozenset(analyze(text)))
            self._passages[chunk_id] = found
        return found

    def info(self, sentence: Sentence) -> SentenceInfo:
        """The parser's analysis of a sentence (a lighter one when it was not parsed)."""
        return self.analyses.get(sentence.text)

    def analyse(self, items: Sequence[tuple[str, str]]) -> None:
        """Parse every sentence of these chunks once (saved next to the index); above
        ``WARM_UP_MAX_CHUNKS`` chunks the lighter analysis stands in."""
        texts = [s.text for chunk_id, text in items for s in self.sentences(chunk_id, text).sentences]
        self.analyses.prepare(texts, parse=len(items) <= WARM_UP_MAX_CHUNKS)

    def adopt(self, other: SentenceBank) -> None:
        """Take over ``other``'s sentences (chunk ids are content hashes: same id, same text)."""
        with other._lock:
            entries = dict(other._entries)
        with self._lock:
            for chunk_id, entry in entries.items():
                self._entries.setdefault(chunk_id, entry)

    def sentences(self, chunk_id: str, text: str) -> ChunkSentences:
        """Split (once) without embedding."""
        entry = self._entries.get(chunk_id)
        if entry is None:
            entry = ChunkSentences(split_sentences(text))
            with self._lock:
                entry = self._entries.setdefault(chunk_id, entry)
        return entry

    def embedded(self, items: Sequence[tuple[str, str]]) -> list[ChunkSentences]:
        """The sentences of each (chunk id, text), with embeddings, computing the missing ones."""
        import numpy as np

        entries = [self.sentences(chunk_id, text) for chunk_id, text in items]
        missing = [e for e in entries if e.vectors is None and e.sentences]
        if missing:
            texts = [s.text for e in missing for s in e.sentences]
            vectors = np.asarray(self.embeddings.encode(texts), dtype=np.float32)
            row = 0
            for entry in missing:
                n = len(entry.sentences)
                entry.vectors = vectors[row:row + n]
                row += n
        for entry in entries:
            if entry.vectors is None:
                entry.vectors = np.zeros((0, 1), dtype=np.float32)
        if self.parse_on_demand:
            self.analyses.ensure([s.text for e in entries for s in e.sentences])
        return entries

    # -- warm-up and the on-disk copy ---------------------------------------------------------

    def load(self, items: Sequence[tuple[str, str]]) -> bool:
        """Fill the cache from the generation's saved vectors, if they match; True on success."""
        import numpy as np

        if self._cache_file is None or not self._cache_file.is_file():
            return False
        try:
            with np.load(self._cache_file, allow_pickle=False) as data:
                ids = [str(x) for x in data["ids"]]
                counts = data["counts"]
                digests = data["digests"]
                vectors = data["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            log.info("ignoring sentence cache %s: %s", self._cache_file, exc)
            return False
        known = dict(items)
        row = 0
        matched = 0
        for chunk_id, count, digest in zip(ids, counts, digests, strict=False):
            count = int(count)
            text = known.get(chunk_id)
            if text is not None:
                entry = self.sentences(chunk_id, text)
                if len(entry.sentences) == count and int(digest) == _digest(entry.sentences):
                    if entry.vectors is None:
                        entry.vectors = vectors[row:row + count]
                    matched += 1
            row += count
        self._saved = matched == len(known)  # else the warm-up embeds the rest and saves again
        return self._saved

    def start_warm_up(self, items: Sequence[tuple[str, str]], batch: int = 4) -> None:
        """Embed every chunk's sentences in a daemon thread, then save them.

        Not above ``WARM_UP_MAX_CHUNKS``: there, answers embed the sentences of the
        passages they meet (tens of milliseconds) and memory stays bounded.
        """
        if self._thread is not None or self._saved:
            return
        if len(items) > WARM_UP_MAX_CHUNKS:
            log.info("no sentence warm-up for %d chunks (more than %d): embedded on demand",
                     len(items), WARM_UP_MAX_CHUNKS)
            return
        self._thread = threading.Thread(
            target=self._warm_up, args=(list(items), batch), name="souverain-warm-up", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the warm-up to finish; True when every chunk is embedded."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def stop(self) -> None:
        self._stop.set()

    def _warm_up(self, items: list[tuple[str, str]], batch: int) -> None:
        try:
            for i in range(0, len(items), batch):
                if self._stop.is_set():
                    return
                self.embedded(items[i:i + batch])
            self._save(items)
        except Exception as exc:  # a warm-up failure only costs speed
            log.info("sentence warm-up stopped: %s", exc)

    def _save(self, items: list[tuple[str, str]]) -> None:
        import numpy as np

        if self._cache_file is None or self._stop.is_set():
            return
        ids, counts, digests, blocks = [], [], [], []
        for chunk_id, text in items:
            entry = self.sentences(chunk_id, text)
            if entry.vectors is None or len(entry.vectors) != len(entry.sentences):
                return
            ids.append(chunk_id)
            counts.append(len(entry.sentences))
            digests.append(_digest(entry.sentences))
            if len(entry.sentences):
                blocks.append(entry.vectors)
        if not blocks:
            return
        folder = self._cache_file.parent
        try:
            with atomic_file(self._cache_file, "wb", prefix=".sentences-", suffix=".npz") as fh:
                np.savez(fh, ids=np.asarray(ids), counts=np.asarray(counts),
                         digests=np.asarray(digests, dtype=np.int64),
                         vectors=np.vstack(blocks).astype(np.float32))
            self._saved = True
        except OSError as exc:  # a read-only index: stay warm in memory only
            log.info("cannot save the sentence cache in %s: %s", folder, exc)


# -- what a French parser finds in each sentence -------------------------------------------------
#
# spaCy's ``fr_core_news_md`` (lemmas, named entities, dependency parse) reads every sentence of
# the index once, when the index is prepared, and what it finds is kept in a file next to the
# index: a question never waits for the parser (it takes ~6 s to load). Answers use it to tell
# the shape of a sentence: does it give a reason, report what someone said (and say what), define
# its subject, name a person or an organisation, deny something.

NLP_MODEL = "fr_core_news_md"
ANALYSIS_FILE = "sentence-analysis-{model}.json"
ANALYSIS_VERSION = 1

# Verbs that report speech or a stance: their complement is what was said.
REPORTING = frozenset(
    """
    dire declarer affirmer indiquer estimer annoncer promettre demander reclamer repondre souligner
    expliquer rappeler preciser assurer juger critiquer denoncer regretter reconnaitre engager
    souhaiter exiger plaider soutenir invoquer avancer proposer qualifier ecrire accuser reprocher
    emporter ajouter noter considerer insister alerter defendre confier admettre contester
    objecter deplorer fustiger saluer qualifier presenter evoquer mettre recommander inviter
    appeler exhorter enjoindre ecrire souscrire s'engager
    """.split()
)
# Words that introduce a cause or a purpose.
REASON = frozenset(
    "parce car puisque afin faute raison raisons motif motifs cause grace vue justifier justifie "
    "expliquer explique pourquoi".split()
)
_REASON_PHRASES = re.compile(
    r"\b(parce qu|car |puisqu|afin d|afin qu|faute d|en raison d|au motif|a cause d|grace a"
    r"|pour ne pas|pour que|pour permettre|dans l'attente|en reaction|a la suite d|suite a"
    r"|fait suite|en attendant|estimant qu|considerant qu|jugeant qu|au nom d)"
)
_DEFINING = frozenset(
    "designer signifier correspondre definir constituer appeler nommer abreger "
    "regrouper".split()
)
_NEGATION = frozenset("pas jamais aucun aucune ni non nullement guere".split())


@dataclass(frozen=True)
class SentenceInfo:
    """What the parser found in one sentence (folded lemmas; entities as written)."""

    lemmas: frozenset[str] = frozenset()
    entities: tuple[tuple[str, str], ...] = ()  # (text, PER | ORG | LOC | MISC)
    flags: frozenset[str] = frozenset()  # reason, reporting, content, definition, negation
    subject: str = ""  # the folded subject of the main verb (what a definition defines)
    speaker: str = ""  # the folded subject of a reporting verb


# Analyses sentences: ``parse_sentences`` (spaCy) by default; tests hand in a lighter one.
Parser = Callable[[Sequence[str]], list[SentenceInfo]]


def _info_from_doc(doc: Any) -> SentenceInfo:
    lemmas = set()
    flags = set()
    subject = speaker = ""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    for token in doc:
        lemma = fold(token.lemma_ or token.text)
        if token.is_alpha or token.like_num:
            lemmas.add(lemma)
        if lemma in _NEGATION and token.dep_ in ("advmod", "det", "cc"):
            flags.add("negation")
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            if lemma in REPORTING:
                flags.add("reporting")
                if any(c.dep_ in ("ccomp", "xcomp", "obj", "obl:arg", "parataxis")
                       for c in token.children):
                    flags.add("content")
                who = next((c for c in token.children if c.dep_.startswith("nsubj")), None)
                if who is not None and not speaker:
                    speaker = fold(" ".join(t.text for t in who.subtree))
            if lemma in _DEFINING:
                flags.add("definition")
        if token.dep_ in ("mark", "cc", "case", "fixed") and lemma in REASON:
            flags.add("reason")
    if root is not None:
        nsubj = next((c for c in root.children if c.dep_.startswith("nsubj")), None)
        if nsubj is not None:
            subject = fold(" ".join(t.text for t in nsubj.subtree))
        if any(c.dep_ == "cop" for c in root.children) and nsubj is not None:
            flags.add("definition")
    text = fold(doc.text)
    if _REASON_PHRASES.search(text):
        flags.add("reason")
    if "«" in doc.text or ":" in doc.text:
        flags.add("quote")
    entities = tuple((e.text, e.label_) for e in doc.ents)
    return SentenceInfo(frozenset(lemmas), entities, frozenset(flags), subject, speaker)


_CAPITALISED = re.compile(r"(?<!^)(?<![.!?] )\b([A-ZÀ-Þ][\w’'-]*[\wÀ-ÿ](?:\s+[A-ZÀ-Þ][\w’'-]*)*)")


def light_info(text: str) -> SentenceInfo:
    """What can be told without the parser (indexes too large to parse whole)."""
    folded = fold(text)
    flags = set()
    if _REASON_PHRASES.search(folded):
        flags.add("reason")
    words = set(re.findall(r"[^\W\d_]+", folded))
    if words & REPORTING:
        flags.update(("reporting", "content"))
    if words & _NEGATION:
        flags.add("negation")
    if re.search(r"\b(est|sont|designe|signifie|correspond)\b", folded):
        flags.add("definition")
    entities = tuple((m.group(1), "MISC") for m in _CAPITALISED.finditer(text))
    return SentenceInfo(frozenset(words), entities, frozenset(flags))


_nlp_lock = threading.Lock()
_nlp: Any = None


def nlp() -> Any:
    """The French pipeline, loaded once per process (about 6 s)."""
    global _nlp
    with _nlp_lock:
        if _nlp is None:
            import spacy

            _nlp = spacy.load(NLP_MODEL)
        return _nlp


def parse_sentences(texts: Sequence[str], batch_size: int = 64) -> list[SentenceInfo]:
    """Parse sentences with spaCy (no sentence splitting: each text is one sentence)."""
    if not texts:
        return []
    pipeline = nlp()
    return [_info_from_doc(doc) for doc in pipeline.pipe(texts, batch_size=batch_size)]


def _encode_info(info: SentenceInfo) -> list[Any]:
    return [sorted(info.lemmas), [list(e) for e in info.entities], sorted(info.flags),
            info.subject, info.speaker]


def _decode_info(row: list[Any]) -> SentenceInfo:
    lemmas, entities, flags, subject, speaker = row
    return SentenceInfo(frozenset(lemmas), tuple((str(a), str(b)) for a, b in entities),
                        frozenset(flags), str(subject), str(speaker))


class SentenceAnalyses:
    """Parser results by sentence text, kept in a JSON file next to the index.

    The file is shared by index generations: a new generation parses only its new sentences,
    and sentences nobody uses any more are dropped when it is written again.
    """

    def __init__(self, folder: Path | None, *, parser: Parser | None = None) -> None:
        self.parser = parser or parse_sentences  # what analyses the sentences not yet saved
        self.file = (Path(folder) / ANALYSIS_FILE.format(model=NLP_MODEL)) if folder else None
        self._infos: dict[str, SentenceInfo] = {}
        self._new = False
        self._parse_lock = threading.Lock()
        self._parser_failed = False
        self.parsed = False  # True when every sentence asked for had a parser analysis

    def get(self, text: str) -> SentenceInfo:
        info = self._infos.get(text)
        if info is None:
            info = light_info(text)
            self._infos[text] = info
        return info

    def load(self) -> dict[str, SentenceInfo]:
        if self.file is None or not self.file.is_file():
            return {}
        import json

        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("version") != ANALYSIS_VERSION:
                return {}
            return {text: _decode_info(row) for text, row in data["sentences"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("ignoring sentence analyses %s: %s", self.file, exc)
            return {}

    def ensure(self, texts: Iterable[str]) -> None:
        """Parse now the sentences that have no analysis yet (kept in memory, not saved)."""
        with self._parse_lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._infos]
            if not missing or self._parser_failed:
                return
            try:
                infos = self.parser(missing)
            except (ImportError, OSError) as exc:  # no parser installed: the light analysis
                self._parser_failed = True
                log.warning("French parser unavailable (%s): lighter sentence analysis", exc)
                return
            self._infos.update(zip(missing, infos, strict=True))

    def prepare(self, texts: Iterable[str], *, parse: bool = True) -> None:
        """Have an analysis for each sentence: from the file, else parsed (and saved)."""
        wanted = list(dict.fromkeys(texts))
        saved = self.load()
        missing = [t for t in wanted if t not in saved]
        if missing and parse:
            try:
                saved.update(zip(missing, self.parser(missing), strict=True))
            except (ImportError, OSError) as exc:  # no parser installed: the light analysis
                log.warning("French parser unavailable (%s): lighter sentence analysis", exc)
        self._infos = {t: saved[t] for t in wanted if t in saved}
        self.parsed = len(self._infos) == len(wanted)
        changed = bool(missing) or len(saved) > len(self._infos)
        if self.parsed and changed and self._infos and self.file is not None:
            self._save()

    def _save(self) -> None:
        import json

        assert self.file is not None
        data = json.dumps({"version": ANALYSIS_VERSION, "model": NLP_MODEL,
                           "sentences": {t: _encode_info(i) for t, i in self._infos.items()}},
                          ensure_ascii=False)
        try:
            write_atomic(self.file, data, prefix=".analysis-")
        except OSError as exc:  # a read-only index: the analyses stay in memory
            log.info("cannot save sentence analyses in %s: %s", self.file.parent, exc)
