"""The web chat: a Gradio Blocks app over ``answer()`` and the indexer.

Two tabs. « Discussion »: the chat, with the kinds of documents to search and
the readers' comments toggle; each answer streams in (a generative one token by
token, its unchecked draft greyed and labelled « non vérifié » until each sentence
is verified), then shows its numbered sources. « Documents »: what is indexed,
upload, re-index. Every error becomes a short French message (``ui.messages``);
everything shown from a document or from the user goes through ``ui.render``,
which makes it inert text.

Nothing here phones home: Gradio analytics are off before gradio is imported,
the theme uses the system's fonts, and the server is never shared.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from core.privacy import keep_data_home

# Before gradio is imported anywhere: no analytics, no version check, no HF telemetry.
keep_data_home()

import gradio as gr  # noqa: E402

from assistant.types import Draft  # noqa: E402
from core.errors import SouverainError  # noqa: E402
from core.settings import Settings  # noqa: E402

from . import render  # noqa: E402
from .messages import UNEXPECTED, french_message, log_error  # noqa: E402
from .security import admin_allowed, admin_refusal, check_exposure  # noqa: E402
from .uploads import save_upload  # noqa: E402

if TYPE_CHECKING:
    from assistant.types import Answer

log = logging.getLogger(__name__)

CHAT_CONCURRENCY = 4  # answers computed at once; the rest wait in the queue
QUEUE_SIZE = 256  # waiting requests beyond this are turned away
HISTORY_TURNS = 3  # previous (question, answer) pairs passed to answer() for follow-ups
STREAM_MIN_INTERVAL = 0.05  # seconds between two streamed updates of the chat

KIND_CHOICES = [
    ("Articles de presse", "article"),
    ("CNIL", "cnil"),
    ("ANSSI / SecNumCloud", "anssi"),
    ("Fiches de synthèse", "fiche"),
    ("Textes officiels", "texte-officiel"),
    ("Documents ajoutés et autres", "autres"),
]
NAMED_KINDS = {value for _, value in KIND_CHOICES if value != "autres"}
COMMENTS = "commentaires"

EXAMPLES = [
    "Qui a autorisé l'hébergement des données de santé chez Microsoft, et quand ?",
    "Pendant combien de temps Microsoft hébergera-t-il les données de l'entrepôt EMC2 ?",
    "Qu'est-ce que la qualification SecNumCloud ?",
    "Pourquoi la CNIL a-t-elle regretté ce choix d'hébergeur ?",
]

SYSTEM_FONTS = [
    "system-ui", "-apple-system", "Segoe UI", "Roboto", "Ubuntu", "Cantarell",
    "Noto Sans", "DejaVu Sans", "Helvetica Neue", "Arial", "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "DejaVu Sans Mono",
              "monospace"]

CSS = """
.souverain-header h1 { margin: 0 0 .3em 0; font-size: 1.6em; }
.souverain-header p { margin: .2em 0; }
.souverain-header ul { margin: .3em 0 0 1.2em; }
.souverain-meta { color: var(--body-text-color-subdued); font-size: .92em; }
.souverain-marker { color: var(--color-accent); }
.souverain-sources-title { margin: .9em 0 .3em 0; }
.souverain-source { border-left: 3px solid var(--color-accent-soft); padding: .15em .7em;
                    margin: .45em 0; }
.souverain-source summary { cursor: pointer; }
.souverain-source summary .souverain-meta { display: block; padding-left: 1.1em; }
.souverain-passage { margin: .4em 0 .2em 1.1em; padding: .4em .7em; white-space: normal;
                     background: var(--background-fill-secondary); border-radius: 4px; }
.souverain-abstain { padding: .5em .7em; border-radius: 4px;
                     background: var(--color-accent-soft); margin: 0 0 .5em 0; }
.souverain-notice { font-style: italic; color: var(--body-text-color-subdued); }
.souverain-mode { font-size: .85em; color: var(--body-text-color-subdued); margin-top: .7em; }
.souverain-error { font-weight: 600; }
.souverain-cursor { opacity: .5; }
.souverain-draft { color: var(--body-text-color-subdued); font-style: italic; opacity: .8; }
.souverain-draft-label { font-size: .72em; font-style: normal; text-transform: uppercase;
                         letter-spacing: .03em; color: var(--body-text-color-subdued);
                         border: 1px dashed var(--border-color-primary); border-radius: 3px;
                         padding: 0 .35em; margin-right: .2em; cursor: help;
                         vertical-align: .1em; }
/* Gradio titles its toasts with the English level name: show it in French. */
.toast-title.warning, .toast-title.info, .toast-title.error { font-size: 0 !important; }
.toast-title.warning::after { content: "Attention"; font-size: var(--text-md); }
.toast-title.info::after { content: "Information"; font-size: var(--text-md); }
.toast-title.error::after { content: "Erreur"; font-size: var(--text-md); }
"""


def _theme() -> Any:
    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def resolve_kinds(selected: list[str] | None, include_comments: bool,
                  indexed_kinds: set[str]) -> list[str] | None:
    """The ``kinds`` argument of ``answer()`` for the UI's choices (None = the default set).

    « Documents ajoutés et autres » stands for uploads (kind ``document``) and any
    kind the index holds that has no box of its own.
    """
    selected = list(selected or [])
    everything = set(selected) >= NAMED_KINDS | {"autres"}
    if everything and not include_comments:
        return None
    kinds = [k for k in selected if k != "autres"]
    if "autres" in selected:
        kinds += ["document", *sorted(indexed_kinds - NAMED_KINDS - {COMMENTS, "document"})]
    if include_comments:
        kinds.append(COMMENTS)
    return list(dict.fromkeys(kinds))


def _answer_functions() -> tuple[Any, Any]:
    from assistant import answering

    return answering.answer, answering.stream_answer


def _documents(settings: Settings) -> list[dict[str, Any]]:
    from index.rebuild import indexed_documents

    try:
        return indexed_documents(settings)
    except SouverainError as exc:
        log_error(exc, "listing indexed documents")
        return []


def _warn(message: str) -> None:
    gr.Warning(message)


def _token_ok(settings: Settings, token: str | None) -> bool:
    return admin_allowed(settings, token)


class ChatHandlers:
    """The app's callbacks, bound to one ``Settings``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    # -- chat ---------------------------------------------------------------------------------

    def _kinds(self, selected: list[str] | None, include_comments: bool) -> list[str] | None:
        indexed = {str(r.get("kind") or "") for r in _documents(self.settings)}
        return resolve_kinds(selected, bool(include_comments), indexed - {""})

    def respond(self, message: str, chat: list[dict[str, Any]] | None,
                pairs: list[list[str]] | None, kinds: list[str] | None,
                include_comments: bool) -> Iterator[tuple[Any, Any, str]]:
        """Stream one answer into the chat; keep the raw (question, answer) pairs for follow-ups."""
        chat = list(chat or [])
        pairs = [list(p) for p in (pairs or [])]
        question = (message or "").strip()
        if not question:
            _warn("Posez une question : le texte est vide.")
            yield chat, pairs, message or ""
            return
        if not kinds and not include_comments:
            _warn("Choisissez au moins un type de document à interroger.")
            yield chat, pairs, message
            return
        limit = self.settings.max_question_chars
        shown_question = question if len(question) <= limit else question[:limit] + " […]"
        chat.append({"role": "user", "content": render.question_html(shown_question)})
        chat.append({"role": "assistant", "content": render.streaming_html("")})
        yield chat, pairs, ""

        final: Answer | None = None
        text = draft = shown = ""  # verified text, the model's unchecked draft, text on screen
        drafting = False
        last = 0.0
        with _user_errors("answering") as failed:
            _, stream_answer = _answer_functions()
            history = [(q, a) for q, a in pairs[-HISTORY_TURNS:]]
            for item in stream_answer(question, k=self.settings.top_k, history=history or None,
                                      kinds=self._kinds(kinds, include_comments),
                                      settings=self.settings, drafts=True):
                if isinstance(item, Draft):
                    draft, drafting = item.text, True
                elif isinstance(item, str):
                    text += item
                    if drafting:
                        continue  # the draft without this sentence follows at once
                else:
                    final = item
                    continue
                now = time.monotonic()
                # A sentence just verified replaces its draft at once; tokens are throttled.
                if now - last >= STREAM_MIN_INTERVAL or (drafting and text != shown):
                    last, shown = now, text
                    chat[-1] = {"role": "assistant",
                                "content": render.streaming_html(text, draft)}
                    yield chat, pairs, ""
        if failed:
            chat[-1] = {"role": "assistant", "content": render.error_html(failed.message)}
            yield chat, pairs, ""
            return
        if final is None:
            chat[-1] = {"role": "assistant", "content": render.error_html(UNEXPECTED)}
            yield chat, pairs, ""
            return
        shown = render.answer_html(final, model=self.settings.llm)
        chat[-1] = {"role": "assistant", "content": shown}
        pairs.append([question, final.text])
        yield chat, pairs, ""

    def ask(self, question: str, kinds: list[str] | None = None,
            include_comments: bool = False) -> dict[str, Any]:
        """API: one answer as JSON (the shape of ``souverain ask --json``)."""
        answer, _ = _answer_functions()
        if kinds is None:
            kinds = [value for _, value in KIND_CHOICES]
        with _user_errors("answering (api)") as failed:
            result = answer(question or "", k=self.settings.top_k,
                            kinds=self._kinds(kinds, include_comments), settings=self.settings)
            return result.to_dict()
        raise gr.Error(failed.message, print_exception=False) from failed.error

    # -- documents ----------------------------------------------------------------------------

    def refresh(self) -> tuple[str, list[list[Any]]]:
        documents = _documents(self.settings)
        return render.header_html(documents), render.document_rows(documents)

    def _index(self, progress: gr.Progress) -> str:
        from index.rebuild import run_index

        def report(fraction: float, message: str) -> None:
            progress(max(0.0, min(1.0, fraction)), desc=message)

        result = run_index(self.settings, progress=report)
        lines = [
            f"Index à jour : {len(result.added)} ajouté(s), {len(result.updated)} modifié(s), "
            f"{len(result.removed)} retiré(s), {len(result.unchanged)} inchangé(s) ; "
            f"{result.chunks} passages au total ({result.seconds:.1f} s)."
        ]
        for doc_id, reason in result.skipped:
            lines.append(f"Ignoré : {doc_id} ({french_message(reason)})")
        return "\n".join(lines)

    def upload(self, file: str | None, token: str | None,
               progress: gr.Progress = gr.Progress()) -> tuple[str, str, list[list[Any]]]:
        """Check and save an uploaded file into the corpus, then index it."""
        header, rows = self.refresh()
        if not _token_ok(self.settings, token):
            _warn(admin_refusal(self.settings))
            return admin_refusal(self.settings), header, rows
        if not file:
            _warn("Choisissez d'abord un fichier.")
            return "Aucun fichier choisi.", header, rows
        path = str(file)
        with _user_errors("upload") as failed:
            saved = save_upload(self.settings, path, os.path.basename(path))
        if failed:
            if failed.ours:
                _warn(failed.message)
            return failed.message, header, rows
        status = [f"« {saved.title} » enregistré dans le corpus sous {saved.doc_id}."]
        with _user_errors("indexing an upload") as failed:
            status.append(self._index(progress))
        if failed:
            status.append(f"L'indexation a échoué : {failed.message} "
                          "Le fichier est conservé ; utilisez « Ré-indexer » plus tard."
                          if failed.ours else UNEXPECTED)
        header, rows = self.refresh()
        return "\n".join(status), header, rows

    def reindex(self, token: str | None,
                progress: gr.Progress = gr.Progress()) -> tuple[str, str, list[list[Any]]]:
        """Run the incremental index (``souverain index``)."""
        if not _token_ok(self.settings, token):
            _warn(admin_refusal(self.settings))
            header, rows = self.refresh()
            return admin_refusal(self.settings), header, rows
        with _user_errors("re-indexing") as failed:
            status = self._index(progress)
        if failed:
            status = f"L'indexation a échoué : {failed.message}" if failed.ours else UNEXPECTED
            if failed.ours:
                _warn(status)
        header, rows = self.refresh()
        return status, header, rows


class _Failure:
    """What went wrong in a ``_user_errors`` block (false when nothing did)."""

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.message = ""

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def ours(self) -> bool:
        """True for Souverain's own errors (a message that names the cause)."""
        return isinstance(self.error, SouverainError)


@contextmanager
def _user_errors(context: str) -> Iterator[_Failure]:
    """Catch any error in the block: log it, and keep its short French message (never a
    traceback in the page)."""
    failure = _Failure()
    try:
        yield failure
    except Exception as exc:
        log_error(exc, context)
        failure.error, failure.message = exc, french_message(exc)


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """The Blocks app for ``settings`` (read from the environment when None)."""
    settings = settings or Settings.from_env()
    handlers = ChatHandlers(settings)
    header, rows = handlers.refresh()
    with gr.Blocks(title="Souverain — souveraineté des données", analytics_enabled=False) as demo:
        header_view = gr.HTML(header, elem_id="souverain-header")
        with gr.Tabs():
            with gr.Tab("Discussion", id="chat"):
                chatbot = gr.Chatbot(
                    label="Discussion", elem_id="souverain-chat", height=560,
                    render_markdown=True, sanitize_html=True, allow_tags=False,
                    latex_delimiters=[], line_breaks=False, group_consecutive_messages=False,
                    feedback_options=None, buttons=[],
                    placeholder="Posez une question sur la souveraineté des données de santé, "
                                "la CNIL ou SecNumCloud. Chaque réponse cite ses sources.",
                    examples=[{"text": q} for q in EXAMPLES],
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Votre question", placeholder="Posez votre question…",
                        lines=1, max_lines=6, scale=6, autofocus=True,
                        max_length=settings.max_question_chars, elem_id="souverain-question",
                        submit_btn="Envoyer",
                    )
                with gr.Accordion("Documents interrogés", open=False):
                    kinds = gr.CheckboxGroup(
                        choices=KIND_CHOICES, value=[v for _, v in KIND_CHOICES],
                        label="Types de documents", elem_id="souverain-kinds",
                    )
                    comments = gr.Checkbox(
                        value=False, label="Inclure les commentaires de lecteurs",
                        info="Ce sont des opinions, jamais des faits ; exclues par défaut.",
                        elem_id="souverain-comments",
                    )
                new_chat = gr.Button("Nouvelle conversation", variant="secondary", size="sm")
            with gr.Tab("Documents", id="documents"):
                table = gr.Dataframe(
                    value=rows, headers=render.DOCUMENT_COLUMNS, datatype="str",
                    interactive=False, wrap=True, label="Documents indexés",
                    elem_id="souverain-documents",
                    column_widths=["38%", "14%", "10%", "8%", "13%", "17%"],
                )
                with gr.Row():
                    upload_file = gr.File(
                        label=f"Ajouter un document (.md, .txt, .html, .pdf ; "
                              f"{settings.max_upload_mb:g} Mo au plus)",
                        # No file_types: Gradio's own check would refuse in English;
                        # ui.uploads refuses in French, with the reason.
                        file_count="single", type="filepath", elem_id="souverain-upload",
                    )
                token = gr.Textbox(
                    label="Jeton d'administration", type="password",
                    visible=bool(settings.admin_token), elem_id="souverain-token",
                    info="Exigé pour ajouter des documents et ré-indexer.",
                )
                with gr.Row():
                    upload_button = gr.Button("Ajouter et indexer", variant="primary")
                    reindex_button = gr.Button("Ré-indexer")
                status = gr.Textbox(label="État", interactive=False, lines=3,
                                    elem_id="souverain-status")

        pairs = gr.State([])
        chat_inputs = [question, chatbot, pairs, kinds, comments]
        chat_outputs = [chatbot, pairs, question]
        question.submit(
            handlers.respond, chat_inputs, chat_outputs, api_name="chat",
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
            show_progress="hidden",
        )
        chatbot.example_select(
            _example_text, None, question, api_visibility="private", queue=False,
        ).then(
            handlers.respond, chat_inputs, chat_outputs, api_visibility="private",
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
            show_progress="hidden",
        )
        new_chat.click(lambda: ([], [], ""), None, [chatbot, pairs, question], queue=False,
                       api_visibility="private")
        chatbot.clear(lambda: [], None, pairs, queue=False, api_visibility="private")

        index_outputs = [status, header_view, table]
        upload_button.click(
            handlers.upload, [upload_file, token], index_outputs, api_name="upload",
            concurrency_limit=1, concurrency_id="index", show_progress_on=[status],
        ).then(lambda: None, None, upload_file, queue=False, api_visibility="private")
        reindex_button.click(handlers.reindex, [token], index_outputs, api_name="reindex",
                             concurrency_limit=1, concurrency_id="index",
                             show_progress_on=[status])
        demo.load(handlers.refresh, None, [header_view, table], api_visibility="private",
                  queue=False)
        gr.api(handlers.ask, api_name="ask", concurrency_limit=CHAT_CONCURRENCY,
               concurrency_id="answer")
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1)
    return demo


def _example_text(evt: gr.SelectData) -> str:
    value = evt.value
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of ``Blocks.launch`` (theme, limits, no share, no SSR, quiet errors)."""
    limit_mb = max(settings.max_upload_mb * 2, settings.max_upload_mb + 5)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,
        "show_error": False,
        "ssr_mode": False,
        "max_file_size": f"{int(limit_mb)}mb",
        "theme": _theme(),
        "css": CSS,
        "footer_links": ["api", "settings"],
        "mcp_server": False,
        "pwa": False,
    }


def warm_up(settings: Settings) -> None:
    """Load the model and the index in the background so the first question is quick."""

    def run() -> None:
        from assistant import answering

        try:
            answering.preload(settings, wait=False)
        except Exception as exc:  # a missing index is reported when a user asks
            log.info("warm-up skipped: %s", exc)

    threading.Thread(target=run, name="souverain-warm-up", daemon=True).start()


def launch(settings: Settings | None = None, *, prevent_thread_lock: bool = False,
           quiet: bool = False, auth: Any = None, allow_no_auth: bool = False,
           **overrides: Any) -> gr.Blocks:
    """Build and serve the app on ``settings.host:settings.port``; returns the running app.

    Raises:
        ConfigError: the host is reachable from other machines, ``auth`` is not given
            and ``allow_no_auth`` is not set (see ``ui.security``).
    """
    settings = settings or Settings.from_env()
    check_exposure(settings, auth, allow_no_auth=allow_no_auth)
    demo = build_app(settings)
    options = launch_options(settings) | overrides
    demo.launch(prevent_thread_lock=True, quiet=quiet, auth=auth, **options)
    warm_up(settings)  # once the page is served: loading the model must not delay it
    if not prevent_thread_lock:
        demo.block_thread()
    return demo
