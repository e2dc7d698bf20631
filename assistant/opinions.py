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
peur crainte risque absurdite folie fou dingue bravo heureusement excellent genial super
formidable parfait serieux fiable succes reussite merite raison tort cool logique evident
souhaitable indispensable bienvenu rassurant satisfait content confiance mefiance
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
"""


@lru_cache(maxsize=1)
def frame_stems() -> frozenset[str]:
    return frozenset(analyze(_FRAME))


@lru_cache(maxsize=1)
def _evaluative_stems() -> frozenset[str]:
    return frozenset(analyze(_EVALUATIVE))


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


def is_question(text: str) -> bool:
    """The reader asks rather than judges (« Avez-vous le lien « opt-out » ? »)."""
    return text.rstrip(" »\"").endswith("?")
