"""The chat UI's adapter over one `Assistant`: streaming answers, the articles tab's actions.

Pure Python over `Assistant` (no Blocks here), so every action is unit-tested without a
browser. A session's conversation lives in its `gr.State` and is passed in and out.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.corpus.read import MAX_FILE_BYTES, SUFFIXES, read_article
from assistant.errors import ArticleError, AssistantError
from assistant.index.ingest import IngestProgress
from assistant.pipeline import Assistant, Limits
from assistant.types import Answer

from . import render

log = logging.getLogger(__name__)

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
        self,
        question: str,
        chat: list[dict[str, Any]],
        answers: list[Answer],
        limits: Limits | None = None,
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
            stream = self.assistant.stream(question, history=history, **(limits or {}))
        except AssistantError as exc:
            gr.Warning(str(exc))
            return
        answer_no = len(answers)
        before, chat = chat, [*chat, {"role": "user", "content": render.question_html(question)}]
        yield [*chat, _assistant(render.working_html())], answers, panel
        draft = ""
        try:
            for i, piece in enumerate(stream):
                draft += piece
                if i % STREAM_EVERY == 0:
                    yield [*chat, _assistant(render.draft_html(draft))], answers, panel
        except AssistantError as exc:
            gr.Warning(str(exc))
            yield before, answers, panel
            return
        except Exception:
            log.exception("answering %r failed", question)
            gr.Warning("Something went wrong while answering; the details are in the server log.")
            yield before, answers, panel
            return
        finally:
            stream.close()
        answer = stream.answer
        if answer is None:
            return
        answers = [*answers, answer]
        chat = [*chat, _assistant(render.answer_html(answer, answer_no))]
        yield chat, answers, self.panel(answers, answer_no)

    def stopped(self, chat: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """After Stop: the unfinished draft, if the chat ends with one, shown as stopped.

        It never joins the follow-up history: that is built from finished `Answer`s only.
        """
        if not chat or chat[-1].get("role") != "assistant":
            return chat
        content = _text(chat[-1].get("content"))
        if content is None or not render.is_draft(content):
            return chat
        return [*chat[:-1], _assistant(render.stopped_html(content))]

    def sources(self) -> list[str]:
        """The sources of the indexed articles, for the sources filter."""
        return sorted({a.source for a in self.assistant.articles() if a.source})

    def panel(self, answers: list[Answer], selected: int) -> str:
        return render.sources_panel(answers, self.assistant.article, selected)

    # --- corpus tab ----------------------------------------------------------------------

    def header(self) -> str:
        """The product line above the tabs: name, how many articles, when last updated."""
        count = self.assistant.article_count()
        updated = (self.assistant.index_updated() or "")[:16].replace("T", " ")
        when = f" · index updated {updated} UTC" if updated else ""
        return f"**News assistant** · {count} article{'s' * (count != 1)}{when}"

    def article_rows(self) -> list[list[str]]:
        return [
            [
                a.id,
                a.title,
                a.source,
                a.published.isoformat() if a.published else "",
                str(a.chunks),
                f"⚠ {a.instructions} instruction sentence{'s' * (a.instructions != 1)}, never cited"
                if a.instructions
                else "",
            ]
            for a in self.assistant.articles()
        ]

    def upload(self, files: list[str] | None, progress: Any = None) -> str:
        """Validate, copy into the corpus folder and ingest; returns a per-file report."""
        if not files:
            return "No files chosen."
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
                report, outcomes = self.assistant.add_files(accepted, progress=_progress(progress))
            for o in outcomes:
                name, note = html.escape(o.name), html.escape(o.reason)
                if o.status == "skipped":
                    lines.append(f"- ✗ **{name}**: {note}")
                elif o.status == "unchanged":
                    lines.append(f"- ✓ **{name}** already indexed (the same file)")
                else:
                    lines.append(f"- ✓ **{name}** indexed" + (f" ({note})" if note else ""))
            lines.append(f"\n{report.summary()}")
        return "\n".join(lines)

    def delete(self, article_id: str | None) -> str:
        if not article_id:
            return "Choose an article to delete."
        with self.lock:
            removed = self.assistant.remove_article(article_id)
        return f"Deleted {article_id}." if removed else f"{article_id} was not in the index."


def _assistant(content: str) -> dict[str, Any]:
    return {"role": "assistant", "content": content}


def _text(content: Any) -> str | None:
    """A chat message's HTML: Gradio hands it back as a string or as a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and len(content) == 1 and isinstance(content[0], dict):
        text = content[0].get("text", content[0].get("content"))
        return text if isinstance(text, str) else None
    return None


def _validate_upload(path: Path) -> str:
    """Why the file cannot be added, or '' when it can."""
    if path.name.startswith("."):
        return "hidden file name (it starts with '.'): rename the file to add it"
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
