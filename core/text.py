"""Text analysis shared by search and answering: accent folding, stop words, French stems.

The lexical index (``index.lexical``) and the reader (``assistant``) analyse text the same
way, so a term in a question matches the same term in a passage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# Short, frequent words that carry no meaning for search (French and English), accent-folded.
STOPWORDS = frozenset(
    """
    a afin ai aie aient ainsi alors apres au aucun aucune aupres aussi autre autres aux avait
    avant avec avoir c ca ce ceci cela celle celles celui cependant ces cet cette ceux chaque
    chez ci comme comment d dans de des donc dont du elle elles en encore entre est et etaient
    etait ete etre eu eux fait faut il ils j je l la le les leur leurs lors lui m ma mais me
    meme memes mes moi mon n ne ni nos notre nous on ont ou par parce pas peu peut plus pour
    pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se ses si sinon soit
    son sont sous sur t ta te tes toi ton tous tout toute toutes tres tu un une vers vos votre
    vous y
    about after all also an and any are as at be been but by can could did do does for from
    had has have how i if in into is it its many much of on or our should so than that the
    their them then there these they this those to was we were what when where which who whom
    why will with would you your
    """.split()
)


# Answering folds and analyses the same sentences and terms many times over: short texts are
# remembered (long ones, such as whole chunks at index time, are not).
_REMEMBERED = 600


def fold(text: str) -> str:
    """Lower-case and strip accents: « Délibération » -> « deliberation »."""
    return _fold(text) if len(text) <= _REMEMBERED else _fold.__wrapped__(text)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("french")


# Abbreviations spelled out before tokenising: « n° 2023-146 » is searched as « numéro 2023-146 ».
_EXPAND = re.compile(r"\b(n|no)\s?[°º]", re.IGNORECASE)


def analyze(text: str) -> list[str]:
    """Tokens for BM25: folded, stop words out, French Snowball stems (numbers kept whole)."""
    return list(_analyzed(text) if len(text) <= _REMEMBERED else _analyzed.__wrapped__(text))


@lru_cache(maxsize=1 << 16)
def _analyzed(text: str) -> tuple[str, ...]:
    stem = _stemmer().stemWord
    tokens = []
    for token in _TOKEN.findall(fold(_EXPAND.sub("numero ", text))):
        if token in STOPWORDS:
            continue
        tokens.append(token if token.isdigit() else stem(token))
    return tuple(tokens)
