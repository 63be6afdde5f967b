"""The vector table: every searchable chunk's vector in one matrix on disk, so a search
inside a narrow scope ranks exactly the chunks the scope admits.

A scope that admits most of the archive is served by the scan of the unfiltered nearest
(`scan.py`). For a narrow one (a day or a week of a year's archive) too few of those pass,
and Chroma's own filtered query first lists every chunk its `where` clause admits: ~100 ms a
search (p50 of the 41 of 330 RealTimeQA test questions that reached it on the 52-week index,
2026-12-01). Here the scope's mask picks the rows and numpy computes their cosines, exact
where Chroma's graph is approximate: ~2 ms for 10,000 rows once paged in (the scan's first
1,000 nearest ids alone take ~6 ms). The matrix (float32: 1.5 KB a chunk, 132 MB for the
86,204-chunk year) is memory-mapped, so a search pages in only the rows it reads.

Rebuilt from Chroma whenever the chunk-set version moves (read in ~3–5 s for the year), and
persisted under `index_dir/vectors/` with that version. An ingest or delete of this process
rebuilds it at its end; after another machine's ingest into a shared Chroma server, the first
narrow search of each `serve` process rebuilds it (every vector over HTTP), as the BM25 index
is. Chunks the record does not list (an interrupted ingest's) are left out. If the folder
cannot be written, the table is kept in memory only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import Scope
from .filters import ChunkColumns
from .saved import READ_LOCK, is_current, save_folder
from .scan import ArticleFields, article_of

# Layout of the saved table; changing it rebuilds it.
TABLE_VERSION = "float32-normalised-1"


@dataclass(frozen=True)
class _Table:
    """One built or loaded table, swapped in whole so a search never mixes two."""

    version: str
    chunks: ChunkColumns
    vectors: Any  # np.ndarray (n, dim), rows of unit length, memory-mapped once saved


class VectorTable:
    def __init__(
        self,
        folder: Path,
        pages: Callable[[], Iterator[tuple[list[str], Any]]],
        fields: ArticleFields,
        version: Callable[[], str],
        listed: Callable[[], set[str]],
    ) -> None:
        """`pages` yields (chunk ids, their vectors) from Chroma; `listed` is every chunk id
        the record's articles name."""
        self.folder = folder
        self._pages, self._fields, self._version, self._listed = pages, fields, version, listed
        self._lock = threading.Lock()
        self._table: _Table | None = None

    def nearest(
        self, embedding: Sequence[float], n: int, scope: Scope, most: int | None = None
    ) -> tuple[list[str], list[float]] | None:
        """(ids, cosines) of the `n` chunks inside `scope` nearest to `embedding`, best first;
        None when the scope admits more than `most` chunks (then the scan is faster)."""
        import numpy as np

        self.ensure_current()
        table = self._table
        if table is None or not table.chunks.ids:
            return [], []
        rows = np.flatnonzero(table.chunks.mask(scope))
        if most is not None and len(rows) > most:
            return None
        query = np.asarray(embedding, dtype=np.float32)
        query = query / (float(np.linalg.norm(query)) or 1.0)  # not the caller's array
        cosines = table.vectors[rows] @ query
        best = np.argpartition(-cosines, n - 1)[:n] if len(rows) > n else np.arange(len(rows))
        best = best[np.lexsort((best, -cosines[best]))]  # ties (wire copies) in table order
        ids = table.chunks.ids
        return [ids[rows[i]] for i in best], [float(cosines[i]) for i in best]

    def ensure_current(self) -> None:
        version = self._version()
        if self._table is not None and self._table.version == version:
            return
        with self._lock:
            if self._table is None or self._table.version != version:
                self._table = self._load(version) or self._build(version)

    def _state(self, version: str) -> dict[str, str]:
        return {"table": TABLE_VERSION, "chunks_version": version}

    def _build(self, version: str) -> _Table:
        import numpy as np

        listed, known = self._listed(), self._fields.current()
        ids: list[str] = []
        parts: list[Any] = []
        fields: list[dict[str, Any]] = []
        for page_ids, vectors in self._pages():
            keep = [i for i, cid in enumerate(page_ids) if cid in listed]
            found = [known.get(article_of(page_ids[i])) for i in keep]
            keep = [i for i, f in zip(keep, found, strict=True) if f is not None]
            ids += [page_ids[i] for i in keep]
            fields += [f for f in found if f is not None]
            parts.append(np.asarray(vectors, dtype=np.float32)[keep])
        matrix = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        if len(matrix):
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        table = _Table(version, ChunkColumns.of(ids, fields), matrix)

        def write(tmp: Path) -> None:
            np.save(tmp / "vectors.npy", table.vectors)
            docs = table.chunks.to_json()
            (tmp / "chunks.json").write_text(json.dumps(docs), encoding="utf-8")

        try:
            save_folder(self.folder, self._state(version), write)
        except OSError:
            return table  # searched from memory; the next process tries again
        return self._load(version) or table  # memory-mapped, as a later process loads it

    def _load(self, version: str) -> _Table | None:
        if not is_current(self.folder, self._state(version)):
            return None
        import numpy as np

        try:
            docs = json.loads((self.folder / "chunks.json").read_text(encoding="utf-8"))
            empty = not docs["ids"]  # numpy cannot map an empty array
            with READ_LOCK:
                vectors = np.load(self.folder / "vectors.npy", mmap_mode=None if empty else "r")
        except (OSError, ValueError, KeyError):
            return None
        if len(vectors) != len(docs["ids"]):
            return None
        return _Table(version, ChunkColumns.from_json(docs), vectors)
