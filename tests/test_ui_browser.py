"""The web chat in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium).

No skip: without the browser these tests fail, and CI installs it (.ci/run).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import active_markup, screenshot_path
from helpers import start_chat as start
from playwright.sync_api import expect, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = screenshot_path("screenshot.png")
QUESTION = "Pendant combien de temps Microsoft hébergera-t-il l'entrepôt EMC2 ?"

TRAP = """---
title: "Piège <img src=x onerror=\\"window.__pwned='title'\\"> titre"
kind: fiche
date: 2024-02-01
source_url: "javascript:window.__pwned='url'"
---
# Le piège <script>window.__pwned='h1'</script>

Le projet Zéphyrin <script>window.__pwned='script'</script> a été lancé en 2031
<img src=x onerror="window.__pwned='img'"> à Lyon, d'après [ce lien](javascript:window.__pwned='md')
et ![une image](http://203.0.113.9/pixel.png) et <iframe src="javascript:window.__pwned='frame'">.

```mermaid
graph TD; A-->B
```

$$x^2$$ <svg onload="window.__pwned='svg'"></svg> **gras** `code`
"""

# Records the moments the answer first shows words and when its sources arrive.
TIMING_JS = """() => {
  window.__t = {};
  const box = document.querySelector('#souverain-chat');
  new MutationObserver(() => {
    const now = performance.now();
    const streaming = box.querySelector('.souverain-answer');
    const text = streaming ? streaming.innerText.replace('▍', '').trim() : '';
    if (text && !window.__t.first) window.__t.first = now;
    if (box.querySelector('.souverain-source') && !window.__t.final) window.__t.final = now;
  }).observe(box, {childList: true, subtree: true, characterData: true});
}"""

# For the screenshot: page at the top, the chat scrolled to the question.
SHOW_QUESTION_JS = """() => {
  window.scrollTo(0, 0);
  const q = document.querySelector('#souverain-chat .souverain-question');
  let box = q.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight + 4
                  && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
  if (box) box.scrollTop += q.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
}"""






@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), (
        "Chromium is missing at /usr/bin/chromium: install Debian's `chromium` package "
        "(.ci/run does); the browser tests never skip"
    )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.outside = []  # every request that does not go to our loopback server
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            or page.outside.append(r.url))
    try:
        yield page
    finally:
        context.close()


def ask(page, question: str) -> None:
    box = page.locator("#souverain-question textarea")
    box.fill(question)
    box.press("Enter")


def test_question_shows_answer_with_marker_and_source_passage(shipped_index, page):
    demo, url = start(shipped_index)
    try:
        started = time.perf_counter()
        page.goto(url)
        expect(page.locator("#souverain-question textarea")).to_be_visible()
        loaded = time.perf_counter() - started
        expect(page.locator("#souverain-header")).to_contain_text("documents indexés")
        page.evaluate(TIMING_JS)
        submitted = page.evaluate("performance.now()")
        ask(page, QUESTION)

        answer = page.locator("#souverain-chat .souverain-text").last
        expect(answer).to_contain_text("[1]", timeout=60_000)
        expect(answer).to_contain_text("trois ans")
        first_source = page.locator("#souverain-chat .souverain-source").first
        expect(first_source).to_contain_text("[1]")
        passage = first_source.locator(".souverain-passage")
        expect(passage).to_be_hidden()  # collapsed until asked for
        first_source.locator("summary").click()
        expect(passage).to_be_visible()
        expect(passage).to_contain_text("trois ans")
        timing = page.evaluate("window.__t")

        page.wait_for_timeout(300)
        page.evaluate(SHOW_QUESTION_JS)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOT))
    finally:
        demo.close()

    assert page.outside == []  # no CDN, no fonts, no analytics: nothing leaves the machine
    first_words = (timing["first"] - submitted) / 1000
    sources = (timing["final"] - submitted) / 1000
    print(f"\npage usable in {loaded:.2f} s; first words {first_words:.2f} s, "
          f"sources {sources:.2f} s after submit")
    assert SCREENSHOT.stat().st_size > 10_000


def test_document_markup_and_question_markup_stay_inert(make_corpus, tmp_settings, page):
    from index.rebuild import run_index

    settings = tmp_settings(make_corpus({"fiches/piege.md": TRAP}))
    run_index(settings)
    demo, url = start(settings)
    try:
        page.goto(url)
        expect(page.locator("#souverain-question textarea")).to_be_visible()
        ask(page, "Quand le projet Zéphyrin a-t-il été lancé ? <img src=x "
                  "onerror=\"window.__pwned='question'\"><script>window.__pwned=1</script>")
        source = page.locator("#souverain-chat .souverain-source").first
        expect(source).to_be_visible(timeout=60_000)
        source.locator("summary").click()
        passage = source.locator(".souverain-passage")
        expect(passage).to_contain_text("<script>window.__pwned='script'</script>")
        expect(passage).to_contain_text("<img src=x onerror=\"window.__pwned='img'\">")
        expect(passage).to_contain_text("![une image](http://203.0.113.9/pixel.png)")
        expect(source).to_contain_text("Piège <img src=x onerror=\"window.__pwned='title'\"> titre")
        expect(page.locator("#souverain-chat .souverain-question")).to_contain_text(
            "<img src=x onerror=\"window.__pwned='question'\">")
        page.get_by_text("Voir les documents").click()
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#souverain-documents")).to_contain_text("Piège <img src=x")
        page.wait_for_timeout(500)  # give any smuggled handler the time to run

        pwned = page.evaluate("window.__pwned")
        active = active_markup(page, ['#souverain-chat', '#souverain-header', '#souverain-documents'])
    finally:
        demo.close()

    assert pwned is None
    assert active == []
    assert page.outside == []  # the markdown image was never fetched
