"""One frozen settings object, built once at the entry point and passed down.

Values come from, in rising priority: the defaults below, a TOML file (`assistant.toml` in
the working directory, or the file named by `ASSISTANT_CONFIG`), and `ASSISTANT_<FIELD>`
environment variables. Nothing here loads models or touches the index.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config_values import coerce, read_toml
from .errors import ConfigError

ENV_PREFIX = "ASSISTANT_"
DEFAULT_CONFIG_FILE = "assistant.toml"
BACKENDS = ("auto", "llama-cpp", "transformers", "openai")
DTYPES = ("auto", "float32", "bfloat16")
EMBED_BACKENDS = ("onnx-int8", "torch")
RETRIEVALS = ("hybrid", "dense", "bm25")
CHOICES = {
    "retrieval": RETRIEVALS,
    "backend": BACKENDS,
    "embed_backend": EMBED_BACKENDS,
    "torch_dtype": DTYPES,
}


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "news-assistant"


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class Settings:
    """Everything the assistant can be told; each field says what it does."""

    index_dir: Path = field(
        default=Path("index"), metadata=_help("Where the Chroma index and article store live.")
    )
    corpus_dir: Path = field(
        default=Path("corpus"), metadata=_help("Default folder of articles for `ingest`.")
    )
    model_cache_dir: Path = field(
        default_factory=_default_cache_dir,
        metadata=_help("Where the assembled GGUF and the converted safetensors model are cached."),
    )
    top_k: int = field(
        default=4, metadata=_help("Passages given to the language model for one question.")
    )
    candidates: int = field(
        default=12,
        metadata=_help(
            "Passages fetched from each search (dense, BM25) before fusion and before "
            "near-duplicates are dropped."
        ),
    )
    retrieval: str = field(
        default="hybrid",
        metadata=_help(
            "How passages are found: hybrid (dense vectors and BM25, fused), dense or bm25."
        ),
    )
    lexical_weight: float = field(
        default=1.0,
        metadata=_help("Weight of the BM25 list against the dense list (1.0) when fusing."),
    )
    recency_half_life_days: float = field(
        default=0.0,
        metadata=_help(
            "Age (days before the question's as-of date) at which an article's recency boost "
            "halves; 0 turns the recency prior off."
        ),
    )
    recency_weight: float = field(
        default=0.0,
        metadata=_help(
            "Fused score multiplier of an article published on the as-of date: 1 + this "
            "weight (undated articles get half of it)."
        ),
    )
    max_passages_per_article: int = field(
        default=2,
        metadata=_help(
            "Most passages of one article among the top_k while other articles compete."
        ),
    )
    date_words: bool = field(
        default=True,
        metadata=_help(
            "Search only articles published in the time the question names ('this week', "
            "'in March'), counted from its as-of date."
        ),
    )
    chunk_tokens: int = field(
        default=160,
        metadata=_help("Most embedder tokens in one chunk (the embedder truncates at 256)."),
    )
    chunk_overlap_sentences: int = field(
        default=1, metadata=_help("Sentences repeated between consecutive chunks of a paragraph.")
    )
    max_chunks_per_article: int = field(
        default=300,
        metadata=_help(
            "Most chunks one article is indexed as (about 36,000 words); the rest of a longer "
            "article is left out and reported, so one huge file cannot crowd out the others."
        ),
    )
    max_new_tokens: int = field(
        default=120, metadata=_help("Most tokens the language model may generate per answer.")
    )
    max_question_chars: int = field(
        default=1000, metadata=_help("Longest question accepted, in characters.")
    )
    threads: int = field(
        default=0, metadata=_help("CPU threads for the models; 0 means one per core.")
    )
    backend: str = field(
        default="auto",
        metadata=_help(
            "Language model runtime: llama-cpp (fast; needs `pip install llama-cpp-python`), "
            "transformers, auto (llama-cpp when installed), or openai (a server that speaks "
            "the OpenAI chat-completions API: llm_url, llm_model)."
        ),
    )
    llm_url: str = field(
        default="",
        metadata=_help("With backend openai: the server's API base, e.g. http://HOST:8000/v1."),
    )
    llm_model: str = field(
        default="", metadata=_help("With backend openai: the model name the server serves.")
    )
    llm_api_key: str = field(
        default="",
        metadata=_help("With backend openai: the API key; set it in ASSISTANT_LLM_API_KEY."),
    )
    llm_timeout_s: float = field(
        default=120.0,
        metadata=_help("With backend openai: seconds to wait for the server before failing."),
    )
    answers_at_once: int = field(
        default=1,
        metadata=_help(
            "Answers the chat window generates at the same time. 1 suits the local model "
            "(one CPU-bound generation); more with a remote model server."
        ),
    )
    int4_decode: bool = field(
        default=True,
        metadata=_help(
            "With bfloat16, generate tokens through the model's own 4-bit (Q4_K) weights: "
            "~1.8x faster decoding."
        ),
    )
    int4_prompts: bool = field(
        default=True,
        metadata=_help(
            "With int4_decode, run prompts through the same 4-bit weights, unpacked to bf16 "
            "one layer at a time, so the bf16 copy of those layers (2.1 GiB) is never read: "
            "~2 GiB less memory for ~0.7 s more per answer."
        ),
    )
    int8_head: bool = field(
        default=True,
        metadata=_help(
            "With bfloat16, compute the output head (0.47 GB of bf16 read for every token) "
            "from an int8 copy of its rows: faster decoding and ~0.3 GiB less memory."
        ),
    )
    reuse_prompt_cache: bool = field(
        default=True,
        metadata=_help(
            "Keep the last prompt's KV cache and skip prefilling what the next prompt shares "
            "with it (the system prompt, often passages). Off: every prompt is computed in "
            "one pass, as if asked first; slower, for order-independent evaluations."
        ),
    )
    embed_backend: str = field(
        default="onnx-int8",
        metadata=_help(
            "Embedder runtime: onnx-int8 (fast; exported once into model_cache_dir) or torch "
            "(fp32 reference). Changing it re-embeds the index on the next ingest."
        ),
    )
    torch_dtype: str = field(
        default="auto",
        metadata=_help(
            "Compute type of the transformers backend: float32, bfloat16, or auto (bfloat16 "
            "where the CPU has native bf16 instructions)."
        ),
    )
    collection: str = field(
        default="articles", metadata=_help("Name of the Chroma collection inside index_dir.")
    )
    chroma_url: str = field(
        default="",
        metadata=_help(
            "A Chroma server (http://HOST:PORT, from `chroma run`) that holds the index and the "
            "article record, shared by every assistant pointed at it; empty: the embedded "
            "index in index_dir. index_dir then keeps only caches (the BM25 index)."
        ),
    )
    chroma_token: str = field(
        default="",
        metadata=_help(
            "Token for a Chroma server with token auth; set it in ASSISTANT_CHROMA_TOKEN, not "
            "in a file."
        ),
    )
    # 0.6: the lowest tenth above every answerable seed dev question (max 0.57; 5 of 13
    # unanswerable dev questions score 0.61-0.92). See answering/topic.py for what catches
    # the forced answers to the others.
    refusal_threshold: float = field(
        default=0.6,
        metadata=_help(
            "The model's probability of opening its reply with the refusal marker at or above "
            "which the answer is a refusal without a draft; below it the model must answer "
            "and the grounding decides. 1.0 or more: never refuse on the model's word alone."
        ),
    )

    def __post_init__(self) -> None:
        checks = [
            (self.top_k >= 1, "top_k must be at least 1"),
            (self.candidates >= self.top_k, "candidates must be at least top_k"),
            (self.lexical_weight >= 0, "lexical_weight must be >= 0"),
            (self.recency_half_life_days >= 0, "recency_half_life_days must be >= 0"),
            (self.recency_weight >= 0, "recency_weight must be >= 0"),
            (self.max_passages_per_article >= 1, "max_passages_per_article must be >= 1"),
            (16 <= self.chunk_tokens <= 256, "chunk_tokens must be between 16 and 256"),
            (self.chunk_overlap_sentences >= 0, "chunk_overlap_sentences must be >= 0"),
            (self.max_new_tokens >= 8, "max_new_tokens must be at least 8"),
            (self.max_chunks_per_article >= 1, "max_chunks_per_article must be at least 1"),
            (self.max_question_chars >= 10, "max_question_chars must be at least 10"),
            (self.threads >= 0, "threads must be >= 0"),
            (bool(self.collection), "collection must not be empty"),
            (self.refusal_threshold >= 0, "refusal_threshold must be >= 0"),
            (self.answers_at_once >= 1, "answers_at_once must be at least 1"),
            (self.llm_timeout_s > 0, "llm_timeout_s must be > 0"),
            (
                self.backend != "openai" or bool(self.llm_url and self.llm_model),
                'backend = "openai" needs llm_url and llm_model',
            ),
        ]
        for name, allowed in CHOICES.items():
            value = getattr(self, name)
            checks.append(
                (value in allowed, f"{name} must be one of {', '.join(allowed)}, not {value!r}")
            )
        for ok, message in checks:
            if not ok:
                raise ConfigError(message)

    @classmethod
    def load(
        cls,
        config_file: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from defaults, a TOML file, the environment, then `overrides`."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        path = config_file or env.get(ENV_PREFIX + "CONFIG")
        if path is None and Path(DEFAULT_CONFIG_FILE).is_file():
            path = DEFAULT_CONFIG_FILE
        if path is not None:
            values.update(read_toml(Path(path)))
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        fields = {f.name: f for f in dataclasses.fields(cls)}
        return cls(**{name: coerce(fields, name, value) for name, value in values.items()})

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, value, help) for every field, for `assistant config`."""
        secret = {"chroma_token", "llm_api_key"}  # shown as set or not, never printed
        return [
            (
                f.name,
                ("(set)" if getattr(self, f.name) else "")
                if f.name in secret
                else str(getattr(self, f.name)),
                f.metadata.get("help", ""),
            )
            for f in dataclasses.fields(self)
        ]
