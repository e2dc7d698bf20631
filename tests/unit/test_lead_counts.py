"""The lead of a « combien » question: the figure that counts the asked noun."""

from __future__ import annotations

from assistant.lead import lead_line
from assistant.questions import analyze_question
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored


def _lead(question: str, sentence: str) -> str:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    (parsed,) = split_sentences(sentence)
    item = Scored(0, 0, parsed, 0.5, 0.4, 0.5, False, frozenset(), False)
    return lead_line("count", "fr", analysis, [(item, SentenceInfo(), 1)], frozenset())


def test_the_figure_counting_the_asked_noun_not_the_first_one():
    assert _lead("Le Health Data Hub devait rassembler les données de combien de Français ?",
                 "Selon deux blogs, la plateforme devait centraliser les données de santé "
                 "d'environ 67 millions de Français.") == "67 millions de Français [1]"


def test_the_counted_noun_and_its_complement_no_verb_after_it():
    assert _lead("Combien d'établissements alimentent EMC2 ?",
                 "Les quatre établissements de santé sont nommés par la presse.") \
        == "quatre établissements de santé [1]"
    assert _lead("Combien de niveaux prévoyait l'EUCS ?",
                 "Le schéma EUCS prévoyait trois niveaux : basique, substantiel et élevé.") \
        == "trois niveaux [1]"


def _lead_of(question: str, *sentences: str) -> str:
    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    items = []
    for number, sentence in enumerate(sentences, start=1):
        (parsed,) = split_sentences(sentence)
        items.append((Scored(0, 0, parsed, 0.5, 0.4, 0.5, False, frozenset(), False),
                      SentenceInfo(), number))
    return lead_line("count", "fr", analysis, items, frozenset())


def test_a_share_keeps_its_percent_sign():
    assert _lead("Un actionnaire non européen peut détenir combien du capital ?",
                 "Le capital ne doit pas être détenu à plus de 24 % par une entité tierce.") \
        == "24 % [1]"


def test_a_numbered_point_is_no_count_and_a_later_sentence_may_hold_the_figure():
    assert _lead_of("Combien de sociétés sont qualifiées SecNumCloud ?",
                    "Selon le point 19.6 d), toute société tierce doit être qualifiée.",
                    "Clubic affirme que seules cinq entreprises étaient qualifiées.") \
        == "cinq entreprises [2]"
    # the figure counting the asked noun wins over an earlier one counting something else
    assert _lead_of("Combien d'établissements alimentent EMC2 ?",
                    "Deux blogs en parlent depuis 2024.",
                    "Les quatre établissements de santé sont nommés par la presse.") \
        == "quatre établissements de santé [2]"


def test_a_round_figure_counts():
    from assistant.language import french_synonyms
    from assistant.shapes import counts

    found = [m.group(1) for m in counts("la consultation a reuni une quarantaine de contributeurs")]
    assert "quarantaine" in found
    assert [m.group(1) for m in counts("des centaines de milliers de dossiers")] == [
        "centaines", "milliers"]
    assert "observations" in french_synonyms("contributions")  # « reçu 450 observations »
