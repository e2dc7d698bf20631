"""Uploads from the web chat: every bad input gets a clear French message and changes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from ui.uploads import UploadRefused, safe_filename, save_upload

EXISTING = """---
title: "Fiche existante"
kind: fiche
date: 2024-01-31
---
# Fiche existante

La délibération de la CNIL autorise l'entrepôt EMC2 pour une durée limitée.
"""
NEW_FACT = "# Projet Zéphyrin\n\nLe projet Zéphyrin a été lancé en 2031 par une équipe de Lyon.\n"


def make_pdf(text: str | None, *, password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    if text:
        pdf.multi_cell(0, 8, text)
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    return bytes(pdf.output())


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder below ``root`` with a hash of its content."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def corpus(make_corpus) -> Path:
    return make_corpus({"fiches/existante.md": EXISTING})


@pytest.fixture
def settings(corpus, tmp_settings):
    return tmp_settings(corpus, max_upload_mb=0.01)  # 10 KB keeps the oversized case small


def _case(name: str, content: bytes, expected: str) -> tuple[str, bytes, str]:
    return name, content, expected


BAD_UPLOADS = [
    _case("vide.md", b"", "Le fichier est vide."),
    _case("espaces.txt", b"   \n\t\n", "Le fichier est vide."),
    _case("latin1.txt", "Données de santé hébergées".encode("latin-1"), "UTF-8"),
    _case("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
          "contenu binaire"),
    _case("tronque.pdf", make_pdf("Le projet Zephyrin. " * 40)[:500], "PDF est illisible"),
    _case("chiffre.pdf", make_pdf("Texte secret.", password="s3cret"), "PDF est chiffré"),
    _case("scan.pdf", make_pdf(None), "OCR"),
    _case("gros.txt", ("Texte trop long. " * 1000).encode(), "Fichier trop volumineux"),
    _case("../evil.md", NEW_FACT.encode(), "contient un chemin"),
    _case("../../corpus/fiches/evil.md", NEW_FACT.encode(), "contient un chemin"),
    _case("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "contient un chemin"),
    _case("/tmp/evil.md", NEW_FACT.encode(), "contient un chemin"),
    _case("C:\\Users\\moi\\evil.md", NEW_FACT.encode(), "contient un chemin"),
    _case("..", NEW_FACT.encode(), "contient un chemin"),
    _case("<>|?*.md", NEW_FACT.encode(), "Nom de fichier inutilisable"),
    _case("nul\x00.md", NEW_FACT.encode(), "Nom de fichier manquant ou invalide"),
    _case("programme.exe", b"MZ\x90\x00\x03\x00", "Type de fichier non pris en charge (.exe)"),
    _case("tableau.csv", b"a,b\n1,2\n", "Type de fichier non pris en charge (.csv)"),
    _case("LISEZMOI", NEW_FACT.encode(), "Type de fichier non pris en charge (sans extension)"),
    _case("doublon.md", EXISTING.encode(), "déjà dans le corpus (« fiches/existante.md »)"),
    _case("front.md", b"---\ntitle: [non ferme\n---\nTexte.\n", "front-matter"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_UPLOADS,
                         ids=[repr(c[0]) for c in BAD_UPLOADS])
def test_bad_upload_is_refused_in_french_and_changes_nothing(
        tmp_path, corpus, settings, name, content, expected):
    source = tmp_path / "incoming" / "upload.bin"
    source.parent.mkdir()
    source.write_bytes(content)
    before = snapshot(corpus)
    # Nothing lands next to the corpus either. Other tests' folders under tmp_path.parent are
    # not compared file by file: an earlier test's background warm-up may still write there.
    around = snapshot(tmp_path)
    siblings = sorted(p.name for p in tmp_path.parent.iterdir())

    with pytest.raises(UploadRefused) as excinfo:
        save_upload(settings, source, name)

    assert expected in str(excinfo.value)
    assert "Traceback" not in str(excinfo.value)
    assert snapshot(corpus) == before
    assert snapshot(tmp_path) == around
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == siblings


def test_same_name_with_other_content_is_refused(tmp_path, corpus, settings):
    first = tmp_path / "a.md"
    first.write_text(NEW_FACT, encoding="utf-8")
    save_upload(settings, first, "zephyrin.md")
    before = snapshot(corpus)
    second = tmp_path / "b.md"
    second.write_text(NEW_FACT + "\nUne autre version.\n", encoding="utf-8")

    with pytest.raises(UploadRefused) as excinfo:
        save_upload(settings, second, "zephyrin.md")

    assert str(excinfo.value) == (
        "Un autre document porte déjà le nom « zephyrin.md » : renommez le fichier."
    )
    assert snapshot(corpus) == before


def test_second_upload_of_same_document_is_refused(tmp_path, corpus, settings):
    source = tmp_path / "z.md"
    source.write_text(NEW_FACT, encoding="utf-8")
    save_upload(settings, source, "zephyrin.md")
    before = snapshot(corpus)

    with pytest.raises(UploadRefused, match="déjà dans le corpus"):
        save_upload(settings, source, "zephyrin-copie.md")

    assert snapshot(corpus) == before


@pytest.mark.parametrize(
    ("name", "saved"),
    [
        ("zephyrin.md", "zephyrin.md"),
        ("Rapport CNIL (2024) été.md", "Rapport-CNIL-2024-ete.md"),
        ("<img src=x onerror=alert(1)>.md", "img-src-x-onerror-alert-1.md"),
        ("  ..caché$;`rm -rf`.TXT", "cache-rm-rf.txt"),
        ("x" * 300 + ".md", "x" * 97 + ".md"),
    ],
)
def test_accepted_upload_lands_under_a_safe_name(tmp_path, corpus, settings, name, saved):
    source = tmp_path / "incoming.bin"
    source.write_text(NEW_FACT, encoding="utf-8")

    result = save_upload(settings, source, name)

    assert result.path == corpus / "uploads" / saved
    assert result.doc_id == f"uploads/{saved}"
    assert result.path.read_text(encoding="utf-8") == NEW_FACT
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", result.path.name)
    assert sorted(snapshot(corpus)) == ["fiches", "fiches/existante.md", "uploads",
                                        f"uploads/{saved}"]


def test_html_with_scripts_is_accepted_as_text(tmp_path, corpus, settings):
    page = ("<html><head><title>Page</title><script>alert('x')</script></head><body>"
            "<article><h1>Hébergement</h1><p>Le projet Zéphyrin a été lancé en 2031 à Lyon, "
            "selon la page officielle du projet.</p><img src=x onerror=\"alert(2)\"></article>"
            "</body></html>")
    source = tmp_path / "page.html"
    source.write_text(page, encoding="utf-8")

    result = save_upload(settings, source)

    assert result.doc_id == "uploads/page.html"
    assert result.title == "Page"


def test_safe_filename_keeps_only_a_plain_name():
    assert safe_filename("Délibération n°2023-146.PDF") == "Deliberation-n-2023-146.pdf"
    with pytest.raises(UploadRefused, match="chemin"):
        safe_filename("dossier/fichier.md")


@pytest.mark.parametrize("token", ["", "mauvais", None])
def test_upload_and_reindex_require_the_admin_token_when_set(
        tmp_path, corpus, tmp_settings, token):
    from ui.app import ChatHandlers

    handlers = ChatHandlers(tmp_settings(corpus, admin_token="jeton-secret"))
    source = tmp_path / "zephyrin.md"
    source.write_text(NEW_FACT, encoding="utf-8")
    before = snapshot(corpus)

    upload_status, _, _ = handlers.upload(str(source), token)
    reindex_status, _, _ = handlers.reindex(token)

    assert upload_status == "Refusé : jeton d'administration incorrect."
    assert reindex_status == "Refusé : jeton d'administration incorrect."
    assert snapshot(corpus) == before
    assert not (tmp_path / "index").exists()  # nothing was indexed either


def test_refused_upload_through_the_chat_handler_leaves_no_index(tmp_path, corpus, settings):
    from ui.app import ChatHandlers

    source = tmp_path / "programme.exe"
    source.write_bytes(b"MZ\x90\x00")
    before = snapshot(corpus)

    status, _, rows = ChatHandlers(settings).upload(str(source), "")

    assert status == (
        "Type de fichier non pris en charge (.exe) : utilisez .md, .txt, .html ou .pdf."
    )
    assert rows == []
    assert snapshot(corpus) == before
    assert not (tmp_path / "index").exists()
