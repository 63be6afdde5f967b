"""The extractive lever of issue #15, measured: the model picks the numbered sentence that answers.

    python benchmarks/extractive_choice.py [--split dev|test] [--sentences 8]

For each seed question (its follow-ups condensed as the assistant does), the passages are
retrieved as for an answer, their `--sentences` sentences closest to the question numbered
1..N (by embedding cosine; in article order), and the model asked for the
number of the one that answers, or 0 for none: one prefill, the reply read from the first
token's probabilities over "0".."N" (N <= 9, one digit token each), as the multiple-choice
path does. Prints how often the chosen sentence holds a gold answer (and how often any of
the N does), how P(none) and the chosen sentence's probability spread over answerable and
unanswerable questions, and what a threshold on the chosen probability would answer and
refuse. No answer checks are applied here: it measures the choice itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.answering.grounding import Embed, cosine
from assistant.answering.history import read_history
from assistant.evaluation.metrics import contains_answer
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant
from assistant.pipeline.stream import MIN_RELEVANCE, question_scope
from assistant.sentences import sentence_spans
from assistant.settings import Settings
from assistant.types import Passage

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = (
    "Which numbered sentence answers the question? Reply with its number only, or 0 if none "
    "of them answers it."
)
USER = "Question: {question}\n\nSentences:\n{sentences}\n\nQuestion: {question}\nNumber:"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sentences", type=int, default=8)
    args = parser.parse_args()
    n = min(args.sentences, 9)
    rows = [json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").open()]
    rows = [r for r in rows if r["split"] == args.split]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(index_dir=Path(tmp) / "index")
        ingest(settings, ROOT / "corpus")
        bot = Assistant.open(settings)
        results = [choose(bot, row, n) for row in rows]
    report(results, args.split, n)


def closest_sentences(
    question: str, passages: list[Passage], embed: Embed
) -> list[tuple[int, int, float]]:
    """(passage index, sentence index, cosine to the question) of every passage sentence,
    closest first."""
    spans = [sentence_spans(p.text) for p in passages]
    units = [(i, j) for i, s in enumerate(spans) for j in range(len(s))]
    if not units:
        return []
    vectors = embed([question] + [passages[i].text[slice(*spans[i][j])] for i, j in units])
    scored = [(i, j, cosine(vectors[0], v)) for (i, j), v in zip(units, vectors[1:], strict=True)]
    return sorted(scored, key=lambda u: -u[2])


def choose(bot: Assistant, row: dict, n: int) -> dict:
    started = time.perf_counter()
    question = bot.condense(row["question"], read_history(row["history"]))
    scope = question_scope(bot.scope(), question, bot.settings)
    passages = [p for p in bot.retriever.retrieve(question, scope) if p.score >= MIN_RELEVANCE]
    top = sorted(closest_sentences(question, passages, bot.embedder.embed)[:n])
    texts = [passages[i].text[slice(*sentence_spans(passages[i].text)[j])] for i, j, _ in top]
    out = {"id": row["id"], "unanswerable": row["unanswerable"], "none": 1.0, "chosen": 0.0}
    if texts:
        numbered = "\n".join(f"{k}. {t}" for k, t in enumerate(texts, 1))
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": USER.format(question=question, sentences=numbered)},
        ]
        options = [str(k) for k in range(len(texts) + 1)]
        probabilities = bot.generator.first_token_probabilities(messages, options)
        total = sum(probabilities) or 1.0
        best = max(range(1, len(options)), key=lambda k: probabilities[k])
        gold = row["answers"]
        out |= {
            "none": probabilities[0] / total,
            "chosen": probabilities[best] / total,
            "right": contains_answer(texts[best - 1], gold).value == 1.0,
            "any": any(contains_answer(t, gold).value == 1.0 for t in texts),
        }
    out["seconds"] = time.perf_counter() - started
    return out


def report(results: list[dict], split: str, n: int) -> None:
    answerable = [r for r in results if not r["unanswerable"]]
    unanswerable = [r for r in results if r["unanswerable"]]
    right = sum(r.get("right", False) for r in answerable)
    print(f"seed {split}: {len(answerable)} answerable, {len(unanswerable)} unanswerable")
    print(f"chosen sentence holds a gold answer: {right}/{len(answerable)}")
    anywhere = sum(r.get("any", False) for r in answerable)
    print(f"any of the {n} closest sentences holds one: {anywhere}")

    def spread(values: list[float]) -> str:
        q = statistics.quantiles(values, n=10) if len(values) > 1 else values * 9
        return f"p10 {q[0]:.2f} / p50 {statistics.median(values):.2f} / p90 {q[-1]:.2f}"

    for name, group in (("answerable", answerable), ("unanswerable", unanswerable)):
        print(f"P(none), {name}: {spread([r['none'] for r in group])}")
        print(f"P(chosen), {name}: {spread([r['chosen'] for r in group])}")
    print("\n| answer when P(chosen) >= | answerable answered right | unanswerable answered |")
    print("|---|---|---|")
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        good = sum(r.get("right", False) and r["chosen"] >= threshold for r in answerable)
        bad = sum(r["chosen"] >= threshold for r in unanswerable)
        print(f"| {threshold} | {good}/{len(answerable)} | {bad}/{len(unanswerable)} |")
    print(f"\nper question p50 {statistics.median(r['seconds'] for r in results):.2f} s")


if __name__ == "__main__":
    main()
