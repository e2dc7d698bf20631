"""The ``souverain`` command. Errors become user messages here, and only here.

An error of ours prints the short French sentence that its class maps to
(``ui.messages.MESSAGES``, the table the web chat uses too), then the library's
own message, which names the details and the fix.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from core.errors import SouverainError
from core.settings import PREFIX, Settings
from ui.messages import messages_for


def user_message(exc: SouverainError) -> str:
    """What the CLI prints for one of our errors: the French sentence, then the details."""
    found = messages_for(exc)
    if found is None or found[0] == str(exc):
        return str(exc)
    return f"{found[0]}\n{exc}"


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SouverainError as exc:
        raise click.ClickException(user_message(exc)) from exc


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Souverain's errors and Ctrl-C into one clean line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SouverainError as exc:
            raise click.ClickException(user_message(exc)) from exc
        except KeyboardInterrupt:
            click.echo("Interrompu ; l'index précédent reste utilisable.", err=True)
            sys.exit(130)

    return wrapper


@click.group()
@click.version_option(package_name="souverain")
@click.option("-v", "--verbose", is_flag=True, help="Show progress and warnings in detail.")
def cli(verbose: bool) -> None:
    """Souverain: answers about data sovereignty, with the exact passages cited.

    \b
    souverain index                 index new or changed documents
    souverain ask "Qui a autorisé l'hébergement chez Microsoft ?"
    souverain serve                 open the web chat on http://127.0.0.1:7860
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("chromadb", "httpx", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Start from scratch instead of updating.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--watch", is_flag=True,
              help="Keep running: re-index a few seconds after files change in the corpus.")
@user_errors
def index_command(rebuild: bool, as_json: bool, watch: bool) -> None:
    """Index the corpus folder: embed only new or changed documents, drop deleted ones.

    A progress bar shows on a terminal (not in pipes or CI).

    \b
    souverain index
    souverain index --rebuild
    souverain index --json
    souverain index --watch          until Ctrl-C
    SOUVERAIN_CORPUS_DIR=~/docs souverain index
    """

    from index.rebuild import run_index
    from ui.progress import IndexProgress

    settings = _settings()
    bar = IndexProgress(enabled=None if not as_json else False)
    try:
        report = run_index(settings, rebuild=rebuild, counts=bar)
    finally:
        bar.close()
    from assistant.sentences import WARM_UP_MAX_CHUNKS

    # The sentences parsed once now, not at the first question; not with a Chroma server
    # (readers hold their own state) nor on large indexes (35 s at 100,000 chunks, where
    # an update must stay a few seconds: answers analyse the sentences they meet).
    if not settings.chroma_url and report.chunks <= WARM_UP_MAX_CHUNKS:
        from assistant.answering import prepare

        prepare(settings)
    _print_report(report, as_json)
    if not watch:
        _spare_last_collection()
    else:
        from index.watch import watch_corpus

        click.echo(f"Surveillance de {settings.corpus_dir} (Ctrl-C pour arrêter).", err=True)
        watch_corpus(settings, on_report=lambda r: _print_report(r, as_json),
                     on_error=lambda exc: click.echo(f"Erreur : {exc}", err=True))


def _spare_last_collection() -> None:
    """At exit, skip the interpreter's last garbage collection.

    When the process ends, Python walks every object it holds (chromadb's, LangChain's,
    pydantic's) looking for cycles: 0.5 to 1.5 s after a one-document update at 100 000
    chunks. Objects frozen by ``gc.freeze`` are left out of that walk; they are still
    released and every store closed as usual (Chroma's writes are already committed).
    """
    import atexit
    import gc

    atexit.register(gc.freeze)


def _print_report(report: Any, as_json: bool) -> None:
    if as_json:
        import json

        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    for doc_id, reason in report.skipped:
        click.echo(f"skipped {doc_id}: {reason}", err=True)
    for line in getattr(report, "repaired", []):
        click.echo(f"repaired: {line}")
    if report.rebuilt:
        click.echo("index rebuilt from scratch")
    click.echo(f"embedded {report.embedded} chunks in {report.seconds:.1f} s")
    click.echo(report.summary())


@cli.command("settings")
def settings_command() -> None:
    """Print every SOUVERAIN_* setting with its default and current value."""
    current = _settings()
    for name, default, help_text in Settings.table():
        field_name = name.removeprefix(PREFIX).lower()
        value = getattr(current, field_name)
        secret = Settings.spec(field_name).metadata["secret"]
        shown = ("***" if value else "") if secret else value
        click.echo(f"{name}={shown}\n    {help_text} (défaut : {default})")


NO_NETWORK = "Pas de réseau : aucune source téléchargée, rien n'a changé."


@cli.group("corpus")
def corpus_group() -> None:
    """Manage the corpus: bring in the official texts (needs a network)."""


@corpus_group.command("fetch")
@click.option("--only", "only", multiple=True, metavar="ID",
              help="Fetch only this source (repeatable).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Manifest of official sources (default: corpus/sources.toml).")
@user_errors
def corpus_fetch_command(only: tuple[str, ...], manifest: Path | None) -> None:
    """Download the official texts of the manifest into corpus/officiels/, then re-index.

    Each source gets one line: ok, inchangé or échec: <raison>. A failed source
    leaves its previous file as it was; the exit code is 1 if any source failed.

    \b
    souverain corpus fetch
    souverain corpus fetch --only cnil-deliberation-2023-146 --only anssi-secnumcloud-v3-2
    souverain corpus fetch --manifest mes-sources.toml
    """
    from index.fetching import DEFAULT_MANIFEST, fetch_corpus, load_sources, select_sources

    if not logging.getLogger().isEnabledFor(logging.INFO):
        for noisy in ("trafilatura", "htmldate", "pypdf"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    settings = _settings()
    sources = select_sources(load_sources(manifest or DEFAULT_MANIFEST), only)
    report = fetch_corpus(settings, sources, on_outcome=lambda outcome: click.echo(outcome.line()))
    if report.offline:
        click.echo(NO_NETWORK, err=True)
        sys.exit(1)
    if report.index is not None:
        click.echo(report.index.summary())
    if report.failed:
        sys.exit(1)


@cli.command("serve")
@click.option("--host", default=None, help="Listen address (default: SOUVERAIN_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=click.IntRange(*Settings.bounds("port")),
              help="Port (default: SOUVERAIN_PORT, 7860).")
@click.option("--auth-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Ask for a login: a file of `user:password` lines.")
@click.option("--no-auth-exposed", is_flag=True,
              help="Listen beyond loopback without a login (a proxy in front authenticates).")
@click.option("--watch", is_flag=True,
              help="Re-index on its own when files are added, changed or removed in the corpus.")
@user_errors
def serve_command(host: str | None, port: int | None, auth_file: str | None,
                  no_auth_exposed: bool, watch: bool) -> None:
    """Open the web chat (French) in the browser: answers with their sources, documents tab.

    \b
    souverain serve                          http://127.0.0.1:7860
    souverain serve --port 8080
    souverain serve --host 0.0.0.0 --auth-file ~/.souverain-users
    souverain serve --watch                  re-index when the corpus folder changes

    Beyond loopback, a login is required (--auth-file) unless --no-auth-exposed is
    given; uploads and re-indexing then need SOUVERAIN_ADMIN_TOKEN.
    """
    from ui.security import check_exposure

    settings = _settings(host=host, port=port)
    check_exposure(settings, auth_file, allow_no_auth=no_auth_exposed)
    auth = None
    if auth_file:
        auth = []
        with open(auth_file, encoding="utf-8") as fh:
            for line in fh:
                user, sep, password = line.strip().partition(":")
                if line.strip() and not line.lstrip().startswith("#"):
                    if not sep or not user or not password:
                        raise click.BadParameter("each line must be user:password",
                                                 param_hint="--auth-file")
                    auth.append((user, password))
    from index.rebuild import index_exists
    from ui.app import launch

    if not index_exists(settings):
        click.echo("No index yet: run `souverain index` (or use « Ré-indexer » in the "
                   "Documents tab).", err=True)
    if watch:
        from index.watch import watch_in_background

        watch_in_background(settings)
    try:
        launch(settings, auth=auth or None, allow_no_auth=no_auth_exposed)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot listen on {settings.host}:{settings.port}: the port is in use or not "
            "allowed; choose another with --port"
        ) from exc


@cli.group("llm")
def llm_group() -> None:
    """Local generative model: a llama.cpp server for SOUVERAIN_LLM (optional)."""


@llm_group.command("serve")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="A GGUF file (default: the packaged SmolLM2-135M-Instruct).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Listen address.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535),
              help="Port.")
@click.option("--n-ctx", default=4096, show_default=True, type=click.IntRange(512, 131072),
              help="Context size in tokens (passages + answer).")
@user_errors
def llm_serve_command(model_path: Path | None, host: str, port: int, n_ctx: int) -> None:
    """Serve a GGUF model on an OpenAI-compatible API, offline, until Ctrl-C.

    Then, in another terminal, set the two printed variables and ask:

    \b
    souverain llm serve
    souverain llm serve --model ~/modeles/mistral-7b-instruct.Q4_K_M.gguf --port 8081
    SOUVERAIN_LLM=openai:smollm2-135m-instruct \\
      SOUVERAIN_LLM_BASE_URL=http://127.0.0.1:8080/v1 souverain ask "..."
    """
    import signal

    from assistant.llm_server import LocalServer, ServerConfig, resolve_model

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)  # `kill` stops the model server as Ctrl-C does
    config = ServerConfig(resolve_model(model_path), host=host, port=port, n_ctx=n_ctx)
    click.echo(f"Démarrage de llama.cpp avec {config.model} sur {config.base_url} ...", err=True)
    server = LocalServer(config, inherit_output=True)
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()
        raise
    click.echo("Prêt. Pour utiliser ce modèle :")
    for line in config.env_lines():
        click.echo(f"  export {line}")
    click.echo("Ctrl-C pour arrêter.", err=True)
    try:
        code = server.wait()
    except KeyboardInterrupt:
        server.stop()
        click.echo("Serveur arrêté.", err=True)
        return
    if code:
        raise click.ClickException(f"Le serveur llama.cpp s'est arrêté (code {code}).")


@cli.command("ask")
@click.argument("question", nargs=-1)
@click.option("-k", "k", type=click.IntRange(*Settings.bounds("top_k")), default=None,
              help="Passages to retrieve and cite (default: SOUVERAIN_TOP_K).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--kinds", default=None, metavar="KIND,KIND",
              help="Search only these document kinds (default: all but commentaires).")
@user_errors
def ask_command(question: tuple[str, ...], k: int | None, as_json: bool,
                kinds: str | None) -> None:
    """Answer a question from the indexed documents, with the passages cited.

    \b
    souverain ask "Pendant combien de temps Microsoft hébergera-t-il les données ?"
    souverain ask "How long will Microsoft host the EMC2 data?" -k 3
    souverain ask --json "Qui a autorisé l'entrepôt EMC2 ?"
    souverain ask --kinds commentaires "Que pensent les lecteurs ?"
    """
    import json

    from assistant.answering import answer

    settings = _settings()
    kind_list = [part.strip() for part in kinds.split(",") if part.strip()] if kinds else None
    result = answer(" ".join(question), k=k, kinds=kind_list, settings=settings)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(result.text)
    if result.citations:
        click.echo("\nSources :")
    for c in result.citations:
        click.echo(_source_lines(c))
    for notice in result.notices:
        click.echo(f"\nNote : {notice}")


@cli.command("chat")
@click.option("-k", "k", type=click.IntRange(1, 50), default=None,
              help="Passages to retrieve and cite (default: SOUVERAIN_TOP_K).")
@click.option("--kinds", default=None, metavar="KIND,KIND",
              help="Search only these document kinds (default: all but commentaires).")
@user_errors
def chat_command(k: int | None, kinds: str | None) -> None:
    """Converse in the terminal: follow-up questions, the same answers and sources as the
    web chat, /export to Markdown. Reads standard input (one question per line).

    \b
    souverain chat
    printf 'Qui a autorisé EMC2 ?\nEt pour combien de temps ?\n' | souverain chat
    """
    from .terminal import run_chat

    settings = _settings()
    kind_list = [part.strip() for part in kinds.split(",") if part.strip()] if kinds else None
    stdin = click.get_text_stream("stdin")
    run_chat(settings, k=k or settings.top_k, kinds=kind_list, stdin=stdin, echo=click.echo,
             interactive=stdin.isatty(), source_lines=_source_lines)


def _source_lines(c: Any) -> str:
    """One numbered source for the terminal: title, date, section; what it is; where from."""
    details = " — ".join(part for part in (c.title, c.date, _section(c.title, c.locator)) if part)
    what = c.nature_label or c.kind
    if c.updated:
        what += f" (à jour au {c.updated})"
    lines = [f"[{c.n}] {details}", f"    {what}"]
    if c.source_label and c.source_label != c.publisher:
        lines.append(f"    Source : {c.source_label}")
    lines.append(f"    {c.source}")
    return "\n".join(lines)


def _section(title: str, locator: str) -> str:
    """The locator without its first heading when that heading only repeats the title."""
    import re

    head, sep, rest = locator.partition(" > ")
    words = set(re.findall(r"\w+", head.lower()))
    if sep and words and len(words & set(re.findall(r"\w+", title.lower()))) >= 0.6 * len(words):
        return rest
    return locator


@cli.command("eval")
@click.option("--split", type=click.Choice(["regression", "dev", "val", "test", "holdout",
                                           "all"]),
              default="regression", show_default=True,
              help="Shipped question set: regression (the 96 first questions), dev (to tune "
                   "on), val (to accept or refuse a change, aggregates only), test (held "
                   "out), holdout (never run yet: a fresh test), all (dev + test).")
@click.option("--questions", "questions_file", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own question set, JSON Lines (replaces --split).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures and rows as JSON.")
@click.option("-k", "k", type=click.IntRange(*Settings.bounds("top_k")), default=5,
              show_default=True,
              help="Passages retrieved per question.")
@click.option("--show-misses/--hide-misses", default=None,
              help="List the questions that missed (default: yes, except on the held-out "
                   "val, test and all splits, whose questions must not guide tuning).")
@user_errors
def eval_command(split: str, questions_file: Path | None, as_json: bool, k: int,
                 show_misses: bool | None) -> None:
    """Measure retrieval, answers and abstention on a question set.

    Prints hit@1, hit@5, MRR, answer accuracy, abstention, false abstention,
    follow-ups, citation validity, answer length and latency, the same by kind
    and by language, then one line per question that missed (not on the held-out
    splits unless --show-misses is given).

    \b
    souverain eval                  (the regression set)
    souverain eval --split dev
    souverain eval --questions mes-questions.jsonl --json
    """
    import json

    from assistant.evaluation import HELD_OUT_SPLITS, evaluate, load_questions, split_questions

    settings = _settings()
    if questions_file is not None:
        questions, name = load_questions(questions_file), str(questions_file)
    else:
        questions, name = split_questions(split), split
    report = evaluate(questions, k=k, settings=settings, split=name)
    if show_misses is None:
        show_misses = questions_file is not None or split not in HELD_OUT_SPLITS
    data = report.to_dict()
    if not show_misses:  # aggregates only: no question, answer or miss of a held-out split
        data.pop("rows"), data.pop("misses")
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for line in report.summary():
        click.echo(line)
    misses = report.misses()
    if misses and not show_misses:
        click.echo(f"\nmisses: {len(misses)} (held-out split: not listed; --show-misses "
                   "lists them)")
    elif misses:
        click.echo(f"\nmisses ({len(misses)}):")
        for line in misses:
            click.echo(f"  {line}")



if __name__ == "__main__":  # python -m ui.cli
    cli()
