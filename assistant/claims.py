"""A question that puts a claim to the test: « C'est vrai que … ? », « … comme l'écrit Clubic ? »,
"Is it true …?", "Is the headline misleading?".

Such a question is settled by what checks the claim (« Aucune source lue ne montre … », « L'affirmation
reste non vérifiée »), not by the claim restated: the retriever gives no lead to the publisher it
names (the claimant), and a yes / no answer looks for the sentence saying whether it was verified.
"""

from __future__ import annotations

import re

from core.text import fold

_PUTS_TO_TEST = re.compile(
    r"\b(c'est vrai|est-ce vrai|vraiment|confirme\w*|verifie\w*|avere\w*|ca tient (?:la route"
    r"|debout)|comme (?:l'ecrit|le dit|l'affirme|le pretend|dit|ecrit|affirme|pretend)"
    r"|is (?:it|that|this) true|true that|really|confirmed|verified|accurate|misleading"
    r"|(?:as|like) (?:\w+ ){1,3}(?:says?|claims?|writes?|wrote|claimed|said)"
    r"|c'est (?:juste|exact|correct|faux)|(?:is )?(?:that|it|this) (?:right|correct))\b")


def puts_to_test(question: str) -> bool:
    """The question asks whether a claim holds or is confirmed."""
    return bool(_PUTS_TO_TEST.search(fold(question).replace("’", "'")))
