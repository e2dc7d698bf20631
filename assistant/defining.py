"""What a definition question asks about, and which sentence defines it.

« C'est quoi EMC2 au juste, ce projet autorisé par la CNIL ? » asks about EMC2, not about the
CNIL; « Qu'entend-on par la doctrine « cloud au centre » de l'État ? » about the quoted term.
A sentence defines that term when the term is what it is about — its subject, written at its
start — and a copula or a defining verb follows (« EMC2 est un entrepôt … », « SecNumCloud est
un référentiel … », « Le CaaS désigne … »), or when it presents the term as something
(« L'ANS présente EMC2 comme « l'entrepôt multicentrique … » »). « Microsoft Ireland,
hébergeur de l'entrepôt EMC2, n'est pas qualifiée SecNumCloud » holds the term but defines
Microsoft Ireland.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from core.text import STOPWORDS, analyze, fold

# A quoted term: « cloud au centre », "High+", 'AITD'.
_QUOTED = re.compile(r"[«“\"]\s*([^»”\"]{2,60}?)\s*[»”\"]|(?<![\w])'([^']{2,40})'(?![\w])")
# A name given (folded): « Une entité tierce est dite non européenne … si … », "… is deemed …".
# Before it stands what is defined; after it, the name the definition gives.
_NAMING = (r"(?:est|sont|is|are)\s+(?:dite?s?|appelee?s?|nommee?s?|consideree?s? comme|called"
           r"|deemed)")
# What follows a subject that is being defined (folded): a copula, a defining verb, a name
# given, an apposition (« X, un … »), a spelled-out acronym or gloss in brackets.
_DEFINES = re.compile(
    r"^\s*(?:[»\")]\s*)?(?:\([^()]{2,80}\)\s*)?(?:,\s*(?:un|une|c'est|soit|l'un|l'une)\b"
    r"|(?:est|sont|etait|etaient|is|are|was|were)\s+(?:\w+ment\s+|d'abord\s+|ensuite\s+"
    r"|aussi\s+|donc\s+|alors\s+|enfin\s+|avant tout\s+)?(?:un|une|le|la|l'|les|des|du"
    r"|celui|celle|ceux|ce|a|an|the)\b"
    r"|" + _NAMING + r"\b"
    r"|(?:designe\w*|signifie\w*|correspond\w*|constitue\w*|consiste\w*|renvoie\w*"
    r"|regroupe\w*|recouvre\w*|definit|se definit|s'entend|means|refers)\b)")
DEFINES = _DEFINES  # what follows a term being defined (``aliases``)
_PRESENTS = re.compile(
    r"\b(?:present\w*|decri\w*|defini\w*|qualifi\w*|design\w*|describ\w*|defin\w*)\s+")
_NAMED_AS = re.compile(r"\b" + _NAMING + r"\s+")  # the term named after it
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_LEADING = 4  # the term starts within the sentence's first few words


# The frame a term is asked in (« … au sens de SecNumCloud », "… under the GDPR")
_CONTEXT = re.compile(r"\b(?:au sens d[eu']|selon|d'apres|dans le cadre d|in the sense of"
                      r"|under|according to|as defined (?:in|by))\b")


@lru_cache(maxsize=256)
def defined_term(question: str, entities: tuple[str, ...],
                 concepts: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The stems of the term a definition question asks about: a quoted term, else its first
    name (not a bare figure: « la circulaire de 2023 »), else all its content words."""
    quoted = _QUOTED.search(question)
    if quoted:
        stems = frozenset(analyze(quoted.group(1) or quoted.group(2)))
        if stems:
            return stems
    folded = fold(question)
    context = _CONTEXT.search(folded)
    if context:
        # « une entité tierce non européenne au sens de SecNumCloud »: the term comes before
        # the frame it is taken in
        head = folded[:context.start()]
        entities = tuple(e for e in entities if fold(e) in head)
        if not entities:
            stems = frozenset(s for c in concepts for s in c if s in set(analyze(head)))
            if stems:
                return stems
    for entity in entities:
        if any(c.isalpha() for c in entity):
            stems = frozenset(analyze(entity))
            if stems:
                return stems
    return frozenset(s for c in concepts for s in c)


def quoted_term(question: str) -> frozenset[str]:
    """The stems of the term a question quotes (« le « principe de composition », ça veut
    dire quoi … ? »), empty when it quotes none."""
    quoted = _QUOTED.search(question)
    return frozenset(analyze(quoted.group(1) or quoted.group(2))) if quoted else frozenset()


def defines(folded: str, term: frozenset[str]) -> bool:
    """The (folded) sentence defines the term: it starts with it (after a determiner or a
    head noun: « L'entrepôt EMC2 est … », « La doctrine « cloud au centre » désigne … ») and
    a copula or a defining verb follows; or it presents the term as something (« présente
    EMC2 comme … »)."""
    if not term:
        return False
    words = list(_WORD.finditer(folded))
    for i, match in enumerate(words[:_LEADING + 2]):
        if i >= _LEADING and match.group(0) not in STOPWORDS:
            break
        if not set(analyze(match.group(0))) & term:
            continue
        # the end of the term: the last of the next few words that still belong to it
        end = match.end()
        for later in words[i + 1:i + 6]:
            stems = set(analyze(later.group(0)))
            if stems & term or later.group(0) in ("de", "du", "des", "d", "au", "aux"):
                end = later.end()
            else:
                break
        if _DEFINES.match(folded[end:]):
            return True
        break
    for match in _NAMED_AS.finditer(folded):
        # « Une entité tierce est dite non européenne … si … »: the name it is given is the term
        if set(analyze(" ".join(folded[match.end():].split()[:3]))) & term:
            return True
    for match in _PRESENTS.finditer(folded):
        after = folded[match.end():match.end() + 80]
        head = after.split(" comme ")[0] if " comme " in after else (
            after.split(" as ")[0] if " as " in after else "")
        if head and set(analyze(head)) & term and len(head.split()) <= 5:
            return True
    return False


def leads_with(folded: str, term: frozenset[str], within: int = _LEADING) -> bool:
    """The (folded) sentence is about the term: it names it among its first words (« Le
    référentiel SecNumCloud sert à … », « Le CLOUD Act a été adopté … »)."""
    words = _WORD.findall(folded)[:within]
    return bool(term) and any(set(analyze(w)) & term for w in words)


def subject_is_term(subject: str, term: frozenset[str]) -> bool:
    """The parser's subject (folded) is the term: its first content words hold it."""
    content = [w for w in _WORD.findall(subject) if w not in STOPWORDS][:3]
    return bool(term) and any(set(analyze(w)) & term for w in content)


def term_of(question: str, entities: Sequence[str],
            concepts: Sequence[frozenset[str]]) -> frozenset[str]:
    return defined_term(question, tuple(entities), tuple(concepts))
