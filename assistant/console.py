"""The command line's answers: one question streamed to a terminal and printed with its
sources (`assistant ask`), and a conversation of them (`assistant chat`).

A chat loads the models once, in the background while the first question is typed, and
keeps the conversation for follow-ups, as the chat window does: one `assistant ask` loads
them anew each time (cold start 8.7-10 s on 2 AVX2 cores, 2026-12-07, about half of it
Python imports: README, Where the models come from). Does not
parse arguments (`cli.py`) or answer (`Assistant.stream`).
"""

from __future__ import annotations

import sys
import textwrap
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import AssistantError
from .progress import WORKING, StatusLine

if TYPE_CHECKING:
    from .pipeline import Assistant
    from .types import Answer

HELP = (
    "Ask about the articles; a follow-up keeps the conversation. /new starts a new one, "
    "/quit (or Ctrl-D) ends. Ctrl-C stops an answer."
)
_NEW = frozenset({"/new", "/clear", "/reset"})
_QUIT = frozenset({"/quit", "/exit", "/q"})


def stream_answer(
    bot: Assistant,
    question: str,
    history: Sequence[tuple[str, str]] = (),
    quiet: bool = False,
    **limits: Any,
) -> Answer:
    """The checked answer, with a `StatusLine` on a terminal's stderr while it is prepared
    (none with `quiet`)."""
    status = StatusLine(quiet=quiet)
    stream = bot.stream(question, history, **limits)
    status.show(WORKING)
    draft = ""
    try:
        for piece in stream:
            draft += piece
            status.draft(draft)
    finally:
        status.clear()
        stream.close()  # stopped (Ctrl-C) or not: the model stops writing
    if stream.answer is None:  # only a closed stream ends without one
        raise AssistantError("the answer was stopped before it was finished")
    return stream.answer


def print_answer(answer: Answer) -> None:
    """The answer, what it leaves out unsupported, and its sources, on stdout."""
    print(textwrap.fill(answer.text, width=88))
    unsupported = answer.unsupported
    if answer.answered and unsupported:
        print("\nNot shown, because no passage supports it:")
        for s in unsupported:
            print(textwrap.fill(f"- {s.text} ({s.note})", width=88, subsequent_indent="  "))
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            date = c.published.isoformat() if c.published else "undated"
            print(f"[{c.number}] {c.title} — {c.source or 'unknown source'}, {date}")
            print(
                textwrap.fill(
                    f"“{c.quote}”", width=88, initial_indent="    ", subsequent_indent="    "
                )
            )
            if c.url:
                print(f"    {c.url}")


def _warm_up(bot: Assistant, ready: threading.Event) -> None:
    try:
        bot.warm_up()
    except Exception:  # the first question meets the same error, and says it
        pass
    finally:
        ready.set()


def chat(bot: Assistant, limits: dict[str, Any], read: Callable[[str], str] = input) -> int:
    """Questions from `read` (a line each) answered in turn until /quit or end of input,
    each a follow-up of the ones before it until /new."""
    bot.scope(**limits)  # a bad --as-of/--since/--until is an error now, not per question
    on_terminal = sys.stdin.isatty()
    if on_terminal:
        try:  # line editing and the up arrow for earlier questions, where Python has it
            import readline  # noqa: F401
        except ImportError:
            pass
        print(HELP, file=sys.stderr)
    ready = threading.Event()  # questions wait for it: one embedder and model, not two
    threading.Thread(target=_warm_up, args=(bot, ready), name="warm-up", daemon=True).start()
    history: list[tuple[str, str]] = []
    while True:
        try:
            line = read("> " if on_terminal else "").strip()
        except (EOFError, KeyboardInterrupt):
            if on_terminal:
                print(file=sys.stderr)
            return 0
        if not line:
            continue
        if line.lower() in _QUIT:
            return 0
        if line.lower() in _NEW:
            history.clear()
            print("(a new conversation)", file=sys.stderr)
            continue
        try:
            ready.wait()
            answer = stream_answer(bot, line, history, **limits)
        except KeyboardInterrupt:
            print("(stopped)", file=sys.stderr)
            continue
        except AssistantError as exc:  # a question too long, say: the chat goes on
            print(f"error: {exc}", file=sys.stderr)
            continue
        print_answer(answer)
        print()
        history.append((answer.question, answer.text))
