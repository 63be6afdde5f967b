"""Running an evaluation set through the real pipeline, scoring each answer, summarising.

`run(set_path, assistant)` answers every question of a JSONL set (`sets.py`), scores it with
`metrics.py` into a typed `SeedRow` and, with `out_dir`, writes the reports (`report.py`).
The RealTimeQA benchmark has its own runner (`realtimeqa.py`). The CLI (`assistant eval`)
is a thin wrapper over both.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..answering.drafts import strip_markers
from ..pipeline import Assistant
from ..types import Answer
from . import metrics
from .metrics import CitedSentence, Score, Span
from .report import SECONDS, EvalReport, Metric, write_reports
from .sets import EvalItem, load_set

Progress = Callable[[int, int, float | None], None]  # done, total, running accuracy


@dataclass(frozen=True)
class RowCitation:
    n: int
    article: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class RowUnsupported:
    text: str
    note: str


@dataclass(frozen=True)
class RowPassage:
    chunk_id: str
    article: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class SeedRow:
    """One question of a set: what was asked, what came back, and its scores."""

    id: str
    split: str
    question: str
    history: list[list[str]]
    unanswerable: bool
    gold_answers: list[str]
    answer: str
    answered: bool
    correct: bool
    standalone_question: str
    draft: str
    citations: list[RowCitation]
    unsupported: list[RowUnsupported]
    retrieved: list[RowPassage]
    metrics: dict[str, Score]
    timings: dict[str, float]
    # The model's probability of opening with the refusal marker (None: it was not asked),
    # so that a threshold can be replayed on a run made with `refusal_threshold = 1`.
    refusal_probability: float | None = None


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


def run(
    set_path: Path,
    assistant: Assistant,
    *,
    limit: int | None = None,
    split: str | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Answer and score every question of the set (or of one split); write reports to
    `out_dir` if given."""
    items, problems = load_set(set_path)
    items = [i for i in items if split is None or i.split == split]
    items = items[:limit] if limit else items
    k = assistant.settings.top_k
    rows: list[SeedRow] = []
    all_problems = list(problems)
    correct = 0
    if progress:  # show the bar (and its total) before the first slow answer
        progress(0, len(items), None)
    for done, item in enumerate(items, 1):
        gold, missing = gold_spans(item, assistant)
        all_problems.extend(missing)
        answer = assistant.ask(item.question, history=item.history)
        scores = score(item, answer, gold, k)
        ok = scores["refusal_ok"].value == 1.0 and (
            item.unanswerable or scores["contains_answer"].value == 1.0
        )
        correct += ok
        rows.append(_row(item, answer, scores, ok))
        if progress:
            progress(done, len(items), correct / done)
    report = EvalReport(
        name=set_path.stem + (f" ({split})" if split else ""),
        rows=rows,
        problems=all_problems,
        metrics=summarize(rows, k),
    )
    report.counts = {
        "questions": len(rows),
        "answerable": sum(not r.unanswerable for r in rows),
        "unanswerable": sum(r.unanswerable for r in rows),
    }
    if out_dir is not None:
        report.files = write_reports(report, out_dir)
    return report


def _row(item: EvalItem, answer: Answer, scores: dict[str, Score], ok: bool) -> SeedRow:
    return SeedRow(
        id=item.id,
        split=item.split,
        question=item.question,
        history=[list(t) for t in item.history],
        unanswerable=item.unanswerable,
        gold_answers=list(item.answers),
        answer=answer.text,
        answered=answer.answered,
        correct=ok,
        standalone_question=answer.standalone_question,
        draft=answer.draft,
        citations=[
            RowCitation(c.number, c.article_id, c.start, c.end, c.quote) for c in answer.citations
        ],
        unsupported=[RowUnsupported(s.text, s.note) for s in answer.unsupported],
        retrieved=[
            RowPassage(p.chunk_id, p.article_id, p.start, p.end, round(p.score, 4))
            for p in answer.passages
        ],
        metrics=scores,
        timings={name: round(v, 3) for name, v in answer.timings.items()},
        refusal_probability=answer.refusal_probability,
    )


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def latency_metrics(timings: Sequence[dict[str, float]], p95_first: bool = True) -> list[Metric]:
    """Answer and first-token latency percentiles of a run's rows."""
    totals = [t["total_s"] for t in timings if "total_s" in t]
    firsts = [t["first_token_s"] for t in timings if "first_token_s" in t]
    out = [
        Metric("latency p50", metrics.percentile(totals, 50), SECONDS),
        Metric("latency p95", metrics.percentile(totals, 95), SECONDS),
        Metric("first token p50", metrics.percentile(firsts, 50), SECONDS),
    ]
    if p95_first:
        out.append(Metric("first token p95", metrics.percentile(firsts, 95), SECONDS))
    return out


def summarize(rows: Sequence[SeedRow], k: int) -> list[Metric]:
    answerable = [r for r in rows if not r.unanswerable]
    unanswerable = [r for r in rows if r.unanswerable]

    def metric(subset: Sequence[SeedRow], name: str) -> float | None:
        return _mean([r.metrics[name].value for r in subset])

    return [
        Metric("accuracy (answered right or refused right)", _mean([r.correct for r in rows])),
        Metric(f"retrieval hit@{k}", metric(answerable, f"hit@{k}")),
        Metric("retrieval MRR", metric(answerable, "mrr")),
        Metric("answer contains gold", metric(answerable, "contains_answer")),
        Metric("answer token F1", metric(answerable, "token_f1")),
        Metric("answer exact match", metric(answerable, "exact_match")),
        Metric("citation recall", metric(rows, "citation_recall")),
        Metric("citation precision", metric(rows, "citation_precision")),
        Metric("unanswerable correctly refused", metric(unanswerable, "refusal_ok")),
        Metric("answerable wrongly refused", _mean([not r.answered for r in answerable])),
        *latency_metrics([r.timings for r in rows]),
    ]
