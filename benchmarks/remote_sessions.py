"""Concurrent chat sessions against a remote model server (`backend = "openai"`).

Starts llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) on
127.0.0.1 with the shipped GGUF, indexes the shipped corpus, and runs `--sessions` sessions
at once, each its own `Assistant` asking its own question (and a follow-up), as the chat
window's queue does with `answers_at_once` > 1. Prints per session: latency, whether it was
answered, whether the answer holds its expected figure, and any error.

    python benchmarks/remote_sessions.py [--sessions 8]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.embed.base import load_embedder
from assistant.index.ingest import ingest
from assistant.llm.openai_backend import OpenAIGenerator
from assistant.llm.package import assemble_gguf
from assistant.pipeline import Assistant
from assistant.settings import Settings
from tests.servers import LLAMA_ALIAS, start_llama_server

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    ("How large is the AI investment fund?", "100 trillion"),
    ("How many GPUs does the plan target?", "50,000"),
    ("How much is the supplementary budget for AI capabilities?", "1.8 trillion"),
    ("When did South Korea launch commercial 5G services?", "2019"),
    ("How much will cultural exports reach by 2030?", "50 trillion"),
    ("How many industries are national strategic technologies?", "12"),
    ("How much did the ministry allocate to domestic AI R&D in 2024?", "585 million"),
    ("How much did Yoon's administration plan to invest in AI by 2027?", "9.4 trillion"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()
    base = Settings.load()
    embedder = load_embedder(base.model_cache_dir, base.embed_backend, base.threads)
    server, url = start_llama_server(assemble_gguf(base.model_cache_dir))
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(base, index_dir=Path(tmp) / "index")
        ingest(settings, ROOT / "corpus", embedder=embedder)

        def session(n: int) -> tuple[int, float, bool, bool, str]:
            question, figure = QUESTIONS[n % len(QUESTIONS)]
            bot = Assistant.open(
                settings, generator=OpenAIGenerator(url, LLAMA_ALIAS), embedder=embedder
            )
            started = time.perf_counter()
            try:
                answer = bot.ask(question)
            except Exception as error:  # reported, not raised: the table counts errors
                return n, time.perf_counter() - started, False, False, repr(error)
            return n, time.perf_counter() - started, answer.answered, figure in answer.text, ""

        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(args.sessions) as pool:
                rows = list(pool.map(session, range(args.sessions)))
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("| session | question | latency (s) | answered | expected figure | error |")
    print("|---|---|---|---|---|---|")
    for n, seconds, answered, right, error in rows:
        question = QUESTIONS[n % len(QUESTIONS)][0]
        print(f"| {n} | {question} | {seconds:.1f} | {answered} | {right} | {error} |")
    errors = sum(bool(r[4]) for r in rows)
    print(f"\n{args.sessions} sessions at once: {wall:.1f} s wall, {errors} errors")


if __name__ == "__main__":
    main()
