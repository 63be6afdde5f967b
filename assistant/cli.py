"""The `assistant` command: ingest, ask, config (serve and eval arrive with their issues).

A thin layer: it parses arguments, builds the one `Settings` object, calls the library and
prints. Errors the user can fix are printed as one line (exit status 2), not a traceback.
"""

from __future__ import annotations

import argparse
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
    from .generate import TransformersGenerator

    generator = TransformersGenerator(settings.model_cache_dir, settings.threads, _model_progress())
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
    from .generate import TransformersGenerator

    generator = TransformersGenerator(settings.model_cache_dir, settings.threads, _model_progress())
    serve(Assistant.open(settings, generator=generator), host, port, credentials)
    return 0


def _config(settings: Settings) -> int:
    rows = settings.describe()
    width = max(len(name) for name, _, _ in rows)
    for name, value, help_text in rows:
        print(f"{name:<{width}}  {value}")
        print(f"{'':<{width}}  {help_text} (env ASSISTANT_{name.upper()})")
    return 0
