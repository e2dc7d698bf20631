"""``souverain corpus fetch`` against a real HTTP server on 127.0.0.1 serving generated files."""

from __future__ import annotations

import hashlib
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from core.errors import FetchError
from core.settings import Settings
from index.fetching import (
    DEFAULT_MANIFEST,
    USER_AGENT,
    FetchOptions,
    SourceOutcome,
    fetch_corpus,
    load_sources,
    select_sources,
)
from index.loading import load_document
from ui.cli import NO_NETWORK, cli

pytestmark = pytest.mark.slow  # real HTTP servers on 127.0.0.1

ARTICLE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Conseil d'État - ordonnance</title>{extra}</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/menu">Menu principal du site</a></li>
<li><a href="/recherche">Rechercher une décision</a></li></ul></nav>
<header><p>Bandeau du site : se connecter, s'abonner à la lettre d'information</p></header>
<main><article><h1>Ordonnance du juge des référés</h1>
<p>Le juge des référés du Conseil d'État rejette la demande de suspension de la délibération
de la CNIL autorisant l'entrepôt de données de santé EMC2.</p>
<h2>Sur l'urgence</h2>
<p>{motifs}</p></article></main>
<footer><p>Mentions légales - Plan du site - Contact - Accessibilité</p></footer>
</body></html>"""
MOTIFS = ("La condition d'urgence n'est pas remplie : aucun transfert de données vers les "
          "États-Unis n'est établi à ce stade de l'instruction.")
PDF_PAGES = [
    "Référentiel d'exigences. Le prestataire doit garantir que les données du commanditaire "
    "ne sont pas soumises à des lois extra-européennes.",
    "Chapitre 19.6. Protection vis-à-vis du droit extra-européen : le siège statutaire du "
    "prestataire est établi dans un État membre de l'Union européenne.",
]
FAST = FetchOptions(connect_timeout=0.5, read_timeout=0.5, attempts=3, backoff=0.01,
                    max_bytes=1024 * 1024)


def article(motifs: str = MOTIFS, extra: str = "") -> bytes:
    return ARTICLE.format(motifs=motifs, extra=extra).encode("utf-8")


def make_pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- the server

@dataclass
class Route:
    """What the test server answers on one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        server: _Server = self.server  # type: ignore[assignment]
        server.requests.append((self.path, self.headers.get("User-Agent", "")))
        route = server.routes.get(self.path)
        if callable(route):
            route = route()
        if route is None:
            route = Route(b"introuvable", "text/plain", status=404)
        if route.delay:
            time.sleep(route.delay)
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.send_length:
            self.send_header("Content-Length", str(len(route.body)))
        else:  # body delimited by closing the connection
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(route.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.requests: list[tuple[str, str]] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out closed the socket under a sleeping handler


@pytest.fixture
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's proxy variables must not route 127.0.0.1 requests elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_manifest(path: Path, entries: list[dict[str, str]]) -> Path:
    lines = []
    for entry in entries:
        lines.append("[[source]]")
        lines += [f'{key} = "{value}"' for key, value in entry.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def html_entry(source_id: str, url: str, **extra: str) -> dict[str, str]:
    return {"id": source_id, "title": f"Texte {source_id}", "publisher": "Conseil d'État",
            "date": "2024-03-22", "url": url, "content_type": "text/html",
            "reference": "n° 492369", **extra}


def pdf_entry(source_id: str, url: str) -> dict[str, str]:
    return {"id": source_id, "title": "Référentiel SecNumCloud", "publisher": "ANSSI",
            "date": "2022-03-08", "url": url, "content_type": "application/pdf"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fetch(settings: Settings, manifest: Path, only: tuple[str, ...] = ()) -> list[str]:
    sources = select_sources(load_sources(manifest), only)
    report = fetch_corpus(settings, sources, options=FAST, reindex=False)
    assert not report.offline
    return [outcome.line() for outcome in report.outcomes]


# --------------------------------------------------------------------------- success, via the CLI

def test_cli_fetch_writes_texts_then_a_second_fetch_changes_nothing(
    server, make_corpus, tmp_path, monkeypatch, embeddings
):
    pdf = make_pdf(PDF_PAGES)
    server.routes["/decision.html"] = Route(article())
    server.routes["/referentiel.pdf"] = Route(pdf, "application/pdf")
    corpus = make_corpus({"fiches/existante.md": "# Fiche\n\nUne fiche du projet, assez longue."})
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(corpus))
    manifest = write_manifest(tmp_path / "sources.toml", [
        html_entry("ce-decision", server.url("/decision.html")),
        pdf_entry("anssi-ref", server.url("/referentiel.pdf")),
    ])
    runner = CliRunner()

    result = runner.invoke(cli, ["corpus", "fetch", "--manifest", str(manifest)])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["ce-decision: ok", "anssi-ref: ok"]
    assert lines[2].startswith("documents: 3 added, 0 updated, 0 removed, 0 unchanged; chunks: ")
    assert len(lines) == 3
    assert {agent for _, agent in server.requests} == {USER_AGENT}

    html_doc = frontmatter.load(corpus / "officiels" / "ce-decision.md")
    assert {k: v for k, v in html_doc.metadata.items() if k != "fetched_at"} == {
        "title": "Texte ce-decision", "publisher": "Conseil d'État", "date": "2024-03-22",
        "kind": "texte-officiel", "language": "fr",
        "source_url": server.url("/decision.html"), "reference": "n° 492369",
        "nature": "officiel", "updated": "2024-03-22",
        "sha256": hashlib.sha256(article()).hexdigest(), "content_type": "text/html",
    }
    assert str(html_doc.metadata["fetched_at"]).endswith("+00:00")
    assert "juge des référés du Conseil d'État rejette" in html_doc.content
    assert "## Sur l'urgence" in html_doc.content
    for chrome in ("Menu principal", "Bandeau du site", "Mentions légales", "Rechercher"):
        assert chrome not in html_doc.content

    pdf_doc = load_document(corpus / "officiels" / "anssi-ref.md", "officiels/anssi-ref.md")
    assert pdf_doc.kind == "texte-officiel"
    assert [s.locator for s in pdf_doc.sections] == ["Page 1", "Page 2"]
    assert "19.6. Protection vis-à-vis du droit extra-européen" in pdf_doc.text
    assert pdf_doc.extra["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert (pdf_doc.extra["nature"], pdf_doc.extra["updated"]) == ("officiel", pdf_doc.date)

    before = snapshot(corpus)
    requests_before = len(server.requests)
    again = runner.invoke(cli, ["corpus", "fetch", "--manifest", str(manifest)])

    assert again.exit_code == 0, again.output
    assert again.output == "ce-decision: inchangé\nanssi-ref: inchangé\n"  # no index run
    assert snapshot(corpus) == before  # same bytes, same mtimes
    assert len(server.requests) == requests_before + 2


def test_cli_only_fetches_the_named_source_and_exits_1_on_failure(
    server, make_corpus, tmp_path, monkeypatch
):
    server.routes["/decision.html"] = Route(article())
    corpus = make_corpus({})
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(corpus))
    manifest = write_manifest(tmp_path / "sources.toml", [
        html_entry("present", server.url("/decision.html")),
        html_entry("absent", server.url("/absent.html")),
    ])

    result = CliRunner().invoke(
        cli, ["corpus", "fetch", "--manifest", str(manifest), "--only", "absent"]
    )

    assert result.exit_code == 1
    assert result.output == "absent: échec: HTTP 404\n"
    assert [path for path, _ in server.requests] == ["/absent.html"]
    assert snapshot(corpus) == {}


def test_cli_unknown_source_id_is_one_clean_error(tmp_path, make_corpus, monkeypatch):
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(make_corpus({})))
    manifest = write_manifest(tmp_path / "sources.toml", [html_entry("seule", "http://x.test/")])

    result = CliRunner().invoke(
        cli, ["corpus", "fetch", "--manifest", str(manifest), "--only", "autre"]
    )

    assert result.exit_code == 1
    assert result.output == "Error: Source inconnue : autre ; sources du manifeste : seule\n"


# --------------------------------------------------------------------------- no network

def test_cli_without_network_says_so_in_one_line_and_changes_nothing(
    make_corpus, tmp_path, monkeypatch
):
    corpus = make_corpus({"fiches/existante.md": "# Fiche\n\nUne fiche du projet, assez longue."})
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(corpus))
    port = closed_port()
    manifest = write_manifest(tmp_path / "sources.toml", [
        html_entry("un", f"http://127.0.0.1:{port}/un.html"),
        pdf_entry("deux", f"http://127.0.0.1:{port}/deux.pdf"),
        html_entry("trois", "http://souverain-test.invalid/trois.html"),  # DNS failure
    ])
    before = snapshot(corpus)
    started = time.monotonic()

    result = CliRunner().invoke(cli, ["corpus", "fetch", "--manifest", str(manifest)])

    assert result.output == NO_NETWORK + "\n"
    assert result.exit_code == 1
    assert time.monotonic() - started < 10
    assert snapshot(corpus) == before
    assert not (tmp_path / "index").exists()


def test_an_unreachable_host_is_retried_once_another_host_answers(
    server, make_corpus, tmp_settings
):
    server.routes["/decision.html"] = Route(article())
    settings = tmp_settings(make_corpus({}))
    manifest = write_manifest(settings.corpus_dir.parent / "sources.toml", [
        html_entry("mort", f"http://127.0.0.1:{closed_port()}/x.html"),
        html_entry("vivant", server.url("/decision.html")),
    ])

    lines = fetch(settings, manifest)

    assert lines[0] == "vivant: ok"  # reported first: the dead host is retried after
    assert lines[1].startswith("mort: échec: connexion impossible (")
    assert lines[1].endswith("(3 essais)")


# --------------------------------------------------------------------------- failures

FAILURES = [
    ("404", Route(b"introuvable", "text/plain", status=404), "text/html", "HTTP 404"),
    ("500", Route(b"panne", "text/plain", status=500), "text/html", "HTTP 500 (3 essais)"),
    ("timeout", Route(article(), delay=2.0), "text/html", "délai dépassé (3 essais)"),
    ("wrong type", Route(b"du texte", "text/plain; charset=utf-8"), "application/pdf",
     "type de contenu text/plain au lieu de application/pdf"),
    ("oversized", Route(b"x" * 1_100_000), "text/html",
     "trop volumineux (1100000 octets, limite 1 Mo)"),
    ("oversized, no length", Route(b"x" * 1_100_000, send_length=False), "text/html",
     "trop volumineux (plus de 1 Mo)"),
    ("redirect loop", Route(status=302, headers={"Location": "/bad"}), "text/html",
     "trop de redirections (plus de 5)"),
    ("no main text", Route(b"<html><head><title>Erreur</title></head><body></body></html>"),
     "text/html", "aucun texte principal trouvé dans la page HTML"),
    ("bot check page", Route(b"<html><body><nav><a href='/'>Accueil</a></nav>"
                             b"<p>Activez JavaScript.</p></body></html>"), "text/html",
     "texte extrait trop court ("),  # then the length, as trafilatura counts it
    ("pdf type, html body", Route(article(), "application/pdf"), "application/pdf",
     "le contenu reçu n'est pas un PDF"),
]


@pytest.mark.parametrize(("case", "route", "expected_type", "reason"), FAILURES,
                         ids=[row[0] for row in FAILURES])
def test_a_failure_is_reported_and_the_next_source_still_fetched(
    server, make_corpus, tmp_settings, case, route, expected_type, reason
):
    server.routes["/bad"] = route
    server.routes["/decision.html"] = Route(article())
    settings = tmp_settings(make_corpus({}))
    manifest = write_manifest(settings.corpus_dir.parent / "sources.toml", [
        {**html_entry("mauvais", server.url("/bad")), "content_type": expected_type},
        html_entry("bon", server.url("/decision.html")),
    ])

    lines = fetch(settings, manifest)

    assert len(lines) == 2 and lines[1] == "bon: ok"
    assert lines[0].startswith(f"mauvais: échec: {reason}")  # full reasons, but one
    assert sorted(p.name for p in (settings.corpus_dir / "officiels").iterdir()) == ["bon.md"]
    if case == "500":
        assert [p for p, _ in server.requests].count("/bad") == 3


def test_a_redirect_is_followed_and_the_manifest_url_recorded(server, make_corpus, tmp_settings):
    server.routes["/ancien"] = Route(status=302, headers={"Location": "/decision.html"})
    server.routes["/decision.html"] = Route(article())
    settings = tmp_settings(make_corpus({}))
    manifest = write_manifest(settings.corpus_dir.parent / "sources.toml",
                              [html_entry("redirige", server.url("/ancien"))])

    assert fetch(settings, manifest) == ["redirige: ok"]

    doc = frontmatter.load(settings.corpus_dir / "officiels" / "redirige.md")
    assert doc.metadata["source_url"] == server.url("/ancien")
    assert "Sur l'urgence" in doc.content


def test_a_failed_refetch_keeps_the_previous_file_whole(server, make_corpus, tmp_settings):
    server.routes["/decision.html"] = Route(article())
    settings = tmp_settings(make_corpus({}))
    manifest = write_manifest(settings.corpus_dir.parent / "sources.toml",
                              [html_entry("decision", server.url("/decision.html"))])
    assert fetch(settings, manifest) == ["decision: ok"]
    before = snapshot(settings.corpus_dir)

    server.routes["/decision.html"] = Route(b"x" * 1_100_000)
    assert fetch(settings, manifest) == [
        "decision: échec: trop volumineux (1100000 octets, limite 1 Mo)"
    ]
    server.routes["/decision.html"] = Route(b"<html><body></body></html>")
    assert fetch(settings, manifest) == [
        "decision: échec: aucun texte principal trouvé dans la page HTML"
    ]

    assert snapshot(settings.corpus_dir) == before  # no temp file left, old file intact


def test_new_bytes_with_the_same_text_change_nothing_but_a_new_text_does(
    server, make_corpus, tmp_settings
):
    nonce = iter(range(100))
    server.routes["/decision.html"] = lambda: Route(
        article(extra=f"<script>var token = '{next(nonce)}';</script>")
    )
    settings = tmp_settings(make_corpus({}))
    manifest = write_manifest(settings.corpus_dir.parent / "sources.toml",
                              [html_entry("decision", server.url("/decision.html"))])
    assert fetch(settings, manifest) == ["decision: ok"]
    before = snapshot(settings.corpus_dir)

    assert fetch(settings, manifest) == ["decision: inchangé"]
    assert snapshot(settings.corpus_dir) == before

    server.routes["/decision.html"] = Route(article(motifs="L'urgence est caractérisée."))
    assert fetch(settings, manifest) == ["decision: ok"]
    doc = frontmatter.load(settings.corpus_dir / "officiels" / "decision.md")
    assert "L'urgence est caractérisée." in doc.content
    assert doc.metadata["sha256"] == hashlib.sha256(
        article(motifs="L'urgence est caractérisée.")
    ).hexdigest()


def test_a_changed_manifest_entry_rewrites_the_file(server, make_corpus, tmp_settings):
    server.routes["/decision.html"] = Route(article())
    settings = tmp_settings(make_corpus({}))
    path = settings.corpus_dir.parent / "sources.toml"
    url = server.url("/decision.html")
    assert fetch(settings, write_manifest(path, [html_entry("d", url)])) == ["d: ok"]

    renamed = write_manifest(path, [html_entry("d", url, title="Nouveau titre")])
    assert fetch(settings, renamed) == ["d: ok"]
    assert frontmatter.load(settings.corpus_dir / "officiels" / "d.md")["title"] == "Nouveau titre"


# --------------------------------------------------------------------------- the manifest

def test_the_shipped_manifest_is_valid():
    sources = load_sources(DEFAULT_MANIFEST)

    assert 10 <= len(sources) <= 30
    assert {s.kind for s in sources} == {"texte-officiel"}
    assert {s.content_type for s in sources} == {"text/html", "application/pdf"}
    assert all(s.url.startswith("https://") and s.title for s in sources)
    ids = {s.id for s in sources}
    for expected in ("cnil-deliberation-2023-146", "anssi-secnumcloud-v3-2",
                     "ce-2024-03-22-492369", "ce-2024-11-19-491644", "ce-2020-10-13-444937",
                     "loi-2024-449-sren"):
        assert expected in ids


BAD_MANIFESTS = [
    ("[[source]\n", "TOML invalide"),
    ("[source]\nid = 'a'\n", "aucune table [[source]]"),
    ("[[source]]\nid = 'a'\ntitle = 't'\nurl = 'https://x.test/'\n", "clé manquante content_type"),
    ("[[source]]\nid = 'a'\ntitle = 't'\nurl = 'https://x.test/'\ncontent_type = 'text/html'\n"
     "auteur = 'moi'\n", "clé inconnue auteur"),
    ("[[source]]\nid = '../etc'\ntitle = 't'\nurl = 'https://x.test/'\n"
     "content_type = 'text/html'\n", "identifiant '../etc' invalide"),
    ("[[source]]\nid = 'a'\ntitle = 't'\nurl = 'file:///etc/passwd'\n"
     "content_type = 'text/html'\n", "URL non HTTP(S)"),
    ("[[source]]\nid = 'a'\ntitle = 't'\nurl = 'https://x.test/'\n"
     "content_type = 'image/png'\n", "content_type 'image/png' non pris en charge"),
    ("[[source]]\nid = 'a'\ntitle = 't'\nurl = 'https://x.test/'\ncontent_type = 'text/html'\n"
     "[[source]]\nid = 'a'\ntitle = 'u'\nurl = 'https://x.test/'\n"
     "content_type = 'text/html'\n", "identifiant 'a' en double"),
]


@pytest.mark.parametrize(("text", "message"), BAD_MANIFESTS)
def test_an_invalid_manifest_is_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(FetchError, match=re.escape(message)):
        load_sources(path)


def test_a_missing_manifest_is_refused(tmp_path):
    with pytest.raises(FetchError, match="Manifeste introuvable"):
        load_sources(tmp_path / "absent.toml")


def test_outcome_lines():
    assert SourceOutcome("a", "ok").line() == "a: ok"
    assert SourceOutcome("a", "inchangé").line() == "a: inchangé"
    assert SourceOutcome("a", "échec", "HTTP 404").line() == "a: échec: HTTP 404"
