"""End-to-end: the real Gradio app in Debian's Chromium, driven by Playwright.

The app runs over a real index; the language model is scripted (except in the slow test) so
these stay quick. Skipped, with the reason, where Chromium or Playwright is missing;
`.ci/run` installs both.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

pytest.importorskip("gradio")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from assistant.index.ingest import ingest  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from ui.app import build, launch  # noqa: E402

from .conftest import SEED_CORPUS, write_article  # noqa: E402
from .fakes import ScriptedGenerator, by_question  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium not found (apt-get install chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_script = by_question(
    {
        "GPU": "The plan targets over 50,000 GPU units [2].",
        "Busan": "Busan handled 24 million containers last year [1].",
    }
)


def _serve(assistant: Assistant):
    demo = build(assistant)
    port = _free_port()
    launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def app_url(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    settings = Settings(index_dir=tmp_path / "index")
    ingest(settings, corpus, embedder=embedder)
    assistant = Assistant.open(settings, generator=ScriptedGenerator(_script), embedder=embedder)
    demo, url = _serve(assistant)
    yield url
    demo.close()


def _ask(page, question: str) -> None:
    page.fill("#na-question textarea", question)
    page.click("#na-ask")


def test_ask_see_answer_click_citation_see_highlight(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside = []
    page.on("request", lambda r: None if r.url.startswith(app_url) else outside.append(r.url))
    page.goto(app_url)
    _ask(page, "How many GPUs does the plan target?")
    page.wait_for_selector("#na-chat .na-verified", timeout=30_000)
    assert "50,000 GPU units" in page.inner_text("#na-chat .na-verified")
    page.click("#na-chat a.na-cite")
    mark = page.locator(".na-sources:not([hidden]) .na-reader:not([hidden]) mark")
    mark.wait_for(timeout=5_000)
    assert "over 50,000 GPU units" in mark.inner_text()
    assert mark.is_visible()
    # A question the article cannot answer is shown as a refusal, not as an answer.
    _ask(page, "What is the population of Seoul?")
    page.wait_for_selector("#na-chat .na-refusal", timeout=30_000)
    assert "don't say" in page.inner_text("#na-chat .na-refusal")
    page.click("#na-new")
    page.wait_for_function("!document.querySelector('#na-chat .na-verified')", timeout=10_000)
    # A request for an overview is answered from the article's lead, cited.
    _ask(page, "What is this article about?")
    page.wait_for_selector("#na-chat .na-verified", timeout=30_000)
    assert "South Korea is investing billions" in page.inner_text("#na-chat .na-answer")
    page.click("#na-chat a.na-cite")
    mark = page.locator(".na-sources:not([hidden]) .na-reader:not([hidden]) mark")
    mark.wait_for(timeout=5_000)
    assert mark.inner_text().startswith("South Korea is investing billions")
    page.close()
    assert outside == [], "the page requested resources from outside the machine"


def test_upload_an_article_and_ask_about_it(browser, app_url, tmp_path):
    article = write_article(
        tmp_path / "new",
        "busan.md",
        "Busan port sets record",
        "Busan handled 24 million containers last year, a record for the port.",
    )
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(app_url)
    page.get_by_role("tab", name="Articles").click()
    page.set_input_files("#na-upload input[type=file]", str(article))
    page.click("#na-add")
    page.wait_for_selector("#na-report :text('busan.md')", timeout=60_000)
    assert "indexed" in page.inner_text("#na-report")
    page.wait_for_selector("#na-articles :text('Busan port sets record')", timeout=10_000)
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "How many containers did Busan handle?")
    page.wait_for_selector("#na-chat .na-verified", timeout=30_000)
    page.click("#na-chat a.na-cite")
    card = page.locator(".na-sources:not([hidden]) .na-card.na-active")
    card.wait_for(timeout=5_000)
    assert "Busan port sets record" in card.inner_text()
    page.close()


class Slow(ScriptedGenerator):
    """Reads for 1.5 s, then streams its reply a word every 0.3 s, so Stop can land in the
    middle."""

    def stream(self, messages, max_new_tokens, ban_first=()):
        import time

        time.sleep(1.5)
        for piece in super().stream(messages, max_new_tokens, ban_first):
            time.sleep(0.3)
            yield piece


def test_stop_leaves_a_stopped_draft_and_delete_asks_first(browser, tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index")
    ingest(settings, SEED_CORPUS, embedder=embedder)
    long = "The plan targets over 50,000 GPU units " + "and much more " * 40 + "[1]."
    assistant = Assistant.open(settings, generator=Slow([long]), embedder=embedder)
    demo, url = _serve(assistant)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        assert page.locator("#na-new").bounding_box()["height"] < 50  # one line at 1400 px
        _ask(page, "How many GPUs does the plan target?")
        # Until the model's first word, the chat says what is being done.
        page.wait_for_selector("#na-chat .na-draft .na-working", timeout=30_000)
        assert "Searching the articles" in page.inner_text("#na-chat .na-draft")
        page.wait_for_selector("#na-chat .na-draft:has-text('The plan targets')", timeout=30_000)
        page.click("#na-stop")
        page.wait_for_selector("#na-chat .na-stopped", timeout=10_000)
        assert "Stopped" in page.inner_text("#na-chat .na-stopped")
        assert page.locator("#na-chat .na-cursor").count() == 0
        page.get_by_role("tab", name="Articles").click()
        page.get_by_label("Article to delete").click()
        page.get_by_role("option", name="ai-g3-initiative").click()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.click("#na-delete")
        page.wait_for_selector("#na-report :text('Choose an article')", timeout=10_000)
        assert dialogs and "Delete ai-g3-initiative" in dialogs[0]
        assert assistant.article("ai-g3-initiative") is not None  # dismissed: nothing deleted
        page.close()
    finally:
        demo.close()


@pytest.mark.slow
def test_real_model_answers_a_seed_question(browser, tmp_path, embedder, model_cache_dir):
    from assistant.llm.transformers_backend import TransformersGenerator

    settings = Settings(index_dir=tmp_path / "index", model_cache_dir=model_cache_dir)
    ingest(settings, SEED_CORPUS, embedder=embedder)
    assistant = Assistant.open(
        settings, generator=TransformersGenerator(model_cache_dir), embedder=embedder
    )
    demo, url = _serve(assistant)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.get_by_role("button", name="How large is the AI investment fund?").click()
        page.wait_for_selector("#na-chat .na-draft", timeout=120_000)  # streaming shows
        page.wait_for_selector("#na-chat .na-verified", timeout=300_000)
        assert "100 trillion" in page.inner_text("#na-chat .na-verified")
        page.click("#na-chat a.na-cite")
        page.locator(".na-reader:not([hidden]) mark").wait_for(timeout=5_000)
        page.close()
    finally:
        demo.close()


class Counting(Slow):
    """`Slow`, counting how many replies are being generated at the same moment."""

    def __init__(self, script) -> None:
        import threading

        super().__init__(script)
        self.active = self.most = 0
        self._lock = threading.Lock()

    def stream(self, messages, max_new_tokens, ban_first=()):
        with self._lock:
            self.active += 1
            self.most = max(self.most, self.active)
        try:
            yield from super().stream(messages, max_new_tokens, ban_first)
        finally:
            with self._lock:
                self.active -= 1


@pytest.mark.parametrize("at_once", [1, 2])
def test_answers_at_once_lets_that_many_chats_generate_together(
    browser, tmp_path, embedder, at_once
):
    settings = Settings(index_dir=tmp_path / "index", answers_at_once=at_once)
    ingest(settings, SEED_CORPUS, embedder=embedder)
    model = Counting(["The plan targets over 50,000 GPU units, as the article says [1]."])
    assistant = Assistant.open(settings, generator=model, embedder=embedder)
    demo, url = _serve(assistant)
    try:
        pages = [browser.new_page(viewport={"width": 1400, "height": 900}) for _ in range(2)]
        for page in pages:
            page.goto(url)
        for page in pages:  # two analysts ask at (nearly) the same moment
            _ask(page, "How many GPUs does the plan target?")
        for page in pages:  # each gets its own checked answer, none is lost
            page.wait_for_selector("#na-chat .na-verified", timeout=60_000)
            assert "50,000 GPU units" in page.inner_text("#na-chat .na-verified")
            page.close()
        assert model.most == at_once
    finally:
        demo.close()
