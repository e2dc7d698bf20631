"""What decides a yes/no answer: a ruling, a verified claim, the present state; its lead."""

from __future__ import annotations

from assistant import deciding
from assistant.lead import lead_line
from assistant.questions import analyze_question, question_entities, question_kind
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored


def _scored(texts: list[str], probabilities: list[float] | None = None):
    sentences = split_sentences(" ".join(texts))
    scored = [Scored(0, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
              for i, s in enumerate(sentences)]
    p = probabilities or [1.0 / (1 + i) for i in range(len(scored))]
    return scored, p


def test_what_the_question_says_decides_it():
    assert deciding.asks_ruling("Le Tribunal de l'UE a-t-il annulé le Data Privacy Framework ?")
    assert deciding.asks_ruling("Did the Conseil d'État suspend the Health Data Hub?")
    assert not deciding.asks_ruling("Microsoft Ireland est-elle certifiée HDS ?")
    assert deciding.asks_truth("C'est vrai que le contrat devait durer 10 ans ?")
    assert deciding.asks_truth("Is that confirmed anywhere?")
    assert not deciding.asks_truth("Les données d'EMC2 sont-elles anonymes ?")
    assert deciding.asks_now("Le cloud public d'OVHcloud est-il maintenant qualifié ?")
    assert not deciding.asks_now("Le cloud public d'OVHcloud est-il qualifié ?")


def test_a_ruling_decides_and_goes_on_in_the_next_ruling():
    scored, p = _scored([
        "Le Tribunal a jugé que la juridiction de recours est indépendante.",
        "Le requérant demande l'annulation de l'arrêt.",
        "Le Tribunal a rejeté le recours le 3 septembre 2025.",
        "Le requérant a formé un pourvoi.",
        "Le Tribunal a aussi condamné le requérant aux dépens.",
    ], [0.6, 0.2, 0.1, 0.05, 0.05])
    quoted = deciding.complete("Le Tribunal a-t-il annulé la décision ?", scored[:2], scored, p,
                               0.7)
    assert [s.position for s in quoted][:2] == [2, 4]  # the ruling, then how it goes on
    assert len(quoted) <= deciding.MAX_QUOTED


def test_a_claim_is_decided_by_whether_it_was_verified():
    scored, p = _scored([
        "L'article affirme que le contrat devait porter sur 10 ans.",
        "Le contrat a été signé en avril 2020.",
        "L'affirmation des 10 ans reste donc non vérifiée.",
    ])
    quoted = deciding.complete("C'est vrai que le contrat devait durer 10 ans ?", scored[:1],
                               scored, p, 0.7)
    assert [s.position for s in quoted] == [0, 2]
    # nothing asked about a verification: the scorer's choice stands
    assert deciding.complete("Le contrat devait-il durer 10 ans ?", scored[:1], scored, p,
                             0.7) == scored[:1]


def test_the_present_state_is_the_newest_dated_statement():
    scored, p = _scored([
        "À cette époque, le cloud public n'était pas qualifié.",
        "Le cloud public est désormais qualifié depuis le 31 juillet 2026.",
    ], [0.9, 0.1])
    quoted = deciding.complete("Le cloud public est-il maintenant qualifié ?", scored[:1], scored,
                               p, 0.7)
    assert quoted[0].position == 1


def _lead(question: str, texts: list[str]) -> str:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    scored, _ = _scored(texts)
    items = [(s, SentenceInfo(), 1) for s in scored]
    return lead_line("yes_no", "fr", analysis, items, analysis.stems)


def test_the_lead_reads_the_deciding_sentence():
    # a ruling that turns the request down answers « annulé ? » with a no
    assert _lead("Le Tribunal a-t-il annulé le Data Privacy Framework ?", [
        "Le Tribunal a rejeté le recours de Philippe Latombe le 3 septembre 2025.",
        "Philippe Latombe demande l'annulation de l'arrêt du Tribunal.",
    ]).startswith("Non")
    # a claim nobody confirms (« ni … ni … » denies)
    assert _lead("C'est vrai que le contrat devait durer 10 ans au départ ?", [
        "L'article affirme qu'au départ, le contrat devait porter sur 10 ans.",
        "Aucune source ne confirme cette durée : ni la délibération, ni le contrat.",
    ]).startswith("Non")
    # an aside in parentheses is a clause of its own
    assert _lead("Des données d'EMC2 peuvent-elles être transférées aux États-Unis ?", [
        "Des données techniques d'EMC2 (qui ne révèlent aucune information de santé) peuvent "
        "être transférées aux États-Unis.",
    ]).startswith("Oui")
    # a denial in a relative clause qualifies a noun, it does not answer the question
    assert _lead("Des données d'EMC2 peuvent-elles être transférées aux États-Unis ?", [
        "Des données techniques d'EMC2 peuvent être transférées aux États-Unis, qui ne "
        "révèlent aucune information de santé.",
    ]).startswith("Oui")
    # a sentence about none of the names the question gives says yes for no one
    assert _lead("Les données de santé d'EMC2 sont-elles stockées aux États-Unis ?", [
        "Des données techniques peuvent être transférées aux États-Unis.",
    ]) == ""


def test_lowercase_names_and_conjunctions():
    assert "emc2" in question_entities("les donnees d'emc2 c anonyme ou pas")
    assert "2" not in question_entities("les 2 boîtes")
    assert question_kind("Was there a call for tenders when Microsoft was chosen?",
                         "en") == "yes_no"
    assert question_kind("When was Microsoft chosen?", "en") == "when"
    assert question_kind("Do you know when Microsoft was chosen?", "en") == "when"
    assert question_kind("ki soutenait la france pour le niveau high+ ?") == "who"


def test_a_no_goes_on_with_what_its_subject_is_instead():
    scored, p = _scored([
        "La doctrine s'applique à l'État et aux organismes sous sa tutelle.",
        "La doctrine ne s'impose pas aux collectivités territoriales.",
        "La solution doit être immunisée.",
    ])
    subjects = {0: "la doctrine", 1: "la doctrine", 2: "la solution"}
    quoted = deciding.instead([scored[1]], scored, p, lambda s: subjects[s.position])
    assert [s.position for s in quoted] == [1, 0]
    # the deciding sentence gives the alternative itself: nothing more
    contrast, q = _scored(["Les données sont pseudonymisées, et non anonymisées.",
                           "Les données sont hébergées en France."])
    assert deciding.instead(contrast[:1], contrast, q, lambda s: "les donnees") == contrast[:1]


def test_stored_data_are_hosted_data():
    from assistant.language import french_synonyms

    assert "hébergées" in french_synonyms("stockées")
    assert french_synonyms("stocks") == ""
    assert "conserver" in french_synonyms("garder")  # « combien de temps ils vont garder … »
    assert "établissements" in french_synonyms("hopitaux")  # « les hôpitaux publics »


def test_a_request_turned_down_answers_whether_it_was_granted():
    ruling = "le conseil d'etat a rejete au fond les recours en annulation le 19 novembre 2024."
    assert deciding.turned_down("Did the Conseil d'État annul the CNIL's authorisation?", ruling)
    assert deciding.turned_down("Le Tribunal de l'UE a-t-il annulé le DPF ?", ruling)
    # asked whether it was turned down or upheld: the rejection is a yes
    assert not deciding.turned_down("Did the Conseil d'État reject the challenge?", ruling)
    assert not deciding.turned_down("Did the Council of State uphold the authorisation?", ruling)
    # a ruling that also grants something is read clause by clause
    assert not deciding.turned_down("Le juge a-t-il annulé la décision ?",
                                    "le juge a annule la decision et rejete le surplus.")
