"""A `Scope` as a test on each chunk's date and source, the fields every search reads from
the record (not from Chroma's metadata): `admits` for one chunk, `scope_mask` for a table
of them (the BM25 index's weight mask, the vector table's rows).

Dates are `date.toordinal()` integers, so ranges are plain comparisons; an undated article's
chunks carry `UNDATED`.

Not here: which chunks are searched with these tests (`scan.py`, `vectors.py`, `lexical.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import Article, Chunk, Scope
from .record import parse_date

if TYPE_CHECKING:
    import numpy as np

UNDATED = 0


def filter_fields(published: str | None, source: str) -> dict[str, Any]:
    day = parse_date(published)
    return {"published": day.toordinal() if day else UNDATED, "source": source.lower()}


def admits(fields: dict[str, Any], scope: Scope) -> bool:
    """Whether a chunk with these `filter_fields` is inside `scope`."""
    low, high = scope.date_range()
    day = int(fields.get("published", UNDATED))
    if day == UNDATED:
        dated_ok = scope.keeps_undated
    else:
        dated_ok = (low is None or day >= low.toordinal()) and day <= high.toordinal()
    names = {s.lower() for s in scope.sources}
    return dated_ok and (not names or str(fields.get("source", "")) in names)


def scope_mask(published: np.ndarray, sources: np.ndarray, scope: Scope) -> np.ndarray:
    """`admits` over whole columns: date ordinals and lower-cased sources → booleans."""
    import numpy as np

    low, high = scope.date_range()
    keep = (published <= high.toordinal()) & (
        published >= (low.toordinal() if low else UNDATED + 1)
    )
    if scope.keeps_undated:
        keep |= published == UNDATED
    if scope.sources:
        keep &= np.isin(sources, [s.lower() for s in scope.sources])
    return keep


def chunk_metadata(chunk: Chunk, article: Article) -> dict[str, str | int]:
    """What Chroma keeps with a chunk: where it points. (Its date and source are the
    record's: Chroma indexes every metadata key, and filtering there cost more than the
    scan and the vector table, which read them from the record.)"""
    return {
        "article_id": chunk.article_id,
        "paragraph": chunk.paragraph,
        "start": chunk.start,
        "end": chunk.end,
    }
