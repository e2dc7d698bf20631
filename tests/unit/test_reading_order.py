"""Candidate sentences read in their document's order, across overlapping passages."""

from __future__ import annotations

from candidates import scored as _passage

from assistant.reading import ReadingOrder

TEXT = ("Le Conseil d'État a retenu plusieurs motifs. Il relève la pseudonymisation. "
        "Il relève l'hébergement en France.\n\nUn autre paragraphe commence ici.")


def test_sentences_follow_each_other_across_overlapping_passages():
    cut = TEXT.index("Il relève l'hébergement")
    first = _passage(TEXT[:cut], 0)  # the first passage stops mid-paragraph
    second = _passage(TEXT[TEXT.index("Il relève la"):], 1)  # the next one overlaps it
    starts = {0: 0, 1: TEXT.index("Il relève la")}
    order = ReadingOrder(first + second,
                         lambda s: ("doc", starts[s.hit_index] + s.sentence.start))
    head = first[0]
    after = order.after(head, 3)
    assert [s.sentence.text[:20] for s in after] == [
        "Il relève la pseudon", "Il relève l'hébergem", "Un autre paragraphe "]
    # within its paragraph only
    assert len(order.after(head, 3, gap=1)) == 2
    assert order.before(after[1]).sentence.text.startswith("Il relève la")
    assert order.before(head) is None


def test_a_sentence_missing_between_breaks_the_run():
    sentences = _passage(TEXT, 0)
    kept = [sentences[0], sentences[2]]  # the second sentence is no candidate
    order = ReadingOrder(kept, lambda s: ("doc", s.sentence.start))
    assert order.after(kept[0], 2) == []
    assert order.before(kept[1]) is None


def test_the_candidates_earlier_in_a_document_nearest_first_whatever_between():
    from candidates import place, scored

    from assistant.reading import ReadingOrder

    items = scored("La CNIL a statué en 2023. Le Conseil d'État a jugé en 2024. Le HDH a "
                   "signé en 2020. La loi SREN date de mai 2024.")
    order = ReadingOrder([items[0], items[2], items[3]], place)
    assert order.earlier(items[3], 5) == [items[2], items[0]]
    assert order.earlier(items[0], 5) == []
