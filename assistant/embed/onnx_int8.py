"""The default embedder runtime: the int8 ONNX export run by onnxruntime, one text per run.

One text per run and one thread per run, with as many runs in parallel as there are
threads: measured on 2 cores this is ~1.5x the throughput of padded batches on a 2-thread
session, and a text's vector no longer depends on what it was batched with (dynamic int8
quantisation scales activations per run). Texts are never padded, so the export takes
`input_ids` only (no attention mask; see `package.EMBED_ONNX_VERSION`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .package import EMBED_MAX_TOKENS, embedder_path


class OnnxInt8Embedder:
    """Implements `Embedder` over `model_file` (from `package.prepare_embedder_onnx`)."""

    def __init__(self, model_file: Path, name: str, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(embedder_path() / "tokenizer.json"))
        self._tokenizer.enable_truncation(EMBED_MAX_TOKENS)
        self._tokenizer.no_padding()
        workers = threads or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="embed")

    def _one(self, text: str) -> list[float]:
        import numpy as np

        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids})[0][0]
        pooled = hidden.mean(axis=0)  # mean pooling; no padding to mask
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if len(texts) == 1:
            return [self._one(texts[0])]
        return list(self._pool.map(self._one, texts))
