"""What a loosely worded question asks, and which of its words are only its frame."""

from __future__ import annotations

import pytest

from assistant.questions import analyze_question, question_kind


def _terms(question: str, language: str = "fr") -> set[str]:
    analysis = analyze_question(question, language, lambda term: 1.0, lambda term: True)
    return {stem for part in analysis.parts for c in part.concepts for stem in c.stems}


@pytest.mark.parametrize("question, absent", [
    ("AITD ça veut dire quoi ?", {"veut", "dir"}),
    ("emc2 cest quoi au juste ?", {"cest", "just"}),
    ("c koi secnumcloud exactement", {"koi"}),
    ("Comment s'appelle le dirigeant de Leviia ?", {"appel", "appele"}),
    ("schrems 2 c'etait quand deja ?", {"deja"}),
    ("Why was the CLOUD Act adopted in the first place?", {"first", "place"}),
    ("Sales engineer here: until when is the S3NS qualification valid?", {"sal", "engine"}),
    # what readers say is what they wrote
    ("les lecteurs de clubic disent quoi de la cnil ?", {"disent", "lecteur"}),
])
def test_the_spoken_frame_is_not_a_term(question, absent):
    terms = _terms(question, "en" if question.startswith(("Why", "Sales")) else "fr")
    assert not terms & absent
    assert terms  # what the question is about stays


@pytest.mark.parametrize("question, kind", [
    ("les serveurs d emc2 ils sont ou physiquement ?", "place"),
    ("physiquement les donnees d'emc2 sont stockees ou ?", "place"),
    ("ou en est le recours de latombe contre le DPF ?", "latest"),
    ("Le recours de Latombe, ça en est où ?", "latest"),
    ("les donnees d'emc2 c anonyme ou pas", "yes_no"),
    # where it stands now
    ("Bleu, c'est qualifié secnumcloud maintenant ou toujours pas ?", "latest"),
    ("Is Bleu SecNumCloud qualified yet?", "latest"),
    ("Bleu a fini par avoir SecNumCloud ?", "latest"),  # asked without inversion
    ("Et elle l'a eu, SecNumCloud ?", "latest"),
    # a thing's number or name is asked, not what the thing is
    ("What's the deliberation number?", "other"),
    ("C'est quoi le numéro de la délibération ?", "other"),
    ("What does the name EMC2 stand for?", "definition"),
    ("wich kinds of cloud services can get secnumcloud qualified?", "yes_no"),  # what can be
    # a role that is the question's subject: what it said, not who it is
    ("Que constatait le ministre de la Santé dans son courrier du 15 février 2023 ?", "said"),
    ("Qu'a expliqué Stéphanie Combes aux députés sur les clés ?", "said"),
    ("What did Leviia's co-founder call for regarding the CNIL decision?", "said"),
    # a which-word asking for a role: who
    ("Quel avocat défendait ISOC France ?", "who"),
    ("Which Conseil d'État judge turned down the request in March 2024?", "who"),
    ("Which health minister wrote to the CNIL president?", "who"),
    ("Comment s'appelle le dirigeant de Leviia qui s'insurge ?", "who"),
    # a role after an auxiliary is the subject: what it did, not who it is
    ("What did the judge order the Health Data Hub to do?", "other"),
    # a past tense of « coûter » asks an amount
    ("et ça coûtait combien ?", "money"),
    # a purpose, a motive, grounds: why
    ("What was the point of capping the CNIL authorisation at three years?", "why"),
    ("Qu'est-ce qui motive les « regrets » de la CNIL ?", "why"),
    ("What grounds did the Conseil d'État rely on in November 2024?", "why"),
])
def test_question_kinds_of_loose_wordings(question, kind):
    assert question_kind(question, "en" if question.startswith(("What", "Which")) else "fr") \
        == kind


def test_a_colloquial_boss_is_the_documents_head():
    from assistant.language import french_synonyms

    assert "directeur" in french_synonyms("patron")


def test_the_united_states_qualify_rather_than_name_in_french_too():
    analysis = analyze_question("Pourquoi un fournisseur basé aux États-Unis ne peut plus obtenir "
                                "SecNumCloud ?", "fr", lambda term: 1.0, lambda term: True)
    assert "SecNumCloud" in analysis.entities
    assert "États-Unis" not in analysis.entities


@pytest.mark.parametrize("question, terms", [
    ("quelle diff entre HDS et SecNumCloud ?", ("HDS", "SecNumCloud")),
    ("Quelle différence entre la certification HDS et la qualification SecNumCloud ?",
     ("la certification HDS", "la qualification SecNumCloud")),
    ("HDS et SecNumCloud c'est pareil ou pas ?", ("HDS", "SecNumCloud")),
    # the point compared goes with each thing
    ("How do S3NS and Bleu compare on SecNumCloud status?",
     ("S3NS SecNumCloud status", "Bleu SecNumCloud status")),
    ("Qui a saisi le Conseil d'État et quand ?", ()),
    ("En quoi Bleu et S3NS se distinguent ?", ("Bleu", "S3NS")),
    ("In what ways do Bleu and S3NS differ?", ("Bleu", "S3NS")),
    # one thing defined, then set against another
    ("Quick one: what is HDS certification, and is it the same thing as SecNumCloud?",
     ("HDS certification", "SecNumCloud")),
    ("What's HDS certification - same thing as SecNumCloud?", ("HDS certification", "SecNumCloud")),
    ("HDS ca veut dire quoi ? c'est la meme chose que secnumcloud ou pas du tout ?",
     ("HDS", "secnumcloud")),
    ("c'est la même chose que l'an dernier ?", ()),
])
def test_two_things_to_tell_apart(question, terms):
    from assistant.questions import compared_terms

    assert compared_terms(question) == terms


def test_a_comparison_asks_what_each_thing_is():
    analysis = analyze_question("Quelle différence entre la certification HDS et la "
                                "qualification SecNumCloud ?", "fr", lambda term: 1.0,
                                lambda term: True)
    assert [p.kind for p in analysis.parts] == ["definition", "definition"]


@pytest.mark.parametrize("question, language", [
    # a quoted French phrase does not make an English question French
    ("Who actually owns Bleu, the 'cloud de confiance' built on Azure?", "en"),
    ("Que veut dire « Clarifying Lawful Overseas Use of Data Act » ?", "fr"),
    # a tie goes to the language of the opening word
    ("Does the March 2026 decree on health data hosts impose SecNumCloud requirements?", "en"),
    ("on what question?", "en"),
    ("l'entrepôt qu'il héberge est où ?", "fr"),
    # terse English: the English-only nouns and participles decide
    ("Schrems I ruling date?", "en"),
    ("Bleu owners?", "en"),
    ("le host de emc2 c qui", "fr"),
])
def test_the_asker_s_language_not_the_quoted_one(question, language):
    from assistant.language import detect

    assert detect(question) == language


def test_names_of_the_question():
    from assistant.questions import _entities

    # an English possessive is no part of the name
    assert _entities("Who made public the HDH's withdrawal in 2022?", "en") == ("HDH", "2022")
    # the United States qualify in English too
    assert _entities("Could data be transferred to the United States or the US?", "en") == ()
    # the first word of a second sentence is capitalised as any first word
    assert _entities("D'où vient ce chiffre ? Ça concerne EMC2 ?", "fr") == ("EMC2",)


@pytest.mark.parametrize("question, language, types", [
    ("Qu'exigeait l'appel d'offres « solution intercalaire » lancé à l'été 2025 et pour quel "
     "montant ?", "fr", ["", "money"]),
    ("What did the interim solution tender require from bidders, and how much was it worth?",
     "en", ["entity", "money"]),
    # a second part asking about something of its own is not a figure of the first: it is
    # its own question, about what the first names (« it »: Leviia)
    ("When was Leviia founded and how many customers does it have?", "en", ["date", "count"]),
])
def test_a_short_second_part_asking_a_figure_asks_it_of_the_first(question, language, types):
    analysis = analyze_question(question, language, lambda term: 1.0, lambda term: True)
    assert [p.answer_type for p in analysis.parts] == types
    first, second = analysis.parts
    if "Leviia" in question:
        assert "levii" in {s for c in second.concepts for s in c.stems}
        assert not set(first.concepts) <= set(second.concepts)
    else:  # what the figure is of: the first part's words
        assert set(first.concepts) <= set(second.concepts)


@pytest.mark.parametrize("question, spelt, kind", [
    ("qd est-ce que le HDH a signé avec Microsoft ?", "quand est-ce que", "when"),
    ("cb d'hopitaux alimentent EMC2 ?", "combien d'hopitaux", "count"),
    ("la procedure ca prend cb de temps ?", "combien de temps", "duration"),
    ("pkoi la cnil a dit oui ?", "pourquoi la cnil", "why"),
    ("La CB de mon hôpital est refusée", "La CB de", None),  # no question word texted
])
def test_texted_question_words_are_spelt_out(question, spelt, kind):
    from assistant.language import spelt_out

    assert spelt in spelt_out(question)
    if kind:
        assert question_kind(spelt_out(question)) == kind


def test_an_acknowledgement_opening_a_turn_is_not_a_term():
    assert not _terms("ok et qui a autorisé EMC2 ?") & {"ok"}
    assert not _terms("okay so who approved it?", "en") & {"okay"}
