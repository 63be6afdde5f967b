"""Answer speed, memory and accuracy of each language-model configuration, side by side.

For every configuration a fresh Python process opens the assistant (cold start: process start
→ store, embedder and model loaded; model cache warm), answers every question of
`evals/seed.jsonl` and of a fixed RealTimeQA sample (the first `--weeks` weeks; open answer
plus multiple choice), and reports its peak RSS. All configurations share the same indexes,
built once up front, and run one after the other in one invocation, so their numbers are
comparable even on a noisy machine.

    python benchmarks/answer_speed.py [--configs NAME,NAME,...]
        [--weeks 1] [--seed-limit N] [--rtqa-limit N] [--data DIR]
        [--before REV] [--rounds N]

`--before REV` runs each configuration twice, with that commit's code (a temporary git
worktree; it reads the indexes this code builds) and with the working tree's; `--rounds N`
repeats every side N times, alternated, each run its own column.

Configurations: transformers-default (what `auto` picks on this CPU), transformers-fp32 (the
first default), transformers-bf16 (plain),
transformers-bf16-head8 (int8 output head), transformers-bf16-int4-decode (int8 head, int4
decoding, bf16 prompts), transformers-bf16-int4 (int8 head, int4 decoding and prompts: the
default, 0.75 GiB of its first layers kept unpacked), transformers-bf16-int4-unkept (same,
every layer unpacked for each prompt), transformers-bf16-int4-fresh (the default without
reusing the previous prompt's KV cache), transformers-bf16-int4-top3 (the default with one
passage fewer),
llama-cpp (needs `pip install llama-cpp-python`). Peak RSS includes model
loading; serving RSS is the resident memory after the last answer. The table is followed by
the seed questions whose outcome (answered, right, cited spans) and the RealTimeQA questions
whose outcome (answered, open / multiple-choice / none-of-the-above right) differs from the
first configuration's, each with what changed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from worktrees import checked_out, pythonpath

ROOT = Path(__file__).resolve().parents[1]
_BF16 = {"ASSISTANT_BACKEND": "transformers", "ASSISTANT_TORCH_DTYPE": "bfloat16"}
CONFIGS = {
    # What `auto` picks on this CPU: bf16 with the 4-bit weights; on a CPU without native
    # bf16, prompts multiplied in fp32 (before 2026-12-06 there: the fp32 model).
    "transformers-default": {"ASSISTANT_BACKEND": "transformers"},
    "transformers-fp32": {"ASSISTANT_BACKEND": "transformers", "ASSISTANT_TORCH_DTYPE": "float32"},
    "transformers-bf16": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "false",
        "ASSISTANT_INT8_HEAD": "false",
    },
    "transformers-bf16-head8": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "false",
        "ASSISTANT_INT8_HEAD": "true",
    },
    "transformers-bf16-int4-decode": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "true",
        "ASSISTANT_INT8_HEAD": "true",
        "ASSISTANT_INT4_PROMPTS": "false",
    },
    "transformers-bf16-int4": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "true",
        "ASSISTANT_INT8_HEAD": "true",
        "ASSISTANT_INT4_PROMPTS": "true",
    },
    # The default without weights kept unpacked: every prompt unpacks every 4-bit layer.
    "transformers-bf16-int4-unkept": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "true",
        "ASSISTANT_INT8_HEAD": "true",
        "ASSISTANT_INT4_PROMPTS": "true",
        "ASSISTANT_PROMPT_WEIGHTS_GIB": "0",
    },
    # The default with every prompt computed in one pass: the cost of (not) reusing the
    # previous prompt's KV cache, and whether answers depend on the question asked before.
    "transformers-bf16-int4-fresh": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "true",
        "ASSISTANT_INT8_HEAD": "true",
        "ASSISTANT_INT4_PROMPTS": "true",
        "ASSISTANT_REUSE_PROMPT_CACHE": "false",
    },
    # The prompt-token lever: one passage fewer per question.
    "transformers-bf16-int4-top3": {
        **_BF16,
        "ASSISTANT_INT4_DECODE": "true",
        "ASSISTANT_INT8_HEAD": "true",
        "ASSISTANT_INT4_PROMPTS": "true",
        "ASSISTANT_TOP_K": "3",
    },
    "llama-cpp": {"ASSISTANT_BACKEND": "llama-cpp"},
}


def build_indexes(work: Path, data: Path, weeks: int) -> tuple[Path, Path | None, list[str]]:
    from assistant.evaluation import realtimeqa
    from assistant.index.ingest import ingest
    from assistant.settings import Settings

    seed_index = work / "seed-index"
    ingest(Settings(index_dir=seed_index), ROOT / "corpus")
    if not weeks or not data.is_dir():
        return seed_index, None, []
    week_ids = realtimeqa.choose_weeks(data, weeks)
    rtqa_index = work / "rtqa-index"
    _, articles = realtimeqa.load(data, week_ids)
    realtimeqa.write_corpus(articles, rtqa_index / "source-articles")
    ingest(Settings(index_dir=rtqa_index), rtqa_index / "source-articles", replace=True)
    return seed_index, rtqa_index, week_ids


def _decode_rate(answer: Any, usage: tuple[int, int] | None) -> float | None:
    t = answer.timings
    if usage is None or "first_token_s" not in t or usage[1] < 2:
        return None
    decode_s = t["condense_s"] + t["retrieve_s"] + t["generate_s"] - t["first_token_s"]
    return (usage[1] - 1) / decode_s if decode_s > 0 else None


def _status_gib(field: str) -> float | None:
    """A memory line of /proc/self/status (Linux), in GiB."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith(field)), None)
    return int(kib) / 2**20 if kib else None


def worker(args: argparse.Namespace) -> None:
    """One configuration, in its own process; prints READY, then writes a JSON result."""
    from assistant.evaluation import realtimeqa
    from assistant.evaluation import run as evals
    from assistant.llm.backends import make_generator
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    settings = Settings.load(index_dir=args.seed_index)
    generator = make_generator(settings)
    bot = Assistant.open(settings, generator=generator)
    bot.warm_up()
    print("READY", flush=True)

    rates: list[float] = []

    def count_decode_speed(assistant: Assistant) -> Assistant:
        plain = assistant.ask

        def ask(question: str, history: Any = (), **options: Any) -> Any:
            answer = plain(question, history, **options)  # as_of, sources, since, until
            rate = _decode_rate(answer, generator.last_usage)
            if rate is not None:
                rates.append(rate)
            return answer

        assistant.ask = ask  # type: ignore[method-assign]
        return assistant

    seed = evals.run(ROOT / "evals" / "seed.jsonl", count_decode_speed(bot), limit=args.seed_limit)
    result: dict[str, Any] = {
        "seed": seed.summary,
        "seed_counts": seed.counts,
        # Per question: answered?, right?, where the citations point; to name what differs.
        "seed_outcomes": {
            row.id: [row.answered, row.correct, [c.start for c in row.citations]]
            for row in seed.rows
        },
    }
    if args.rtqa_index:
        rtqa_settings = Settings.load(index_dir=args.rtqa_index)
        rtqa_bot = Assistant.open(rtqa_settings, generator=generator, embedder=bot.embedder)
        report = realtimeqa.run_benchmark(
            rtqa_settings,
            args.data,
            args.week_ids.split(","),
            limit=args.rtqa_limit,
            assistant=count_decode_speed(rtqa_bot),
        )
        result["rtqa"] = report.summary
        result["rtqa_counts"] = report.counts
        result["rtqa_outcomes"] = {
            row.id: [row.answered, row.correct, row.mc_correct, row.nota_correct]
            for row in report.rows
        }
    result["decode_tokens_per_s_p50"] = statistics.median(rates) if rates else None
    result["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    result["serving_rss_gib"] = _status_gib("VmRSS:")
    # Mmapped weights: counted in RSS, but clean pages the kernel can drop and re-read.
    result["serving_rss_file_gib"] = _status_gib("RssFile:")
    args.result.write_text(json.dumps(result))


def run_config(
    name: str,
    args: argparse.Namespace,
    seed_index: Path,
    rtqa: Path | None,
    week_ids: list[str],
    work: Path,
    code: Path = ROOT,
    label: str = "",
) -> dict[str, Any]:
    """One configuration in a fresh process, importing `assistant` from `code`."""
    label = label or name
    out = work / f"run-{len(list(work.glob('run-*.json')))}.json"  # a label may hold "/"
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        "--seed-index",
        str(seed_index),
        "--result",
        str(out),
        "--data",
        str(args.data),
        "--week-ids",
        ",".join(week_ids),
    ]
    if rtqa:
        cmd += ["--rtqa-index", str(rtqa)]
    if args.seed_limit:
        cmd += ["--seed-limit", str(args.seed_limit)]
    if args.rtqa_limit:
        cmd += ["--rtqa-limit", str(args.rtqa_limit)]
    env = {**pythonpath(code), **CONFIGS[name]}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    cold = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY" and cold is None:
            cold = time.perf_counter() - started
            print(f"  {label}: ready after {cold:.1f} s", file=sys.stderr, flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"{label} failed (exit {proc.returncode})")
    result = json.loads(out.read_text())
    result["cold_start_s"] = cold
    result["wall_s"] = time.perf_counter() - started
    return result


ROWS = [
    ("cold start (s)", lambda r: r["cold_start_s"], "{:.1f}"),
    ("seed: first token p50 (s)", lambda r: r["seed"]["first token p50 (s)"], "{:.2f}"),
    ("seed: total p50 (s)", lambda r: r["seed"]["latency p50 (s)"], "{:.2f}"),
    ("seed: total p95 (s)", lambda r: r["seed"]["latency p95 (s)"], "{:.2f}"),
    ("decode p50 (tokens/s)", lambda r: r["decode_tokens_per_s_p50"], "{:.1f}"),
    ("peak RSS (GiB)", lambda r: r["peak_rss_gib"], "{:.2f}"),
    ("serving RSS (GiB)", lambda r: r["serving_rss_gib"], "{:.2f}"),
    ("  of which mmapped files (GiB)", lambda r: r["serving_rss_file_gib"], "{:.2f}"),
    ("seed: accuracy", lambda r: r["seed"]["accuracy (answered right or refused right)"], "{:.1%}"),
    ("seed: answer contains gold", lambda r: r["seed"]["answer contains gold"], "{:.1%}"),
    ("seed: citation precision", lambda r: r["seed"]["citation precision"], "{:.1%}"),
    ("seed: citation recall", lambda r: r["seed"]["citation recall"], "{:.1%}"),
    ("seed: unanswerable refused", lambda r: r["seed"]["unanswerable correctly refused"], "{:.1%}"),
    (
        "seed: answerable wrongly refused",
        lambda r: r["seed"]["answerable wrongly refused"],
        "{:.1%}",
    ),
    ("RTQA: open accuracy", lambda r: r["rtqa"]["open answer accuracy"], "{:.1%}"),
    ("RTQA: multiple choice", lambda r: r["rtqa"]["multiple-choice accuracy"], "{:.1%}"),
    (
        "RTQA: multiple choice (NOTA)",
        lambda r: r["rtqa"]["multiple-choice accuracy (none-of-the-above set)"],
        "{:.1%}",
    ),
    ("RTQA: answered", lambda r: r["rtqa"]["answered (not refused)"], "{:.1%}"),
    ("RTQA: first token p50 (s)", lambda r: r["rtqa"]["first token p50 (s)"], "{:.2f}"),
    ("RTQA: total p50 (s)", lambda r: r["rtqa"]["latency p50 (s)"], "{:.2f}"),
    ("wall time of the run (s)", lambda r: r["wall_s"], "{:.0f}"),
]


def _cell(fn: Any, fmt: str, result: dict[str, Any]) -> str:
    try:
        value = fn(result)
    except KeyError:
        return "n/a"
    return "n/a" if value is None else fmt.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--weeks", type=int, default=1, help="RealTimeQA weeks in the sample")
    parser.add_argument("--seed-limit", type=int, default=None)
    parser.add_argument("--rtqa-limit", type=int, default=None)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/benchmarks/realtimeqa/2025"
    )
    parser.add_argument(
        "--before", help="also run each configuration with this commit's code, beside it"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="run every side this many times, alternated"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rtqa-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--week-ids", default="", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    names = [n.strip() for n in args.configs.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise SystemExit(f"unknown configuration(s) {unknown}; known: {list(CONFIGS)}")
    revs = {"before": args.before, "after": None} if args.before else {"after": None}
    with tempfile.TemporaryDirectory() as tmp, checked_out(revs, Path(tmp)) as codes:
        work = Path(tmp)
        print("building indexes…", file=sys.stderr, flush=True)
        seed_index, rtqa_index, week_ids = build_indexes(work, args.data, args.weeks)
        results = {}
        baseline: dict[str, str] = {}  # each configuration's first before-run
        for round_ in range(1, args.rounds + 1):
            # Alternated (before, after, after, before, …): a slow spell hits every side.
            sides = list(codes.items())[:: 1 if round_ % 2 else -1]
            for n in names:
                for side, code in sides:
                    label = f"{n} @ {args.before}" if side == "before" else n
                    label += f" ({round_})" if args.rounds > 1 else ""
                    results[label] = run_config(
                        n, args, seed_index, rtqa_index, week_ids, work, code, label
                    )
                    if side == "before":
                        baseline.setdefault(n, label)
        names = list(results)
    print(
        f"\nseed: evals/seed.jsonl; RealTimeQA weeks: {', '.join(week_ids) or 'none'}; "
        f"{os.cpu_count()} CPUs\n"
    )
    width = max(len(r[0]) for r in ROWS)
    print(f"| {'measure':<{width}} | " + " | ".join(names) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(n) + 2) for n in names) + "|")
    for label, fn, fmt in ROWS:
        cells = [_cell(fn, fmt, results[n]).rjust(len(n)) for n in names]
        print(f"| {label:<{width}} | " + " | ".join(cells) + " |")
    # With --before each column is compared with its configuration's first before-run,
    # else with the first configuration.
    for name in names:
        config = name.split(" @ ")[0].split(" (")[0]
        first = baseline[config] if args.before else names[0]
        if name == first:
            continue
        for label, key, fields in OUTCOMES:
            differ = _differences(results[first].get(key, {}), results[name].get(key, {}), fields)
            print(f"\n{label} questions where {name} differs from {first}: {len(differ) or 'none'}")
            for line in differ:
                print(f"  {line}")


# Which per-question outcomes each worker records, in order, to name what differs.
OUTCOMES = [
    ("seed", "seed_outcomes", ("answered", "right", "cited spans")),
    ("RTQA", "rtqa_outcomes", ("answered", "open right", "MC right", "NOTA right")),
]


def _differences(
    first: dict[str, list[Any]], other: dict[str, list[Any]], fields: tuple[str, ...]
) -> list[str]:
    """'id: field first → other, …' for every question whose outcome differs."""
    lines = []
    for question in sorted(other):
        base, ours = first.get(question), other[question]
        if base is None:
            lines.append(f"{question}: not asked of the first configuration")
        elif base != ours:
            pairs = zip(fields, base, ours, strict=True)
            changed = [f"{field} {a} → {b}" for field, a, b in pairs if a != b]
            lines.append(f"{question}: {', '.join(changed)}")
    return lines


if __name__ == "__main__":
    main()
