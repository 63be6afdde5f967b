"""Which of the unfiltered nearest chunks a `Scope` admits, decided without Chroma's metadata.

A search limited by dates or sources needs the nearest chunks inside the limits. Chroma's
own filtered query first lists every chunk its `where` clause admits (~40 ms for one week of
an 86,000-chunk archive, ~200 ms for most of it), and an unfiltered query that returns each
chunk's metadata costs ~25 µs a chunk (27 ms for 1,000); the ids and distances of the 1,000
nearest alone take ~6 ms (measured 2026-12-01 on the 52-week RealTimeQA index). A chunk id
starts with its article's id, and the record knows each article's date and source, so a map
of those, read once per chunk-set version, says which ids are inside the scope. Exact
whenever enough of the nearest pass: the admitted ones come in the order Chroma ranked them.

Too few pass for a narrow scope (one day, one week of a year): then the vector table
(`vectors.py`) ranks exactly the chunks the scope admits. Not here: the Chroma calls
(`store.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..types import ArticleSummary, Scope
from .filters import admits, filter_fields

# Nearest chunk ids read, in turn, before the vector table is asked.
SCAN_DEPTHS = (1000, 4000)


def article_of(chunk_id: str) -> str:
    """The article a chunk belongs to (`ingest` names chunks `<article id>#<version>-<n>`;
    the id is a file's path, which may hold a `#` itself)."""
    return chunk_id.rsplit("#", 1)[0]


class ArticleFields:
    """Article id → the filter fields of its chunks (date ordinal, source), from the
    record's listing; read again whenever the store's chunk-set version moves."""

    def __init__(
        self, summaries: Callable[[], list[ArticleSummary]], version: Callable[[], str]
    ) -> None:
        self._summaries, self._version = summaries, version
        self._fields: dict[str, dict[str, Any]] = {}
        self._seen: str | None = None

    def nearest(
        self, collection: Any, embedding: Sequence[float], n: int, total: int, scope: Scope
    ) -> tuple[list[str], list[float]] | None:
        """(ids, cosines) of the `n` chunks nearest to `embedding` inside `scope`, from the
        unfiltered nearest of a Chroma `collection` of `total` chunks; None when too few of
        the deepest scan pass."""
        for depth in SCAN_DEPTHS:
            found: Any = collection.query(
                query_embeddings=[list(embedding)],
                n_results=min(depth, total),
                include=["distances"],  # no metadata: the map below decides
            )
            ids, distances = found["ids"][0], found["distances"][0]
            kept = self.admitted(ids, scope)
            if len(kept) >= n or len(ids) < depth:
                pick = kept[:n]
                return [ids[i] for i in pick], [1.0 - float(distances[i]) for i in pick]
            if len(kept) * SCAN_DEPTHS[-1] < 1.5 * n * len(ids):
                return None  # at this rate the deepest scan would not find enough either
        return None

    def admitted(self, chunk_ids: Sequence[str], scope: Scope) -> list[int]:
        """Positions of the chunks inside `scope`; a chunk of an article the record does not
        list (an interrupted ingest's) is not admitted."""
        fields = self.current()
        return [
            i
            for i, cid in enumerate(chunk_ids)
            if (f := fields.get(article_of(cid))) is not None and admits(f, scope)
        ]

    def current(self) -> dict[str, dict[str, Any]]:
        """Article id → its filter fields, as of the store's chunk-set version now."""
        version = self._version()
        if version != self._seen:
            self._fields = {
                a.id: filter_fields(a.published.isoformat() if a.published else None, a.source)
                for a in self._summaries()
            }
            self._seen = version
        return self._fields
