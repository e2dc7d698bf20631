"""What makes a reader's sentence an opinion: evaluative words, a stance, an exclamation.

A question about the readers' general reaction (« Globalement, comment les lecteurs ont-ils
réagi ? », "What was the general mood among readers?") names nothing the opinions hold: its
words are the frame (react, think, mood) and the commented article's subject. A comment holds
many sentences that only report, ask or set the scene (« Donc d'un côté la CNIL qui dit que
… », « Avez-vous le lien ? »); the sentences that judge (« une honte en termes de
souveraineté », « quelle honte … », « bien fait pour … ») answer it, first those whose
judgement several readers share. The vocabulary below is the general French vocabulary of
judgement and stance, positive and negative — not the words of any one comment page. (For a
question about one point, the same bonus was tried and lost more than it gained.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.text import analyze, fold

# Words that judge (folded; matched by stem): blame, praise, feeling, and the words of a stance.
_EVALUATIVE = """
honte honteux honteuse scandale scandaleux inadmissible inacceptable intolerable trahison
trahir corruption corrompu incompetence incompetent absurde ridicule navrant lamentable
pitoyable catastrophe catastrophique desastre desastreux aberrant aberration stupide idiot
abruti betise nul pire dommage malheureusement helas dangereux inquietant inquietude grave
colere furieux indigne mensonge menteur lobbying pillage espionnage soumission naif naivete
arnaque gachis echec regrettable deplorable choquant revoltant hypocrisie hypocrite mepris
injuste injustice insupportable affligeant consternant decevant deception triste tristesse
peur crainte risque absurdite folie fou dingue tort mefiance
"""
# The words of praise among them (a reader for something).
_PRAISE = """
bravo heureusement excellent genial super formidable parfait serieux fiable succes reussite
merite raison cool logique evident souhaitable indispensable bienvenu rassurant satisfait
content confiance
"""
# A stance or a proposal: the reader says what he thinks or what should be done.
_STANCE = re.compile(
    r"\b(je pense|je crois|je trouve|a mon avis|selon moi|pour moi|j'ai envie de dire"
    r"|franchement|clairement|il faudrait|il faut|on devrait|devrait|on pourrait|il serait"
    r"|bien fait|tant mieux|tant pis|quelle honte|c'est (une honte|un scandale|navrant"
    r"|lamentable|ridicule|absurde))\b"
)


# What a question about the readers asks when it asks their general reaction, not about one
# point: how they reacted, what they think, the mood, overall (French and English).
_FRAME = """
penser pense pensent pensez dire disent dit reagir reagi reagissent reaction reactions avis
opinion opinions humeur ambiance ton general generale globalement ensemble majorite plupart
accueillir accueilli accueil percevoir percu ressenti sentiment sentiments choix decision
plutot pour contre favorable favorables hostile hostiles accord approuvent approuver
think thinks thought say says said react reacted reaction mood feel feeling view views overall
general generally most majority tone sentiment received reception choice decision comment
favour favor against support agree approve
certains certaines quelqu'un quelques-uns prendre prennent prend anyone anybody someone somebody
any some actually
article articles commentaire commentaires lecteur lecteurs internaute internautes
histoire affaire sujet situation story matter thing whole
"""


@lru_cache(maxsize=1)
def frame_stems() -> frozenset[str]:
    return frozenset(analyze(_FRAME + _STANCE_WORDS))


@lru_cache(maxsize=1)
def _evaluative_stems() -> frozenset[str]:
    return frozenset(analyze(_EVALUATIVE + _PRAISE))


def strength(text: str, stems: frozenset[str]) -> float:
    """How much a sentence judges, from 0 (reports, asks) to 1 (a clear opinion)."""
    folded = fold(text).replace("’", "'")
    score = 0.5 * min(2, len(stems & _evaluative_stems()))
    if _STANCE.search(folded):
        score += 0.5
    if "!" in text:
        score += 0.25
    return min(1.0, score)


def shared_judgements(sentences):
    """How widely a sentence's judgement is shared: ``sentences`` are (reader, stems) pairs;
    the function returned gives, for a sentence's stems, from 0 (no judging word, or one only
    its reader uses) to 1 (a judging word three readers or more use: « honte »)."""
    readers: dict[str, set[str]] = {}
    for reader, stems in sentences:
        for stem in stems & _evaluative_stems():
            readers.setdefault(stem, set()).add(reader)

    def share(stems: frozenset[str]) -> float:
        counts = [len(readers.get(stem, ())) for stem in stems & _evaluative_stems()]
        return min(1.0, (max(counts) - 1) / 2) if counts else 0.0

    return share


# Support and opposition: what a reader is for (« bien fait pour … », « mieux à l'abri ») or
# against (« une honte », « trahison »); and what a question asks by « défendre », "against".
_POSITIVE = re.compile(
    r"\b(bien fait|tant mieux|mieux|meilleure?s?|serieux|fiable|bravo|heureusement"
    r"|excellent|genial|super|cool|logique|normal|succes|reussite|rassurant|satisfaite?|contente?"
    r"|bienvenue?|bonne idee|avantage|a contre-courant|plus sur|plus fiable|performant)\b"
)
_SUPPORT = re.compile(
    r"\b(defend\w*|defense|soutien\w*|soutenu\w*|approuv\w*|favorables?|d'accord|pour le choix"
    r"|support\w*|in favou?r|agree\w*|approv\w*|justif\w*|sided? with|siding with"
    r"|(?:sont|est|etaient|etait|are|is|were) (?:pour|for)(?= (?:le|la|les|l'|the|\w+ ?\?)))\b"
)
_AGAINST = re.compile(
    r"\b(contre|critiqu\w*|hostiles?|oppos\w*|denonc\w*|against|criticis\w*|criticiz\w*)\b"
)
_STANCE_WORDS = """
defendre defendent defend defends defended defense soutenir soutiennent support supports approuver
approuvent approve favorable favour favor accord agree justifier justify critiquer critiquent
criticise criticize contre against opposer opposent oppose hostile denoncer denoncent
"""


def stance(question: str) -> str:
    """``"+"`` when the question asks who is for (« des lecteurs défendent-ils … ? »),
    ``"-"`` who is against, ``""`` otherwise (both, or neither)."""
    folded = fold(question).replace("’", "'")
    if re.search(r"\b(pour ou contre|for or against)\b", folded):
        return ""
    support, against = _SUPPORT.search(folded), _AGAINST.search(folded)
    if support and against:
        # "defend Microsoft or blame the French cloud providers", « défendent Microsoft contre
        # les offres françaises »: against the other side is for the one defended
        first, second = sorted((support, against), key=lambda m: m.start())
        return "" if _same_target(folded[first.end():second.start()], folded[second.end():]) \
            else "+"
    return "+" if support else "-" if against else ""


def _same_target(one: str, other: str) -> bool:
    """Do the words after a verb of support and after a verb of opposition name one thing
    (« défendent ou critiquent le choix de Microsoft »)?"""
    def target(text: str) -> set[str]:
        words = re.findall(r"[a-z][\w'-]{3,}", text)[:4]
        return {w for w in words if w not in _TARGET_FILLER}
    first, second = target(one), target(other)
    return not first or not second or bool(first & second)


_TARGET_FILLER = frozenset("plutot choix decision the that this with their from dans pour avec "
                           "leur leurs cette these those going rather than".split())


_NEGATED = re.compile(r"\b(pas|jamais|guere|not|never|no)\s+(\w+\s+)?$")


def leaning(text: str, stems: frozenset[str]) -> float:
    """How much a sentence is for something (positive) or against it (negative)."""
    folded = fold(text).replace("’", "'")
    praised = [m for m in _POSITIVE.finditer(folded)  # « ce ne serait pas mieux »: not praise
               if not _NEGATED.search(folded[max(0, m.start() - 20):m.start()])]
    return (0.5 * min(2, len(praised))
            - 0.5 * min(2, len(stems & _evaluative_stems() - _positive_stems())))


@lru_cache(maxsize=1)
def _positive_stems() -> frozenset[str]:
    return frozenset(analyze(_PRAISE))


# How readers write a company the question names in full: by its initials, a nickname, its
# cloud (« sur cloud MS », « j'aime pas crosoft », « le secteur financier est sur Azure »).
_READERS_NAMES = {"microsoft": "MS MSFT crosoft krosoft Azure", "amazon": "AWS",
                  "google": "GCP"}


def readers_names(stems: frozenset[str]) -> frozenset[str]:
    """The stems of the names readers write for the companies ``stems`` name."""
    return frozenset(s for name, written in _READERS_NAMES.items()
                     if set(analyze(name)) <= stems for s in analyze(written))


def is_question(text: str) -> bool:
    """The reader asks rather than judges (« Avez-vous le lien « opt-out » ? »)."""
    return text.rstrip(" »\"").endswith("?")
