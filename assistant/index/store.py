"""The persistent index: chunk vectors in Chroma, articles and their hashes in SQLite.

Layout under `settings.index_dir`: `chroma/` (a Chroma `PersistentClient`, telemetry off,
cosine space; per chunk its vector, article id, paragraph and character offsets) and
`articles.sqlite` (one row per article: content hash, metadata, cleaned text and the ids of
its chunks; a chunk's text is the article text between its offsets). SQLite is the record
of what is indexed: an article's row is written only after all its new chunks are in Chroma
and its stale chunks are gone, so an interrupted ingest leaves at worst orphan chunks, which
searches skip and `sweep_orphans` removes, never a half-indexed article that looks complete.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IndexNotBuiltError
from ..runtime import offline_env
from ..settings import Settings
from ..types import Article, ArticleSummary, Chunk, Passage

HNSW = {"space": "cosine", "ef_construction": 100, "ef_search": 100, "max_neighbors": 16}

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
    ingested_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class EmbeddedArticle:
    """An article ready to store: its chunks, their ids and their vectors, in one order."""

    article: Article
    chunks: Sequence[Chunk]
    chunk_ids: Sequence[str]
    vectors: Sequence[Sequence[float]]


class Store:
    """Open with `Store.open(settings)`; cheap to keep open for the life of a process."""

    def __init__(self, index_dir: Path, collection: str) -> None:
        offline_env()  # before chromadb (and the onnxruntime it may load) is imported
        import chromadb

        self.index_dir = index_dir
        self._db = sqlite3.connect(index_dir / "articles.sqlite", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._client = chromadb.PersistentClient(
            path=str(index_dir / "chroma"),
            settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
        )
        # Set, not left to Chroma's defaults: the graph of an index is fixed at creation, and
        # an approximate search over a crowd of near-equal vectors (one article of 2,540
        # repetitive chunks) returned nothing else. These equal Chroma 1.5's defaults; what
        # keeps such a crowd out is read.py's degenerate-text check and the per-article
        # chunk cap. Larger graphs (more neighbours) cost ingest time not yet measured.
        self._collection = self._client.get_or_create_collection(
            collection, configuration={"hnsw": HNSW}
        )

    @classmethod
    def open(cls, settings: Settings, create: bool = False) -> Store:
        index_dir = settings.index_dir
        if not (index_dir / "articles.sqlite").is_file():
            if not create:
                raise IndexNotBuiltError(
                    f"no index at {index_dir}: run `assistant ingest {settings.corpus_dir}` first"
                )
            index_dir.mkdir(parents=True, exist_ok=True)
        return cls(index_dir, settings.collection)

    # --- bookkeeping -------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, hash FROM articles"))

    def article_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def chunk_count(self) -> int:
        return int(self._collection.count())

    # --- writes ------------------------------------------------------------------------

    def put_articles(self, items: Sequence[EmbeddedArticle]) -> None:
        """Replace everything stored for each article by its embedded chunks.

        New chunks are added first (one Chroma call for all: per-article calls cost more than
        the embedding of small articles), then stale chunks go and the article rows are
        committed in one transaction. An interruption in between leaves only chunks no row
        refers to, which `sweep_orphans` removes; the rows still describe the old versions.
        """
        self.add_chunks(items)
        stale: list[str] = []
        rows = []
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for item in items:
            article, new_ids = item.article, list(item.chunk_ids)
            stale += sorted(set(self._chunk_ids(article.id)) - set(new_ids))
            rows.append(
                (
                    article.id,
                    article.path,
                    article.content_hash,
                    article.title,
                    article.source,
                    article.url,
                    article.published.isoformat() if article.published else None,
                    json.dumps(article.authors),
                    article.text,
                    json.dumps(article.paragraphs),
                    json.dumps(new_ids),
                    now,
                )
            )
        if stale:
            self._collection.delete(ids=stale)
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )

    def add_chunks(self, items: Sequence[EmbeddedArticle]) -> None:
        """Write chunk vectors to Chroma, each with where it points (article id and offsets).

        The rest is the article's, kept once in SQLite: its text (a chunk is the text between
        `start` and `end`), title, source, url and date. Stored in Chroma with every chunk,
        the text would be indexed for full-text search, which nothing here uses, and every
        metadata key is an indexed row: together they were ~70% of Chroma's time per chunk.
        llama-index's `ChromaVectorStore.add` would also store each node again as JSON.
        """
        ids: list[str] = []
        vectors: list[Sequence[float]] = []
        metadatas: list[dict[str, str | int]] = []
        for item in items:
            ids += item.chunk_ids
            vectors += item.vectors
            metadatas += [
                {
                    "article_id": c.article_id,
                    "paragraph": c.paragraph,
                    "start": c.start,
                    "end": c.end,
                }
                for c in item.chunks
            ]
        step = self._client.get_max_batch_size()
        for i in range(0, len(ids), step):
            self._collection.add(
                ids=ids[i : i + step],
                embeddings=[list(v) for v in vectors[i : i + step]],
                metadatas=metadatas[i : i + step],  # type: ignore[arg-type]
            )

    def delete_article(self, article_id: str) -> bool:
        ids = self._chunk_ids(article_id)
        if ids:
            self._collection.delete(ids=ids)
        with self._db:
            cur = self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cur.rowcount > 0

    def sweep_orphans(self) -> int:
        """Delete chunks no article row refers to (left by an interrupted ingest)."""
        known: set[str] = set()
        for (ids,) in self._db.execute("SELECT chunk_ids FROM articles"):
            known.update(json.loads(ids))
        present = self._collection.get(include=[])["ids"]
        orphans = [i for i in present if i not in known]
        if orphans:
            self._collection.delete(ids=orphans)
        return len(orphans)

    def _chunk_ids(self, article_id: str) -> list[str]:
        row = self._db.execute(
            "SELECT chunk_ids FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return json.loads(row[0]) if row else []

    # --- reads -------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
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
            published=dt.date.fromisoformat(row[5]) if row[5] else None,
            authors=tuple(json.loads(row[6])),
            text=row[7],
            paragraphs=tuple(tuple(p) for p in json.loads(row[8])),  # type: ignore[misc]
        )

    def list_articles(self) -> list[ArticleSummary]:
        rows = self._db.execute(
            "SELECT id, path, title, source, url, published, chunk_ids FROM articles "
            "ORDER BY published DESC, title"
        )
        return [
            ArticleSummary(
                id=r[0],
                path=r[1],
                title=r[2],
                source=r[3],
                url=r[4],
                published=dt.date.fromisoformat(r[5]) if r[5] else None,
                chunks=len(json.loads(r[6])),
            )
            for r in rows
        ]

    def query(self, embedding: Sequence[float], k: int) -> list[Passage]:
        """The `k` chunks nearest to `embedding`, best first.

        A chunk no article row lists (left by an interrupted ingest, or written by one still
        running) is skipped: its offsets may not fit the article text on record.
        """
        n = min(k, self.chunk_count())
        if n == 0:
            return []
        res: Any = self._collection.query(
            query_embeddings=[list(embedding)], n_results=n, include=["metadatas", "distances"]
        )
        ids, metas = res["ids"][0], res["metadatas"][0]
        wanted = sorted({str(meta["article_id"]) for meta in metas})
        rows = self._db.execute(
            "SELECT id, title, source, url, published, text, chunk_ids FROM articles "
            f"WHERE id IN ({','.join('?' * len(wanted))})",
            wanted,
        )
        articles = {r[0]: r for r in rows}
        hits = []
        for cid, meta, dist in zip(ids, metas, res["distances"][0], strict=True):
            row = articles.get(str(meta["article_id"]))
            if row is None or cid not in json.loads(row[6]):
                continue
            start, end = int(meta["start"]), int(meta["end"])
            hits.append(
                Passage(
                    chunk_id=cid,
                    article_id=row[0],
                    title=row[1],
                    source=row[2],
                    url=row[3],
                    published=dt.date.fromisoformat(row[4]) if row[4] else None,
                    start=start,
                    end=end,
                    paragraph=int(meta["paragraph"]),
                    text=row[5][start:end],
                    score=1.0 - float(dist),  # cosine space: distance = 1 - cosine
                )
            )
        return hits

    def close(self) -> None:
        self._db.close()
