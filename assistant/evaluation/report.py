"""Evaluation reports: typed `Metric`s and the files a run leaves behind.

`write_reports` writes `results.jsonl` (one typed row per question, as JSON), `report.md`
and `report.html` (summary table, per-question table, metric bars and a latency histogram)
and `summary.json` (metric name → value). Rows of any evaluation (the seed set,
RealTimeQA) only need the few fields `Row` names.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

RATE = "%"  # a share in [0, 1], shown as a percentage
SECONDS = "s"


@dataclass(frozen=True)
class Metric:
    """One summary figure; `value` None means not applicable (never zero)."""

    name: str
    value: float | None
    unit: str = RATE
    key: str = ""  # the name in summary.json, where it differs from the label

    @property
    def label(self) -> str:
        """The name with its unit where the unit is not a rate: "latency p50 (s)"."""
        return self.name if self.unit in (RATE, "") else f"{self.name} ({self.unit})"

    def shown(self) -> str:
        if self.value is None:
            return "n/a"
        if self.unit == RATE:
            return f"{self.value:.1%}"
        return f"{self.value:.3f}" if self.unit == "" else f"{self.value:.1f}"


class Row(Protocol):
    """What the report writer reads of a result row (a dataclass)."""

    id: str
    question: str
    answer: str
    correct: bool
    timings: dict[str, float]


@dataclass
class EvalReport:
    name: str
    rows: Sequence[Row] = ()
    problems: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, float | None]:
        """Metric key (or label) → value: what summary.json holds."""
        return {m.key or m.label: m.value for m in self.metrics}


def write_reports(report: EvalReport, out_dir: Path, extra_md: str = "") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results = out_dir / "results.jsonl"
    results.write_text(
        "".join(
            json.dumps(dataclasses.asdict(r), ensure_ascii=False) + "\n"  # type: ignore[call-overload]
            for r in report.rows
        ),
        encoding="utf-8",
    )
    summary = out_dir / "summary.json"
    summary.write_text(json.dumps(report.summary, indent=2) + "\n", encoding="utf-8")
    plots = _plots(report)
    for name, png in plots.items():
        (out_dir / name).write_bytes(png)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    summary_rows = [(m.label, m.shown()) for m in report.metrics]

    md = [f"# Evaluation: {report.name}", "", f"{stamp} · {counts}", ""]
    md += ["| metric | value |", "|---|---|"] + [f"| {n} | {v} |" for n, v in summary_rows]
    if extra_md:
        md += ["", extra_md]
    md += [""] + [f"![{name}]({name})" for name in plots]
    md += ["", "## Questions", "", "| id | ok | question | answer |", "|---|---|---|---|"]
    for r in report.rows:
        answer = r.answer.replace("|", "\\|").replace("\n", " ")
        question = r.question.replace("|", "\\|")
        md.append(f"| {r.id} | {'✓' if r.correct else '✗'} | {question} | {answer} |")
    if report.problems:
        md += ["", "## Problems in the set", ""] + [f"- {p}" for p in report.problems]
    (out_dir / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")

    images = "".join(
        f'<img alt="{name}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for name, png in plots.items()
    )
    table = "".join(f"<tr><td>{html.escape(n)}</td><td>{v}</td></tr>" for n, v in summary_rows)
    questions = "".join(
        f"<tr class={'ok' if r.correct else 'bad'}><td>{html.escape(r.id)}</td>"
        f"<td>{'✓' if r.correct else '✗'}</td><td>{html.escape(r.question)}</td>"
        f"<td>{html.escape(r.answer)}</td></tr>"
        for r in report.rows
    )
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in report.problems)
    page = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Evaluation: {html.escape(report.name)}</title><style>
body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto}}
table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}}
tr.bad td:nth-child(2){{color:#b91c1c}} tr.ok td:nth-child(2){{color:#15803d}}
img{{max-width:48%;margin:1em 1% 0 0}}</style></head><body>
<h1>Evaluation: {html.escape(report.name)}</h1><p>{stamp} · {html.escape(counts)}</p>
<table><tr><th>metric</th><th>value</th></tr>{table}</table>
{f"<pre>{html.escape(extra_md)}</pre>" if extra_md else ""}
<div>{images}</div><h2>Questions</h2>
<table><tr><th>id</th><th>ok</th><th>question</th><th>answer</th></tr>{questions}</table>
{f"<h2>Problems in the set</h2><ul>{problems}</ul>" if problems else ""}
</body></html>"""
    (out_dir / "report.html").write_text(page, encoding="utf-8")
    return [results, summary, out_dir / "report.md", out_dir / "report.html"] + [
        out_dir / n for n in plots
    ]


def _plots(report: EvalReport) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    out: dict[str, bytes] = {}
    rates = {m.label: m.value for m in report.metrics if m.value is not None and m.unit == RATE}
    if rates:
        fig, ax = plt.subplots(figsize=(7, 0.4 * len(rates) + 1))
        ax.barh(list(rates)[::-1], [v * 100 for v in list(rates.values())[::-1]], color="#3b82f6")
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.set_title(f"{report.name}: metrics")
        fig.tight_layout()
        out["metrics.png"] = _png(fig)
        plt.close(fig)
    totals = [r.timings["total_s"] for r in report.rows if "total_s" in r.timings]
    if totals:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.hist(totals, bins=min(20, max(5, len(totals) // 2)), color="#f59e0b")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of questions
        ax.set_xlabel("seconds per question")
        ax.set_ylabel("questions")
        ax.set_title(f"{report.name}: latency")
        fig.tight_layout()
        out["latency.png"] = _png(fig)
        plt.close(fig)
    return out


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()
