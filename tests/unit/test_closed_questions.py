"""Closed and loosely worded questions: the verb a yes or no turns on, dates the question
already gives, names joined by a hyphen, « quand même », a turn with no ask of its own."""

from __future__ import annotations

import pytest

from assistant.answerability import asked_verb
from assistant.followup import resolve
from assistant.questions import question_kind
from assistant.shapes import dates_told, entity_share, name_groups
from core.text import analyze, fold


@pytest.mark.parametrize(("question", "language", "verb"), [
    ("La CNIL a-t-elle publié la version définitive de son guide AITD ?", "fr", "publie"),
    ("L'entrepôt EMC2 a-t-il déjà été basculé hors de Microsoft Azure ?", "fr", "bascule"),
    ("Microsoft détient-il une part du capital de Bleu ?", "fr", "detient"),
    ("Did the European Medicines Agency formally approve Microsoft Azure?", "en", "approve"),
    ("Has the EUCS scheme been formally adopted yet?", "en", "adopted"),
    ("Did the CNIL's EMC2 deliberation require the Health Data Hub to keep the keys?", "en",
     "require"),
    ("Is there a summary?", "en", ""),
])
def test_the_verb_a_yes_or_no_turns_on(question, language, verb):
    assert asked_verb(question, language) == verb


def test_dates_are_read_alike_in_both_languages_and_numbers_are_not_years():
    assert dates_told("l'offre demarre le 31 juillet 2026") == {("31", 7, "2026")}
    assert dates_told("until july 31, 2026") == {("31", 7, "2026")}
    assert dates_told("en decembre 2023, puis en 2025") == {("", 12, "2023"), ("", 0, "2025")}
    assert dates_told("la deliberation n° 2023-146") == set()


def _share(entity: str, text: str) -> float:
    folded = fold(text)
    return entity_share([(entity,)], (folded, frozenset(analyze(text))), ("", frozenset()),
                        lambda stem: stem not in ("usa",))


def test_figures_the_question_coordinates_count_as_one_name():
    question = "Quels Premiers ministres ont signé les circulaires (2021, 2023 et 2026) ?"
    groups = name_groups(question, ["Premiers", "2021", "2023", "2026"])
    assert groups == [("Premiers",), ("2021", "2023", "2026")]
    share = entity_share(groups[1:], ("circulaire du 5 juillet 2021", frozenset({"2021"})),
                         ("", frozenset()), lambda stem: True)
    assert share == pytest.approx(1 / 3)  # one of the three years: a third of one name
    # names stay required one by one
    assert name_groups("La DNS a sondé OVHcloud, NumSpot et Cloud Temple ?",
                       ["DNS", "OVHcloud", "NumSpot"]) == [("DNS",), ("OVHcloud",), ("NumSpot",)]


def test_names_joined_by_a_hyphen_are_each_looked_for():
    text = ("L'association Anticor a saisi le Parquet national financier au sujet du contrat "
            "du Health Data Hub avec Microsoft.")
    assert _share("HDH-Microsoft", text) == 1.0
    assert _share("HDH-Google", text) == 0.0
    # a part the corpus never uses is not required
    assert _share("UE-USA", "l'accord entre l'UE et les États-Unis") == 1.0


@pytest.mark.parametrize(("question", "kind"), [
    ("Dans les coms, qui trouve qu'OVH est quand même un fournisseur sérieux ?", "who"),
    ("Le GIP a-t-il été constitué pour une durée limitée ?", "yes_no"),
    ("Pour quelle durée l'autorisation a-t-elle été donnée ?", "duration"),
    # an attribute asked without a verb, a bare « et X ? »: nothing to say yes or no to
    ("nom complet du cloud act ?", "other"),
    ("nombre exact de patients dont les données sont dans EMC2 ?", "count"),
    ("et schrems 2 ?", "other"),
    ("Le CLOUD Act vaut aussi pour les filiales ?", "yes_no"),
])
def test_words_that_only_look_like_an_ask(question, kind):
    assert question_kind(question) == kind


def test_a_turn_pointing_back_without_an_ask_of_its_own_asks_the_last_question_again():
    resolution = resolve("Et celui d'avant ?",
                         [("Quand le Privacy Shield a-t-il été invalidé ?", "Le 16 juillet 2020.")])
    assert resolution.inherits_ask


def test_a_name_the_document_joins_to_a_name_next_to_the_sentence_is_there():
    sentence = "La CNIL a limité à trois ans l'autorisation d'héberger l'entrepôt EMC2 chez Microsoft."
    near = (fold(sentence), frozenset(analyze(sentence)))
    document = "L'hébergeur est Microsoft Ireland, qui fournit la solution Microsoft Azure."

    def share(name: str, text: str = document, asked: tuple[str, ...] = ()) -> float:
        return entity_share([(name,), *((a,) for a in asked)], near, ("", frozenset()),
                            lambda stem: True, text)

    assert share("Azure") == 0.75  # « Microsoft Azure », Microsoft next to the sentence
    assert share("Azure", "Azure est un cloud.") == 0.0
    # a word written in lower case too is no name (« cloud »); nor a name the question gives
    assert share("Temple", "le cloud souverain de Cloud Temple") == 0.0
    assert share("Azure", asked=("Microsoft",)) == 0.5  # (1 + 0) / 2: Azure not lent
