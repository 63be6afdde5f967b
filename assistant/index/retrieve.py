"""Retrieval: question → the top passages from the index, near-duplicates removed.

Dense retrieval over MiniLM embeddings in Chroma. Syndicated news repeats itself, so a
passage whose words mostly repeat a better-ranked passage is dropped before the `top_k`
cut: the model's few prompt tokens then go to distinct evidence.
"""

from __future__ import annotations

from ..embed.base import Embedder
from ..settings import Settings
from ..text import content_terms
from ..types import Passage
from .store import Store

# Jaccard overlap of content words above which a passage counts as a near-duplicate of a
# better-ranked one (wire copies of one story differ in a few words, not a third of them).
DUPLICATE_OVERLAP = 0.7


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, settings: Settings) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings

    def retrieve(self, query: str) -> list[Passage]:
        (vector,) = self.embedder.embed([query])
        hits = self.store.query(vector, self.settings.candidates)
        return drop_near_duplicates(hits)[: self.settings.top_k]


def drop_near_duplicates(hits: list[Passage]) -> list[Passage]:
    kept: list[tuple[Passage, set[str]]] = []
    for hit in hits:
        terms = content_terms(hit.text)
        if any(
            _same_place(hit, other) or _jaccard(terms, t) > DUPLICATE_OVERLAP for other, t in kept
        ):
            continue
        kept.append((hit, terms))
    return [hit for hit, _ in kept]


def _same_place(a: Passage, b: Passage) -> bool:
    """Overlapping spans of one article (chunks that share an overlap sentence)."""
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
