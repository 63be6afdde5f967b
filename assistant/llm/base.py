"""The generator role: one `Generator` protocol that every language-model runtime implements.

`stream(messages, max_new_tokens)` yields text pieces as they are produced (closing the
iterator stops generation); `load()` prepares the model (converting it on first ever use) so
a server can warm up before the first question; `label` names the runtime for people;
`last_usage` is (prompt, generated) tokens of the last call, for benchmarks. Greedy decoding
everywhere, so answers are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, TypedDict


class Message(TypedDict):
    role: str
    content: str


class Generator(Protocol):
    label: str
    last_usage: tuple[int, int] | None

    def load(self) -> Any:
        """Load the model now (idempotent); returns the runtime's own model object."""
        ...

    def stream(self, messages: Sequence[Message], max_new_tokens: int) -> Iterator[str]:
        """Yield the reply to `messages` piece by piece."""
        ...
