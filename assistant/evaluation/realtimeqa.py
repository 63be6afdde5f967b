"""The RealTimeQA benchmark: reading its weekly news quizzes and articles, and running it.

The data stays where it is (`../shared/benchmarks/realtimeqa/<year>/`); `write_corpus` turns
the pooled articles of the chosen weeks into `.txt` article files (with front matter) in a
scratch folder, so the benchmark goes through exactly the ingest path users' files take.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..errors import ConfigError
from ..index.ingest import IngestProgress, IngestReport, ingest
from ..pipeline import Assistant
from ..settings import Settings
from ..shown import without_markup
from . import metrics
from .report import EvalReport, Metric, write_reports
from .run import latency_metrics


@dataclass(frozen=True)
class Question:
    id: str
    week: str
    source: str
    question: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    article_urls: tuple[str, ...]  # what the search returned for this question
    date: dt.date | None = None  # the day the quiz asked it: the question's as-of date

    @property
    def answer_text(self) -> str:
        return self.choices[self.answer]


@dataclass(frozen=True)
class RealTimeQARow:
    """One RealTimeQA question: the open answer and both multiple-choice variants."""

    id: str
    week: str
    source: str
    question: str
    choices: list[str]
    gold: str
    answer: str
    answered: bool
    correct: bool  # the open answer contains the right choice
    names_right: bool  # it names the right choice and no other (`metrics.names_choice`)
    retrieval_hit: bool  # the right choice's text is in the top-k passages
    mc_choice: int | None
    mc_correct: bool
    nota_choices: list[str] | None
    nota_choice: int | None
    nota_correct: bool | None  # None: the question has no none-of-the-above variant
    citations: list[str]
    timings: dict[str, float]


@dataclass(frozen=True)
class NewsArticle:
    url: str
    title: str
    text: str
    published: dt.date | None

    @property
    def id(self) -> str:
        return hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:16]


def weeks(data_dir: Path) -> list[str]:
    return sorted(p.name.removesuffix("_qa.jsonl") for p in data_dir.glob("*_qa.jsonl"))


def load(
    data_dir: Path, week_ids: list[str], nota: bool = False
) -> tuple[list[Question], dict[str, NewsArticle]]:
    """Questions of the given weeks, as plain text, and their pooled articles (by url, once)."""
    questions: list[Question] = []
    articles: dict[str, NewsArticle] = {}
    for week in week_ids:
        found: dict[str, tuple[str, ...]] = {}
        for line in (data_dir / f"{week}_gcs.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            urls = []
            for result in row.get("search_result") or []:
                article = _article(result)
                if article is None:
                    continue
                articles.setdefault(article.url, article)
                urls.append(article.url)
            found[row["question_id"]] = tuple(urls)
        qa_file = data_dir / f"{week}_qa{'_nota' if nota else ''}.jsonl"
        for line in qa_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            questions.append(
                Question(
                    id=row["question_id"],
                    week=week,
                    source=row["question_source"],
                    question=without_markup(row["question_sentence"]),
                    choices=tuple(row["choices"]),
                    answer=int(row["answer"][0]),
                    article_urls=found.get(row["question_id"], ()),
                    date=_date(row.get("question_date")),
                )
            )
    return questions, articles


def _article(result: dict) -> NewsArticle | None:
    text = (result.get("text") or "").strip()
    title = " ".join((result.get("title") or "").split())
    if not text or not title or not result.get("url"):
        return None
    published = _date(result.get("publish_date"))
    return NewsArticle(url=result["url"], title=title, text=text, published=published)


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10].replace("/", "-"))
    except ValueError:
        return None


def split_of(question: Question) -> str:
    """Dev: the first half of the year's weeks (tune on these); test: the second half."""
    return "dev" if question.week[4:] < "0701" else "test"


def write_corpus(articles: dict[str, NewsArticle], folder: Path) -> int:
    """Write each article as `<id>.txt` with front matter; returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles.values():
        meta = {"title": article.title, "url": article.url, "source": _host(article.url)}
        if article.published:
            meta["published"] = article.published.isoformat()
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / f"{article.id}.txt").write_text(f"---\n{front}---\n{article.text}\n", "utf-8")
    return len(articles)


def _host(url: str) -> str:
    return urlparse(url).hostname or ""


# --- the benchmark run ---------------------------------------------------------------------


def choose_weeks(data_dir: Path, count: int, first: str | None = None) -> list[str]:
    """`count` consecutive weeks of the data from week `first` (default: the first week)."""
    available = weeks(data_dir)
    if not available:
        raise ConfigError(f"no RealTimeQA files (*_qa.jsonl) in {data_dir}")
    if first is not None:
        later = [w for w in available if w >= first]
        if not later:
            raise ConfigError(f"no RealTimeQA week on or after {first} in {data_dir}")
        available = later
    return available[:count]


@dataclass(frozen=True)
class Pooled:
    questions: list[Question]  # those of the split, up to the limit
    articles: dict[str, NewsArticle]  # every one written out and ingested
    ingest_report: IngestReport


def pool(
    settings: Settings,
    data_dir: Path,
    week_ids: list[str],
    split: str | None = None,
    limit: int | None = None,
    ingest_progress: Callable[[IngestProgress], None] | None = None,
) -> Pooled:
    """The weeks' articles written out and ingested into `settings.index_dir`; the questions."""
    questions, articles = load(data_dir, week_ids)
    write_corpus(articles, settings.index_dir / "source-articles")
    report = ingest(
        settings, settings.index_dir / "source-articles", progress=ingest_progress, replace=True
    )
    questions = [q for q in questions if split is None or split_of(q) == split]
    return Pooled(questions[:limit] if limit else questions, articles, report)


def run_benchmark(
    settings: Settings,
    data_dir: Path,
    week_ids: list[str],
    *,
    limit: int | None = None,
    split: str | None = None,
    out_dir: Path | None = None,
    ingest_progress: Callable[[IngestProgress], None] | None = None,
    progress: Callable[[int, int, float | None], None] | None = None,
    assistant: Assistant | None = None,
) -> EvalReport:
    """Pool the weeks' articles into `settings.index_dir`, then ask every question twice:
    open (correct if the answer contains the right choice) and multiple choice (with the
    `_qa_nota` variant of each question, where "None of the above" may be right)."""
    pooled = pool(settings, data_dir, week_ids, split, limit, ingest_progress)
    questions, written, ingest_report = pooled.questions, len(pooled.articles), pooled.ingest_report
    # The none-of-the-above file numbers its questions "<id>_nota".
    nota = {q.id.removesuffix("_nota"): q for q in load(data_dir, week_ids, nota=True)[0]}
    assistant = assistant or Assistant.open(settings)
    rows: list[RealTimeQARow] = []
    correct = 0
    if progress:  # show the bar (and its total) before the first slow answer
        progress(0, len(questions), None)
    for done, q in enumerate(questions, 1):
        answer = assistant.ask(q.question, as_of=q.date)
        shown = answer.text if answer.answered else ""
        open_ok = metrics.contains_answer(shown, [q.answer_text]).value == 1.0
        named = metrics.names_choice(shown, q.question, q.choices, q.answer).value == 1.0
        retrieved_text = " ".join(p.text for p in answer.passages[: settings.top_k])
        hit = metrics.contains_answer(retrieved_text, [q.answer_text]).value == 1.0
        mc = assistant.choose(q.question, q.choices, as_of=q.date)
        variant = nota.get(q.id)
        mc_nota = (
            assistant.choose(variant.question, variant.choices, as_of=q.date) if variant else None
        )
        correct += open_ok
        rows.append(
            RealTimeQARow(
                id=q.id,
                week=q.week,
                source=q.source,
                question=q.question,
                choices=list(q.choices),
                gold=q.answer_text,
                answer=answer.text,
                answered=answer.answered,
                correct=open_ok,
                names_right=named,
                retrieval_hit=hit,
                mc_choice=mc.index,
                mc_correct=mc.index == q.answer,
                nota_choices=list(variant.choices) if variant else None,
                nota_choice=mc_nota.index if mc_nota else None,
                nota_correct=(mc_nota.index == variant.answer) if mc_nota and variant else None,
                citations=[c.quote for c in answer.citations],
                timings={k: round(v, 3) for k, v in answer.timings.items()},
            )
        )
        if progress:
            progress(done, len(questions), correct / done)

    report = EvalReport(name="realtimeqa", rows=rows, metrics=_summary(rows))
    report.counts = {"questions": len(rows), "articles": written}
    report.counts["chunks indexed"] = ingest_report.chunks_embedded
    by_source = _by_source(rows)
    if out_dir is not None:
        extra = f"Weeks: {', '.join(week_ids)}\n\n{by_source}"
        report.files = write_reports(report, out_dir, extra_md=extra)
    report.problems.append(by_source)
    return report


def _rate(rows: list[RealTimeQARow], key: str) -> float | None:
    values = [getattr(r, key) for r in rows if getattr(r, key) is not None]
    return sum(values) / len(values) if values else None


def _summary(rows: list[RealTimeQARow]) -> list[Metric]:
    return [
        Metric("open answer accuracy", _rate(rows, "correct")),
        Metric("open answer names the right choice", _rate(rows, "names_right")),
        Metric("multiple-choice accuracy", _rate(rows, "mc_correct")),
        Metric("multiple-choice accuracy (none-of-the-above set)", _rate(rows, "nota_correct")),
        Metric(
            "retrieval hit (right text in top-k)", _rate(rows, "retrieval_hit"), key="retrieval_hit"
        ),
        Metric("answered (not refused)", _rate(rows, "answered")),
        *latency_metrics([r.timings for r in rows], p95_first=False),
    ]


def _by_source(rows: list[RealTimeQARow]) -> str:
    lines = ["| source | questions | open | multiple choice | retrieval hit |", "|" + "---|" * 5]
    for source in sorted({r.source for r in rows}):
        subset = [r for r in rows if r.source == source]
        rates = [_rate(subset, key) for key in ("correct", "mc_correct", "retrieval_hit")]
        cells = " | ".join("n/a" if v is None else f"{v:.0%}" for v in rates)
        lines.append(f"| {source} | {len(subset)} | {cells} |")
    return "\n".join(lines)
