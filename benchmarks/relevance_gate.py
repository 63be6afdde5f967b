"""How well the best retrieval score separates questions the index can answer from ones it can't.

Builds an index from the articles of some RealTimeQA weeks, then asks each week's questions
twice: against that index (the articles a search found for them are in it) and against an
index of *other* weeks' articles (mostly unrelated news). Prints percentiles of the best
passage's cosine score for both, and what share of each a given gate would refuse; this is
how `assistant.pipeline.MIN_RELEVANCE` was chosen.

    python benchmarks/relevance_gate.py --data ../shared/benchmarks/realtimeqa/2025 --weeks 4
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from assistant.embed.base import load_embedder
from assistant.evaluation import realtimeqa
from assistant.index.ingest import ingest
from assistant.index.store import Store
from assistant.settings import Settings


def _index(articles: dict, folder: Path) -> Store:
    realtimeqa.write_corpus(articles, folder / "corpus")
    settings = Settings(index_dir=folder / "index")
    report = ingest(settings, folder / "corpus")
    print(
        f"  indexed {len(articles)} articles, {report.chunks_embedded} chunks,"
        f" {len(report.errors)} skipped",
        file=sys.stderr,
    )
    return Store.open(settings)


def _best_scores(store: Store, questions: list) -> list[float]:
    embedder = load_embedder(Settings().model_cache_dir)
    scores = []
    for q in questions:
        hits = store.query(embedder.embed([q.question])[0], 1)
        scores.append(hits[0].score if hits else 0.0)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/benchmarks/realtimeqa/2025"))
    parser.add_argument("--weeks", type=int, default=4, help="weeks for each of the two indexes")
    args = parser.parse_args()
    all_weeks = realtimeqa.weeks(args.data)
    own_weeks, other_weeks = all_weeks[: args.weeks], all_weeks[-args.weeks :]
    questions, own_articles = realtimeqa.load(args.data, own_weeks)
    _, other_articles = realtimeqa.load(args.data, other_weeks)
    other_articles = {u: a for u, a in other_articles.items() if u not in own_articles}
    with tempfile.TemporaryDirectory() as tmp:
        own = _best_scores(_index(own_articles, Path(tmp) / "own"), questions)
        other = _best_scores(_index(other_articles, Path(tmp) / "other"), questions)

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1]

    print(
        f"\n{len(questions)} questions of weeks {own_weeks[0]}..{own_weeks[-1]}; "
        f"unrelated index: weeks {other_weeks[0]}..{other_weeks[-1]}\n"
    )
    print("| best-passage cosine | p10 | p25 | p50 | p75 | p90 |")
    print("|---|---|---|---|---|---|")
    for name, values in (("own articles indexed", own), ("only unrelated articles", other)):
        cells = " | ".join(f"{pct(values, q):.3f}" for q in (10, 25, 50, 75, 90))
        print(f"| {name} | {cells} |")
    print("\n| gate | answerable refused | unrelated refused |")
    print("|---|---|---|")
    for gate in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        a = sum(s < gate for s in own) / len(own)
        b = sum(s < gate for s in other) / len(other)
        print(f"| {gate:.2f} | {a:.0%} | {b:.0%} |")


if __name__ == "__main__":
    main()
