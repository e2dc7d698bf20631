"""Polite requests, asides after the question, alternatives and subordinate denials: what a
question asks once its wrapping is read, and the lead that follows."""

from __future__ import annotations

import pytest

from assistant.lead import lead_line
from assistant.questions import (
    analyze_question,
    counted_noun,
    question_kind,
    request_asks,
    without_aside,
    without_task,
)
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored
from core.text import fold


@pytest.mark.parametrize("question, language, kind", [
    ("Can you explain what the US CLOUD Act is, briefly?", "en", "definition"),
    ("Tu peux m'expliquer ce qu'est SecNumCloud ?", "fr", "definition"),
    ("Vous pouvez me donner les noms des organismes certificateurs HDS ?", "fr", "other"),
    ("Could you tell me who chairs the CNIL?", "en", "who"),
    ("Can you list the four hospitals feeding EMC2?", "en", "list"),
    ("Pourriez-vous m'expliquer pourquoi la CNIL a autorisé Microsoft ?", "fr", "why"),
    # asking whether is still a yes or a no
    ("Pouvez-vous me dire si Bleu est qualifié ?", "fr", "yes_no"),
    ("Can you confirm that EMC2 is hosted by Microsoft?", "en", "yes_no"),
])
def test_a_request_asks_for_what_follows_it(question, language, kind):
    assert question_kind(question, language) == kind


def test_a_request_is_not_a_yes_no_question():
    assert request_asks("Could you list the hospitals?") == ("list", "the hospitals?")
    assert request_asks("Bleu est-il qualifié ?") == ("", "")
    analysis = analyze_question("Can you list the hospitals feeding EMC2?", "en",
                                lambda term: 1.0, lambda term: True)
    assert not analysis.yes_no


def test_prices_spoken_of_are_not_a_price_asked():
    assert question_kind("Do any readers compare French cloud providers' prices with "
                         "Microsoft's?", "en") == "yes_no"
    assert question_kind("Est-ce que des lecteurs comparent les prix des clouds français avec "
                         "Microsoft ?", "fr") == "yes_no"
    assert question_kind("Est-ce que la qualification coûte cher ?", "fr") == "money"
    assert question_kind("Combien coûte la qualification ?", "fr") == "money"


def test_combien_deja_counts_nothing():
    assert counted_noun("les seuils c'est combien déjà ?") == ""
    assert counted_noun("combien de députés ?") == "deputes"
    assert counted_noun("le nombre d'hébergeurs ?") == "hebergeurs"


@pytest.mark.parametrize("question, kept", [
    ("les donnees d'emc2 elles sont anonymisees ou pas ? je veux pas dire de betise",
     "les donnees d'emc2 elles sont anonymisees ou pas ?"),
    ("Who decided the three years? need it for my briefing note",
     "Who decided the three years?"),
    # an aside naming something, or saying what is meant, is part of the question
    ("les seuils c'est combien ? un prospect me demande pour Bleu",
     "les seuils c'est combien ? un prospect me demande pour Bleu"),
    ("C'est quoi le délai ? pour l'autorisation je veux dire",
     "C'est quoi le délai ? pour l'autorisation je veux dire"),
    ("whats SecNumCloud exactly? keep seeing it in the news",
     "whats SecNumCloud exactly? keep seeing it in the news"),
    ("Quand ?", "Quand ?"),
    # the spoken « je » (« jvois », « jsp »)
    ("c koi EMC2 exactement ? jvois ca partout mais jsp ce que c", "c koi EMC2 exactement ?"),
    # a class named by its ordinal is no name
    ("Pourquoi les lois américaines posent problème ? je dois l'expliquer à des élèves de 3e",
     "Pourquoi les lois américaines posent problème ?"),
    # an example after a yes/no question shows what is meant; after an open question, or
    # asking who itself, it says what is asked
    ("SecNumCloud c'est un label donné à toute une entreprise ? genre on dit qu'OVH est "
     "SecNumCloud", "SecNumCloud c'est un label donné à toute une entreprise ?"),
    ("il exigeait quoi concretement ? genre les niveaux de service",
     "il exigeait quoi concretement ? genre les niveaux de service"),
    ("Est-ce que des lecteurs veulent partir ? genre qui demande un lien opt-out",
     "Est-ce que des lecteurs veulent partir ? genre qui demande un lien opt-out"),
])
def test_an_aside_about_the_asker_is_left_out(question, kept):
    assert without_aside(question) == kept


def _lead(question: str, texts: list[str], kind: str = "yes_no", language: str = "fr") -> str:
    analysis = analyze_question(question, language, lambda term: 1.0, lambda term: True)
    sentences = split_sentences(" ".join(texts))
    items = [(Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False), SentenceInfo(), 1)
             for i, s in enumerate(sentences)]
    return lead_line(kind, language, analysis, items, analysis.stems)


def test_a_denial_inside_what_is_regretted_does_not_deny_the_regret():
    assert _lead("La CNIL a-t-elle exprimé des regrets ?", [
        "La CNIL regrette que les projets de recherche n'aient pas permis de stimuler une "
        "offre européenne.",
    ]).startswith("Oui")
    # a denial of the asked thing itself still says no
    assert _lead("Microsoft Ireland est-elle qualifiée SecNumCloud ?", [
        "Microsoft Ireland est certifiée HDS mais n'est pas qualifiée SecNumCloud.",
    ]).startswith("Non")


def test_a_choice_between_two_questions_gets_no_yes_or_no():
    assert _lead("Does the decree require immunity from non-EU law, or can a US-owned host "
                 "still qualify?", [
                     "Le décret n'impose ni immunité complète au droit extra-européen, ni "
                     "contraintes sur le capital.",
                 ], language="en") == ""
    assert _lead("Les données sont-elles anonymisées ou pas ?", [
        "Les données de l'entrepôt EMC2 sont pseudonymisées, et non anonymisées.",
    ]).startswith("Non")


def _who(question: str, text: str, entities: tuple[tuple[str, str], ...], *,
         ask: str | None = None) -> str:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True, ask=ask)
    sentence = split_sentences(text)[0]
    item = Scored(0, 0, sentence, 0.5, 0.4, 0.5, False, frozenset(), False)
    return lead_line("who", "fr", analysis, [(item, SentenceInfo(entities=entities), 1)],
                     analysis.stems)


def test_who_reports_a_fact_is_not_who_is_asked():
    text = ("Selon Siècle Digital, les établissements partenaires sont les Hospices civils de "
            "Lyon et le Centre Léon Bérard.")
    entities = (("Siècle Digital", "ORG"), ("Hospices civils de Lyon", "ORG"))
    assert not _who("Qui sont les partenaires d'EMC2 ?", text, entities).startswith("Siècle")
    assert _who("Selon qui les partenaires sont-ils ces établissements ?", text,
                entities).startswith("Siècle Digital")


def test_a_follow_up_names_no_one_the_sentence_ties_to_nothing_asked():
    text = "Le Conseil d'État a rejeté le recours de Clever Cloud le 25 juin 2025."
    entities = (("Conseil d'État", "ORG"), ("Clever Cloud", "ORG"))
    asked = "Et qui en est membre ?"
    assert _who(asked + " Plateforme des données de santé", text, entities, ask=asked) == ""


def test_a_clause_closed_by_its_own_question_word_is_a_second_question():
    analysis = analyze_question("Dans la procédure SecNumCloud, le jalon J0 ça correspond à "
                                "quoi, et Bleu l'a obtenu quand ?", "fr", lambda term: 1.0,
                                lambda term: True)
    assert [p.kind for p in analysis.parts] == ["definition", "when"]


def test_a_yes_or_no_read_off_the_sentence_that_denies_the_alternative():
    assert _lead("SecNumCloud est-il donné à une entreprise ?", [
        "Selon Clubic, cinq entreprises étaient qualifiées SecNumCloud.",
        "La qualification SecNumCloud porte sur un service, et non sur une entreprise.",
    ]).startswith("Non")


def test_how_many_times_is_not_led_by_a_number_that_names():
    analysis = analyze_question("How many times has Executive Order 12333 been amended?", "en",
                                lambda term: 1.0, lambda term: True)
    sentences = split_sentences("L'Executive Order 12333 a été modifié en 2003, en 2004 et en "
                                "2008.")
    items = [(Scored(0, 0, sentences[0], 0.5, 0.4, 0.5, False, frozenset(), False),
              SentenceInfo(), 1)]
    assert lead_line("count", "en", analysis, items, analysis.stems) == ""


@pytest.mark.parametrize("question, kept", [
    ("For my briefing note: which four institutions feed EMC2 with hospital data?",
     "Which four institutions feed EMC2 with hospital data?"),
    ("Petite question pour ma note au directeur : c'est qui le responsable de traitement ?",
     "C'est qui le responsable de traitement ?"),
    ("Quick one: what is the CLOUD Act?", "What is the CLOUD Act?"),
    # a scene that tells something, or names the subject, stays
    ("Je suis DPO dans un CHU : jusqu'à quand ?", "Je suis DPO dans un CHU : jusqu'à quand ?"),
    ("Pour ma note sur le cloud au centre : c'est quoi ?",
     "Pour ma note sur le cloud au centre : c'est quoi ?"),
    ("Loi SREN : date de promulgation ?", "Loi SREN : date de promulgation ?"),
])
def test_the_task_named_before_the_question_is_left_out(question, kept):
    assert without_task(question) == kept


def test_a_birth_date_is_a_datum_not_a_date_asked():
    assert question_kind("Quelles données personnelles il y a dans EMC2 ? Le sexe, la date de "
                         "naissance, l'adresse... ?") != "when"
    assert question_kind("La délibération date de quand ?") == "when"


def test_the_date_of_a_commitment_asks_when():
    assert question_kind("On what date did the health ministry commit to finding a 'sovereign' "
                         "solution?", "en") == "when"


@pytest.mark.parametrize("question, kept", [
    # the asker's own people (« notre DPO », "our CISO") name nothing asked
    ("AITD = ? notre DPO veut qu'on en fasse une avant de signer avec un hyperscaler",
     "AITD = ?"),
    ("what's an AITD? our CISO wants one before we sign", "what's an AITD?"),
    # another's name still says what is asked
    ("c'est quoi une AITD ? notre avocat parle de la CNIL", "c'est quoi une AITD ? notre avocat "
     "parle de la CNIL"),
])
def test_the_askers_own_people_are_part_of_the_aside(question, kept):
    assert without_aside(question) == kept


def test_who_the_asker_is_told_in_a_sentence_first_is_not_asked():
    from assistant.questions import _without_preamble

    assert _without_preamble("Je suis DSI d'un GHT, on fait le sourcing cloud pour notre EDS. "
                             "SecNumCloud c'est une certification ?") == \
        "SecNumCloud c'est une certification ?"
    assert _without_preamble("We're a hospital group moving to the cloud. Is Bleu qualified?") \
        == "Is Bleu qualified?"
    # a first sentence that is not about the asker stays
    kept = "La CNIL a autorisé EMC2. Pour combien de temps ?"
    assert _without_preamble(kept) == kept


@pytest.mark.parametrize("question", [
    "What's the case number of Philippe Latombe's appeal?",
    "What is the ECLI number of the order?",
    "reference number of the deliberation?",
])
def test_a_case_or_reference_number_is_no_count(question):
    assert question_kind(question, "en") != "count"


def test_a_claim_neither_confirmed_nor_refuted():
    from assistant.deciding import REFUTES, UNVERIFIED

    for sentence in ("L'affirmation des « 10 ans » reste donc non vérifiée.",
                     "Aucune des sources consultées ne confirme cette durée.",
                     "This figure has not been verified."):
        assert UNVERIFIED.search(fold(sentence)), sentence
    for sentence in ("La durée a été vérifiée par la CNIL.", "Ce chiffre est inexact."):
        assert not UNVERIFIED.search(fold(sentence)), sentence
    assert REFUTES.search(fold("Ce chiffre est inexact."))


def test_an_unverified_claim_is_not_a_no_to_is_it_true():
    unverified = ["L'article de Clubic affirme que le contrat devait porter sur 10 ans.",
                  "L'affirmation des « 10 ans » reste donc non vérifiée."]
    assert _lead("clubic dit que le contrat devait durer 10 ans, c'est vrai ?",
                 unverified).startswith("Non vérifié")
    # asked whether it is confirmed, it is not: a no
    assert _lead("Clubic dit que le contrat devait durer 10 ans : c'est confirmé ?",
                 unverified).startswith("Non [")


@pytest.mark.parametrize("question, asked", [
    ("Le marché de la solution intercalaire, il valait combien ? Sans doute des clopinettes par "
     "rapport à ce que Microsoft touche, mais j'aimerais le chiffre.",
     "Le marché de la solution intercalaire, il valait combien ?"),
    ("Une qualif snc, c'est valable à vie ? Parce que si c'est à vie, ça relativise le visa.",
     "Une qualif snc, c'est valable à vie ?"),
    ("How long is a qualification valid? Because if it's for life, the label means little.",
     "How long is a qualification valid?"),
])
def test_the_askers_reasoning_after_the_question_is_an_aside(question, asked):
    assert without_aside(question) == asked
