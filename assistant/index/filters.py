"""A `Scope` inside the search: the date and source fields every chunk carries, and the
Chroma `where` clause that selects them (BM25 applies the same test as a mask, `lexical.py`).

Dates are stored as `date.toordinal()` integers, so ranges are plain `$gte`/`$lte`
comparisons; an undated article's chunks carry `UNDATED`.
"""

from __future__ import annotations

from typing import Any

from ..types import Article, Chunk, Scope
from .record import parse_date

UNDATED = 0
MAX_LISTED_DAYS = 400  # a date range up to this long is searched as a list of days


def filter_fields(published: str | None, source: str) -> dict[str, Any]:
    day = parse_date(published)
    return {"published": day.toordinal() if day else UNDATED, "source": source.lower()}


def where_filter(scope: Scope | None) -> dict[str, Any] | None:
    """`scope` as a Chroma `where` clause (None: search everything)."""
    if scope is None:
        return None
    low, high = scope.date_range()
    dates: dict[str, Any]
    if low is not None and (high - low).days <= MAX_LISTED_DAYS:
        # Each condition is evaluated over the whole archive: `$lte` lists most of it
        # (~100 ms on 86,000 chunks); a list of days finds only those (~25 ms).
        days = list(range(low.toordinal(), high.toordinal() + 1))
        dates = {"published": {"$in": days + ([UNDATED] if scope.keeps_undated else [])}}
    else:
        dated: list[dict[str, Any]] = [{"published": {"$lte": high.toordinal()}}]
        dated.append({"published": {"$gte": low.toordinal() if low else UNDATED + 1}})
        dates = {"$and": dated}
        if scope.keeps_undated:
            dates = {"$or": [dates, {"published": UNDATED}]}
    if not scope.sources:
        return dates
    return {"$and": [dates, {"source": {"$in": [s.lower() for s in scope.sources]}}]}


def admits(meta: dict[str, Any], scope: Scope) -> bool:
    """Whether a chunk with metadata `meta` is inside `scope` (the `where_filter` test)."""
    low, high = scope.date_range()
    day = int(meta.get("published", UNDATED))
    if day == UNDATED:
        dated_ok = scope.keeps_undated
    else:
        dated_ok = (low is None or day >= low.toordinal()) and day <= high.toordinal()
    names = {s.lower() for s in scope.sources}
    return dated_ok and (not names or str(meta.get("source", "")) in names)


def chunk_metadata(chunk: Chunk, article: Article) -> dict[str, str | int]:
    """What Chroma keeps with a chunk: where it points, and what the filters read."""
    published = article.published.isoformat() if article.published else None
    return {
        "article_id": chunk.article_id,
        "paragraph": chunk.paragraph,
        "start": chunk.start,
        "end": chunk.end,
        **filter_fields(published, article.source),
    }
