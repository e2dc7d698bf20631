"""Other names the documents give a thing (``assistant.aliases``)."""

from __future__ import annotations

from assistant import aliases

TEXTS = [
    "La Plateforme des données de santé (PDS) est plus connue sous son nom anglais de Health "
    "Data Hub, abrégé en HDH. L'article de Clubic utilise par erreur le sigle « HBU ».",
    "La CNIL a été saisie par le GIP « Plateforme des données de santé », aussi connu sous le "
    "nom de Health Data Hub. Le GIP est le responsable du traitement.",
    "Le CLOUD Act, also known as Clarifying Lawful Overseas Use of Data Act, dates from 2018.",
]


def test_the_documents_statements_of_another_name_are_mined():
    mined = aliases.mine(TEXTS)
    assert set(mined["health data hub"]) == {"HDH", "PDS", "Plateforme des données de santé"}
    assert "Health Data Hub" in mined["hdh"]
    assert "Clarifying Lawful Overseas Use" in " ".join(mined["cloud act"])
    assert "clubic" not in mined


def test_a_definition_question_names_the_other_names_of_its_term_only():
    mined = aliases.mine(TEXTS)
    question = "c'est quoi exactement le Health Data Hub ?"
    term = aliases.asked_term(question, ("Health", "Data", "Hub"),
                              [frozenset({"health"}), frozenset({"dat"}), frozenset({"hub"})])
    assert "Plateforme des données de santé" in aliases.named(question, mined, term)
    # the question is about HealthData@EU: the HDH's other names are not asked
    other = "HealthData@EU, c'est quoi exactement, et quel rôle y joue le HDH ?"
    term = aliases.asked_term(other, ("HDH",), [frozenset({"healthdat"}), frozenset({"rol"}),
                                                frozenset({"jou"}), frozenset({"hdh"})])
    assert aliases.named(other, mined, term) == []


def test_a_sentence_defining_another_name_is_recognised():
    folded = ("selon l'article l. 1462-1 du code de la sante publique, la plateforme des donnees "
              "de sante est un groupement d'interet public (gip).")
    assert aliases.defines_any(folded, ["Plateforme des données de santé"])
    assert not aliases.defines_any("la plateforme des donnees de sante a ete creee en 2019.",
                                   ["Plateforme des données de santé"])


def test_an_acronym_in_brackets_after_the_words_it_spells_is_another_name():
    mined = aliases.mine([
        "Les avis de l'Agence du numérique en santé (ANS) et de la Commission nationale de "
        "l'informatique et des libertés (CNIL) divergent. Le tout sera piloté par le Health Data "
        "Hub (HBU). La Commission européenne a adopté la décision d'exécution (UE) 2023/1795."])
    assert mined["ans"] == ("Agence du numérique en santé",)
    assert mined["commission nationale de l'informatique et des libertes"] == ("CNIL",)
    assert "hbu" not in mined  # the initials do not spell it
    assert "ue" not in mined


def test_a_name_also_stands_for_its_acronym_and_an_acronym_for_its_long_name():
    mined = aliases.mine(TEXTS)
    rare = {"hdh": 4.3, "hub": 1.3, "plateform": 1.5, "health": 1.2, "dat": 1.0}
    idf = lambda stem: rare.get(stem, 0.5)  # noqa: E731
    assert aliases.also_named("Le HDH a signé quand ?", mined, idf) == {
        "hdh": frozenset({"hub", "plateform"})}
    # a long name: its acronym only (« PDS » stems to a stem too short to trust)
    assert aliases.also_named("Qui dirige le Health Data Hub ?", mined, idf) == {
        "hub": frozenset({"hdh"})}
