"""The refusal threshold's whole curve from one eval run, without running the model again.

    ASSISTANT_REFUSAL_THRESHOLD=1 assistant eval evals/seed.jsonl --split dev --out DIR
    python benchmarks/refusal_curve.py DIR/results.jsonl

A run at `refusal_threshold = 1` forces every draft past the refusal marker and records each
question's probability of opening with it. At a threshold t, a question whose probability is
at least t would have been refused without a draft; any other keeps the forced draft's
outcome (the checks may still refuse it); a question the model was not asked (the relevance
gate, an overview) keeps its outcome. Prints, per threshold, the answerable questions
answered right and the unanswerable ones refused. Tune on the dev split only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def curve(rows: list[dict]) -> list[tuple[float, int, int]]:
    """(threshold, answerable right, unanswerable refused) for each threshold."""
    if all(r.get("refusal_probability") is None for r in rows):
        raise SystemExit("no row has a refusal probability: an eval run older than 3b9a6f7")
    answerable = [r for r in rows if not r["unanswerable"]]
    unanswerable = [r for r in rows if r["unanswerable"]]

    def refused_first(r: dict, t: float) -> bool:
        return (r.get("refusal_probability") or 0.0) >= t

    return [
        (
            t,
            sum(r["correct"] and not refused_first(r, t) for r in answerable),
            sum(r["correct"] or refused_first(r, t) for r in unanswerable),
        )
        for t in THRESHOLDS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="results.jsonl of a run at threshold 1")
    rows = [json.loads(line) for line in parser.parse_args().results.read_text().splitlines()]
    n_ans = sum(not r["unanswerable"] for r in rows)
    n_una = len(rows) - n_ans
    print(f"| threshold | answerable right (of {n_ans}) | unanswerable refused (of {n_una}) |")
    print("|---|---|---|")
    for t, right, refused in curve(rows):
        refused_share = refused / max(n_una, 1)
        print(f"| {t:g} | {right} ({right / n_ans:.1%}) | {refused} ({refused_share:.1%}) |")


if __name__ == "__main__":
    main()
