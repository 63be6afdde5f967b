"""Server mode (`chroma_url`): the article record kept in the Chroma server itself, so that
several `assistant serve` processes on several machines share one index with no local state
but caches.

Why the record lives in Chroma and not in a SQL server: Chroma is then the only server to
run, secure and back up; the record needs no query a SQL server would do better (look-ups by
article id, and a full scan for listing, hashing and the BM25 rebuild); and a second
database would need the two to agree after a crash, where here the order of writes alone
keeps them consistent, as in embedded mode: an article's row (its id, the cleaned text as
the document, the rest as metadata) is written only after all its chunks are in the chunk
collection, so a server that goes down mid-ingest leaves at worst orphan chunks, which
searches skip and the next ingest sweeps. The index's key/value meta (signature, chunk-set
version, …) is a third collection. The BM25 index and the vector table stay local caches
under `index_dir`, rebuilt from the server whenever its chunk-set version has moved (the
table reads every vector over HTTP).

Chroma wants a vector with every record; rows and meta carry a constant one-number vector
that nothing searches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..corpus.instructions import DETECTOR_VERSION, instruction_spans
from ..types import Article, ArticleSummary
from .record import ArticleRow, parse_date

_VECTOR = [1.0]
_PAGE = 1000


class ChromaRecord:
    """The `record.Record` interface over two collections of a Chroma server."""

    def __init__(self, client: Any, name: str) -> None:
        self._rows = client.get_or_create_collection(f"{name}__articles")
        self._meta = client.get_or_create_collection(f"{name}__meta")
        if self.get_meta("instructions_detector") != DETECTOR_VERSION and self.count():
            self._recount_instructions()

    def _recount_instructions(self) -> None:
        for ids, metas, texts in self._pages(documents=True):
            fixed = [
                {**m, "instructions": len(instruction_spans(t))}
                for m, t in zip(metas, texts, strict=True)
            ]
            self._rows.update(ids=ids, metadatas=fixed)
        self.set_meta("instructions_detector", DETECTOR_VERSION)

    def _pages(self, documents: bool = False) -> Iterator[tuple[list[str], list[Any], list[str]]]:
        include = ["metadatas", "documents"] if documents else ["metadatas"]
        offset = 0
        while True:
            got: Any = self._rows.get(include=include, limit=_PAGE, offset=offset)
            if not got["ids"]:
                return
            yield got["ids"], got["metadatas"], got.get("documents") or [""] * len(got["ids"])
            offset += len(got["ids"])

    def get_meta(self, key: str) -> str | None:
        got: Any = self._meta.get(ids=[key], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def set_meta(self, key: str, value: str) -> None:
        self._meta.upsert(ids=[key], documents=[value], embeddings=[_VECTOR])

    def hashes(self) -> dict[str, str]:
        return {
            i: m["hash"] for ids, metas, _ in self._pages() for i, m in zip(ids, metas, strict=True)
        }

    def count(self) -> int:
        return int(self._rows.count())

    def newest_published(self) -> dt.date | None:
        """Kept in the meta by `put` (every search asks; a scan of every row over HTTP would
        grow with the archive); an index written before that is scanned once."""
        newest = self.get_meta("newest_published")
        if newest is None:
            dates = [m["published"] for _, ms, _ in self._pages() for m in ms if m["published"]]
            newest = max(dates, default="")
            self.set_meta("newest_published", newest)
        return parse_date(newest or None)

    def chunk_ids(self, article_id: str) -> list[str]:
        got: Any = self._rows.get(ids=[article_id], include=["metadatas"])
        return json.loads(got["metadatas"][0]["chunk_ids"]) if got["ids"] else []

    def all_chunk_ids(self) -> set[str]:
        return {
            c for _, metas, _ in self._pages() for m in metas for c in json.loads(m["chunk_ids"])
        }

    def put(self, items: Iterable[tuple[Article, Sequence[str]]]) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        ids, texts, metas = [], [], []
        for a, chunk_ids in items:
            ids.append(a.id)
            texts.append(a.text)
            metas.append(
                {
                    "path": a.path,
                    "hash": a.content_hash,
                    "title": a.title,
                    "source": a.source,
                    "url": a.url,
                    "published": a.published.isoformat() if a.published else "",
                    "authors": json.dumps(a.authors),
                    "paragraphs": json.dumps(a.paragraphs),
                    "chunk_ids": json.dumps(list(chunk_ids)),
                    "ingested_at": now,
                    "instructions": len(instruction_spans(a.text)),
                }
            )
        for i in range(0, len(ids), _PAGE):
            self._rows.upsert(
                ids=ids[i : i + _PAGE],
                documents=texts[i : i + _PAGE],
                metadatas=metas[i : i + _PAGE],
                embeddings=[_VECTOR] * len(ids[i : i + _PAGE]),
            )
        if ids and self.get_meta("instructions_detector") != DETECTOR_VERSION:
            self.set_meta("instructions_detector", DETECTOR_VERSION)
        # A deleted article may leave it later than any row: then a search filters by date
        # where it need not, which is slower, never wrong.
        known = self.get_meta("newest_published")
        newest = max((m["published"] for m in metas), default="")
        if known is None:
            self.newest_published()  # the one scan, these rows included
        elif newest > known:
            self.set_meta("newest_published", newest)

    def delete(self, article_id: str) -> bool:
        if not self._rows.get(ids=[article_id], include=[])["ids"]:
            return False
        self._rows.delete(ids=[article_id])
        return True

    def article(self, article_id: str) -> Article | None:
        got: Any = self._rows.get(ids=[article_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        m = got["metadatas"][0]
        return Article(
            id=article_id,
            path=m["path"],
            title=m["title"],
            source=m["source"],
            url=m["url"],
            published=parse_date(m["published"] or None),
            authors=tuple(json.loads(m["authors"])),
            text=got["documents"][0],
            paragraphs=tuple(tuple(p) for p in json.loads(m["paragraphs"])),  # type: ignore[misc]
        )

    def summaries(self) -> list[ArticleSummary]:
        found = [
            ArticleSummary(
                id=i,
                path=m["path"],
                title=m["title"],
                source=m["source"],
                url=m["url"],
                published=parse_date(m["published"] or None),
                chunks=len(json.loads(m["chunk_ids"])),
                instructions=int(m.get("instructions", 0)),
            )
            for ids, metas, _ in self._pages()
            for i, m in zip(ids, metas, strict=True)
        ]
        # As the SQLite record: newest first (undated last), then by title.
        found.sort(key=lambda s: s.title)
        found.sort(key=lambda s: s.published or dt.date.min, reverse=True)
        return found

    def rows(self, article_ids: Iterable[str] | None = None) -> dict[str, ArticleRow]:
        if article_ids is None:
            pages = list(self._pages(documents=True))
        else:
            wanted = sorted(set(article_ids))
            if not wanted:
                return {}
            got: Any = self._rows.get(ids=wanted, include=["metadatas", "documents"])
            pages = [(got["ids"], got["metadatas"], got["documents"])]
        return {
            i: (
                i,
                m["title"],
                m["source"],
                m["url"],
                m["published"] or None,
                t,
                json.loads(m["chunk_ids"]),
            )
            for ids, metas, texts in pages
            for i, m, t in zip(ids, metas, texts, strict=True)
        }

    def close(self) -> None:
        """Nothing to release: the HTTP client holds no lock."""
