"""Deterministic stand-ins for the language model, for tests and UI development.

`ScriptedGenerator` replies from a script (a function of the messages, or a list of replies
used in order) and streams the reply word by word, like the real model does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from .generate import Message

Script = Callable[[Sequence[Message]], str] | Sequence[str]


class ScriptedGenerator:
    """Implements `Generator`; records every call in `.calls`."""

    def __init__(self, script: Script) -> None:
        self._script = script
        self._position = 0
        self.calls: list[list[Message]] = []

    def stream(self, messages: Sequence[Message], max_new_tokens: int) -> Iterator[str]:
        self.calls.append(list(messages))
        if callable(self._script):
            reply = self._script(messages)
        else:
            reply = self._script[self._position % len(self._script)]
            self._position += 1
        yield from re.findall(r"\S+\s*|\s+", reply)
