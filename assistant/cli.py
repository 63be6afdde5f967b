"""The `assistant` command: ingest, ask, config (serve and eval arrive with their issues).

A thin layer: it parses arguments, builds the one `Settings` object, calls the library and
prints. Errors the user can fix are printed as one line (exit status 2), not a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import AssistantError, ConfigError
from .settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Offline question answering over a news archive, with cited passages.",
    )
    parser.add_argument("--config", type=Path, help="TOML settings file (default: assistant.toml)")
    parser.add_argument("--index", type=Path, help="index folder (setting index_dir)")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="add, update and remove articles in the index")
    ingest.add_argument(
        "corpus", nargs="?", type=Path, help="folder of articles (default: corpus_dir)"
    )
    ingest.add_argument("--strict", action="store_true", help="exit 1 if any file was skipped")
    ingest.add_argument(
        "--replace", action="store_true", help="rebuild an index made from another folder"
    )

    ask = sub.add_parser("ask", help="answer a question from the indexed articles")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print the structured answer as JSON")

    sub.add_parser("config", help="print the settings in effect and where they can be set")

    ev = sub.add_parser(
        "eval",
        help="run an evaluation set (a .jsonl file, or 'realtimeqa') and write a report",
    )
    ev.add_argument("set", help="path of a JSONL eval set, or 'realtimeqa'")
    ev.add_argument("--limit", type=int, help="only the first N questions")
    ev.add_argument("--out", type=Path, help="report folder (default: eval-out/<set name>)")
    ev.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/benchmarks/realtimeqa/2025"),
        help="RealTimeQA folder (for 'realtimeqa')",
    )
    ev.add_argument("--weeks", type=int, default=4, help="RealTimeQA weeks to pool (first N)")

    serve = sub.add_parser("serve", help="start the chat UI in the browser")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument(
        "--auth",
        default=os.environ.get("ASSISTANT_AUTH"),
        help="user:password required to open the app (or env ASSISTANT_AUTH)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.load(args.config, index_dir=args.index)
        if args.command == "ingest":
            return _ingest(settings, args.corpus, args.strict, args.replace)
        if args.command == "ask":
            return _ask(settings, args.question, args.json)
        if args.command == "config":
            return _config(settings)
        if args.command == "eval":
            return _eval(settings, args)
        if args.command == "serve":
            return _serve(settings, args.host, args.port, args.auth)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


def _ingest(settings: Settings, corpus: Path | None, strict: bool, replace: bool) -> int:
    from tqdm import tqdm

    from .ingest import IngestProgress, ingest

    bar: tqdm | None = None

    def progress(p: IngestProgress) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=p.articles_total, unit="article", desc="Embedding", file=sys.stderr)
        bar.update(p.articles_done - bar.n)
        bar.set_postfix(chunks=p.chunks_done)

    report = ingest(settings, corpus, progress=progress, replace=replace)
    if bar is not None:
        bar.close()
    for error in report.errors:
        print(f"skipped {error.path}: {error.reason}", file=sys.stderr)
    print(report.summary())
    return 1 if strict and report.errors else 0


def _ask(settings: Settings, question: str, as_json: bool) -> int:
    from .app import Assistant
    from .generate import make_generator

    generator = make_generator(settings, _model_progress())
    answer = Assistant.open(settings, generator=generator).ask(question)
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(textwrap.fill(answer.text, width=88))
    unsupported = answer.unsupported
    if answer.answered and unsupported:
        print("\nNot shown, because no passage supports it:")
        for s in unsupported:
            print(textwrap.fill(f"- {s.text} ({s.note})", width=88, subsequent_indent="  "))
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            date = c.published.isoformat() if c.published else "undated"
            print(f"[{c.number}] {c.title} — {c.source or 'unknown source'}, {date}")
            print(
                textwrap.fill(
                    f"“{c.quote}”", width=88, initial_indent="    ", subsequent_indent="    "
                )
            )
            if c.url:
                print(f"    {c.url}")
    return 0


def _model_progress() -> Callable[[str, int, int], None]:
    """A tqdm bar for the one-time model assembly and conversion."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            unit = "B" if total > 1 else "step"
            bars[stage] = tqdm(
                total=total, desc=stage, unit=unit, unit_scale=total > 1, file=sys.stderr
            )
        bar = bars[stage]
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return progress


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .app import Assistant
    from .generate import make_generator

    bar: tqdm | None = None

    def progress(done: int, total: int, accuracy: float | None) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="question", desc="Evaluating", file=sys.stderr)
        bar.update(done - bar.n)
        if accuracy is not None:
            bar.set_postfix(accuracy=f"{accuracy:.0%}")

    generator = make_generator(settings, _model_progress())
    if args.set == "realtimeqa":
        from . import realtimeqa
        from .ingest import IngestProgress

        if args.index is None:  # never mix the benchmark into the user's own index
            settings = dataclasses.replace(settings, index_dir=Path("index-realtimeqa"))
        ingest_bar: tqdm | None = None

        def ingest_progress(p: IngestProgress) -> None:
            nonlocal ingest_bar
            if ingest_bar is None:
                ingest_bar = tqdm(
                    total=p.articles_total, unit="article", desc="Indexing", file=sys.stderr
                )
            ingest_bar.update(p.articles_done - ingest_bar.n)
            ingest_bar.set_postfix(chunks=p.chunks_done)

        week_ids = realtimeqa.choose_weeks(args.data, args.weeks)
        out = args.out or Path("eval-out") / "realtimeqa"
        report = realtimeqa.run_benchmark(
            settings,
            args.data,
            week_ids,
            limit=args.limit,
            out_dir=out,
            ingest_progress=ingest_progress,
            progress=progress,
            assistant=Assistant(settings, generator=generator),
        )
    else:
        from . import evals

        path = Path(args.set)
        out = args.out or Path("eval-out") / path.stem
        report = evals.run(
            path,
            Assistant.open(settings, generator=generator),
            limit=args.limit,
            out_dir=out,
            progress=progress,
        )
    if bar is not None:
        bar.close()
    width = max(len(name) for name in report.summary)
    for name, value in report.summary.items():
        shown = "n/a" if value is None else (f"{value:.1f}" if "(s)" in name else f"{value:.1%}")
        print(f"{name:<{width}}  {shown}")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"Report: {out / 'report.md'} and {out / 'report.html'}")
    return 0


def _serve(settings: Settings, host: str, port: int, auth: str | None) -> int:
    credentials = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise ConfigError("--auth must look like user:password")
        credentials = (user, password)
    try:
        import gradio  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "the chat UI needs Gradio: pip install 'news-assistant[ui]' (or `make run`)"
        ) from exc
    from ui.app import serve

    from .app import Assistant
    from .generate import make_generator

    generator = make_generator(settings, _model_progress())
    serve(Assistant.open(settings, generator=generator), host, port, credentials)
    return 0


def _config(settings: Settings) -> int:
    rows = settings.describe()
    width = max(len(name) for name, _, _ in rows)
    for name, value, help_text in rows:
        print(f"{name:<{width}}  {value}")
        print(f"{'':<{width}}  {help_text} (env ASSISTANT_{name.upper()})")
    return 0
