"""Every passage says what it is: nature, « à jour au » date and the source of its block."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from index.provenance import block_sources, nature_of

FICHE = """---
title: "Fiche de synthèse Souverain — projet Zéphyrin"
publisher: "Souverain — fiche de synthèse"
date: "2031-05-04"
updated: "2032-01-15"
nature: synthese
based_on: "arrêté du 4 mai 2031 et presse régionale"
kind: fiche
source_url: "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000099999999"
---

# Projet Zéphyrin

## Création

Le projet Zéphyrin a été créé par un arrêté du 4 mai 2031. Il réunit trois hôpitaux de Bretagne.

Source : Légifrance, arrêté du 4 mai 2031, 4 mai 2031, primaire — https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000099999999
Source : Ouest-France, 5 mai 2031, secondaire — https://www.ouest-france.fr/zephyrin

Selon la presse régionale, le budget du projet Zéphyrin atteint quarante-deux millions d'euros
sur cinq ans, un montant que l'arrêté ne mentionne pas.

Source : Le Télégramme, 6 mai 2031, secondaire — https://www.letelegramme.fr/zephyrin-budget

## Hébergement

L'entrepôt du projet Zéphyrin est hébergé à Rennes par un prestataire qualifié SecNumCloud.

Source : ANSSI, liste des prestataires qualifiés, s. d., primaire — https://cyber.gouv.fr/prestataires-zephyrin
"""

UPLOAD = """# Note de service

Le comité de pilotage du projet Zéphyrin se réunit chaque trimestre à Brest, selon la note.
"""

OFFICIAL = """---
title: "Arrêté du 4 mai 2031 portant création du projet Zéphyrin"
kind: texte-officiel
date: "2031-05-04"
source_url: "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000099999999"
---

# Arrêté du 4 mai 2031

Article 1er. Le budget du projet Zéphyrin atteint quarante-deux millions d'euros sur cinq ans.
"""


def test_source_lines_close_blocks_and_the_first_line_is_the_main_source():
    body = FICHE.split("---\n", 2)[2]
    blocks = block_sources(body)
    assert [b.url for b in blocks] == [
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000099999999",
        "https://www.letelegramme.fr/zephyrin-budget",
        "https://cyber.gouv.fr/prestataires-zephyrin",
    ]
    first = blocks[0]
    assert first.label == "Légifrance, arrêté du 4 mai 2031, 4 mai 2031, primaire"
    assert first.grade == "primaire" and blocks[1].grade == "secondaire"
    assert first.others == (("Ouest-France, 5 mai 2031, secondaire",
                             "https://www.ouest-france.fr/zephyrin"),)
    # The second block starts after the first group of Source lines; the third at its heading.
    assert body[blocks[1].start:].lstrip().startswith("Selon la presse régionale")
    assert body[blocks[2].start:].startswith("## Hébergement")


@pytest.mark.parametrize(("kind", "declared", "nature"), [
    ("texte-officiel", None, "officiel"), ("article", None, "presse"),
    ("commentaires", None, "opinion"), ("fiche", None, "synthese"), ("cnil", None, "synthese"),
    ("document", None, "document"), ("inconnu", None, "document"),
    ("cnil", "officiel", "officiel"), ("fiche", "n'importe quoi", "synthese"),
])
def test_nature_defaults_from_kind(kind, declared, nature):
    assert nature_of(kind, declared) == nature


@pytest.fixture
def zephyrin(make_corpus, tmp_settings, embeddings):
    from index.rebuild import run_index

    settings = tmp_settings(make_corpus({"fiches/zephyrin.md": FICHE,
                                         "uploads/note.md": UPLOAD}))
    run_index(settings)
    return settings


@pytest.mark.slow
def test_citations_carry_nature_updated_and_the_blocks_source(zephyrin):
    from assistant import answer

    result = answer("Où est hébergé l'entrepôt du projet Zéphyrin ?", k=3, settings=zephyrin)
    first = result.citations[0]
    assert first.doc_id == "fiches/zephyrin.md"
    assert first.nature == "synthese"
    assert first.nature_label == ("Fiche de synthèse Souverain, d'après arrêté du 4 mai 2031 "
                                  "et presse régionale")
    assert first.date == "2031-05-04" and first.updated == "2032-01-15"
    assert first.source_label == "ANSSI, liste des prestataires qualifiés, s. d., primaire"
    assert first.source == first.source_url == "https://cyber.gouv.fr/prestataires-zephyrin"
    assert first.document_url.endswith("JORFTEXT000099999999")

    budget = answer("Quel est le budget du projet Zéphyrin ?", k=3, settings=zephyrin)
    cited = next(c for c in budget.citations if "quarante-deux" in c.text)
    assert cited.source_url == "https://www.letelegramme.fr/zephyrin-budget"
    assert cited.source_label.startswith("Le Télégramme")

    note = answer("Où se réunit le comité de pilotage du projet Zéphyrin ?", k=3,
                  settings=zephyrin)
    upload = next(c for c in note.citations if c.doc_id == "uploads/note.md")
    assert upload.nature == "document" and upload.nature_label == "Document ajouté"
    assert upload.updated == "" and upload.source_label == ""
    assert upload.source == "uploads/note.md"  # no URL: the file


@pytest.mark.slow
def test_official_text_ranks_above_the_summary_saying_the_same(make_corpus, tmp_settings,
                                                             embeddings):
    from assistant import answer
    from index.rebuild import run_index

    settings = tmp_settings(make_corpus({"fiches/zephyrin.md": FICHE,
                                         "officiels/arrete-zephyrin.md": OFFICIAL}))
    run_index(settings)
    result = answer("Quel est le budget du projet Zéphyrin ?", settings=settings)
    assert result.citations[0].nature == "officiel"
    assert result.citations[0].nature_label == "Texte officiel"


@pytest.mark.slow
def test_ask_json_and_text_show_what_each_source_is(zephyrin, monkeypatch):
    from ui.cli import cli

    monkeypatch.setenv("SOUVERAIN_INDEX_DIR", str(zephyrin.index_dir))
    monkeypatch.setenv("SOUVERAIN_CORPUS_DIR", str(zephyrin.corpus_dir))
    runner = CliRunner()
    out = runner.invoke(cli, ["ask", "--json", "-k", "2",
                              "Où est hébergé l'entrepôt du projet Zéphyrin ?"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    first = json.loads(out.stdout)["citations"][0]
    assert first["nature"] == "synthese"
    assert first["nature_label"].startswith("Fiche de synthèse Souverain, d'après")
    assert first["updated"] == "2032-01-15"
    assert first["source_url"] == "https://cyber.gouv.fr/prestataires-zephyrin"

    text = runner.invoke(cli, ["ask", "-k", "2", "Où est hébergé l'entrepôt du projet Zéphyrin ?"],
                         catch_exceptions=False)
    assert "Fiche de synthèse Souverain, d'après" in text.stdout
    assert "(à jour au 2032-01-15)" in text.stdout
    assert "Source : ANSSI, liste des prestataires qualifiés" in text.stdout


@pytest.mark.slow
def test_documents_list_says_nature_and_updated(zephyrin):
    from index.rebuild import indexed_documents

    rows = {r["doc_id"]: r for r in indexed_documents(zephyrin)}
    assert rows["fiches/zephyrin.md"]["nature"] == "synthese"
    assert rows["fiches/zephyrin.md"]["updated"] == "2032-01-15"
    assert rows["uploads/note.md"]["nature"] == "document"
