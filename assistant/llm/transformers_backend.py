"""The default generator: the dequantised model through transformers, greedy decoding.

bf16 with the GGUF's own 4-bit weights (the default), or bf16 alone where the CPU has native
bf16, else fp32: always available, and on long fresh prompts its native bf16 prefill is the
faster of the two runtimes. With bf16 it decodes through the 4-bit weights (`q4k.py`), ~1.8x faster
than bf16 weights, and by default runs prompts through them too, unpacked one layer at a
time, so the bf16 copy of those layers stays out of memory. On a CPU without native bf16
(AVX2 only) the prompts' products are computed in fp32 (`int4_linear`, "wide"). It keeps
the KV caches of the last few prompts and prefills a new prompt only from where it leaves the
one it shares most with. The model is loaded lazily and once per process.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..runtime import (
    Progress,
    has_amx,
    native_bf16,
    offline_env,
    release_free_memory,
    resolve_dtype,
    set_threads,
)
from .attention import pack_decode_attention
from .base import Message
from .int4_linear import widen
from .int8_head import attach_int8_head, prepare_int8_head
from .package import LOAD_LOCK, drop_gguf, gguf_path, prepare_llm
from .q4k import attach_q4k, is_q4k_cached, prepare_q4k

_LOADED: dict[tuple[Path, str, bool, bool, bool, int, bool, bool], tuple[Any, Any]] = {}


class TransformersGenerator:
    """The default generator: a local causal LM through transformers, greedy decoding."""

    def __init__(
        self,
        cache_dir: Path,
        threads: int = 0,
        progress: Progress | None = None,
        dtype: str = "auto",
        int4_decode: bool = True,
        int8_head: bool = True,
        int4_prompts: bool = True,
        prompt_weights_gib: float = 0.75,
        prompt_weights_int8: bool = False,
        reuse_cache: bool = True,
        kept_caches: int = 8,
        prompt_lookup_tokens: int = 0,
    ) -> None:
        self.cache_dir = cache_dir
        self.threads = threads
        self.progress = progress
        self.dtype = resolve_dtype(dtype, int4_decode)
        # The int4 kernel takes bf16 activations only; on fp32 it would be slower, not faster.
        self.int4_decode = int4_decode and self.dtype == "bfloat16"
        self.int8_head = int8_head and self.dtype == "bfloat16"
        self.int4_prompts = int4_prompts and self.int4_decode
        # Without native bf16, prompts in fp32, unpacked per call (kept: twice the memory).
        self.wide = self.dtype == "bfloat16" and not native_bf16()
        keeps = self.int4_prompts and not self.wide
        self.kept_bytes = max(0, int(prompt_weights_gib * 2**30)) if keeps else 0
        # Not with AMX, whose bf16 GEMM is ~5x these cores' (8.4 vs ~48 ms for one 8960x1536
        # layer on 700 tokens) and was never measured against int8.
        self.kept_int8 = prompt_weights_int8 and self.kept_bytes > 0 and not has_amx()
        kept = f" (≤ {prompt_weights_gib:g} GiB kept unpacked{', int8' if self.kept_int8 else ''})"
        self.label = (
            f"transformers, {self.dtype}"
            + (" (fp32 prompts)" if self.wide else "")
            + (" + int8 head" if self.int8_head else "")
            + (" + int4 decode" if self.int4_decode else "")
            + (" and prompts" if self.int4_prompts else "")
            + (kept if self.kept_bytes else "")
        )
        self.last_usage: tuple[int, int] | None = None  # (prompt, generated) tokens
        self.last_reused = 0  # prompt tokens whose KV cache came from a kept one
        self.reuse_cache = reuse_cache
        self.kept_caches = max(1, kept_caches)
        self.prompt_lookup_tokens = prompt_lookup_tokens
        # Token ids and KV cache of the last calls, oldest first: a new prompt skips
        # prefilling its longest common prefix with one of them (always the system prompt;
        # often passages, when questions about one story retrieve the same ones). Several,
        # not one: on the seed dev questions in file order the tokens to prefill fall from
        # a p50 of 622 (of 755) with the last prompt's cache to 468 with the last 8 (ad hoc
        # simulation over the prompts' token ids, 2026-12-01; 16: 438).
        # Rejected (README, Answer speed, 2026-12-07): each passage prefilled once after the
        # prompt's heading and re-rotated to its slot, so only the question is prefilled:
        # seed dev first token p50 15.5 -> 3.8 s on AVX2 cores, but answers containing gold
        # 85.9 -> 76.9% (a passage that has not read the ones before it misleads the model).
        self._previous: list[tuple[list[int], Any]] = []
        self._previous_lock = threading.Lock()

    def load(self) -> tuple[Any, Any]:
        """(model, tokenizer), converting the GGUF on first ever use."""
        with LOAD_LOCK:
            stored = "bfloat16" if self.dtype == "bfloat16" else "float16"
            # A first run converts the model and then caches its int4 weights: keep the GGUF
            # between the two rather than delete and re-assemble it (and delete it after, unless
            # it was there before, e.g. for llama.cpp).
            build_q4k = self.int4_decode and not is_q4k_cached(self.cache_dir)
            drop_after = build_q4k and not gguf_path(self.cache_dir).is_file()
            path = prepare_llm(self.cache_dir, self.progress, stored, keep_gguf=build_q4k)
            key = (
                path, self.dtype, self.int4_decode, self.int8_head, self.int4_prompts,
                self.kept_bytes, self.kept_int8, self.wide,
            )  # fmt: skip
            if key not in _LOADED:
                offline_env()
                import torch
                from transformers import AutoModelForCausalLM, AutoTokenizer

                set_threads(self.threads)
                tokenizer = AutoTokenizer.from_pretrained(str(path))
                model = AutoModelForCausalLM.from_pretrained(
                    str(path), dtype=getattr(torch, self.dtype)
                )
                model.eval()
                pack_decode_attention(model)
                if self.int8_head:
                    attach_int8_head(model, prepare_int8_head(self.cache_dir, path))
                if self.int4_decode:
                    q4k = prepare_q4k(self.cache_dir, path, self.progress)
                    if drop_after:  # before the packed int4 copy is written: less disk at once
                        drop_gguf(self.cache_dir)
                    wide, kept_int8 = self.wide, self.kept_int8
                    attach_q4k(model, q4k, self.int4_prompts, self.kept_bytes, kept_int8, wide)
                if self.wide:
                    widen(model)
                _LOADED[key] = (model, tokenizer)
            return _LOADED[key]

    def _inputs(self, tokenizer: Any, messages: Sequence[Message]) -> Any:
        prompt = tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, tokenize=False
        )
        return tokenizer(prompt, return_tensors="pt")

    def first_token_probabilities(
        self, messages: Sequence[Message], options: Sequence[str]
    ) -> list[float]:
        """One pass over the prompt (its common prefix with the last one reused); its KV cache
        is kept, so a `stream` of the same prompt next only computes one token."""
        import torch

        model, tokenizer = self.load()
        inputs = self._inputs(tokenizer, messages)
        ids = inputs["input_ids"][0].tolist()
        past, reused = self._reusable_cache(ids)
        with torch.inference_mode():
            out = model(
                input_ids=inputs["input_ids"][:, reused:],
                cache=past,
                use_cache=True,
                logits_to_keep=1,
            )
        probabilities = torch.softmax(out.logits[0, -1].float(), dim=-1)
        with self._previous_lock:
            self._keep(ids, out.cache)
        del out
        release_free_memory()  # the pass's activations, freed but still resident
        return [float(probabilities[first_token(tokenizer, o)]) for o in options]

    def stream(
        self, messages: Sequence[Message], max_new_tokens: int, ban_first: Sequence[str] = ()
    ) -> Iterator[str]:
        import torch
        from transformers import (
            LogitsProcessor,
            LogitsProcessorList,
            StoppingCriteria,
            StoppingCriteriaList,
            TextIteratorStreamer,
        )

        model, tokenizer = self.load()
        inputs = self._inputs(tokenizer, messages)
        ids = inputs["input_ids"][0].tolist()
        past, reused = self._reusable_cache(ids)
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        stop = threading.Event()
        banned = sorted({first_token(tokenizer, text) for text in ban_first})

        class _Stop(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool)

        class _BanFirst(LogitsProcessor):
            def __call__(self, input_ids: Any, scores: Any) -> Any:
                if banned and input_ids.shape[1] == len(ids):
                    scores[:, banned] = -float("inf")
                return scores

        failure: list[BaseException] = []
        k = self.prompt_lookup_tokens
        lookup = {"prompt_lookup_num_tokens": k} if k > 0 else {}

        def run() -> None:
            try:
                with torch.inference_mode():
                    out = model.generate(
                        **inputs,
                        max_new_tokens=max_new_tokens,
                        do_sample=False,
                        temperature=None,
                        top_p=None,
                        top_k=None,
                        streamer=streamer,
                        stopping_criteria=StoppingCriteriaList([_Stop()]),
                        logits_processor=LogitsProcessorList([_BanFirst()]),
                        pad_token_id=tokenizer.eos_token_id,
                        cache=past,
                        return_dict_in_generate=True,
                        **lookup,
                    )
                sequence = out.sequences[0]
                self.last_usage = (len(ids), len(sequence) - len(ids))
                self.last_reused = reused
                cache = out.cache
                with self._previous_lock:
                    if self.reuse_cache:
                        self._keep(sequence[: cache.get_seq_length()].tolist(), cache)
                    else:
                        self._previous = []  # a hand-off serves one stream only
                del out, cache
                release_free_memory()
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

    def _keep(self, ids: list[int], cache: Any) -> None:
        """Keep `ids`' cache, newest last; caller holds the lock. A kept prompt that `ids`
        extends (the scored prompt, once its draft is generated) is dropped: it adds
        nothing. Without `reuse_cache` only this hand-off is kept."""
        if not self.reuse_cache:
            self._previous = [(ids, cache)]
            return
        kept = [(p, c) for p, c in self._previous if p != ids[: len(p)]]
        self._previous = [*kept, (ids, cache)][-self.kept_caches :]

    def _reusable_cache(self, ids: list[int]) -> tuple[Any, int]:
        """A copy of the kept KV cache sharing the longest prefix with `ids`, cut to it,
        and that prefix's length.

        With `reuse_cache` off only the hand-off of `first_token_probabilities` is used, and
        only for the very prompt it scored: that is the same prompt pass, not a reuse.
        """
        with self._previous_lock:
            if self.reuse_cache:
                best, cache = max(
                    ((_common_prefix(p, ids), c) for p, c in self._previous),
                    key=lambda pair: pair[0],
                    default=(0, None),
                )
            else:  # the hand-off, for the very prompt it scored
                best, cache = next(
                    ((len(ids), c) for p, c in self._previous if p == ids), (0, None)
                )
            common = min(best, len(ids) - 1)  # generate needs at least one new token
            if common <= 0:
                return None, 0
            past = copy.deepcopy(cache)  # the kept one may serve the next call too
        surplus = past.get_seq_length() - common
        if surplus:
            past.crop(-surplus)  # negative: tokens to drop, in every transformers 5 release
        return past, common


def _common_prefix(a: list[int], b: list[int]) -> int:
    """How many leading tokens `a` and `b` share."""
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def first_token(tokenizer: Any, text: str) -> int:
    """The id of the token a reply starting with `text` starts with."""
    return int(tokenizer.encode(text, add_special_tokens=False)[0])
