"""Readers answering readers: who replied to whom under the article (``assistant.threads``)."""

from __future__ import annotations

from assistant.retrieval import COMMENTS, Hit
from assistant.sentences import split_sentences
from assistant.shapes import Scored
from assistant.threads import asks_reply, quoted_readers, replies
from core.text import analyze
from index.documents import Chunk


def _comment(n: int, author: str, text: str) -> Hit:
    chunk = Chunk(doc_id="commentaires.md", chunk_no=n, text=text, start=1000 * n,
                  end=1000 * n + len(text), locator=f"Commentaires > {author}", title="C",
                  kind=COMMENTS)
    return Hit(chunk_id=f"c{n}", chunk=chunk, score=1.0, dense=0.5, lexical=1.0, rank=n)


HITS = [
    _comment(0, "Baxter_X", "Il est indispensable que l'Europe se réveille sur ce point et mette "
                            "en place son propre système souverain."),
    _comment(1, "g-m1n1", "Trop tard pour une solution européenne commune.\n"
                          "Dommage, car certains projets européens comme Airbus ont été de beaux "
                          "succès."),
    _comment(2, "nephermat", "c'est sur que dire qu'il est indispensable que « l'Europe » se "
                             "reveille ca va bien dans le sens de notre souveraineté mdr …"),
    _comment(3, "ultrabill", "> Baxter_X:\n> Il est indispensable que l'Europe se réveille.\n\n"
                             "La « souveraineté européenne »… nos données de santé n'ont pas plus "
                             "leur place sur un SI américain qu'un SI autrichien."),
    _comment(4, "Joeee", "> g-m1n1:\n> Trop tard pour une solution européenne commune.\n\n"
                         "Du coup on abandonne, et on laisse nos portes grandes ouvertes ?"),
    _comment(5, "clintl", "Airbus n'a jamais été un projet Européen. Et heureusement, il aurait "
                          "échoué."),
    _comment(6, "jvachez", "Quand on voit qu'il y a OVH dans la liste on comprend pourquoi."),
]


def _scored(question: str) -> list[Scored]:
    """Every sentence, scored by the share of the question's stems it holds."""
    asked = set(analyze(question))
    items = []
    for h, hit in enumerate(HITS):
        for p, sentence in enumerate(split_sentences(hit.chunk.text)):
            score = len(asked & sentence.stems) / (len(asked) or 1)
            items.append(Scored(h, p, sentence, score, 0.4, 0.5, True, frozenset(), False))
    return sorted(items, key=lambda s: -s.score)


def _said(question: str) -> list[tuple[str, str]]:
    return [(HITS[s.hit_index].chunk.locator.rsplit(" > ", 1)[1], s.sentence.text[:20])
            for s in replies(question, _scored(question), HITS, lambda term: 1.0)]


def test_reply_questions_are_told_from_other_questions_about_readers():
    for question in ("Qui a répondu à Baxter_X ?", "Who pushed back on the Airbus example?",
                     "clintl contredit qui ?", "Who mocked Baxter_X's call?",
                     "Que répond Palou à trollkien ?"):
        assert asks_reply(question), question
    for question in ("Que pensent les lecteurs de Microsoft ?", "Qui parle d'Airbus ?",
                     "Which reader mentions OVH?"):
        assert not asks_reply(question), question


def test_the_readers_a_comment_quotes():
    assert quoted_readers(HITS[3].chunk.text) == {"baxter_x"}
    assert quoted_readers(HITS[0].chunk.text) == set()


def test_the_replies_to_a_named_reader_quote_him_or_take_up_his_words():
    said = _said("Qui a répondu à Baxter_X sur l'Europe qui se réveille ?")
    assert {author for author, _ in said[:-1]} == {"ultrabill", "nephermat"}
    assert said[-1][0] == "Baxter_X"  # then the comment they answer


def test_a_reply_to_an_unnamed_reader_answers_the_comment_holding_the_question_s_words():
    said = _said("Qui a contredit le lecteur qui cite Airbus comme beau succès ?")
    assert said[0][0] == "clintl" and said[-1][0] == "g-m1n1"
    assert ("Joeee", "Du coup on abandonne") in said  # what follows his quotation of g-m1n1


def test_a_reader_asked_whom_he_contradicts_is_followed_by_the_comment_he_answers():
    assert [a for a, _ in _said("clintl dit qu'Airbus n'a jamais été un projet européen : "
                                "il contredit qui ?")] == ["clintl", "g-m1n1"]


def test_two_named_readers_are_the_reply_then_what_it_answers():
    assert _said("Qu'a répondu Joeee à g-m1n1 ?") == [("Joeee", "Du coup on abandonne"),
                                                      ("g-m1n1", "Trop tard pour une s")]


def test_no_reply_found_leaves_the_choice_to_the_composer():
    assert _said("Qui a répondu à jvachez ?") == []


def test_a_follow_up_asks_about_the_reader_the_last_answer_named():
    question = "Quelqu'un lui a répondu ?"
    said = replies(question, _scored(question), HITS, lambda term: 1.0,
                   previous=frozenset(analyze("g-m1n1 Airbus")))
    authors = [HITS[s.hit_index].chunk.locator.rsplit(" > ", 1)[1] for s in said]
    assert authors[-1] == "g-m1n1" and set(authors[:-1]) == {"clintl", "Joeee"}
