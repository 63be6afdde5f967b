"""Ingest throughput against the raw embedder, retrieval quality and retrieval latency.

For each embedder runtime (`--backends`), in one run: indexes the articles of the first
`--weeks` RealTimeQA weeks from scratch (with the CLI's progress bar), embeds a sample of the
very same chunk texts with the bare embedder (the limit the pipeline can approach), re-runs
the ingest with nothing changed, then retrieves for every question of those weeks and
reports how often the right answer is in the top-k passages and how long a search takes
(question embedding + Chroma query + near-duplicate drop).

    python benchmarks/ingest_speed.py [--weeks 4] [--backends torch,onnx-int8]
    python benchmarks/ingest_speed.py --weeks 52 --backends onnx-int8   # the whole 2025 set
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from assistant.corpus.folder import scan
from assistant.embed.base import load_embedder
from assistant.evaluation import metrics, realtimeqa
from assistant.index.ingest import IngestProgress, article_chunks, embed_text, ingest
from assistant.index.retrieve import Retriever
from assistant.index.store import Store
from assistant.settings import EMBED_BACKENDS, Settings

ROOT = Path(__file__).resolve().parents[1]


def bench(backend: str, corpus: Path, questions: list, work: Path, sample: int) -> dict:
    settings = Settings.load(index_dir=work / f"index-{backend}", embed_backend=backend)
    embedder = load_embedder(settings.model_cache_dir, backend, settings.threads)
    embedder.embed(["warm up", "the embedder"])
    bar: tqdm | None = None

    def progress(p: IngestProgress) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=p.articles_total, unit="article", desc=backend, file=sys.stderr)
        bar.update(p.articles_done - bar.n)
        bar.set_postfix(chunks=p.chunks_done)

    report = ingest(settings, corpus, embedder=embedder, progress=progress)
    if bar is not None:
        bar.close()
    started = time.perf_counter()
    again = ingest(settings, corpus, embedder=embedder)
    reingest_s = time.perf_counter() - started

    texts: list[str] = []
    for article in scan(corpus).articles:
        texts += [embed_text(article, c) for c in article_chunks(article, settings)]
        if len(texts) >= sample:
            break
    texts = texts[:sample]
    started = time.perf_counter()
    embedder.embed(texts)
    raw_rate = len(texts) / (time.perf_counter() - started)

    retriever = Retriever(Store.open(settings), embedder, settings)
    hits, latencies = [], []
    for q in questions:
        started = time.perf_counter()
        passages = retriever.retrieve(q.question)
        latencies.append((time.perf_counter() - started) * 1000)
        found = " ".join(p.text for p in passages[: settings.top_k])
        hits.append(metrics.contains_answer(found, [q.answer_text]).value)
    latencies.sort()
    return {
        "articles": len(report.added),
        "skipped": len(report.errors),
        "chunks": report.chunks_embedded,
        "ingest_s": report.seconds,
        "rate": report.chunks_embedded / report.seconds,
        "raw_rate": raw_rate,
        "reingest_s": reingest_s,
        "reembedded": again.chunks_embedded,
        "hit": statistics.fmean(hits) if hits else None,
        "questions": len(questions),
        "p50_ms": metrics.percentile(latencies, 50),
        "p95_ms": metrics.percentile(latencies, 95),
        "k": settings.top_k,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--backends", default="torch,onnx-int8")
    parser.add_argument("--sample", type=int, default=1000, help="chunks for the raw embedder")
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/benchmarks/realtimeqa/2025"
    )
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if unknown := [b for b in backends if b not in EMBED_BACKENDS]:
        raise SystemExit(f"unknown backend(s) {unknown}; known: {list(EMBED_BACKENDS)}")
    week_ids = realtimeqa.choose_weeks(args.data, args.weeks)
    questions, articles = realtimeqa.load(args.data, week_ids)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        realtimeqa.write_corpus(articles, work / "corpus")
        for backend in backends:
            results[backend] = bench(backend, work / "corpus", questions, work, args.sample)

    rows = [
        ("articles ingested", lambda r: f"{r['articles']} ({r['skipped']} skipped)"),
        ("chunks embedded", lambda r: f"{r['chunks']}"),
        ("ingest wall time", lambda r: f"{r['ingest_s'] / 60:.1f} min ({r['ingest_s']:.0f} s)"),
        ("ingest throughput", lambda r: f"{r['rate']:.1f} chunks/s"),
        ("raw embedder, same chunks", lambda r: f"{r['raw_rate']:.1f} chunks/s"),
        ("pipeline / raw embedder", lambda r: f"{r['rate'] / r['raw_rate']:.2f}"),
        ("re-ingest, nothing changed", lambda r: f"{r['reingest_s']:.1f} s ({r['reembedded']})"),
        ("retrieval hit (answer in top-k)", lambda r: f"{r['hit']:.1%} of {r['questions']}"),
        ("retrieval latency p50", lambda r: f"{r['p50_ms']:.0f} ms"),
        ("retrieval latency p95", lambda r: f"{r['p95_ms']:.0f} ms"),
    ]
    print(
        f"\nRealTimeQA weeks {week_ids[0]}..{week_ids[-1]} ({len(week_ids)}); top_k "
        f"{next(iter(results.values()))['k']}\n"
    )
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':<{width}} | " + " | ".join(backends) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(b) + 2) for b in backends) + "|")
    for name, fn in rows:
        print(f"| {name:<{width}} | " + " | ".join(fn(results[b]) for b in backends) + " |")


if __name__ == "__main__":
    main()
