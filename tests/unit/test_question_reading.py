"""How a question is read: a remark after it, names at its start, a numbered series in a
follow-up, English words the glossary knows only in their base form."""

from __future__ import annotations

import pytest

from assistant.answerability import ROLES, role_asked
from assistant.followup import resolve
from assistant.language import french_equivalents
from assistant.questions import _SPLIT, _entities, question_entities, question_kind


@pytest.mark.parametrize("question, kind", [
    ("whats SecNumCloud exactly? keep seeing it in the news", "definition"),
    ("c'est quoi EMC2 au juste ?? jvois ce nom partout", "definition"),
    # a remark that asks something itself keeps the whole question's kind
    ("NumSpot a-t-il fini par être qualifié ? quelles sont les dernieres infos", "latest"),
])
def test_a_remark_after_the_question_mark_does_not_hide_what_is_asked(question, kind):
    assert question_kind(question, "en" if question.startswith("whats") else "fr") == kind


def test_a_first_word_the_documents_only_write_as_a_name_is_a_name():
    proper = {"leviia", "worldline"}.__contains__
    assert question_entities("Leviia a été fondée en quelle année ?", proper) == ["Leviia"]
    assert question_entities("Leviia a été fondée en quelle année ?") == []
    assert question_entities("Combien de salariés chez Leviia ?", proper) == ["Leviia"]
    assert question_entities("Quand Worldline a-t-elle été qualifiée ?", proper) == ["Worldline"]


def test_an_adjective_of_nationality_names_no_one():
    assert _entities("Who runs the French cybersecurity agency?", "en") == ()
    assert _entities("Which European court struck down the Privacy Shield?", "en") == (
        "Privacy", "Shield")


def test_a_short_english_verb_reads_as_its_base_form():
    assert french_equivalents("runs") == french_equivalents("run") != ""
    assert "nouveau" not in french_equivalents("news")  # « nouveau » is "new", not "news"
    assert french_equivalents("was") == ""


def test_another_of_a_numbered_series_replaces_the_one_before():
    history = [("When was the Schrems II judgment?", "16 July 2020, case C-311/18."),
               ("What did it strike down?", "The Privacy Shield, decision 2016/1250.")]
    reading = resolve("And Schrems I?", history)
    assert reading.substitutes
    assert not {"II", "C-311/18", "2016/1250"} & set(reading.topic)
    # the same one again is no substitution
    same = resolve("And Schrems II?", history[:1])
    assert not same.substitutes


def test_a_series_number_typed_in_figures_is_its_roman_one():
    from assistant.numbered import asked_series

    assert asked_series("schrems 2 a fait tomber quoi ?") == {"schrems ii"}
    assert asked_series("Schrems II, c'est quand ?") == {"schrems ii"}
    assert asked_series("l'article 31 de la loi, version 3.2") == frozenset()
    # « et schrems 2 ? » after « Schrems I »: the previous ask again, with what its phrase meant
    reading = resolve("et schrems 2 ?", [("schrems I a fait tomber quoi ?",
                                          "Le Safe Harbor (C-362/14).")])
    assert reading.substitutes
    assert "C-362/14" not in reading.topic and "invalider" in reading.topic



def test_words_asked_for_by_their_noun_are_what_was_said():
    from assistant.questions import question_kind

    assert question_kind("Quels regrets la CNIL a-t-elle exprimés en autorisant EMC2 ?") == "said"
    # « when » joining a clause does not ask a date
    assert question_kind("What regrets did the CNIL express when authorising EMC2?",
                         "en") == "said"
    assert question_kind("Quelles critiques les lecteurs font-ils ?") != "said"


def test_a_statement_then_the_question_is_read_by_the_question():
    from assistant.questions import question_kind

    assert question_kind("La délibération a été publiée au JO. Quand ?") == "when"


def test_where_things_stand_is_the_latest_state_not_a_place():
    from assistant.questions import question_kind

    assert question_kind("where are we now with moving the Health Data Hub off Azure?",
                         "en") == "latest"
    assert question_kind("where are things with the Latombe appeal?", "en") == "latest"
    assert question_kind("Where are the EMC2 servers?", "en") == "place"


def test_english_institutions_are_looked_for_as_the_documents_name_them():
    from assistant.language import french_name

    assert french_name("Council") == "Conseil"
    assert french_name("State") == "État"
    assert french_name("Minister") == "ministre"
    assert french_name("US-owned") == ""  # qualifies, as « US » alone does
    assert french_name("Azure") == "Azure"


def test_a_bare_question_word_after_a_question_asks_about_the_same_thing():
    from assistant.questions import analyze_question

    analysis = analyze_question("Qui a décidé d'héberger EMC2 chez Microsoft, et pourquoi ?",
                                "fr", lambda term: 1.0, lambda term: True)
    assert [p.kind for p in analysis.parts] == ["who", "why"]
    assert analysis.parts[0].concepts == analysis.parts[1].concepts
    english = analyze_question("Who approved the EMC2 warehouse on Azure, and when?", "en",
                               lambda term: 1.0, lambda term: True)
    assert [p.kind for p in english.parts] == ["who", "when"]


def test_which_thing_asked_in_one_word_is_asked_of_the_part_before_it():
    from assistant.questions import analyze_question

    for question, language in (
            ("Quand la section 702 du FISA a-t-elle été reconduite, et par quel texte ?", "fr"),
            ("Quand le Tribunal a-t-il rejeté le recours de Latombe, et sous quel numéro ?", "fr"),
            ("Who set up the Data Protection Review Court, and through which instrument?", "en")):
        analysis = analyze_question(question, language, lambda term: 1.0, lambda term: True,
                                    proper=lambda word: False)
        assert len(analysis.parts) == 2, question
        first, second = analysis.parts
        # the second part also holds the first one's words (at a lower weight)
        assert {s for c in first.concepts for s in c.stems} <= {
            s for c in second.concepts for s in c.stems}, question
    # « pour dire quoi » names no thing: the question is read whole
    analysis = analyze_question("Quel lecteur évoque l'incendie chez OVH, et pour dire quoi ?",
                                "fr", lambda term: 1.0, lambda term: True)
    assert len(analysis.parts) == 1


@pytest.mark.parametrize("question, comments", [
    ("Sous l'article Clubic, qui accuse la CNIL de corruption ?", True),
    ("Under the Clubic article, who wants the CNIL dissolved?", True),
    ("Que prévoit la loi sous l'article 31 ?", False),  # an article of a law
    ("Quand l'article de Clubic a-t-il été publié ?", False),  # the article itself
    ("Un internaute parle du chiffrement, il dit quoi ?", True),  # one reader
    ("y en a qui accusent la cnil de corruption dans les com ?", True),  # « les com »
    ("comms clubic : qui defend le choix microsoft ?", True),
    ("comms strategy of the CNIL?", False),
    # readers calling for something, not an authority's call for comments
    ("Did anyone in the comments call for the CNIL to be dissolved?", True),
    ("When did ANSSI open the public call for comments on SecNumCloud 3.2.a?", False),
    # the asker's own readers are whom the answer is for
    ("Je prépare un long format pour nos lecteurs lyonnais : qui a demandé l'autorisation ?", False),
    ("En quoi la loi SREN change quelque chose ? Je dois l'expliquer à des lecteurs.", False),
    ("How should I explain SecNumCloud to my readers?", False),
    ("y a des lecteurs qui défendent Microsoft ?", True),
    ("nos lecteurs de clubic disent quoi ?", True),
])
def test_what_sits_under_the_article_is_the_readers_comments(question, comments):
    from assistant.questions import about_comments

    assert about_comments(question) is comments


def test_a_short_turn_pointing_back_without_a_verb_takes_the_previous_ask():
    history = [["Under SecNumCloud, how much of a provider's capital can a single non-European "
                "entity hold?", "No more than 24 % (point 19.6 b)."]]
    assert resolve("And all of them together?", history).inherits_ask
    # a verb of its own asks something of its own (« a été contesté » asks yes or no)
    assert not resolve("Ce courrier a été contesté en justice ?",
                       [["Quel courrier ?", "Celui du 15 février 2023."]]).inherits_ask


@pytest.mark.parametrize("question, kind", [
    # « qu'est-ce qui » asks what, not who
    ("Qu'est-ce qui a changé avec la version 3.2 de SecNumCloud ?", "other"),
    ("Et qu'est-ce qui l'a remplacé ensuite ?", "other"),
    ("D'après Les Échos, qu'est-ce qui a fait pencher la CNIL pour garder Microsoft ?", "why"),
    ("qu'est ce qui poussait Véran à vouloir sortir le HDH de chez microsoft ?", "why"),
    # a share of the capital is a figure
    ("Quelle part exacte du capital de S3NS Google détient-il ?", "count"),
])
def test_what_a_question_word_asks_in_its_clause(question, kind):
    assert question_kind(question, "fr") == kind


def test_when_joining_a_clause_asks_no_date():
    assert question_kind("Which earlier public body did the Health Data Hub take over from "
                         "when it was set up?", "en") != "when"
    assert question_kind("When was the Health Data Hub set up?", "en") == "when"


def test_a_country_s_possessive_qualifies_like_an_adjective():
    assert "France" not in _entities(
        "For how long did France's data protection watchdog allow Microsoft to host EMC2?", "en")
    assert "France" in _entities("Which French law applies in France?", "fr")


def test_english_words_for_a_contract_s_amendment_and_for_succeeding():
    assert "avenant" in french_equivalents("amendment")
    assert "conclure" in french_equivalents("sign")
    assert "médicaments" in french_equivalents("medicines")


def test_an_acronym_of_a_camelcase_name_is_that_name():
    acronyms = {"SNC": "SecNumCloud"}
    assert _entities("SNC 3.2 : les données sont gardées combien de temps ?", "fr",
                     acronyms=acronyms) == ("SecNumCloud", "3.2")
    assert _entities("SNC 3.2 : les données sont gardées combien de temps ?", "fr") \
        == ("SNC", "3.2")


@pytest.mark.parametrize("question, parts", [
    ("when did it open, and roughly how many contributors took part?", 2),
    ("quand a-t-elle commencé, et environ combien de contributeurs ?", 2),
    ("when did it open and roughly close?", 1),
    ("cloud act - full name + when signed?", 2),  # « + » typed for "and"
])
def test_an_adverb_before_the_second_question_word_still_splits(question, parts):
    language = "fr" if question.startswith("quand") else "en"
    assert len(_SPLIT[language].split(question)) == parts


def test_a_role_after_a_preposition_is_not_the_person_asked():
    deputies = next(asked for asked, _ in ROLES if asked.search("deputes"))
    assert not role_asked(deputies, "qui a annonce devant les deputes, au printemps")
    assert role_asked(deputies, "quel depute a annonce la relance")


@pytest.mark.parametrize("question, kind", [
    # a date asked of an outcome (« a abouti à quelle date ») is a date
    ("La commission mixte paritaire sur la loi SREN a abouti à quelle date ?", "when"),
    ("Et au fond, le recours a abouti ?", "outcome"),
    # a count asked of what is in force counts
    ("Combien d'hébergeurs ont perdu leur certification après l'entrée en vigueur du "
     "référentiel ?", "count"),
    # « quelles conditions le juge … » asks the conditions, not a person; « quel était le
    # rapporteur » asks the person
    ("Quelles conditions le juge des référés avait-il posées pour garder Microsoft ?", "list"),
    ("Quel était le rapporteur de la délibération EMC2 ?", "who"),
    # "status" asks the latest state
    ("Bleu SecNumCloud status?", "latest"),
    ("Derniere nouvelle sur le schema europeen EUCS ?", "latest"),
    # whether a qualification was won: where it stands now
    ("Bleu a-t-il décroché la qualification SecNumCloud ?", "latest"),
    # a figure told, then « c'est bien … ? »: yes or no
    ("Le chiffre de 10 millions qui circule, c'est bien le nombre de patients dans EMC2 ?",
     "yes_no"),
])
def test_the_kind_asked_reads_the_words_around_the_question_word(question, kind):
    assert question_kind(question, "en" if "status" in question else "fr") == kind


def test_the_number_of_a_law_is_its_identifier_not_a_count():
    assert question_kind("What is the NOR number of the SREN law?", "en") != "count"
    assert question_kind("What is the number of certified hosts?", "en") == "count"


@pytest.mark.parametrize("question", [
    "Who co-founded Leviia alongside its boss?",
    "Qui était le porte-parole du collectif SantéNathon ?",
])
def test_founders_and_spokespeople_are_roles_asked(question):
    from core.text import fold

    opening = " ".join(fold(question).split()[:6])
    assert any(role_asked(asked, opening) for asked, _ in ROLES)


def test_spoken_words_stand_for_the_documents_words():
    from assistant.language import french_synonyms

    assert "choisi" in french_synonyms("pris")  # « le HDH a pris Microsoft »
    assert "invoqué" in french_synonyms("justif")


def test_a_when_clause_before_the_question_sets_the_time_only():
    assert question_kind("quand le HDH a retiré sa demande fin 2021, comment Stéphanie Combes "
                         "l'a présenté ?", "fr") != "when"
    assert question_kind("When was Schrems I decided, and what did it strike down?",
                         "en") == "when"


def test_two_question_words_opening_together_ask_two_questions():
    from assistant.questions import analyze_question

    analysis = analyze_question("Quand et pourquoi la CNIL a-t-elle limité l'autorisation "
                                "d'EMC2 à trois ans ?", "fr", lambda term: 1.0,
                                lambda term: True)
    assert [p.kind for p in analysis.parts] == ["when", "why"]
    english = analyze_question("When and in what setting did Marie-Laure Denis say that "
                               "SecNumCloud 3.2 is compliant by design?", "en",
                               lambda term: 1.0, lambda term: True)
    assert len(english.parts) == 2 and english.parts[0].kind == "when"


@pytest.mark.parametrize("question, language, kind", [
    ("À quelle heure l'article a-t-il été publié ?", "fr", "when"),
    ("What time was the Clubic piece posted?", "en", "when"),
    ("Within what time frame?", "en", "other"),
])
def test_a_time_of_day_is_a_date_asked(question, language, kind):
    assert question_kind(question, language) == kind


def test_a_pronoun_after_and_opens_a_second_question():
    folded = "qui a ecrit l'article, et il a ete publie a quelle heure ?"
    assert _SPLIT["fr"].search(folded)
    # no question word in the clause: one question
    assert not _SPLIT["fr"].search("qui l'a signe, et il l'a publie ?")


def test_a_part_whose_subject_is_a_pronoun_borrows_the_names_before_it():
    from assistant.questions import analyze_question

    analysis = analyze_question(
        "When did the EU General Court dismiss Philippe Latombe's challenge, and when did he "
        "lodge his appeal?", "en", lambda term: 1.0, lambda term: True)
    second = analysis.parts[1]
    stems = {s for c in second.concepts for s in c.stems}
    assert "latomb" in stems and "pourvoi" in stems


def test_a_short_part_naming_nothing_borrows_the_names_before_it():
    from assistant.questions import analyze_question

    analysis = analyze_question("CLOUD Act - full name + when signed?", "en",
                                lambda term: 1.0, lambda term: True)
    assert len(analysis.parts) == 2
    assert "cloud" in {s for c in analysis.parts[1].concepts for s in c.stems}
    assert "complet" in {s for c in analysis.parts[0].concepts for s in c.stems}  # full name


def test_a_duration_named_without_a_question_word_is_asked():
    assert question_kind("rough duration of a SecNumCloud qualification process?", "en") \
        == "duration"


def test_where_a_thing_comes_from_is_no_latest_state():
    assert question_kind("What's the Data Protection Review Court, and where does it come "
                         "from?", "en") != "latest"
    assert question_kind("Where does the UGAP procedure stand?", "en") == "latest"


def test_an_aside_saying_where_one_saw_it_may_name_the_place():
    from assistant.questions import without_aside

    assert without_aside("What is SecNumCloud, in a nutshell? I keep seeing it in the Health "
                         "Data Hub stories.") == "What is SecNumCloud, in a nutshell?"
    assert without_aside("c koi EMC2 ? j'ai lu ça dans Le Monde") == "c koi EMC2 ?"
    # an aside naming what is asked stays
    assert without_aside("c'est quoi le référentiel ? pour EMC2 je veux dire").endswith("dire")


def test_spoken_fillers_and_anger_are_read_as_the_documents_words():
    from assistant.language import french_synonyms

    assert "fameux" not in _searched("quand la CNIL a autorisé ce fameux entrepôt EMC2 ?")
    assert "emporte" in french_synonyms("râler") and "emporte" in french_synonyms("raler")


def _searched(question: str) -> str:
    from assistant.questions import analyze_question

    analysis = analyze_question(question, "fr", lambda term: 1.0, lambda term: True)
    return " ".join(s for p in analysis.parts for c in p.concepts for s in c.stems)


def test_a_name_made_a_qualifier_is_the_name():
    assert question_entities("Did the CNIL sign off on the Microsoft-hosted warehouse?") \
        == ["CNIL", "Microsoft"]
    assert question_entities("Its Google-based cloud?") == ["Google"]
    # two names joined stay joined
    assert question_entities("le contrat HDH-microsoft ?") == ["HDH-microsoft"]


def test_refer_to_and_stand_for_are_the_frame_of_a_definition():
    from assistant.questions import analyze_question

    analysis = analyze_question("What does the name EMC2 actually refer to?", "en",
                                lambda term: 1.0, lambda term: True)
    assert [sorted(c.stems) for c in analysis.parts[0].concepts] == [["emc2"]]


def test_a_follow_up_of_two_questions_lends_each_the_conversation_s_subject():
    from assistant.questions import analyze_question

    ask = "When was it unveiled, and when did it kick off the SecNumCloud process?"
    analysis = analyze_question(ask + " S3NS", "en", lambda term: 1.0, lambda term: True,
                                ask=ask)
    assert len(analysis.parts) == 2
    for part in analysis.parts:
        lent = [c for c in part.concepts if "s3n" in c.stems]
        assert lent and lent[0].weight < 1.0  # the subject, at a topic's weight
    # « …, et quand ? » is asked of the part before it: no subject lent to a bare ask
    bare = "il avait fait tomber quoi, et quand ?"
    analysis = analyze_question(bare + " arrêt Schrems II", "fr", lambda term: 1.0,
                                lambda term: True, ask=bare)
    assert not any(p.text.startswith("il avait") and p.text.endswith("Schrems II")
                   for p in analysis.parts[:-1])


def test_english_phrases_for_what_the_documents_call_otherwise():
    from assistant.language import phrasal_equivalents

    found = dict(phrasal_equivalents("what was the application deadline, and when was it "
                                     "supposed to go live?"))
    assert "candidatures" in found["application deadline"]
    assert "mise en service" in found["go live"]


@pytest.mark.parametrize("question, language", [
    ("Le cofondateur de Leviia a réagi comment à l'autorisation donnée à Microsoft ?", "fr"),
    ("et le patron de l'ANSSI, il a réagi comment ?", "fr"),
    ("How did the ANSSI chief react to the PREMI3NS qualification?", "en"),
    # a commitment is what was said
    ("What did Olivier Véran commit to in his letter?", "en"),
    ("Dans sa lettre, Véran s'engageait à quoi ?", "fr"),
    ("Le ministère s'est engagé à quoi ?", "fr"),
])
def test_a_reaction_asked_in_any_word_order_is_what_was_said(question, language):
    assert question_kind(question, language) == "said"


def test_spoken_and_conjugated_words_stand_for_the_documents_forms():
    from assistant.language import french_synonyms

    assert "entreprise" in french_synonyms("boîte")
    assert "réponse" in french_synonyms("répondu")
    # « alimentent »: by spaCy's lemma table (``word_forms``), not a hand-written synonym
    from assistant.word_forms import lemma_stems
    from core.text import analyze

    assert lemma_stems("alimentent") == frozenset(analyze("alimenté"))


@pytest.mark.parametrize("question, kind", [
    # examples after « genre », "such as" show what is asked; they ask no date
    ("concretement quelles infos perso sur moi sont traitées dans EMC2, genre ma date de "
     "naissance, mon adresse ?", "list"),
    ("Which personal data does EMC2 process, e.g. the date of birth?", "list"),
    # a role word that qualifies another noun names no person
    ("Which executive orders amended EO 12333?", "list"),
    ("Which executive of S3NS spoke?", "who"),
    # the one chosen is named
    ("Et lequel a été retenu au final ?", "who"),
])
def test_what_a_question_asks_is_not_in_its_examples_or_modifiers(question, kind):
    assert question_kind(question, "en" if question.startswith("Which") else "fr") == kind


def test_the_short_forms_of_a_hurried_question_are_known():
    assert "organisations" in french_equivalents("orgs")
    assert "gouvernement" in french_equivalents("govt")
    assert "soutenu" in french_equivalents("backed")


def test_readers_write_a_company_by_its_initials_or_its_cloud():
    from assistant.opinions import readers_names
    from core.text import analyze
    written = readers_names(frozenset(analyze("le choix de Microsoft")))
    assert set(analyze("cloud MS")) - {"cloud"} <= written and "azur" in written
    assert readers_names(frozenset(analyze("le choix de la CNIL"))) == frozenset()


@pytest.mark.parametrize("question", ["la doctrine « cloud au centre », en deux mots ?",
                                      "le CLOUD Act en gros ?", "SecNumCloud, in short?"])
def test_a_thing_named_then_asked_briefly_asks_what_it_is(question):
    assert question_kind(question) == "definition"
    assert question_kind("Est-ce que SecNumCloud est obligatoire, en bref ?") == "yes_no"


def test_lesquels_after_a_statement_asks_for_the_list():
    assert question_kind("La directrice du HDH a dit avoir discuté avec d'autres fournisseurs "
                         "que Microsoft. Lesquels ?") == "list"


def test_a_term_asked_in_a_frame_is_the_words_before_it_and_is_said_to_be_something():
    from assistant.defining import defined_term, defines
    from core.text import analyze
    question = "Qu'est-ce qu'une entité tierce non européenne au sens de SecNumCloud ?"
    term = defined_term(question, ("SecNumCloud",),
                        tuple(frozenset(analyze(w)) for w in ("entité", "tierce", "européenne",
                                                               "SecNumCloud")))
    assert "secnumcloud" not in term and {"entit", "tierc"} <= term
    assert defines("une entite tierce est dite non europeenne, au sens du point 19.6 b), si son "
                   "siege statutaire …", term)


@pytest.mark.parametrize("question", ["What were they?", "And what are they?", "Name them"])
def test_a_bare_plural_pronoun_after_a_count_asks_for_its_items(question):
    assert question_kind(question, "en") == "list"


def test_defending_one_side_against_the_other_is_a_stance_for_it():
    from assistant.opinions import stance
    assert stance("Des lecteurs défendent Microsoft ou tapent sur les clouds français ?") == "+"
    assert stance("Did any commenter side with Microsoft against the French providers?") == "+"
    assert stance("Les lecteurs défendent ou critiquent le choix de Microsoft ?") == ""
    assert stance("Et y en a qui sont pour Microsoft ?") == "+"
    assert stance("Qui critique la CNIL ?") == "-"


@pytest.mark.parametrize("question", [
    "il disait quoi dans sa lettre ?", "que disait sa lettre ?", "ils disaient quoi ?",
    "et la lettre expliquait quoi ?"])
def test_what_someone_was_saying_asks_what_was_said(question):
    assert question_kind(question, "fr") == "said"


def test_two_clauses_each_closed_by_its_question_word_are_two_questions():
    from assistant.questions import analyze_question

    analysis = analyze_question("la deliberation CNIL sur EMC2 a ete adoptee quand et publiee au JO "
                                "quand ?", "fr", lambda term: 1.0, lambda term: True)
    assert [p.text for p in analysis.parts] == [
        "la deliberation CNIL sur EMC2 a ete adoptee quand", "publiee au JO quand ?"]
    assert [p.kind for p in analysis.parts] == ["when", "when"]


def test_how_to_tell_it_is_no_term():
    from assistant.questions import analyze_question

    analysis = analyze_question("What is SecNumCloud, in plain words? Who hands it out?", "en",
                                lambda term: 1.0, lambda term: True)
    stems = {s for p in analysis.parts for c in p.concepts for s in c.stems}
    assert not stems & {"plain", "word", "out", "hand"}
    assert "delivr" in stems  # "hands it out": « délivrer »


def test_a_clause_closed_by_its_question_mark_then_another_are_two_questions():
    from assistant.questions import analyze_question

    analysis = analyze_question("la mission d'expertise elle a ete lancee quand ? et presentee a la "
                                "cnil quand ?", "fr", lambda term: 1.0, lambda term: True)
    assert [p.text for p in analysis.parts] == [
        "la mission d'expertise elle a ete lancee quand", "presentee a la cnil quand ?"]


def test_a_yes_no_joined_to_an_english_question_is_a_question_of_its_own():
    from assistant.questions import analyze_question

    analysis = analyze_question("When did the CNIL authorise DARWIN EU, and was it challenged in "
                                "court?", "en", lambda term: 1.0, lambda term: True)
    assert [p.kind for p in analysis.parts] == ["when", "yes_no"]
    assert analysis.parts[1].text == "was it challenged in court?"


@pytest.mark.parametrize("question", [
    "ok and the emergency one, how'd that go?", "How did it go?", "and how did the tender go?"])
def test_how_it_went_asks_an_outcome(question):
    assert question_kind(question, "en") == "outcome"


def test_a_question_after_another_ones_mark_is_a_part_of_its_own():
    from assistant.questions import analyze_question

    analysis = analyze_question("Pourquoi la CNIL a-t-elle limité l'autorisation à trois ans ? "
                                "Quelle est la logique derrière cette limite ?", "fr",
                                lambda term: 1.0, lambda term: True)
    assert len(analysis.parts) == 2 and analysis.one_by_one
    # « ? et … »: two parts of one question, not one after the other
    analysis = analyze_question("La loi SREN a été promulguée quand ? et publiée au JO quand ?",
                                "fr", lambda term: 1.0, lambda term: True)
    assert not analysis.one_by_one
