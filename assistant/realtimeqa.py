"""Reading the RealTimeQA benchmark (weekly news quizzes plus the articles found for them).

The data stays where it is (`../shared/benchmarks/realtimeqa/<year>/`); `write_corpus` turns
the pooled articles of the chosen weeks into `.txt` article files (with front matter) in a
scratch folder, so the benchmark goes through exactly the ingest path users' files take.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Question:
    id: str
    week: str
    source: str
    question: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    article_urls: tuple[str, ...]  # what the search returned for this question

    @property
    def answer_text(self) -> str:
        return self.choices[self.answer]


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
    """Questions of the given weeks and their pooled articles (keyed by url, deduplicated)."""
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
                    question=row["question_sentence"],
                    choices=tuple(row["choices"]),
                    answer=int(row["answer"][0]),
                    article_urls=found.get(row["question_id"], ()),
                )
            )
    return questions, articles


def _article(result: dict) -> NewsArticle | None:
    text = (result.get("text") or "").strip()
    title = " ".join((result.get("title") or "").split())
    if not text or not title or not result.get("url"):
        return None
    published = None
    raw = (result.get("publish_date") or "").strip()
    if raw:
        try:
            published = dt.date.fromisoformat(raw[:10].replace("/", "-"))
        except ValueError:
            published = None
    return NewsArticle(url=result["url"], title=title, text=text, published=published)


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
    from urllib.parse import urlparse

    return urlparse(url).hostname or ""
