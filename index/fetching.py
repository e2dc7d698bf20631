"""``souverain corpus fetch``: bring official texts into the corpus when a network is there.

How a run goes:

1. ``load_sources`` reads the manifest (``corpus/sources.toml``): one ``[[source]]``
   table per document, with its id, title, publisher, date, URL and the content
   type the server must answer with.
2. Each source is downloaded with httpx: bounded redirects, a short connect
   timeout, a read timeout, a total time limit, a size limit, a content-type
   check and a few retries with exponential back-off on connection errors,
   timeouts and 5xx answers.
3. HTML becomes its main text in Markdown (trafilatura drops navigation, menus
   and footers); a PDF becomes one ``## Page N`` section per page, so the
   chunker's heading splitter gives every passage a page locator.
4. The text is written to ``<corpus>/officiels/<id>.md`` with YAML front-matter
   (kind ``texte-officiel``, source URL, sha256 of the downloaded bytes,
   fetched_at), through a temp file in the same folder and ``os.replace``: a
   reader sees the old file or the new one, never half of one.
5. If anything changed, the incremental index runs once.

A source is left untouched ("inchangé") when its downloaded bytes have the sha256
recorded in the existing file and the manifest entry is the same, or when the
converted file would be identical except for ``sha256``/``fetched_at`` (pages that
embed a per-request token change bytes without changing text). One source's
failure never stops the others, and nothing already in the corpus is deleted.

No network: until some server has answered, a connection failure is not retried
and further sources on the same host are not tried. If no server answers at all,
the run reports ``offline`` and changes nothing, after one quick attempt per host.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import logging
import re
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import files
from core.errors import FetchError
from core.paths import shipped_corpus

if TYPE_CHECKING:
    import httpx

    from core.settings import Settings

    from .rebuild import IndexReport

log = logging.getLogger(__name__)

DEFAULT_MANIFEST = shipped_corpus() / "sources.toml"
OFFICIAL_FOLDER = "officiels"
OFFICIAL_KIND = "texte-officiel"
USER_AGENT = "Souverain/0.1 (+corpus fetch; offline-first RAG)"

# Expected type in the manifest -> media types a server may answer with for it.
CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "text/html": ("text/html", "application/xhtml+xml"),
    "application/pdf": ("application/pdf", "application/x-pdf"),
}
_ACCEPT = {
    "text/html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "application/pdf": "application/pdf,*/*;q=0.1",
}
# Less main text than this is an error or bot-check page, not an official text.
MIN_TEXT_CHARS = 200
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_HEADING_LIKE = re.compile(r"^(#{1,6}[ \t])", re.MULTILINE)

OK, UNCHANGED, FAILED = "ok", "inchangé", "échec"


@dataclass(frozen=True)
class OfficialSource:
    """One entry of the manifest: an official document and where to download it."""

    id: str
    title: str
    url: str
    content_type: str
    publisher: str = ""
    date: str = ""
    kind: str = OFFICIAL_KIND
    language: str = "fr"
    reference: str = ""

    @property
    def filename(self) -> str:
        """The file name the source is written to, in the ``officiels`` folder."""
        return f"{self.id}.md"


@dataclass(frozen=True)
class FetchOptions:
    """Network limits of one run (defaults suit a user's machine; tests shrink them)."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    total_timeout: float = 300.0  # whole download of one source, against slow drips
    attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt; doubled before each next one
    max_bytes: int = 30 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one source."""

    source_id: str
    status: str  # OK, UNCHANGED or FAILED
    reason: str = ""
    path: Path | None = None

    def line(self) -> str:
        """The line ``souverain corpus fetch`` prints for this source."""
        if self.status == FAILED:
            return f"{self.source_id}: {FAILED}: {self.reason}"
        return f"{self.source_id}: {self.status}"


@dataclass
class FetchReport:
    """What a fetch run did, source by source, and the index run that followed."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    offline: bool = False
    index: IndexReport | None = None

    @property
    def changed(self) -> list[str]:
        return [o.source_id for o in self.outcomes if o.status == OK]

    @property
    def failed(self) -> list[str]:
        return [o.source_id for o in self.outcomes if o.status == FAILED]


@dataclass(frozen=True)
class Download:
    """The bytes of a successful download and what the server said about them."""

    body: bytes
    media_type: str
    charset: str | None
    url: str


class _Transient(FetchError):
    """A failure worth retrying: timeout, dropped connection, 5xx or 429."""


class _Unreachable(FetchError):
    """No connection at all on a first, non-retried attempt (DNS, refused, connect timeout)."""


class _BadURL(FetchError):
    """The URL cannot be requested at all (no server was asked)."""


# --------------------------------------------------------------------------- manifest

def load_sources(path: Path | str = DEFAULT_MANIFEST) -> list[OfficialSource]:
    """Read and check a manifest of ``[[source]]`` tables.

    Raises:
        FetchError: the file is missing or not TOML, or an entry is invalid
            (unknown or missing key, bad id, URL or content type, duplicate id).
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FetchError(f"Manifeste introuvable : {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FetchError(f"Manifeste illisible : {path} ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FetchError(f"Manifeste {path} : TOML invalide ({exc})") from exc
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise FetchError(f"Manifeste {path} : aucune table [[source]]")
    known = {f.name for f in fields(OfficialSource)}
    required = ("id", "title", "url", "content_type")
    sources: list[OfficialSource] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"Manifeste {path}, source n° {number}"
        if not isinstance(entry, dict):
            raise FetchError(f"{where} : une table [[source]] est attendue")
        nested = sorted(key for key, value in entry.items() if isinstance(value, (dict, list)))
        if nested:
            raise FetchError(f"{where} : valeur non scalaire pour {', '.join(nested)}")
        unknown = sorted(set(entry) - known)
        if unknown:
            raise FetchError(f"{where} : clé inconnue {', '.join(unknown)}")
        missing = [key for key in required if not entry.get(key)]
        if missing:
            raise FetchError(f"{where} : clé manquante {', '.join(missing)}")
        values = {
            key: value.isoformat()[:10] if isinstance(value, (_dt.date, _dt.datetime))
            else str(value).strip()
            for key, value in entry.items()
        }
        source = OfficialSource(**values)
        if not _ID.match(source.id):
            raise FetchError(
                f"{where} : identifiant {source.id!r} invalide "
                "(minuscules, chiffres, « . », « _ », « - »)"
            )
        if source.id in seen:
            raise FetchError(f"{where} : identifiant {source.id!r} en double")
        if not source.url.startswith(("https://", "http://")):
            raise FetchError(f"{where} ({source.id}) : URL non HTTP(S) {source.url!r}")
        if source.content_type not in CONTENT_TYPES:
            raise FetchError(
                f"{where} ({source.id}) : content_type {source.content_type!r} non pris en "
                f"charge ({', '.join(CONTENT_TYPES)})"
            )
        seen.add(source.id)
        sources.append(source)
    return sources


def select_sources(sources: list[OfficialSource], only: Iterable[str]) -> list[OfficialSource]:
    """Keep the sources whose id is in ``only`` (all of them when ``only`` is empty).

    Raises:
        FetchError: an id of ``only`` is not in the manifest.
    """
    wanted = list(dict.fromkeys(only))
    if not wanted:
        return list(sources)
    by_id = {source.id: source for source in sources}
    unknown = [source_id for source_id in wanted if source_id not in by_id]
    if unknown:
        raise FetchError(
            f"Source inconnue : {', '.join(unknown)} ; sources du manifeste : "
            + ", ".join(by_id)
        )
    return [by_id[source_id] for source_id in wanted]


# --------------------------------------------------------------------------- run

def fetch_corpus(
    settings: Settings,
    sources: list[OfficialSource],
    *,
    options: FetchOptions | None = None,
    reindex: bool = True,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
) -> FetchReport:
    """Download ``sources`` into ``<corpus>/officiels`` and re-index if anything changed.

    ``on_outcome`` is called with each source's outcome as soon as it is known
    (not at all when the run turns out to be offline).

    Raises:
        IndexStoreError, EmbeddingError, CorpusError: from the index run.
    """
    options = options or FetchOptions()
    folder = Path(settings.corpus_dir) / OFFICIAL_FOLDER
    report = FetchReport()

    def emit(outcome: SourceOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    reached = False  # has any server answered? Until then, connection failures are not retried
    unreachable: set[str] = set()
    deferred: list[OfficialSource] = []
    with _client(options) as client:
        for source in sources:
            if reached:
                emit(_fetch_one(client, source, folder, options))
                continue
            host = _host(source.url)
            if host in unreachable:
                deferred.append(source)
                continue
            try:
                payload = download(client, source, options, retry_unreachable=False)
            except _Unreachable as exc:
                log.info("%s: %s", source.id, exc)
                unreachable.add(host)
                deferred.append(source)
                continue
            except _BadURL as exc:
                emit(SourceOutcome(source.id, FAILED, str(exc)))
                continue
            except FetchError as exc:
                reached = True
                emit(SourceOutcome(source.id, FAILED, str(exc)))
                continue
            reached = True
            emit(_store(source, payload, folder))
        if not reached and deferred:
            report.offline = True
            return report
        for source in deferred:  # the network is up: these hosts get their full retries
            emit(_fetch_one(client, source, folder, options))
    if report.changed and reindex:
        from .rebuild import run_index

        report.index = run_index(settings)
    return report


def _fetch_one(client: httpx.Client, source: OfficialSource, folder: Path,
               options: FetchOptions) -> SourceOutcome:
    try:
        payload = download(client, source, options)
    except FetchError as exc:
        return SourceOutcome(source.id, FAILED, str(exc))
    return _store(source, payload, folder)


def _store(source: OfficialSource, payload: Download, folder: Path) -> SourceOutcome:
    path = folder / source.filename
    try:
        changed = write_source(source, payload, path)
    except FetchError as exc:
        return SourceOutcome(source.id, FAILED, str(exc), path)
    return SourceOutcome(source.id, OK if changed else UNCHANGED, "", path)


# --------------------------------------------------------------------------- download

def _client(options: FetchOptions) -> httpx.Client:
    import httpx

    timeout = httpx.Timeout(
        options.read_timeout, connect=options.connect_timeout, pool=options.connect_timeout
    )
    return httpx.Client(
        timeout=timeout, follow_redirects=True, max_redirects=options.max_redirects,
        headers={"User-Agent": options.user_agent,
                 "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )


def _host(url: str) -> str:
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return url
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"


def download(client: httpx.Client, source: OfficialSource, options: FetchOptions, *,
             retry_unreachable: bool = True) -> Download:
    """Download one source, retrying transient failures with exponential back-off.

    With ``retry_unreachable=False``, a first attempt that cannot connect at all
    raises ``_Unreachable`` at once (used to detect a missing network quickly).

    Raises:
        FetchError: the download failed for good; the message is the reason, in French.
    """
    attempts = max(1, options.attempts)
    for attempt in range(1, attempts + 1):
        try:
            return _get(client, source, options)
        except _Unreachable as exc:
            if attempt == 1 and not retry_unreachable:
                raise
            last: FetchError = exc
        except _Transient as exc:
            last = exc
        if attempt < attempts:
            time.sleep(options.backoff * 2 ** (attempt - 1))
    suffix = f" ({attempts} essais)" if attempts > 1 else ""
    raise FetchError(f"{last}{suffix}")


def _get(client: httpx.Client, source: OfficialSource, options: FetchOptions) -> Download:
    import httpx

    accepted = CONTENT_TYPES[source.content_type]
    headers = {"Accept": _ACCEPT[source.content_type]}
    try:
        with client.stream("GET", source.url, headers=headers) as response:
            status = response.status_code
            if status >= 500 or status == 429:
                raise _Transient(f"HTTP {status}")
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status}")
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type not in accepted:
                raise FetchError(
                    f"type de contenu {media_type or '(absent)'} au lieu de {source.content_type}"
                )
            limit_mb = f"{options.max_bytes / 1024 / 1024:g} Mo"
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"trop volumineux ({int(declared)} octets, limite {limit_mb})")
            started = time.monotonic()
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > options.max_bytes:
                    raise FetchError(f"trop volumineux (plus de {limit_mb})")
                if time.monotonic() - started > options.total_timeout:
                    raise _Transient(
                        f"téléchargement trop long (plus de {options.total_timeout:g} s)"
                    )
            return Download(bytes(body), media_type, response.charset_encoding, str(response.url))
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise _Unreachable(f"connexion impossible ({_short(exc)})") from exc
    except httpx.TimeoutException as exc:
        raise _Transient("délai dépassé") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"trop de redirections (plus de {options.max_redirects})") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise _BadURL(f"URL invalide ({_short(exc)})") from exc
    except httpx.TransportError as exc:
        raise _Transient(f"erreur réseau ({_short(exc)})") from exc


def _short(exc: Exception) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text if len(text) <= 120 else text[:117] + "..."


# --------------------------------------------------------------------------- convert and write

def convert(source: OfficialSource, payload: Download) -> str:
    """The Markdown body for a downloaded source (main text of HTML, paged text of PDF).

    Raises:
        FetchError: no text, or too little to be the document, could be extracted.
    """
    if payload.media_type in CONTENT_TYPES["application/pdf"]:
        text = pdf_to_markdown(payload.body)
    else:
        text = html_to_markdown(payload.body, payload.charset)
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise FetchError(
            f"texte extrait trop court ({len(text.strip())} caractères ; "
            "page d'erreur ou de contrôle anti-robot ?)"
        )
    return text


def html_to_markdown(body: bytes, charset: str | None = None) -> str:
    """The main text of an HTML page as Markdown: no navigation, menus or footers.

    Raises:
        FetchError: the page has no main text.
    """
    import trafilatura

    html: str | bytes = body
    if charset:
        try:
            html = body.decode(charset, errors="replace")
        except LookupError:  # unknown charset name: let trafilatura detect it
            html = body
    text = trafilatura.extract(
        html, output_format="markdown", include_comments=False, include_tables=True,
        include_links=False, include_images=False, favor_recall=True, deduplicate=False,
    )
    if not text or not text.strip():
        raise FetchError("aucun texte principal trouvé dans la page HTML")
    return text.strip() + "\n"


def pdf_to_markdown(body: bytes) -> str:
    """A PDF's text with a ``## Page N`` heading before each page that has text.

    Raises:
        FetchError: not a PDF, encrypted, damaged, or without a text layer.
    """
    from pypdf import PdfReader

    if not body.lstrip()[:5] == b"%PDF-":
        raise FetchError("le contenu reçu n'est pas un PDF")
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise FetchError("PDF chiffré")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FetchError:
        raise
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise FetchError(f"PDF illisible ({exc.__class__.__name__})") from exc
    parts = []
    for number, text in enumerate(pages, start=1):
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            # A line of the page that looks like a Markdown heading would make a false section.
            text = _HEADING_LIKE.sub(r"\\\1", text)
            parts.append(f"## Page {number}\n\n{text}\n")
    if not parts:
        raise FetchError("le PDF n'a pas de texte (document scanné ?)")
    return "\n".join(parts)


def render(source: OfficialSource, body: str, *, sha256: str, fetched_at: str,
           content_type: str) -> str:
    """The whole file: YAML front-matter, then the Markdown body."""
    import yaml

    meta = {
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date,
        "kind": source.kind,
        "language": source.language,
        "source_url": source.url,
        "reference": source.reference,
        "nature": "officiel",
        "updated": source.date,
        "sha256": sha256,
        "fetched_at": fetched_at,
        "content_type": content_type,
    }
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{body}"


def write_source(source: OfficialSource, payload: Download, path: Path) -> bool:
    """Write ``source`` to ``path`` unless it has not changed; True if the file was written.

    Raises:
        FetchError: conversion failed or the file cannot be written (the old one stays).
    """
    sha256 = hashlib.sha256(payload.body).hexdigest()
    existing = _read_existing(path)
    if existing is not None:
        meta, _ = existing
        if meta.get("sha256") == sha256 and _same_entry(meta, source):
            return False
    body = convert(source, payload)
    if existing is not None:
        meta, text = existing
        same = render(source, body, sha256=str(meta.get("sha256", "")),
                      fetched_at=str(meta.get("fetched_at", "")),
                      content_type=str(meta.get("content_type", "")))
        if same == text:  # new bytes, same text and metadata: leave the file as it is
            return False
    fetched_at = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    write_atomic(path, render(source, body, sha256=sha256, fetched_at=fetched_at,
                              content_type=payload.media_type))
    return True


def _read_existing(path: Path) -> tuple[dict[str, Any], str] | None:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return (meta, text) if isinstance(meta, dict) else None


def _same_entry(meta: dict[str, Any], source: OfficialSource) -> bool:
    expected = {"title": source.title, "publisher": source.publisher, "date": source.date,
                "kind": source.kind, "language": source.language, "source_url": source.url,
                "reference": source.reference}
    return all(str(meta.get(key, "")) == value for key, value in expected.items())


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a hidden temp file and ``os.replace``.

    Raises:
        FetchError: the folder or file cannot be written; ``path`` is left as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A leading dot: the corpus loader ignores a temp file left by a crash.
        files.write_atomic(path, text)
    except OSError as exc:
        raise FetchError(f"écriture impossible de {path} ({exc.strerror or exc})") from exc
