"""The ``souverain`` command. Errors become user messages here, and only here."""

from __future__ import annotations

import functools
import logging
import sys
from typing import Any, Callable

import click

from .config import Settings
from .errors import SouverainError


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SouverainError as exc:
        raise click.ClickException(str(exc)) from None


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Souverain's errors and Ctrl-C into one clean line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SouverainError as exc:
            raise click.ClickException(str(exc)) from None
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
@user_errors
def index_command(rebuild: bool) -> None:
    """Index the corpus folder: embed only new or changed documents, drop deleted ones.

    \b
    souverain index
    souverain index --rebuild
    SOUVERAIN_CORPUS_DIR=~/docs souverain index
    """
    from index.rebuild import run_index

    settings = _settings()
    report = run_index(settings, rebuild=rebuild)
    for doc_id, reason in report.skipped:
        click.echo(f"skipped {doc_id}: {reason}", err=True)
    if report.rebuilt:
        click.echo("index rebuilt from scratch")
    click.echo(f"embedded {report.embedded} chunks in {report.seconds:.1f} s")
    click.echo(report.summary())


@cli.command("settings")
def settings_command() -> None:
    """Print every SOUVERAIN_* setting with its default and current value."""
    current = _settings()
    for name, default, help_text in Settings.table():
        value = getattr(current, name[len("SOUVERAIN_"):].lower())
        shown = "***" if "TOKEN" in name or "KEY" in name and value else value
        click.echo(f"{name}={shown}\n    {help_text} (défaut : {default})")


def main() -> None:  # pragma: no cover - console entry point alias
    cli()
