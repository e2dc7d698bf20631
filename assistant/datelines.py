"""When an article came out: its dateline.

Asked « À quelle heure l'article de Clubic a-t-il été publié ? », the answer is the line under
the byline that is only a date (« 02 février 2024 à 17h26 »): it holds none of the question's
words, so the scorer never brings it forward. When the question asks when a text named by its
publisher was published, that line answers, and the choice stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import fold

from .retrieval import Hit
from .shapes import Scored, dates_told

# When a text came out (folded): « l'article … a été publié quand ? », "what time was the
# piece posted?"
_COMING_OUT = (r"publi\w*|paru\w*|parution|sorti\w*|mis en ligne|en ligne|posted|came out"
               r"|went (?:up|online)|appeared|released?")
_PUBLISHED = re.compile(rf"\b({_COMING_OUT})\b")
# … or an act made public (« sortie au JO », "published in the Official Journal", « révélée »)
_MADE_PUBLIC = re.compile(rf"\b({_COMING_OUT}|journal officiel|jo|jorf|official journal|revel\w*"
                          r"|reveal\w*)\b")
# A date bound to a publication (folded): « publiée au Journal officiel le 31 janvier 2024 »
_PUBLISHED_ON = re.compile(r"\b(?:publiee?s?|parue?s?|revelee?s?)\s+(?:au (?:journal officiel|jo)\s+"
                           r"(?:n\S{0,2}\s?\d+\s+)?)?(?:le|du)\s+\d")


def publication_asked(question: str) -> bool:
    """``question`` asks when something came out or was made public."""
    return bool(_MADE_PUBLIC.search(fold(question).lower()))


def dates_publication(item: Scored) -> bool:
    """The sentence's date is a publication's (« Dans une décision publiée au Journal officiel
    le 31 janvier 2024, la CNIL a … autorisé … »), not the date of the act it tells."""
    return bool(_PUBLISHED_ON.search(item.sentence.folded))
_TEXT_ASKED = re.compile(r"\b(article|papier|billet|texte|post|piece|story|report)\b")
# A line that is only a date, maybe with its time (folded): « 02 fevrier 2024 a 17h26 ».
_DATELINE = re.compile(r"\d{1,2}(?:er)? [^\W\d_]+ \d{4}(?: (?:a|at) \d{1,2}h\d{0,2})?")


def dateline(question: str, part: str, scored: Sequence[Scored],
             hits: Sequence[Hit]) -> list[Scored]:
    """The dateline of the article whose publisher ``question`` names, when ``part`` asks when
    it was published (empty otherwise)."""
    if not (_PUBLISHED.search(fold(part)) and _TEXT_ASKED.search(fold(question))):
        return []
    return [s for s in scored if hits[s.hit_index].named
            and _DATELINE.fullmatch(s.sentence.folded.strip(" .")) is not None][:1]


# A text's decision asked besides its publication (folded): « adoptée quand et publiée au JO
# quand ? », "promulgated and published", « elle date de quand, et elle est parue au JO quand ? »
_DECISION_ASKED = re.compile(r"\b(adopt\w*|promulg\w*|enact\w*|signe\w*|signed|decid\w*"
                             r"|decision|votee?s?|voted|dat\w* de quand|date d'adoption)\b")
# … and how a sentence dates it (folded): « a été adoptée le 21 décembre 2023 »
_DECIDED_ON = re.compile(r"\b(?:adoptee?s?|promulguee?s?|signee?s?|votee?s?|rendue?s?"
                         r"|decidee?s?|deliberee?s?)\s+(?:[^\W\d_]+\s+){0,3}(?:le|du|en)\s+\d"
                         # « La loi n° 2024-449 du 21 mai 2024 … »: a text named by its own date
                         r"|\b(?:loi|decret|arrete|ordonnance|deliberation) n\S{0,2}\s?[\d-]+ du \d")


def with_both_dates(question: str, quoted: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """``quoted`` with the date of the decision and the date of its publication, when the
    question asks both (« la délibération a été adoptée quand et publiée au JO quand ? »)
    and the quoted sentences date one only: « publiée au Journal officiel le 31 janvier 2024,
    soit plus d'un mois après son adoption » gives no adoption date, « a été adoptée le 21
    décembre 2023 » (the best candidate of the same passage saying so) does."""
    asked = fold(question).replace("’", "'")
    if not quoted or not (_MADE_PUBLIC.search(asked) and _DECISION_ASKED.search(asked)):
        return quoted
    published = [s for s in quoted if dates_publication(s)]
    decided = [s for s in quoted if _DECIDED_ON.search(s.sentence.folded)]
    if bool(published) == bool(decided):
        return quoted  # both dated already, or neither (not about a text's two dates)
    told = published or decided
    missing = _DECIDED_ON if published else _PUBLISHED_ON
    passages = {s.hit_index for s in told}
    found = [s for s in scored if s.hit_index in passages and not s.not_found
             and missing.search(s.sentence.folded)
             and any(day for day, _, _ in dates_told(s.sentence.folded))
             and all(s.sentence.text != q.sentence.text for q in quoted)]
    if not found:
        return quoted
    other = max(found, key=lambda s: s.score)
    # the decision, then its publication
    return [other, *quoted] if published else [*quoted, other]
