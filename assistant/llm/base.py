"""The generator role: one `Generator` protocol that every language-model runtime implements.

- `stream(messages, max_new_tokens, ban_first=...)` yields text pieces as they are produced
  (closing the iterator stops generation); `ban_first` forbids the reply to start with the
  first token of any of those texts.
- `first_token_probabilities(messages, options)`: how likely the reply is to start with each
  option, from the model's own distribution over its first token. One prompt pass, whose KV
  cache the next `stream` of the same prompt reuses, so asking first costs ~nothing.
- `load()` prepares the model (converting it on first ever use) so a server can warm up
  before the first question; `label` names the runtime for people; `last_usage` is
  (prompt, generated) tokens of the last call, for benchmarks.

Greedy decoding everywhere, so answers are reproducible.
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

    def stream(
        self, messages: Sequence[Message], max_new_tokens: int, ban_first: Sequence[str] = ()
    ) -> Iterator[str]:
        """Yield the reply to `messages` piece by piece (not starting like `ban_first`)."""
        ...

    def first_token_probabilities(
        self, messages: Sequence[Message], options: Sequence[str]
    ) -> list[float]:
        """P(the reply's first token is the first token of option), for each option."""
        ...
