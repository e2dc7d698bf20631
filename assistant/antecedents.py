"""A quoted sentence that opens by pointing back (« Il exige … », « Ces droits s'exercent … »,
« Selon la CNIL, ces lois … ») is quoted with the sentence before it, which names what it
points to: « Il » alone does not say it is the February 2026 communiqué, nor « ces lois »
that they are FISA and the CLOUD Act.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .shapes import Scored

# Openings that refer to the sentence before: a subject pronoun, « Et … », « Mais … »; a
# demonstrative noun phrase (not « ce que … », « ce qui … », « c'est »), first or after a short
# attribution (« Selon la même source, ces qualifications … », « Parmi ces exigences … »).
_POINTS_BACK = re.compile(
    r"^(?:(?:il|elle|ils|elles|et|mais)\s"
    r"|(?:[^,;:«]{0,60},\s*|parmi\s|selon\s|d'apres\s|pour\s|dans\s|outre\s)?"
    r"(?:ces|cette|cet|ce)\s(?!que\b|qui\b|dont\b)[^\W\d_]{3,})"
)


# A demonstrative early in a sentence (« Selon la CNIL, aucune offre ne pouvait répondre à ces
# exigences … »): it goes on with what the sentence before it said.
_GOES_ON = re.compile(r"\b(?:ces|cette|cet|ce meme|cette meme)\s(?!que\b|qui\b)[^\W\d_]{3,}")
_EARLY = 80  # characters


def points_back(text: str) -> bool:
    """True when the sentence opens by referring to what the sentence before it names."""
    return bool(_POINTS_BACK.match(fold(text).replace("’", "'").lstrip("«“\" ")))


def goes_on(text: str) -> bool:
    """True when the sentence points back early on (its opening or a demonstrative in its
    first words): it continues the sentence before it."""
    folded = fold(text).replace("’", "'")
    return points_back(text) or bool(_GOES_ON.search(folded[:_EARLY]))


def with_antecedents(quoted: Sequence[Scored], scored: Sequence[Scored], *,
                     continued: bool = False) -> list[Scored]:
    """``quoted`` with, right before each sentence that points back, the sentence before it in
    its passage (when the passage holds one and it is not quoted already); ``continued``: and,
    right after the first quoted sentence, the next one when it points back to it."""
    by_place = {(s.hit_index, s.position): s for s in scored}
    places = {(s.hit_index, s.position) for s in quoted}
    out: list[Scored] = []
    for index, item in enumerate(quoted):
        before = by_place.get((item.hit_index, item.position - 1))
        if before is not None and (before.hit_index, before.position) not in places \
                and not before.not_found and points_back(item.sentence.text):
            out.append(before)
            places.add((before.hit_index, before.position))
        out.append(item)
        after = by_place.get((item.hit_index, item.position + 1))
        if continued and index == 0 and after is not None and not after.not_found \
                and (after.hit_index, after.position) not in places \
                and goes_on(after.sentence.text):
            out.append(after)
            places.add((after.hit_index, after.position))
    return out
