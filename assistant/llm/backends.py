"""Which language-model runtime answers: `make_generator(settings)`.

- `llama_cpp.LlamaCppGenerator` runs the shipped Q4_K_M GGUF itself through llama.cpp (the
  optional `llama-cpp-python` package): ~5x faster decoding than bf16 transformers, a third
  of the memory, and it reuses the KV cache of the prompt prefix it saw last.
- `transformers_backend.TransformersGenerator` runs the dequantised copy through
  transformers (bf16, with the GGUF's 4-bit weights; fp32 on CPUs with neither native bf16
  nor AVX2): always available.

- `openai_backend.OpenAIGenerator` asks a remote server that speaks the OpenAI
  chat-completions API (`backend = "openai"`, `llm_url`, `llm_model`).

"auto" prefers llama.cpp when it is installed. None downloads anything.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from ..runtime import Progress
from .base import Generator

if TYPE_CHECKING:
    from ..settings import Settings


def llama_cpp_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def make_generator(settings: Settings, progress: Progress | None = None) -> Generator:
    """The generator `settings.backend` names; "auto" prefers llama.cpp when installed."""
    backend = settings.backend
    if backend == "openai":
        from .openai_backend import OpenAIGenerator

        return OpenAIGenerator(
            settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s
        )
    if backend == "auto":
        backend = "llama-cpp" if llama_cpp_available() else "transformers"
    if backend == "llama-cpp":
        from .llama_cpp import LlamaCppGenerator

        return LlamaCppGenerator(
            settings.model_cache_dir, settings.threads, progress, settings.reuse_prompt_cache
        )
    from .transformers_backend import TransformersGenerator

    return TransformersGenerator(
        settings.model_cache_dir,
        settings.threads,
        progress,
        dtype=settings.torch_dtype,
        int4_decode=settings.int4_decode,
        int8_head=settings.int8_head,
        int4_prompts=settings.int4_prompts,
        prompt_weights_gib=settings.prompt_weights_gib,
        prompt_weights_int8=settings.prompt_weights_int8,
        reuse_cache=settings.reuse_prompt_cache,
        kept_caches=settings.kept_caches,
        prompt_lookup_tokens=settings.prompt_lookup_tokens,
    )
