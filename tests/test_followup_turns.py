"""Follow-up turns read against the conversation (no index needed)."""

from __future__ import annotations

from assistant.followup import answered_names, is_elliptic, resolve, stems_of, topic
from assistant.language import detect
from assistant.questions import about_comments


def test_the_first_turn_lends_its_key_words_even_when_it_reads_as_elliptic():
    history = [("Qui a attaqué la délibération EMC2 en annulation ?", "ISOC France.")]
    about = topic("Et ça a abouti à quoi ?", history)
    assert {"délibération", "EMC2", "annulation"} <= set(about)


def test_who_else_and_qui_d_autre_are_follow_ups():
    assert is_elliptic("Who else was among the early qualified providers?")
    assert is_elliptic("Qui d'autre a été qualifié parmi les premiers prestataires ?")


def test_names_the_last_answer_gave_are_not_new_to_the_next_turn():
    turns = [("Le référé contre EMC2, qui l'a rejeté ?",
              "Le juge des référés du Conseil d'État, M. Jean-Yves Ollier, le 22 mars 2024.")]
    names = answered_names(turns)
    assert "Ollier" in names
    assert stems_of(names) and answered_names([]) == []


def test_informal_english_is_read_as_english():
    assert detect("whats an AITD in GDPR transfer jargon?") == "en"
    assert detect("c koi secnumcloud") == "fr"


def test_a_new_question_with_its_own_subject_stands_alone_after_a_conversation():
    history = [("Who hosts the EMC2 health data warehouse?", "Microsoft Ireland, on Azure.")]
    assert not is_elliptic("When was version 3.2 of the SecNumCloud framework published?",
                           history)
    assert resolve("What is the Data Privacy Framework?", history).topic == ()
    french = [("Quand l'arrêt Schrems II a-t-il été rendu ?", "Le 16 juillet 2020.")]
    assert not is_elliptic("Combien de pages compte la version 3.2 du référentiel SecNumCloud ?",
                           french)


def test_an_inverted_pronoun_points_back_only_without_a_subject_before_it():
    history = [("Qui dirigeait le Health Data Hub ?", "Stéphanie Combes.")]
    assert is_elliptic("Qu'a-t-elle dit sur l'appel d'offres ?", history)
    assert "Health" in resolve("Qu'a-t-elle dit sur l'appel d'offres ?", history).topic
    assert not is_elliptic("Quand la CNIL a-t-elle adopté la délibération 2023-146 ?", history)


def test_a_turn_without_an_ask_repeats_the_previous_ask_about_its_new_names():
    history = [("When was the Privacy Shield invalidated?", "On 16 July 2020.")]
    resolution = resolve("And the Safe Harbor?", history)
    assert resolution.inherits_ask and resolution.substitutes
    assert "invalidated" in resolution.topic and "Privacy" not in resolution.topic
    commissioner = resolve("And the government commissioner?",
                           [("Who was the rapporteur of the CNIL deliberation on EMC2?",
                             "Valérie Peugeot.")])
    assert commissioner.inherits_ask and {"CNIL", "EMC2"} <= set(commissioner.topic)


def test_the_first_turn_keeps_the_subject_over_three_turns():
    history = [("Qui a déposé un recours contre l'autorisation EMC2 ?", "L'ISOC France."),
               ("Et qu'a décidé le Conseil d'État ?", "Il a rejeté les recours au fond.")]
    about = set(topic("Quand ça ?", history))
    assert {"EMC2", "recours", "Conseil"} <= about


def test_a_conversation_about_the_readers_stays_about_them():
    history = [("Que pensent les lecteurs de Clubic de la décision ?", "Une honte.")]
    resolution = resolve("Et qui parle de corruption ?", history, about_comments=about_comments)
    assert resolution.elliptic and resolution.comments


def test_english_words_read_as_their_base_form_and_french_equivalents():
    from assistant.language import french_equivalents

    assert "remporter" in french_equivalents("won")  # irregular past → "win"
    assert "avocat" in french_equivalents("lawyers")  # plural → "lawyer"
    assert "choisi" in french_equivalents("picked") or "choisir" in french_equivalents("picked")
    assert french_equivalents("zzzz") == ""


def test_what_it_obtained_is_not_a_yes_no_question_and_who_comes_first():
    from assistant.questions import question_kind

    assert question_kind("Et cette agence, qu'a-t-elle obtenu de la CNIL en 2025 ?") == "other"
    assert question_kind("Qu'a-t-il invalidé ?") == "other"
    assert question_kind("Est-ce que la CNIL a autorisé EMC2 ?") == "yes_no"
    assert question_kind("Who acted as government commissioner to the CNIL when the EMC2 "
                         "authorisation was adopted?", "en") == "who"


def test_french_comment_is_a_question_word_not_the_readers_comments():
    assert not about_comments("Comment s'appelle l'offre qualifiée de S3NS ?")
    assert not about_comments("Comment ça s'est terminé pour eux ?")
    assert about_comments("What do the comments say about OVH?")
    assert about_comments("qui parle de corruption a la cnil dans les coms ?")
    assert about_comments("Who pushed back on the Airbus example in the comment thread?")
    assert not about_comments("Comment la com de Microsoft a-t-elle présenté Bleu ?")
    assert about_comments("Comment les lecteurs ont-ils réagi ?")


def test_comments_an_authority_received_are_not_the_readers():
    assert not about_comments("How many comments did ANSSI receive on SecNumCloud 3.2?")
    assert not about_comments("Combien de commentaires l'ANSSI a-t-elle reçus lors de la "
                              "consultation ?")
    assert about_comments("What comments did the readers post?")
    assert about_comments("Que disent les commentaires sous l'article de Clubic ?")


def test_asking_what_came_of_a_case_is_an_outcome_question():
    from assistant.questions import question_kind
    for turn in ("Comment ça s'est terminé pour eux ?", "Qu'est-ce que ça a donné ?",
                 "How did it turn out?", "Et ça a abouti à quoi ?",
                 "Et le Conseil d'État a décidé quoi ?", "L'issue ?", "Et l'issue du recours ?",
                 "How did the General Court rule?"):
        assert question_kind(turn) == "outcome", turn
    # a rule that changed is no ruling
    assert question_kind("How did the headquarters rule for providers change?", "en") != "outcome"


def test_a_one_word_turn_asking_the_outcome_does_not_repeat_the_previous_ask():
    from assistant.followup import resolve
    history = [("Qui conteste le Data Privacy Framework ?", "Le député Philippe Latombe.")]
    for turn in ("Résultat ?", "L'issue ?"):
        assert not resolve(turn, history).inherits_ask, turn
    assert resolve("Et le Safe Harbor ?", history).inherits_ask


def test_asking_how_a_decision_was_reasoned_asks_its_reason():
    from assistant.questions import question_kind
    for turn in ("Et il a motivé ça comment ?", "Comment le juge a-t-il motivé sa décision ?"):
        assert question_kind(turn) == "why", turn


def test_a_turn_naming_nothing_new_is_about_the_conversation():
    history = [("Quand la loi SREN a-t-elle été promulguée ?", "Le 21 mai 2024."),
               ("Et publiée au JO ?", "Le 22 mai 2024.")]
    resolution = resolve("Quels articles portent sur le cloud ?", history)
    assert resolution.elliptic and "SREN" in resolution.topic


def test_a_turn_with_a_verb_of_its_own_keeps_its_ask():
    history = [("Quel projet de l'EMA la CNIL a-t-elle autorisé en février 2025 ?",
                "DARWIN UE, délibération 2025-014.")]
    resolution = resolve("Il y a eu un recours ?", history)
    assert resolution.elliptic and not resolution.inherits_ask
    assert resolve("Et le Safe Harbor ?", history).inherits_ask


def test_a_new_subject_in_a_conversation_about_the_readers_stays_on_the_comments():
    history = [("Que pensent les lecteurs de Clubic d'OVH ?", "g-m1n1 le juge sérieux.")]
    assert resolve("Et de la CNIL ?", history, about_comments=about_comments).comments


def test_the_last_answer_s_words_are_recalled_for_the_next_turn():
    history = [("Combien de temps dure l'autorisation d'EMC2 ?", "Trois ans.")]
    assert "Trois" in resolve("Pourquoi si peu ?", history).recalled


def test_english_question_words_map_to_the_kinds_french_ones_do():
    from assistant.questions import analyze_question, question_kind

    assert question_kind("What is the Leviia co-founder asking for about the CNIL decision?",
                         "en") == "said"
    assert question_kind("Where is Bleu in its SecNumCloud process?", "en") == "latest"
    assert question_kind("Where is the EMC2 data stored?", "en") == "place"
    assert question_kind("What were EMC2's 4 points of non-compliance?", "en") == "list"
    assert question_kind("On what grounds did he reject it?", "en") == "why"
    analysis = analyze_question("Which HDS framework is in force, and since when does it apply?",
                                "en", lambda s: 1.0, lambda s: True)
    assert len(analysis.parts) == 2


def test_a_judgement_several_readers_share_ranks_first_for_the_general_mood():
    from assistant import opinions
    from core.text import analyze

    readers = [("a", frozenset(analyze("une honte en termes de souveraineté"))),
               ("b", frozenset(analyze("quelle honte de confier des données"))),
               ("c", frozenset(analyze("c'est une honte"))),
               ("d", frozenset(analyze("OVH me semble un fournisseur sérieux")))]
    shared = opinions.shared_judgements(readers)
    assert shared(readers[0][1]) == 1.0 and shared(readers[3][1]) == 0.0
    assert opinions.strength("Quelle honte !", readers[1][1]) > opinions.strength(
        "Les données sont hébergées en France.", frozenset(analyze("données hébergées France")))
    assert opinions.is_question("Avez vous le lien « opt-out » ?")
    assert {"reag", "pens"} & opinions.frame_stems()


def test_a_question_asking_who_is_for_reads_praise_not_blame():
    from assistant import opinions
    from core.text import analyze

    assert opinions.stance("Y a-t-il des lecteurs qui défendent le choix de Microsoft ?") == "+"
    assert opinions.stance("Which readers are against the decision?") == "-"
    assert opinions.stance("Les lecteurs sont-ils pour ou contre ?") == ""
    praise = "j'ai envie de dire « bien fait pour les acteurs du cloud français »"
    assert opinions.leaning(praise, frozenset(analyze(praise))) > 0
    denied = "si ce n'était pas Microsoft, ce serait AWS et ce ne serait pas mieux"
    assert opinions.leaning(denied, frozenset(analyze(denied))) <= 0
    blame = "quelle honte de confier des données sensibles à un pays extérieur"
    assert opinions.leaning(blame, frozenset(analyze(blame))) < 0


def test_english_names_and_phrasal_verbs_read_as_the_french_documents_write_them():
    from assistant.questions import analyze_question, question_kind

    analysis = analyze_question("Why did the EU Court of Justice bring down the Privacy Shield?",
                                "en", lambda s: 1.0, lambda s: True)
    assert "UE" in analysis.entities and "invalider" in analysis.search_text
    dated = analyze_question("What did the judge rule in March 2024 about US law?", "en",
                             lambda s: 1.0, lambda s: True)
    assert "mars" in dated.entities and "US" not in dated.entities
    assert question_kind("The Data Privacy Framework, what does it amount to?", "en") == "definition"
    assert question_kind("Latombe's challenge, where is it at?", "en") == "latest"


def test_a_possessive_points_to_the_name_the_last_answer_gave():
    history = [("Who filed for annulment of the CNIL's EMC2 decision?", "ISOC France.")]
    assert "ISOC" in resolve("Who was their lawyer?", history).topic
    asked_when = [("When was the EMC2 deliberation adopted?", "On 21 December 2023, by the CNIL.")]
    assert "CNIL" not in resolve("Who was its rapporteur?", asked_when).topic


def test_words_that_only_asked_a_figure_are_not_carried():
    history = [("How much was the interim solution tender worth?", "6.2 million euros.")]
    assert "worth" not in resolve("Why was it dropped?", history).topic


def test_a_french_word_matches_its_usual_synonym_not_a_homograph():
    from assistant.language import french_synonyms

    assert "cryptées" in french_synonyms("chiffrement")
    assert "chiffrer" in french_synonyms("cryptées")
    assert french_synonyms("chiffre") == ""  # a figure, not « chiffré »


def test_what_happened_next_is_asked_only_by_a_turn_without_an_ask_of_its_own():
    from assistant.composer import asks_next

    assert asks_next("Et ensuite ?") and asks_next("Il a fait quoi ensuite ?")
    assert asks_next("What happened next?")
    assert not asks_next("Qui a été retenu ensuite ?")
    assert not asks_next("Quand la CNIL a-t-elle statué ?")


def test_a_subject_written_in_lower_case_lends_its_words():
    history = [("c quoi le collectif santénathon", "Un collectif de 18 organisations.")]
    assert "santénathon" in resolve("ok et le conseil d'etat a dit quoi ?", history).topic


def test_a_new_name_with_one_word_of_its_own_speaks_about_the_conversation_s_subject():
    history = [("Qui a attaqué la délibération EMC2 ?", "L'ISOC France, puis Clever Cloud.")]
    topic = resolve("Et le Conseil d'État a décidé quoi ?", history).topic
    assert "délibération" in topic and "EMC2" in topic
    keys = [("How did the Health Data Hub say its encryption keys were handled?", "In HSMs.")]
    assert "encryption" in resolve("And what was the CNIL's take?", keys).topic


def test_some_of_a_set_named_earlier_points_back():
    history = [("Les commentateurs sont tous contre la décision ?", "Non, pas tous.")]
    assert "commentateurs" in resolve("Y en a qui défendent Microsoft ?", history).topic
    tender = [("Who won the EMA tender?", "The Health Data Hub.")]
    assert resolve("Did any of them object?", tender).elliptic


def test_for_how_much_asks_a_price():
    from assistant.questions import question_kind
    assert question_kind("For how much?", "en") == "money"
    assert question_kind("For how much longer?", "en") != "money"


def test_court_is_the_conseil_d_etat_for_a_french_act_and_the_eu_courts_for_the_dpf():
    from assistant.language import french_equivalents_about

    assert "Conseil" in french_equivalents_about(
        "court", "who challenged it in court? cnil deliberation emc2")
    assert "tribunal" in french_equivalents_about(
        "courts", "did latombe take the data privacy framework to court?")
    # a name ("Data Protection Review Court") and other words keep the glossary's
    assert french_equivalents_about("Court", "cnil") == ""
    assert french_equivalents_about("judge", "cnil") == ""


def test_taking_a_side_asked_with_some_or_anyone_is_still_the_readers_stance():
    from assistant import opinions
    from core.text import analyze

    assert opinions.stance("Est-ce que certains lecteurs prennent la défense de Microsoft ?") == "+"
    frame = opinions.frame_stems()
    for word in ("certains", "anyone", "prennent", "défense"):
        assert set(analyze(word)) <= frame, word


def test_spoken_short_forms_and_phrasal_verbs_of_the_obvious_questions():
    from assistant.language import french_synonyms, phrasal_equivalents
    from assistant.questions import analyze_question, question_kind

    assert "délibération" in french_synonyms("délib")
    assert any("délivrer" in french for _, french in phrasal_equivalents(
        "Who hands out the SecNumCloud label?"))
    # « ça prend combien de temps » is time taken, not « prendre » (chosen)
    taken = analyze_question("Ça prend combien de temps d'obtenir SecNumCloud ?", "fr",
                             lambda s: 1.0, lambda s: True)
    assert "choix" not in taken.search_text and taken.kind == "duration"
    # « combien d'années » asks how long, "at the latest" asks a deadline, not the newest state
    assert question_kind("Combien d'années dure l'autorisation ?") == "duration"
    assert question_kind("When does it kick in at the latest?", "en") == "when"
    assert question_kind("Il y en a une plus récente ?") == "latest"


def test_which_ones_asks_for_what_the_last_answer_counted():
    history = [("Il est alimenté par quoi, EMC2 ?",
                "Par les données de quatre établissements de santé partenaires.")]
    topic = resolve("Lesquels ?", history).topic
    assert "établissements" in topic and "alimenté" not in topic
    assert "établissements" not in resolve("Pourquoi ?", history).topic


def test_a_place_asked_among_countries_and_a_version_s_novelties_are_not_the_latest_news():
    from assistant.questions import question_kind

    assert question_kind("Where are the EMC2 data held: in the US, in Ireland or in France?",
                         "en") == "place"
    assert question_kind("Where is Bleu in the SecNumCloud process?", "en") == "latest"
    assert question_kind("What's new in SecNumCloud 3.2?", "en") != "latest"


def test_who_else_asks_for_readers_the_conversation_has_not_named():
    from assistant import readers

    assert readers.asks_others("Who else wants out?")
    assert readers.asks_others("Qui d'autre veut sortir ?")
    assert not readers.asks_others("What else did he say?")


def test_what_a_court_said_is_what_it_ruled():
    from assistant.questions import question_kind

    assert question_kind("Et le juge a dit quoi ?") == "outcome"
    assert question_kind("What did the court say?", "en") == "outcome"
    assert question_kind("What did the judge say about encryption?", "en") == "said"
    assert question_kind("Qu'a dit la CNIL ?") == "said"


def test_what_a_court_said_at_a_time_is_what_it_ruled():
    from assistant.questions import question_kind

    assert question_kind("Le Conseil d'État a dit quoi en mars 2024 ?") == "outcome"
    assert question_kind("What did the court say in November 2024?", "en") == "outcome"
    assert question_kind("Le juge a dit quoi sur le chiffrement ?") != "outcome"


def test_the_second_one_after_a_first_of_a_series_reads_as_the_second():
    history = [("What did the Schrems I judgment invalidate?", "The Safe Harbor.")]
    resolution = resolve("And the second one: when was it handed down?", history)
    assert resolution.question.startswith("And Schrems II"), resolution.question
    assert "II" in resolution.topic and "second" not in resolution.search


def test_in_the_end_asks_how_it_ended_not_the_previous_ask():
    history = [("Who challenged the EMC2 deliberation?", "ISOC France, on 9 February 2024.")]
    assert not resolve("And in the end?", history).inherits_ask


def test_what_became_of_a_tender_asks_its_fate_not_a_ruling():
    from assistant.followup import asks_fate
    history = [("Il y a eu un appel d'offres en 2025 pour remplacer Microsoft au HDH ?", "Oui.")]
    resolution = resolve("Et ça a donné quoi ?", history)
    assert "renoncé" in resolution.topic and asks_fate(resolution.search)
    court = [("Qui a attaqué la délibération EMC2 ?", "ISOC France.")]
    assert not asks_fate(resolve("Et ça a donné quoi ?", court).search)


def test_who_else_asks_the_last_turn_again_about_others():
    history = [("What do Clubic readers think of the decision?", "Mostly angry."),
               ("Anyone asking for an opt-out?", "Yes, kroman asks for the opt-out link.")]
    assert "opt-out" in resolve("Who else wants out?", history).topic
