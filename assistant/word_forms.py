"""Question word forms the stemmer keeps apart from their lemma, by spaCy's French lemma table.

The French Snowball stemmer leaves many verb forms whole (« alimentent », « pensent »,
« détient »), so a question written in them misses the documents' « alimenté », « pense »,
« détenu ». spaCy's French model ships a lemma table (``fr_core_news_md``: form → lemma); the
lemma's stem is the documents' stem (« alimentent » → « alimenter » → « aliment »). The
forms whose stem differs from their lemma's are kept, with the lemma's stem, in
``data/word_forms_fr.json`` (16,620 forms, 385 kB, read in a few milliseconds): a question
never loads spaCy (1.5 s to import, 0.5 s for the table). The file depends on the model and the
stemmer only, not on the corpus; ``python -m bench.build_word_forms`` writes it again.

The table's keys are hashes, so its forms are enumerated from the model's string store (the
words it was trained on: about a third of the table's 216,849 forms, the frequent ones).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from core.text import analyze, fold

MODEL = "fr_core_news_md"
FORMS_FILE = Path(__file__).parent / "data" / "word_forms_fr.json"


def build() -> dict[str, str]:
    """Each folded word form whose stem is not its lemma's stem, with the lemma's stem (read
    from the installed French model; ``ImportError`` or ``OSError`` when it is missing)."""
    import importlib

    import srsly
    from spacy.lookups import Lookups

    package = importlib.import_module(MODEL)
    location = getattr(package, "__file__", None)
    root = next(Path(location).parent.glob(f"{MODEL}-*"), None) if location else None
    if root is None:
        raise OSError(f"{MODEL} has no model folder")
    table = Lookups().from_disk(root / "lemmatizer" / "lookups").get_table("lemma_lookup")
    forms: dict[str, str] = {}
    for word in srsly.read_json(root / "vocab" / "strings.json"):
        if len(word) < 4 or not word.isalpha() or not word.islower():
            continue
        lemma = table.get(word)
        lemma = lemma[0] if isinstance(lemma, list) and lemma else lemma
        if not isinstance(lemma, str) or lemma == word:
            continue
        own, base = analyze(word), analyze(lemma)
        if own and base and own[0] != base[0]:
            forms[fold(word)] = base[0]
    return dict(sorted(forms.items()))


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    try:
        return dict(json.loads(FORMS_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError):  # not shipped: words are stemmed only
        return {}


def lemma_stems(word: str) -> frozenset[str]:
    """The stem of a French word's lemma when the stemmer keeps the word apart from it
    (« alimentent » → « aliment »); empty otherwise."""
    found = _forms().get(fold(word).lower())
    return frozenset({found}) if found else frozenset()
