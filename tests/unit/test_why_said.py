"""Why- and said-questions: what the question asks, and what the answer must quote."""

from __future__ import annotations

from assistant import scoring
from assistant.questions import question_kind
from assistant.retrieval import Hit
from assistant.sentences import SentenceInfo, split_sentences
from assistant.shapes import Scored, spoken_by
from core.text import analyze, fold
from index.documents import Chunk


def _scored(texts: list[str]) -> tuple[list[Scored], list[Hit]]:
    text = " ".join(texts)
    chunk = Chunk(doc_id="d.md", chunk_no=0, text=text, start=0, end=len(text), locator="",
                  title="T", kind="fiche")
    hit = Hit(chunk_id="d:0", chunk=chunk, score=1.0, dense=0.5, lexical=3.0, rank=0)
    scored = [Scored(0, i, s, 0.5 - 0.01 * i, 0.4, 0.5, False, frozenset(), False)
              for i, s in enumerate(split_sentences(text))]
    return scored, [hit]


def test_a_reporting_verb_after_que_or_qu_a_asks_what_was_said():
    assert question_kind("Qu'a expliqué Stéphanie Combes aux députés sur les clés ?") == "said"
    assert question_kind("Qu'a raconté la directrice aux députés à propos d'OVH ?") == "said"
    assert question_kind("Qu'est-ce que la directrice du HDH a expliqué aux députés ?") == "said"
    assert question_kind("qu'est ce que la presidente de la cnil aurait dit de secnumcloud ?") \
        == "said"
    assert question_kind("Qu'est-ce que Latombe a soutenu en octobre 2023 ?") == "said"
    assert question_kind("veran il avait promis quoi a la presidente de la cnil") == "said"
    assert question_kind("What did Stéphanie Combes tell MPs about the keys?", "en") == "said"
    assert question_kind("How did Cloud Temple's boss describe the consultation?", "en") == "said"
    assert question_kind("What European alternative did Cédric O put forward to senators?",
                         "en") == "said"
    # a definition stays one
    assert question_kind("Qu'est-ce que le SNDS ?") == "definition"
    assert question_kind("Qu'est-ce que la doctrine cloud au centre ?") == "definition"


def test_grounds_reasons_and_what_led_ask_why():
    assert question_kind("On what ground did the Court invalidate the Privacy Shield?",
                         "en") == "why"
    assert question_kind("What reasons did the Health Data Hub give for picking Microsoft?",
                         "en") == "why"
    assert question_kind("Quels éléments ont conduit le Conseil d'État à valider "
                         "l'hébergement ?") == "why"


def test_a_sentence_announcing_reasons_brings_them():
    texts = ["Le Conseil d'État a retenu plusieurs motifs pour valider l'hébergement.",
             "Le Conseil d'État relève les pseudonymisations multiples des données.",
             "Il relève aussi que seules des données techniques d'usage sont transférées.",
             "La décision a été rendue par deux chambres réunies."]
    scored, hits = _scored(texts)
    chosen = scoring.complete("why", scored[:1], scored)
    assert [s.sentence.text for s in chosen] == texts[:3]


def test_a_split_quotation_is_quoted_from_where_it_opens():
    texts = ["« Ce que nous pouvons dire : la France n'est pas capable d'héberger ses données.",
             "Et nous parlons bien de la France », s'emporte le cofondateur de Leviia.",
             "La CNIL a autorisé le stockage chez Microsoft."]
    scored, hits = _scored(texts)
    chosen = scoring.complete("said", [scored[1]], scored)
    assert [s.sentence.text for s in chosen] == texts[:2]
    chosen = scoring.complete("said", [scored[0]], scored)
    assert [s.sentence.text for s in chosen] == texts[:2]


def test_what_someone_the_question_names_is_reported_to_have_said():
    known = frozenset(analyze("How did Cloud Temple's boss describe the consultation?"))
    info = SentenceInfo()
    said = fold("Le dirigeant de Cloud Temple y présente l'exercice comme une évaluation "
                "de la maturité de l'offre française.")
    assert spoken_by(said, info, known)
    assert spoken_by(fold("Selon Cloud Temple, la consultation était inéquitable."), info, known)
    # that someone spoke is not what they said; someone else's words are not theirs
    assert not spoken_by(fold("Le dirigeant de Cloud Temple a décrit la consultation."), info,
                         known)
    assert not spoken_by(fold("Selon la CNIL, aucune offre ne répondait."), info, known)


def test_a_sentence_adding_to_a_quoted_reason_is_quoted_with_it():
    texts = ["Pour justifier le choix de Microsoft, le Health Data Hub a invoqué des prérequis "
             "juridiques.",
             "Le Health Data Hub a aussi invoqué la certification HDS.",
             "La CNIL a aussi rendu un avis."]
    scored, hits = _scored(texts)
    chosen = scoring.complete("why", scored[:1], scored)
    assert [s.sentence.text for s in chosen] == texts[:2]
    # « aussi » said of another subject does not continue it
    assert not scoring._adds_to(scored[1].sentence.folded, scored[2].sentence.folded)


def test_the_next_sentence_may_open_the_next_passage():
    first = "Pour justifier le choix, le Health Data Hub a invoqué des prérequis juridiques."
    second = "Le Health Data Hub a aussi invoqué la certification HDS."
    hits = []
    for number, (text, start) in enumerate(((first, 0), (second, len(first) + 1))):
        chunk = Chunk(doc_id="d.md", chunk_no=number, text=text, start=start,
                      end=start + len(text), locator="", title="T", kind="fiche")
        hits.append(Hit(chunk_id=f"d:{number}", chunk=chunk, score=1.0, dense=0.5, lexical=3.0,
                        rank=number))
    scored = [Scored(i, 0, split_sentences(h.chunk.text)[0], 0.5, 0.4, 0.5, False, frozenset(),
                     False) for i, h in enumerate(hits)]
    chosen = scoring.complete("why", scored[:1], scored, hits=hits)
    assert [s.sentence.text for s in chosen] == [first, second]


def test_the_named_speakers_words_are_quoted_first():
    from assistant import speech
    from assistant.questions import Analysis, Concept, Part

    question = "What did MP Philippe Latombe argue about the cloud circular?"
    part = Part(question, (Concept(frozenset(analyze("circular")), 1.0),), "", question,
                kind="said", entities=("MP", "Philippe", "Latombe"))
    analysis = Analysis(question, "en", (part,), False, question, frozenset(analyze(question)),
                        kind="said", entities=("MP", "Philippe", "Latombe"))
    assert speech.speaker_stems(analysis) == frozenset(analyze("MP Philippe Latombe"))
    texts = ["Avant la loi SREN, la doctrine ne s'appliquait qu'à l'État.",
             "En octobre 2023, le député Philippe Latombe a soutenu que le Health Data Hub "
             "se trouvait hors du champ de la circulaire.",
             "La circulaire date de 2021."]
    scored, _ = _scored(texts)
    scored = [s.__class__(**{**s.__dict__, "score": score})
              for s, score in zip(scored, (0.9, 0.8, 0.5), strict=True)]
    infos = {texts[1]: SentenceInfo(flags=frozenset({"reporting", "content"}),
                                    speaker="le depute philippe latombe")}
    quoted = speech.complete(analysis, [scored[0], scored[2]], scored, [0.45, 0.3, 0.2],
                             lambda s: infos.get(s.sentence.text, SentenceInfo()))
    assert [s.sentence.text for s in quoted] == texts[:2]
    # the scorer sure of its first choice: it stands as it is
    quoted = speech.complete(analysis, [scored[0], scored[2]], scored, [0.9, 0.05, 0.05],
                             lambda s: infos.get(s.sentence.text, SentenceInfo()))
    assert [s.sentence.text for s in quoted] == [texts[0], texts[2]]
    # far below the best, not brought forward
    quoted = speech.complete(analysis, [scored[0]], scored[:1] + [scored[2]], [0.6, 0.2],
                             lambda s: SentenceInfo())
    assert [s.sentence.text for s in quoted] == texts[:1]


def _cnil_said(question: str, word: str):
    """A what-was-said question about the CNIL, one concept (``word``)."""
    from assistant.questions import Analysis, Concept, Part

    part = Part(question, (Concept(frozenset(analyze(word)), 1.0),), "", question,
                kind="said", entities=("CNIL",))
    return Analysis(question, "fr", (part,), False, question, frozenset(analyze(question)),
                    kind="said", entities=("CNIL",))


def test_the_scorers_own_choice_where_the_speaker_speaks_is_kept_whatever_its_score():
    from assistant import speech

    analysis = _cnil_said("Qu'a demandé la CNIL dans son mémoire ?", "mémoire")
    texts = ["Dans son mémoire, la CNIL soutient que le risque ne peut pas être exclu.",
             "Dans ce mémoire, la CNIL souhaite que les acteurs cessent de collaborer avec des "
             "sociétés soumises au droit américain."]
    scored, _ = _scored(texts)
    scored = [s.__class__(**{**s.__dict__, "score": score})
              for s, score in zip(scored, (0.98, 0.77), strict=True)]
    speaks = SentenceInfo(flags=frozenset({"reporting", "content"}), speaker="la cnil")
    # the scorer's choice scores far below the composer's best: it is still the speaker's words
    quoted = speech.complete(analysis, [scored[1]], scored, [0.3, 0.45], lambda s: speaks)
    assert texts[1] in [s.sentence.text for s in quoted]


def test_the_sentence_where_the_speaker_uses_the_asked_verb_leads():
    from assistant import speech

    analysis = _cnil_said("La CNIL, elle regrette quoi exactement ?", "regrette")
    texts = ["La CNIL souligne que Microsoft est soumise au CLOUD Act.",
             "La CNIL regrette que la recherche n'ait pas stimulé une offre européenne."]
    scored, _ = _scored(texts)
    speaks = SentenceInfo(flags=frozenset({"reporting", "content"}), speaker="la cnil")
    quoted = speech.complete(analysis, [scored[0]], scored, [0.8, 0.1], lambda s: speaks)
    assert {s.sentence.text for s in quoted} == set(texts)
    # not a sentence that only names the regrets
    texts[1] = "La CNIL a exprimé des « regrets » en autorisant Microsoft."
    scored, _ = _scored(texts)
    quoted = speech.complete(analysis, [scored[0]], scored, [0.8, 0.1], lambda s: speaks)
    assert [s.sentence.text for s in quoted] == texts[:1]


def test_a_close_sentence_giving_grounds_leads_a_why_answer():
    texts = ["L'arrêt Schrems II a invalidé le Privacy Shield le 16 juillet 2020.",
             "La CJUE a notamment reproché au Privacy Shield l'absence de recours effectif.",
             "Le Privacy Shield avait été adopté en 2016."]
    scored, _ = _scored(texts)
    scored = [s.__class__(**{**s.__dict__, "score": score})
              for s, score in zip(scored, (0.8, 0.62, 0.7), strict=True)]
    assert scoring.with_grounds([0, 2], scored, [0.5, 0.1, 0.3]) == [1, 0]
    # not when a chosen sentence gives grounds already, nor far below the best
    assert scoring.with_grounds([1], scored, [0.5, 0.1, 0.3]) == [1]
    weak = scored[:1] + [scored[1].__class__(**{**scored[1].__dict__, "score": 0.4})]
    assert scoring.with_grounds([0], weak, [0.5, 0.1]) == [0]


def test_grounds_read_with_or_without_elision() -> None:
    for folded in ("la cnil estime que le risque est faible", "parce que le juge l'a dit",
                   "parce qu'il le fallait", "puisque rien ne l'interdit", "afin que la loi s'applique",
                   "le ministre considere que c'est urgent"):
        assert scoring.gives_grounds(folded), folded
    assert not scoring.gives_grounds("la cnil a autorise l'entrepot le 21 decembre 2023")


LEVIIA_FIRST = ("« Nous ne pouvons pas héberger nos données », s'emporte le cofondateur de "
                "Leviia, William Méauzoone. La CNIL a tranché.")
LEVIIA_ON = ("Cela embête William Méauzoone. « C'est une lacune », ajoute-t-il, en demandant "
             "l'annulation de la décision. Il serait temps.")


def _two_passages(first_text: str, second_text: str):
    """Two passages' candidates, the second following the first in one document, and where
    each sentence stands."""
    first, second = split_sentences(first_text), split_sentences(second_text)
    scored = [Scored(hit, i, s, 0.5, 0.4, 0.5, False, frozenset(), False)
              for hit, sentences in enumerate((first, second)) for i, s in enumerate(sentences)]
    starts = {0: 0, 1: 1000}
    place = lambda s: ("clubic", starts[s.hit_index] + s.sentence.start)  # noqa: E731
    return first, second, scored, place


def test_a_speaker_going_on_further_in_the_document_is_quoted_too():
    from assistant.speech import goes_on_saying

    first, second, scored, place = _two_passages(LEVIIA_FIRST, LEVIIA_ON)
    out = goes_on_saying([scored[0]], scored, place)
    assert [s.sentence.text for s in out] == [first[0].text, second[1].text]
    # another speaker named just before: not the same one going on
    _, _, scored, place = _two_passages(
        LEVIIA_FIRST, "Cela embête Octave Klaba. « C'est une lacune », ajoute-t-il.")
    assert goes_on_saying([scored[0]], scored, place) == [scored[0]]


def test_a_speaker_going_on_is_quoted_after_their_first_words_and_name():
    from assistant.speech import said_first

    first, second, scored, place = _two_passages(LEVIIA_FIRST, LEVIIA_ON)
    out = said_first([scored[3]], scored, place)
    assert [s.sentence.text for s in out] == [first[0].text, second[1].text]
    # quoted already, or no speaker going on: unchanged
    assert said_first([scored[0], scored[3]], scored, place) == [scored[0], scored[3]]
    assert said_first([scored[1]], scored, place) == [scored[1]]


def test_a_passage_opening_on_a_speaker_going_on_continues_the_one_naming_them():
    from assistant.speech import speaker_goes_on

    text = "Et cela embête d'autant plus William Méauzoone, dont l'entreprise n'a pas été conviée."
    assert speaker_goes_on(text, "« Cela souligne une lacune énorme », ajoute-t-il, en "
                                 "demandant l'annulation de la décision.")
    assert not speaker_goes_on(text, "La CNIL a autorisé EMC2 pour trois ans.")
    assert not speaker_goes_on("La CNIL a rendu sa décision.", "« Bref », ajoute-t-il.")
