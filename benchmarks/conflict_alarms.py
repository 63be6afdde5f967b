"""How often the conflict check (`assistant/answering/conflict.py`) speaks up on real news.

Uses a pooled RealTimeQA index that `benchmarks/retrieval.py --index DIR` built (all weeks'
articles). For every question of the split whose right choice stands in a passage sentence
of the top-k (as searched as of the quiz date), that sentence is taken as the answer and
cited, as a right answer would be, and the check is run against the other passages. No
language model: this measures false alarms of the check itself, not the answers. Prints the
count and every reported pair (the answering sentence and the other article's sentence).

    python benchmarks/conflict_alarms.py --index /tmp/rt52 --split dev
    python benchmarks/conflict_alarms.py --index /tmp/rt52 --split test
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from assistant.answering.conflict import ASKS_FIGURE, disagreeing
from assistant.answering.grounding import evidence_units
from assistant.evaluation import metrics, realtimeqa
from assistant.pipeline import MIN_RELEVANCE, Assistant
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "realtimeqa" / "2025"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="a pooled RealTimeQA index")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    args = parser.parse_args()
    questions, _ = realtimeqa.load(args.data, realtimeqa.weeks(args.data))
    questions = [q for q in questions if realtimeqa.split_of(q) == args.split]
    settings = dataclasses.replace(Settings.load(), index_dir=args.index)
    bot = Assistant.open(settings)  # search only: the language model is never loaded
    answerable = figure_questions = reported = 0
    for q in questions:
        _, ranked = bot.search(q.question, as_of=q.date)
        passages = [p for p in ranked[: settings.top_k] if p.score >= MIN_RELEVANCE]
        right = [
            u
            for u in evidence_units(passages)
            if metrics.contains_answer(u.text, [q.answer_text]).value == 1.0
        ]
        if not right:
            continue
        answerable += 1
        figure_questions += bool(ASKS_FIGURE.search(q.question))
        found = disagreeing(q.question, right[0].text, right[:1], passages, bot.embedder.embed)
        if found:
            reported += 1
            print(f"- {q.question} (right: {q.answer_text})")
            print(f"  answer: {right[0].text[:160]!r}")
            print(f"  other:  {found[0].text[:160]!r}")
    print()
    print("| split | answerable in top-k | of them asking for a figure | conflict reported |")
    print("|---|---|---|---|")
    print(f"| {args.split} | {answerable} | {figure_questions} | {reported} |")


if __name__ == "__main__":
    main()
