"""Counting the embedder's tokens, for chunk sizing (just `tokenizers`, which is cheap)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .package import embedder_path


@lru_cache(maxsize=1)
def _plain_tokenizer() -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(embedder_path() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def token_counter() -> Callable[[str], int]:
    """Count embedder tokens of a text, without [CLS]/[SEP]."""
    tokenizer = _plain_tokenizer()

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count


def token_spans() -> Callable[[str], list[tuple[int, int]]]:
    """The character span of each embedder token of a text, without [CLS]/[SEP]."""
    tokenizer = _plain_tokenizer()

    def spans(text: str) -> list[tuple[int, int]]:
        return list(tokenizer.encode(text, add_special_tokens=False).offsets)

    return spans
