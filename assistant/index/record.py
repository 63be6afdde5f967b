"""The article record: one SQLite row per indexed article, and the index's key/value meta.

A row holds the article's content hash, metadata, cleaned text and the ids of its chunks.
It is the record of what is indexed: `store.Store` writes a row only after the article's
chunks are in Chroma, and everything that searches (dense or lexical) trusts only chunks a
row lists. A row also counts the article's sentences that address a reader or model
(`corpus.instructions`), recounted at open when the detector has changed, so the Articles
tab can mark suspicious articles. No Chroma here, so this module is cheap to import and to
test on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from ..corpus.instructions import DETECTOR_VERSION, instruction_spans
from ..types import Article, ArticleSummary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    published TEXT,
    authors TEXT NOT NULL,
    text TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    chunk_ids TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    instructions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
"""

# What a search needs of an article besides its chunk offsets.
ArticleRow = tuple[str, str, str, str, str | None, str, list[str]]  # id … text, chunk ids


class ArticleRecord(Protocol):
    """What the store needs of a record: this SQLite one, or `server_record.ChromaRecord`."""

    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def hashes(self) -> dict[str, str]: ...
    def count(self) -> int: ...
    def newest_published(self) -> dt.date | None: ...
    def chunk_ids(self, article_id: str) -> list[str]: ...
    def all_chunk_ids(self) -> set[str]: ...
    def put(self, items: Iterable[tuple[Article, Sequence[str]]]) -> None: ...
    def delete(self, article_id: str) -> bool: ...
    def article(self, article_id: str) -> Article | None: ...
    def summaries(self) -> list[ArticleSummary]: ...
    def rows(self, article_ids: Iterable[str] | None = None) -> dict[str, ArticleRow]: ...
    def close(self) -> None: ...


class Record:
    """The embedded record: one SQLite file."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(articles)")}
        if "instructions" not in columns:  # a record written before the count was kept
            with self._db:
                self._db.execute(
                    "ALTER TABLE articles ADD COLUMN instructions INTEGER NOT NULL DEFAULT 0"
                )
        if self.get_meta("instructions_detector") != DETECTOR_VERSION:
            self._recount_instructions()

    def _recount_instructions(self) -> None:
        counts = [
            (len(instruction_spans(text)), article_id)
            for article_id, text in self._db.execute("SELECT id, text FROM articles")
        ]
        with self._db:
            self._db.executemany("UPDATE articles SET instructions = ? WHERE id = ?", counts)
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('instructions_detector', ?)",
                (DETECTOR_VERSION,),
            )

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, hash FROM articles"))

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def newest_published(self) -> dt.date | None:
        row = self._db.execute("SELECT MAX(published) FROM articles").fetchone()
        return parse_date(row[0]) if row else None

    def chunk_ids(self, article_id: str) -> list[str]:
        row = self._db.execute(
            "SELECT chunk_ids FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return json.loads(row[0]) if row else []

    def all_chunk_ids(self) -> set[str]:
        known: set[str] = set()
        for (ids,) in self._db.execute("SELECT chunk_ids FROM articles"):
            known.update(json.loads(ids))
        return known

    def put(self, items: Iterable[tuple[Article, Sequence[str]]]) -> None:
        """Write (or replace) the rows of articles whose chunks are all stored."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rows = [
            (
                a.id,
                a.path,
                a.content_hash,
                a.title,
                a.source,
                a.url,
                a.published.isoformat() if a.published else None,
                json.dumps(a.authors),
                a.text,
                json.dumps(a.paragraphs),
                json.dumps(list(ids)),
                now,
                len(instruction_spans(a.text)),
            )
            for a, ids in items
        ]
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def delete(self, article_id: str) -> bool:
        with self._db:
            cur = self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cur.rowcount > 0

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT id, path, title, source, url, published, authors, text, paragraphs "
            "FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Article(
            id=row[0],
            path=row[1],
            title=row[2],
            source=row[3],
            url=row[4],
            published=parse_date(row[5]),
            authors=tuple(json.loads(row[6])),
            text=row[7],
            paragraphs=tuple(tuple(p) for p in json.loads(row[8])),  # type: ignore[misc]
        )

    def summaries(self) -> list[ArticleSummary]:
        rows = self._db.execute(
            "SELECT id, path, title, source, url, published, chunk_ids, instructions "
            "FROM articles ORDER BY published DESC, title"
        )
        return [
            ArticleSummary(
                id=r[0],
                path=r[1],
                title=r[2],
                source=r[3],
                url=r[4],
                published=parse_date(r[5]),
                chunks=len(json.loads(r[6])),
                instructions=r[7],
            )
            for r in rows
        ]

    def rows(self, article_ids: Iterable[str] | None = None) -> dict[str, ArticleRow]:
        """Search rows by id (all articles when `article_ids` is None)."""
        sql = "SELECT id, title, source, url, published, text, chunk_ids FROM articles"
        args: list[str] = []
        if article_ids is not None:
            args = sorted(set(article_ids))
            sql += f" WHERE id IN ({','.join('?' * len(args))})"
        return {
            r[0]: (r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]))
            for r in self._db.execute(sql, args)
        }

    def close(self) -> None:
        self._db.close()


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
