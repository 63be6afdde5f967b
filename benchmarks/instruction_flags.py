"""How many real news articles the instruction detector (`corpus/instructions.py`) flags.

Runs the detector over every article of the RealTimeQA data (no model, no index) and prints
each flagged sentence with its article, then the count. Every RealTimeQA article is news, so
each flag is a false positive (one of them may quote a real instruction; read them).

    python benchmarks/instruction_flags.py [--data DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.corpus.instructions import instruction_spans
from assistant.evaluation import realtimeqa

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "realtimeqa" / "2025"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    _, articles = realtimeqa.load(args.data, realtimeqa.weeks(args.data))
    flagged = sentences = 0
    for article in articles.values():
        spans = instruction_spans(article.text)
        flagged += bool(spans)
        for start, end in spans:
            sentences += 1
            print(f"- {article.id}: {article.text[start:end][:160]!r}")
    print(f"\n{flagged} of {len(articles)} articles flagged ({sentences} sentences)")


if __name__ == "__main__":
    main()
