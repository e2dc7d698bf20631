"""Write ``assistant/data/word_forms_fr.json`` from the installed French spaCy model.

    python -m bench.build_word_forms

The word forms whose Snowball stem is not their lemma's stem, with the lemma's stem
(``assistant/word_forms.py``). It depends on the model and the stemmer only: run it again when
either changes.
"""

from __future__ import annotations

import json

from assistant.word_forms import FORMS_FILE, build


def main() -> None:
    forms = build()
    FORMS_FILE.write_text(json.dumps(forms, ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")
    print(f"wrote {FORMS_FILE} ({len(forms)} forms)")


if __name__ == "__main__":
    main()
