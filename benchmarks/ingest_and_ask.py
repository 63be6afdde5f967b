"""Ingest throughput against the raw embedder, and `ask` latency on the seed questions.

Ingest: indexes the shipped corpus plus, when the data is present, the articles of a few
RealTimeQA weeks, from scratch; then embeds the very same chunk texts with the bare embedder
in the same run. The ratio says how much the pipeline (parsing, chunking, Chroma, SQLite)
costs on top of the embedding itself.

Ask: answers the answerable and unanswerable seed questions (evals/seed.jsonl) with the real
model, after one warm-up question, and reports p50 total time, p50 time to first token and
decode speed.

    python benchmarks/ingest_and_ask.py [--weeks 2] [--questions 12] [--skip-ask]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant import realtimeqa
from assistant.app import Assistant
from assistant.corpus import scan
from assistant.embed import load_embedder, token_counter
from assistant.generate import TransformersGenerator
from assistant.ingest import _embed_mode, article_nodes, ingest
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def bench_ingest(weeks: int, data: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for f in (ROOT / "corpus").iterdir():
            (corpus / f.name).write_bytes(f.read_bytes())
        if weeks and data.is_dir():
            _, articles = realtimeqa.load(data, realtimeqa.weeks(data)[:weeks])
            realtimeqa.write_corpus(articles, corpus / "realtimeqa")
        settings = Settings(index_dir=Path(tmp) / "index")
        embedder = load_embedder()
        embedder.get_text_embedding_batch(["warm up"])
        report = ingest(settings, corpus, embedder=embedder)
        pipeline_rate = report.chunks_embedded / report.seconds

        count = token_counter()
        texts = [
            node.get_content(metadata_mode=_embed_mode())
            for article in scan(corpus).articles
            for node in article_nodes(article, count, settings)
        ]
        started = time.perf_counter()
        embedder.get_text_embedding_batch(texts)
        raw_rate = len(texts) / (time.perf_counter() - started)
        articles = len(report.added)
        rows += [
            ("articles ingested", f"{articles} ({len(report.errors)} skipped)"),
            ("chunks", f"{report.chunks_embedded}"),
            ("ingest wall time", f"{report.seconds:.1f} s"),
            ("ingest throughput", f"{pipeline_rate:.1f} chunks/s"),
            ("raw embedder, same chunks", f"{raw_rate:.1f} chunks/s"),
            ("pipeline / raw embedder", f"{pipeline_rate / raw_rate:.2f}"),
        ]
        started = time.perf_counter()
        again = ingest(settings, corpus, embedder=embedder)
        rows.append(
            (
                "re-ingest, nothing changed",
                f"{time.perf_counter() - started:.1f} s ({again.chunks_embedded} chunks embedded)",
            )
        )
    return rows


def bench_ask(limit: int) -> list[tuple[str, str]]:
    questions = [
        json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").read_text().splitlines()
    ]
    questions = [q for q in questions if not q["history"]][:limit]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(index_dir=Path(tmp) / "index")
        ingest(settings, ROOT / "corpus")
        generator = TransformersGenerator(settings.model_cache_dir, settings.threads)
        started = time.perf_counter()
        generator.load()
        load_s = time.perf_counter() - started
        bot = Assistant.open(settings, generator=generator)
        bot.ask("What is the AI G3 initiative?")  # warm-up
        _, tokenizer = generator.load()
        totals, firsts, rates, correct = [], [], [], 0
        for q in questions:
            answer = bot.ask(q["question"])
            t = answer.timings
            totals.append(t["total_s"])
            if "first_token_s" in t:
                firsts.append(t["first_token_s"])
                n_tokens = len(tokenizer(answer.draft)["input_ids"])
                decode_s = t["generate_s"] - (
                    t["first_token_s"] - t["retrieve_s"] - t["condense_s"]
                )
                if n_tokens > 1 and decode_s > 0:
                    rates.append((n_tokens - 1) / decode_s)
            if q["unanswerable"]:
                correct += not answer.answered
            else:
                correct += answer.answered and any(a in answer.text for a in q["answers"])
    return [
        ("model load (converted cache)", f"{load_s:.1f} s"),
        ("questions", f"{len(questions)} ({correct} answered correctly or rightly refused)"),
        ("ask p50 total", f"{statistics.median(totals):.1f} s"),
        ("ask max total", f"{max(totals):.1f} s"),
        ("time to first token p50", f"{statistics.median(firsts):.1f} s" if firsts else "n/a"),
        ("decode speed p50", f"{statistics.median(rates):.1f} tokens/s" if rates else "n/a"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=2, help="RealTimeQA weeks added to ingest")
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/benchmarks/realtimeqa/2025"
    )
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--skip-ask", action="store_true")
    args = parser.parse_args()
    rows = bench_ingest(args.weeks, args.data)
    if not args.skip_ask:
        rows += bench_ask(args.questions)
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':<{width}} | value |\n|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


if __name__ == "__main__":
    main()
