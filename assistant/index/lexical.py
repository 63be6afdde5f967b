"""The lexical index: BM25 (the `bm25s` library) over every chunk's title and text.

Dense MiniLM vectors blur exactly what news questions hinge on: names, figures, a film's
title, a rare word. BM25 matches them. bm25s cannot add or remove documents, so the index is
rebuilt from the store whenever its set of chunks changed (`Store.chunks_version`, bumped by
every ingest, update and delete); ingest rebuilds it at the end, and a search finds and
rebuilds a missing or stale one. Persisted under `index_dir/bm25/` with the chunk-set
version and `LEXICAL_VERSION` it was built with, beside per-chunk dates and sources, so a
`Scope` filters inside the search (a weight mask), not after it, and beside the names the
archive spells out (`initialisms`), for its vocabulary (`lexicon`).

Not here: fusion with the dense list (`retrieve.py`).
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text import fold
from ..types import Scope
from . import initialisms
from .filters import ChunkColumns, filter_fields
from .saved import READ_LOCK, is_current, save_folder
from .store import Store

# Tokenizer, scoring and spelled-out names of the stored index; changing any rebuilds it.
# 2: initialisms spelled out; 3: a department named before its head spelled both ways.
LEXICAL_VERSION = "bm25s-lucene-en-snowball-3"


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    score: float


@dataclass(frozen=True)
class ChunkText:
    """One searchable chunk as the lexical index reads it."""

    chunk_id: str
    title: str
    text: str
    fields: dict[str, Any]  # `filter_fields`: date ordinal, lower-cased source


def chunk_texts(store: Store) -> list[ChunkText]:
    """Every searchable chunk's title, text, date and source, read from the store."""
    rows = store.record.rows()
    listed = {cid for row in rows.values() for cid in row[6]}
    out = []
    for ids, metas in store.pages():
        for cid, meta in zip(ids, metas, strict=True):
            row = rows.get(str(meta["article_id"]))
            if row is None or cid not in listed:
                continue
            start, end = int(meta["start"]), int(meta["end"])
            fields = filter_fields(row[4], row[2])
            out.append(ChunkText(cid, row[1], row[5][start:end], fields))
    return out


@dataclass(frozen=True)
class _Built:
    """One built or loaded BM25 index, swapped in whole so a search never mixes two."""

    version: str
    bm25: Any
    chunks: ChunkColumns
    spelled: str  # `initialisms.spelled_out` of every title and text


class LexicalIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = store.index_dir / "bm25"
        self._lock = threading.Lock()
        self._built: _Built | None = None
        self._words: tuple[str, list[str]] = ("", [])  # chunk-set version, sorted vocabulary

    def search(self, query: str, k: int, scope: Scope | None = None) -> list[LexicalHit]:
        """The `k` best-scoring chunks for `query` within `scope` (only those with a score)."""
        self.ensure_current()
        built = self._built  # one state for the whole search, even if another swaps in
        if built is None or not built.chunks.ids:
            return []
        tokens = _tokenize([query])[0]
        if not tokens:
            return []
        ids = built.chunks.ids
        mask = None if scope is None else built.chunks.mask(scope).astype("float32")
        docs, scores = built.bm25.retrieve(
            [tokens], k=min(k, len(ids)), weight_mask=mask, show_progress=False
        )
        return [
            LexicalHit(ids[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def lexicon(self) -> Callable[[str], bool]:
        """Whether some chunk holds a word: one of its stemmed tokens, accents folded, is a
        token of the index or the start of one ("korea" of "korean", "us" of "usd"), or is
        without its plural "s" ("llms" of "LLM": the stemmer keeps it on initialisms); or the
        word is an initialism some chunk spells out ("FTC": `initialisms`); as of now (one
        look at the chunk-set version, however many words are asked). A stop word is held;
        so is anything while the index is empty (nothing to say it lacks)."""
        self.ensure_current()
        built = self._built
        if built is None or built.bm25 is None:
            return lambda word: True
        if self._words[0] != built.version:  # sorted once per chunk set
            words = {t if t.isascii() else fold(t) for t in built.bm25.vocab_dict}
            self._words = (built.version, sorted(words))
        vocabulary = self._words[1]

        def known(token: str) -> bool:
            i = bisect.bisect_left(vocabulary, token)
            return i < len(vocabulary) and vocabulary[i].startswith(token)

        def holds(word: str) -> bool:
            tokens = [fold(t) for t in _tokenize([word])[0]]
            return (
                not tokens
                or any(
                    known(t) or (len(t) > 2 and t.endswith("s") and known(t[:-1])) for t in tokens
                )
                or initialisms.spells(built.spelled, word)
            )

        return holds

    def ensure_current(self) -> None:
        """Load the saved index, or rebuild it if it is missing or stale. In server mode the
        chunk-set version moves whenever another machine ingests."""
        version = self.store.chunks_version()
        if self._built is not None and self._built.version == version:
            return
        with self._lock:
            if self._built is not None and self._built.version == version:
                return
            self._built = self._load(version) or self._build(version)

    # --- building and loading ------------------------------------------------------------

    def _build(self, version: str) -> _Built:
        import bm25s

        chunks = chunk_texts(self.store)
        bm25 = None
        if chunks:
            bm25 = bm25s.BM25()
            bm25.index(_tokenize([_document(c) for c in chunks]), show_progress=False)
        columns = ChunkColumns.of([c.chunk_id for c in chunks], [c.fields for c in chunks])
        titles = {c.title for c in chunks}  # each chunk carries its article's title
        spelled = initialisms.spelled_out([*titles, *(c.text for c in chunks)])
        built = _Built(version, bm25, columns, spelled)
        self._save(built)
        return built

    def _state(self, version: str) -> dict[str, str]:
        return {"lexical": LEXICAL_VERSION, "chunks_version": version}

    def _save(self, built: _Built) -> None:
        def write(tmp: Path) -> None:
            if built.bm25 is not None:
                built.bm25.save(str(tmp / "bm25"), show_progress=False)
            docs = built.chunks.to_json()
            (tmp / "chunks.json").write_text(json.dumps(docs), encoding="utf-8")
            (tmp / "spelled.txt").write_text(built.spelled, encoding="utf-8")

        save_folder(self.folder, self._state(built.version), write)

    def _load(self, version: str) -> _Built | None:
        if not is_current(self.folder, self._state(version)):
            return None
        try:
            docs = json.loads((self.folder / "chunks.json").read_text(encoding="utf-8"))
            spelled = (self.folder / "spelled.txt").read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        import bm25s

        bm25 = None
        if docs["ids"]:
            try:
                with READ_LOCK:
                    bm25 = bm25s.BM25.load(str(self.folder / "bm25"), show_progress=False)
            except (OSError, ValueError):
                return None
        return _Built(version, bm25, ChunkColumns.from_json(docs), spelled)


def _document(chunk: ChunkText) -> str:
    return f"{chunk.title}\n{chunk.text}"


def _tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s
    import Stemmer

    return bm25s.tokenize(  # type: ignore[return-value]
        texts,
        stopwords="en",
        stemmer=_stemmer(Stemmer),
        return_ids=False,
        show_progress=False,
    )


_STEMMER: Any = None


def _stemmer(module: Any) -> Any:
    global _STEMMER
    if _STEMMER is None:
        _STEMMER = module.Stemmer("english")
    return _STEMMER
