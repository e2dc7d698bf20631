"""How a follow-up turn is read: its own ask first, the conversation's subject after."""

from __future__ import annotations

import pytest

from assistant.followup import asks, resolve
from assistant.questions import TOPIC_WEIGHT, analyze_question


def _analysis(question: str, ask: str, kind: str | None = None):
    return analyze_question(question, "fr", lambda term: 1.0, lambda term: True, ask=ask,
                            kind=kind)


def test_a_follow_up_weighs_its_own_words_above_those_the_conversation_lent():
    ask = "Et ils demandaient quoi à la CJUE ?"
    analysis = _analysis(f"{ask} référé-suspension délibération EMC2", ask)
    weights = {stem: c.weight for c in analysis.parts[0].concepts for stem in c.stems}
    assert weights["cju"] == 1.0
    assert weights["emc2"] == TOPIC_WEIGHT < 1.0


def test_an_inherited_ask_keeps_the_weight_of_the_words_that_carry_it():
    ask = "Et le Safe Harbor ?"
    analysis = _analysis(f"{ask} invalidé", ask, kind="when")
    assert all(c.weight == 1.0 for c in analysis.parts[0].concepts)


def test_what_about_asks_the_previous_question_again_about_something_else():
    assert not asks("What about the Privacy Shield?")
    resolution = resolve("What about the Privacy Shield?",
                         [("When was the Safe Harbor struck down?", "6 October 2015.")])
    assert resolution.inherits_ask and resolution.substitutes
    assert asks("What did they ask about the Privacy Shield?")


def test_the_numbers_an_answer_gave_to_one_thing_go_with_the_next_turn():
    from assistant.followup import identifiers

    assert identifiers("Requête n° 491644, délibération 2025-014, affaire C-311/18, "
                       "circulaire 6404/SG, décision 2023/1795") == [
        "491644", "2025-014", "C-311/18", "6404/SG", "2023/1795"]
    assert identifiers("Le 9 février 2024, version 3.2, offre PREMI3NS, jalon J0") == []
    history = [("What did the CNIL adopt on 13 February 2025?",
                "Deliberation 2025-014, on the EMA's DARWIN EU project."),
               ("What does it allow?", "Incidence and prevalence studies by the EMA.")]
    assert "2025-014" in resolve("Was it challenged in court?", history).topic


def test_the_frame_of_an_outcome_question_is_not_a_term():
    for question in ("Et ça a abouti à quoi ?", "Et ça a donné quoi ?",
                     "Comment ça s'est terminé pour eux ?"):
        analysis = _analysis(question, question)
        assert analysis.kind == "outcome"
        assert not analysis.parts[0].concepts
    kept = _analysis("Elle a donné son accord ?", "Elle a donné son accord ?")
    assert {"don", "accord"} <= {s for c in kept.parts[0].concepts for s in c.stems}


def test_what_came_of_it_is_the_ruling_about_what_the_last_answer_named():
    from assistant.composer import DEFAULT_WEIGHTS, _outcome_next
    from assistant.sentences import split_sentences
    from assistant.shapes import Scored
    from core.text import analyze

    text = ("Le 29 juin 2024, Clever Cloud, Cleyrop et un particulier ont saisi le Conseil "
            "d'État pour annuler le courrier du ministre. "
            "Le Conseil d'État a rejeté au fond les recours contre la délibération n° 2023-146. "
            "Le 25 juin 2025, le Conseil d'État a rejeté le recours de Clever Cloud.")
    sentences = split_sentences(text)
    scores = [1.0, 0.63, 0.58]  # the filing restated scores best; the right ruling lowest
    scored = [Scored(i, 0, s, scores[i], 0.4, 0.5, False, frozenset(), False, shape=1.0)
              for i, s in enumerate(sentences)]
    answered = frozenset(analyze("Clever Cloud"))
    picked = _outcome_next(scored, DEFAULT_WEIGHTS, answered)
    assert picked and "Clever Cloud" in picked[0].sentence.text
    assert "2025" in picked[0].sentence.text


def test_a_verb_matches_its_noun_of_action_and_of_agent():
    from assistant.questions import _neighbours

    vocabulary = sorted(["demarrag", "hebergeur", "heberg", "demarr"])
    assert "demarrag" in _neighbours("demarr", vocabulary)
    assert "hebergeur" in _neighbours("heberg", vocabulary)


def test_a_turn_asking_what_came_before_is_told_apart():
    from assistant.composer import asks_before

    assert asks_before("Et avant ça ?")
    assert asks_before("et l'arret d'avant ?")
    assert asks_before("And the one before the Privacy Shield?")
    assert asks_before("and the version before that?")
    # a question of its own, or a name it asks about
    assert not asks_before("et celui d'avant, il avait fait tomber quoi, et quand ?")
    assert not asks_before("And the Safe Harbor before it?")


@pytest.mark.parametrize("question, numbered", [
    ("et l'arret d'avant ?", "I"),
    ("And the first one?", "I"),
    ("Et le tout premier arrêt de la série, il datait de quand ?", "I"),
    ("Et l'arrêt du même nom qui l'avait précédé, il avait fait tomber quoi ?", "I"),
])
def test_the_one_before_in_a_numbered_series_is_told_back_a_step(question, numbered):
    from assistant.followup import resolve

    resolution = resolve(question, [("Qu'est-ce que l'arrêt Schrems II a invalidé ?",
                                     "Le Privacy Shield.")])
    assert "Schrems" in resolution.topic and numbered in resolution.topic
    assert "II" not in resolution.topic


def test_names_a_later_turn_replaced_are_no_longer_the_subject():
    history = [("S3NS c'est qui derriere ?", "Thales, avec la technologie Google Cloud."),
               ("et Bleu ?", "Une coentreprise d'Orange et Capgemini.")]
    resolution = resolve("ils en sont ou dans la qualif ?", history)
    assert "Bleu" in resolution.topic and "S3NS" not in resolution.topic


def test_the_second_of_a_series_may_be_written_with_digits():
    history = [("c'est quoi l'arret Schrems I deja ?", "Un arrêt de la CJUE du 6 octobre 2015 "
                "(affaire C-362/14) qui a invalidé le « Safe Harbor ».")]
    resolution = resolve("ok et le 2eme arret il a invalidé quoi ?", history)
    assert "Schrems II" in resolution.question and "C-362/14" not in resolution.topic
