"""Grammatical gender: which earlier turn a French subject pronoun can point back to.

« Et elle est parue au JO quel jour ? » after « c'est quoi la loi SREN ? » then « quel article
parle du cloud ? »: « elle » cannot be the article (masculine), it is the law. The gender of a
turn's thing is read off the determiner before its first noun (« la loi », « quel article »,
« cette délibération »), or, after « l' », off a short list of the corpus's own nouns that open
with a vowel (« l'arrêté », « l'ordonnance »). Folded text throughout; unknown is "".
"""

from __future__ import annotations

import re

from core.text import fold

# A subject pronoun opening the turn or after « et » / « mais » / « ok » (not inverted:
# « a-t-elle », nor impersonal: « il y a », « il faut »)
_SUBJECT = re.compile(r"^\W*(?:(?:et|mais|ok|ah|donc|alors)\W+)*(il|elle)\s+(?!y\b|faut\b|s'agit\b)")

_FEMININE = frozenset("la une cette quelle laquelle sa".split())
_MASCULINE = frozenset("le un ce cet quel lequel son".split())
_PREPOSITIONS = frozenset("de des du au pour par sur dans a aux avec sans vers chez entre selon".split())
# Nouns opening with a vowel, as written after « l' » in the corpus's questions (folded)
_ELIDED = {
    **dict.fromkeys("article arrete entrepot appel avis amendement accord hebergeur hebergement "
                    "audit organisme operateur editeur agrement ecosysteme etat executive "
                    "hopital office".split(), "m"),
    **dict.fromkeys("autorisation ordonnance offre affaire agence association assurance "
                    "annulation adoption instruction entreprise equipe union europe "
                    "etude expertise evaluation exigence".split(), "f"),
}
_WORD = re.compile(r"(?:l|d|qu)'|[a-z0-9][\w-]*")


def pronoun_gender(question: str) -> str:
    """"f" for a subject « elle », "m" for « il », "" for neither (folded question)."""
    match = _SUBJECT.match(fold(question).replace("’", "'"))
    if match is None:
        return ""
    return "f" if match.group(1) == "elle" else "m"


def thing_gender(question: str) -> str:
    """The gender of the first noun phrase of ``question`` not governed by a preposition
    (« quel article parle du cloud » → "m", « c'est quoi la loi SREN » → "f"); "" unknown."""
    words = _WORD.findall(fold(question).replace("’", "'"))
    for i, word in enumerate(words[:-1]):
        if i and words[i - 1] in _PREPOSITIONS:
            continue
        if word in _FEMININE:
            return "f"
        if word in _MASCULINE:
            return "m"
        if word == "l'":
            return _ELIDED.get(words[i + 1], "")
    return ""


def agreeing_turn(question: str, turns: list[tuple[str, str]]) -> int | None:
    """The index, in ``turns`` ((question, answer) pairs, oldest first), of the turn a subject
    pronoun points to when the last turn's thing, asked and answered, has the other gender and
    an earlier turn's has the pronoun's: the nearest such turn. None when gender settles
    nothing (« Il prévoit quoi ? » after « La loi SREN a changé ça ? » « Oui, l'article 31 … »:
    the article the answer named)."""
    gender = pronoun_gender(question)
    if not gender or len(turns) < 2:
        return None
    asked, answered = turns[-1]
    last = thing_gender(asked)
    if not last or last == gender or thing_gender(answered) == gender:
        return None
    for index in range(len(turns) - 2, -1, -1):
        if thing_gender(turns[index][0]) == gender:
            return index
    return None
