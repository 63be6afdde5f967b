"""The `assistant` command: ingest, ask, chat, serve, eval and config.

A thin layer: it parses arguments, builds the one `Settings` object, calls `Assistant` (or
an evaluation runner) and prints. Errors the user can fix are printed as one line (exit
status 2), not a traceback. Progress goes to stderr through one `progress.Bar` helper.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AssistantError, ConfigError
from .progress import Bar
from .settings import Settings

if TYPE_CHECKING:
    from .pipeline import Assistant


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
    chat = sub.add_parser(
        "chat", help="a conversation: questions and follow-ups, the models loaded once"
    )
    for command in (ask, chat):
        command.add_argument(
            "--as-of", help="answer from what was published up to this date (default: today)"
        )
        command.add_argument("--since", help="only articles published on or after this date")
        command.add_argument("--until", help="only articles published on or before this date")
        command.add_argument(
            "--source",
            action="append",
            default=[],
            help="only articles from this source (repeatable)",
        )

    sub.add_parser("config", help="print the settings in effect and where they can be set")

    ev = sub.add_parser(
        "eval",
        help="run an evaluation set (a .jsonl file, or 'realtimeqa') and write a report",
    )
    ev.add_argument("set", help="path of a JSONL eval set, or 'realtimeqa'")
    ev.add_argument("--limit", type=int, help="only the first N questions")
    ev.add_argument(
        "--split",
        choices=("dev", "test"),
        help="only the dev or test rows (RealTimeQA: questions of Jan-Jun or Jul-Dec)",
    )
    ev.add_argument("--out", type=Path, help="report folder (default: eval-out/<set name>)")
    ev.add_argument(
        "--data", type=Path, help="RealTimeQA folder of *_qa.jsonl files (for 'realtimeqa')"
    )
    ev.add_argument("--weeks", type=int, default=4, help="RealTimeQA weeks to pool (first N)")
    ev.add_argument("--from", dest="first_week", help="RealTimeQA: first week, e.g. 20250704")
    ev.add_argument(
        "--retrieval-only",
        action="store_true",
        help="RealTimeQA: hit@k and MRR of the search alone, no language model",
    )

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
        if args.command in ("ask", "chat"):
            return _ask(settings, args)
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
    from .index.ingest import ingest

    bar = Bar("Embedding", "article")
    report = ingest(settings, corpus, progress=bar.ingest, replace=replace)
    bar.close()
    for error in report.errors:
        print(f"skipped {error.path}: {error.reason}", file=sys.stderr)
    print(report.summary())
    return 1 if strict and report.errors else 0


def _open(settings: Settings, must_exist: bool = True) -> Assistant:
    """The assistant with a generator that shows the one-time model preparation."""
    from .llm.backends import make_generator
    from .pipeline import Assistant

    bars: dict[str, Bar] = {}

    def progress(stage: str, done: int, total: int, unit: str) -> None:
        if stage not in bars:
            bars[stage] = Bar(stage, unit, scale=unit == "B")
        bars[stage].update(done, total)

    generator = make_generator(settings, progress)
    if must_exist:
        return Assistant.open(settings, generator=generator)
    return Assistant(settings, generator=generator)


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from . import console

    bot = _open(settings)
    limits = {"as_of": args.as_of, "since": args.since, "until": args.until, "sources": args.source}
    if args.command == "chat":
        return console.chat(bot, limits)
    answer = console.stream_answer(bot, args.question, quiet=args.json, **limits)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        console.print_answer(answer)
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    bar = Bar("Evaluating", "question")

    def progress(done: int, total: int, accuracy: float | None) -> None:
        bar.update(done, total, **({"accuracy": f"{accuracy:.0%}"} if accuracy is not None else {}))

    if args.set == "realtimeqa":
        from .evaluation import realtimeqa

        if args.data is None:
            raise ConfigError(
                "`assistant eval realtimeqa` needs --data DIR: the folder of the benchmark's "
                "*_qa.jsonl and *_gcs.jsonl files"
            )
        if args.index is None:  # never mix the benchmark into the user's own index
            settings = dataclasses.replace(settings, index_dir=Path("index-realtimeqa"))
        week_ids = realtimeqa.choose_weeks(args.data, args.weeks, args.first_week)
        if args.retrieval_only:
            from .evaluation.retrieval import run_retrieval as run_rtqa
        else:
            run_rtqa = realtimeqa.run_benchmark
        out = args.out or Path("eval-out") / (
            "realtimeqa-retrieval" if args.retrieval_only else "realtimeqa"
        )
        report = run_rtqa(
            settings,
            args.data,
            week_ids,
            limit=args.limit,
            split=args.split,
            out_dir=out,
            ingest_progress=Bar("Indexing", "article").ingest,
            progress=progress,
            assistant=_open(settings, must_exist=False),
        )
    else:
        from .evaluation.run import run

        path = Path(args.set)
        out = args.out or Path("eval-out") / path.stem
        report = run(
            path,
            _open(settings),
            limit=args.limit,
            split=args.split,
            out_dir=out,
            progress=progress,
        )
    bar.close()
    width = max(len(m.label) for m in report.metrics)
    for metric in report.metrics:
        print(f"{metric.label:<{width}}  {metric.shown()}")
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

    serve(_open(settings), host, port, credentials)
    return 0


def _config(settings: Settings) -> int:
    rows = settings.describe()
    width = max(len(name) for name, _, _ in rows)
    for name, value, help_text in rows:
        print(f"{name:<{width}}  {value}")
        print(f"{'':<{width}}  {help_text} (env ASSISTANT_{name.upper()})")
    return 0
