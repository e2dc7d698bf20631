"""The learned word associations: hashing, generic words, the stored file, the shipped pairs."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import associations, scoring
from assistant.associations import Associations, pair_slots, question_codes, sentence_codes
from core.text import analyze


def test_names_and_figures_are_left_out_on_both_sides():
    with_names = question_codes("Pourquoi la CNIL a-t-elle autorisé Microsoft en 2024 ?", "why")
    without = question_codes("Pourquoi a-t-elle autorisé ?", "why")
    assert with_names == without  # the words that carry over to other subjects, and the kind
    assert question_codes("Pourquoi a-t-elle autorisé ?", "when") != without
    text = "La CNIL a autorisé l'entrepôt EMC2 pour trois ans en 2024."
    codes = sentence_codes(text, frozenset(analyze(text)))
    plain = "a autorisé l'entrepôt pour trois ans."
    assert codes == sentence_codes(plain, frozenset(analyze(plain)))


def test_pair_slots_are_distinct_sorted_and_within_range():
    slots = pair_slots((1, 2, 3), (7, 8, 7))
    assert list(slots) == sorted(set(slots))
    assert len(slots) == 6
    assert slots.min() >= 0 and slots.max() < associations.SLOTS
    assert len(pair_slots((), (1,))) == 0


def test_a_sentence_scores_the_weights_of_the_pairs_it_has():
    question = question_codes("Pour combien de temps l'autorisation vaut-elle ?", "duration")
    answer = "L'autorisation est accordée pour trois ans."
    other = "Le recours a été rejeté par le Conseil d'État."
    weights = np.zeros(associations.SLOTS)
    good = pair_slots(question, sentence_codes(answer, frozenset(analyze(answer))))
    weights[good] = 0.5
    model = Associations.from_dense(weights, bias=-1.0)
    scores = model.scores(question, [sentence_codes(t, frozenset(analyze(t)))
                                     for t in (answer, other)])
    assert scores[0] == pytest.approx(-1.0 + 0.5 * len(good))
    assert scores[1] == pytest.approx(-1.0 + 0.5 * len(
        set(good) & set(pair_slots(question, sentence_codes(other, frozenset(analyze(other)))))))


def test_the_file_round_trips_and_a_damaged_one_is_refused(tmp_path):
    model = Associations(np.asarray([3, 10, 99]), np.asarray([0.25, -1.5, 2.0]), 0.75)
    path = tmp_path / "pairs.npz"
    model.save(path)
    loaded = Associations.load(path)
    assert list(loaded.slots) == [3, 10, 99]
    assert np.allclose(loaded.weights, model.weights) and loaded.bias == 0.75
    assert loaded.score(np.asarray([10, 99, 5])) == pytest.approx(0.75 - 1.5 + 2.0)
    with open(path, "wb") as fh:
        np.savez(fh, slots=np.asarray([10, 3]), weights=np.asarray([1.0, 2.0]), bias=0.0)
    with pytest.raises(ValueError):
        Associations.load(path)


def test_the_fitting_script_learns_pairs_that_rank_the_answer_first():
    """The logistic model the fitting script uses, on synthetic candidates: a duration
    question's pairs with « ans » come out positive, and the learned column ranks the
    sentence with a duration above the others for a question it never saw."""
    from bench.fit_scorer import PartRecord, QuestionRecord, fit_associations

    sentences = ["L'autorisation est accordée pour trois ans.",
                 "Le recours a été rejeté par le juge.",
                 "La plateforme publie ses comptes chaque année.",
                 "Le contrat est signé pour cinq ans."]
    records = []
    for i, subject in enumerate(["l'autorisation", "le contrat", "la licence", "le marché",
                                 "la convention", "le bail"] * 5):
        question = question_codes(f"Pour combien de temps {subject} vaut-il ?", "duration")
        slots = [pair_slots(question, sentence_codes(t, frozenset(analyze(t))))
                 for t in sentences]
        part = PartRecord("duration", np.zeros((4, 1)), [], [], [], question=question,
                          slots=slots)
        record = QuestionRecord(i, f"q{i}", "", "dev", "duration", "fr", True, [["ans"]],
                                [part], [np.asarray([1.0, 0.0, 0.0, 1.0])])
        records.append(record)
    model = fit_associations(records)
    unseen = question_codes("Combien de temps dure la décision ?", "duration")
    scores = model.scores(unseen, [sentence_codes(t, frozenset(analyze(t)))
                                   for t in sentences])
    assert scores[0] > scores[1] and scores[3] > scores[2]


def test_the_shipped_scorer_comes_with_its_associations():
    model = scoring.default_model()
    assert model is not None and model.associations is not None
    assert len(model.associations.slots) > 1000
    assert np.all(np.diff(model.associations.slots) > 0)


def test_the_strongest_pair_tells_which_word_stands_for_another():
    weights = np.zeros(associations.SLOTS)
    weights[pair_slots([associations._code("q:hopital")],
                       [associations._code("s:etabl")])] = 0.48
    model = Associations.from_dense(weights, bias=0.0)
    assert model.strongest_pair({"hopital"}, ["etabl", "sant"]) == pytest.approx(0.48)
    assert model.strongest_pair({"patient"}, ["etabl"]) == 0.0
    # the shipped pairs: « hôpitaux » is answered by « établissements », not « patients » by it
    shipped = scoring.default_model().associations
    assert shipped.strongest_pair(analyze("hôpitaux"), analyze("établissements")) >= 0.15
    assert shipped.strongest_pair(analyze("patients"), analyze("établissements")) < 0.15
