"""The Gradio chat app: layout and events over `session.ChatAdapter`, itself a thin adapter
over `Assistant` (no retrieval, prompting or index access in the UI).

`build(assistant)` returns the Blocks; `serve(assistant, ...)` loads the model in the
background, launches on localhost and prints the URL. Each browser session keeps its own
conversation (`gr.State`); every event that runs the language model shares one queue slot,
so answers are produced one at a time instead of fighting over the CPU cores.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

from assistant.corpus.read import MAX_FILE_BYTES, SUFFIXES
from assistant.pipeline import Assistant, Limits

from . import render
from .session import ChatAdapter

log = logging.getLogger(__name__)

EXAMPLES = (
    "How large is the AI investment fund?",
    "How many GPUs does the plan target?",
    "What does the AI G3 initiative aim to do?",
)
CONFIRM_DELETE = (
    "(id) => (id && confirm(`Delete ${id} from the archive and its folder?`)) ? id : null"
)
# All model work shares this queue slot: with the local model two answers at once would only
# halve each one's speed (`answers_at_once` opens more slots for a remote model server).
GENERATE = "generate"


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
        header = gr.Markdown(session.header, elem_id="na-header")
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
                        new = gr.Button("New chat", min_width=110, elem_id="na-new")
                    with gr.Row():
                        starters = [gr.Button(q, size="sm") for q in examples]
                    with gr.Accordion("Search limits", open=False, elem_id="na-limits"):
                        with gr.Row():
                            as_of = gr.Textbox(
                                label="As of",
                                placeholder="today (YYYY-MM-DD)",
                                elem_id="na-as-of",
                                max_lines=1,
                            )
                            since = gr.Textbox(
                                label="Published since", elem_id="na-since", max_lines=1
                            )
                            until = gr.Textbox(
                                label="Published until", elem_id="na-until", max_lines=1
                            )
                        source_pick = gr.Dropdown(
                            label="Sources (none chosen: all)",
                            choices=session.sources(),
                            multiselect=True,
                            elem_id="na-sources-filter",
                        )
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(
                        render.sources_panel([], assistant.article, 0),
                        elem_id="na-sources",
                        js_on_load=None,
                    )
        with gr.Tab("Articles") as articles_tab:
            table = gr.Dataframe(
                headers=["id", "title", "source", "published", "chunks", "flags"],
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

        def respond(
            q: str, chat: list, past: list, day: str, low: str, high: str, names: list | None
        ) -> Iterator[tuple]:
            # An empty box is no limit (as of: today).
            limits = Limits(
                as_of=day or None, since=low or None, until=high or None, sources=names or ()
            )
            yield from session.respond(q, chat, past, limits)

        def refresh() -> tuple:
            rows = session.article_rows()
            return rows, gr.Dropdown(choices=[r[0] for r in rows], value=None), session.header()

        def upload(paths: list[str] | None, progress: Any = gr.Progress()) -> str:  # noqa: B008
            return session.upload(paths, progress)

        chat_io = dict(
            fn=respond,
            inputs=[pending, chatbot, answers, as_of, since, until, source_pick],
            outputs=[chatbot, answers, sources],
            concurrency_id=GENERATE,
            # One at a time for the local model; a remote model server may take several.
            concurrency_limit=assistant.settings.answers_at_once,
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
        stop.click(session.stopped, chatbot, chatbot, cancels=runs, queue=False)
        new.click(
            lambda: ([], [], session.panel([], 0), ""),
            None,
            [chatbot, answers, sources, question],
            cancels=runs,
        )
        articles_tab.select(refresh, None, [table, victim, header])
        source_pick.focus(lambda: gr.Dropdown(choices=session.sources()), None, source_pick)
        # Every event of one concurrency id must carry the same limit: Gradio keeps the lowest.
        limit = assistant.settings.answers_at_once
        add.click(upload, files, report, concurrency_id=GENERATE, concurrency_limit=limit).then(
            refresh, None, [table, victim, header]
        ).then(lambda: None, None, files)
        delete.click(
            session.delete,
            victim,
            report,
            concurrency_id=GENERATE,
            concurrency_limit=limit,
            # Ask first: a deleted article's file is gone from the corpus folder too.
            js=CONFIRM_DELETE,
        ).then(refresh, None, [table, victim, header])
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
            assistant.warm_up()
        except Exception:  # the chat reports errors per question; keep serving the corpus tab
            log.exception("loading the models failed")
        finally:
            ready.set()
            print(f"Models loaded ({assistant.generator.label}); ready to answer.", flush=True)

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    demo = build(assistant, ready)
    print(f"Serving on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    launch(demo, host, port, auth, quiet=True)  # Gradio's own banner suggests public links
