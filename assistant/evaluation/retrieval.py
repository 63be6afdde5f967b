"""Retrieval-only RealTimeQA: is the right choice's text in the passages the model would see?

No language model: each question is searched as of its quiz date (`Assistant.search`), so a
whole year of questions takes seconds after ingest. Per question: the rank of the first
passage containing the right choice (hit@k: within `top_k`; MRR over every ranked
passage), whether the text occurs in any indexed article at all (attainable: what perfect
ranking could reach), and in the articles the quiz's own search returned for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..index.ingest import IngestProgress
from ..pipeline import Assistant
from ..settings import Settings
from . import metrics
from .realtimeqa import NewsArticle, Question, pool, split_of
from .report import EvalReport, Metric, write_reports


@dataclass(frozen=True)
class RetrievalRow:
    id: str
    week: str
    split: str
    question: str
    gold: str
    as_of: str
    window: str  # the question's own time words that limited the search ("" if none)
    rank: int | None  # 1-based rank of the first passage holding the right choice
    correct: bool  # hit@k: rank <= top_k
    attainable: bool  # the right choice's text is in some indexed article
    in_own_articles: bool  # ... in one of the articles the quiz's search found for it
    # hit@k counting only passages of those articles: the story itself, not an old article
    # where the answer's words merely occur
    own_hit: bool
    answer: str  # the top passage's title (what the report lists)
    timings: dict[str, float] = field(default_factory=dict)


class Pool:
    """Normalised text of every pooled article, to ask whether an answer occurs anywhere."""

    def __init__(self, articles: dict[str, NewsArticle]) -> None:
        self._texts = {
            url: f" {metrics.normalize(a.title + ' ' + a.text)} " for url, a in articles.items()
        }
        self._all = "\n".join(self._texts.values())

    def anywhere(self, answer: str) -> bool:
        return f" {metrics.normalize(answer)} " in self._all

    def within(self, answer: str, urls: Sequence[str]) -> bool:
        wanted = f" {metrics.normalize(answer)} "
        return any(wanted in self._texts.get(u, "") for u in urls)


def run_retrieval(
    settings: Settings,
    data_dir: Path,
    week_ids: list[str],
    *,
    split: str | None = None,
    limit: int | None = None,
    out_dir: Path | None = None,
    ingest_progress: Callable[[IngestProgress], None] | None = None,
    progress: Callable[[int, int, float | None], None] | None = None,
    assistant: Assistant | None = None,
    name: str = "realtimeqa-retrieval",
) -> EvalReport:
    """Pool the weeks' articles into `settings.index_dir` and search every question."""
    pooled = pool(settings, data_dir, week_ids, split, limit, ingest_progress)
    assistant = assistant or Assistant.open(settings)
    rows = search_all(assistant, pooled.questions, Pool(pooled.articles), progress)
    report = EvalReport(name=name, rows=rows, metrics=summarize(rows, settings.top_k))
    report.counts = {"questions": len(rows), "articles": len(pooled.articles)}
    report.counts["chunks embedded"] = pooled.ingest_report.chunks_embedded
    report.counts["ingest seconds"] = round(pooled.ingest_report.seconds)
    if out_dir is not None:
        report.files = write_reports(report, out_dir, extra_md=f"Weeks: {', '.join(week_ids)}")
    return report


def search_all(
    assistant: Assistant,
    questions: Sequence[Question],
    corpus: Pool,
    progress: Callable[[int, int, float | None], None] | None = None,
) -> list[RetrievalRow]:
    k = assistant.settings.top_k
    rows: list[RetrievalRow] = []
    hits = 0
    for done, q in enumerate(questions, 1):
        started = time.perf_counter()
        scope, ranked = assistant.search(q.question, as_of=q.date)
        seconds = time.perf_counter() - started
        holding = [
            i
            for i, p in enumerate(ranked, 1)
            if metrics.contains_answer(p.text, [q.answer_text]).value == 1.0
        ]
        rank = holding[0] if holding else None
        own = set(q.article_urls)
        hits += rank is not None and rank <= k
        rows.append(
            RetrievalRow(
                id=q.id,
                week=q.week,
                split=split_of(q),
                question=q.question,
                gold=q.answer_text,
                as_of=scope.as_of.isoformat(),
                window=scope.phrase,
                rank=rank,
                correct=rank is not None and rank <= k,
                attainable=corpus.anywhere(q.answer_text),
                in_own_articles=corpus.within(q.answer_text, q.article_urls),
                own_hit=any(ranked[i - 1].url in own for i in holding if i <= k),
                answer=ranked[0].title if ranked else "(nothing found)",
                timings={"retrieve_s": round(seconds, 4)},
            )
        )
        if progress:
            progress(done, len(questions), hits / done)
    return rows


def summarize(rows: Sequence[RetrievalRow], k: int) -> list[Metric]:
    n = len(rows) or 1
    attainable = [r for r in rows if r.attainable]
    own = [r for r in rows if r.in_own_articles]
    seconds = [r.timings["retrieve_s"] for r in rows]
    return [
        Metric(f"retrieval hit@{k}", sum(r.correct for r in rows) / n, key="retrieval_hit"),
        Metric(
            "MRR (all ranked passages)",
            sum(1 / r.rank for r in rows if r.rank) / n,
            unit="",
            key="retrieval_mrr",
        ),
        Metric(
            "attainable (right text in some indexed article)",
            len(attainable) / n,
            key="attainable",
        ),
        Metric(
            f"hit@{k} among attainable",
            sum(r.correct for r in attainable) / len(attainable) if attainable else None,
            key="retrieval_hit_of_attainable",
        ),
        Metric(
            "right text in the quiz's own articles",
            sum(r.in_own_articles for r in rows) / n,
            key="in_own_articles",
        ),
        # A stricter ceiling than "attainable", which counts every article where the answer's
        # words merely occur ("25", "Texas", "BP" in a 2022 war recap): of the dev "hits" at
        # ranks 5-21 in a sample of ten read by hand (2026-12-03), 2-3 were the story itself.
        Metric(
            f"hit@{k} among those in the quiz's own articles",
            sum(r.correct for r in own) / len(own) if own else None,
            key="retrieval_hit_of_own",
        ),
        Metric(
            f"hit@{k} from the quiz's own articles (the passage itself is one of them)",
            sum(r.own_hit for r in rows) / n,
            key="retrieval_own_hit",
        ),
        Metric(
            "retrieval p50",
            1000 * (metrics.percentile(seconds, 50) or 0),
            unit="ms",
            key="retrieval_p50_ms",
        ),
        Metric(
            "retrieval p95",
            1000 * (metrics.percentile(seconds, 95) or 0),
            unit="ms",
            key="retrieval_p95_ms",
        ),
    ]
