"""Question word forms the stemmer keeps apart, read through spaCy's French lemma table."""

from __future__ import annotations

from assistant import word_forms
from assistant.questions import analyze_question
from core.text import analyze


def test_a_verb_form_the_stemmer_keeps_whole_has_its_lemma_s_stem():
    assert word_forms.lemma_stems("alimentent") == frozenset(analyze("alimenté"))
    assert word_forms.lemma_stems("Pensent") == frozenset(analyze("pense"))
    assert word_forms.lemma_stems("détient") == frozenset(analyze("détenir"))
    # a form the stemmer already brings to its lemma's stem needs nothing
    assert word_forms.lemma_stems("contrats") == frozenset()


def test_a_question_in_such_a_form_matches_the_documents_words():
    known = set(analyze("hôpitaux alimenté EMC2"))
    analysis = analyze_question("Quels hôpitaux alimentent EMC2 ?", "fr", lambda t: 1.0,
                                known.__contains__)
    stems = {s for part in analysis.parts for c in part.concepts for s in c.stems}
    assert set(analyze("alimenté")) <= stems


def test_the_shipped_table_is_the_installed_model_s():
    assert word_forms.build() == word_forms._forms()
