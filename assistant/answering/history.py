"""A conversation's earlier turns: read from what a caller gives, and condensed with the
follow-up into one standalone question.

Accepted: `(question, answer)` pairs (tuples or lists of two strings), and OpenAI-style
messages (`{"role": "user" | "assistant" | "system", "content": str | [{"type": "text",
"text": str}, ...]}`, the format of Gradio, llama-index and every chat API), where each user
message pairs with the assistant message after it and system messages are skipped. Anything
else is a `QuestionError` naming what was expected, never a silent misreading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import QuestionError
from ..llm.base import Generator
from . import prompts

Turn = tuple[str, str]  # (question, answer text) of an earlier exchange

EXPECTED = (
    "history must be (question, answer) pairs or chat messages like "
    '{"role": "user", "content": "..."}'
)


def read_history(history: Iterable[Any] | None) -> tuple[Turn, ...]:
    """The turns of `history` in order; raises `QuestionError` for anything else."""
    if history is None:
        return ()
    if isinstance(history, (str, bytes, Mapping)):
        raise QuestionError(f"{EXPECTED}; got a single {type(history).__name__}")
    try:
        items = list(history)
    except TypeError:
        raise QuestionError(f"{EXPECTED}; got {_describe(history)}") from None
    if all(isinstance(item, Mapping) for item in items):
        return _from_messages(items)
    turns = []
    for i, item in enumerate(items, 1):
        if (
            isinstance(item, (tuple, list))
            and len(item) == 2
            and all(isinstance(x, str) for x in item)
        ):
            turns.append((item[0], item[1]))
        else:
            raise QuestionError(f"{EXPECTED}; item {i} is {_describe(item)}")
    return tuple(turns)


def _from_messages(messages: list[Mapping[str, Any]]) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    asked: str | None = None
    for i, message in enumerate(messages, 1):
        role, content = message.get("role"), _text(message.get("content"))
        if content is None or role not in ("user", "assistant", "system"):
            raise QuestionError(
                f"{EXPECTED}; message {i} has role {role!r} and content "
                f"{_describe(message.get('content'))} (roles: user, assistant, system)"
            )
        if role == "user":
            if asked is not None:  # a question left unanswered
                turns.append((asked, ""))
            asked = content
        elif role == "assistant":
            turns.append((asked or "", content))
            asked = None
    if asked is not None:
        turns.append((asked, ""))
    return tuple(turns)


def _text(content: Any) -> str | None:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, Mapping) for p in content):
        texts = [p.get("text") for p in content if p.get("type", "text") == "text"]
        if all(isinstance(t, str) for t in texts):
            return " ".join(t for t in texts if t)
    return None


def _describe(value: Any) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:60]}{'…' if len(shown) > 60 else ''}"


def condense(generator: Generator, question: str, history: Sequence[Turn]) -> str:
    """A standalone version of a follow-up question (unchanged without history)."""
    if not history:
        return question
    recent = [(q, a) for q, a in history[-3:]]  # older turns rarely matter, cost prefill
    reply = "".join(generator.stream(prompts.condense_messages(question, recent), 64)).strip()
    reply = reply.splitlines()[0].strip().strip('"') if reply else ""
    return reply if len(reply) >= 5 else question
