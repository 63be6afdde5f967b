"""Deterministic stand-ins for the language model, for tests and UI development.

`ScriptedGenerator` replies from a script (a function of the messages, or a list of replies
used in order) and streams the reply word by word, like the real model does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from assistant.llm.base import Message

Script = Callable[[Sequence[Message]], str] | Sequence[str]


class ScriptedGenerator:
    """Implements `Generator`; records every call in `.calls`."""

    label = "scripted"

    def __init__(self, script: Script) -> None:
        self._script = script
        self._position = 0
        self.calls: list[list[Message]] = []
        self.last_usage: tuple[int, int] | None = None

    def load(self) -> None:
        """Nothing to load."""

    def _reply(self, messages: Sequence[Message]) -> str:
        if callable(self._script):
            return self._script(messages)
        return self._script[self._position % len(self._script)]

    def first_token_probabilities(
        self, messages: Sequence[Message], options: Sequence[str]
    ) -> list[float]:
        """1.0 for an option whose first word starts the reply it would give, else 0.0."""
        words = self._reply(messages).split()
        return [float(bool(words) and words[0] == (o.split() or [""])[0]) for o in options]

    def stream(
        self, messages: Sequence[Message], max_new_tokens: int, ban_first: Sequence[str] = ()
    ) -> Iterator[str]:
        self.calls.append(list(messages))
        reply = self._reply(messages)
        if not callable(self._script):
            self._position += 1
        pieces = re.findall(r"\S+\s*|\s+", reply)
        self.last_usage = (sum(len(m["content"].split()) for m in messages), len(pieces))
        yield from pieces


def by_question(replies: dict[str, str], condensed: str | None = None) -> Script:
    """A script that answers by what is asked: the reply of the first key the question
    holds, else the refusal marker; asked to condense a follow-up, `condensed` (default: the
    last question as it stands)."""
    from assistant.answering import prompts

    def reply(messages: Sequence[Message]) -> str:
        last = messages[-1]["content"]
        if messages[0]["content"] == prompts.CONDENSE_SYSTEM:
            return condensed or last.split("Last question:")[1].split("\n")[0]
        asked = last.split("Question:")[-1]
        return next((r for key, r in replies.items() if key in asked), prompts.NOT_FOUND)

    return reply
