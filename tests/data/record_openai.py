"""Record the replies of a real OpenAI-compatible server for `tests/test_openai_backend.py`.

    python tests/data/record_openai.py http://127.0.0.1:PORT/v1 MODEL

Sends the seed article's fund question as the assistant would (its real prompt over the
passage that answers it) and writes, next to this file: `openai_stream.sse` (the streamed
chat completion, byte for byte) and `openai_logprobs.json` (the one-token reply with its
top log-probabilities). The recordings in the repository came from `python -m
llama_cpp.server` serving the shipped Q4_K_M GGUF.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import httpx

from assistant.answering import prompts
from assistant.types import Passage

HERE = Path(__file__).resolve().parent
QUESTION = "How large is the AI investment fund?"
PASSAGE = (
    "This commitment is backed by substantial financial pledges, including a staggering KRW "
    "100 trillion (approximately USD 73.8 billion) public-private investment fund and an "
    "additional KRW 1.8 trillion (approximately USD 1.3 billion) supplementary budget "
    "specifically for AI capabilities."
)


def messages() -> list[dict[str, str]]:
    passage = Passage(
        "seed-0",
        "seed",
        "AI G3",
        "mnation.uk",
        "",
        dt.date(2025, 9, 19),
        0,
        len(PASSAGE),
        0,
        PASSAGE,
        0.7,
    )
    return list(prompts.answer_messages(QUESTION, [passage]))


def main() -> None:
    url, model = sys.argv[1].rstrip("/"), sys.argv[2]
    body = {"model": model, "messages": messages(), "temperature": 0.0}
    with httpx.Client(timeout=120) as client:
        streamed = {
            **body,
            "max_tokens": 120,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        with client.stream("POST", f"{url}/chat/completions", json=streamed) as reply:
            reply.raise_for_status()
            (HERE / "openai_stream.sse").write_bytes(b"".join(reply.iter_raw()))
        one = {**body, "max_tokens": 1, "logprobs": True, "top_logprobs": 20}
        reply = client.post(f"{url}/chat/completions", json=one)
        reply.raise_for_status()
        (HERE / "openai_logprobs.json").write_text(json.dumps(reply.json(), indent=1) + "\n")


if __name__ == "__main__":
    main()
