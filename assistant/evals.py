"""Running evaluation sets through the real pipeline and writing reports.

`run(set_path, assistant)` answers every question of a JSONL set (format below), scores it
with `metrics.py` and, with `out_dir`, writes `results.jsonl` (one row per question),
`report.md` and `report.html` (summary table, per-question table, metric bars and a latency
histogram). `run_realtimeqa` does the same for the RealTimeQA benchmark (open answers and
multiple choice). The CLI (`assistant eval`) is a thin wrapper over these two.

Set format, one JSON object per line:
    {"id": "fund-size", "question": "...", "answers": ["KRW 100 trillion"],
     "evidence": [{"article": "ai-g3-initiative", "quote": "exact text"}],
     "unanswerable": false, "history": [["earlier question", "earlier answer"]]}
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import metrics
from .answer import Answer
from .app import Assistant
from .errors import AssistantError
from .ground import strip_markers
from .metrics import CitedSentence, Score, Span


class EvalSetError(AssistantError):
    """The evaluation set has no usable rows (each bad row is named)."""


@dataclass(frozen=True)
class Evidence:
    article: str
    quote: str


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answers: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    unanswerable: bool
    history: tuple[tuple[str, str], ...]


def load_set(path: Path) -> tuple[list[EvalItem], list[str]]:
    """The valid rows, and one message per invalid row (with its line number)."""
    items: list[EvalItem] = []
    problems: list[str] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalSetError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = _item(json.loads(line))
            if item.id in seen:
                raise ValueError(f"duplicate id {item.id!r}")
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(f"{path.name} line {number}: {exc}")
            continue
        seen.add(item.id)
        items.append(item)
    if not items:
        raise EvalSetError(f"{path} has no valid rows" + "".join(f"\n  {p}" for p in problems))
    return items, problems


def _item(row: Any) -> EvalItem:
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    missing = {"id", "question"} - set(row)
    if missing:
        raise ValueError(f"missing {', '.join(sorted(missing))}")
    question = row["question"]
    if not isinstance(question, str) or not question.strip():
        raise ValueError("'question' must be a non-empty string")
    answers = row.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
        raise ValueError("'answers' must be a list of non-empty strings")
    evidence = []
    for ev in row.get("evidence", []):
        if not isinstance(ev, dict) or not isinstance(ev.get("article"), str):
            raise ValueError("each evidence item needs 'article' and 'quote' strings")
        if not isinstance(ev.get("quote"), str) or not ev["quote"]:
            raise ValueError("each evidence item needs 'article' and 'quote' strings")
        evidence.append(Evidence(ev["article"], ev["quote"]))
    unanswerable = row.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise ValueError("'unanswerable' must be true or false")
    if unanswerable and (answers or evidence):
        raise ValueError("an unanswerable question has no answers or evidence")
    if not unanswerable and not answers:
        raise ValueError("an answerable question needs at least one answer")
    history = row.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in history
    ):
        raise ValueError("'history' must be a list of [question, answer] pairs")
    return EvalItem(
        id=str(row["id"]),
        question=question.strip(),
        answers=tuple(answers),
        evidence=tuple(evidence),
        unanswerable=unanswerable,
        history=tuple((q, a) for q, a in history),
    )


# --- scoring one answer ----------------------------------------------------------------------


def gold_spans(item: EvalItem, assistant: Assistant) -> tuple[list[Span], list[str]]:
    """Evidence quotes located in the indexed articles; problems for quotes not found."""
    spans, problems = [], []
    for ev in item.evidence:
        article = assistant.article(ev.article)
        start = article.text.find(ev.quote) if article else -1
        if start < 0:
            where = "article not indexed" if article is None else "quote not in the article"
            problems.append(f"{item.id}: evidence {ev.quote[:40]!r}… ({where})")
            continue
        spans.append(Span(ev.article, start, start + len(ev.quote)))
    return spans, problems


def cited_sentences(answer: Answer) -> list[CitedSentence]:
    """The answer's shown sentences with the texts of the passages they cite."""
    if not answer.answered:
        return []
    by_number = {c.number: c for c in answer.citations}
    out = []
    for s in answer.sentences:
        if s.supported:
            quotes = tuple(by_number[n].quote for n in s.citations if n in by_number)
            out.append(CitedSentence(s.text, quotes))
    return out


def score(item: EvalItem, answer: Answer, gold: Sequence[Span], k: int) -> dict[str, Score]:
    retrieved = [Span(p.article_id, p.start, p.end) for p in answer.passages]
    shown = strip_markers(answer.text) if answer.answered else ""
    sentences = cited_sentences(answer)
    gold_or_none = gold if not item.unanswerable else []
    return {
        "refusal_ok": metrics.refusal(answer.answered, item.unanswerable),
        f"hit@{k}": metrics.retrieval_hit(retrieved, gold_or_none, k),
        "mrr": metrics.reciprocal_rank(retrieved, gold_or_none),
        "exact_match": metrics.exact_match(shown, item.answers),
        "token_f1": metrics.token_f1(shown, item.answers),
        "contains_answer": metrics.contains_answer(shown, item.answers),
        "citation_recall": metrics.citation_recall(sentences),
        "citation_precision": metrics.citation_precision(sentences),
    }


# --- running a set ---------------------------------------------------------------------------


@dataclass
class EvalReport:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


Progress = Callable[[int, int, float | None], None]  # done, total, running accuracy


def run(
    set_path: Path,
    assistant: Assistant,
    *,
    limit: int | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Answer and score every question of the set; write reports to `out_dir` if given."""
    items, problems = load_set(set_path)
    items = items[:limit] if limit else items
    report = EvalReport(name=set_path.stem, problems=list(problems))
    k = assistant.settings.top_k
    correct = 0
    if progress:  # show the bar (and its total) before the first slow answer
        progress(0, len(items), None)
    for done, item in enumerate(items, 1):
        gold, missing = gold_spans(item, assistant)
        report.problems.extend(missing)
        answer = assistant.ask(item.question, history=item.history)
        scores = score(item, answer, gold, k)
        ok = scores["refusal_ok"].value == 1.0 and (
            item.unanswerable or scores["contains_answer"].value == 1.0
        )
        correct += ok
        report.rows.append(_row(item, answer, scores, ok))
        if progress:
            progress(done, len(items), correct / done)
    report.summary, report.counts = summarize(report.rows, k)
    if out_dir is not None:
        report.files = write_reports(report, out_dir)
    return report


def _row(item: EvalItem, answer: Answer, scores: dict[str, Score], ok: bool) -> dict[str, Any]:
    return {
        "id": item.id,
        "question": item.question,
        "history": [list(t) for t in item.history],
        "unanswerable": item.unanswerable,
        "gold_answers": list(item.answers),
        "answer": answer.text,
        "answered": answer.answered,
        "correct": ok,
        "standalone_question": answer.standalone_question,
        "draft": answer.draft,
        "citations": [
            {
                "n": c.number,
                "article": c.article_id,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
            }
            for c in answer.citations
        ],
        "unsupported": [{"text": s.text, "note": s.note} for s in answer.unsupported],
        "retrieved": [
            {
                "chunk_id": p.chunk_id,
                "article": p.article_id,
                "start": p.start,
                "end": p.end,
                "score": round(p.score, 4),
            }
            for p in answer.passages
        ],
        "metrics": {name: {"value": s.value, "reason": s.reason} for name, s in scores.items()},
        "timings": {name: round(v, 3) for name, v in answer.timings.items()},
    }


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def summarize(
    rows: Sequence[dict[str, Any]], k: int
) -> tuple[dict[str, float | None], dict[str, int]]:
    answerable = [r for r in rows if not r["unanswerable"]]
    unanswerable = [r for r in rows if r["unanswerable"]]

    def metric(subset: Sequence[dict[str, Any]], name: str) -> float | None:
        return _mean([r["metrics"][name]["value"] for r in subset])

    totals = [r["timings"]["total_s"] for r in rows if "total_s" in r["timings"]]
    firsts = [r["timings"]["first_token_s"] for r in rows if "first_token_s" in r["timings"]]
    summary = {
        "accuracy (answered right or refused right)": _mean([float(r["correct"]) for r in rows]),
        f"retrieval hit@{k}": metric(answerable, f"hit@{k}"),
        "retrieval MRR": metric(answerable, "mrr"),
        "answer contains gold": metric(answerable, "contains_answer"),
        "answer token F1": metric(answerable, "token_f1"),
        "answer exact match": metric(answerable, "exact_match"),
        "citation recall": metric(rows, "citation_recall"),
        "citation precision": metric(rows, "citation_precision"),
        "unanswerable correctly refused": metric(unanswerable, "refusal_ok"),
        "answerable wrongly refused": _mean([float(not r["answered"]) for r in answerable]),
        "latency p50 (s)": metrics.percentile(totals, 50),
        "latency p95 (s)": metrics.percentile(totals, 95),
        "first token p50 (s)": metrics.percentile(firsts, 50),
        "first token p95 (s)": metrics.percentile(firsts, 95),
    }
    counts = {
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }
    return summary, counts


# --- reports -------------------------------------------------------------------------------


def _fmt(value: float | None, name: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}" if "(s)" in name else f"{value:.1%}"


def write_reports(report: EvalReport, out_dir: Path, extra_md: str = "") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results = out_dir / "results.jsonl"
    results.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in report.rows), encoding="utf-8"
    )
    plots = _plots(report)
    for name, png in plots.items():
        (out_dir / name).write_bytes(png)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    summary_rows = [(name, _fmt(value, name)) for name, value in report.summary.items()]

    md = [f"# Evaluation: {report.name}", "", f"{stamp} · {counts}", ""]
    md += ["| metric | value |", "|---|---|"] + [f"| {n} | {v} |" for n, v in summary_rows]
    if extra_md:
        md += ["", extra_md]
    md += [""] + [f"![{name}]({name})" for name in plots]
    md += ["", "## Questions", "", "| id | ok | question | answer |", "|---|---|---|---|"]
    for r in report.rows:
        answer = r["answer"].replace("|", "\\|").replace("\n", " ")
        question = r["question"].replace("|", "\\|")
        md.append(f"| {r['id']} | {'✓' if r['correct'] else '✗'} | {question} | {answer} |")
    if report.problems:
        md += ["", "## Problems in the set", ""] + [f"- {p}" for p in report.problems]
    (out_dir / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")

    images = "".join(
        f'<img alt="{name}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for name, png in plots.items()
    )
    table = "".join(f"<tr><td>{html.escape(n)}</td><td>{v}</td></tr>" for n, v in summary_rows)
    questions = "".join(
        f"<tr class={'ok' if r['correct'] else 'bad'}><td>{html.escape(r['id'])}</td>"
        f"<td>{'✓' if r['correct'] else '✗'}</td><td>{html.escape(r['question'])}</td>"
        f"<td>{html.escape(r['answer'])}</td></tr>"
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
    return [results, out_dir / "report.md", out_dir / "report.html"] + [out_dir / n for n in plots]


def _plots(report: EvalReport) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: dict[str, bytes] = {}
    rates = {n: v for n, v in report.summary.items() if v is not None and "(s)" not in n}
    if rates:
        fig, ax = plt.subplots(figsize=(7, 0.4 * len(rates) + 1))
        ax.barh(list(rates)[::-1], [v * 100 for v in list(rates.values())[::-1]], color="#3b82f6")
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.set_title(f"{report.name}: metrics")
        fig.tight_layout()
        out["metrics.png"] = _png(fig)
        plt.close(fig)
    totals = [r["timings"]["total_s"] for r in report.rows if "total_s" in r["timings"]]
    if totals:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.hist(totals, bins=min(20, max(5, len(totals) // 2)), color="#f59e0b")
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
