"""answer() against the shipped corpus and the real model: facts, citations, abstention."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from assistant import Answer, answer
from assistant.answering import stream_answer
from assistant.evaluation import normalize
from core.errors import QuestionError
from index.loading import load_document

MARKER = re.compile(r"\[(\d+)\]")


def check_citations(result: Answer, settings) -> None:
    """Markers point at citations; citations quote their source document exactly."""
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    markers = {int(n) for n in MARKER.findall(result.text)}
    assert markers <= {c.n for c in result.citations}
    for c in result.citations:
        document = load_document(settings.corpus_dir / c.doc_id, c.doc_id)
        assert document.text[c.start:c.end] == c.text
        assert c.document_url == document.source_url
        # The link is the source of the passage's block (fiches), else the document's own.
        blocks = {b.url for b in document.blocks}
        assert c.source in blocks | {document.source_url or c.doc_id}
        assert c.title == document.title and c.kind == document.kind


@pytest.mark.parametrize(
    ("question", "facts", "framing"),
    [
        ("Pendant combien de temps Microsoft hébergera-t-il les données de santé d'EMC2 ?",
         [["trois ans", "3 ans"]], "D'après les documents indexés"),
        ("Qui était la rapporteure de la délibération CNIL n° 2023-146 ?",
         [["Valérie Peugeot"]], "D'après les documents indexés"),
        ("Quand la loi SREN a-t-elle été promulguée ?",
         [["21 mai 2024"]], "D'après les documents indexés"),
        ("How long will Microsoft host the EMC2 data?",
         [["trois ans", "3 ans"]], "According to the indexed documents"),
        ("Which Microsoft entity hosts the EMC2 health data warehouse?",
         [["Microsoft Ireland"]], "According to the indexed documents"),
        ("When was the US CLOUD Act signed into law?",
         [["23 mars 2018"]], "According to the indexed documents"),
    ],
)
def test_answerable_questions_give_cited_facts(shipped_index, question, facts, framing):
    result = answer(question, settings=shipped_index)
    assert result.answerable is True
    assert result.mode == "extractive"
    if result.lead:  # the answer itself first, then the quoted evidence
        first, evidence = result.text.split("\n", 1)
        assert first == result.lead and MARKER.search(first)
        assert evidence.startswith(framing)
    else:
        assert result.text.startswith(framing)
    for alternatives in facts:
        assert any(normalize(a) in normalize(result.text) for a in alternatives), result.text
    assert MARKER.search(result.text)
    check_citations(result, shipped_index)
    # each quoted sentence stands in the passage its marker points to
    for quote, n in re.findall(r"« (.+?) » \[(\d+)\]", result.text):
        assert quote[:40] in result.citations[int(n) - 1].text.replace("**", "")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("Quelle est la capitale de l'Australie ?", "ne permettent pas de répondre"),
        ("Donne-moi une recette de blanquette de veau.", "ne permettent pas de répondre"),
        # a partial answer: what is missing, then what the documents do say
        ("Quel est le prix mensuel d'une offre SecNumCloud chez OVHcloud ?",
         "ne donnent pas ce chiffre"),
        ("What is the capital of Australia?", "do not answer"),
        ("How much does Microsoft Azure storage cost per terabyte in France?", "do not answer"),
        # an executive asked for: a person, which no sentence names
        ("Which Microsoft executive negotiated the 2020 Health Data Hub contract?",
         "do not"),
    ],
)
def test_unsupported_questions_abstain_with_see_also(shipped_index, question, message):
    result = answer(question, settings=shipped_index)
    assert result.answerable is False
    assert message in result.text
    assert result.citations, "the closest passages are still offered"
    assert "[1]" in result.text  # "see also [1], [2], [3]"
    check_citations(result, shipped_index)


def test_information_the_corpus_says_is_missing_is_not_invented(shipped_index):
    result = answer("Quelle est la durée de conservation des données dans l'entrepôt EMC2 ?",
                    settings=shipped_index)
    assert result.answerable is False
    assert "ne donnent pas cette information" in result.text
    assert "n'a pas été trouvée" in result.text
    check_citations(result, shipped_index)


def test_kinds_filter_and_comments_excluded_by_default(shipped_index):
    default = answer("Que pense la CNIL du choix de Microsoft pour héberger les données ?",
                     settings=shipped_index)
    assert default.citations and all(c.kind != "commentaires" for c in default.citations)

    # a question about the readers' comments reads them, without being told to
    question = "Que pensent les lecteurs du choix de Microsoft pour héberger les données de santé ?"
    readers = answer(question, settings=shipped_index)
    assert readers.citations and {c.kind for c in readers.citations} == {"commentaires"}
    assert "D'après les documents indexés" not in readers.text
    if readers.answerable:  # each opinion says whose it is, and several readers are heard
        authors = re.findall(r"» \(([^()]+)\) \[\d+\]", readers.text)
        assert authors and len(set(authors)) == len(authors)
        assert "Commentaires publiés sous l'article" not in readers.text  # a preamble

    comments = answer(question, kinds=["commentaires"], settings=shipped_index)
    assert comments.citations and {c.kind for c in comments.citations} == {"commentaires"}
    assert "D'après les documents indexés" not in comments.text  # never presented as fact
    if comments.answerable:
        assert comments.text.startswith("Avis de lecteurs (des opinions, pas des faits)")
    check_citations(comments, shipped_index)

    articles = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?",
                      kinds=["article", "anssi"], settings=shipped_index)
    assert articles.citations
    assert {c.kind for c in articles.citations} <= {"article", "anssi"}


def test_comments_asked_for_with_facts_are_labelled_as_opinions(shipped_index):
    result = answer("Que dit-on d'OVH et des clouds français ?",
                    kinds=["commentaires", "article"], settings=shipped_index)
    for sentence, n in re.findall(r"« (.+?) » \[(\d+)\]", result.text):
        citation = result.citations[int(n) - 1]
        if citation.kind == "commentaires":
            before = result.text.split(f"« {sentence}")[0]
            assert "Avis de lecteurs" in before


def test_a_question_about_one_point_reads_the_whole_comments_page(shipped_index):
    # the reader who wrote « chiffrées » is far down the comments retrieved for the question
    result = answer("les lecteurs ils pensent que chiffrer les donnees ca suffit a les proteger ?",
                    settings=shipped_index)
    assert result.answerable is True
    assert "chiffrées" in result.text and "quantique" in result.text
    check_citations(result, shipped_index)


def test_who_among_the_readers_is_the_reader_who_signed(shipped_index):
    result = answer("Qui, parmi les commentateurs, propose de dissoudre la CNIL ?",
                    settings=shipped_index)
    assert result.answerable is True
    assert result.lead.startswith("Laurent_Marandet [")
    assert "dissoudre la CNIL" in result.text
    check_citations(result, shipped_index)


def test_a_reader_named_by_his_signature_is_quoted_without_the_word_readers(shipped_index):
    # « kroman » is a signature on the comments page: the question is about the comments
    result = answer("Qu'est-ce que kroman demande sous l'article ?", settings=shipped_index)
    assert result.answerable is True
    assert "opt-out" in result.text and "(kroman)" in result.text
    assert {c.kind for c in result.citations} == {"commentaires"}
    check_citations(result, shipped_index)


def test_what_readers_said_about_one_point_is_what_they_wrote_about_it(shipped_index):
    result = answer("What did Clubic readers say about OVH in the comments?",
                    settings=shipped_index)
    assert result.answerable is True
    assert "do not give" not in result.text
    assert result.text.count("OVH") >= 2
    # a misspelt "comenters" still means the readers
    misspelt = answer("What did the clubic comenters say about OVH?", settings=shipped_index)
    assert {c.kind for c in misspelt.citations} == {"commentaires"}


def test_follow_up_uses_the_previous_question(shipped_index):
    history = [("Qui héberge les données de l'entrepôt EMC2 ?",
                "D'après les documents indexés : « ... Microsoft Ireland ... » [1]")]
    result = answer("Et pour combien de temps ?", history=history, settings=shipped_index)
    assert result.answerable is True
    assert "trois ans" in normalize(result.text) or "3 ans" in result.text
    assert any(n.startswith("question comprise comme") for n in result.notices)
    check_citations(result, shipped_index)
    # history entries may be lists, and a malformed entry is ignored
    again = answer("Et pour combien de temps ?", history=[42, ("",), [history[0][0], "x"]],
                   settings=shipped_index)
    assert again.text == result.text


def test_follow_up_asking_the_outcome_quotes_that_case_s_ruling(shipped_index):
    history = [("Quand l'arrêt Schrems I a-t-il été rendu ?", "Le 6 octobre 2015, par la CJUE.")]
    result = answer("Et l'issue de cette affaire ?", history=history, settings=shipped_index)
    assert result.answerable is True
    assert "Safe Harbor" in result.text and "invalidé" in result.text
    assert "Privacy Shield" not in result.text  # another case's outcome
    check_citations(result, shipped_index)


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", None])
def test_empty_question_is_refused_before_any_search(tmp_settings, tmp_path, question):
    settings = tmp_settings(tmp_path / "no-corpus-here")  # a search would fail on this
    with pytest.raises(QuestionError) as error:
        answer(question, settings=settings)
    assert "Question vide" in str(error.value) and "Empty question" in str(error.value)
    with pytest.raises(QuestionError):
        stream_answer(question, settings=settings)


def test_long_question_is_cut_with_a_notice(shipped_index):
    question = "Pendant combien de temps Microsoft hébergera-t-il les données ? " + "bla " * 800
    result = answer(question, settings=shipped_index)
    assert len(result.question) <= 2000
    assert "question tronquée à 2000 caractères" in " ".join(result.notices)
    check_citations(result, shipped_index)


@pytest.mark.parametrize("question",
                         ["数据存储在哪里？🙂", "أين تخزن البيانات؟", "¿¿??", "\x00EMC2\x00"])
def test_any_character_set_works(shipped_index, question):
    result = answer(question, settings=shipped_index)
    assert isinstance(result.text, str) and result.text
    check_citations(result, shipped_index)


def test_no_five_chunks_of_one_document(shipped_index):
    result = answer("Que dit la délibération n° 2023-146 de la CNIL ?", settings=shipped_index)
    counts = Counter(c.doc_id for c in result.citations)
    assert len(result.citations) == 5
    assert max(counts.values()) <= 3 and len(counts) >= 2


def test_k_sets_the_number_of_citations(shipped_index):
    assert len(answer("Qu'est-ce que SecNumCloud ?", k=2, settings=shipped_index).citations) == 2
    assert len(answer("Qu'est-ce que SecNumCloud ?", k=8, settings=shipped_index).citations) == 8


def test_stream_yields_text_then_the_answer(shipped_index):
    items = list(stream_answer("Qui a autorisé l'entrepôt EMC2 ?", settings=shipped_index))
    final = items[-1]
    assert isinstance(final, Answer)
    assert all(isinstance(item, str) for item in items[:-1]) and len(items) > 2
    assert "".join(items[:-1]) == final.text
    assert final == answer("Qui a autorisé l'entrepôt EMC2 ?", settings=shipped_index)


def test_to_dict_is_the_json_shape(shipped_index):
    data = answer("Qu'est-ce que SecNumCloud ?", k=3, settings=shipped_index).to_dict()
    assert set(data) == {"question", "answer", "lead", "answerable", "mode", "citations",
                         "notices"}
    assert set(data["citations"][0]) == {"n", "title", "kind", "date", "source", "locator",
                                         "text", "score", "doc_id", "nature", "nature_label",
                                         "updated", "source_label", "source_url", "publisher",
                                         "document_url"}


@pytest.mark.slow
def test_first_answer_builds_the_index_and_later_ones_follow_reindexing(make_corpus,
                                                                        tmp_settings):
    from index.rebuild import run_index

    corpus = make_corpus({
        "notes/emc2.md": "---\ntitle: Note EMC2\nkind: fiche\n---\n\n# Note\n\n"
                         "L'entrepôt EMC2 est hébergé par Microsoft Ireland pour trois ans.\n",
    })
    settings = tmp_settings(corpus)
    first = answer("Qui héberge l'entrepôt EMC2 ?", settings=settings)
    assert first.answerable and "Microsoft Ireland" in first.text
    assert (settings.index_dir / "manifest.json").is_file()

    (corpus / "notes" / "bleu.md").write_text(
        "---\ntitle: Note Bleu\nkind: fiche\n---\n\n# Bleu\n\n"
        "La société Bleu est détenue par Orange et Capgemini depuis sa création.\n",
        encoding="utf-8",
    )
    run_index(settings)  # as `souverain index` would, from another process
    second = answer("Qui détient la société Bleu ?", settings=settings)
    assert second.answerable and "Orange et Capgemini" in second.text
    assert second.citations[0].doc_id == "notes/bleu.md"

    run_index(settings, rebuild=True)  # a new collection and lexical index: followed too
    third = answer("Qui détient la société Bleu ?", settings=settings)
    assert third.answerable and "Orange et Capgemini" in third.text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # the asked role, not the organisation that sets the scene (« La CNIL a limité
        # l'autorisation d'héberger l'entrepôt EMC2 chez Microsoft »)
        ("Qui héberge EMC2 ?", "Microsoft"),
        ("Qui a révélé la lettre d'Olivier Véran ?", "Mediapart"),  # « révélée par Mediapart »
        # « à la présidente de la CNIL » names to whom, not the person asked
        ("Qui a révélé la lettre d'Olivier Véran à la présidente de la CNIL ?", "Mediapart"),
        # names coordinated with the one asked fill the role too; an apposition does not
        ("Qui a présenté la stratégie nationale pour le cloud ?",
         "Bruno Le Maire, Cédric O et Amélie de Montchalin ["),
        ("Who owns Bleu?", "Orange and Capgemini ["),
        # who is behind a company: who owns or controls it
        ("C'est qui derrière S3NS ?", "Thales ["),
        ("Who is behind Bleu?", "Orange and Capgemini ["),
        # the reader whose quoted opinion holds what is asked, not the first quoted
        ("ya un lecteur sur clubic qui veut carrement dissoudre la cnil, c'est qui deja ?",
         "Laurent_Marandet ["),
        ("y'a un lecteur qui tacle OVH a cause de l'incendie, c qui ?", "jvachez ["),
        # a scene before the colon asks nothing (« quand » after it joins a clause)
        ("Pour un papier : qui présidait la CNIL quand Olivier Véran lui a écrit en novembre "
         "2020 ?", "Marie-Laure Denis ["),
        # « le cofondateur de Leviia, entreprise française du stockage …, William Méauzoone »
        ("c'est qui le mec de leviia qui pousse un coup de gueule dans l'article de clubic ?",
         "William Méauzoone ["),
        # texted question words ask what they stand for, not yes or no
        ("qd est-ce que le health data hub a signé son contrat avec microsoft ?", "avril 2020 ["),
        # a body's name the parser cut short is given whole
        ("Qui est juridiquement le responsable de traitement de l'entrepôt EMC2 ?",
         "GIP Plateforme des données de santé ["),
        # a name the question gives misspelt is not the one asked
        ("qui a autorisé microsft a heberger les donnees de santé des francais ?", "CNIL ["),
        ("cb d'hopitaux alimentent l'entrepot EMC2 ?", "quatre"),
        # « pays » are countries, not "pays": a count, not an amount
        # two counts asked at once, told in one sentence
        ("Combien de partenaires et de pays dans le consortium HealthData@EU ?",
         "16 partenaires de 10 pays ["),
        # how the month is narrowed (« Fin décembre 2021 »)
        ("Quand le HDH a-t-il retiré sa demande d'autorisation pour la base principale du "
         "SNDS ?", "Fin décembre 2021 ["),
        # every day given with the month (« les 5, 15, 18 et 19 mars 2024 »)
        ("Quand la requête et les mémoires du référé-suspension contre EMC2 ont-ils été "
         "enregistrés ?", "5, 15, 18 et 19 mars 2024 ["),
        ("À qui Olivier Véran a-t-il écrit le 19 novembre 2020 ?", "Marie-Laure Denis ["),
        # « la demande d'autorisation par le GIP »: who asked, not who authorised
        ("Qui a autorisé l'hébergement d'EMC2 chez Microsoft ?", "CNIL"),
        # yes / no: the clause about what is asked decides
        ("Microsoft Ireland a-t-elle la certification hébergeur de données de santé ?", "Oui"),
        ("Microsoft Ireland, l'hébergeur d'EMC2, détient-elle la certification HDS et la "
         "qualification SecNumCloud ?", "Non"),
        ("Did the Conseil d'État suspend the Health Data Hub in October 2020?", "No"),
        ("Les données d'EMC2 sont-elles anonymisées ?", "Non"),
        # « hébergées sur le territoire français »: elsewhere than asked
        ("les données EMC2 sont stockées aux USA du coup ?", "Non"),
        # the sentence about what is asked of the names decides, not the one holding the names
        # (« conclut à l'absence d'atteinte disproportionnée à la vie privée »)
        ("Did the Conseil d'État find that hosting EMC2 at Microsoft was a disproportionate "
         "breach of privacy?", "No"),
        # a request turned down answers whether it was granted (« a rejeté au fond les
        # recours » holds « annulation »: not a yes)
        ("Did the Conseil d'État annul the CNIL's EMC2 authorisation?", "No"),
        ("Le Conseil d'État a-t-il annulé l'autorisation EMC2 de la CNIL ?", "Non"),
        # a claim put to the test: the sentence saying it is wrong decides
        ("Is it true that Microsoft will store all of France's health data, as Clubic's "
         "headline claims?", "No"),
        # a body the best sentence names is not displaced by a person named in a weaker one
        ("Qui délivre la qualification SecNumCloud ?", "ANSSI"),
        # a name in guillemets is given with both (not « GIP « Plateforme … santé »)
        ("Qui a demandé l'autorisation d'EMC2 à la CNIL ?",
         "GIP « Plateforme des données de santé » ["),
        # « attaquer » is told by « recours » (the lead named the GIP that asked the CNIL)
        ("Qui a attaqué la délibération EMC2 ?", "ISOC France"),
        # a body described, not named, is the one the documents name
        ("When did the French data protection authority adopt the decision authorising the "
         "EMC2 warehouse?", "21 décembre 2023"),
    ],
)
def test_the_lead_names_what_is_asked(shipped_index, question, lead):
    result = answer(question, settings=shipped_index)
    assert result.lead.startswith(lead), result.text


def test_no_yes_is_read_off_a_sentence_about_none_the_question_names(shipped_index):
    # « des données techniques d'usage … pourraient être transférées … aux États-Unis » is
    # about no EMC2 health record: no "Yes" (the health data stay in France)
    result = answer("Are the EMC2 health data stored in the United States?", settings=shipped_index)
    assert not result.lead.startswith("Yes"), result.text


def test_no_lead_gives_a_few_of_a_longer_list(shipped_index):
    # « Clever Cloud, Nexedi, Rapid.Space International, … et le CNLL »: the quote gives all
    result = answer("Qui étaient les requérants du référé-suspension contre EMC2 ?",
                    settings=shipped_index)
    assert result.answerable and not result.lead, result.text
    assert "Conseil national du logiciel libre" in result.text


@pytest.mark.parametrize(
    ("question", "history", "facts"),
    [
        # the scene the asker sets before a colon names nothing the answer must hold (« CHU »)
        ("On héberge des données issues du SNDS dans notre CHU : jusqu'à quand les systèmes "
         "existants ont-ils pour se conformer au nouveau référentiel de sécurité du SNDS ?", [],
         [["8 mai 2026"]]),
        # what the asker tells of the subject between commas is not what the answer holds
        ("NumSpot, l'un des trois hébergeurs consultés en 2023 pour le Health Data Hub, "
         "est-il désormais qualifié SecNumCloud ?", [], [["3395"]]),
        # « à quelles dates » asks for several
        ("À quelles dates la requête et les mémoires du référé-suspension contre EMC2 ont-ils "
         "été enregistrés ?", [], [["5, 15, 18 et 19 mars 2024"]]),
        # « il raconte quoi d'autre ? »: the rest of the comment the best sentence is from
        ("Un lecteur dit que le chiffrement sera cassé par le quantique : c'est qui et il "
         "raconte quoi d'autre ?", [], [["65root"], ["gmail"]]),
        # a reader's word in another form (« dissolution » / « dissoudre »)
        ("Quels commentateurs s'en prennent à la CNIL, jusqu'à parler de dissolution ?", [],
         [["Laurent_Marandet"]]),
        # the latest state: the passages stating the newest dates, and the rest of the best
        # one's section, are read first (not the 2019 choice of Microsoft)
        ("Où en est aujourd'hui la sortie du Health Data Hub de Microsoft Azure ?", [],
         [["UGAP", "Nuage public"]]),
        # the counted noun in other words, learned from the fitted questions (« hôpitaux » /
        # « établissements »); the lead gives the figure that counts it
        ("combien d'hopitaux alimentent l'entrepot EMC2 ?", [], [["quatre"]]),
        # « Quels pays » carried from the turn before does not make a price of the count
        ("Et ce schéma, il prévoyait combien de niveaux ?",
         [("C'est quoi l'EUCS ?", "Un projet de schéma européen de certification du cloud."),
          ("Quels pays soutenaient la France sur les exigences de souveraineté ?",
           "L'Italie et l'Espagne.")],
         [["basique"], ["substantiel"]]),
        # « a-t-il déclaré le 6 janvier »: the pronoun speaks (the person of the turn before),
        # the date is when
        ("Et qu'a-t-il déclaré le 6 janvier 2026 ?",
         [("Qui est Vincent Strubel ?", "Le directeur général de l'ANSSI.")],
         [["ni une décision arbitraire"]]),
        # what she added (« Elle a ajouté que … ») is part of what she said
        ("Qu'a expliqué Stéphanie Combes aux députés en février 2021 sur la gestion des clés "
         "de chiffrement ?", [], [["clés maîtresses"], ["révoquer"]]),
        # a sentence opening on « Selon la CNIL, … ces exigences » goes on with the one before
        ("pk la cnil a dit oui a microsoft alors qu'elle prefere le souverain ??", [],
         [["délai compatible"]]),
        # two things to tell apart: what each one is
        ("quelle diff entre HDS et SecNumCloud ?", [], [["L. 1111-8"], ["ANSSI"]]),
        # the acronym of the asked subject is held written out (« le Health Data Hub »)
        ("quand est-ce que le HDH a signé son contrat avec la filiale irlandaise de Microsoft ?",
         [], [["avril 2020"]]),
        # the sentence spelling an acronym out defines it, however loose the question
        ("l'AITD c'est quoi ce truc ?", [], [["analyse d'impact des transferts"]]),
        # the comments page's own preamble says what it holds
        ("Combien de commentaires Clubic sont repris, et lequel a été écarté ?", [],
         [["29"], ["LeChien"]]),
        # the documents' word for comments received (« 450 observations »)
        ("How many comments did ANSSI receive on SecNumCloud 3.2?", [], [["450"]]),
        # why a ruling was made: the account of that ruling that goes on with its grounds
        ("pour quel motif ?",
         [("le juge des référés a rejeté la suspension d'EMC2 en mars 2024 ?",
           "Oui, le 22 mars 2024, par l'ordonnance n° 492369.")],
         [["urgence"], ["hypothétique"]]),
        # « remplacé » / « a succédé à »
        ("Et il a remplacé quel organisme ?",
         [("C'est quoi le Health Data Hub ?", "La Plateforme des données de santé, un GIP.")],
         [["INDS"]]),
        # "what did the judge order": what the judge did, not who the judge is
        ("And what did the judge order the HDH to do?",
         [("What did the Conseil d'État decide in October 2020?",
           "The interim relief judge (order no. 444937) refused to suspend the Health Data Hub.")],
         [["15 jours"]]),
        # « Et nous parlons bien de … » goes on with the quotation before it
        ("Qu'est-ce qui met autant en colère l'entreprise Leviia dans cette affaire ?", [],
         [["pas capable"]]),
        # a way of doing, asked loosely about a named place: the sentence naming it is judged
        ("Je suis suivi au Centre Léon Bérard, comment je fais pour m'opposer à l'utilisation "
         "de mes données ?", [], [["dpd@lyon.unicancer.fr"]]),
        # refusing, withdrawing one's data: the readers' « opt-out »
        ("des lecteurs demandent comment refuser que leurs données soient dedans ?", [],
         [["opt-out"]]),
        # « le JO »: the Journal officiel
        ("la délib CNIL sur EMC2, elle est sortie au JO quand ?", [], [["31 janvier 2024"]]),
        # an English question quoting a French phrase is answered in English
        ("Who actually owns Bleu, the 'cloud de confiance' built on Azure?", [],
         [["Orange"], ["Capgemini"], ["According to the indexed documents"]]),
        # when an opinion was given asks a date, not the opinion's content
        ("Quand la CNIL a-t-elle rendu son avis favorable sur le nouveau référentiel HDS ?", [],
         [["13 juillet 2023"]]),
        # an English possessive is no part of the name ("the HDH's" is the HDH)
        ("who made public the HDH's withdrawal of its CNIL authorisation request in jan 2022?",
         [], [["InterHop"]]),
        # a call for comments is no readers' page
        ("When did ANSSI open the public call for comments on SecNumCloud 3.2.a, and until "
         "when could comments be sent?", [], [["15 octobre 2021"], ["15 novembre 2021"]]),
        # a ruling goes on with what the judge found
        ("On what basis did the Conseil d'État's emergency judge turn down the request to "
         "suspend the CNIL authorisation in March 2024?", [], [["urgence"], ["hypothétique"]]),
        # a speaker named by an abbreviated role (« le DG de l'ANSSI »)
        ("Qu'a dit le DG de l'ANSSI devant la commission d'enquête du Sénat sur Bleu et S3NS ?",
         [], [["aucun obstacle réglementaire"]]),
        # the case named in the sentence after the ruling (« … juge ensemble la requête … de
        # l'ISOC France »)
        ("le recours de l'ISOC contre la délib EMC2 il a donné quoi finalement ?", [],
         [["rejeté au fond"]]),
        # a reason kept with the names the question gives (Philippe Latombe), not traded for a
        # better-shaped sentence about someone else
        ("Pourquoi Philippe Latombe estimait-il que la doctrine « cloud au centre » ne "
         "s'appliquait pas aux données du Health Data Hub ?", [], [["hors du champ"]]),
        # « HDH-Microsoft » joins two names, each named in the passage
        ("Quelle association a saisi le Parquet national financier à propos du contrat "
         "HDH-Microsoft ?", [], [["Anticor"]]),
        # « quand même » does not ask a date; a reader speaks in his own signed comment
        ("Dans les coms, qui trouve qu'OVH est quand même un fournisseur sérieux ?", [],
         [["g-m1n1"]]),
        ("How did Joeee answer pecore's point about a common European health database?", [],
         [["uniquement les données des Français"]]),
        # a duration named in a closed question: a no, with the sentence saying so
        ("Le GIP Plateforme des données de santé a-t-il été constitué pour une durée limitée ?",
         [], [["sans limitation de durée"]]),
        # who replied to a reader: the replies (one quotes him, one takes up his words)
        ("Qui a répondu à Baxter_X sur la « souveraineté européenne » ?", [],
         [["ultrabill"], ["nephermat"]]),
        # a reader who disagreed, the reader he answered not named (« les coms »: comments)
        ("un lecteur cite Airbus comme beau succès européen dans les coms, qqn lui répond ?", [],
         [["clintl"], ["g-m1n1"]]),
        # « réclamer » is « demander » in the documents (« en demandant l'annulation »)
        ("Que réclame le cofondateur de Leviia à propos de la décision de la CNIL ?", [],
         [["annulation"]]),
        # two asks in one turn: the sentence completing the one quoted
        ("comment marchait l'aide publique pour aider les PME à passer SecNumCloud ? combien "
         "max et pour quel type d'offres", [], [["180 000"], ["SaaS"]]),
        # a law's definition goes on from its full name to what it does
        ("C'est quoi le CLOUD Act au juste ?", [], [["Clarifying Lawful"], ["à l'étranger"]]),
        ("What is the US CLOUD Act, in plain terms?", [],
         [["Stored Communications Act"], ["à l'étranger"]]),
        # the scorer's sure choice leads a follow-up's hand-set sequel
        ("Et pourquoi ils l'ont retirée, selon la directrice ?",
         [("Le Health Data Hub a-t-il retiré sa demande d'autorisation à la CNIL ?",
           "Oui, fin décembre 2021.")], [["temporaire"]]),
        # what came before the conversation's subject, in its passage
        ("And the one before the Privacy Shield?",
         [("What replaced the Privacy Shield?", "The Data Privacy Framework, i.e. the adequacy "
           "decision (EU) 2023/1795 of 10 July 2023.")],
         [["Safe Harbor"]]),
        # the latest step, not the date a plan was announced for
        ("Où en est la sortie du Health Data Hub de chez Microsoft aujourd'hui ?", [],
         [["9 février 2026"], ["Nuage public"]]),
        # the latest state of a procedure: its steps, then the outcome nobody published
        ("Où en est la procédure UGAP lancée en 2026 pour héberger le Health Data Hub ?", [],
         [["Nuage public"], ["inconnue", "n'ont pas été trouvés"]]),
        # a two-part question: the part answered, and the other said not found
        ("When was the EMC2 deliberation published in the Journal officiel, and what is its "
         "JORF identifier?", [], [["31 janvier 2024"], ["n'a pas été trouvé"]]),
        # the time it takes to get a qualification, not how long it is valid
        ("Ça prend combien de temps d'avoir SecNumCloud ?", [], [["douze à dix-huit mois"]]),
        ("How long does it take to get SecNumCloud?", [], [["douze à dix-huit mois"]]),
        ("Who hands out the SecNumCloud qualification?", [], [["ANSSI"]]),
        ("Combien d'années dure l'autorisation ?", [], [["trois ans"]]),
        ("C'est quoi le numéro de la délib ?", [], [["2023-146"]]),
        # several parties to the challenge, told in two passages
        ("Qui a contesté la délibération EMC2 ?", [], [["ISOC France"], ["Clever Cloud"]]),
        ("Who challenged the EMC2 deliberation in court?", [], [["ISOC France"], ["Clever Cloud"]]),
        # what replaced something: the sentence saying so leads, in a conversation too
        ("What replaced the Privacy Shield?", [], [["Data Privacy Framework"]]),
        ("Et qu'est-ce qui l'a remplacé ?",
         [("Qu'est-ce que l'arrêt Schrems II ?", "Un arrêt de la CJUE du 16 juillet 2020.")],
         [["Data Privacy Framework"]]),
        ("Physically, where are the EMC2 data held: in the US, in Ireland or in France?", [],
         [["situés en France", "territoire français"]]),
        # "kick in": « entre en vigueur »; "at the latest" is a deadline, not the newest news
        ("And the part on electronic archiving, when does it kick in at the latest?",
         [("Which article of the SREN law deals with storing health data in the EU/EEA?",
           "Article 31.")], [["1er juillet 2025"]]),
    ],
)
def test_answers_hold_what_is_asked(shipped_index, question, history, facts):
    result = answer(question, history=history, settings=shipped_index)
    assert result.answerable, result.text
    text = normalize(result.text)
    assert all(any(normalize(f) in text for f in fact) for fact in facts), result.text
    check_citations(result, shipped_index)


_WINNER_HISTORY = [("Pourquoi le gouvernement a abandonné la solution intercalaire en février "
                    "2026 ?", "Pour passer directement à un hébergement souverain pérenne."),
                   ("Par quelle procédure ?", "Le marché « Nuage public » de l'UGAP.")]
_APPEAL_HISTORY = [("Did Philippe Latombe win his case against the Data Privacy Framework?",
                    "No, the EU General Court dismissed it on 3 September 2025."),
                   ("Did he appeal?",
                    "Yes, to the Court of Justice on 31 October 2025 (C-703/25 P).")]


@pytest.mark.parametrize(
    ("question", "history", "present", "absent"),
    [
        # nobody published who won the 2026 procedure: « … a rejeté le recours de Clever Cloud »
        # and « Le contrat entre Dassault Aviation et Bleu … » name companies, not a winner
        ("Et qui a eu le contrat ?", _WINNER_HISTORY, [], []),
        ("And who got the contract?", _WINNER_HISTORY, [], []),
        # the General Court's ruling of 3 September 2025 came before the appeal of 31 October
        # 2025; the appeal's outcome was not found, and the answer says so
        ("And how did that turn out?", _APPEAL_HISTORY, ["n'a pas été trouvée"],
         ["3 septembre 2025"]),
        ("Et ça a donné quoi ?", _APPEAL_HISTORY, ["n'a pas été trouvée"], ["3 septembre 2025"]),
        # the comments are kept without their likes or votes
        ("Quel commentaire a reçu le plus de likes ?", [], [], []),
        ("Which Clubic comment got the most likes?", [], [], []),
        # « sa quote-part de 11,5 millions d'euros au budget 2022 » is not the whole budget
        ("Et le budget total du HDH cette année-là ?",
         [("Combien l'Assurance maladie devait verser au HDH pour 2022 ?",
           "11,5 millions d'euros.")], [], []),
        # « elle » is Leviia: « … Bleu, récemment créée » dates another company
        ("Elle a été créée quand ?",
         [("Leviia, c'est quelle boîte ?", "Une entreprise française de stockage souverain.")],
         [], []),
        # the contract the turn names, not any amount about the conversation's subject
        ("How much is that contract worth?",
         [("Where is Bleu in the SecNumCloud process?", "Milestone J1."),
          ("Who's its big customer?", "Dassault Aviation.")], [], ["180 000 euros ["]),
        # « la demande de confier l'hébergement … » asks for a choice, it tells no winner
        ("Et qui a été retenu ?",
         [("Le gouvernement a lancé quoi en février 2026 pour quitter Microsoft ?",
           "Une procédure via l'UGAP.")], [], ["Olivier Véran ["]),
        # J2 is not told; J0 and J1 are
        ("Bleu a passé le jalon J2 quand ?", [], [], ["17 avril 2025 ["]),
        # « 21 jours » measures a retention period; it counts no requirements
        ("Combien d'exigences compte SecNumCloud 3.2 au total ?", [], [], ["21 jours ["]),
        # its fate after June 2026 was not found: the earlier news does not say it is in force
        ("Is FISA Section 702 still in force today?", [], ["n'a pas été trouvé"], []),
    ],
)
def test_what_the_documents_do_not_give_is_not_answered(shipped_index, question, history,
                                                         present, absent):
    result = answer(question, history=history, settings=shipped_index)
    assert not result.answerable, result.text
    assert all(p in result.text for p in present), result.text
    assert not any(a in result.text for a in absent), result.text


def test_a_share_is_answered_as_a_share(shipped_index):
    share = answer("Combien l'Assurance maladie devait-elle verser au Health Data Hub pour 2022 ?",
                   settings=shipped_index)
    assert share.answerable and "11,5 millions" in share.text


def test_he_is_the_reader_the_last_answer_named_even_in_lower_case(shipped_index):
    history = [("Which Clubic commenter explained the US-law problem with an example about a "
                "terrorist?", "matthieu.masson.md, in his second comment.")]
    result = answer("What did he say about encryption?", history=history, settings=shipped_index)
    assert result.answerable, result.text
    assert "clé qui t’appartient" in result.text
    assert "65root" not in result.text  # another reader on encryption


@pytest.mark.parametrize("question", ["Et la décision finale ?", "Et sur le fond ?"])
def test_the_final_ruling_is_the_one_on_the_merits(shipped_index, question):
    history = [("Qui a attaqué la délibération EMC2 ?", "ISOC France."),
               ("Et le juge des référés ?", "Il a refusé de suspendre le 22 mars 2024.")]
    result = answer(question, history=history, settings=shipped_index)
    assert result.answerable, result.text
    assert "19 novembre 2024" in result.text and "22 mars 2024" not in result.text


def test_a_date_the_question_already_gives_does_not_answer_it(shipped_index):
    result = answer("Jusqu'à quand est valable la qualification SecNumCloud de l'offre IaaS "
                    "Secure Temple qui démarre le 31 juillet 2026 ?", settings=shipped_index)
    assert not result.answerable, result.text


def test_a_comments_page_preamble_is_not_a_reader_s_opinion(shipped_index):
    result = answer("Combien de commentaires ont été publiés sous l'article de Clubic ?",
                    settings=shipped_index)
    assert "30" in result.text and "D'après les documents indexés" in result.text
    assert "Avis de lecteurs" not in result.text.split("30")[0]


def test_the_count_lead_reads_the_documents_word_for_the_counted_noun(shipped_index):
    result = answer("How many comments did ANSSI receive on SecNumCloud 3.2?",
                    settings=shipped_index)
    assert result.lead.startswith("450 observations"), result.text


def test_no_lead_is_read_off_a_sentence_saying_the_sources_do_not_tell(shipped_index):
    # « aucune source consultée (recherche menée en décembre 2026) ne donne … »
    result = answer("Quand la migration du Health Data Hub hors de Microsoft Azure "
                    "s'est-elle terminée ?", settings=shipped_index)
    assert "décembre 2026" not in result.lead


@pytest.mark.parametrize("question", [
    "Depuis quand Worldline est-elle qualifiée SecNumCloud ?",
    "Combien Microsoft touche-t-il pour son contrat d'hébergement avec le Health Data Hub ?",
])
def test_a_sentence_saying_the_asked_thing_was_not_found_is_not_an_answer(shipped_index,
                                                                         question):
    # « Une qualification SecNumCloud de Worldline n'a pas été trouvée » names Worldline, which
    # the OVHcloud sentence next to it does not; « touche » asks an amount, a duration is none
    result = answer(question, settings=shipped_index)
    assert not result.answerable, result.text


def test_an_announced_enumeration_is_quoted_with_all_its_items(shipped_index):
    # « La procédure … se déroule en quatre jalons. » then one sentence per milestone
    result = answer("Quelles sont les étapes (jalons) d'une qualification SecNumCloud ?",
                    settings=shipped_index)
    assert result.answerable, result.text
    for milestone in ("J0", "J1", "J2", "J3"):
        assert f"jalon {milestone}" in result.text, result.text


def test_a_named_reader_is_quoted_around_their_best_sentence(shipped_index):
    # « L hébergement, c est deux choses : 1 … 2 Une solution logicielle … »: the two things
    # follow the sentence that shares the question's words
    result = answer("Comment le commentateur Kratof_Muller décrit-il ce qu'est l'hébergement ?",
                    settings=shipped_index)
    assert "Kratof_Muller" in result.text and "solution logicielle" in result.text, result.text


def test_the_check_is_told_when_the_readers_signature_settles_the_answer(shipped_index,
                                                                          monkeypatch):
    # « qui, dans les commentaires, … ? » is answered by the reader who signed the opinion:
    # the check (and the script fitting it) sees the answer as settled, not as its to judge
    from assistant import answerability

    seen: list[bool] = []

    def record(values, shapeless, tokens, settled=False):
        seen.append(settled)
        return answerability.Verdict(not shapeless, 1.0, values)

    monkeypatch.setattr(answerability, "_override", record)
    result = answer("Dans les commentaires sous l'article Clubic, qui veut dissoudre la CNIL ?",
                    settings=shipped_index)
    assert result.answerable and "Laurent_Marandet" in result.text, result.text
    assert seen and seen[-1] is True
    seen.clear()
    answer("Qui était la rapporteure de la délibération CNIL n° 2023-146 ?",
           settings=shipped_index)
    assert seen and seen[-1] is False


def test_a_loosely_worded_question_on_the_documents_words_goes_to_the_check(shipped_index):
    # informal words embed far from the answering sentence; most of what is asked is words
    # the documents use, so the check judges it (« the capital of Australia » is not)
    result = answer("où en est le pourvoi de Latombe contre le DPF ?", settings=shipped_index)
    assert result.answerable, result.text
    off_topic = answer("What is the capital of Australia?", settings=shipped_index)
    assert not off_topic.answerable, off_topic.text


def test_who_a_follow_up_asks_for_is_not_the_role_the_conversation_named(shipped_index):
    # « la présidente de la CNIL » is what the first turn was about; « Qui l'a révélée ? »
    # asks who revealed the letter, and a newspaper is an answer
    history = [("Que contenait la lettre d'Olivier Véran à la présidente de la CNIL en "
                "novembre 2020 ?", "Il souscrivait « pleinement » à la demande de confier "
                "l'hébergement à une société soumise au droit européen.")]
    result = answer("Qui l'a révélée ?", history=history, settings=shipped_index)
    assert result.answerable and "Mediapart" in result.text, result.text


def test_another_of_a_numbered_series_is_answered_about_itself(shipped_index):
    history = [("When was the Schrems II judgment?", "16 July 2020, case C-311/18."),
               ("What did it strike down?", "The Privacy Shield, decision 2016/1250.")]
    result = answer("And Schrems I?", history=history, settings=shipped_index)
    assert result.answerable and "Safe Harbor" in result.text, result.text


def test_a_first_word_the_documents_write_as_a_name_must_be_in_the_answer(shipped_index):
    from assistant.answering import default_assistant

    proper = default_assistant(shipped_index).generation().retriever.proper_names
    assert {"leviia", "worldline", "microsoft"} <= proper
    assert not {"combien", "pourquoi", "quand", "selon", "donne"} & proper


def test_a_speaker_going_on_in_the_next_passage_is_quoted(shipped_index):
    # « …, ajoute-t-il, en demandant l'annulation … » opens the passage after the one that
    # names him: a what-was-said question reads the passage after its best one too
    result = answer("Qu'a dit le cofondateur de Leviia sur la décision de la CNIL ?",
                    settings=shipped_index)
    assert result.answerable and "annulation" in result.text, result.text
    check_citations(result, shipped_index)


def test_what_a_body_asked_is_the_sentence_where_it_asks(shipped_index):
    result = answer("Qu'a demandé la CNIL dans son mémoire au Conseil d'État d'octobre 2020 ?",
                    settings=shipped_index)
    assert result.answerable and "plus brefs délais" in result.text, result.text


def test_a_share_of_the_capital_answers_how_much_of_it(shipped_index):
    result = answer("SecNumCloud : un actionnaire non européen peut détenir combien du capital "
                    "max ?", settings=shipped_index)
    assert result.answerable and "%" in result.lead and "24 %" in result.text, result.text


def test_an_english_question_naming_the_council_of_state_is_answered(shipped_index):
    result = answer("Did the Council of State ultimately uphold the CNIL's EMC2 authorisation "
                    "when it ruled on the merits?", settings=shipped_index)
    assert result.answerable and "19 novembre 2024" in result.text, result.text


def test_an_english_question_naming_the_eu_general_court_is_answered(shipped_index):
    # "the EU General Court" speaks as « le Tribunal de l'Union européenne »
    result = answer("What did the EU General Court say about the Data Protection Review Court?",
                    settings=shipped_index)
    assert result.answerable and "indépendante" in result.text, result.text


def test_no_yes_is_read_off_a_sentence_holding_nothing_asked(shipped_index):
    # « Bleu a validé le jalon J1 » does not say Bleu got the qualification
    result = answer("Bleu a-t-il décroché la qualification SecNumCloud ?", settings=shipped_index)
    assert not result.lead.startswith("Oui"), result.text


def test_a_weaker_newest_step_does_not_make_the_evidence_weak(shipped_index):
    # the newest dated candidate, brought forward for « où en est », scores under the
    # statement of the unknown outcome: the evidence is that statement's strength
    result = answer("Où en est la migration du HDH hors d'Azure ?", settings=shipped_index)
    assert result.answerable and "Nuage public" in result.text, result.text


def test_every_ground_of_an_announced_series_is_quoted(shipped_index):
    # « … a retenu plusieurs motifs » is not quoted, two of its grounds are: the third, in the
    # next passage, completes them
    result = answer("Pourquoi le Conseil d'État a validé l'hébergement d'EMC2 chez Microsoft en "
                    "novembre 2024 ?", settings=shipped_index)
    assert result.answerable and "réévaluer" in result.text, result.text
    check_citations(result, shipped_index)


def test_who_decided_and_why_answers_both(shipped_index):
    result = answer("Qui a décidé d'héberger EMC2 chez Microsoft, et pourquoi ?",
                    settings=shipped_index)
    assert result.answerable and "CNIL" in result.text and "Microsoft Ireland" not in result.lead, \
        result.text


# (question, earlier turns, in the text, in the lead line, not in the text)
ANSWERED = {
    # « Le Health Data Hub a aussi invoqué … » adds to the sentence before it
    "a reason given too is quoted with the first one": (
        "What reasons did the Health Data Hub give for going with Microsoft originally?", [],
        ["prérequis juridiques", "élastiques"], [], []),
    "what the Clubic article got wrong lists its errors": (
        "What did the Clubic article get wrong, according to the fact sheets?", [],
        ["HBU", "Wordline"], [], []),
    "why a headline misleads quotes the sentence refuting it": (
        "Why is the Clubic headline about Microsoft storing 'all the health data of the French' "
        "misleading?", [], ["bien plus étroit", "quatre établissements"], [], []),
    "under the article means the readers' comments": (
        "Sous l'article Clubic, qui accuse la CNIL de corruption ?", [], [], ["Droz"], []),
    "a turn pointing back with no verb asks what the last one asked": (
        "And all of them together?",
        [["Under SecNumCloud, how much of a provider's capital can a single non-European entity "
          "hold?", "No more than 24 % of the share capital and voting rights (point 19.6 b)."]],
        [], ["39 %"], []),
    "a quotation is quoted with the sentence saying who speaks": (
        "il demande quoi le gars de Leviia dans l'article ?", [],
        ["s'emporte le cofondateur de Leviia"], [], []),
    # the sentence after the ruling is quoted only when it goes on about it
    "asked on the merits, the outcome is the ruling on the merits": (
        "Et au fond, ça a donné quoi et quand ?",
        [["Qui a rendu l'ordonnance du 22 mars 2024 sur EMC2 ?",
          "Le juge des référés du Conseil d'État, M. Jean-Yves Ollier, qui a rejeté la demande "
          "de suspension (n° 492369)."]],
        ["19 novembre 2024"], [], ["loi SREN"]),
    # the deliberation's fact sheet tells the ruling without what came before; the chronology
    # tells both, in order
    "what came before is looked for where the event is told in order": (
        "Et avant ça ?",
        [["Le Conseil d'État a tranché au fond sur EMC2 quand ?",
          "Le 19 novembre 2024 : il a rejeté la requête de l'ISOC France (n° 491644) et celle "
          "de Clever Cloud et autres (n° 492368)."]],
        [], ["22 mars 2024"], []),
    "a reader announcing two things is quoted with both": (
        "According to Kratof_Muller, what are the two things that 'hosting' actually covers?",
        [], ["serveurs", "solution logicielle"], [], []),
    "what tipped the balance is asked as a reason": (
        "D'après Les Échos, qu'est-ce qui a fait pencher la CNIL pour garder Microsoft malgré "
        "ses réticences ?", [], ["plusieurs années"], [], []),
    "a country's watchdog is the body, not the country": (
        "For how long did France's data protection watchdog allow Microsoft to host the EMC2 "
        "warehouse?", [], [], ["trois ans"], []),
    "an amendment to sign is the avenant to conclude": (
        "How many days did the Council of State give the HDH in October 2020 to sign a fresh "
        "amendment with Microsoft Ireland?", [], [], ["15 jours"], []),
    "what a tender required, and for how much": (
        "Acheteur public ici : qu'exigeait l'appel d'offres « solution intercalaire » lancé à "
        "l'été 2025 et pour quel montant ?", [], ["6,2 millions", "SecNumCloud 3.2"], [], []),
    "a speaker going on is quoted with what they said first": (
        "Qu'a déclaré le cofondateur de Leviia sur la décision de la CNIL ?", [],
        ["pas capable", "William Méauzoone"], [], []),
    "Schrems I is not answered about Schrems II": (
        "when was Schrems I decided, and what did it strike down?", [], ["6 octobre 2015"], [],
        []),
    "a reader's other comment is the one not quoted yet": (
        "Did he post anything else in the thread? About what?",
        [["Which reader under the Clubic article wanted the CNIL dissolved?",
          "Laurent_Marandet, who called the decision a betrayal (« trahison »)."]],
        ["outlook.com"], [], ["trahison"]),
    "an article's byline says who signed it": (
        "c'est qui le journaliste qui a signé l'article de Clubic sur Microsoft et la santé ?", [],
        [], ["Alexandre Boero"], []),
    "a role after « devant » is the audience, not the person asked": (
        "Qui a annoncé devant les députés, en avril 2025, la relance d'un appel d'offres pour "
        "le Health Data Hub ?", [], [], ["Clara Chappaz"], []),
    # the hand-set choice for « quelle est sa date » holds no date; the sentence quoted does
    "a date the quoted sentence holds is the date asked": (
        "What is the current SecNumCloud version in force, and what's its date?", [],
        ["3.2", "8 mars 2022"], [], []),
    "a yes or no decided by the sentence quoted first": (
        "Are the EMC2 data anonymised before they go onto Azure?", [], ["pseudonymisées"], [],
        []),
    "SNC is SecNumCloud": (
        "SNC 3.2 : les données sont gardées combien de temps quand un client clôture son "
        "compte ?", [], [], ["21 jours"], []),
    "a reason told on in the next passage is quoted with the first": (
        "Why did the HDH say it chose Microsoft's cloud in the first place, what requirements "
        "did it put forward?", [], ["prérequis juridiques", "élastiques"], [], []),
    "a second reason from another passage goes with the first": (
        "Pour quelle raison l'autorisation d'EMC2 chez Microsoft a-t-elle été limitée à trois "
        "ans ?", [], ["réévaluer"], [], []),
    "a project's definition goes on with what it must allow": (
        "EMC2 c'est quoi comme projet, concrètement ?", [], ["pharmaco-épidémiologie"], [], []),
    "the second quoted sentence goes on into the next": (
        "pourquoi la cnil a laissé faire microsoft si elle aime pas ça ?", [],
        ["délai compatible"], [], []),
    "the sentence detailing what is counted follows the count": (
        "What sovereignty requirements did the revised HDS framework add?", [],
        ["Espace économique européen"], [], []),
    "a change is answered by both states": (
        "Point 19.6 a) de SecNumCloud : qu'est-ce qui a changé entre la 3.2.a mise en "
        "consultation et la 3.2 finale ?", [], ["« ou »", "« et »"], [], []),
    "a speaker going on in the next passage is quoted": (
        "Qu'est-ce que le patron de Leviia a dit sur la décision de la CNIL ?", [],
        ["pas capable", "annulation"], [], []),
    "a report goes on past « selon elle »": (
        "Qu'est-ce que Stéphanie Combes a raconté aux députés sur les clés de chiffrement ?",
        [], ["clés dites maîtresses"], [], []),
    "an award is stated by « attributaire »": (
        "Selon Unicancer, la Plateforme des données de santé était attributaire de quel lot de "
        "l'appel d'offres de l'EMA ?", [], ["lot 3"], [], []),
    "the newest state may rank a little lower": (
        "Où en est Bleu avec SecNumCloud, d'après les dernières infos ?", [],
        ["ne figurait pas au catalogue"], [], []),
    "« pris » is « choisi »": (
        "pourquoi le HDH a pris Microsoft en 2019 ?", [], ["prérequis juridiques"], [], []),
    "a date asked of an outcome is a date": (
        "La commission mixte paritaire sur le projet de loi SREN a abouti à quelle date ?", [],
        [], ["26 mars 2024"], []),
    "the NOR number is an identifier": (
        "What's the NOR number of the SREN law?", [], ["ECOI2309270L"], [], []),
    "what was decided instead is told by the sentence quoted first": (
        "What did the French government decide to do about the interim solution in February "
        "2026?", [], ["renoncé"], [], []),
    "« and roughly how many » is a second question": (
        "When did the public consultation on the CNIL's health data warehouse framework open, "
        "and roughly how many contributors took part?", [], ["8 mars 2021", "quarantaine"],
        [], []),
    "an article's dateline says when it came out": (
        "À quelle heure l'article de Clubic a-t-il été publié ?", [], ["17h26"],
        ["2024 à 17h26"], []),
    "« et il … à quelle heure » is a second question": (
        "Qui a écrit l'article de Clubic sur Microsoft et les données de santé, et il a été "
        "publié à quelle heure ?", [], ["Alexandre Boero", "17h26"], [], []),
    "a quoted term is defined whatever else the question names": (
        "Le « principe de composition » introduit par SecNumCloud 3.2, ça veut dire quoi "
        "concrètement pour un éditeur SaaS ?", [], ["infrastructure déjà qualifiée"], [], []),
    "a term is defined under its other name": (
        "c'est quoi exactement le Health Data Hub ?", [], ["groupement d'intérêt public"],
        [], []),
    "\"refer to\" asks a definition": (
        "What does the name EMC2 actually refer to?", [], ["entrepôt multicentrique"], [], []),
    "a pronoun's part borrows the names of the part before it": (
        "Policy analyst: when did the EU General Court dismiss Philippe Latombe's challenge to "
        "the Data Privacy Framework, and when did he lodge his appeal?", [],
        ["3 septembre 2025", "31 octobre 2025"], [], []),
    "a reader's announced example is quoted when an example is asked": (
        "Est-ce qu'un internaute donne un exemple concret de comment les US pourraient "
        "récupérer un dossier médical chez Microsoft ?", [], ["terroriste"], [], []),
    "a series told « vise aussi », « vise enfin » is quoted from its first item": (
        "Quels textes sont visés par la délibération 2023-146 ? j'en ai besoin pour mon "
        "registre", [], ["RGPD", "78-17", "code de la santé publique"], [], []),
    "each question of a two-question follow-up is about the conversation's subject": (
        "When was it unveiled, and when did it kick off the SecNumCloud process?",
        [("What is S3NS?", "A joint venture of Thales and Google Cloud.")],
        ["30 juin 2022", "juin 2024"], [], []),
    "the first of a numbered series, asked after the second": (
        "And the first one?", [("When was Schrems II decided?", "On 16 July 2020.")],
        ["Schrems I"], [], ["Schrems II"]),
    "the lead gives the date told with the asked event": (
        "Quand la lettre de Véran a-t-elle été révélée ?", [], [], ["22 novembre 2020"], []),
    "an application deadline is when applications were open until": (
        "How much public money could an SME get to go for SecNumCloud under the scheme "
        "launched in December 2022, and what was the application deadline?", [],
        ["180 000 euros", "19 juillet 2023"], [], []),
    "« c'est paru … ? » points back to what the last turn was about": (
        "C'est paru au JO quand ?", [("Quand la CNIL a-t-elle autorisé EMC2 ?",
                                      "Le 21 décembre 2023.")], ["31 janvier 2024"], [], []),
    "a follow-up's duration is of what the last answer told": (
        "Dans quel délai ?", [("Qui était ministre de la Santé en 2020 ?", "Olivier Véran."),
                              ("Il avait promis quoi sur Microsoft ?", "Une nouvelle solution "
                               "technique qui n'expose pas les données aux autorités "
                               "américaines.")], ["deux ans"], [], []),
    "a court's judge speaks for the court its passage names": (
        "Le Conseil d'État a dit quoi en référé en mars 2024 ?", [], ["condition d'urgence"],
        [], []),
    "a figure given with a caveat on its source is given": (
        "The Health Data Hub was supposed to centralise the health data of how many French "
        "people?", [], ["67 millions", "source officielle"], ["67 millions"], []),
    "the asked event may be told by the next sentence about the same subject": (
        "Quand la CNIL a-t-elle autorisé EMC2 ?", [], [], ["21 décembre 2023"], []),
    "« en quelle année » is answered by the year": (
        "Cloud Temple a eu SecNumCloud pour son IaaS en quelle année ?", [], ["Secure Temple"],
        ["2022"], []),
    "where a matter stands when the documents lose track of it after a date": (
        "Où en est la section 702 du FISA aujourd'hui ?", [], ["45 jours", "sur le point "
        "d'expirer", "n'a pas été trouvé"], [], []),
    "a follow-up why with no reason after the last answer is read afresh": (
        "Pourquoi pas un acteur français ?",
        [("Qui a autorisé EMC2 ?", "La CNIL, par la délibération n° 2023-146 du 21 décembre "
          "2023."), ("Which company hosts it?", "Microsoft Ireland.")],
        ["aucun prestataire"], [], ["Jusqu'ici, tout va bien"]),
    "« contester » is told by « recours », « requérants »": (
        "Qui a contesté la délibération de la CNIL sur EMC2 ?", [], ["requérants"], [], []),
    "a follow-up asks who replied to the reader the last answer named": (
        "Quelqu'un lui a répondu ?", [("Dans les commentaires Clubic, quelqu'un parle d'Airbus ?",
                                       "g-m1n1 : « certains projets européens comme Airbus »")],
        ["jamais été un projet"], [], []),
}


@pytest.mark.parametrize("case", list(ANSWERED))
def test_answers_hold_what_they_are_asked(shipped_index, case):
    question, history, held, led, absent = ANSWERED[case]
    result = answer(question, history=history or None, settings=shipped_index)
    assert result.answerable, result.text
    assert all(fact in result.text for fact in held), result.text
    assert all(fact in result.lead for fact in led), result.text
    assert not any(fact in result.text for fact in absent), result.text


@pytest.mark.parametrize("question", [
    "Qui est le porte-parole du collectif SantéNathon ?",  # a role no sentence names
    "Who co-founded Leviia with William Méauzoone?",
    # a count, not the latest state, although « en vigueur » is asked around it
    "Combien d'hébergeurs ont perdu leur certification HDS depuis l'entrée en vigueur du "
    "nouveau référentiel ?",
    # the setting of a remark the documents give undated and without its occasion
    "When and in what forum did Marie-Laure Denis say SecNumCloud 3.2 was compliant 'by "
    "design'?",
])
def test_near_misses_of_this_round_are_not_answered(shipped_index, question):
    result = answer(question, settings=shipped_index)
    assert not result.answerable, result.text


def test_a_date_asked_with_another_question_word_is_said_missing(shipped_index):
    result = answer("When and in what context did Marie-Laure Denis call SecNumCloud 3.2 "
                    "compliant 'by design'?", settings=shipped_index)
    assert not result.answerable and "do not give this date" in result.text, result.text


def test_a_contract_s_unpublished_value_is_not_answered(shipped_index):
    result = answer("What is the value of Dassault Aviation's cloud contract with Bleu?",
                    settings=shipped_index)
    assert not result.answerable, result.text


def test_an_unpublished_share_of_the_capital_is_not_answered(shipped_index):
    result = answer("Quelle part exacte du capital de S3NS Google détient-il ?",
                    settings=shipped_index)
    assert not result.answerable, result.text


def test_who_else_leaves_out_the_reader_already_named(shipped_index):
    history = [("Anyone among the readers asking for an opt-out?",
                "Yes, kroman asks for the opt-out link.")]
    result = answer("Who else wants out?", history=history, settings=shipped_index)
    assert result.answerable and "(kroman)" not in result.text, result.text


def test_a_ruling_asked_at_a_time_is_the_ruling_of_that_time(shipped_index):
    for question in ("What did the Conseil d'État rule in March 2024?",
                     "Le Conseil d'État a dit quoi en mars 2024 ?"):
        result = answer(question, settings=shipped_index)
        first = result.text.split("»")[0]
        assert result.answerable and "22 mars 2024" in first, result.text


def test_an_eu_court_named_in_english_is_the_court_the_documents_name(shipped_index):
    result = answer("What did the EU General Court decide on Philippe Latombe's challenge to the "
                    "Data Privacy Framework?", settings=shipped_index)
    assert result.answerable and "a rejeté le recours de Philippe Latombe" in result.text, result.text


def test_providers_looked_at_are_those_consulted(shipped_index):
    result = answer("Which French cloud providers were looked at as possible hosts instead of "
                    "Microsoft?", settings=shipped_index)
    assert "NumSpot" in result.text, result.text


def test_a_date_bound_to_a_publication_is_not_the_date_of_the_event_asked(shipped_index):
    result = answer("Quand la CNIL a-t-elle autorisé Microsoft à héberger les données de santé ?",
                    settings=shipped_index)
    assert result.text.startswith("21 décembre 2023"), result.text
    result = answer("Quand la délibération a-t-elle été publiée au Journal officiel ?",
                    settings=shipped_index)
    assert result.text.startswith("31 janvier 2024"), result.text


def test_a_year_alone_is_not_the_exact_date_asked(shipped_index):
    history = [("Which French cloud providers did the health digital delegation (DNS) consult in "
                "2023?", "OVHcloud, NumSpot and Cloud Temple.")]
    result = answer("When exactly did that consultation take place?", history=history,
                    settings=shipped_index)
    assert not result.answerable and "do not give this date" in result.text, result.text
    result = answer("When exactly did the Health Data Hub sign its contract with Microsoft's Irish "
                    "subsidiary?", settings=shipped_index)
    assert result.answerable and result.text.startswith("avril 2020"), result.text


def test_a_thing_put_first_and_dated_by_a_pronoun_is_named_by_the_dated_sentence(shipped_index):
    history = [("L'article 31 de la loi SREN vise-t-il le Health Data Hub ?",
                "Oui, il vise certains GIP dont la Plateforme des données de santé.")]
    result = answer("Et le décret d'application de cet article 31, il date de quand ?",
                    history=history, settings=shipped_index)
    assert not result.answerable, result.text
    result = answer("Et la loi SREN, elle date de quand ?", settings=shipped_index)
    assert result.answerable and result.text.startswith("21 mai 2024"), result.text


def test_the_conseil_d_etat_s_rapporteur_public_is_not_the_deliberation_s_rapporteure(shipped_index):
    result = answer("Qui était le rapporteur public dans l'affaire EMC2 ?", settings=shipped_index)
    assert not result.answerable, result.text
    result = answer("Qui est la rapporteure de la délibération EMC2 ?", settings=shipped_index)
    assert result.answerable and "Valérie Peugeot" in result.text, result.text


def test_how_long_it_takes_is_a_procedure_s_length(shipped_index):
    history = [("C'est quoi SecNumCloud ?", "Une qualification de l'ANSSI."),
               ("Et comment on l'obtient ?", "Par une procédure en plusieurs jalons.")]
    result = answer("Ça prend combien de temps au total ?", history=history, settings=shipped_index)
    assert result.answerable and "dix-huit mois" in result.text.split("\n")[0], result.text


@pytest.mark.parametrize("question", [
    "C'est vrai qu'EMC2 est piloté par l'Agence européenne du médicament, comme l'écrit Clubic ?",
    "Clubic dit que c'est l'Agence européenne du médicament qui pilote EMC2, c'est juste ?",
    "Clubic says the European Medicines Agency runs EMC2. Is that right?",
])
def test_a_claim_the_documents_correct_is_answered_no(shipped_index, question):
    result = answer(question, settings=shipped_index)
    assert result.text.startswith(("Non [", "No [")), result.text


def test_a_final_ruling_is_the_judgment_on_the_merits(shipped_index):
    history = [("Who challenged the CNIL decision in court?", "ISOC France and others."),
               ("What did the interim relief judge say in March 2024?",
                "He rejected the request for suspension.")]
    result = answer("And the final ruling?", history=history, settings=shipped_index)
    assert result.answerable and "19 novembre 2024" in result.text, result.text


def test_how_a_challenge_ended_is_not_another_case_s_ruling(shipped_index):
    history = [("Qui a attaqué la délibération de la CNIL devant le Conseil d'État ?",
                "L'ISOC France a déposé un recours en annulation, et Clever Cloud, Nexedi et "
                "d'autres ont formé un référé-suspension.")]
    result = answer("Et le référé, ça a donné quoi ?", history=history, settings=shipped_index)
    assert "22 mars 2024" in result.text and "DARWIN" not in result.text, result.text
    assert "25 juin 2025" not in result.text, result.text


def test_where_a_case_stands_gives_the_appeal_and_the_ruling_appealed(shipped_index):
    result = answer("What's the latest on Latombe's challenge to the Data Privacy Framework?",
                    settings=shipped_index)
    quotes = result.text.split("»")
    assert "pourvoi" in quotes[0] and "publié" not in quotes[0], result.text
    assert "3 septembre 2025" in result.text, result.text


@pytest.mark.parametrize("follow_up", ["And the second one: when was it handed down?",
                                       "And the next one?"])
def test_the_second_of_a_series_is_the_one_after_the_conversation_s(shipped_index, follow_up):
    history = [("What did the Schrems I judgment invalidate?",
                "The Safe Harbor adequacy decision, in a CJEU ruling of 6 October 2015.")]
    result = answer(follow_up, history=history, settings=shipped_index)
    first = result.text.split("»")[0]
    assert "Schrems II" in first and "seconde main" not in result.text, result.text


def test_what_the_court_said_in_the_end_is_its_ruling(shipped_index):
    history = [("Qui a déposé le recours en annulation contre la délibération EMC2 ?",
                "Internet Society France (ISOC France), le 9 février 2024.")]
    result = answer("Et le Conseil d'État a dit quoi, finalement ?", history=history,
                    settings=shipped_index)
    assert "19 novembre 2024" in result.text.split("»")[0], result.text


def test_how_long_it_lasts_once_got_is_its_validity(shipped_index):
    history = [("c quoi SecNumCloud en gros ?", "Une qualification de l'ANSSI.")]
    result = answer("et ca dure combien de temps une fois qu'on l'a ?", history=history,
                    settings=shipped_index)
    assert result.text.startswith("trois ans ["), result.text


def test_readers_asking_to_opt_out_are_quoted_together(shipped_index):
    result = answer("Des commentateurs parlent de s'opposer à ce que leurs données y figurent ?",
                    settings=shipped_index)
    assert "somoved" in result.text and "kroman" in result.text, result.text


def test_readers_for_the_choice_are_those_who_praise_it(shipped_index):
    history = [("Que disent les commentaires sous l'article de Clubic ?",
                "Beaucoup y voient une honte pour la souveraineté.")]
    result = answer("Et y en a qui sont pour Microsoft ?", history=history,
                    settings=shipped_index)
    assert "LeChien" in result.text and "honte" not in result.text, result.text


def test_what_a_body_committed_to_is_where_it_commits(shipped_index):
    result = answer("Face à la contestation du choix de Microsoft, à quoi le ministère de la "
                    "Santé s'est-il engagé ?", settings=shipped_index)
    assert "s'est engagé à trouver une solution" in result.text.split("»")[0], result.text


@pytest.mark.parametrize("follow_up", ["Et ça a donné quoi ?", "What happened to it?"])
def test_what_became_of_a_tender_is_not_a_court_s_ruling(shipped_index, follow_up):
    history = [("Il y a eu un appel d'offres en 2025 pour remplacer Microsoft au HDH ?",
                "Oui, à l'été 2025, pour une solution intercalaire souveraine.")]
    result = answer(follow_up, history=history, settings=shipped_index)
    first = result.text.split("»")[0]
    assert "renoncé à la solution intercalaire" in first, result.text


def test_a_name_in_brackets_is_not_who_fills_the_role(shipped_index):
    result = answer("Qui pourrait remplacer Microsoft pour héberger le Health Data Hub, selon "
                    "la presse ?", settings=shipped_index)
    lead = result.text.split("|")[0].split("D'après")[0]
    assert "S3NS" in lead and "Google" not in lead, result.text


def test_where_the_servers_are_is_where_the_data_centres_are(shipped_index):
    history = [("Who hosts EMC2?", "Microsoft Ireland, on Microsoft Azure.")]
    result = answer("Where are the servers, though? In the US?", history=history,
                    settings=shipped_index)
    assert "situés en France" in result.text.split("»")[0], result.text


def test_what_readers_accuse_the_cnil_of_goes_on_in_their_judgement(shipped_index):
    result = answer("De quoi les commentateurs accusent-ils la CNIL ?", settings=shipped_index)
    assert "lobbying" in result.text, result.text


@pytest.mark.parametrize("question", [
    "Est-ce que certains lecteurs de Clubic défendent Microsoft ou tapent sur les clouds "
    "français ?",
    "Did any reader under the Clubic article defend Microsoft?",
])
def test_readers_defending_a_choice_are_those_who_praise_it(shipped_index, question):
    result = answer(question, settings=shipped_index)
    assert re.search(r"» \(([^)]+)\)", result.text).group(1) == "LeChien", result.text


def test_a_european_solution_is_about_europe(shipped_index):
    result = answer("What do the Clubic readers say in the comments about a European "
                    "alternative to Microsoft?", settings=shipped_index)
    assert "se reveille" in result.text, result.text


@pytest.mark.parametrize("question", ["les serveurs d emc2 ils sont ou physiquement ?",
                                      "Are EMC2's health records kept on servers in the US?"])
def test_where_the_data_is_kept_is_searched_where_the_documents_keep_it(shipped_index, question):
    result = answer(question, settings=shipped_index)
    assert "situés en France" in result.text.split("»")[0], result.text


def test_what_readers_think_of_the_whole_story_is_their_shared_judgement(shipped_index):
    result = answer("Les lecteurs de Clubic en pensent quoi de cette histoire ?",
                    settings=shipped_index)
    assert "honte" in result.text.split("»")[0], result.text


def test_a_second_reason_from_another_passage_goes_with_the_first(shipped_index):
    result = answer("What was the rationale for limiting the EMC2 hosting authorisation in time?",
                    settings=shipped_index)
    assert "prendre le relais" in result.text and "réévaluer" in result.text, result.text


def test_together_asks_what_several_hold_collectively(shipped_index):
    history = [("Au point 19.6 b) de SecNumCloud, une entité non européenne peut détenir combien "
                "du capital du prestataire, à elle seule ?", "Pas plus de 24 %.")]
    result = answer("Et à plusieurs ?", history=history, settings=shipped_index)
    assert result.answerable and result.text.startswith("39 %"), result.text


def test_a_text_a_doctrine_comes_from_is_no_outcome_asked(shipped_index):
    result = answer("La doctrine « cloud au centre » issue de la circulaire de 2021 s'impose-t-elle "
                    "aux collectivités territoriales ?", settings=shipped_index)
    assert result.text.startswith("Non ["), result.text


def test_a_rule_that_excludes_a_case_does_not_apply_to_it(shipped_index):
    result = answer("Le référentiel de la CNIL sur les entrepôts de données de santé s'applique-t-il "
                    "à un entrepôt apparié avec la base principale du SNDS comme EMC2 ?",
                    settings=shipped_index)
    assert result.text.startswith("Non ["), result.text


def test_what_someone_makes_of_it_is_what_he_said(shipped_index):
    history = [("Can offers built on Google or Microsoft technology get SecNumCloud at all?",
                "S3NS's PREMI3NS offer was qualified on 17 December 2025.")]
    result = answer("And what does ANSSI's boss make of it?", history=history,
                    settings=shipped_index)
    assert "Strubel a déclaré" in result.text or "Strubel a indiqué" in result.text, result.text


def test_what_readers_said_about_encryption_is_what_they_wrote_about_it(shipped_index):
    # a reader's sentence with a reporting verb (« … 3 lois qui dit dans les grandes lignes : »)
    # is no better an answer than the sentences about the point asked
    result = answer("What did commenters say about encryption of the data?", settings=shipped_index)
    first = result.text.split("»")[0]
    assert "chiffr" in first or "crypt" in first, result.text


def test_saying_yes_to_microsoft_is_authorising_it(shipped_index):
    result = answer("si la CNIL préfère SecNumCloud, pourquoi elle a quand même dit oui à "
                    "Microsoft ??", settings=shipped_index)
    assert "exigences techniques et fonctionnelles" in result.text, result.text


def test_a_claim_put_to_the_test_is_settled_by_the_passage_checking_it(shipped_index):
    result = answer("c'est vrai que les données de santé doivent obligatoirement être chez un "
                    "hébergeur SecNumCloud, comme l'écrit Clubic ?", settings=shipped_index)
    assert result.text.startswith("Non ["), result.text


def test_a_no_goes_on_with_its_second_ground(shipped_index):
    # the sentence after the deciding one denies the same thing on another ground
    result = answer("Was SecNumCloud actually mandatory for EMC2 at the end of 2023?",
                    settings=shipped_index)
    assert result.text.startswith("No [")
    assert "n'exige pas SecNumCloud" in result.text, result.text


def test_why_a_headline_is_wrong_ends_on_the_conclusion_its_section_draws(shipped_index):
    # the refutation, its paragraph, then the conclusion the section draws further on
    result = answer("pourquoi le titre de Clubic 'toutes les donnees de sante des francais' "
                    "est faux ?", settings=shipped_index)
    assert "bien plus étroit" in result.text
    assert "jamais été autorisée" in result.text and "ambition initiale" in result.text, \
        result.text


def test_a_turn_pointing_back_to_a_dated_letter_is_about_that_letter(shipped_index):
    history = [("qui a écrit à la CNIL en février 2023 ?",
                "Le ministre de la Santé, le 15 février 2023.")]
    result = answer("il disait quoi dans sa lettre ?", history=history, settings=shipped_index)
    assert result.text.split("»")[0].rstrip().endswith(
        "constater l'absence de solution alternative viable à Microsoft à cette date."), result.text


def test_where_a_qualification_stands_tells_where_it_started(shipped_index):
    history = [("c quoi bleu ?", "Une coentreprise d'Orange et Capgemini qui propose les "
                "technologies Azure et Microsoft 365 de Microsoft.")]
    result = answer("et elle l'a eu le secnumcloud finalement ?", history=history,
                    settings=shipped_index)
    assert "J1" in result.text and "jalon J0" in result.text, result.text


def test_what_the_judge_answered_is_the_ruling_and_its_grounds(shipped_index):
    history = [("qui a demandé la suspension de la décision en mars 2024 ?",
                "Notamment Clever Cloud, Nexedi, Rapid.Space, le CNLL et d'autres.")]
    result = answer("et le juge il a repondu quoi ?", history=history, settings=shipped_index)
    assert "a rejeté la demande de suspension" in result.text
    assert "urgence" in result.text, result.text


def test_what_the_judge_decided_follows_the_case_the_conversation_told(shipped_index):
    # the case of September 2020, whose ruling the next section of the chronology tells
    history = [("après Schrems II, qui a attaqué le HDH devant le Conseil d'État ?",
                "Le collectif « SantéNathon », qui réunissait 18 organisations et "
                "personnalités, en septembre 2020.")]
    result = answer("et le juge il a decidé quoi ?", history=history, settings=shipped_index)
    assert "13 octobre 2020" in result.text and "444937" in result.text, result.text


def test_a_yes_no_the_sources_left_unread_is_not_answered(shipped_index):
    result = answer("le texte exact de l'article 31 SREN prevoit une derogation transitoire "
                    "pour le HDH ?", settings=shipped_index)
    assert not result.answerable
    assert not result.text.startswith(("Non", "Oui")), result.text


def test_a_readers_example_is_quoted_to_its_point(shipped_index):
    result = answer("le lecteur qui parle des lois US et du terroriste qui fait sauter la maison "
                    "blanche, il dit quoi au juste ?", settings=shipped_index)
    assert "dossier médical directement à Microsoft" in result.text, result.text


def test_what_a_named_body_said_is_not_someone_elses_words(shipped_index):
    # no passage has the EMA speak: sentences about it are no answer
    result = answer("Qu'est-ce que l'EMA a dit publiquement sur la polémique de l'hébergement "
                    "chez Microsoft ?", settings=shipped_index)
    assert not result.answerable, result.text
    # named by a role, the person speaks under their own name
    result = answer("Qu'a déclaré le patron de l'ANSSI après la qualification de S3NS ?",
                    settings=shipped_index)
    assert result.answerable and "Strubel" in result.text, result.text


def test_a_readers_call_is_read_in_the_comments(shipped_index):
    result = answer("Did anyone in the comments call for the CNIL to be dissolved?",
                    settings=shipped_index)
    assert "Laurent_Marandet" in result.text, result.text


def test_a_text_asked_when_decided_and_when_published_gets_both_dates(shipped_index):
    result = answer("la deliberation cnil sur emc2 elle date de quand exactement, et elle est "
                    "parue au JO quand ?", settings=shipped_index)
    assert "21 décembre 2023" in result.text and "31 janvier 2024" in result.text, result.text
    result = answer("When was France's SREN law (loi n° 2024-449) promulgated and published in "
                    "the Journal officiel?", settings=shipped_index)
    assert "21 mai 2024" in result.text and "22 mai 2024" in result.text, result.text


def test_what_was_promised_is_quoted_with_the_promise(shipped_index):
    # the letter's sentence, and the promise told in the same passage by other sources
    result = answer("Dans sa lettre du 19 novembre 2020 à la présidente de la CNIL, Véran "
                    "s'engageait à quoi ?", settings=shipped_index)
    assert "droit européen" in result.text and "deux ans" in result.text, result.text


def test_a_decree_named_by_its_kind_alone_is_quoted_with_its_number(shipped_index):
    result = answer("le nouveau décret HDS de mars 2026 impose SecNumCloud aux hébergeurs ?",
                    settings=shipped_index)
    assert "2026-209" in result.text, result.text


def test_a_product_named_is_its_maker_named_in_the_same_document(shipped_index):
    # the duration's section names Microsoft; the document writes « Microsoft Azure »
    result = answer("How long is the CNIL authorisation for hosting the EMC2 warehouse on Azure "
                    "valid?", settings=shipped_index)
    assert result.answerable and "trois ans" in result.text, result.text


def test_a_full_name_and_a_date_asked_with_a_plus_get_both(shipped_index):
    result = answer("CLOUD Act - full name + when signed?", settings=shipped_index)
    assert "Clarifying Lawful Overseas Use of Data Act" in result.text, result.text
    assert "23 mars 2018" in result.text, result.text


def test_the_next_of_a_series_typed_in_figures_takes_the_previous_ask(shipped_index):
    result = answer("et schrems 2 ?", history=[("schrems I a fait tomber quoi ?",
                                                 "Le Safe Harbor, arrêt du 6 octobre 2015.")],
                    settings=shipped_index)
    assert "Privacy Shield" in result.text and "Safe Harbor" not in result.text, result.text


def test_a_claim_put_to_the_test_is_answered_by_what_checks_it(shipped_index):
    # the claimant (Clubic) is named, but the fiche checking its headline comes first
    result = answer("Clubic dit que Microsoft va stocker toutes les données de santé des "
                    "Français, c'est vrai ?", settings=shipped_index)
    assert "quatre établissements" in result.text, result.text


def test_an_aside_saying_where_one_saw_the_thing_is_not_asked(shipped_index):
    result = answer("What is SecNumCloud, in a nutshell? I keep seeing it in the Health Data "
                    "Hub stories.", settings=shipped_index)
    assert "ANSSI" in result.text, result.text


def test_a_claim_about_all_of_something_gets_no_yes_from_what_holds_of_some(shipped_index):
    result = answer("c'est vrai que microsoft va stocker TOUTES les données de santé des "
                    "francais comme dit clubic ?", settings=shipped_index)
    assert not result.text.startswith(("Oui", "Yes")), result.text
    # a yes / no without a quantifier still gets its lead
    result = answer("La CNIL a-t-elle autorisé EMC2 chez Microsoft ?", settings=shipped_index)
    assert result.text.startswith("Oui"), result.text


def test_a_duration_stated_in_what_was_not_found_is_still_told(shipped_index):
    # « Le point de départ de la période d'autorisation de trois ans n'a pas été trouvé »
    # is about when it starts, not how long it lasts
    result = answer("l'autorisation cnil pour heberger EMC2 chez MS elle vaut combien de temps ?",
                    settings=shipped_index)
    assert result.answerable and result.text.startswith("trois ans"), result.text
    # how long the data are kept is still unknown
    result = answer("combien de temps ils vont garder mes données dans EMC2 ?",
                    settings=shipped_index)
    assert not result.answerable, result.text


def test_what_became_of_a_tender_of_one_year_is_told_the_next(shipped_index):
    result = answer("and then what happened to it?",
                    history=[("what was the 'intercalaire' tender in 2025?",
                              "A 2025 tender to copy the SNDS to an interim sovereign solution.")],
                    settings=shipped_index)
    assert "renoncé" in result.text, result.text


def test_the_askers_own_readers_are_not_the_comments(shipped_index):
    result = answer("Bonjour, je prépare un long format pour nos lecteurs lyonnais sur l'affaire "
                    "Microsoft / données de santé. Pour commencer simple : qui a demandé à la "
                    "CNIL l'autorisation de créer l'entrepôt EMC2 ?", settings=shipped_index)
    assert "Plateforme des données de santé" in result.text, result.text
    assert "Avis de lecteurs" not in result.text, result.text


def test_a_case_number_is_a_reference_not_a_count(shipped_index):
    # "the case number of …": no « ce chiffre » refusal; « (affaire C-703/25 P) » numbers it
    result = answer("What's the case number of Philippe Latombe's appeal to the Court of "
                    "Justice against the General Court's DPF judgment?", settings=shipped_index)
    assert result.answerable and "C-703/25 P" in result.text, result.text
    # « … porte le numéro « R9 » »: the number the subject bears
    result = answer("quel numéro porte la règle secnumcloud dans la circulaire ?",
                    settings=shipped_index)
    assert result.answerable and "R9" in result.text, result.text


def test_a_date_the_question_gives_does_not_hide_a_new_one(shipped_index):
    result = answer("le nouveau referentiel HDS (arrete du 26 avril 2024), il est applicable a "
                    "partir de quand pour les renouvellements ?", settings=shipped_index)
    assert result.answerable and "novembre 2024" in result.text.splitlines()[0], result.text


def test_what_a_speaker_defended_is_what_they_said(shipped_index):
    result = answer("qu'a dit Vincent Strubel de l'ANSSI quand S3NS a eu SecNumCloud ? il se "
                    "defendait de quoi ?", settings=shipped_index)
    assert result.answerable and "choix politique" in result.text, result.text


def test_who_the_asker_is_names_nothing_asked(shipped_index):
    result = answer("Je suis DSI d'un GHT, on fait le sourcing cloud pour notre EDS. SecNumCloud "
                    "c'est une 'certification' comme HDS ou autre chose ?", settings=shipped_index)
    assert result.answerable and "distincts" in result.text, result.text
    result = answer("AITD = ? notre DPO veut qu'on en fasse une avant de signer avec un "
                    "hyperscaler", settings=shipped_index)
    assert result.answerable and "analyse d'impact des transferts" in result.text, result.text


def test_two_questions_in_one_get_a_sentence_each(shipped_index):
    result = answer("hey quick one - when did the cnil actually approve the EMC2 warehouse, and "
                    "when did it show up in the Journal officiel?", settings=shipped_index)
    assert "21 décembre 2023" in result.text and "31 janvier 2024" in result.text, result.text
    result = answer("la mission d'expertise sur l'hebergement souverain elle a ete lancee quand ? "
                    "et presentee a la cnil quand ?", settings=shipped_index)
    assert "octobre 2023" in result.text and "21 décembre 2023" in result.text, result.text


def test_a_claim_left_unverified_is_neither_yes_nor_no(shipped_index):
    result = answer("clubic dit que le contrat devait durer 10 ans au depart, c'est vrai ?",
                    settings=shipped_index)
    assert result.text.startswith("Non vérifié"), result.text
    result = answer("is it true the microsoft contract was for 10 years?", settings=shipped_index)
    assert result.text.startswith("Not verified"), result.text


def test_a_claim_is_answered_by_the_passage_that_checks_it(shipped_index):
    # the press article repeats the claim; the fiche restates it and says what the sources found
    result = answer("c'est vrai que microsoft va stocker TOUTES les données de santé des "
                    "francais comme dit clubic ?", settings=shipped_index)
    assert "périmètre bien plus étroit" in result.text, result.text
    assert result.text.startswith("Non"), result.text


def test_whom_a_letter_was_addressed_to_is_no_agent_of_its_publication(shipped_index):
    # « … révélée par Mediapart » names who made the letter public, not whom it was written to
    result = answer("Who was Olivier Veran's November 2020 letter addressed to at the CNIL?",
                    settings=shipped_index)
    assert not result.lead.startswith("Mediapart"), result.text
    followup = answer("and who at the CNIL was the letter addressed to?", settings=shipped_index,
                      history=[("When did Olivier Veran promise to move the Health Data Hub off "
                                "Microsoft?", "In a letter dated 19 November 2020."),
                               ("Who made that letter public?", "Mediapart, on 22 November 2020.")])
    assert "Marie-Laure Denis" in followup.text and not followup.lead.startswith("Mediapart")


def test_why_the_cnil_let_microsoft_in_is_answered_by_its_reasons(shipped_index):
    # the section « Pourquoi la CNIL a autorisé Microsoft » answers, whatever the premise
    for question in ("Why did the CNIL let Microsoft host EMC2 instead of a European provider?",
                     "pourquoi la cnil a quand meme dit oui a microsoft si elle a tant de regrets",
                     "pourquoi la cnil a laisse passer microsoft si elle dit preferer secnumcloud ??"):
        result = answer(question, settings=shipped_index)
        assert result.text.split("»")[0].count("aucun prestataire") == 1, result.text
    # the regrets themselves are still answered by the regrets
    result = answer("Why did the CNIL express regrets when it authorised Microsoft for EMC2?",
                    settings=shipped_index)
    assert "CLOUD Act" in result.text.split("»")[0], result.text


def test_a_short_part_asked_of_an_unknown_is_unknown_too(shipped_index):
    # the documents say the date is unknown: « and by which body? » asks of the same unknown
    # event, and is not answered by what else they say of EUCS
    result = answer("On what exact date was the High+ level dropped from the EUCS draft, and "
                    "by which body?", settings=shipped_index)
    assert not result.answerable and "n'a pas été trouvée" in result.text, result.text


def test_each_part_of_a_question_leads_with_its_own_answer(shipped_index):
    result = answer("How much was the 2025 contract for copying the SNDS to an interim sovereign "
                    "platform worth, and over how long?", settings=shipped_index)
    assert "6,2 millions d'euros" in result.lead and "4 ans" in result.lead, result.text
    # a part that asks « sous quel numéro » is asked of the part before it, and answered
    result = answer("Quand le Tribunal de l'UE a-t-il rejeté le recours de Philippe Latombe "
                    "contre le Data Privacy Framework, et sous quel numéro d'affaire ?",
                    settings=shipped_index)
    assert result.lead.startswith("3 septembre 2025") and "T-553/23" in result.text, result.text
    # "when was it signed" quotes another executive order first: not its date
    result = answer("Remind me what EO 14086 does in substance, and when it was signed — it's the "
                    "linchpin of the DPF redress mechanism.", settings=shipped_index)
    assert "7 octobre 2022" in result.lead and "1981" not in result.lead, result.text
    # an either / or question is no yes / no
    result = answer("Is SecNumCloud a certification or a qualification, and what does that mean "
                    "in practice?", settings=shipped_index)
    assert not result.lead.startswith(("Yes", "No")), result.text


def test_whether_something_holds_now_is_a_yes_or_no(shipped_index):
    # asked as of now (a question of the latest state), answered yes or no first
    result = answer("Is Bleu SecNumCloud qualified yet? latest status pls", settings=shipped_index)
    assert result.lead.startswith("No"), result.text
    result = answer("Is OVHcloud's public cloud SecNumCloud-qualified now?", settings=shipped_index)
    assert result.lead.startswith("Yes"), result.text


def test_how_many_and_which_ones_names_them_too(shipped_index):
    for question in ("Combien d'établissements de santé alimentent l'entrepôt EMC2, et lesquels ?",
                     "ya combien d'hopitaux qui envoie leurs donnée dans l'entrepot EMC2 ?? et "
                     "c'est lesquels"):
        result = answer(question, settings=shipped_index)
        assert result.lead.startswith("quatre"), result.text
        assert "Hospices civils de Lyon" in result.text, result.text


def test_a_second_question_after_the_first_ones_mark_is_answered_too(shipped_index):
    result = answer("Pourquoi le GIP PDS ne pouvait-il pas se contenter d'une simple déclaration "
                    "de conformité au référentiel n° 2021-118 pour EMC2 et a-t-il dû solliciter "
                    "une autorisation de la CNIL ? Sur quel fondement de la loi Informatique et "
                    "libertés ?", settings=shipped_index)
    assert result.answerable and "66-III" in result.text, result.text
    assert "base principale du SNDS" in result.text, result.text
