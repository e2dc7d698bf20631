"""What a said-answer quotes besides the sentence scorer's choice: the named speaker's words.

« Qu'a soutenu Philippe Latombe … ? », "How did Cloud Temple's boss describe …?": the answer
is what the person or organisation the question names said, in a sentence where they speak —
the subject of a reporting verb followed by the words (« le député Philippe Latombe a soutenu
que … », « Le dirigeant de Cloud Temple y présente l'exercice comme … »), or the X of « Selon
X, … ». Among the candidates scoring close to the best, those sentences are quoted first (up
to two), ahead of sentences that only say something about the subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .questions import _ROLE
from .reading import ANY_GAP, Place, ReadingOrder
from .retrieval import COMMENTS
from .shapes import _CONTENT, Scored, spoken_by, terms

if TYPE_CHECKING:
    import numpy as np

    from .questions import Analysis
    from .retrieval import Hit
    from .sentences import SentenceBank, SentenceInfo

CLOSE = 0.85  # a speaker's sentence scoring this share of the best candidate's score or more
MAX_SPOKEN = 2  # speaker's sentences quoted first
SURE = 0.5  # the scorer's first choice this probable or more stands as it is


# Where a question asks what: before the speaker (« Qu'a dit X », "What did X say") or after
# the verb (« X il a dit quoi »).
_ASKING = re.compile(r"\b(?:qu'|que\b|what\b|how\b|comment\b)")


def speaker_stems(analysis: Analysis) -> frozenset[str]:
    """Stems of the name the question gives its speaker: the first name after the question
    word (« Dans ses observations au Conseil d'État, qu'est-ce que **la CNIL** demandait … »),
    else the first name (« Strubel (ANSSI) il a dit quoi »)."""
    question = analysis.ask or analysis.question
    folded = fold(question).replace("’", "'")
    names = [n for n in terms(question, analysis.entities) if not any(c.isdigit() for c in n)]
    if not names:
        return frozenset()
    asking = _ASKING.search(folded)
    start = asking.start() if asking else 0
    placed = sorted((folded.find(fold(n).replace("’", "'")), n) for n in names)
    after = [n for at, n in placed if at >= start]
    speaker = (after or [n for _, n in placed])[0]
    return frozenset(s for s in analyze(speaker) if not s.isdigit())


# Asking what someone said, wrote or answered (folded): "What did Microsoft say in reaction?",
# "did X put out a statement?", « Qu'a dit l'EMA ? », « X a réagi ? ».
_STATEMENT_ASKED = {
    "en": re.compile(r"\b(?:say|said|says|comment(?:ed|s)?|statement|react(?:ed|ion)?"
                     r"|respond(?:ed)?|response|repl(?:y|ied))\b"),
    "fr": re.compile(r"\b(?:dit|dire|declare\w*|declaration|reagi\w*|reaction|repondu|reponse"
                     r"|communique|s'est exprime\w*)\b"),
}

# Besides a role (``questions._ROLE``), a speaker named by what it is (folded): « le rapport 830
# du Sénat », "the ANSSI boss", « la porte-parole »; their words are told under another name.
_NAMED_BY_KIND = re.compile(
    r"\b(?:patron\w*|dg|directeur\w*|directrice\w*|direction|president\w*|chef\w*|boss"
    r"|director\w*|judges|rapports?|reports?|cofondat\w*|co-?founders?|founders|fondat\w*"
    r"|ministers|secretaire\w*|porte-parole|spokes\w*|lawyers|senat\w*|commission\w*)\b")


def unheard(analysis: Analysis, hits: Sequence[Hit], bank: SentenceBank) -> bool:
    """"What did Microsoft say in reaction?", « Qu'a dit l'EMA ? »: the question names who
    spoke (by name, not by a role), and no sentence of the passages found has them speak
    (the subject of a reporting verb with the words, the X of « Selon X, … ») or names them
    next to a quotation: what they said is not in the documents read, whatever the quoted
    sentences say about them."""
    if analysis.comments or analysis.followup or len(analysis.parts) > 1 \
            or analysis.kind != "said":
        return False
    asked = fold(analysis.ask or analysis.question).replace("’", "'")
    verb = _STATEMENT_ASKED["en" if analysis.language == "en" else "fr"].search(asked)
    if verb is None:
        return False
    if _ROLE.search(asked) or _NAMED_BY_KIND.search(asked):
        return False  # « le patron de l'ANSSI »: the person speaks, under their own name
    names = speaker_stems(analysis)
    if not names or not names & set(analyze(asked[:verb.start()])):
        # the name is what was said about (« qu'est-ce que la présidente a dit sur le HDH ? »),
        # not who said it
        return False
    for hit in hits:
        if hit.chunk.kind == COMMENTS:
            continue
        for sentence in bank.sentences(hit.chunk_id, hit.chunk.text).sentences:
            if not names & sentence.stems:
                continue
            if "«" in sentence.text or _speaks(sentence.folded, bank.info(sentence), names):
                return False
    return True


def complete(analysis: Analysis, quoted: list[Scored], scored: Sequence[Scored],
             probabilities: Sequence[float] | np.ndarray,
             info: Callable[[Scored], SentenceInfo]) -> list[Scored]:
    """The quoted sentences with, first, the close candidates where a speaker the question
    names speaks with the words (most probable first), the count unchanged when it can be.
    The speaker's sentence with the verb asked leads (``_echoing``); a first choice the scorer
    is sure of (``SURE``) stands, and the scorer's own choices count as close."""
    names = speaker_stems(analysis)
    if not names or not scored or not quoted:
        return quoted
    top = max(s.score for s in scored)
    index = {id(s): i for i, s in enumerate(scored)}
    quoted = _echoing(analysis, quoted, scored, probabilities, index, info, names)
    if probabilities[index[id(quoted[0])]] >= SURE:
        return quoted  # the scorer is sure of its choice: the speaker's words are in it
    chosen = {id(s) for s in quoted}  # the scorer's own choice is close whatever its score
    spoken = [s for s in scored if not s.not_found
              and (s.score >= CLOSE * top or id(s) in chosen) and _by(s, info(s), names)]
    if not spoken:
        return quoted
    spoken.sort(key=lambda s: -probabilities[index[id(s)]])
    spoken = spoken[:MAX_SPOKEN]
    rest = [q for q in quoted if not any(q.sentence.text == s.sentence.text for s in spoken)]
    out = spoken + rest[:max(0, len(quoted) - len(spoken))]
    if len({s.hit_index for s in out}) == 1:
        out.sort(key=lambda s: s.position)
    return out


# The verb a question asks about (folded), and how the documents write it: « Que regrette la
# CNIL ? » is answered where the CNIL « regrette que … », not where it « souligne que … ».
_ASKED_VERBS = (
    (re.compile(r"\bregrett?\w*"), re.compile(r"\bregrett\w* (que|qu'|de|d'|l'|le|la|les)")),
    (re.compile(r"\b(reclam\w*|exig\w*|demand\w*|asks?\b|asked|call(s|ed)? for)"),
     re.compile(r"\b(demand\w*|reclam\w*|exig\w*)")),
    (re.compile(r"\b(promi\w*|promet\w*|engag\w*|commit\w*|pledg\w*)"),
     re.compile(r"\b(promi\w*|promet\w*|s'engag\w*|engagement)")),
    (re.compile(r"\b(reproch\w*|critiqu\w*|critici[sz]\w*|blam\w*)"),
     re.compile(r"\b(reproch\w*|critiqu\w*)")),
    (re.compile(r"\b(denonc\w*|denounc\w*|deplor\w*)"), re.compile(r"\b(denonc\w*|deplor\w*)")),
    (re.compile(r"\b(recommand\w*|recommend\w*)"), re.compile(r"\brecommand\w*")),
)
ECHO_FLOOR = 0.05  # a candidate with the asked verb this probable or more is quoted first


def _echoing(analysis: Analysis, quoted: list[Scored], scored: Sequence[Scored],
             probabilities: Sequence[float] | np.ndarray, index: dict[int, int],
             info: Callable[[Scored], SentenceInfo], names: frozenset[str]) -> list[Scored]:
    """``quoted`` led by the most probable candidate where the speaker uses the very verb
    the question asks about (« regrette que … »), in place of the last quoted one; else, the
    verb used of what they said in a quoted passage naming them (« … était promise dans un
    délai de deux ans ») follows, in place of the least probable quoted one."""
    asked = fold(analysis.ask or analysis.question).replace("’", "'")
    written = [found for question, found in _ASKED_VERBS if question.search(asked)]
    if not written or any(any(w.search(q.sentence.folded) for w in written) for q in quoted):
        return quoted
    echoing = [s for s in scored if not s.not_found
               and probabilities[index[id(s)]] >= ECHO_FLOOR
               and any(w.search(s.sentence.folded) for w in written)]
    echoes = [s for s in echoing if _by(s, info(s), names)]
    if echoes:
        echo = max(echoes, key=lambda s: probabilities[index[id(s)]])
        kept = quoted if len(quoted) < 2 else quoted[:-1]
        return [echo, *kept]
    # the verb used of what the speaker said, in a quoted passage naming them (« Dans cette
    # lettre, Olivier Véran souscrit … », then « … cette nouvelle solution était promise dans
    # un délai de deux ans au plus »): after the quoted sentences, in place of the least probable
    named = {q.hit_index for q in quoted if names & q.sentence.stems}
    told = [s for s in echoing if s.hit_index in named]
    if not told:
        return quoted
    echo = max(told, key=lambda s: probabilities[index[id(s)]])
    least = min(quoted, key=lambda s: probabilities[index[id(s)]])
    return [*(q for q in quoted if len(quoted) < 2 or q is not least), echo]


def _by(item: Scored, info: SentenceInfo, names: frozenset[str]) -> bool:
    return _speaks(item.sentence.folded, info, names)


def _speaks(folded: str, info: SentenceInfo, names: frozenset[str]) -> bool:
    """Someone ``names`` names speaks in the sentence (``folded``), with the words given."""
    if spoken_by(folded, info, names):
        return True
    # the parser's reporting verb, its subject the speaker, and the words given (« que … », a
    # quotation, a colon): not « la CNIL a été invitée à produire des observations »
    if "reporting" in info.flags and _CONTENT.search(folded):
        return bool(set(analyze(info.speaker)) & names)  # folded already
    return False


# A speaker going on after a quotation, the reporting verb inverted after the words
# (« « Cela souligne une lacune énorme … », ajoute-t-il, en demandant l'annulation … »).
_GOES_ON_SAYING = re.compile(
    r"\b(?:ajoute|poursuit|precise|explique|insiste|conclut|continue|r?encherit"
    r"|martele|souligne|estime|affirme|assure|lance|regrette|deplore|denonce|tempete"
    r"|s'emporte|reprend|resume)(?:-t)?-(?:il|elle|ils|elles)\b")
_NAME = re.compile(r"(?<![.!?«\"] )(?<!^)\b[A-Z][\w'’-]{2,}")
FOLLOWING = 4  # sentences after a quoted one where its speaker may go on


def _person(text: str) -> frozenset[str]:
    """The capitalised words of a sentence but its first (« William », « Méauzoone »)."""
    return frozenset(_NAME.findall(text))


def speaker_goes_on(text: str, following: str) -> bool:
    """True when the passage ``following`` opens with a speaker going on (« « Cela souligne
    … », ajoute-t-il … ») after a passage ``text`` naming someone in its last lines: the
    words it goes on with are that speaker's."""
    opening = fold(following.lstrip())[:400].replace("’", "'")
    return bool(_GOES_ON_SAYING.search(opening)) and len(_person(text[-300:])) >= 2


def goes_on_saying(quoted: list[Scored], scored: Sequence[Scored],
                   place: Place) -> list[Scored]:
    """``quoted`` with, after a quoted sentence, the sentence a little further in its document
    where the same speaker goes on (« …, ajoute-t-il, … »): the speaker is the one named in the
    quoted sentence, named again (first and last name) in the sentence just before. ``place``:
    a sentence's document and offset in it (the next sentences may be in the next passage)."""
    quoted_texts = {s.sentence.text for s in quoted}
    order = ReadingOrder(scored, place)

    def following(item: Scored) -> list[Scored]:
        # the quoted one, then the next candidates of its document (other sentences between)
        return [item, *order.after(item, FOLLOWING, gap=ANY_GAP)]

    out: list[Scored] = []
    for item in quoted:
        out.append(item)
        named = _person(item.sentence.text)
        if len(named) < 2:
            continue
        window = following(item)
        for before, later in zip(window, window[1:], strict=False):
            if not _GOES_ON_SAYING.search(later.sentence.folded):
                continue
            again = _person(before.sentence.text) | _person(later.sentence.text)
            if len(named & again) >= 2 and later.sentence.text not in quoted_texts \
                    and not later.not_found:
                out.append(later)
                quoted_texts.add(later.sentence.text)
            break
    if len(out) > 1 and len({place(s)[0] for s in out}) == 1:
        out.sort(key=lambda s: place(s)[1])  # one document's sentences read in their order
    return out


# The sentence where a speaker's words end and the speaker is named (« …, s'emporte le
# cofondateur de Leviia, William Méauzoone. »), folded.
_SPEAKER_NAMED = re.compile(
    r"»\s*,\s*(?:s'emporte|declare|affirme|explique|estime|lance|assure|souligne|denonce"
    r"|regrette|deplore|tempete|insiste|martele|indique|confie|dit|reagit|tonne|fustige)\b")
EARLIER = 6  # candidates before a « …, ajoute-t-il » where the speaker's first words may be


def said_first(quoted: list[Scored], scored: Sequence[Scored], place: Place) -> list[Scored]:
    """``quoted`` with, before a sentence where a speaker goes on (« « Cela souligne une
    lacune … », ajoute-t-il, … »), the sentence a little earlier in its document closing their
    first words with their name (« …, s'emporte le cofondateur de Leviia, William Méauzoone. »):
    « il » alone does not say who speaks, and what they said first is left out."""
    if not any(_GOES_ON_SAYING.search(s.sentence.folded) for s in quoted):
        return list(quoted)
    order = ReadingOrder(scored, place)
    places = {place(s) for s in quoted}
    out: list[Scored] = []
    for item in quoted:
        if _GOES_ON_SAYING.search(item.sentence.folded):
            first = next((s for s in order.earlier(item, EARLIER)
                          if _SPEAKER_NAMED.search(s.sentence.folded.replace("’", "'"))), None)
            if first is not None and place(first) not in places and not first.not_found:
                out.append(first)
                places.add(place(first))
        out.append(item)
    return out
