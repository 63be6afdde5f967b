"""Retrieval ablations on a pooled RealTimeQA index: dense / BM25 / hybrid / + dates / + recency.

Pools the articles of `--weeks` weeks (from `--from`) into `--index` (an incremental ingest:
a second run re-embeds nothing), then searches every question of the chosen split once per
configuration, without the language model, and prints one table: hit@k (the right choice's
text in the top-k passages), hit@k among attainable questions (the text occurs in some
indexed article), hit@k among the questions whose right text is in the quiz's own search
results (a stricter ceiling), hit@k counting only passages of those articles (the story
itself, not an old article where the answer's words merely occur), MRR over all ranked
passages, and search latency (question embedding, both searches, fusion, dates; median and
p95). "dates" means each question is asked as of its quiz date, with its own time words as a
window; without it every question is asked as of today over the whole archive, as before.
"recency" adds the recency prior (`recency_half_life_days`, `recency_weight`); the rows
without it turn it off.

    python benchmarks/retrieval.py --weeks 52 --split dev --index /tmp/rt52   # tune here
    python benchmarks/retrieval.py --weeks 52 --split test --index /tmp/rt52  # then report
    python benchmarks/retrieval.py --weeks 4 --from 20250704 --split test --index /tmp/rt4
    python benchmarks/retrieval.py ... --grid   # the tuning grid (dev only)
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from assistant.embed.base import load_embedder
from assistant.evaluation import realtimeqa
from assistant.evaluation.retrieval import Pool, search_all, summarize
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "realtimeqa" / "2025"

NO_PRIOR = dict(recency_weight=0.0)
ABLATIONS = {
    "dense": dict(retrieval="dense", dates=False, **NO_PRIOR),
    "bm25": dict(retrieval="bm25", dates=False, **NO_PRIOR),
    "hybrid": dict(retrieval="hybrid", dates=False, **NO_PRIOR),
    "dense + dates": dict(retrieval="dense", dates=True, **NO_PRIOR),
    "hybrid + dates": dict(retrieval="hybrid", dates=True, **NO_PRIOR),
    "hybrid + dates + recency, defaults": dict(dates=True),
}


def grid() -> dict[str, dict]:
    """The dev tuning grid: time words on or off, recency prior (half-life days, weight).
    (The lexical weights 0.5 / 1 / 2 were within a point of each other at 9dcdf62.)"""
    out: dict[str, dict] = {}
    for words in (True, False):
        for half_life, bonus in ((0, 0), (3, 1.0), (7, 1.0), (7, 2.0)):
            out[f"time words {words}, recency half-life {half_life}, weight {bonus}"] = dict(
                retrieval="hybrid",
                dates=True,
                date_words=words,
                recency_half_life_days=half_life,
                recency_weight=bonus,
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--from", dest="first", default=None)
    parser.add_argument("--split", choices=("dev", "test"), default=None)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--grid", action="store_true", help="the tuning grid instead")
    args = parser.parse_args()

    base = Settings.load(index_dir=args.index)
    week_ids = realtimeqa.choose_weeks(args.data, args.weeks, args.first)
    questions, articles = realtimeqa.load(args.data, week_ids)
    questions = [q for q in questions if args.split is None or realtimeqa.split_of(q) == args.split]
    source = args.index / "source-articles"
    realtimeqa.write_corpus(articles, source)
    embedder = load_embedder(base.model_cache_dir, base.embed_backend, base.threads)
    started = time.perf_counter()
    report = ingest(base, source, embedder=embedder, replace=True)
    print(
        f"{len(articles)} articles, {len(week_ids)} weeks ({week_ids[0]}..{week_ids[-1]}), "
        f"{len(questions)} {args.split or 'all'} questions; ingest {report.summary()} "
        f"({time.perf_counter() - started:.0f} s)"
    )
    corpus = Pool(articles)
    configs = grid() if args.grid else ABLATIONS
    print(
        f"\n| configuration | hit@{base.top_k} | hit@{base.top_k} of attainable | "
        f"hit@{base.top_k} of own articles | hit@{base.top_k} from own articles | MRR | "
        "p50 ms | p95 ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, config in configs.items():
        options = dict(config)
        dates = options.pop("dates")
        options.setdefault("date_words", dates)
        settings = dataclasses.replace(base, **options)
        bot = Assistant(settings, embedder=embedder)
        bot.retriever.lexical.ensure_current()  # loading is not a search
        bot.store.vectors.ensure_current()
        asked = questions if dates else [dataclasses.replace(q, date=None) for q in questions]
        rows = search_all(bot, asked, corpus)
        s = {m.key: m.value for m in summarize(rows, settings.top_k)}
        print(
            f"| {name} | {s['retrieval_hit']:.1%} | {s['retrieval_hit_of_attainable']:.1%} | "
            f"{s['retrieval_hit_of_own']:.1%} | {s['retrieval_own_hit']:.1%} | "
            f"{s['retrieval_mrr']:.3f} | "
            f"{s['retrieval_p50_ms']:.0f} | {s['retrieval_p95_ms']:.0f} |",
            flush=True,
        )
    print(
        f"\nattainable: {s['attainable']:.1%} of questions; in the quiz's own articles: "
        f"{s['in_own_articles']:.1%}"
    )


if __name__ == "__main__":
    main()
