"""A quoted sentence that opens by pointing back (« Il exige … », « Ces droits s'exercent … »,
« Selon la CNIL, ces lois … ») is quoted with the sentence before it, which names what it
points to: « Il » alone does not say it is the February 2026 communiqué, nor « ces lois »
that they are FISA and the CLOUD Act.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import STOPWORDS, analyze, fold

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


# « La délibération vise aussi la loi … », « … vise enfin le code … »: a verb told again with
# more, the next item of a series (folded).
_ALSO_VERB = re.compile(r"\b([^\W\d_]{4,})\s+(?:aussi|egalement|enfin|also)\b")


def adds_to(text: str, before: str) -> bool:
    """True when ``text`` tells again, « aussi » / « également » / « enfin », the act
    ``before`` tells (the same past participle, or the same verb): it adds to it, and says
    so."""
    folded, told = fold(text).replace("’", "'"), fold(before).replace("’", "'")
    match = _ALSO.search(folded)
    if match is not None and re.search(rf"\b{match.group(1)}\b", told):
        return True
    return any(m.group(1) not in STOPWORDS and re.search(rf"\b{m.group(1)}\b", told)
               for m in _ALSO_VERB.finditer(folded))


# Where a passage's sentences end (for its first and last sentence only).
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Þ])")


def continues(text: str, following: str) -> bool:
    """True when the passage ``following`` opens on a sentence that adds to the last sentence
    of ``text`` (``adds_to``): the passage after it in its document goes on with it."""
    last = _SENTENCE_END.split(text.strip())[-1]
    body = [line for line in following.strip().splitlines() if line and not line.startswith("#")]
    if not body or not last:
        return False
    return adds_to(_SENTENCE_END.split(body[0].strip())[0], last)


# « Le support assuré hors de l'Union doit alors être documenté »: « alors » after the verb
# is the case the sentence before it opens; « … n'est donc pas exclu », the conclusion of it.
_THEN = re.compile(r"\b(?:doit|doivent|devait|devaient|est|sont|etait|etaient|peut|peuvent"
                   r"|a|ont|avait|avaient)\s+(?:alors|donc)\b")


def points_back(text: str) -> bool:
    """True when the sentence opens by referring to what the sentence before it names, or
    holds the case it opens (« doit alors »)."""
    folded = fold(text).replace("’", "'")
    return bool(_POINTS_BACK.match(folded.lstrip("«“\" ")) or _THEN.search(folded))


def goes_on(text: str) -> bool:
    """True when the sentence points back early on (its opening or a demonstrative in its
    first words): it continues the sentence before it."""
    folded = fold(text).replace("’", "'")
    return points_back(text) or bool(_GOES_ON.search(folded[:_EARLY]))


# « Qu'est-ce qui a changé entre … ? », "How did the rule change between …?": a question
# about a change is answered by the two states side by side.
_CHANGE = re.compile(r"\b(?:chang\w*|evolu\w*|differ\w*|compar\w*|modifi\w*)\b")


def asks_change(question: str) -> bool:
    """Does the question ask how something changed (« qu'est-ce qui a changé », "compare")?"""
    return bool(_CHANGE.search(fold(question)))


def parallel(text: str, before: str) -> bool:
    """True when ``text`` says of another thing what ``before`` says (« La version 3.2 finale
    … exige le siège … « et » … » after « La version 3.2.a … exigeait le siège … « ou » … »):
    the same two opening words, most of the same words after them."""
    first, second = fold(before).split(), fold(text).split()
    if len(first) < 6 or len(second) < 6 or first[:2] != second[:2]:
        return False
    a, b = set(analyze(before)), set(analyze(text))
    return len(a & b) >= 0.6 * min(len(a), len(b))


# « … ajoute quatre exigences de souveraineté … »: a count of a noun (folded).
_COUNTED = re.compile(r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+)\s+([^\W\d_]{4,})")
_DEMONSTRATIVE = re.compile(r"\b(?:ces|cette|cet|ce)\s+([^\W\d_]{4,})")


def details_count(text: str, before: str) -> bool:
    """True when ``text`` goes on about the items ``before`` counts (« Parmi ces exigences de
    souveraineté, … » after « … ajoute quatre exigences de souveraineté … »)."""
    opening = fold(text).replace("’", "'")[:_EARLY]
    counted = {s for m in _COUNTED.finditer(fold(before)) for s in analyze(m.group(1))}
    return bool(counted) and any(set(analyze(m.group(1))) & counted
                                 for m in _DEMONSTRATIVE.finditer(opening))


# « … a renoncé à la solution intercalaire … » then « Le gouvernement a choisi de passer
# directement à un hébergement souverain pérenne »: what was given up, then what replaced it
# (folded).
_GAVE_UP = re.compile(r"\b(renonc\w*|abandonn\w*|annul\w*|retir\w*|gave up|dropped|abandoned)\b")
_INSTEAD = re.compile(r"\b(?:a|ont|avait|avaient)\s+(?:choisi|decide|prefere|opte)\b|\bau profit d"
                      r"|\ba la place\b|\bplutot que\b|\binstead\b|\bchose\s+to\b|\bopted\b")


def replaced(text: str, before: str) -> bool:
    """True when ``text`` says what replaced what ``before`` says was given up."""
    return bool(_GAVE_UP.search(fold(before)) and _INSTEAD.search(fold(text).replace("’", "'")))


# « … n'est pas connu non plus », "… either": says of it what the sentence before says of another
_EITHER = re.compile(r"\bnon plus\b|\bnot\b.{0,60}\beither\b")


def with_antecedents(quoted: Sequence[Scored], scored: Sequence[Scored], place: Place, *,
                     continued: bool = False, change: bool = False) -> list[Scored]:
    """``quoted`` with, right before each sentence that points back or adds to the one before
    (``adds_to``), the sentence before it in its document (when the passages hold it and it is
    not quoted already); right after each, the next one when it adds to it; ``continued``:
    and, right after each of the first two quoted sentences, the next one when it points back
    to it; ``change`` (the question asks how something changed): the next one when it says
    the same of another state (``parallel``); and the next one detailing what a quoted
    sentence counts (``details_count``). ``place``: a sentence's document and offset in it."""
    order = ReadingOrder(scored, place)
    places = {place(s) for s in quoted}
    out: list[Scored] = []
    for index, item in enumerate(quoted):
        before = order.before(item)
        # « Le sort de l'entrepôt EMC2 … n'est pas connu non plus. »: the unknown before it too
        either = bool(_EITHER.search(item.sentence.folded))
        if before is not None and place(before) not in places \
                and (not before.not_found or either) \
                and (points_back(item.sentence.text) or either
                     or adds_to(item.sentence.text, before.sentence.text)):
            out.append(before)
            places.add(place(before))
        out.append(item)
        after = next(iter(order.after(item, 1)), None)
        if after is not None and not after.not_found and place(after) not in places and (
                continued and index <= 1 and goes_on(after.sentence.text)
                or adds_to(after.sentence.text, item.sentence.text)
                or details_count(after.sentence.text, item.sentence.text)
                or replaced(after.sentence.text, item.sentence.text)
                or change and parallel(after.sentence.text, item.sentence.text)):
            out.append(after)
            places.add(place(after))
    return out


# A text named by its kind alone (folded): « Toujours selon Delsol, le décret ne reprend pas … »,
# « … n'est donc pas exclu par ce décret ».
_TEXT_KINDS = {"decret": ("decret", "decree"), "loi": ("loi", "law"),
               "arrete": ("arrete", "order"), "circulaire": ("circulaire", "circular")}
_BY_KIND = re.compile(r"\b(?:le|ce|du|au|par|la|cette|l')\s?(decret|loi|arrete|circulaire)\b"
                      r"(?!\s+n\S{0,2}\s?\d)(?!\s+(?:relati|sur|du|de|d')\b)")
_NUMBER_GIVEN = re.compile(r"\b(?:n\S{0,2}\s?)?\d{2,4}-\d{2,4}\b")


def with_text_named(question: str, quoted: list[Scored], scored: Sequence[Scored],
                    section: Callable[[Scored], tuple[str, str]], place: Place) -> list[Scored]:
    """``quoted`` with, before the first sentence naming a text by its kind alone (« le décret
    ne reprend pas les exigences de SecNumCloud »), the sentence of its section that names it
    by its number (« Le décret n° 2026-209 du 24 mars 2026, publié au Journal officiel … »),
    when the question asks about that kind of text without its number (« le décret de mars
    2026 », "the 2026 decree")."""
    asked = fold(question).replace("’", "'")
    if _NUMBER_GIVEN.search(asked):
        return quoted
    for item in quoted:
        found = _BY_KIND.search(item.sentence.folded)
        if found is None or not any(re.search(rf"\b{word}s?\b", asked)
                                    for word in _TEXT_KINDS[found.group(1)]):
            continue
        numbered = re.compile(rf"\b{found.group(1)} n\S{{0,2}}\s?[\d/-]+")
        if any(numbered.search(q.sentence.folded) for q in quoted):
            return quoted
        naming = [s for s in scored if section(s) == section(item) and not s.not_found
                  and numbered.search(s.sentence.folded) and place(s)[1] < place(item)[1]
                  and all(s.sentence.text != q.sentence.text for q in quoted)]
        if not naming:
            return quoted
        first = min(naming, key=lambda s: place(s)[1])
        at = quoted.index(item)
        return [*quoted[:at], first, *quoted[at:]]
    return quoted
