"""A remote generator: any server that speaks the OpenAI chat-completions API (vLLM,
llama.cpp's server, Ollama, TGI), through the `openai` package (`pip install openai`).

Grounding, refusal and every answer check stay in the assistant: this only turns messages
into text. Greedy (temperature 0), streamed. The refusal probability comes from the first
token's `top_logprobs`; a server that returns none gives 0 (the model then may not refuse
on its own word, and grounding decides). `ban_first` cannot be enforced without the
server's token ids, so a reply that opens with the refusal marker anyway is taken as the
refusal it says. Every failure (server unreachable, unknown model, a timeout, a stream cut
in the middle) is a `ModelError` naming the URL and model; a cut stream raises before the
draft is grounded, so no partial answer is ever presented as checked.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import ModelError
from .base import Message

OPENAI_PIP = "openai"


class OpenAIGenerator:
    def __init__(
        self,
        url: str,
        model: str,
        api_key: str = "",
        timeout_s: float = 120.0,
        http_client: Any = None,  # an httpx.Client to send through (tests replay recordings)
    ) -> None:
        self.url, self.model = url.rstrip("/"), model
        self._http = http_client
        self.api_key = api_key or "none"  # local servers want no key, the client wants one
        self.timeout_s = timeout_s
        self.label = f"{model} at {self.url}"
        self.last_usage: tuple[int, int] | None = None
        self._client: Any = None

    def load(self) -> Any:
        if self._client is None:
            try:
                import openai
            except ImportError as exc:
                raise ModelError(
                    f'backend "openai" needs the {OPENAI_PIP} package: pip install {OPENAI_PIP}'
                ) from exc
            self._client = openai.OpenAI(
                base_url=self.url,
                api_key=self.api_key,
                timeout=self.timeout_s,
                max_retries=0,
                http_client=self._http,
            )
        return self._client

    def _failed(self, error: Exception) -> ModelError:
        import openai

        if isinstance(error, openai.NotFoundError):
            why = f"it does not serve a model named {self.model!r} ({error.message})"
        elif isinstance(error, openai.APITimeoutError):
            why = f"no reply within {self.timeout_s:g} s"
        elif isinstance(error, openai.APIConnectionError):
            why = "it cannot be reached, or the connection broke"
        elif isinstance(error, openai.APIStatusError):
            why = f"it answered HTTP {error.status_code}: {error.message}"
        else:
            why = f"{type(error).__name__}: {error}"
        return ModelError(f"the model server at {self.url} failed: {why}")

    def first_token_probabilities(
        self, messages: Sequence[Message], options: Sequence[str]
    ) -> list[float]:
        """P(first token) for each option's first word, from the server's top 20."""
        client = self.load()
        try:
            reply = client.chat.completions.create(
                model=self.model,
                messages=list(messages),
                max_tokens=1,
                temperature=0.0,
                logprobs=True,
                top_logprobs=20,
            )
        except Exception as error:  # openai's own errors, named by _failed
            raise self._failed(error) from error
        logprobs = reply.choices[0].logprobs
        content = (logprobs.content if logprobs else None) or []
        top: dict[str, float] = {}  # "NOT" and " NOT" are one first word: add them up
        for t in content[0].top_logprobs if content else []:
            top[t.token.strip()] = top.get(t.token.strip(), 0.0) + math.exp(t.logprob)
        return [top.get((o.split() or [""])[0], 0.0) for o in options]

    def stream(
        self, messages: Sequence[Message], max_new_tokens: int, ban_first: Sequence[str] = ()
    ) -> Iterator[str]:
        client = self.load()
        try:
            chunks = client.chat.completions.create(
                model=self.model,
                messages=list(messages),
                max_tokens=max_new_tokens,
                temperature=0.0,
                stream=True,
                stream_options={"include_usage": True},
            )
        except Exception as error:
            raise self._failed(error) from error
        generated = 0
        finished = False
        try:
            for chunk in chunks:
                if chunk.usage is not None:
                    self.last_usage = (chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                if choice.delta and choice.delta.content:
                    generated += 1
                    yield choice.delta.content
                if choice.finish_reason:
                    finished = True
        except Exception as error:
            raise self._failed(error) from error
        finally:
            chunks.close()  # the server stops generating when the consumer stops early
        if not finished:
            raise ModelError(
                f"the model server at {self.url} ended its reply without finishing it "
                f"(after {generated} pieces); nothing of it was used"
            )
