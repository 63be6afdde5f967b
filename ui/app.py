"""The Gradio chat app: a thin adapter over `Assistant` (no retrieval or prompting here).

`build(assistant)` returns the Blocks; `serve(settings, ...)` loads the model in the
background, launches on localhost and prints the URL. Each browser session keeps its own
conversation (`gr.State`); every event that runs the language model shares one queue slot,
so answers are produced one at a time instead of fighting over the CPU cores.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.answer import Answer
from assistant.app import Assistant
from assistant.corpus import MAX_FILE_BYTES, SUFFIXES, read_article
from assistant.errors import ArticleError, AssistantError
from assistant.ingest import IngestProgress

from . import render

log = logging.getLogger(__name__)

EXAMPLES = (
    "How large is the AI investment fund?",
    "How many GPUs does the plan target?",
    "What does the AI G3 initiative aim to do?",
)
# All model work shares this queue slot: two answers at once would only halve each one's speed.
GENERATE = "generate"
STREAM_EVERY = 3  # re-render the chat every few pieces: each update is a websocket message


class ChatAdapter:
    """The UI's adapter over one `Assistant`, shared by every browser session.

    A session's conversation (chat messages and the `Answer`s behind them) lives in that
    session's `gr.State` and is passed in and returned; nothing per-user is kept here.
    """

    def __init__(self, assistant: Assistant, ready: threading.Event) -> None:
        self.assistant = assistant
        self.ready = ready
        self.lock = threading.Lock()  # serialises ingest against other index writes

    def respond(
        self, question: str, chat: list[dict[str, Any]], answers: list[Answer]
    ) -> Iterator[tuple[list[dict[str, Any]], list[Answer], str]]:
        """Stream one answer: yields (chat messages, answers, sources panel HTML)."""
        import gradio as gr

        question = (question or "").strip()
        panel = self.panel(answers, len(answers) - 1)
        if not question:
            gr.Warning("Type a question first.")
            return
        if not self.ready.is_set():
            gr.Warning("The language model is still loading; try again in a few seconds.")
            return
        history = [(a.question, a.text) for a in answers]
        try:
            stream = self.assistant.stream(question, history=history)
        except AssistantError as exc:
            gr.Warning(str(exc))
            return
        answer_no = len(answers)
        chat = [*chat, {"role": "user", "content": html.escape(question)}]
        draft = ""
        try:
            for i, piece in enumerate(stream):
                draft += piece
                if i % STREAM_EVERY == 0:
                    yield [*chat, _assistant(render.draft_html(draft))], answers, panel
        except AssistantError as exc:
            gr.Warning(str(exc))
            return
        except Exception:
            log.exception("answering %r failed", question)
            gr.Warning("Something went wrong while answering; the details are in the server log.")
            return
        finally:
            stream.close()
        answer = stream.answer
        if answer is None:
            return
        answers = [*answers, answer]
        chat = [*chat, _assistant(render.answer_html(answer, answer_no))]
        yield chat, answers, self.panel(answers, answer_no)

    def panel(self, answers: list[Answer], selected: int) -> str:
        return render.sources_panel(answers, self.assistant.article, selected)

    # --- corpus tab ----------------------------------------------------------------------

    def article_rows(self) -> list[list[str]]:
        return [
            [
                a.id,
                a.title,
                a.source,
                a.published.isoformat() if a.published else "",
                str(a.chunks),
            ]
            for a in self.assistant.articles()
        ]

    def upload(self, files: list[str] | None, progress: Any = None) -> str:
        """Validate, copy into the corpus folder and ingest; returns a per-file report."""
        if not files:
            return "No files chosen."
        root = self.assistant.corpus_root()
        lines, accepted = [], []
        for name in files:
            path = Path(name)
            shown = path.name
            reason = _validate_upload(path)
            if reason:
                lines.append(f"- ✗ **{html.escape(shown)}**: {html.escape(reason)}")
                continue
            accepted.append(path)
        if accepted:
            with self.lock:
                root.mkdir(parents=True, exist_ok=True)
                for path in accepted:
                    shutil.copyfile(path, root / path.name)
                report = self.assistant.ingest(root, progress=_progress(progress))
            failed = {Path(e.path).name: e.reason for e in report.errors}
            for path in accepted:
                if path.name in failed:
                    lines.append(f"- ✗ **{html.escape(path.name)}**: {failed[path.name]}")
                else:
                    lines.append(f"- ✓ **{html.escape(path.name)}** indexed")
            lines.append(f"\n{report.summary()}")
        return "\n".join(lines)

    def delete(self, article_id: str | None) -> str:
        if not article_id:
            return "Choose an article to delete."
        with self.lock:
            root = self.assistant.corpus_root()
            for suffix in SUFFIXES:
                candidate = root / f"{article_id}{suffix}"
                if candidate.is_file():
                    candidate.unlink()
            removed = self.assistant.store.delete_article(article_id)
        return f"Deleted {article_id}." if removed else f"{article_id} was not in the index."


def _assistant(content: str) -> dict[str, Any]:
    return {"role": "assistant", "content": content}


def _validate_upload(path: Path) -> str:
    """Why the file cannot be added, or '' when it can."""
    if path.suffix.lower() not in SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'}; use .md, .txt or .html"
    if path.stat().st_size > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
    try:
        read_article(path, path.stem, display=path.name)
    except ArticleError as exc:
        return exc.reason
    return ""


def _progress(progress: Any) -> Any:
    if progress is None:
        return None

    def update(p: IngestProgress) -> None:
        progress(
            (p.articles_done, p.articles_total),
            desc=f"Embedding {p.current} ({p.chunks_done} chunks)",
        )

    return update


def build(
    assistant: Assistant, ready: threading.Event | None = None, examples: tuple[str, ...] = EXAMPLES
) -> Any:
    """The Blocks app over `assistant`; `ready` is set once the model can answer."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio as gr

    if ready is None:
        ready = threading.Event()
        ready.set()
    session = ChatAdapter(assistant, ready)

    with gr.Blocks(title="News assistant", analytics_enabled=False) as demo:
        answers = gr.State([])
        pending = gr.State("")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        elem_id="na-chat",
                        height=520,
                        sanitize_html=False,  # render.py escapes all article and model text
                        label="Answers cite the articles; grey text could not be verified",
                        placeholder="Ask a question about the articles in the archive.",
                    )
                    with gr.Row():
                        question = gr.Textbox(
                            elem_id="na-question",
                            placeholder="Ask about the articles…",
                            show_label=False,
                            scale=8,
                            max_lines=4,
                        )
                        ask = gr.Button("Ask", variant="primary", min_width=70, elem_id="na-ask")
                        stop = gr.Button("Stop", min_width=70, elem_id="na-stop")
                        new = gr.Button("New chat", min_width=90, elem_id="na-new")
                    with gr.Row():
                        starters = [gr.Button(q, size="sm") for q in examples]
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(
                        render.sources_panel([], assistant.article, 0),
                        elem_id="na-sources",
                        js_on_load=None,
                    )
        with gr.Tab("Articles") as articles_tab:
            table = gr.Dataframe(
                headers=["id", "title", "source", "published", "chunks"],
                value=session.article_rows,
                interactive=False,
                elem_id="na-articles",
            )
            with gr.Row():
                files = gr.File(
                    label="Add articles (.md, .txt, .html; at most 5 MiB each)",
                    file_count="multiple",
                    file_types=list(SUFFIXES),
                    elem_id="na-upload",
                )
                with gr.Column():
                    add = gr.Button("Add to index", variant="primary", elem_id="na-add")
                    victim = gr.Dropdown(label="Article to delete", choices=[], elem_id="na-victim")
                    delete = gr.Button("Delete article", variant="stop", elem_id="na-delete")
            report = gr.Markdown(elem_id="na-report")

        def take(q: str) -> tuple[str, str]:
            return "", q

        def respond(q: str, chat: list, past: list) -> Iterator[tuple]:
            yield from session.respond(q, chat, past)

        def refresh() -> tuple:
            rows = session.article_rows()
            return rows, gr.Dropdown(choices=[r[0] for r in rows], value=None)

        def upload(paths: list[str] | None, progress: Any = gr.Progress()) -> str:  # noqa: B008
            return session.upload(paths, progress)

        chat_io = dict(
            fn=respond,
            inputs=[pending, chatbot, answers],
            outputs=[chatbot, answers, sources],
            concurrency_id=GENERATE,
            concurrency_limit=1,
        )
        runs = [
            question.submit(take, question, [question, pending], queue=False).then(**chat_io),
            ask.click(take, question, [question, pending], queue=False).then(**chat_io),
        ]
        for button, text in zip(starters, examples, strict=True):
            runs.append(
                button.click(lambda t=text: ("", t), None, [question, pending], queue=False).then(
                    **chat_io
                )
            )
        stop.click(None, cancels=runs)
        new.click(
            lambda: ([], [], session.panel([], 0), ""),
            None,
            [chatbot, answers, sources, question],
            cancels=runs,
        )
        articles_tab.select(refresh, None, [table, victim])
        add.click(upload, files, report, concurrency_id=GENERATE).then(
            refresh, None, [table, victim]
        ).then(lambda: None, None, files)
        delete.click(session.delete, victim, report, concurrency_id=GENERATE).then(
            refresh, None, [table, victim]
        )
    return demo


def launch(
    demo: Any, host: str, port: int, auth: tuple[str, str] | None = None, **kwargs: Any
) -> Any:
    """Queue and launch with the app's CSS and click-handling script."""
    return demo.queue(default_concurrency_limit=1, max_size=64).launch(
        server_name=host,
        server_port=port,
        auth=auth,
        css=render.CSS,
        head=render.CLIENT_JS,
        show_error=False,
        footer_links=[],
        max_file_size=MAX_FILE_BYTES,  # refuse oversized uploads before they reach the disk
        **kwargs,
    )


def serve(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
) -> None:
    """Load the model in the background, start the server and block."""
    ready = threading.Event()

    def warm_up() -> None:
        try:
            load = getattr(assistant.generator, "load", None)
            if load is not None:
                load()
            assistant.embedder.get_query_embedding("warm up")
        except Exception:  # the chat reports errors per question; keep serving the corpus tab
            log.exception("loading the models failed")
        finally:
            ready.set()
            label = getattr(assistant.generator, "label", "")
            print(f"Models loaded{f' ({label})' if label else ''}; ready to answer.", flush=True)

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    demo = build(assistant, ready)
    print(f"Serving on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    launch(demo, host, port, auth, quiet=True)  # Gradio's own banner suggests public links
