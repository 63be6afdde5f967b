"""The persistent index: chunk vectors in Chroma, articles and their hashes in SQLite.

Layout under `settings.index_dir`: `chroma/` (a Chroma `PersistentClient`, telemetry off,
cosine space; per chunk its vector, article id, paragraph and character offsets) and
`articles.sqlite` (`record.Record`: one row per article: content hash, metadata, cleaned text
and the ids of its chunks; a chunk's text is the article text between its offsets), beside
the caches derived from them: `bm25/` (`lexical.py`) and `vectors/` (`vectors.py`). Each
search limited by dates or sources (`Scope`) reads them from the record: the nearest chunk
ids are scanned for those the scope admits (`scan.py`), or, for a scope too narrow for that,
the vector table ranks exactly the admitted ones (`vectors.py`). SQLite is the record
of what is indexed: an article's row is written only after all its new chunks are in Chroma
and its stale chunks are gone, so an interrupted ingest leaves at worst orphan chunks, which
searches skip and `sweep_orphans` removes, never a half-indexed article that looks complete.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IndexNotBuiltError
from ..settings import Settings
from ..types import Article, ArticleSummary, Chunk, Passage, Scope
from .clients import connect
from .filters import chunk_metadata
from .record import ArticleRow, parse_date
from .scan import ArticleFields
from .vectors import VectorTable

# Scopes admitting up to this many chunks go straight to the vector table (~2 ms warm for
# 10,000 rows, against ~6 ms for the scan's first 1,000 nearest ids; 2026-12-01, 52 weeks).
TABLE_ROWS = 10_000
HNSW = {"space": "cosine", "ef_construction": 100, "ef_search": 100, "max_neighbors": 16}


@dataclass(frozen=True)
class EmbeddedArticle:
    """An article ready to store: its chunks, their ids and their vectors, in one order."""

    article: Article
    chunks: Sequence[Chunk]
    chunk_ids: Sequence[str]
    vectors: Sequence[Sequence[float]]


class Store:
    """Open with `Store.open(settings)`; cheap to keep open for the life of a process."""

    def __init__(
        self,
        index_dir: Path,
        collection: str,
        server: str = "",
        token: str = "",
        create: bool = True,
        timeout_s: float = 60.0,
    ) -> None:
        self.index_dir = index_dir
        self.server = server
        self._client, self.record = connect(index_dir, collection, server, token, create, timeout_s)
        # Set, not left to Chroma's defaults: the graph of an index is fixed at creation, and
        # an approximate search over a crowd of near-equal vectors (one article of 2,540
        # repetitive chunks) returned nothing else. These equal Chroma 1.5's defaults; what
        # keeps such a crowd out is read.py's degenerate-text check and the per-article
        # chunk cap. Larger graphs (more neighbours) cost ingest time not yet measured.
        self._collection = self._client.get_or_create_collection(
            collection, configuration={"hnsw": HNSW}
        )
        self._fields = ArticleFields(self.record.summaries, self.chunks_version)
        self.vectors = VectorTable(
            index_dir / "vectors",
            lambda: self.pages("embeddings"),
            self._fields,
            self.chunks_version,
            self.record.all_chunk_ids,
        )
        self._count: tuple[str, int] | None = None

    @classmethod
    def open(cls, settings: Settings, create: bool = False) -> Store:
        index_dir = settings.index_dir
        if settings.chroma_url:
            index_dir.mkdir(parents=True, exist_ok=True)
            server = (settings.chroma_url, settings.chroma_token)
            return cls(index_dir, settings.collection, *server, create, settings.chroma_timeout_s)
        if not (index_dir / "articles.sqlite").is_file():
            if not create:
                raise IndexNotBuiltError(
                    f"no index at {index_dir}: run `assistant ingest {settings.corpus_dir}` first"
                )
            index_dir.mkdir(parents=True, exist_ok=True)
        return cls(index_dir, settings.collection)

    # --- bookkeeping -------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        return self.record.get_meta(key)

    def set_meta(self, key: str, value: str) -> None:
        self.record.set_meta(key, value)

    def hashes(self) -> dict[str, str]:
        return self.record.hashes()

    def article_count(self) -> int:
        return self.record.count()

    def chunk_count(self) -> int:
        """Chroma's count (~5 ms on 86,000 chunks), kept while the chunk-set version holds."""
        version = self.chunks_version()
        if self._count is None or self._count[0] != version:
            self._count = (version, int(self._collection.count()))
        return self._count[1]

    def chunks_version(self) -> str:
        """Changes whenever the set of searchable chunks changes (lexical index staleness)."""
        return self.get_meta("chunks_version") or ""

    def _chunks_changed(self) -> None:
        self.set_meta("chunks_version", uuid.uuid4().hex)
        # Code before 407acb8 filtered on dates it kept in each chunk's metadata, and added
        # them at open unless this said "2": chunks written now have none.
        self.set_meta("chunk_fields", "")

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
        for item in items:
            stale += sorted(set(self.record.chunk_ids(item.article.id)) - set(item.chunk_ids))
        if stale:
            self._collection.delete(ids=stale)
        self.record.put((item.article, item.chunk_ids) for item in items)
        self._chunks_changed()

    def add_chunks(self, items: Sequence[EmbeddedArticle]) -> None:
        """Write chunk vectors to Chroma, each with where it points (article, offsets).

        The rest is the article's, kept once in SQLite. Chroma indexes stored text for its
        full-text search (unused) and each metadata key as a row: text and all metadata were
        ~70% of its time per chunk. Date and source are read from the record by the scan and
        the vector table.
        """
        ids: list[str] = []
        vectors: list[Sequence[float]] = []
        metadatas: list[dict[str, str | int]] = []
        for item in items:
            ids += item.chunk_ids
            vectors += item.vectors
            metadatas += [chunk_metadata(c, item.article) for c in item.chunks]
        step = self._client.get_max_batch_size()
        for i in range(0, len(ids), step):
            self._collection.add(
                ids=ids[i : i + step],
                embeddings=[list(v) for v in vectors[i : i + step]],
                metadatas=metadatas[i : i + step],  # type: ignore[arg-type]
            )

    def delete_article(self, article_id: str) -> bool:
        ids = self.record.chunk_ids(article_id)
        if ids:
            self._collection.delete(ids=ids)
        deleted = self.record.delete(article_id)
        self._chunks_changed()
        return deleted

    def sweep_orphans(self) -> int:
        """Delete chunks no article row refers to (left by an interrupted ingest)."""
        known = self.record.all_chunk_ids()
        present = self._collection.get(include=[])["ids"]
        orphans = [i for i in present if i not in known]
        if orphans:
            self._collection.delete(ids=orphans)
        return len(orphans)

    def pages(self, field: str = "metadatas", size: int = 5000) -> Iterator[tuple[list[str], Any]]:
        """Every chunk id with its `field` ("metadatas" or "embeddings"), a page at a time."""
        offset = 0
        while True:
            got: Any = self._collection.get(include=[field], limit=size, offset=offset)  # type: ignore[list-item]
            if not got["ids"]:
                return
            yield got["ids"], got[field]
            offset += len(got["ids"])

    # --- reads -------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        return self.record.article(article_id)

    def list_articles(self) -> list[ArticleSummary]:
        return self.record.summaries()

    def query(
        self, embedding: Sequence[float], k: int, scope: Scope | None = None
    ) -> list[Passage]:
        """The `k` chunks nearest to `embedding` within `scope`, best first.

        A chunk no article row lists (left by an interrupted ingest, or written by one still
        running) is skipped: its offsets may not fit the article text on record.
        """
        total = self.chunk_count()
        n = min(k, total)
        if n == 0:
            return []
        if scope is not None:
            low, high = scope.date_range()
            if low is not None and low > high:
                return []  # a range that ends before it starts admits nothing
            # A narrow scope: its few chunks ranked exactly. A wide one: the unfiltered
            # nearest hold the nearest admitted chunks whenever enough pass.
            found = self.vectors.nearest(embedding, n, scope, most=TABLE_ROWS)
            found = found or self._fields.nearest(self._collection, embedding, n, total, scope)
            ids, scores = found or self.vectors.nearest(embedding, n, scope) or ([], [])
            return self.passages(ids, scores=scores)
        return self._passages(*self._nearest(embedding, n))

    def _nearest(
        self, embedding: Sequence[float], n: int
    ) -> tuple[list[str], list[Any], list[float]]:
        res: Any = self._collection.query(
            query_embeddings=[list(embedding)], n_results=n, include=["metadatas", "distances"]
        )
        # cosine space: distance = 1 - cosine
        return res["ids"][0], res["metadatas"][0], [1.0 - float(d) for d in res["distances"][0]]

    def passages(
        self,
        chunk_ids: Sequence[str],
        embedding: Sequence[float] = (),
        scores: Sequence[float] | None = None,
    ) -> list[Passage]:
        """The given chunks as passages, in that order, scored by cosine to `embedding`, or
        with the `scores` given (then no vector is read)."""
        if not chunk_ids:
            return []
        include = ["metadatas"] if scores is not None else ["metadatas", "embeddings"]
        got: Any = self._collection.get(ids=list(chunk_ids), include=include)  # type: ignore[arg-type]
        metas = dict(zip(got["ids"], got["metadatas"], strict=True))
        given = dict(zip(chunk_ids, scores, strict=True)) if scores is not None else {}
        if scores is None:
            vectors = zip(got["ids"], got["embeddings"], strict=True)
            given = {c: _cosine(embedding, v) for c, v in vectors}
        ids = [c for c in chunk_ids if c in metas]
        return self._passages(ids, [metas[c] for c in ids], [given[c] for c in ids])

    def article_passages(self, article_id: str, embedding: Sequence[float]) -> list[Passage]:
        """Every chunk of one article as a passage, in reading order."""
        found = self.passages(self.record.chunk_ids(article_id), embedding)
        return sorted(found, key=lambda p: p.start)

    def _passages(
        self, ids: Sequence[str], metas: Sequence[Any], scores: Sequence[float]
    ) -> list[Passage]:
        articles: dict[str, ArticleRow] = self.record.rows(str(m["article_id"]) for m in metas)
        hits = []
        for cid, meta, score in zip(ids, metas, scores, strict=True):
            row = articles.get(str(meta["article_id"]))
            if row is None or cid not in row[6]:
                continue
            start, end = int(meta["start"]), int(meta["end"])
            hits.append(
                Passage(
                    chunk_id=cid,
                    article_id=row[0],
                    title=row[1],
                    source=row[2],
                    url=row[3],
                    published=parse_date(row[4]),
                    start=start,
                    end=end,
                    paragraph=int(meta["paragraph"]),
                    text=row[5][start:end],
                    score=score,
                )
            )
        return hits

    def close(self) -> None:
        self.record.close()


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.hypot(*a) * math.hypot(*b)
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
