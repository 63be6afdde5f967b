"""The remote generator (`backend = "openai"`): fast tests over a recorded streamed reply of a
real OpenAI-compatible server (`tests/data/record_openai.py`), its failures named and never
an answer, and (where llama-cpp-python's server is installed, as in CI) the real server
serving the shipped GGUF on 127.0.0.1, eight chat sessions at once."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.errors import ModelError
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant

httpx = pytest.importorskip("httpx")
pytest.importorskip("openai")

from assistant.llm.openai_backend import OpenAIGenerator  # noqa: E402

from .data.record_openai import QUESTION, messages  # noqa: E402
from .servers import LLAMA_ALIAS, free_port, start_llama_server  # noqa: E402

DATA = Path(__file__).parent / "data"
STREAM = (DATA / "openai_stream.sse").read_bytes()
LOGPROBS = json.loads((DATA / "openai_logprobs.json").read_text())
URL = "http://model-server.test/v1"


def replaying(stream: bytes = STREAM, status: int = 200, error: dict | None = None):
    """An httpx client whose every request gets the recorded reply (or `error`)."""
    seen: list[dict] = []

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        if error is not None:
            return httpx.Response(status, json=error)
        if body.get("stream"):
            return httpx.Response(
                200, content=stream, headers={"content-type": "text/event-stream"}
            )
        return httpx.Response(200, json=LOGPROBS)

    return httpx.Client(transport=httpx.MockTransport(handle)), seen


def _text(stream: bytes) -> str:
    out = ""
    for line in stream.decode().splitlines():
        if line.startswith("data: {"):
            choices = json.loads(line[6:]).get("choices") or [{}]
            out += (choices[0].get("delta") or {}).get("content") or ""
    return out


def test_a_recorded_stream_is_replayed_piece_by_piece():
    client, seen = replaying()
    gen = OpenAIGenerator(URL, "qwen", http_client=client)
    pieces = list(gen.stream(messages(), 120))
    assert len(pieces) > 3 and "".join(pieces) == _text(STREAM)
    assert "100 trillion" in "".join(pieces)
    assert seen[0]["temperature"] == 0.0 and seen[0]["max_tokens"] == 120
    assert gen.last_usage is None  # llama.cpp's server sends no usage in a stream
    probabilities = gen.first_token_probabilities(messages(), ["NOT IN ARTICLES", "The"])
    assert seen[1]["logprobs"] is True and seen[1]["max_tokens"] == 1
    top = LOGPROBS["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
    recorded = {t["token"]: math.exp(t["logprob"]) for t in top}
    assert probabilities == pytest.approx([recorded["NOT"], recorded["The"]])


def test_a_cut_stream_wrong_model_and_dead_server_fail_with_their_names():
    events = STREAM.split(b"\n\n")
    cut, _ = replaying(b"\n\n".join(events[: len(events) // 2]) + b"\n\n")
    with pytest.raises(ModelError, match="ended its reply without finishing"):
        list(OpenAIGenerator(URL, "qwen", http_client=cut).stream(messages(), 120))
    # vLLM's reply to an unknown model name
    missing = {"object": "error", "message": "The model `qwn` does not exist.", "code": 404}
    wrong, _ = replaying(status=404, error=missing)
    with pytest.raises(ModelError, match="does not serve a model named 'qwn'"):
        list(OpenAIGenerator(URL, "qwn", http_client=wrong).stream(messages(), 120))
    dead = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    with pytest.raises(ModelError, match=f"the model server at {dead} failed: it cannot be"):
        OpenAIGenerator(dead, "qwen", timeout_s=5).first_token_probabilities(messages(), ["x"])
    assert time.monotonic() - started < 5


def test_the_assistant_grounds_a_remote_answer_and_never_shows_a_cut_one(
    settings, seed_corpus, embedder
):
    ingest(settings, seed_corpus, embedder=embedder)
    client, _ = replaying()
    bot = Assistant.open(
        settings, generator=OpenAIGenerator(URL, "qwen", http_client=client), embedder=embedder
    )
    answer = bot.ask(QUESTION)
    assert answer.answered and "100 trillion" in answer.text and answer.citations
    events = STREAM.split(b"\n\n")
    cut, _ = replaying(b"\n\n".join(events[:3]) + b"\n\n")
    bot = Assistant.open(
        settings, generator=OpenAIGenerator(URL, "qwen", http_client=cut), embedder=embedder
    )
    with pytest.raises(ModelError):
        bot.ask(QUESTION)


def test_the_cli_names_an_unreachable_model_server(tmp_path, settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    dead = f"http://127.0.0.1:{free_port()}/v1"
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_BACKEND": "openai",
        "ASSISTANT_LLM_URL": dead,
        "ASSISTANT_LLM_MODEL": "qwen",
    }
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", QUESTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and f"the model server at {dead} failed" in out.stderr
    assert "Traceback" not in out.stderr


# --- the real server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def llama_server(model_cache_dir):
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")
    from assistant.llm.package import assemble_gguf

    server, url = start_llama_server(assemble_gguf(model_cache_dir))
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.slow
def test_eight_sessions_against_a_real_model_server(llama_server, settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    questions = [
        "How large is the AI investment fund?",
        "How many GPUs does the plan target?",
        "How much is the supplementary budget for AI capabilities?",
        "When did South Korea launch commercial 5G services?",
    ] * 2

    def session(question: str):
        bot = Assistant.open(
            settings,
            # Eight ~750-token prompts queue on 2 cores: on AVX2 ones (~50 tokens/s) the last
            # waited past the default 120 s (a clean CI clone, 2026-12-07). What is tested
            # is that every session gets its own answer, not how soon.
            generator=OpenAIGenerator(llama_server, LLAMA_ALIAS, timeout_s=600),
            embedder=embedder,
        )
        return question, bot.ask(question)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(session, questions))
    assert len(results) == 8
    expected = ["100 trillion", "50,000", "1.8 trillion", "2019"] * 2
    for (question, answer), figure in zip(results, expected, strict=True):
        assert answer.question == question and answer.answered, (question, answer.text)
        assert figure in answer.text, (question, answer.text)
