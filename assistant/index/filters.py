"""A `Scope` as a test on each chunk's date and source, the fields every search reads from
the record (not from Chroma's metadata): `admits` for one chunk, `ChunkColumns.mask` for a
table of them (the BM25 index's weight mask, the vector table's rows).

Dates are `date.toordinal()` integers, so ranges are plain comparisons; an undated article's
chunks carry `UNDATED`.

Not here: which chunks are searched with these tests (`scan.py`, `vectors.py`, `lexical.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChunkColumns:
    """The chunks of a derived table (BM25 index, vector table), in its row order, with the
    `filter_fields` a scope tests: date ordinals and lower-cased sources."""

    ids: list[str]
    published: np.ndarray  # int64
    sources: np.ndarray  # object (str)

    @classmethod
    def of(cls, ids: list[str], fields: list[dict[str, Any]]) -> ChunkColumns:
        import numpy as np

        published = np.array([f["published"] for f in fields], dtype=np.int64)
        return cls(ids, published, np.array([f["source"] for f in fields], dtype=object))

    @classmethod
    def from_json(cls, docs: dict[str, Any]) -> ChunkColumns:
        import numpy as np

        published = np.array(docs["published"], dtype=np.int64)
        return cls(docs["ids"], published, np.array(docs["sources"], dtype=object))

    def to_json(self) -> dict[str, Any]:
        return {
            "ids": self.ids,
            "published": self.published.tolist(),
            "sources": self.sources.tolist(),
        }

    def mask(self, scope: Scope) -> np.ndarray:
        """`admits` for every row at once: booleans."""
        import numpy as np

        low, high = scope.date_range()
        published = self.published
        keep = (published <= high.toordinal()) & (
            published >= (low.toordinal() if low else UNDATED + 1)
        )
        if scope.keeps_undated:
            keep |= published == UNDATED
        if scope.sources:
            keep &= np.isin(self.sources, [s.lower() for s in scope.sources])
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
