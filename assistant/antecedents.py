"""A quoted sentence that opens by pointing back (« Il exige … », « Ces droits s'exercent … »,
« Selon la CNIL, ces lois … ») is quoted with the sentence before it, which names what it
points to: « Il » alone does not say it is the February 2026 communiqué, nor « ces lois »
that they are FISA and the CLOUD Act.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .reading import Place, ReadingOrder
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


# « Le Health Data Hub a aussi invoqué … »: the same act told again with more, after the
# sentence telling it first (« … le Health Data Hub a invoqué des prérequis juridiques … »).
_ALSO = re.compile(r"\b(?:a|ont|avait|avaient|est|sont|etait|etaient|has|have|had|was|were)"
                   r"\s+(?:aussi|egalement|also)\s+([^\W\d_]{4,})")


def adds_to(text: str, before: str) -> bool:
    """True when ``text`` tells again, « aussi » / « également », the act ``before`` tells
    (the same past participle): it adds to it, and says so."""
    match = _ALSO.search(fold(text).replace("’", "'"))
    if match is None:
        return False
    return re.search(rf"\b{match.group(1)}\b", fold(before).replace("’", "'")) is not None


def points_back(text: str) -> bool:
    """True when the sentence opens by referring to what the sentence before it names."""
    return bool(_POINTS_BACK.match(fold(text).replace("’", "'").lstrip("«“\" ")))


def goes_on(text: str) -> bool:
    """True when the sentence points back early on (its opening or a demonstrative in its
    first words): it continues the sentence before it."""
    folded = fold(text).replace("’", "'")
    return points_back(text) or bool(_GOES_ON.search(folded[:_EARLY]))


def with_antecedents(quoted: Sequence[Scored], scored: Sequence[Scored], place: Place, *,
                     continued: bool = False) -> list[Scored]:
    """``quoted`` with, right before each sentence that points back or adds to the one before
    (``adds_to``), the sentence before it in its document (when the passages hold it and it is
    not quoted already); right after each, the next one when it adds to it; ``continued``:
    and, right after the first quoted sentence, the next one when it points back to it.
    ``place``: a sentence's document and offset in it."""
    order = ReadingOrder(scored, place)
    places = {place(s) for s in quoted}
    out: list[Scored] = []
    for index, item in enumerate(quoted):
        before = order.before(item)
        if before is not None and place(before) not in places and not before.not_found \
                and (points_back(item.sentence.text)
                     or adds_to(item.sentence.text, before.sentence.text)):
            out.append(before)
            places.add(place(before))
        out.append(item)
        after = next(iter(order.after(item, 1)), None)
        if after is not None and not after.not_found and place(after) not in places and (
                continued and index == 0 and goes_on(after.sentence.text)
                or adds_to(after.sentence.text, item.sentence.text)):
            out.append(after)
            places.add(place(after))
    return out
