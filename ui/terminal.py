"""``souverain chat``: a conversation in the terminal, with follow-ups and ``/export``.

Same ``answer()`` as the web chat, with the last exchanges passed as history, so an
elliptic follow-up (« Et qui l'a autorisé ? ») is read in the light of the question
before it. Sources print as in ``souverain ask``; the session's history can be
saved as Markdown with ``/export [fichier.md]``. Reads questions from standard input,
so it can be driven by a pipe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from core.errors import SouverainError
from core.settings import Settings

from .export import answer_record, conversation_markdown
from .i18n import lang_of

HISTORY_TURNS = 3
HELP = """Commandes : /export [fichier.md] enregistre la conversation en Markdown ;
/nouveau recommence une conversation ; /aide affiche cette aide ; /quitter (ou Ctrl-D) sort.
Commands: /export [file.md], /new, /help, /quit."""


def run_chat(settings: Settings, *, k: int, kinds: list[str] | None, stdin: TextIO,
             echo: Callable[[str], None], interactive: bool,
             source_lines: Callable[[Any], str]) -> int:
    """Read questions until end of input; returns the number of questions answered."""
    from assistant.answering import answer

    turns: list[dict[str, Any]] = []
    answered = 0
    if interactive:
        echo("Souverain — posez vos questions (/aide pour l'aide, Ctrl-D pour sortir).")
    while True:
        if interactive:
            echo_prompt = "\n> "
            print(echo_prompt, end="", flush=True)
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        command, _, argument = question.partition(" ")
        if command in ("/quitter", "/quit", "/exit"):
            break
        if command in ("/aide", "/help"):
            echo(HELP)
            continue
        if command in ("/nouveau", "/new"):
            turns = []
            echo("Nouvelle conversation.")
            continue
        if command == "/export":
            echo(_export(turns, argument.strip()))
            continue
        past = [(t["question"], t["answer"]["text"]) for t in turns[-HISTORY_TURNS:]]
        try:
            result = answer(question, k=k, history=past or None, kinds=kinds, settings=settings)
        except SouverainError as exc:
            echo(f"Erreur : {exc}")
            continue
        answered += 1
        turns.append({"question": question, "lang": lang_of(question),
                      "answer": answer_record(result)})
        echo(result.text)
        if result.citations:
            echo("\nSources :" if lang_of(question) == "fr" else "\nSources:")
        for c in result.citations:
            echo(source_lines(c))
        for notice in result.notices:
            echo(f"\nNote : {notice}")
    return answered


def _export(turns: list[dict[str, Any]], target: str) -> str:
    if not turns:
        return "Rien à exporter : posez d'abord une question."
    path = Path(target or "souverain-conversation.md").expanduser()
    if path.suffix.lower() not in (".md", ".markdown"):
        path = path.with_suffix(".md")
    lang = turns[0].get("lang") or "fr"
    try:
        path.write_text(conversation_markdown(turns, turns[0]["question"], lang),
                        encoding="utf-8")
    except OSError as exc:
        return f"Export impossible vers {path} : {exc.strerror or exc}"
    return f"Conversation exportée : {path} ({len(turns)} question(s))."
