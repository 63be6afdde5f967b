"""Server mode against embedded mode, in one run: ingest throughput and search latency.

Writes `--weeks` RealTimeQA weeks' articles once, then ingests them into a fresh embedded
index and into a fresh real Chroma server (`chroma run` on 127.0.0.1, from the chromadb
package), the same embedder for both (its time counts in both), and searches every question
of those weeks in each (no language model). Prints articles per second, the ratio, and search
latency p50/p95.

    python benchmarks/server_mode.py --weeks 4 --from 20250704
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

from assistant.embed.base import load_embedder
from assistant.evaluation import realtimeqa
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import Settings
from tests.servers import start_chroma

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "realtimeqa" / "2025"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--from", dest="first", default="20250704")
    args = parser.parse_args()
    week_ids = realtimeqa.choose_weeks(args.data, args.weeks, args.first)
    questions, articles = realtimeqa.load(args.data, week_ids)
    base = Settings.load()
    embedder = load_embedder(base.model_cache_dir, base.embed_backend, base.threads)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        count = realtimeqa.write_corpus(articles, corpus)
        server, url = start_chroma(Path(tmp) / "server")
        try:
            for mode, extra in (("embedded", {}), ("Chroma server", {"chroma_url": url})):
                settings = dataclasses.replace(base, index_dir=Path(tmp) / mode, **extra)
                report = ingest(settings, corpus, embedder=embedder)
                bot = Assistant.open(settings, embedder=embedder)
                bot.search(questions[0].question)  # loads BM25 and warms the connection
                seconds = []
                for q in questions:
                    started = time.perf_counter()
                    bot.search(q.question, as_of=q.date)
                    seconds.append(time.perf_counter() - started)
                rows.append((mode, count, report.seconds, seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"weeks {', '.join(week_ids)}: {count} articles, {len(questions)} questions\n")
    print("| index | ingest (s) | articles/s | search p50 (ms) | search p95 (ms) |")
    print("|---|---|---|---|---|")
    for mode, n, ingest_s, seconds in rows:
        print(
            f"| {mode} | {ingest_s:.1f} | {n / ingest_s:.1f} | "
            f"{statistics.median(seconds) * 1000:.0f} | {percentile(seconds, 0.95) * 1000:.0f} |"
        )
    print(f"\nserver ingest throughput / embedded: {rows[0][2] / rows[1][2]:.2f}")


if __name__ == "__main__":
    main()
