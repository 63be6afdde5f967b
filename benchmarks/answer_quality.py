"""Answer quality before and after a change, side by side: seed dev and test splits, RealTimeQA.

    python benchmarks/answer_quality.py --before REV [--after REV] [--rtqa-from 20250704]
        [--rtqa-questions 100] [--seed-limit N] [--data DIR] [--splits dev,test|none]
        [--no-rtqa] [--no-mc] [--no-open] [--rtqa-pool DIR]

"before" is the code of commit REV, "after" that of --after REV or else this working tree,
each with its defaults (a commit is checked out into a temporary git worktree and run with
the same virtual environment); both answer the working tree's seed set on its corpus, from
the same indexes. Each runs in its own process, one after the other, so the figures are
comparable on a noisy machine. Per seed split: answerable questions answered right (the
answer contains a gold answer) and cited, unanswerable ones refused, citation precision,
wrong answers among those given, answer and first-token latency p50. On a fixed RealTimeQA
sample (the first `--rtqa-questions` questions of the weeks from `--rtqa-from` on, pooled
into one index; the second half of 2025 by default, which no threshold was tuned on): how
often the right choice's text is in the top-k passages, how often the open answer contains it
among those questions, wrong answers among those given, open accuracy, how often the open
answer names the right choice however worded (and wrong answers among those given by that
measure; both sides scored by this version's `metrics.names_choice`), multiple choice
(`--no-mc` skips it; `--no-open` asks only that, `--splits none` no seed questions). Code
that asks as of a date gets each quiz's date. `--rtqa-pool DIR` pools all weeks of the data
into DIR (kept, so a second run only checks it) instead of the
sample's weeks. After the table, the questions whose outcome differs, each with what changed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from worktrees import checked_out, pythonpath

ROOT = Path(__file__).resolve().parents[1]


def _split_files(work: Path) -> dict[str, Path]:
    """The seed set's dev and test rows as two sets (the loader of any version reads them)."""
    rows = [json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").read_text().splitlines()]
    files = {}
    for split in ("dev", "test"):
        path = work / f"seed-{split}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows if r["split"] == split))
        files[split] = path
    return files


def build_indexes(
    work: Path, data: Path, start: str, count: int, pool: Path | None = None
) -> tuple[Path, Path, list]:
    from assistant.evaluation import realtimeqa
    from assistant.index.ingest import ingest
    from assistant.settings import Settings

    seed_index = work / "seed-index"
    ingest(Settings(index_dir=seed_index), ROOT / "corpus")
    weeks = [w for w in realtimeqa.weeks(data) if w >= start]
    chosen: list[str] = []
    questions = 0
    for week in weeks:  # whole weeks until the sample is full
        chosen.append(week)
        questions += len(realtimeqa.load(data, [week])[0])
        if questions >= count:
            break
    # The sample's own weeks, or (`--rtqa-pool DIR`) the whole year in a kept index.
    _, articles = realtimeqa.load(data, realtimeqa.weeks(data) if pool else chosen)
    rtqa_index = pool or work / "rtqa-index"
    realtimeqa.write_corpus(articles, rtqa_index / "source-articles")
    ingest(Settings(index_dir=rtqa_index), rtqa_index / "source-articles", replace=True)
    return seed_index, rtqa_index, chosen


def _splits(given: str) -> list[str]:
    return [s for s in given.split(",") if s not in ("", "none")]


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _p50(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def worker(args: argparse.Namespace) -> None:
    """One configuration (whatever `assistant` is importable), writing a JSON result."""
    import assistant
    from assistant.evaluation import metrics, realtimeqa
    from assistant.evaluation.run import run
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    print(f"  code: {Path(assistant.__file__).parent}", file=sys.stderr, flush=True)
    result: dict[str, Any] = {"seed": {}, "seed_outcomes": {}}
    bot = Assistant.open(Settings.load(index_dir=args.seed_index))
    for split in _splits(args.splits):
        report = run(args.work / f"seed-{split}.jsonl", bot, limit=args.seed_limit)
        answerable = [r for r in report.rows if not r.unanswerable]
        unanswerable = [r for r in report.rows if r.unanswerable]
        answered = [r for r in report.rows if r.answered]
        result["seed"][split] = {
            "questions": len(report.rows),
            "right_and_cited": _share([r.correct and bool(r.citations) for r in answerable]),
            "refused_unanswerable": _share([not r.answered for r in unanswerable]),
            "citation_precision": report.summary["citation precision"],
            "wrong_among_answered": _share([not r.correct for r in answered]),
            "total_p50": _p50([r.timings["total_s"] for r in report.rows]),
            "first_token_p50": _p50(
                [r.timings["first_token_s"] for r in report.rows if "first_token_s" in r.timings]
            ),
        }
        result["seed_outcomes"].update({r.id: [split, r.answered, r.correct] for r in report.rows})
    if not args.rtqa_index:
        args.result.write_text(json.dumps(result))
        return
    settings = Settings.load(index_dir=args.rtqa_index)
    rtqa_bot = Assistant.open(settings, embedder=bot.embedder)
    questions, _ = realtimeqa.load(args.data, args.week_ids.split(","))
    rows = []
    for q in questions[: args.rtqa_questions]:
        # Code that asks as of a date gets the quiz's date; older code cannot take one.
        as_of = {"as_of": q.date} if hasattr(q, "date") else {}
        row: dict[str, Any] = {"id": q.id, "answered": None, "right": None, "mc": None}
        if args.open:
            answer = rtqa_bot.ask(q.question, **as_of)
            shown = answer.text if answer.answered else ""
            retrieved = " ".join(p.text for p in answer.passages[: settings.top_k])
            row["answered"] = answer.answered
            row["shown"] = shown  # scored again by this script's own metrics (main)
            row["right"] = metrics.contains_answer(shown, [q.answer_text]).value == 1.0
            row["hit"] = metrics.contains_answer(retrieved, [q.answer_text]).value == 1.0
            row["total_s"] = answer.timings.get("total_s", 0.0)
        if args.mc:
            started = time.perf_counter()
            row["mc"] = rtqa_bot.choose(q.question, q.choices, **as_of).index == q.answer
            row["mc_s"] = time.perf_counter() - started
        rows.append(row)
    result["rtqa"] = {
        "questions": len(rows),
        "mc": _share([r["mc"] for r in rows if args.mc]),
        "mc_p50": _p50([r["mc_s"] for r in rows if args.mc]),
    }
    if args.open:
        hits = [r for r in rows if r["hit"]]
        given = [r for r in rows if r["answered"]]
        result["rtqa"] |= {
            "hit": _share([r["hit"] for r in rows]),
            "right_among_hits": _share([r["right"] for r in hits]),
            "refused_among_hits": _share([not r["answered"] for r in hits]),
            "wrong_among_answered": _share([not r["right"] for r in given]),
            "open_accuracy": _share([r["right"] for r in rows]),
            "answered": _share([r["answered"] for r in rows]),
            "total_p50": _p50([r["total_s"] for r in rows]),
        }
    result["rtqa_outcomes"] = {r["id"]: [r["answered"], r["right"], r["mc"]] for r in rows}
    result["rtqa_shown"] = {r["id"]: r["shown"] for r in rows if args.open}
    args.result.write_text(json.dumps(result))


ROWS = [
    ("{split}: answerable answered right and cited", ("seed", "{split}", "right_and_cited")),
    ("{split}: unanswerable refused", ("seed", "{split}", "refused_unanswerable")),
    ("{split}: citation precision", ("seed", "{split}", "citation_precision")),
    ("{split}: wrong among answered", ("seed", "{split}", "wrong_among_answered")),
    ("{split}: answer p50 (s)", ("seed", "{split}", "total_p50")),
    ("{split}: first token p50 (s)", ("seed", "{split}", "first_token_p50")),
]
RTQA_ROWS = [
    ("RTQA: right text in top-k passages", "hit"),
    ("RTQA: answered right, among those", "right_among_hits"),
    ("RTQA: refused, among those", "refused_among_hits"),
    ("RTQA: wrong among answered", "wrong_among_answered"),
    ("RTQA: open accuracy", "open_accuracy"),
    ("RTQA: open answer names the right choice", "names_accuracy"),
    ("RTQA: wrong among answered, by naming", "names_wrong_among_answered"),
    ("RTQA: answered", "answered"),
    ("RTQA: multiple choice", "mc"),
    ("RTQA: multiple choice p50 (s)", "mc_p50"),
    ("RTQA: answer p50 (s)", "total_p50"),
]


def _score_naming(results: dict[str, Any], data: Path, week_ids: list[str]) -> None:
    """Both sides' open answers scored by this version's `names_choice` (older code lacks
    it): the right choice named, and no other, however it is worded."""
    from assistant.evaluation import metrics, realtimeqa

    questions = {q.id: q for q in realtimeqa.load(data, week_ids)[0]}
    for result in results.values():
        named = {
            qid: metrics.names_choice(shown, q.question, q.choices, q.answer).value == 1.0
            for qid, shown in result["rtqa_shown"].items()
            for q in [questions[qid]]
        }
        given = [qid for qid, outcome in result["rtqa_outcomes"].items() if outcome[0]]
        result["rtqa"]["names_accuracy"] = _share(list(named.values()))
        result["rtqa"]["names_wrong_among_answered"] = _share([not named[q] for q in given])


def _cell(value: Any, seconds: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}" if seconds else f"{value:.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="commit whose code is 'before'")
    parser.add_argument("--after", help="commit whose code is 'after' (default: working tree)")
    parser.add_argument("--rtqa-from", default="20250704", help="first RealTimeQA week (id)")
    parser.add_argument("--rtqa-questions", type=int, default=100)
    parser.add_argument("--seed-limit", type=int, default=None)
    parser.add_argument("--no-mc", dest="mc", action="store_false", help="skip multiple choice")
    parser.add_argument(
        "--no-open", dest="open", action="store_false", help="RealTimeQA: multiple choice only"
    )
    parser.add_argument(
        "--splits", default="dev,test", help='seed splits to answer ("none": no seed questions)'
    )
    parser.add_argument("--no-rtqa", dest="rtqa", action="store_false", help="skip RealTimeQA")
    parser.add_argument(
        "--rtqa-pool", type=Path, help="pool every week of the data into this (kept) index"
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/benchmarks/realtimeqa/2025"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for hidden in ("--work", "--seed-index", "--rtqa-index", "--result"):
        parser.add_argument(hidden, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--week-ids", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not _splits(args.splits) and not args.rtqa:
        parser.error("nothing to measure: --splits none with --no-rtqa")
    if args.worker:
        worker(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        revs = {"before": args.before, "after": args.after}
        with checked_out(revs, work) as code:
            print("building indexes…", file=sys.stderr, flush=True)
            _split_files(work)
            if args.rtqa:
                seed_index, rtqa_index, week_ids = build_indexes(
                    work, args.data, args.rtqa_from, args.rtqa_questions, args.rtqa_pool
                )
            else:
                from assistant.index.ingest import ingest
                from assistant.settings import Settings

                seed_index, rtqa_index, week_ids = work / "seed-index", None, []
                ingest(Settings(index_dir=seed_index), ROOT / "corpus")
            results = {}
            for name in ("before", "after"):
                out = work / f"{name}.json"
                cmd = [sys.executable, __file__, "--worker", "--work", str(work)]
                cmd += ["--seed-index", str(seed_index), "--splits", args.splits]
                if rtqa_index:
                    cmd += ["--rtqa-index", str(rtqa_index)]
                cmd += ["--data", str(args.data), "--week-ids", ",".join(week_ids)]
                cmd += ["--rtqa-questions", str(args.rtqa_questions), "--result", str(out)]
                cmd += ["--before", args.before]
                if args.seed_limit:
                    cmd += ["--seed-limit", str(args.seed_limit)]
                if not args.mc:
                    cmd += ["--no-mc"]
                if not args.open:
                    cmd += ["--no-open"]
                env = pythonpath(code[name])
                started = time.perf_counter()
                subprocess.run(cmd, env=env, check=True)
                results[name] = json.loads(out.read_text())
                print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.rtqa and args.open:
        _score_naming(results, args.data, week_ids)
    names = list(results)
    print(
        f"\nbefore: {args.before}; after: {args.after or 'working tree'}; "
        "seed: evals/seed.jsonl; RealTimeQA "
        f"weeks {', '.join(week_ids)} (first {args.rtqa_questions} questions); "
        f"{os.cpu_count()} CPUs\n"
    )
    lines = []
    splits = _splits(args.splits)
    for split in splits:
        for label, (top, _, key) in ROWS:
            cells = [results[n][top][split][key] for n in names]
            lines.append((label.format(split=split), cells, "(s)" in label))
    if splits:
        lines.append((f"seed questions ({' / '.join(splits)})", None, False))
    for label, key in RTQA_ROWS if args.rtqa else []:
        cells = [results[n]["rtqa"].get(key) for n in names]
        lines.append((label, cells, "(s)" in label))
    width = max(len(label) for label, _, _ in lines)
    print(f"| {'measure':<{width}} | " + " | ".join(names) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(n) + 2) for n in names) + "|")
    for label, cells, seconds in lines:
        if cells is None:
            seed = [results[n]["seed"] for n in names]
            counts = [" / ".join(str(s[x]["questions"]) for x in splits) for s in seed]
            print(f"| {label:<{width}} | " + " | ".join(counts) + " |")
            continue
        shown = [_cell(c, seconds).rjust(len(n)) for c, n in zip(cells, names, strict=True)]
        print(f"| {label:<{width}} | " + " | ".join(shown) + " |")
    for key, fields in (
        ("seed_outcomes", ("split", "answered", "right")),
        ("rtqa_outcomes", ("answered", "right", "multiple choice right")),
    ):
        if key not in results["after"]:  # a part not run (--no-rtqa)
            continue
        first, other = results["before"][key], results["after"][key]
        differ = [q for q in sorted(other) if first.get(q) != other[q]]
        if not other:
            continue
        print(f"\n{key.split('_')[0]} questions whose outcome differs: {len(differ) or 'none'}")
        for q in differ:
            pairs = zip(fields, first.get(q, ["?"] * len(fields)), other[q], strict=True)
            print(f"  {q}: " + ", ".join(f"{f} {a} → {b}" for f, a, b in pairs if a != b))


if __name__ == "__main__":
    main()
