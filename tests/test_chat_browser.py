"""The chat people work with, in a real headless Chromium: history across reloads and restarts,
clickable citations, the document viewer, export, English labels, and inert document text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import active_markup, screenshot_path
from helpers import start_chat as start
from playwright.sync_api import expect
from test_ui_browser import TRAP, ask, browser, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Pendant combien de temps Microsoft hébergera-t-il l'entrepôt EMC2 ?"
FOLLOW_UP = "Et qui l'a autorisé ?"


@pytest.fixture
def chat_settings(shipped_index, tmp_path):
    return shipped_index.replace(history_dir=tmp_path / "history")


# For the screenshot: the first answer's sources and its « Copier » at the bottom of the chat.
SHOW_FIRST_ANSWER_END_JS = """() => {
  window.scrollTo(0, 0);
  const end = document.querySelector('#souverain-chat .souverain-mode');
  let box = end.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight + 4
                  && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
  if (box) box.scrollTop += end.getBoundingClientRect().bottom
                            - box.getBoundingClientRect().bottom + 64;
}"""


def open_chat(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#souverain-question textarea")).to_be_visible()
    page.wait_for_timeout(500)  # the saved history is read on load


def last_answer(page):
    return page.locator("#souverain-chat .souverain-answer:not(.souverain-streaming)").last


def wait_answers(page, count: int) -> None:
    expect(page.locator("#souverain-chat .souverain-mode")).to_have_count(count, timeout=60_000)


def new_conversation(page) -> None:
    """Open a fresh conversation and wait until the chat is empty (before asking again)."""
    page.locator("#souverain-new").click()
    wait_answers(page, 0)


def test_conversation_survives_reload_and_restart_then_can_be_deleted(chat_settings, page):
    demo, url = start(chat_settings)
    try:
        open_chat(page, url)
        ask(page, QUESTION)
        wait_answers(page, 1)
        ask(page, FOLLOW_UP)
        wait_answers(page, 2)
        expect(page.locator("#souverain-conversations")).to_contain_text("Pendant combien")
        page.wait_for_timeout(500)  # the browser writes its copy
        page.reload()
        wait_answers(page, 2)
        expect(page.locator("#souverain-chat .souverain-question").first).to_contain_text(
            "Pendant combien de temps")
        expect(page.locator("#souverain-chat .souverain-question").last).to_contain_text(
            FOLLOW_UP)
    finally:
        demo.close()

    # A new server on the same address (the browser keeps its copy per address), same folder.
    from ui.app import launch

    port = int(url.rstrip("/").rsplit(":", 1)[1])
    demo = launch(chat_settings.replace(host="127.0.0.1", port=port), prevent_thread_lock=True,
                  quiet=True)
    try:
        open_chat(page, url)
        wait_answers(page, 2)
        expect(page.locator("#souverain-conversations")).to_contain_text("Pendant combien")
        new_conversation(page)
        ask(page, "Qu'est-ce que SecNumCloud ?")
        wait_answers(page, 1)
        expect(page.locator("#souverain-conversations label")).to_have_count(2)
        page.locator("#souverain-conversations label", has_text="Pendant combien").click()
        wait_answers(page, 2)
        page.locator("#souverain-delete").click()
        expect(page.locator("#souverain-conversations label")).to_have_count(1)
        page.wait_for_timeout(300)
        page.reload()
        expect(page.locator("#souverain-conversations label")).to_have_count(1)
        expect(page.locator("#souverain-conversations")).to_contain_text("SecNumCloud")

        page.locator("#souverain-keep input").uncheck()  # opt out: everything goes
        expect(page.locator("#souverain-conversations label")).to_have_count(0)
        ask(page, QUESTION)
        wait_answers(page, 2)
        page.wait_for_timeout(300)
        stored = page.evaluate("() => JSON.stringify(localStorage)")
        keys = page.evaluate("() => Object.keys(localStorage)")
        page.reload()
        expect(page.locator("#souverain-question textarea")).to_be_visible()
        page.wait_for_timeout(800)
        expect(page.locator("#souverain-chat .souverain-answer")).to_have_count(0)
        expect(page.locator("#souverain-keep input")).not_to_be_checked()
    finally:
        demo.close()
    assert "Pendant combien" not in stored  # encrypted, and here: nothing kept at all
    assert keys == ["souverain-history"]  # no other copy (Gradio's run history is off)
    assert page.outside == []


def test_marker_opens_source_and_document_view_highlights_the_passage(chat_settings, page):
    demo, url = start(chat_settings)
    try:
        open_chat(page, url)
        ask(page, QUESTION)
        wait_answers(page, 1)
        answer = last_answer(page)
        first = answer.locator(".souverain-source").filter(
            has=page.locator("summary .souverain-marker", has_text="[1]"))
        expect(first.locator(".souverain-passage")).to_be_hidden()
        answer.locator(".souverain-text .souverain-cite-1").first.click()
        expect(first.locator(".souverain-passage")).to_be_visible()
        passage = first.locator(".souverain-passage").inner_text()

        first.locator(".souverain-open").click()
        view = page.locator("#souverain-viewer")
        mark = view.locator("#souverain-passage")
        expect(mark).to_be_visible(timeout=10_000)
        expect(mark).to_be_in_viewport()
        marked = " ".join(view.locator("mark.souverain-hit").all_inner_texts())
        words = [w for w in passage.split() if w.isalpha() and len(w) > 3][:8]
        assert all(w in marked for w in words), (words, marked)
        assert "## " not in view.inner_text()  # rendered, not raw Markdown
        expect(view.locator("h2").first).to_be_visible()
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshot_path("chat-document.png")))

        page.get_by_role("tab", name="Documents", exact=True).click()
        page.locator("#souverain-documents").get_by_text("Commentaires des lecteurs").first.click()
        expect(view).to_contain_text("Commentaires des lecteurs", timeout=10_000)
        expect(view).to_contain_text("Opinions de lecteurs")
    finally:
        demo.close()


def test_export_holds_every_citation_and_copy_gives_sources(chat_settings, page):
    demo, url = start(chat_settings)
    try:
        open_chat(page, url)
        ask(page, QUESTION)
        wait_answers(page, 1)
        ask(page, FOLLOW_UP)
        wait_answers(page, 2)
        page.locator("#souverain-chat").evaluate(
            "(el) => { const b = el.querySelector('.souverain-answer .souverain-copy'); }")
        expect(page.locator("#souverain-export-md")).to_be_enabled()
        with page.expect_download() as download:
            page.locator("#souverain-export-md").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        with page.expect_download() as download:
            page.locator("#souverain-export-json").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

        # A second conversation in the side panel, then back to the first one.
        new_conversation(page)
        ask(page, "Qu'est-ce que la qualification SecNumCloud ?")
        wait_answers(page, 1)
        expect(page.locator("#souverain-conversations label")).to_have_count(2)
        page.locator("#souverain-conversations label", has_text="Pendant combien").click()
        wait_answers(page, 2)

        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        copy = page.locator("#souverain-chat .souverain-copy").first
        copy.click()
        page.wait_for_function("() => window.__souverainCopied !== undefined")
        copied = page.evaluate("window.__souverainCopied")
        expect(copy).to_have_class(re.compile("souverain-copied"))
        expect(copy).to_have_text("Copié ✓")
        page.wait_for_timeout(300)  # the chat scrolls itself down when a message changes
        page.evaluate(SHOW_FIRST_ANSWER_END_JS)
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshot_path("chat-history.png")))
    finally:
        demo.close()

    assert [t["question"] for t in data["turns"]] == [QUESTION, FOLLOW_UP]
    citations = [c for turn in data["turns"] for c in turn["citations"]]
    assert citations
    for c in citations:
        assert c["text"] in markdown  # the exact passage, verbatim
        assert f"<{c['source']}>" in markdown  # its link
        assert c["nature_label"] in markdown or c["nature_label"].replace("<", "&lt;") in markdown
        assert c["date"] in markdown
    assert "trois ans" in copied and "[1]" in copied and "https://" in copied


def test_english_question_gets_english_labels(chat_settings, page):
    demo, url = start(chat_settings)
    try:
        open_chat(page, url)
        ask(page, "How long will Microsoft host the EMC2 data?")
        wait_answers(page, 1)
        answer = last_answer(page)
        expect(answer).to_contain_text("Cited sources")
        expect(answer).to_contain_text("(click to read the exact passage)")
        expect(answer).to_contain_text("Mode extractive")
        expect(answer.locator(".souverain-copy")).to_contain_text("Copy")
        expect(answer.locator(".souverain-open").first).to_contain_text("View in the document")
        assert "cliquez" not in answer.inner_text()
        expect_interface(page, ENGLISH)  # the whole interface follows the question
        new_conversation(page)  # no follow-up reading: a fresh conversation
        ask(page, "Quelle est la capitale de l'Australie ?")
        wait_answers(page, 1)
        expect(last_answer(page)).to_contain_text("Pas de réponse dans les documents indexés")
        expect_interface(page, FRENCH)
        new_conversation(page)
        ask(page, "What is the capital of Australia?")
        wait_answers(page, 1)
        expect(last_answer(page)).to_contain_text("No answer in the indexed documents")
        expect_interface(page, ENGLISH)
        page.wait_for_timeout(500)  # the browser writes its copy
        page.reload()  # the reopened conversation is English: so is the interface
        wait_answers(page, 1)
        expect_interface(page, ENGLISH)
        page.get_by_role("tab", name="Document", exact=True).click()
        expect(page.locator("#souverain-viewer")).to_contain_text("View in the document")
        page.get_by_role("tab", name="Documents", exact=True).click()
        expect(page.locator("#souverain-documents")).to_contain_text("Indexed documents")
        expect(page.locator("#souverain-documents")).to_contain_text("Up to date as of")
        expect(page.locator("#souverain-documents")).to_contain_text("Press article")
    finally:
        demo.close()


ENGLISH = {"tab": "Chat", "#souverain-new": "New conversation", "#souverain-delete": "Delete",
           "#souverain-delete-all": "Delete all", "#souverain-keep": "Keep my conversations",
           "#souverain-conversations": "Your conversations, the latest first.",
           "#souverain-export-md": "Export as Markdown", "#souverain-export-json": "Export as JSON",
           "#souverain-question": "Your question", "submit": "Send",
           "placeholder": "Ask your question…", "#souverain-header": "indexed documents"}
FRENCH = {"tab": "Discussion", "#souverain-new": "Nouvelle conversation",
          "#souverain-delete": "Supprimer", "#souverain-delete-all": "Tout supprimer",
          "#souverain-keep": "Garder mes conversations",
          "#souverain-conversations": "Vos conversations, la plus récente en haut.",
          "#souverain-export-md": "Exporter en Markdown",
          "#souverain-export-json": "Exporter en JSON", "#souverain-question": "Votre question",
          "submit": "Envoyer", "placeholder": "Posez votre question…",
          "#souverain-header": "documents indexés"}


def expect_interface(page, labels: dict[str, str]) -> None:
    """The fixed labels (tab, side panel, buttons, question box, header) in one language."""
    expect(page.get_by_role("tab", name=labels["tab"], exact=True)).to_be_visible()
    for selector, text in labels.items():
        if selector.startswith("#"):
            expect(page.locator(selector)).to_contain_text(text)
    box = page.locator("#souverain-question")
    expect(box.locator("textarea")).to_have_attribute("placeholder", labels["placeholder"])
    expect(box.locator("button")).to_contain_text(labels["submit"])


def test_document_text_stays_inert_in_the_viewer_and_the_export(make_corpus, tmp_settings,
                                                                 tmp_path, page):
    from index.rebuild import run_index

    settings = tmp_settings(make_corpus({"fiches/piege.md": TRAP}),
                            history_dir=tmp_path / "history")
    run_index(settings)
    demo, url = start(settings)
    try:
        open_chat(page, url)
        ask(page, "Quand le projet Zéphyrin a-t-il été lancé ? <img src=x "
                  "onerror=\"window.__pwned='question'\"><script>window.__pwned=1</script>")
        wait_answers(page, 1)
        source = page.locator("#souverain-chat .souverain-source").first
        source.locator("summary").click()
        source.locator(".souverain-open").click()
        view = page.locator("#souverain-viewer")
        expect(view.locator("#souverain-passage")).to_be_visible(timeout=10_000)
        expect(view).to_contain_text("<script>window.__pwned='script'</script>")
        expect(view).to_contain_text("<img src=x onerror=\"window.__pwned='img'\">")
        expect(view).to_contain_text("Piège <img src=x onerror=\"window.__pwned='title'\"> titre")
        with page.expect_download() as download:
            page.get_by_role("tab", name="Discussion").click()
            page.locator("#souverain-export-md").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        page.get_by_role("tab", name="Documents", exact=True).click()
        page.locator("#souverain-documents").get_by_text("piege.md").locator("visible=true").first.click()
        expect(view).to_contain_text("Le piège <script>", timeout=10_000)
        page.wait_for_timeout(500)
        pwned = page.evaluate("window.__pwned")
        active = active_markup(page, ['#souverain-chat', '#souverain-viewer', '#souverain-conversations'])
    finally:
        demo.close()
    assert pwned is None
    assert active == []
    assert page.outside == []
    # In the export, the passage sits verbatim in a fence; our own lines carry no live HTML.
    assert "<script>window.__pwned='script'</script>" in markdown
    outside_fences = markdown.split("```")[::2]
    assert not any("<script" in part or "<img" in part for part in outside_fences)
