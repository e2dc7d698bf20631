"""What a yes/no answer quotes besides the sentence scorer's choice: the statement that decides.

A yes/no question is answered by a sentence that settles it, and some questions say which
kind of sentence does:

- **a ruling** (« Le Tribunal a-t-il annulé … ? », "Did the Conseil d'État suspend …?"): the
  question's own verb is what a court or an authority decides (annuler, suspendre, rejeter,
  sanctionner…). It is settled by the sentence saying what was decided about what the question
  names (« … a rejeté le recours … le 3 septembre 2025 », « a refusé de suspendre »), not by a
  request (« demande l'annulation ») or a ground of the decision; and the ruling goes on in the
  next ruling sentence of its passage (« … a refusé de suspendre … » then « Le juge a enjoint …
  un nouvel avenant »).
- **a claim put to the test** (« C'est vrai que … ? », « … est-il confirmé ? », « vraiment »,
  "Is it true …", "confirmed"): settled by the sentence of the claim's passage saying whether it
  was verified or confirmed (« L'affirmation reste non vérifiée »), not by the claim restated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .claims import puts_to_test
from .shapes import Scored, statement_date

if TYPE_CHECKING:
    import numpy as np

# What a court or an authority decided (folded): a ruling verb after its auxiliary, the outcome
# of a case, not its filing (« a déposé un recours », « demandaient l'annulation »).
RULING = re.compile(
    r"\b(a|ont|avait|avaient|est|sont)\s+(ete\s+|aussi\s+|egalement\s+)?(rejete|annule"
    r"|invalide|suspendu|valide|confirme|condamne|refuse|ordonne|deboute|sanctionne|enjoint)"
    r"(e|es|s)?\b"
    r"|\b(rejected|dismissed|annulled|invalidated|suspended|upheld|refused|ordered|ruled)\b"
)
# Negation in a clause (folded): « ne … pas », « aucun », « sans », « ni », « absence de »,
# « refusé de », not, never, without.
DENIES = re.compile(
    r"\b(ne|n'|pas|jamais|aucune?|nullement|sans|absence|refuse|refusent|refusait|refus|non|ni"
    r"|not|no|never|without|none|neither|nor|cannot|n't)\b|n't\b"
)
# A sentence that gives the alternative to what it denies (folded): « et non », « mais ».
_CONTRAST = re.compile(r"\b(et non|mais|plutot|en revanche|alors que|tandis que|but|rather"
                       r"|instead|whereas)\b")
# A ruling that turns the request down (folded): what was asked for was not granted.
REJECTS = re.compile(r"\b(rejete\w*|deboute\w*|refuse\w*|rejected|dismissed|refused)\b")
# What a question asks a court to have granted (folded): the request's own aim (annul, suspend,
# invalidate), not its turning down or the act upheld (« rejeter », « valider », "uphold").
_ASKS_GRANTED = re.compile(
    r"\b(annul\w*|suspend\w*|invalid\w*|cass[eé]\w*|censur\w*|overturn\w*|struck|strike"
    r"|quash\w*)\b")
_ASKS_TURNED_DOWN = re.compile(
    r"\b(rejet\w*|rejett\w*|reject\w*|dismiss\w*|debout\w*|refus\w*|upheld|uphold\w*"
    r"|valid[ae]\w*|confirm\w*|maint\w*)\b")
# A ruling that grants a request (folded): « a annulé », « a suspendu », "struck down".
_GRANTS = re.compile(r"\b(a|ont|avait|avaient)\s+(ete\s+)?(annule|suspendu|invalide|casse|censure)"
                     r"(e|es|s)?\b|\b(annulled|suspended|invalidated|quashed|struck down)\b")


def turned_down(question: str, ruling: str) -> bool:
    """The question asks whether a court granted a request (« … a-t-il annulé … ? ») and the
    ruling (folded) turned it down (« … a rejeté les recours … ») without granting anything."""
    asked = fold(question).replace("’", "'")
    return bool(_ASKS_GRANTED.search(asked) and not _ASKS_TURNED_DOWN.search(asked)
                and REJECTS.search(ruling) and not _GRANTS.search(ruling))


# A question whose own verb is what a court or an authority decides (folded).
_ASKS_RULING = re.compile(
    r"\b(annul\w*|suspend\w*|invalid\w*|rejet\w*|rejett\w*|sanctionn\w*|condamn\w*|enjoin\w*"
    r"|ordonn\w*|debout\w*|cass[eé]\w*|censur\w*|reject\w*|dismiss\w*|overturn\w*|struck"
    r"|strike|upheld|uphold\w*|sanction\w*|order(?:ed)?)\b")
# A sentence saying whether a claim was verified (folded).
# Words saying a claim was checked and found wrong (folded): « inexact », « erroné », « un
# périmètre bien plus étroit », "misleading".
_FOUND_WRONG = (r"inexact\w*|errone\w*|dementi\w*|exager\w*|trompeu\w*|surestim\w*"
                r"|bien plus (?:etroit|restreint|limite)e?s?|misleading|overstat\w*|inaccura\w*")
# A claim quoted, then corrected (folded): « Clubic présente EMC2 comme « piloté par l'EMA »,
# alors que le responsable de traitement est le GIP »
_CORRECTED = r"[»\"], alors que\b"
# The words of a check (folded): « vérifié », « confirme », « corroboré », "attested".
_CHECK_WORDS = r"verifi\w*|confirm\w*|corrobor\w*|attest\w*"
_VERIFIES = re.compile(
    rf"\b({_CHECK_WORDS}|aucune (?:des )?sources?|verified"
    rf"|confirmed|unverified|{_FOUND_WRONG})\b|{_CORRECTED}")
# « … est-ce confirmé ? », "is that confirmed anywhere?" (folded): a claim left unverified is a
# no to this, not to « c'est vrai ? »
_ASKS_CONFIRMED = re.compile(rf"\b({_CHECK_WORDS})\b")
# A sentence saying the claim is wrong (folded): those words, and plain « faux », "false".
REFUTES = re.compile(rf"\b({_FOUND_WRONG}|faux|fausse|false|wrong)\b|{_CORRECTED}")
# A sentence saying a claim is neither confirmed nor refuted (folded): « L'affirmation des « 10
# ans » reste donc non vérifiée », « Aucune des sources consultées ne confirme cette durée »,
# "has not been verified": not a no.
UNVERIFIED = re.compile(
    r"\bnon (?:verifie|confirme|corrobore)e?s?\b|\bn'(?:a|ont) pas (?:pu )?(?:ete |etre )?"
    r"(?:verifie|confirme|corrobore)|\baucune (?:des )?sources?\b[^.]{0,60}?\bne (?:confirme|"
    r"corrobore|permet)|\bunverified\b|\b(?:has|have|was|were|is) not (?:been )?(?:verified"
    r"|confirmed)\b")
# A question about the present state (folded): « maintenant », « désormais », "now", "yet".
_ASKS_NOW = re.compile(
    r"\b(maintenant|desormais|aujourd'hui|actuellement|a ce jour|a present|encore|toujours"
    r"|deja|now|currently|today|yet|still|already|presently|as of)\b")
MAX_QUOTED = 3  # sentences a yes/no answer quotes at most
BUDGET = 420  # and characters
DEPTH = 6  # the deciding sentence is looked for among this many most probable candidates
FOLLOWS = 4  # the ruling goes on within this many sentences of its passage


def asks_ruling(question: str) -> bool:
    """The question asks whether a court or an authority decided something."""
    return bool(_ASKS_RULING.search(fold(question).replace("’", "'")))


def asks_truth(question: str) -> bool:
    """The question asks whether a claim is true or confirmed (``claims.puts_to_test``)."""
    return puts_to_test(question)


def asks_confirmed(question: str) -> bool:
    """The question asks whether a claim was confirmed or verified (not whether it is true)."""
    return bool(_ASKS_CONFIRMED.search(fold(question)))


def asks_now(question: str) -> bool:
    """The question asks how things stand now."""
    return bool(_ASKS_NOW.search(fold(question).replace("’", "'")))


def verifies(folded: str) -> bool:
    """The (folded) sentence says whether a claim was verified or confirmed."""
    return bool(_VERIFIES.search(folded))


def _same_subject(one: str, other: str) -> bool:
    """Two sentences say something of one subject (« la doctrine « cloud au centre » »)."""
    return bool(one and other) and (one in other or other in one)


def _same(a: Scored, b: Scored) -> bool:
    return a.sentence.text == b.sentence.text


def _fit(items: list[Scored], keep: Sequence[Scored]) -> list[Scored]:
    """At most ``MAX_QUOTED`` sentences and ``BUDGET`` characters, ``keep`` first."""
    out: list[Scored] = []
    used = 0
    for item in list(keep) + [i for i in items if not any(_same(i, k) for k in keep)]:
        if any(_same(item, o) for o in out) or len(out) >= MAX_QUOTED:
            continue
        if out and used + len(item.sentence.text) > BUDGET and item not in keep:
            continue
        out.append(item)
        used += len(item.sentence.text)
    return out


def complete(question: str, quoted: list[Scored], scored: Sequence[Scored],
             probabilities: Sequence[float] | np.ndarray, min_entities: float) -> list[Scored]:
    """The quoted sentences of a yes/no answer, with the sentence that decides it when the
    question says which kind does (a ruling, a verification) and none quoted is of that kind.
    ``scored``: every candidate, ``probabilities`` the scorer's for each (same order)."""
    if not quoted:
        return quoted
    order = sorted(range(len(scored)), key=lambda i: -probabilities[i])
    likely = [scored[i] for i in order[:DEPTH]
              if not scored[i].not_found and scored[i].entities >= min_entities]
    if asks_ruling(question):
        return _ruling(quoted, scored, likely)
    if asks_truth(question):
        return _verified(quoted, scored)
    if asks_now(question):
        return _newest(quoted, likely)
    return quoted


def instead(quoted: list[Scored], scored: Sequence[Scored],
            probabilities: Sequence[float] | np.ndarray,
            subject: Callable[[Scored], str] = lambda s: "") -> list[Scored]:
    """A « non » goes on with what is the case instead: the nearest sentence of the deciding
    one's passage that holds some of what is asked and denies nothing (« … ne s'impose pas
    aux collectivités territoriales » — « s'applique à l'État et aux organismes placés sous
    sa tutelle »), when the answer has room for it and the deciding sentence does not say it
    already (« pseudonymisées, et non anonymisées », « … mais … »). Failing that, with the
    sentence right after the deciding one when it denies the same on another ground."""
    if not quoted:
        return quoted
    deciding = quoted[0]
    if not DENIES.search(deciding.sentence.folded) or len(quoted) >= MAX_QUOTED \
            or _CONTRAST.search(deciding.sentence.folded):
        return quoted
    used = sum(len(s.sentence.text) for s in quoted)
    near = [(abs(s.position - deciding.position), -probabilities[i], i)
            for i, s in enumerate(scored)
            if s.hit_index == deciding.hit_index and 0 < abs(s.position - deciding.position) <= 2
            and s.coverage > 0 and not s.not_found and not DENIES.search(s.sentence.folded)
            and not any(_same(s, q) for q in quoted)
            and used + len(s.sentence.text) <= BUDGET
            and _same_subject(subject(s), subject(deciding))]
    if not near:
        # or with a second denial of what is asked, right after it (« Aucune source lue ne
        # montre qu'une règle imposait SecNumCloud … » — « Le référentiel HDS, lui, n'exige pas
        # SecNumCloud, et Microsoft Ireland est certifiée HDS. »): the no's other ground
        second = [i for i, s in enumerate(scored)
                  if s.hit_index == deciding.hit_index and s.position == deciding.position + 1
                  and s.coverage > 0 and not s.not_found and DENIES.search(s.sentence.folded)
                  and not any(_same(s, q) for q in quoted)
                  and used + len(s.sentence.text) <= BUDGET
                  and s.matched & deciding.matched]
        return quoted + [scored[second[0]]] if second else quoted
    return quoted + [scored[min(near)[2]]]


def _newest(quoted: list[Scored], likely: list[Scored]) -> list[Scored]:
    """The newest dated statement about what is asked decides how things stand now."""
    dated = [(statement_date(s.sentence.folded), s) for s in likely]
    date, newest = max(dated, key=lambda d: d[0], default=((0, 0, 0), quoted[0]))
    if statement_date(quoted[0].sentence.folded) >= date:  # undated, or no newer than quoted
        return quoted
    return _fit(quoted, [newest])


def _ruling(quoted: list[Scored], scored: Sequence[Scored], likely: list[Scored]) -> list[Scored]:
    ruling = next((s for s in quoted if RULING.search(s.sentence.folded)), None)
    if ruling is None:
        ruling = next((s for s in likely if RULING.search(s.sentence.folded)), None)
    if ruling is None:
        return quoted
    later = sorted((s for s in scored if s.hit_index == ruling.hit_index
                    and 0 < s.position - ruling.position <= FOLLOWS and not s.not_found
                    and not _same(s, ruling)), key=lambda s: s.position)
    goes_on = next((s for s in later if RULING.search(s.sentence.folded)), None)
    keep = [ruling] + ([goes_on] if goes_on is not None else [])
    return _fit(quoted, keep)


def _verified(quoted: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    if any(_VERIFIES.search(s.sentence.folded) for s in quoted):
        return quoted
    claim = quoted[0]
    near = sorted((s for s in scored if s.hit_index == claim.hit_index
                   and 0 < abs(s.position - claim.position) <= FOLLOWS
                   and _VERIFIES.search(s.sentence.folded)),
                  key=lambda s: abs(s.position - claim.position))
    if not near:
        return _checked_elsewhere(quoted, scored) or quoted
    return _fit(quoted, [claim] + near[:2])


def _checked_elsewhere(quoted: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """The claim quoted is checked in another passage, which restates it and then says what
    the sources found (« Le titre de l'article de Clubic affirme que Microsoft « stockera
    toutes les données … ». Les sources décrivent un périmètre bien plus étroit. »): that
    passage's two sentences come first. Empty when no passage does."""
    claim = quoted[0]
    words = set(analyze(claim.sentence.text))
    checks = sorted((s for s in scored if s.hit_index != claim.hit_index and not s.not_found
                     and (REFUTES.search(s.sentence.folded) or UNVERIFIED.search(
                         s.sentence.folded))), key=lambda s: -s.score)
    best: tuple[int, Scored, Scored] | None = None
    for check in checks:  # the passage restating most of the claim
        for before in scored:
            if before.hit_index == check.hit_index and 0 < check.position - before.position <= 2:
                shared = len(words & set(analyze(before.sentence.text)))
                if shared >= 3 and (best is None or shared > best[0]):
                    best = (shared, before, check)
    return _fit(quoted, [best[1], best[2]]) if best else []
