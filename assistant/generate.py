"""Text generation behind one small protocol, and its local transformers implementation.

`Generator.stream(messages, max_new_tokens)` yields text pieces as they are produced; closing
the iterator stops generation. `TransformersGenerator` runs Qwen2.5-Coder-1.5B-Instruct on
the CPU, greedy decoding, loading the converted model lazily and once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypedDict

from .models import offline_env, prepare_llm


class Message(TypedDict):
    role: str
    content: str


class Generator(Protocol):
    def stream(self, messages: Sequence[Message], max_new_tokens: int) -> Iterator[str]:
        """Yield the reply to `messages` piece by piece."""
        ...


_LOADED: dict[Path, tuple[Any, Any]] = {}
_LOAD_LOCK = threading.Lock()


class TransformersGenerator:
    """The default generator: a local causal LM through transformers, greedy decoding."""

    def __init__(
        self,
        cache_dir: Path,
        threads: int = 0,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.threads = threads
        self.progress = progress

    def load(self) -> tuple[Any, Any]:
        """(model, tokenizer), converting the GGUF on first ever use."""
        with _LOAD_LOCK:
            path = prepare_llm(self.cache_dir, self.progress)
            if path not in _LOADED:
                offline_env()
                import torch
                from transformers import AutoModelForCausalLM, AutoTokenizer

                from .runtime import set_threads

                set_threads(self.threads)
                tokenizer = AutoTokenizer.from_pretrained(str(path))
                model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32)
                model.eval()
                _LOADED[path] = (model, tokenizer)
            return _LOADED[path]

    def stream(self, messages: Sequence[Message], max_new_tokens: int) -> Iterator[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        model, tokenizer = self.load()
        prompt = tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, tokenize=False
        )
        inputs = tokenizer(prompt, return_tensors="pt")
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        stop = threading.Event()

        class _Stop(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool)

        failure: list[BaseException] = []

        def run() -> None:
            try:
                with torch.inference_mode():
                    model.generate(
                        **inputs,
                        max_new_tokens=max_new_tokens,
                        do_sample=False,
                        temperature=None,
                        top_p=None,
                        top_k=None,
                        streamer=streamer,
                        stopping_criteria=StoppingCriteriaList([_Stop()]),
                        pad_token_id=tokenizer.eos_token_id,
                    )
            except BaseException as exc:  # surfaced in the consuming thread below
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, name="generate", daemon=True)
        worker.start()
        try:
            for piece in streamer:
                if piece:
                    yield piece
        finally:
            stop.set()
            worker.join()
        if failure:
            raise failure[0]
