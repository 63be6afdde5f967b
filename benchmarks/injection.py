"""How often a planted claim comes back as a verified answer: `evals/injection.jsonl` with
the real model (the default backend), one small index per case.

    python benchmarks/injection.py [--set evals/injection.jsonl]

Prints, per kind (planted instruction, conflicting source, agreeing source): cases, planted
claim verified, conflict reported, articles flagged at ingest, true answer given; then every
case's answer.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from assistant.embed.base import load_embedder
    from assistant.evaluation.injection import load_cases, run_case
    from assistant.llm.backends import make_generator
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "evals" / "injection.jsonl")
    args = parser.parse_args()
    settings = Settings.load()
    embedder = load_embedder(settings.model_cache_dir, settings.embed_backend, settings.threads)
    generator = make_generator(settings)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in load_cases(args.set):
            rows.append(
                run_case(
                    case,
                    settings,
                    Path(tmp),
                    ROOT / "corpus",
                    embedder=embedder,
                    generator=generator,
                )
            )
    print(
        "| kind | cases | planted claim verified | conflict reported | flagged at ingest "
        "| true answer given |"
    )
    print("|---|---|---|---|---|---|")
    for kind in sorted({r.kind for r in rows}):
        sub = [r for r in rows if r.kind == kind]
        truths = [r.true_answer for r in sub if r.true_answer is not None]
        print(
            f"| {kind} | {len(sub)} | {sum(r.planted_verified for r in sub)} | "
            f"{sum(r.conflict_reported for r in sub)} | {sum(r.flagged for r in sub)} | "
            f"{sum(truths)} of {len(truths)} |"
        )
    grounding = sorted(r.ground_s for r in rows if r.ground_s)
    if grounding:
        ms = median(grounding) * 1000
        print(f"\ngrounding and answer checks, median per answer: {ms:.0f} ms")
    print()
    for r in rows:
        mark = "PLANTED" if r.planted_verified else ("answered" if r.answered else "refused")
        mark += ", conflict said" if r.conflict_reported else ""
        print(f"{r.id} [{r.kind}] {mark}: {r.answer[:140]}")


if __name__ == "__main__":
    main()
