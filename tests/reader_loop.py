"""A reader process for tests/test_shared_server.py: answers in a loop until told to stop.

argv: status file, stop file. Writes one JSON line per second into the status file:
answers, errors, empty results, and when the new document was first cited.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

QUESTION = "Pendant combien de temps Microsoft hébergera-t-il les données ?"
NEW = "Quel projet utilise un serveur Chroma partagé entre plusieurs machines ?"


def main() -> None:
    status, stop = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.monotonic()
    from assistant import answer

    counts = {"answers": 0, "errors": 0, "empty": 0, "new_cited_at": None, "messages": [],
              "startup_s": None}
    last = 0.0
    while not stop.exists():
        for question in (QUESTION, NEW):
            try:
                result = answer(question)
            except Exception as exc:  # counted, and the loop goes on
                counts["errors"] += 1
                counts["messages"].append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            if counts["startup_s"] is None:
                counts["startup_s"] = time.monotonic() - started
            counts["answers"] += 1
            if question == QUESTION and not result.citations:
                counts["empty"] += 1
            if question == NEW and counts["new_cited_at"] is None and any(
                    c.doc_id == "fiches/nouveau.md" for c in result.citations):
                counts["new_cited_at"] = time.time()
        if time.monotonic() - last > 0.5:
            status.write_text(json.dumps(counts), encoding="utf-8")
            last = time.monotonic()
    status.write_text(json.dumps(counts), encoding="utf-8")


if __name__ == "__main__":
    main()
