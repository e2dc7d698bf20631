"""Loaders and chunking: every format, exact offsets, clear refusals."""

from __future__ import annotations

from itertools import pairwise

import pytest

from core.errors import CorpusError, DocumentError
from index.chunking import chunk_document
from index.loading import load_corpus, load_document

MARKDOWN = """---
title: "Délibération test"
publisher: "CNIL"
date: 2023-12-21
kind: cnil
language: fr
source_url: "https://example.org/deliberation"
reference: "n° 2023-146"
---
# Délibération

Préambule assez long pour constituer un passage à lui seul, avec du contenu.

## Hébergement

La CNIL a autorisé l'hébergement chez Microsoft Azure pour une durée de trois ans.

### Transferts

Des transferts vers les États-Unis ne peuvent être exclus selon la CNIL elle-même.
"""

HTML = """<!doctype html><html lang="fr"><head><title>Page officielle</title>
<meta name="date" content="2024-03-22"></head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/menu">Menu principal du site</a></li></ul></nav>
<header>Bandeau du site : rechercher, se connecter</header>
<article><h1>Décision du Conseil d'État</h1>
<p>Le juge des référés du Conseil d'État a rejeté la demande de suspension le 22 mars 2024.</p>
<h2>Motifs</h2>
<p>Le juge a estimé que la condition d'urgence n'était pas remplie en l'espèce, faute de risque
avéré et immédiat pour les données des patients concernés par l'entrepôt.</p></article>
<footer>Mentions légales - Plan du site - Contact</footer></body></html>"""


def make_pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.set_title("Référentiel de test")
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_markdown_front_matter_and_heading_locators(tmp_path):
    path = tmp_path / "deliberation.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load_document(path, "fiches/deliberation.md")
    assert (doc.title, doc.kind, doc.date, doc.publisher, doc.reference) == (
        "Délibération test", "cnil", "2023-12-21", "CNIL", "n° 2023-146"
    )
    assert doc.source_url == "https://example.org/deliberation"
    assert doc.text in path.read_text(encoding="utf-8")  # the body, as written
    locators = [s.locator for s in doc.sections]
    assert locators == [
        "Délibération", "Délibération > Hébergement", "Délibération > Hébergement > Transferts"
    ]


def test_plain_text_loader(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Note interne\n\nLe Health Data Hub a été créé en 2019.\n", encoding="utf-8")
    doc = load_document(path, "note.txt")
    assert doc.title == "Note interne"
    assert "créé en 2019" in doc.text


def test_html_loader_keeps_main_text_not_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_document(path, "page.html")
    assert doc.title == "Page officielle"
    assert doc.date == "2024-03-22"
    assert "rejeté la demande de suspension" in doc.text
    for chrome in ("Menu principal", "Mentions légales", "se connecter"):
        assert chrome not in doc.text
    assert any("Motifs" in s.locator for s in doc.sections)


def test_pdf_loader_keeps_page_numbers(tmp_path):
    path = tmp_path / "ref.pdf"
    path.write_bytes(make_pdf([
        "Chapitre 19.6 : protection vis-a-vis du droit extra-europeen.",
        "Le siege statutaire du prestataire doit etre etabli dans l'Union europeenne.",
    ]))
    doc = load_document(path, "ref.pdf")
    assert [s.locator for s in doc.sections] == ["p. 1", "p. 2"]
    page2 = doc.sections[1]
    assert "siege statutaire" in doc.text[page2.start:page2.end]
    chunks = chunk_document(doc, size=300, overlap=50)
    assert {c.locator for c in chunks} == {"p. 1", "p. 2"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("latin1.txt", "Données de santé hébergées".encode("latin-1"), "UTF-8"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF"),
        ("scan.pdf", None, "no text layer"),
        ("program.exe", b"MZ\x90\x00", "unsupported"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    if content is None:  # a PDF whose only page has no text
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        content = bytes(pdf.output())
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as excinfo:
        load_document(path, name)
    assert name in str(excinfo.value)
    assert reason in str(excinfo.value)


def test_corpus_scan_skips_and_reports_broken_files(make_corpus):
    root = make_corpus({
        "ok.md": MARKDOWN,
        "broken.pdf": b"%PDF-1.4 garbage",
        "notes/ignored.csv": "a,b\n",
        ".hidden/secret.md": "# caché\n\ntexte caché assez long pour un passage.",
    })
    scan = load_corpus(root)
    assert [d.doc_id for d in scan.documents] == ["ok.md"]
    assert [doc_id for doc_id, _ in scan.skipped] == ["broken.pdf"]


def test_missing_corpus_folder(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nowhere")


def test_chunks_are_exact_slices_with_overlap(tmp_path):
    paragraphs = [
        f"Paragraphe {i} : la qualification SecNumCloud impose des exigences techniques "
        f"et juridiques, dont la protection contre le droit extra-européen ({i})."
        for i in range(30)
    ]
    text = "---\ntitle: Long\nkind: anssi\n---\n# Long\n\n## Partie\n\n" + "\n\n".join(paragraphs)
    path = tmp_path / "long.md"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, "long.md")
    chunks = chunk_document(doc, size=400, overlap=190)
    assert len(chunks) > 5
    for chunk in chunks:
        assert doc.text[chunk.start:chunk.end] == chunk.text
        assert len(chunk.text) <= 400
        assert chunk.locator == "Long > Partie"
        assert (chunk.title, chunk.kind) == ("Long", "anssi")
    overlaps = [a.end > b.start for a, b in pairwise(chunks)]
    assert any(overlaps)
    assert [c.chunk_no for c in chunks] == list(range(len(chunks)))


def test_provenance_keys_are_kept_as_metadata(tmp_path):
    path = tmp_path / "fiche.md"
    path.write_text(
        '---\ntitle: "Fiche"\npublisher: "Souverain — fiche de synthèse"\ndate: "2023-12-21"\n'
        'kind: cnil\nnature: synthese\nupdated: "2025-04-25"\n'
        'based_on: "délibération CNIL (via Légifrance), presse"\n---\n\n# Titre\n\nTexte.\n'
        "Source : CNIL, 21 décembre 2023, primaire — https://www.legifrance.gouv.fr/x\n",
        encoding="utf-8",
    )
    doc = load_document(path, "fiches/fiche.md")
    assert (doc.kind, doc.date) == ("cnil", "2023-12-21")
    assert doc.extra["nature"] == "synthese"
    assert doc.extra["updated"] == "2025-04-25"
    assert doc.extra["based_on"].startswith("délibération CNIL")


def test_shipped_corpus_says_what_each_document_is():
    from core.settings import PROJECT_ROOT

    scan = load_corpus(PROJECT_ROOT / "corpus")
    docs = {d.doc_id: d for d in scan.documents}
    assert docs, "the shipped corpus is empty"
    for doc_id, doc in docs.items():
        assert doc.extra.get("nature") in {"officiel", "presse", "opinion", "synthese"}, doc_id
        assert len(str(doc.extra.get("updated", ""))) == 10, doc_id
        if doc.extra["nature"] == "synthese":
            assert doc.extra.get("based_on"), doc_id
            assert doc.publisher == "Souverain — fiche de synthèse", doc_id


def test_a_colon_before_a_quotation_does_not_end_a_chunk(tmp_path):
    # « X a déclaré : « … » »: the words after the colon are what was said; a chunk that
    # stopped at the colon would quote the speaker without his words
    path = tmp_path / "mise-au-point.md"
    path.write_text(
        "# Mise au point\n\n"
        "Le 6 janvier 2026, le directeur général de l'ANSSI a fait une mise au point sur la "
        "qualification de S3NS. Vincent Strubel a déclaré : « La qualification d'une offre "
        "n'est ni une décision arbitraire, ni un choix politique ». La presse a relayé ses "
        "propos le lendemain.\n", encoding="utf-8")
    doc = load_document(path, "mise-au-point.md")
    chunks = chunk_document(doc, size=160, overlap=0)
    assert not any(c.text.rstrip().endswith(":") for c in chunks), [c.text for c in chunks]
    assert any("a déclaré : « La qualification" in c.text for c in chunks)
