"""A definition that only tells a term's name goes on with what the term does.

« C'est quoi le CLOUD Act ? » is not answered by « Le CLOUD Act est une loi des États-Unis dont
le nom complet est … » alone, nor by when it was adopted: what defines a law, an article or a
scheme is what it allows, requires or forbids (« Le CLOUD Act permet aux autorités fédérales
américaines d'obliger … »).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .defining import defines, leads_with
from .shapes import Scored

# What a law, an article or a scheme does (« Le CLOUD Act permet aux autorités fédérales … »,
# « La section 702 du FISA permet … d'autoriser la surveillance … »): what defines it once
# its name is told.
_EFFECT = re.compile(
    r"\b(?:permet|permettent|autorise|autorisent|oblige|obligent|impose|imposent|interdit"
    r"|interdisent|exige|exigent|contraint|contraignent|allows?|requires?|forces?|compels?)\b")
# A sentence that tells a term's name, not what it is (« … dont le nom complet est … », « …
# est codifiée au 50 U.S.C. § 1881a »).
_NAMING = re.compile(r"\bnom complet\b|\bcodifiee?s?\b|\bsigle\b|\bacronyme\b|\bstands for\b"
                     r"|\bfull name\b")
_SUBJECT_WORDS = 6  # a term that does something is named within the first words (« La section
# 702 du FISA permet … »)
# A sentence going on about the one before (« Cette obligation du CLOUD Act s'applique … »).
_GOING_ON = re.compile(r"^(?:cette|cet|ce|ces|this|these)\b")


def with_effect(quoted: list[Scored], scored: Sequence[Scored], term: frozenset[str],
                place: Callable[[Scored], tuple[str, int]]) -> list[Scored]:
    """A definition quoting only the term's name (« Le CLOUD Act est une loi des États-Unis
    dont le nom complet est … ») goes on with what the term does: the first sentence, in the
    order of its document (``place``: document and offset), that leads with the term and an
    effect verb, and the sentence after it when it goes on about it (« Cette obligation du
    CLOUD Act s'applique que les données soient stockées aux États-Unis ou à l'étranger »).
    They take the place of quoted sentences that neither define nor name it (its history:
    « a été adopté au sein de la loi de crédits consolidés de 2018 »)."""
    if not term or not any(_NAMING.search(s.sentence.folded) for s in quoted) or any(
            _EFFECT.search(s.sentence.folded) for s in quoted):
        return quoted
    naming = next(s for s in quoted if _NAMING.search(s.sentence.folded))
    if not term <= naming.sentence.stems:  # the name of something else
        return quoted
    document = place(naming)[0]
    effects = [s for s in scored if leads_with(s.sentence.folded, term, _SUBJECT_WORDS)
               and term <= s.sentence.stems and _EFFECT.search(s.sentence.folded)
               and place(s)[0] == document]
    if not effects:
        return quoted
    effect = min(effects, key=place)
    after = [s for s in scored if s.hit_index == effect.hit_index
             and s.position == effect.position + 1 and _GOING_ON.match(s.sentence.folded)
             and leads_with(s.sentence.folded, term, _SUBJECT_WORDS)]
    kept = [s for s in quoted
            if defines(s.sentence.folded, term) or _NAMING.search(s.sentence.folded)]
    return kept + [effect] + after[:1]
