"""Retrieval and the pieces answer() is built from: analysis, sentences, language, follow-ups."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from assistant import answering
from assistant.followup import carry_over, is_elliptic
from assistant.language import detect
from assistant.questions import analyze_question, answer_type
from assistant.retrieval import RetrievalConfig
from assistant.sentences import split_sentences
from core.text import analyze


@pytest.fixture(scope="module")
def retriever(shipped_index):
    return answering.default_assistant(shipped_index).generation().retriever


def search(retriever, question, **kwargs):
    analysis = analyze_question(question, detect(question), retriever.idf, retriever.is_known,
                                retriever.vocabulary)
    return retriever.search(question, lexical_query=analysis.search_text, **kwargs)


def test_english_question_finds_french_passages(retriever):
    hits = search(retriever, "Which Microsoft entity hosts the EMC2 health data warehouse?", k=5)
    assert any("Microsoft Ireland" in h.chunk.text for h in hits)
    assert all(h.chunk.language == "fr" for h in hits)


def test_hybrid_signals_are_kept_on_each_hit(retriever):
    hits = search(retriever, "Quelle est la date de la loi SREN ?", k=5)
    assert [h.rank for h in hits] == list(range(5))
    assert hits[0].chunk.doc_id == "fiches/contexte-juridique.md"
    assert all(h.score > 0 for h in hits) and any(h.lexical > 0 for h in hits)
    assert all(-1.0 <= h.dense <= 1.0 for h in hits)
    assert [h.score for h in hits[:2]] == sorted([h.score for h in hits[:2]], reverse=True)


def test_per_document_cap(retriever):
    question = "Que dit la délibération n° 2023-146 de la CNIL sur l'entrepôt EMC2 ?"
    capped = search(retriever, question, k=5)
    assert max(Counter(h.chunk.doc_id for h in capped).values()) <= 3
    uncapped = replace(retriever.config, per_doc=0)
    original = retriever.config
    retriever.config = uncapped
    try:
        flat = search(retriever, question, k=5)
    finally:
        retriever.config = original
    assert max(Counter(h.chunk.doc_id for h in flat).values()) > 3  # the cap did something


def test_kinds_filter_and_comments(retriever):
    question = "Que pensent les lecteurs de Microsoft et d'OVH ?"
    assert all(h.chunk.kind != "commentaires" for h in search(retriever, question, k=8))
    only = search(retriever, question, k=4, kinds=["commentaires"])
    assert only and {h.chunk.kind for h in only} == {"commentaires"}
    mixed = search(retriever, question, k=8, kinds=["commentaires", "article"])
    assert {h.chunk.kind for h in mixed} <= {"commentaires", "article"}
    assert search(retriever, question, k=3, kinds=["no-such-kind"]) == []


@pytest.mark.parametrize("fusion", ["dense", "lexical", "weighted", "rrf"])
def test_every_fusion_method_runs(retriever, fusion):
    original = retriever.config
    retriever.config = RetrievalConfig(fusion=fusion)
    try:
        hits = search(retriever, "Qui est William Méauzoone ?", k=3)
    finally:
        retriever.config = original
    assert len(hits) == 3 or (fusion == "lexical" and hits)  # BM25 ranks only matching chunks
    if fusion != "dense":  # a rare name: the lexical side finds it
        assert hits[0].chunk.doc_id == "articles/clubic-2024-02-02-microsoft-donnees-de-sante.md"


def test_named_source_comes_first(retriever):
    hits = search(retriever, "Selon Clubic, quelle devait être la durée initiale du contrat ?", k=5)
    assert hits[0].named and hits[0].chunk.publisher == "Clubic"


def test_analyzer_spells_out_numero():
    assert analyze("la délibération n° 2023-146") == ["deliber", "numero", "2023", "146"]
    assert analyze("Délibération") == analyze("deliberation")


def test_question_analysis(retriever):
    analysis = analyze_question(
        "Pourquoi la CNIL a-t-elle limité l'hébergement à trois ans, et quand la procédure "
        "UGAP s'est-elle ouverte ?", "fr", retriever.idf, retriever.is_known, retriever.vocabulary)
    assert [p.answer_type for p in analysis.parts] == ["reason", "date"]
    assert not analysis.yes_no
    english = analyze_question("Where is the EMC2 data hosted?", "en", retriever.idf,
                               retriever.is_known, retriever.vocabulary)
    assert "heberg" in {s for c in english.parts[0].concepts for s in c.stems}
    assert "héberg" in english.search_text or "hébergé" in english.search_text
    yes_no = analyze_question("Les données d'EMC2 sont-elles anonymisées ?", "fr",
                              retriever.idf, retriever.is_known, retriever.vocabulary)
    assert yes_no.yes_no


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Pendant combien de temps ?", "duration"),
        ("How long will it last?", "duration"),
        ("Quand la loi a-t-elle été publiée ?", "date"),
        ("Quel est le prix du contrat ?", "money"),
        ("How many people are concerned?", "count"),
        ("Pourquoi la CNIL a-t-elle accepté ?", "reason"),
        ("Dans quel pays sont les données ?", "place"),
        ("Qui est la rapporteure ?", "entity"),
        ("Les données sont-elles chiffrées ?", ""),
    ],
)
def test_answer_types(question, kind):
    assert answer_type(question) == kind


def test_sentences_keep_their_offsets():
    text = ("## Titre\n\nLa rapporteure est Mme Valérie Peugeot. Le commissaire est M. Damien "
            "Milic. Court.\n- **Point** : une liste de points utiles.\n"
            "Source : Légifrance — https://www.legifrance.gouv.fr/x\n")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "La rapporteure est Mme Valérie Peugeot.",
        "Le commissaire est M. Damien Milic.",  # « Court. » is too short to quote
        "Point : une liste de points utiles.",
    ]
    for s in sentences:
        assert text[s.start:s.end].replace("**", "") == s.text


def test_a_sentence_does_not_end_inside_a_parenthesis():
    text = ("Le CLOUD Act est une loi (H.R. 4943 dans sa version déposée). Il a été adopté en "
            "2018 (Pub. L. 115-141, division V). Le président l'a promulgué.")
    assert [s.text for s in split_sentences(text)] == [
        "Le CLOUD Act est une loi (H.R. 4943 dans sa version déposée).",
        "Il a été adopté en 2018 (Pub. L. 115-141, division V).",
        "Le président l'a promulgué.",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Pendant combien de temps Microsoft hébergera-t-il les données ?", "fr"),
        ("How long will Microsoft host the data?", "en"),
        ("Which case numbers did the Conseil d'État decide on 19 November 2024?", "en"),
        ("Et pour combien de temps ?", "fr"),
        ("EMC2 ?", "fr"),
        ("数据存储在哪里？", "fr"),
    ],
)
def test_language_detection(text, language):
    assert detect(text) == language


def test_follow_up_carry_over():
    history = [("Qui héberge les données de l'entrepôt EMC2 ?", "Microsoft Ireland [1]")]
    assert is_elliptic("Et pour combien de temps ?")
    assert not is_elliptic("Quelle est la date de publication de la délibération de la CNIL ?")
    expanded = carry_over("Et pour combien de temps ?", history)
    assert expanded.startswith("Et pour combien de temps ?")
    assert {"héberge", "données", "entrepôt", "EMC2"} <= set(expanded.split())
    assert carry_over("Et pour combien de temps ?", None) == "Et pour combien de temps ?"
    full = "Quelle est la date de publication de la délibération de la CNIL ?"
    assert carry_over(full, history) == full


def test_sentence_vectors_are_saved_for_the_next_process(embeddings, tmp_path):
    from assistant.sentences import SentenceBank

    items = [("a", "La CNIL a autorisé EMC2. Microsoft Ireland héberge les données."),
             ("b", "Bleu est détenue par Orange et Capgemini.")]
    bank = SentenceBank(embeddings, cache_dir=tmp_path, model_id="usem3/test")
    bank.start_warm_up(items)
    assert bank.wait(timeout=60)
    saved = list(tmp_path.glob("sentences-*.npz"))
    assert [p.name for p in saved] == ["sentences-usem3_test.npz"]

    fresh = SentenceBank(embeddings, cache_dir=tmp_path, model_id="usem3/test")
    assert fresh.load(items)
    assert fresh.sentences("a", items[0][1]).vectors.shape == (2, 512)
    changed = SentenceBank(embeddings, cache_dir=tmp_path, model_id="usem3/test")
    assert not changed.load([("a", "Un autre texte, découpé autrement. Et voilà."), items[1]])
    assert changed.sentences("a", "Un autre texte, découpé autrement. Et voilà.").vectors is None
    assert changed.sentences("b", items[1][1]).vectors is not None


def test_official_text_is_preferred_over_a_fiche_saying_the_same(make_corpus, tmp_settings,
                                                                 embeddings):
    from assistant import answer
    from index.rebuild import run_index

    statement = ("Le juge des référés du Conseil d'État a rejeté le 22 mars 2024 la demande de "
                 "suspension de l'autorisation de l'entrepôt EMC2, faute d'urgence.")
    root = make_corpus({
        "fiches/contentieux.md": "---\ntitle: Fiche contentieux\nkind: fiche\n---\n"
                                 f"# Contentieux\n\n{statement}\n",
        # Same title and heading: only the kind tells them apart.
        "officiels/contentieux.md": "---\ntitle: Fiche contentieux\nkind: texte-officiel\n---\n"
                                    f"# Contentieux\n\n{statement}\n",
    })
    settings = tmp_settings(root)
    run_index(settings)
    result = answer("Quand le Conseil d'État a-t-il rejeté la demande de suspension ?",
                    settings=settings)
    assert result.answerable
    assert result.citations[0].kind == "texte-officiel"
    assert "[1]" in result.text
