"""The fast generator: the shipped Q4_K_M GGUF through llama.cpp (`pip install llama-cpp-python`).

~5x faster decoding than bf16 transformers and a third of the memory; llama.cpp keeps the
KV cache of the last prompt and reuses its common prefix itself. Optional: PyPI has only
the source, so pip compiles it (`make fast`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..runtime import Progress, has_amx
from .base import Message
from .package import LOAD_LOCK, assemble_gguf

LLAMA_CPP_PIP = "llama-cpp-python"

_LLAMAS: dict[Path, Any] = {}


@contextmanager
def plain_cpu_buffers() -> Iterator[None]:
    """Models loaded inside use no extra buffer types (no weight repacking).

    llama-cpp-python 0.3.36 compiled on a CPU with AMX repacks the Q4_K weights into AMX
    buffers and crashes (a segmentation fault) in its first decode: a clean CI clone on this
    repository's Xeon, 2026-12-04. Without the extra buffers it answers. `Llama()` takes
    its model parameters from `llama_model_default_params` and has no argument for this.
    """
    import llama_cpp.llama_cpp as native

    default = native.llama_model_default_params

    def without_extra_buffers() -> Any:
        params = default()
        params.use_extra_bufts = False
        return params

    native.llama_model_default_params = without_extra_buffers
    try:
        yield
    finally:
        native.llama_model_default_params = default


def safe_loading() -> AbstractContextManager[None]:
    """Where models are loaded: without extra buffers on a CPU with AMX, else as is."""
    return plain_cpu_buffers() if has_amx() else nullcontext()


class LlamaCppGenerator:
    """The fast generator: the Q4_K_M GGUF through llama.cpp (`pip install llama-cpp-python`)."""

    # Prompts are ~700 tokens; 4096 leaves room for long follow-up conversations.
    N_CTX = 4096

    def __init__(
        self,
        cache_dir: Path,
        threads: int = 0,
        progress: Progress | None = None,
        reuse_cache: bool = True,
    ) -> None:
        self.cache_dir = cache_dir
        self.threads = threads or os.cpu_count() or 1
        self.progress = progress
        self.reuse_cache = reuse_cache  # llama.cpp keeps its last prompt's KV cache itself
        self.label = "llama.cpp, Q4_K_M"
        self.last_usage: tuple[int, int] | None = None  # (prompt, generated) tokens
        # One generation at a time per model: llama.cpp contexts are not thread-safe.
        self._lock = threading.Lock()

    def load(self) -> Any:
        with LOAD_LOCK:
            gguf = assemble_gguf(self.cache_dir, self.progress)
            if gguf not in _LLAMAS:
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise ModelError(
                        f"the llama-cpp backend needs {LLAMA_CPP_PIP}: "
                        f"pip install '{LLAMA_CPP_PIP}' (or set backend = \"transformers\")"
                    ) from exc
                with safe_loading():
                    _LLAMAS[gguf] = Llama(
                        model_path=str(gguf),
                        n_ctx=self.N_CTX,
                        n_threads=self.threads,
                        n_threads_batch=self.threads,
                        verbose=False,
                    )
            return _LLAMAS[gguf]

    def first_token_probabilities(
        self, messages: Sequence[Message], options: Sequence[str]
    ) -> list[float]:
        """From the model's logits for the first token, read by a logits processor during a
        one-token completion (llama-cpp-python 0.3.36 refuses `logprobs` unless every
        prompt token's logits are kept, `logits_all`: 4096 × 151,936 floats, 2.5 GB); the
        prompt's KV cache stays for the `stream` that follows."""
        import numpy as np
        from llama_cpp import LogitsProcessorList

        llm = self.load()
        first: list[Any] = []

        def capture(input_ids: Any, scores: Any) -> Any:
            if not first:
                first.append(np.array(scores, dtype=np.float64))
            return scores

        with self._lock:
            if not self.reuse_cache:
                llm.reset()
            llm.create_chat_completion(
                messages=list(messages),
                max_tokens=1,
                temperature=0.0,
                logits_processor=LogitsProcessorList([capture]),
            )
        logits = first[0]
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        ids = [llm.tokenize(o.encode("utf-8"), add_bos=False, special=False)[0] for o in options]
        return [float(probabilities[i]) for i in ids]

    def stream(
        self, messages: Sequence[Message], max_new_tokens: int, ban_first: Sequence[str] = ()
    ) -> Iterator[str]:
        llm = self.load()
        with self._lock:
            if not self.reuse_cache:
                llm.reset()  # forget the evaluated tokens, so nothing of them is reused
            processors = None
            if ban_first:
                from llama_cpp import LogitsProcessorList

                banned = sorted(
                    {
                        llm.tokenize(t.encode("utf-8"), add_bos=False, special=False)[0]
                        for t in ban_first
                    }
                )
                started: list[int] = []

                def ban(input_ids: Any, scores: Any) -> Any:
                    if not started:  # the first call scores the reply's first token
                        started.append(len(input_ids))
                        scores[banned] = -float("inf")
                    return scores

                processors = LogitsProcessorList([ban])
            chunks = llm.create_chat_completion(
                messages=list(messages),
                max_tokens=max_new_tokens,
                temperature=0.0,
                stream=True,
                logits_processor=processors,
            )
            generated = 0
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        generated += 1  # llama-cpp-python streams one chunk per token
                        yield piece
            finally:
                chunks.close()  # stops llama.cpp when the consumer stops early
                self.last_usage = (llm.n_tokens - generated, generated)
