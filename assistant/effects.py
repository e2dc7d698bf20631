"""A definition that only tells a term's name goes on with what the term does.

« C'est quoi le CLOUD Act ? » is not answered by « Le CLOUD Act est une loi des États-Unis dont
le nom complet est … » alone, nor by when it was adopted: what defines a law, an article or a
scheme is what it allows, requires or forbids (« Le CLOUD Act permet aux autorités fédérales
américaines d'obliger … »).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .deciding import DENIES
from .defining import defines, leads_with
from .shapes import Scored

if TYPE_CHECKING:
    import numpy as np

# What a law, an article or a scheme does (« Le CLOUD Act permet aux autorités fédérales … »,
# « La section 702 du FISA permet … d'autoriser la surveillance … »): what defines it once
# its name is told.
_EFFECT = re.compile(
    r"\b(?:permet|permettent|permettre|autorise|autorisent|oblige|obligent|impose|imposent|interdit"
    r"|interdisent|exige|exigent|contraint|contraignent|modifie|modifient|allows?|requires?"
    r"|forces?|compels?|amends?)\b")
# A sentence that tells a term's name, not what it is (« … dont le nom complet est … », « …
# est codifiée au 50 U.S.C. § 1881a »).
_NAMING = re.compile(r"\bnom complet\b|\bcodifiee?s?\b|\bsigle\b|\bacronyme\b|\bstands for\b"
                     r"|\bfull name\b")
_SUBJECT_WORDS = 6  # a term that does something is named within the first words (« La section
# 702 du FISA permet … »)
MORE_EFFECTS = 2  # sentences told after the first effect: more effects, or one going on
# A sentence going on about the one before (« Cette obligation du CLOUD Act s'applique … »).
_GOING_ON = re.compile(r"^(?:cette|cet|ce|ces|this|these)\b")


def with_effect(quoted: list[Scored], scored: Sequence[Scored], term: frozenset[str],
                place: Callable[[Scored], tuple[str, int]]) -> list[Scored]:
    """A definition quoting only the term's name (« Le CLOUD Act est une loi des États-Unis
    dont le nom complet est … ») goes on with what the term does: the first sentence, in the
    order of its document (``place``: document and offset), that leads with the term and an
    effect verb (« … modifie principalement le Stored Communications Act »), the effects it
    goes on with (« Le CLOUD Act permet … ») and the sentence after them when it goes on about
    them (« Cette obligation du CLOUD Act s'applique que les données soient stockées aux
    États-Unis ou à l'étranger »).
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
    told = [min(effects, key=place)]
    # the term goes on doing things (« … modifie le Stored Communications Act. Le CLOUD Act
    # permet … »), until a sentence goes on about what it does (« Cette obligation … »)
    for _ in range(MORE_EFFECTS):
        last = told[-1]
        following = next((s for s in scored if s.hit_index == last.hit_index
                          and s.position == last.position + 1
                          and leads_with(s.sentence.folded, term, _SUBJECT_WORDS)
                          and (_GOING_ON.match(s.sentence.folded) or s in effects)), None)
        if following is None:
            break
        told.append(following)
        if _GOING_ON.match(following.sentence.folded):
            break
    kept = [s for s in quoted
            if defines(s.sentence.folded, term) or _NAMING.search(s.sentence.folded)]
    return kept + told


# « What does SecNumCloud require? », « Qu'impose la loi SREN ? »: what a term does, asked
# (the verb, then the term), and how the documents write that doing.
_ASKS_DOING = re.compile(
    r"^(?:and |et )?(?:what|which \w+) (?:does|do|did) (?:the )?(?P<a>.{2,50}?) (?P<v>require"
    r"|impose|allow|permit|forbid|prohibit|demand|mandate)\w*\s*\??\s*$"
    r"|^(?:et )?qu'(?:est-ce qu')?(?P<w>exige|impose|permet|interdit|autorise)\w*"
    r"(?:-t-(?:il|elle))? (?P<b>.{2,50}?)\s*\?*\s*$"
    r"|^(?:et )?que (?P<x>exige|impose|permet|interdit|autorise)\w* (?P<c>.{2,50}?)\s*\?*\s*$"
    # « … à quoi le ministère s'est-il engagé ? », "What did the ministry commit to?"
    r"|\ba quoi (?P<d>.{2,50}?) s'(?:est|etait)-(?:il|elle|t-il|t-elle) (?P<y>engage|oblige)\w*\s*\?*\s*$"
    r"|^(?:and |so )?what (?:did|has|had) (?:the )?(?P<e>.{2,50}?) (?P<z>commit|promise|pledge)\w*"
    r"(?: to(?: do)?)?\s*\??\s*$")
_DOINGS = (
    (re.compile(r"^(?:require|impose|demand|mandate|exige|impose)"),
     re.compile(r"\b(?:exige\w*|impos\w*|oblig\w*|requires?|imposes?)\b")),
    (re.compile(r"^(?:allow|permit|permet|autorise)"),
     re.compile(r"\b(?:permet\w*|autoris\w*|allows?|permits?)\b")),
    (re.compile(r"^(?:forbid|prohibit|interdit)"),
     re.compile(r"\b(?:interdi\w*|prohib\w*|forbids?)\b")),
    (re.compile(r"^(?:engage|oblige|commit|promise|pledge)"),
     re.compile(r"\b(?:s'est engage\w*|s'etait engage\w*|s'engage\w*|a promis|avait promis"
                r"|promet\w*|s'oblige\w*)")),
)
DOING_FLOOR = 0.02  # a candidate where the term does what is asked, this probable or more
MAX_DOING = 2  # such sentences quoted first


def doing(question: str, quoted: list[Scored], scored: Sequence[Scored],
          probabilities: Sequence[float] | np.ndarray) -> list[Scored]:
    """« What does SecNumCloud require? » is answered where SecNumCloud requires (« Le
    référentiel SecNumCloud impose aussi de stocker … dans l'Union européenne »), not where
    something else does not require it (« Le référentiel HDS n'exige pas SecNumCloud »): the
    most probable candidates leading with the term and an effect verb, not denied, come first,
    in place of the quoted sentences that do not."""
    match = _ASKS_DOING.search(fold(question).replace("’", "'"))
    if not match or not quoted:
        return quoted
    term = frozenset(analyze(match.group("a") or match.group("b") or match.group("c")
                             or match.group("d") or match.group("e")))
    verb = (match.group("v") or match.group("w") or match.group("x") or match.group("y")
            or match.group("z"))
    written = next(found for asked, found in _DOINGS if asked.match(verb))

    def does(item: Scored) -> bool:
        # the term, as the subject, before the verb: not « Il exige un hébergeur qualifié
        # SecNumCloud »
        folded = item.sentence.folded
        verb_at = written.search(folded)
        return verb_at is not None and leads_with(folded[:verb_at.start()], term,
                                                  _SUBJECT_WORDS) \
            and not DENIES.search(folded)

    if not term or does(quoted[0]):
        return quoted
    index = {id(s): i for i, s in enumerate(scored)}
    found = sorted((s for s in scored if not s.not_found and does(s)
                    and probabilities[index[id(s)]] >= DOING_FLOOR),
                   key=lambda s: -probabilities[index[id(s)]])
    texts: set[str] = set()
    first = []
    for item in found:
        if item.sentence.text not in texts:
            first.append(item)
            texts.add(item.sentence.text)
        if len(first) == MAX_DOING:
            break
    if not first:
        return quoted
    rest = [s for s in quoted if does(s) and s.sentence.text not in texts]
    return (first + rest)[:max(len(quoted), len(first))]
