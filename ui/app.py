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
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.privacy import keep_data_home

# Before gradio is imported anywhere: no analytics, no version check, no HF telemetry.
keep_data_home()

import gradio as gr  # noqa: E402

from assistant.types import Draft  # noqa: E402
from core.errors import SouverainError  # noqa: E402
from core.settings import Settings  # noqa: E402

from . import export, history, render, viewer  # noqa: E402
from .i18n import DOCUMENT_COLUMNS, KIND_CHOICE_LABELS, lang_of, ui  # noqa: E402
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

KIND_VALUES = ["article", "cnil", "anssi", "fiche", "texte-officiel", "autres"]


def kind_choices(lang: str = "fr") -> list[tuple[str, str]]:
    """The kinds box's (label, value) pairs in ``lang``."""
    labels = KIND_CHOICE_LABELS.get(lang, KIND_CHOICE_LABELS["fr"])
    return [(labels[value], value) for value in KIND_VALUES]


KIND_CHOICES = kind_choices("fr")
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
.souverain-passage p { margin: .35em 0; }
.souverain-passage .souverain-passage-heading { margin-bottom: .15em; }
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
.souverain-marker[class*="souverain-cite-"] { cursor: pointer; text-decoration: underline dotted; }
.souverain-flash { background: var(--color-accent-soft); transition: background .3s; }
.souverain-actions { margin: .2em 0 .3em 1.1em; }
.souverain-open, .souverain-copy { cursor: pointer; color: var(--link-text-color);
                                   text-decoration: underline; }
.souverain-copytext { display: none; white-space: pre-wrap; }
.souverain-origin { font-size: .95em; }
.souverain-viewer { max-height: 70vh; overflow-y: auto; padding: .3em 1em; }
.souverain-viewer h2 { margin-top: .2em; }
.souverain-doc-body { line-height: 1.55; }
.souverain-hit { background: #ffe58a; color: inherit; padding: 0 .1em; }
.souverain-page h3 { border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.souverain-plain { white-space: normal; }
.souverain-block-source { font-size: .8em; line-height: 1.4; color: var(--body-text-color-subdued);
                          margin: -.5em 0 1em 0; padding-left: .6em;
                          border-left: 2px solid var(--border-color-primary); }
.souverain-block-source a { color: inherit; }
.souverain-source-lines { font-size: .88em; color: var(--body-text-color-subdued); }
/* Gradio titles its toasts with the English level name: show it in French. */
.toast-title.warning, .toast-title.info, .toast-title.error { font-size: 0 !important; }
.toast-title.warning::after { content: "Attention"; font-size: var(--text-md); }
.toast-title.info::after { content: "Information"; font-size: var(--text-md); }
.toast-title.error::after { content: "Erreur"; font-size: var(--text-md); }
"""


# One listener for the whole page: [n] opens source n of the same answer; « Voir dans le
# document » asks the server for the document view (through a hidden text box); « Copier »
# copies the answer with its sources. Reads only our own class names, never document text.
CHAT_JS = """() => {
  if (window.__souverainWired) return;
  window.__souverainWired = true;
  const copy = async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) {}
    const area = document.createElement('textarea');
    area.value = text; area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    let ok = false; try { ok = document.execCommand('copy'); } catch (e) {}
    area.remove(); return ok;
  };
  document.addEventListener('click', (ev) => {
    const el = ev.target.closest && ev.target.closest(
      '.souverain-marker, .souverain-open, .souverain-copy');
    if (!el) return;
    const answer = el.closest('.souverain-answer');
    const classes = Array.from(el.classList);
    const cite = classes.find((c) => c.startsWith('souverain-cite-'));
    if (cite && answer) {
      ev.preventDefault(); ev.stopPropagation();
      const label = '[' + cite.slice(15) + ']';
      const card = Array.from(answer.querySelectorAll('.souverain-source')).find(
        (d) => (d.querySelector('summary .souverain-marker') || {}).textContent === label);
      if (card) {
        card.open = true;
        card.scrollIntoView({block: 'nearest'});
        card.classList.add('souverain-flash');
        setTimeout(() => card.classList.remove('souverain-flash'), 1600);
      }
      return;
    }
    const ref = classes.find((c) => c.startsWith('souverain-ref-'));
    if (ref) {
      ev.preventDefault(); ev.stopPropagation();
      window.__souverainOpen = ref.slice(14).replace('-', ':') + ':' + Date.now();
      const button = document.querySelector('#souverain-open-button');
      if (button) button.click();
      return;
    }
    if (el.classList.contains('souverain-copy') && answer) {
      ev.preventDefault(); ev.stopPropagation();
      const source = answer.querySelector('.souverain-copytext');
      copy(source ? source.textContent : answer.innerText).then((ok) => {
        el.classList.toggle('souverain-copied', ok);
        if (ok) el.textContent = (answer.classList.contains('souverain-lang-en')
                                  ? 'Copied' : 'Copié') + ' ✓';
        window.__souverainCopied = source ? source.textContent : '';
      });
    }
  }, true);
}"""
SCROLL_TO_PASSAGE_JS = """() => { setTimeout(() => {
  const mark = document.getElementById('souverain-passage');
  if (mark) mark.scrollIntoView({block: 'center'});
}, 150); }"""
SCROLL_TO_TOP_JS = """() => { setTimeout(() => {
  const view = document.getElementById('souverain-viewer');
  if (view) view.scrollIntoView({block: 'start'});
}, 150); }"""


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


def _info(message: str) -> None:
    gr.Info(message)


def _username(request: gr.Request | None) -> str:
    return str(getattr(request, "username", None) or "") if request is not None else ""


def interface_lang(conversation: Any, current: str = "fr") -> str:
    """The interface's language: the last question's in the conversation, else unchanged."""
    turns = _conversation(conversation)["turns"]
    if turns:
        last = turns[-1]
        lang = last.get("lang") or lang_of(str(last.get("question") or ""))
        return "en" if lang == "en" else "fr"
    return current if current in ("fr", "en") else "fr"


def _conversation(value: Any) -> dict[str, Any]:
    """The current conversation from the session state (any bad value: a new one)."""
    if isinstance(value, dict) and isinstance(value.get("turns"), list):
        return {"id": str(value.get("id") or ""), "title": str(value.get("title") or ""),
                "turns": list(value["turns"])}
    return history.empty_conversation()


_EXPORTS: Path | None = None


def _export_dir(conversation_id: str) -> Path:
    """A private temp folder per conversation for its export files."""
    global _EXPORTS
    if _EXPORTS is None:
        _EXPORTS = Path(tempfile.mkdtemp(prefix="souverain-exports-"))
    folder = _EXPORTS / (conversation_id or "session")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
                conversation: dict[str, Any] | None, kinds: list[str] | None,
                include_comments: bool) -> Iterator[tuple[Any, ...]]:
        """Stream one answer into the chat; the conversation follows (``persist`` saves it)."""
        chat = list(chat or [])
        conversation = _conversation(conversation)
        question = (message or "").strip()
        if not question:
            _warn("Ask a question: the text is empty." if interface_lang(conversation) == "en"
                  else "Posez une question : le texte est vide.")
            yield chat, conversation, message or ""
            return
        if not kinds and not include_comments:
            _warn("Pick at least one kind of document to search." if lang_of(question) == "en"
                  else "Choisissez au moins un type de document à interroger.")
            yield chat, conversation, message
            return
        limit = self.settings.max_question_chars
        shown_question = question if len(question) <= limit else question[:limit] + " […]"
        chat.append({"role": "user", "content": render.question_html(shown_question)})
        chat.append({"role": "assistant", "content": render.streaming_html("")})
        yield chat, conversation, ""

        final: Answer | None = None
        text = draft = shown = ""  # verified text, the model's unchecked draft, text on screen
        drafting = False
        last = 0.0
        turns = conversation["turns"]
        with _user_errors("answering") as failed:
            _, stream_answer = _answer_functions()
            past = [(turn["question"], turn["answer"].get("text", ""))
                    for turn in turns[-HISTORY_TURNS:]]
            for item in stream_answer(question, k=self.settings.top_k, history=past or None,
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
                    yield chat, conversation, ""
        if failed:
            chat[-1] = {"role": "assistant", "content": render.error_html(failed.message)}
            yield chat, conversation, ""
            return
        if final is None:
            chat[-1] = {"role": "assistant", "content": render.error_html(UNEXPECTED)}
            yield chat, conversation, ""
            return
        lang = lang_of(question)
        chat[-1] = {"role": "assistant",
                    "content": self._answer_html(final, lang, len(turns))}
        turn = {"question": question, "lang": lang, "answer": export.answer_record(final)}
        conversation = {"id": conversation["id"] or history.new_id(),
                        "title": conversation["title"] or history.title_of(question),
                        "turns": [*turns, turn]}
        yield chat, conversation, ""

    def _answer_html(self, answer: Answer, lang: str, turn: int) -> str:
        return render.answer_html(answer, model=self.settings.llm, lang=lang, turn=turn,
                                  copy_text=export.answer_plain(answer, lang))

    # -- history ------------------------------------------------------------------------------

    def _history(self, store: Any, request: gr.Request | None) -> dict[str, Any]:
        user = _username(request)
        if user:
            return history.load_user(self.settings.history_dir, user)
        return history.normalise(store)

    def _store(self, saved: dict[str, Any], request: gr.Request | None) -> Any:
        """Keep ``saved``: the user's file with authentication, else the browser's copy."""
        user = _username(request)
        if user:
            history.save_user(self.settings.history_dir, user, saved)
            return history.empty(keep=saved.get("keep", True))  # nothing in the browser
        return saved if saved.get("keep", True) else history.empty(keep=False)

    def persist(self, conversation: dict[str, Any] | None, store: Any,
                request: gr.Request | None = None) -> tuple[Any, Any]:
        """Keep the current conversation (unless the user opted out); refresh the side panel."""
        saved = self._history(store, request)
        conversation = _conversation(conversation)
        if saved.get("keep", True):
            history.put(saved, conversation)
            kept = self._store(saved, request)
        else:
            kept = gr.skip()
        return kept, gr.update(choices=history.choices(saved), value=conversation["id"] or None)

    def startup(self, store: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        """On page load: the saved conversations, the latest one reopened."""
        saved = self._history(store, request)
        if not saved["conversations"]:  # nothing to show: leave a question asked meanwhile be
            return (gr.skip(), gr.skip(), gr.update(choices=[], value=None),
                    gr.update(value=saved.get("keep", True)))
        conversation = _conversation(saved["conversations"][0])
        return (*self._show(conversation),
                gr.update(choices=history.choices(saved), value=conversation["id"] or None),
                gr.update(value=saved.get("keep", True)))

    def _show(self, conversation: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        chat: list[dict[str, Any]] = []
        for i, turn in enumerate(conversation["turns"]):
            answer = export.answer_from_dict(turn["answer"])
            lang = turn.get("lang") or lang_of(turn["question"])
            chat.append({"role": "user", "content": render.question_html(turn["question"])})
            chat.append({"role": "assistant", "content": self._answer_html(answer, lang, i)})
        return chat, conversation

    def open_conversation(self, conversation_id: str | None, store: Any,
                          request: gr.Request | None = None) -> tuple[Any, ...]:
        saved = self._history(store, request)
        found = history.find(saved, conversation_id)
        if found is None:
            return gr.skip(), gr.skip()
        return self._show(_conversation(found))

    def new_conversation(self) -> tuple[Any, ...]:
        return [], history.empty_conversation(), "", gr.update(value=None)

    def delete_conversation(self, conversation: dict[str, Any] | None, store: Any,
                            request: gr.Request | None = None) -> tuple[Any, ...]:
        saved = self._history(store, request)
        history.delete(saved, _conversation(conversation)["id"])
        return ([], history.empty_conversation(), self._store(saved, request),
                gr.update(choices=history.choices(saved), value=None))

    def delete_all(self, store: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        saved = self._history(store, request)
        saved["conversations"] = []
        return ([], history.empty_conversation(), self._store(saved, request),
                gr.update(choices=[], value=None))

    def set_keep(self, keep: bool, conversation: dict[str, Any] | None, store: Any,
                 request: gr.Request | None = None) -> tuple[Any, ...]:
        """Opting out deletes what was kept; opting back in keeps the current conversation."""
        saved = self._history(store, request)
        saved["keep"] = bool(keep)
        if not keep:
            saved["conversations"] = []
            _info("Historique désactivé : les conversations gardées ont été effacées ; "
                  "rien ne sera gardé. / History off: nothing is kept.")
        else:
            history.put(saved, _conversation(conversation))
        return (self._store(saved, request),
                gr.update(choices=history.choices(saved),
                          value=_conversation(conversation)["id"] or None))

    # -- export and document viewer ---------------------------------------------------------

    def exports(self, conversation: dict[str, Any] | None) -> tuple[Any, Any]:
        """Files for the two download buttons: the conversation as Markdown and as JSON."""
        conversation = _conversation(conversation)
        if not conversation["turns"]:
            return gr.update(value=None, interactive=False), gr.update(value=None,
                                                                        interactive=False)
        lang = conversation["turns"][0].get("lang") or "fr"
        folder = _export_dir(conversation["id"])
        md = folder / "souverain-conversation.md"
        md.write_text(export.conversation_markdown(conversation["turns"], conversation["title"],
                                                   lang), encoding="utf-8")
        js = folder / "souverain-conversation.json"
        js.write_text(export.conversation_json(conversation["turns"], conversation["title"]),
                      encoding="utf-8")
        return (gr.update(value=str(md), interactive=True),
                gr.update(value=str(js), interactive=True))

    # -- interface language -----------------------------------------------------------------

    def relabel(self, conversation: dict[str, Any] | None, current: str | None,
                view: str | None) -> tuple[Any, ...]:
        """The interface follows the conversation's language: every fixed label, the header,
        the Documents table and an empty viewer switch at once (nothing when unchanged)."""
        lang = interface_lang(conversation, current or "fr")
        if lang == (current or "fr"):
            return (gr.skip(),) * (1 + RELABELLED)
        return (lang, *self.labels(lang, view))

    def labels(self, lang: str, view: str | None = None) -> list[Any]:
        """Updates for the labelled controls, in the order of ``build_app``'s list."""
        documents = _documents(self.settings)
        empty = {viewer.empty_html("fr"), viewer.empty_html("en")}
        return [
            render.header_html(documents, lang),
            gr.update(label=ui(lang, "tab_chat")),
            gr.update(label=ui(lang, "tab_viewer")),
            gr.update(label=ui(lang, "tab_documents")),
            gr.update(value=ui(lang, "new")),
            gr.update(label=ui(lang, "conversations"), info=ui(lang, "conversations_info")),
            gr.update(value=ui(lang, "delete")),
            gr.update(value=ui(lang, "delete_all")),
            gr.update(label=ui(lang, "keep"), info=ui(lang, "keep_info")),
            gr.update(label=ui(lang, "chat"), placeholder=ui(lang, "chat_placeholder")),
            gr.update(label=ui(lang, "question"), placeholder=ui(lang, "question_placeholder"),
                      submit_btn=ui(lang, "send")),
            gr.update(label=ui(lang, "export_md")),
            gr.update(label=ui(lang, "export_json")),
            gr.update(label=ui(lang, "searched")),
            gr.update(label=ui(lang, "kinds"), choices=kind_choices(lang)),
            gr.update(label=ui(lang, "comments"), info=ui(lang, "comments_info")),
            gr.update(label=ui(lang, "table"),
                      value={"headers": DOCUMENT_COLUMNS[lang],
                             "data": render.document_rows(documents, lang)}),
            gr.update(label=ui(lang, "upload").format(mb=f"{self.settings.max_upload_mb:g}")),
            gr.update(label=ui(lang, "token"), info=ui(lang, "token_info")),
            gr.update(value=ui(lang, "upload_button")),
            gr.update(value=ui(lang, "reindex")),
            gr.update(label=ui(lang, "status")),
            viewer.empty_html(lang) if view in empty else gr.skip(),
        ]

    def refresh_in(self, lang: str | None) -> tuple[str, Any]:
        """The header and the Documents table in the interface's language."""
        lang = lang if lang in ("fr", "en") else "fr"
        documents = _documents(self.settings)
        return (render.header_html(documents, lang),
                gr.update(value={"headers": DOCUMENT_COLUMNS[lang],
                                 "data": render.document_rows(documents, lang)}))

    def open_cited(self, request_value: str,
                   conversation: dict[str, Any] | None) -> tuple[Any, Any]:
        """« Voir dans le document » for citation n of turn i (``"i:n:nonce"``)."""
        parts = (request_value or "").split(":")
        try:
            turn_no, n = int(parts[0]), int(parts[1])
            turn = _conversation(conversation)["turns"][turn_no]
            cited = next(c for c in turn["answer"]["citations"] if int(c["n"]) == n)
        except (ValueError, IndexError, KeyError, StopIteration, TypeError):
            return gr.skip(), gr.skip()
        lang = turn.get("lang") or "fr"
        try:
            html = viewer.document_html(self.settings, str(cited.get("doc_id") or ""),
                                        start=int(cited.get("start") or 0),
                                        end=int(cited.get("end") or 0),
                                        passage=str(cited.get("text") or ""), lang=lang)
        except Exception as exc:
            log_error(exc, "document viewer")
            html = render.error_html(UNEXPECTED)
        return html, gr.Tabs(selected="viewer")

    def open_listed(self, evt: gr.SelectData) -> tuple[Any, Any]:
        """The Documents tab: a click on a row opens that document."""
        row = getattr(evt, "row_value", None) or []
        doc_id = str(row[-1]) if row else ""
        if not doc_id:
            return gr.skip(), gr.skip()
        try:
            html = viewer.document_html(self.settings, doc_id)
        except Exception as exc:
            log_error(exc, "document viewer")
            html = render.error_html(UNEXPECTED)
        return html, gr.Tabs(selected="viewer")

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


RELABELLED = 23  # controls ``ChatHandlers.labels`` updates


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """The Blocks app for ``settings`` (read from the environment when None)."""
    settings = settings or Settings.from_env()
    handlers = ChatHandlers(settings)
    header, rows = handlers.refresh()
    with gr.Blocks(title="Souverain — souveraineté des données", analytics_enabled=False) as demo:
        header_view = gr.HTML(header, elem_id="souverain-header")
        with gr.Tabs() as tabs:
            with gr.Tab(ui("fr", "tab_chat"), id="chat") as tab_chat, gr.Row(equal_height=False):
                with gr.Column(scale=1, min_width=220, elem_id="souverain-side"):
                    new_chat = gr.Button(ui("fr", "new"), variant="primary",
                                         size="sm", elem_id="souverain-new")
                    conversations = gr.Radio(
                        choices=[], label=ui("fr", "conversations"),
                        elem_id="souverain-conversations",
                        info=ui("fr", "conversations_info"),
                    )
                    with gr.Row():
                        delete_one = gr.Button(ui("fr", "delete"), size="sm",
                                               elem_id="souverain-delete")
                        delete_all = gr.Button(ui("fr", "delete_all"), size="sm",
                                               variant="stop", elem_id="souverain-delete-all")
                    keep = gr.Checkbox(
                        value=True, label=ui("fr", "keep"), info=ui("fr", "keep_info"),
                        elem_id="souverain-keep",
                    )
                with gr.Column(scale=4):
                    chatbot = gr.Chatbot(
                        label=ui("fr", "chat"), elem_id="souverain-chat", height=560,
                        render_markdown=True, sanitize_html=True, allow_tags=False,
                        latex_delimiters=[], line_breaks=False,
                        group_consecutive_messages=False, feedback_options=None, buttons=[],
                        placeholder=ui("fr", "chat_placeholder"),
                        examples=[{"text": q} for q in EXAMPLES],
                    )
                    with gr.Row():
                        question = gr.Textbox(
                            label=ui("fr", "question"),
                            placeholder=ui("fr", "question_placeholder"),
                            lines=1, max_lines=6, scale=6, autofocus=True,
                            max_length=settings.max_question_chars,
                            elem_id="souverain-question", submit_btn=ui("fr", "send"),
                        )
                    with gr.Row():
                        export_md = gr.DownloadButton(
                            ui("fr", "export_md"), size="sm", interactive=False,
                            elem_id="souverain-export-md")
                        export_json = gr.DownloadButton(
                            ui("fr", "export_json"), size="sm", interactive=False,
                            elem_id="souverain-export-json")
                    with gr.Accordion(ui("fr", "searched"), open=False) as searched:
                        kinds = gr.CheckboxGroup(
                            choices=KIND_CHOICES, value=[v for _, v in KIND_CHOICES],
                            label=ui("fr", "kinds"), elem_id="souverain-kinds",
                        )
                        comments = gr.Checkbox(
                            value=False, label=ui("fr", "comments"),
                            info=ui("fr", "comments_info"), elem_id="souverain-comments",
                        )
            with gr.Tab(ui("fr", "tab_viewer"), id="viewer") as tab_viewer:
                document_view = gr.HTML(viewer.empty_html(), elem_id="souverain-viewer")
            with gr.Tab(ui("fr", "tab_documents"), id="documents") as tab_documents:
                table = gr.Dataframe(
                    value=rows, headers=render.DOCUMENT_COLUMNS, datatype="str",
                    interactive=False, wrap=True,
                    label=ui("fr", "table"),
                    elem_id="souverain-documents",
                    column_widths=["30%", "13%", "10%", "9%", "9%", "6%", "11%", "12%"],
                )
                with gr.Row():
                    upload_file = gr.File(
                        label=ui("fr", "upload").format(mb=f"{settings.max_upload_mb:g}"),
                        # No file_types: Gradio's own check would refuse in English;
                        # ui.uploads refuses in French, with the reason.
                        file_count="single", type="filepath", elem_id="souverain-upload",
                    )
                token = gr.Textbox(
                    label=ui("fr", "token"), type="password",
                    visible=bool(settings.admin_token), elem_id="souverain-token",
                    info=ui("fr", "token_info"),
                )
                with gr.Row():
                    upload_button = gr.Button(ui("fr", "upload_button"), variant="primary")
                    reindex_button = gr.Button(ui("fr", "reindex"))
                status = gr.Textbox(label=ui("fr", "status"), interactive=False, lines=3,
                                    elem_id="souverain-status")
        # « Voir dans le document »: the page's script leaves "turn:n:nonce" in a global and
        # clicks this hidden button, which copies it into the hidden box, then asks the server.
        open_request = gr.Textbox(visible="hidden", elem_id="souverain-open-request")
        open_button = gr.Button(visible="hidden", elem_id="souverain-open-button")

        conversation = gr.State(history.empty_conversation())
        lang = gr.State("fr")  # the interface's language: the last question's
        labelled = [header_view, tab_chat, tab_viewer, tab_documents, new_chat, conversations,
                    delete_one, delete_all, keep, chatbot, question, export_md, export_json,
                    searched, kinds, comments, table, upload_file, token, upload_button,
                    reindex_button, status, document_view]
        assert len(labelled) == RELABELLED
        relabel = {"fn": handlers.relabel, "inputs": [conversation, lang, document_view],
                   "outputs": [lang, *labelled], "queue": False, "api_visibility": "private"}
        store = gr.BrowserState(history.empty(), storage_key=history.STORAGE_KEY,
                                secret=history.browser_secret(settings.history_dir))
        chat_inputs = [question, chatbot, conversation, kinds, comments]
        chat_outputs = [chatbot, conversation, question]
        private: dict[str, Any] = {"api_visibility": "private"}
        answered = question.submit(
            handlers.respond, chat_inputs, chat_outputs, api_name="chat",
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
            show_progress="hidden",
        )
        example = chatbot.example_select(
            _example_text, None, question, queue=False, **private,
        ).then(
            handlers.respond, chat_inputs, chat_outputs,
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
            show_progress="hidden", **private,
        )
        for event in (answered, example):
            event.then(handlers.persist, [conversation, store], [store, conversations],
                       queue=False, **private
                       ).then(handlers.exports, conversation, [export_md, export_json],
                              queue=False, **private
                              ).then(**relabel)

        conversations.input(
            handlers.open_conversation, [conversations, store], [chatbot, conversation],
            queue=False, **private,
        ).then(handlers.exports, conversation, [export_md, export_json], queue=False, **private
               ).then(**relabel)
        new_chat.click(handlers.new_conversation, None,
                       [chatbot, conversation, question, conversations], queue=False, **private
                       ).then(handlers.exports, conversation, [export_md, export_json],
                              queue=False, **private)
        delete_one.click(handlers.delete_conversation, [conversation, store],
                         [chatbot, conversation, store, conversations], queue=False, **private
                         ).then(handlers.exports, conversation, [export_md, export_json],
                                queue=False, **private)
        delete_all.click(handlers.delete_all, [store],
                         [chatbot, conversation, store, conversations], queue=False, **private,
                         js="(s) => { if (!confirm('Supprimer toutes les conversations ? / "
                            "Delete every conversation?')) throw new Error('cancelled'); "
                            "return s; }",
                         ).then(handlers.exports, conversation, [export_md, export_json],
                                queue=False, **private)
        keep.input(handlers.set_keep, [keep, conversation, store], [store, conversations],
                   queue=False, **private)
        chatbot.clear(history.empty_conversation, None, conversation, queue=False, **private)

        open_button.click(
            None, None, open_request, js="() => window.__souverainOpen || ''", queue=False,
            **private,
        ).then(
            handlers.open_cited, [open_request, conversation], [document_view, tabs],
            queue=False, **private,
        ).then(None, None, None, js=SCROLL_TO_PASSAGE_JS, **private)
        table.select(handlers.open_listed, None, [document_view, tabs], queue=False, **private
                     ).then(None, None, None, js=SCROLL_TO_TOP_JS, **private)

        index_outputs = [status, header_view, table]
        in_lang = {"fn": handlers.refresh_in, "inputs": lang, "outputs": [header_view, table],
                   "queue": False, "api_visibility": "private"}
        upload_button.click(
            handlers.upload, [upload_file, token], index_outputs, api_name="upload",
            concurrency_limit=1, concurrency_id="index", show_progress_on=[status],
        ).then(lambda: None, None, upload_file, queue=False, **private).then(**in_lang)
        reindex_button.click(handlers.reindex, [token], index_outputs, api_name="reindex",
                             concurrency_limit=1, concurrency_id="index",
                             show_progress_on=[status]).then(**in_lang)
        # On load: the documents, then the saved conversations, then their language.
        demo.load(handlers.refresh, None, [header_view, table], queue=False, **private
                  ).then(handlers.startup, [store], [chatbot, conversation, conversations, keep],
                         queue=False, **private
                         ).then(handlers.exports, conversation, [export_md, export_json],
                                queue=False, **private
                                ).then(**relabel)
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
        "js": CHAT_JS,
        "footer_links": ["api", "settings"],
        "mcp_server": False,
        # Gradio's own run history copies every question and answer into the browser in clear
        # (and offers to upload them): off. Souverain's history is the side panel's.
        "run_history": False,
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
