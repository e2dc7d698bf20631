"""Follow-up questions: « Et pour combien de temps ? » read in the light of the previous turn.

Offline, a short or elliptic question borrows the key terms of the previous
question that it does not already carry (« Et pour combien de temps ? » after
« Qui héberge les données d'EMC2 ? » is searched as « Et pour combien de temps ?
héberge données EMC2 »). With a generative model configured, the model rewrites
the question instead (see ``generative.rewrite_question``), and this carry-over
is the fallback when it fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import STOPWORDS, analyze, fold

History = Sequence[Sequence[str]]

_ELLIPTIC_START = re.compile(
    r"^\s*(et|mais|ou|alors|puis|aussi|and|but|or|so|also|what about|how about|same)\b",
    re.IGNORECASE,
)
# « Qui d'autre ? », "Who else?": the same question again, about other items.
_OTHER = re.compile(r"\b(d'autres?|d’autres?|autres?|else|other|others)\b", re.IGNORECASE)
_ANAPHORA = re.compile(
    r"\b(il|elle|ils|elles|ce|cet|cette|ces|celui|celle|ceux|celles|ca|cela|lui|leur|y|en"
    r"|it|its|they|them|their|this|that|these|those|he|she|his|her)\b"
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_QUESTION_WORDS = frozenset(
    "combien quel quelle quels quelles qui quoi quand comment pourquoi lequel laquelle "
    "what which who when where why how long many much est sont a-t-il a-t-elle".split()
)
SHORT = 4  # content words: a question this short is treated as elliptic


def pairs(history: History | None) -> list[tuple[str, str]]:
    """Normalise the history to (question, answer) pairs; malformed entries are skipped."""
    out = []
    for item in history or ():
        if not isinstance(item, (list, tuple)) or not item:
            continue
        question = item[0] if isinstance(item[0], str) else ""
        answer = item[1] if len(item) > 1 and isinstance(item[1], str) else ""
        if question.strip():
            out.append((question, answer))
    return out


def content_words(text: str) -> list[str]:
    """Surface words that carry meaning (not stop words nor question words), in order."""
    words = []
    for word in _WORD.findall(text):
        folded = fold(word)
        bare = re.sub(r"^(l|d|qu|n|s|j|c|m|t)['’]", "", folded)
        if bare in STOPWORDS or bare in _QUESTION_WORDS or len(bare) < 2:
            continue
        words.append(re.sub(r"^(l|d|qu|n|s|j|c|m|t)['’]", "", word))
    return words


def is_elliptic(question: str) -> bool:
    """True when the question leans on the previous turn (short, or opening with « Et »)."""
    words = content_words(question)
    if len(words) <= SHORT - 2:
        return True
    if _ELLIPTIC_START.match(question) or _OTHER.search(question):
        return True
    return len(words) <= SHORT and bool(_ANAPHORA.search(fold(question)))


# Words that say what the previous turn asked, not what it was about: never carried over.
_ASK_WORDS = frozenset(
    "temps duree date dates jour annee mois raison raisons motif nombre montant combien quand "
    "pourquoi comment qui quoi ou deja exactement vraiment aussi ensuite alors encore donc "
    "long many much else also then still exactly really".split()
)
_NAME = re.compile(r"(?<![\w-])([A-ZÀ-Þ][\w@’'+.-]*[\w+]|[A-Za-z]*\d[\w/.-]*\w)")


def _is_name(word: str, text: str) -> bool:
    """A proper name, an acronym or a figure (not the capital of a sentence's first word)."""
    if any(c.isdigit() for c in word) or (word.isupper() and len(word) > 1):
        return True
    position = text.find(word)
    return word[:1].isupper() and position > 0 and text[:position].strip()[-1:] not in ".!?"


def topic(question: str, history: History | None) -> list[str]:
    """What an elliptic question is about, taken from the conversation (newest turn first).

    Names (people, organisations, acronyms, dates) come from every turn back to the last
    question that stood on its own; that question also lends its other key words when this
    one has few of its own. Words that only said what was asked (« combien de temps »,
    « pourquoi ») are left behind: « Pourquoi ? » after « Et pour combien de temps ? » asks
    about the first turn's subject, not about « temps ».
    """
    turns = pairs(history)
    if not turns or not is_elliptic(question):
        return []
    have = set(analyze(question))
    own = len(content_words(question))
    extra: list[str] = []
    seen: set[str] = set()

    def take(word: str) -> None:
        stems = analyze(word)
        if not stems or any(s in have or s in seen for s in stems):
            return
        seen.update(stems)
        extra.append(word)

    for number, (previous, _) in enumerate(reversed(turns)):
        # the conversation's first turn stands on its own, whatever its wording
        standalone = number == len(turns) - 1 or not is_elliptic(previous)
        for word in content_words(previous):
            if fold(word) in _ASK_WORDS:
                continue
            if _is_name(word, previous) or (standalone and own <= SHORT - 1):
                take(word)
        if standalone:
            break
    return extra


def carry_over(question: str, history: History | None) -> str:
    """The question to search: with what the conversation was about when it is elliptic."""
    extra = topic(question, history)
    if not extra:
        return question
    return f"{question.strip()} {' '.join(extra)}"


def answered_names(turns: Sequence[tuple[str, str]]) -> list[str]:
    """The names and figures the conversation's last answer gave (« Jean-Yves Ollier »): a
    follow-up asks for something else (« Et qui l'avait demandé ? », "Who else?"), so the
    reader does not count them as new."""
    if not turns:
        return []
    answer = turns[-1][1]
    return [w for w in content_words(answer) if _is_name(w, answer) and not w.isdigit()]


def stems_of(words: Sequence[str]) -> frozenset[str]:
    return frozenset(s for w in words for s in analyze(w))
