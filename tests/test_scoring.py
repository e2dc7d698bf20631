"""The learned sentence scorer: its shipped weights, its fit and how it chooses quotes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant import scoring, trees
from assistant.questions import Analysis, Concept, Part
from assistant.retrieval import Hit
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored
from core.text import analyze
from index.documents import Chunk


class _Bank:
    def info(self, sentence):
        return SentenceInfo(flags=frozenset({"reason"}) if "parce" in sentence.folded
                            else frozenset())


def _candidates(texts: list[str], kind: str = "why"):
    chunk = Chunk(doc_id="d.md", chunk_no=0, text=" ".join(texts), start=0,
                  end=len(" ".join(texts)), locator="", title="T", kind="fiche")
    hit = Hit(chunk_id="d:0", chunk=chunk, score=1.0, dense=0.5, lexical=3.0, rank=0)
    sentences = split_sentences(chunk.text)
    scored = [Scored(0, i, s, 0.5 - 0.01 * i, 0.4, 0.5, False, frozenset(), False)
              for i, s in enumerate(sentences)]
    part = Part("Pourquoi la CNIL a-t-elle limité l'autorisation ?",
                (Concept(frozenset(analyze("CNIL")), 1.0),), "", "CNIL", kind=kind)
    analysis = Analysis(part.text, "fr", (part,), False, part.text,
                        frozenset(analyze(part.text)), kind=kind)
    return analysis, part, scored, [hit]


def test_shipped_weights_match_the_features():
    data = json.loads(scoring.weights_path().read_text(encoding="utf-8"))
    assert data["features"] == scoring.FEATURES
    model = scoring.default_model()
    assert model is not None and len(model.coef) == len(scoring.FEATURES)
    assert set(scoring.DEFAULT_SELECTION) <= set(model.selection)
    if model.trees is not None:  # every test reads a feature the scorer computes
        assert model.trees.feature.max() < len(scoring.FEATURES)
        assert model.trees.feature.min() >= trees.LEAF


def test_the_trees_rank_as_lightgbm_does_and_survive_the_json_file():
    import lightgbm

    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 5))
    relevance = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(size=3000) > 1).astype(int)
    ranker = lightgbm.LGBMRanker(n_estimators=30, num_leaves=7, min_child_samples=10,
                                 verbose=-1, random_state=0).fit(x, relevance, group=[30] * 100)
    ensemble = trees.TreeEnsemble.from_lightgbm(ranker.booster_.dump_model())
    rows = rng.normal(size=(200, 5))
    expected = ranker.predict(rows)
    assert np.allclose(ensemble.decision(rows), expected, atol=1e-9)
    stored = trees.TreeEnsemble.from_dict(json.loads(json.dumps(ensemble.to_dict())))
    assert np.allclose(stored.decision(rows), expected, atol=1e-6)
    # as a sentence scorer: a probability over one part's candidates, best ranked first
    names = [f"f{i}" for i in range(5)]
    model = scoring.Model.ranked(names, stored, {})
    p = model.probabilities(rows[:6])
    assert abs(p.sum() - 1) < 1e-9 and list(np.argsort(-p)) == list(np.argsort(-expected[:6]))


def test_features_one_row_per_candidate_with_the_kind_shape():
    analysis, part, scored, hits = _candidates([
        "La CNIL a limité l'autorisation à trois ans.",
        "Elle l'a fait parce que la migration vers un hébergeur souverain doit être rapide.",
    ])
    candidates = scoring.features(analysis, part, scored, hits, _Bank(), scored[:1])
    assert candidates.kind == "why"
    assert candidates.matrix.shape == (2, len(scoring.FEATURES))
    column = scoring.FEATURES.index("why_reason")
    assert list(candidates.matrix[:, column]) == [0.0, 1.0]
    assert list(candidates.matrix[:, scoring.FEATURES.index("chosen")]) == [1.0, 0.0]


def test_listwise_fit_learns_which_feature_marks_the_answer():
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(40):
        x = np.column_stack([np.ones(6), rng.normal(size=6), rng.normal(size=6)])
        positive = np.zeros(6, dtype=bool)
        answer = rng.integers(6)
        x[answer, 2] += 3.0  # the answer stands out on the third feature only
        positive[answer] = True
        groups.append((x, positive))
    coef = np.zeros(3)
    for _ in range(200):  # plain gradient descent is enough here
        loss, gradient = scoring.listwise_loss(coef, groups, 0.1)
        coef -= 0.01 * gradient
    assert coef[2] > 1.0 and abs(coef[1]) < 0.5


def test_select_keeps_to_the_budget_and_quotes_a_sentence_once():
    texts = ["La CNIL a limité l'autorisation à trois ans.",
             "La CNIL a limité l'autorisation à trois ans.",
             "Elle l'a fait parce que la migration doit être rapide.",
             "Un long développement " + "très " * 100 + "inutile."]
    analysis, part, scored, hits = _candidates(texts)
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=4, min_probability=0.0, ratio=0.0,
                     budget=200)
    chosen = scoring.select(selection, "why", scored, hits, [0.4, 0.3, 0.2, 0.1])
    assert [s.sentence.text for s in chosen] == texts[0:1] + texts[2:3]


# A series announced in one sentence, its four items, then a sentence about something else.
_MILESTONES = ["La procédure se déroule en quatre jalons.",
               "Le jalon J0 correspond au dépôt du dossier.",
               "Le jalon J1 correspond à la stratégie d'évaluation.",
               "Le jalon J2 correspond à l'évaluation sur site.",
               "Le jalon J3 correspond à la décision.",
               "La procédure dure un an."]


def test_a_list_brings_the_items_its_sentence_announces():
    texts = _MILESTONES
    analysis, part, scored, hits = _candidates(texts, kind="list")
    selection = dict(scoring.DEFAULT_SELECTION, max_list=1)
    chosen = scoring.select(selection, "list", scored, hits, [0.5, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert [s.sentence.text for s in chosen] == texts[:5]


def test_an_item_of_an_announced_series_brings_the_announcement_and_the_series():
    texts = _MILESTONES
    analysis, part, scored, hits = _candidates(texts, kind="list")
    selection = dict(scoring.DEFAULT_SELECTION, max_list=1)
    chosen = scoring.select(selection, "list", scored, hits, [0.1, 0.1, 0.5, 0.1, 0.1, 0.1])
    assert [s.sentence.text for s in chosen] == texts[:5]
    # sentences that merely open alike after a count are no series: « quatre établissements »
    # is not what « Les données … » sentences are about
    texts = ["L'entrepôt est alimenté par quatre établissements.",
             "Les données sont appariées avec le SNDS.",
             "Les données sont cliniques."]
    analysis, part, scored, hits = _candidates(texts, kind="list")
    chosen = scoring.select(selection, "list", scored, hits, [0.1, 0.5, 0.1])
    assert [s.sentence.text for s in chosen] == texts[1:2]


@pytest.mark.parametrize(("kind", "texts"), [
    # why: the sentence after the one restating the event holds the reason
    ("why", ["La CNIL a limité l'autorisation à trois ans.",
             "Cette durée doit laisser aux prestataires européens le temps de prendre le relais.",
             "La presse parle d'une autorisation provisoire."]),
    # said: what a speaker added (« Elle a ajouté que … ») is the rest of what she said
    ("said", ["Selon elle, des clés dites maîtresses sont générées hors de la plateforme.",
              "Elle a ajouté que la détention des clés maîtresses permet de révoquer les clés.",
              "La CNIL a une lecture moins rassurante."]),
])
def test_the_sentence_after_the_best_one_completes_it(kind, texts):
    analysis, part, scored, hits = _candidates(texts, kind=kind)
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, kind, scored, hits, [0.6, 0.1, 0.3])
    assert [s.sentence.text for s in chosen] == texts[:2]


def test_latest_puts_the_newest_statement_first():
    from dataclasses import replace

    texts = ["Bleu a obtenu le jalon J0 le 17 avril 2025.",
             "Bleu a validé le jalon J1 le 17 novembre 2025."]
    analysis, part, scored, hits = _candidates(texts, kind="latest")
    scored = [replace(scored[0], newest=(2025, 4, 17)), replace(scored[1], newest=(2025, 11, 17))]
    selection = dict(scoring.DEFAULT_SELECTION, ratio=0.0, min_probability=0.0)
    chosen = scoring.select(selection, "latest", scored, hits, [0.7, 0.3])
    assert [s.sentence.text for s in chosen] == texts[::-1]


def test_the_publication_of_a_step_told_before_is_not_the_latest_state():
    from dataclasses import replace

    from assistant import composer

    texts = ["Philippe Latombe a formé un pourvoi le 31 octobre 2025.",
             "Ce pourvoi a été publié au Journal officiel le 22 décembre 2025."]
    analysis, part, scored, hits = _candidates(texts, kind="latest")
    scored = [replace(s, newest=d, shape=1.0)
              for s, d in zip(scored, [(2025, 10, 31), (2025, 12, 22)], strict=True)]
    ordered = composer._reorder("latest", scored[::-1], composer.DEFAULT_WEIGHTS)
    assert ordered[0].sentence.text == texts[0]


def test_latest_brings_the_later_statement_of_its_passage():
    from dataclasses import replace

    texts = ["Bleu a obtenu le jalon J0 le 17 avril 2025.",
             "Bleu avait été créée en 2024.",
             "Bleu a validé le jalon J1 le 17 novembre 2025."]
    analysis, part, scored, hits = _candidates(texts, kind="latest")
    dates = [(2025, 4, 17), (2024, 0, 0), (2025, 11, 17)]
    scored = [replace(s, newest=d) for s, d in zip(scored, dates, strict=True)]
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, "latest", scored, hits, [0.7, 0.2, 0.1])
    assert [s.sentence.text for s in chosen] == [texts[2], texts[0]]


def test_an_aim_or_a_deadline_is_not_the_latest_state():
    from assistant.shapes import statement_date
    from core.text import fold

    assert statement_date(fold("Bleu visait alors la qualification au premier semestre 2026.")) \
        == (0, 0, 0)
    assert statement_date(fold("Les devis sont attendus jusqu'au 30 mars 2026.")) == (0, 0, 0)
    assert statement_date(fold("Le 20 février 2026, un site annonçait des devis jusqu'au 30 mars "
                               "2026.")) == (2026, 2, 20)
    texts = ["Bleu a obtenu le jalon J0 le 17 avril 2025.",
             "Bleu visait alors la qualification complète au premier semestre 2026.",
             "Bleu a validé le jalon J1 le 17 novembre 2025."]
    analysis, part, scored, hits = _candidates(texts, kind="latest")
    selection = dict(scoring.DEFAULT_SELECTION, ratio=0.0, min_probability=0.0, max_sentences=2)
    chosen = scoring.select(selection, "latest", scored, hits, [0.5, 0.4, 0.1])
    assert [s.sentence.text for s in chosen] == [texts[2], texts[0], texts[1]]


def test_said_quotes_what_follows_a_report_without_the_words():
    texts = ["En février 2021, la directrice a décrit la gestion des clés de la plateforme.",
             "Selon elle, les données sont chiffrées au repos comme en transit.",
             "Des clés maîtresses sont générées dans un HSM contrôlé par le ministère.",
             "Le contrat a été signé en avril 2020."]
    analysis, part, scored, hits = _candidates(texts, kind="said")
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, "said", scored, hits, [0.6, 0.1, 0.1, 0.2])
    assert [s.sentence.text for s in chosen] == texts[:3]
    # a report that holds the words (« a déclaré que … ») stands alone
    texts[0] = "En février 2021, la directrice a déclaré que les clés étaient gérées par le ministère."
    analysis, part, scored, hits = _candidates(texts, kind="said")
    chosen = scoring.select(selection, "said", scored, hits, [0.6, 0.1, 0.1, 0.2])
    assert [s.sentence.text for s in chosen] == texts[:1]


def test_a_sentence_cut_by_the_end_of_its_passage_is_quoted_whole():
    from dataclasses import replace

    analysis, part, first, _ = _candidates(["Le directeur a fait une mise au point.",
                                            "Vincent Strubel a déclaré :"])
    analysis, part, second, _ = _candidates(["Vincent Strubel a déclaré : « La qualification "
                                             "n'est pas un choix politique »."])
    scored = first + [replace(second[0], hit_index=1)]
    quoted = scoring.whole([first[1]], scored)
    assert quoted[0].hit_index == 1 and "choix politique" in quoted[0].sentence.text


def test_a_definition_names_the_asked_term_or_spells_out_its_acronym():
    from assistant.shapes import names_term, terms
    from core.text import fold

    asked = terms("Le Data Privacy Framework, ça correspond à quoi ?", ["Data", "Privacy",
                                                                       "Framework"])
    assert asked == ["Data Privacy Framework"]
    assert names_term(fold("La Commission a adopté la décision d'adéquation 2023/1795, appelée "
                           "« Data Privacy Framework »."), asked)
    assert not names_term(fold("La liste des adhérents au Data Privacy Framework est tenue par "
                               "le département du Commerce."), asked)
    assert names_term(fold("La version 3.2 ajoute le CaaS (Container as a Service)."), ["CaaS"])
    assert names_term(fold("Elle s'appelle l'analyse d'impact des transferts (AITD)."), ["AITD"])
    assert not names_term(fold("Le Conseil d'État (10e chambre) a rejeté le recours."),
                          ["Conseil"])


def test_a_relative_qui_does_not_make_a_who_question():
    from assistant.questions import question_kind

    assert question_kind("Par quelles étapes passe un prestataire qui veut être qualifié "
                         "SecNumCloud ?") == "list"
    assert question_kind("Quel est le numéro de la délibération qui autorise EMC2 ?") != "who"
    assert question_kind("Qui héberge EMC2 ?") == "who"
    assert question_kind("Le patron de Leviia qui s'énerve, il s'appelle comment ?") == "who"


def test_a_sentence_pointing_back_at_the_best_one_continues_it():
    texts = ["Le centre indique les droits de ses patients : accès, rectification, opposition.",
             "Ces droits s'exercent auprès de son délégué à la protection des données.",
             "La CNIL a été saisie en 2024."]
    analysis, part, scored, hits = _candidates(texts, kind="other")
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, "other", scored, hits, [0.6, 0.1, 0.3])
    assert [s.sentence.text for s in chosen] == texts[:2]
    # not for a name, a date or a figure read off one sentence
    chosen = scoring.select(selection, "when", scored, hits, [0.6, 0.1, 0.3])
    assert [s.sentence.text for s in chosen] == texts[:1]


def test_what_someone_explained_or_how_they_answered_asks_what_was_said():
    from assistant.questions import question_kind

    assert question_kind("Qu'expliquait la directrice du HDH aux députés sur les clés ?") == "said"
    assert question_kind("Comment le patron de l'ANSSI a-t-il répondu aux critiques ?") == "said"
    assert question_kind("Comment la CNIL a-t-elle limité l'autorisation ?") != "said"


def test_how_a_definition_or_the_latest_state_is_asked():
    from assistant.questions import question_kind

    for question in ("Le Data Privacy Framework, de quoi s'agit-il ?",
                     "En quoi consiste le principe de composition ?",
                     "le caas dans secnumcloud c quoi", "whats the cloud act??",
                     "Comment la circulaire définit-elle les données sensibles ?",
                     "Ça veut dire quoi AITD quand on parle de transferts ?",
                     "What does the acronym AITD refer to?"):
        assert question_kind(question, "en" if question.startswith("W") else "fr") \
            == "definition", question
    for question in ("Où en est Bleu dans sa qualification ?",
                     "Quoi de neuf récemment sur le schéma EUCS ?",
                     "NumSpot a-t-il été qualifié ? quelles sont les dernieres infos"):
        assert question_kind(question) == "latest", question
    assert question_kind("Where does the procedure to choose a new host stand right now?",
                         "en") == "latest"
    # « Qu'est-ce que la présidente a dit … ? » asks what was said, not a definition
    assert question_kind("qu'est ce que la presidente de la cnil aurait dit de secnumcloud ?") \
        == "said"


def test_a_definition_is_about_the_asked_term():
    from assistant.defining import defined_term, defines, leads_with
    from core.text import fold

    term = defined_term("C'est quoi EMC2 au juste, ce projet autorisé par la CNIL ?",
                        ("EMC2", "CNIL"), ())
    assert term == frozenset(analyze("EMC2"))
    assert defined_term("Qu'entend-on par la doctrine « cloud au centre » de l'État ?",
                        ("État",), ()) == frozenset(analyze("cloud au centre"))
    assert defines(fold("EMC2 est un entrepôt constitué pour répondre à un appel d'offres."), term)
    assert defines(fold("L'ANS présente EMC2 comme « l'entrepôt multicentrique »."), term)
    # the term, but defining something else; a passive is no definition
    assert not defines(fold("Microsoft Ireland, hébergeur de l'entrepôt EMC2, n'est pas "
                            "qualifiée SecNumCloud."), term)
    assert not defines(fold("L'entrepôt EMC2 est alimenté par quatre établissements."), term)
    assert leads_with(fold("Le référentiel SecNumCloud sert à qualifier des prestataires."),
                      frozenset(analyze("SecNumCloud")))
    # the name a sentence gives a thing defines it (« est dite non européenne … si … »)
    outside = frozenset(analyze("non européenne"))
    assert defines(fold("Une entité tierce est dite non européenne, au sens du point 19.6 b), si "
                        "son siège statutaire est situé hors de l'Union européenne."), outside)
    assert not defines(fold("Le capital ne doit pas être détenu à plus de 24 % par une entité "
                            "tierce non européenne."), outside)


def test_a_frame_opening_a_definition_question_does_not_hide_its_ask():
    from assistant.questions import question_kind

    assert question_kind("Au sens du point 19.6 b) de SecNumCloud, qu'est-ce qu'une entité "
                         "tierce « non européenne » ?") == "definition"
    assert question_kind('In SecNumCloud 19.6 b), what counts as a "non-European third-party '
                         'entity"?', "en") == "definition"


def test_a_definition_goes_on_while_its_sentences_are_about_the_term():
    texts = ["SecNumCloud est un référentiel publié par l'ANSSI.",
             "Le référentiel SecNumCloud sert à qualifier des prestataires.",
             "L'ANSSI délivre des visas de sécurité.",
             "SecNumCloud est aussi cité par la CNIL."]
    analysis, part, scored, hits = _candidates(texts, kind="definition")
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, "definition", scored, hits, [0.6, 0.1, 0.2, 0.1],
                            frozenset(analyze("SecNumCloud")))
    assert [s.sentence.text for s in chosen] == texts[:2]


def test_latest_quotes_the_newest_plausible_statement_over_a_more_probable_older_one():
    texts = ["La circulaire du 5 février 2026 réaffirme l'exigence de qualification.",
             "Le décret du 24 mars 2026 précise les obligations des hébergeurs.",
             "Le référentiel de 2024 imposait la localisation en Europe."]
    analysis, part, scored, hits = _candidates(texts, kind="latest")
    selection = dict(scoring.DEFAULT_SELECTION, max_sentences=1)
    chosen = scoring.select(selection, "latest", scored, hits, [0.8, 0.06, 0.14])
    assert [s.sentence.text for s in chosen] == texts[1::-1]
