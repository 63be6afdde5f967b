"""Retrieval: question and `Scope` → the top passages, from dense and lexical search fused.

Dense (MiniLM vectors in Chroma) and BM25 (`lexical.py`) each return `settings.candidates`
chunks within the scope's dates and sources (filters inside each search); the two lists are
fused by weighted reciprocal rank, tilted towards recent articles (relative to
the scope's `as_of`), then near-duplicates go (syndicated news repeats itself) and one
article gets at most `max_passages_per_article` of the top places while others compete, so
the model's few prompt tokens go to distinct evidence. A passage's `score` stays its cosine
similarity to the question, whichever list found it: the relevance gate and the answer
checks read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..embed.base import Embedder
from ..settings import Settings
from ..text import content_terms
from ..types import Passage, Scope
from .lexical import LexicalIndex
from .store import Store

# Jaccard overlap of content words above which a passage counts as a near-duplicate of a
# better-ranked one (wire copies of one story differ in a few words, not a third of them).
DUPLICATE_OVERLAP = 0.7
# The usual reciprocal-rank-fusion constant (Cormack et al. 2009): ranks past the first
# few differ little, so one list's #1 cannot be outvoted by the other's long tail.
RRF_K = 60


class Retriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        settings: Settings,
        lexical: LexicalIndex | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.lexical = lexical or LexicalIndex(store)

    def lexicon(self) -> Callable[[str], bool]:
        """Whether any indexed chunk holds a word (`LexicalIndex.lexicon`)."""
        return self.lexical.lexicon()

    def retrieve(self, query: str, scope: Scope | None = None) -> list[Passage]:
        return self.rank(query, scope)[: self.settings.top_k]

    def rank(self, query: str, scope: Scope | None = None) -> list[Passage]:
        """Every fused candidate, best first (the top `top_k` are what `retrieve` gives)."""
        s = self.settings
        (vector,) = self.embedder.embed([query])
        where = self._limits(scope)
        dense = self.store.query(vector, s.candidates, where) if s.retrieval != "bm25" else []
        fused: dict[str, float] = defaultdict(float)
        for rank, passage in enumerate(dense):
            fused[passage.chunk_id] += 1.0 / (RRF_K + rank + 1)
        found = {p.chunk_id: p for p in dense}
        if s.retrieval != "dense":
            lexical = self.lexical.search(query, s.candidates, where)
            for rank, hit in enumerate(lexical):
                fused[hit.chunk_id] += s.lexical_weight / (RRF_K + rank + 1)
            missing = [h.chunk_id for h in lexical if h.chunk_id not in found]
            found.update((p.chunk_id, p) for p in self.store.passages(missing, vector))
        boost = self._recency(list(found.values()), scope)
        ranked = sorted(found.values(), key=lambda p: -(fused[p.chunk_id] + boost[p.chunk_id]))
        return diversify(drop_near_duplicates(ranked), s.max_passages_per_article, s.top_k)

    def _limits(self, scope: Scope | None) -> Scope | None:
        """The scope, or None where it would exclude nothing (an unfiltered search is
        faster): no sources, no range, and nothing indexed after `as_of`."""
        if scope is None or scope.sources or scope.since or scope.until or scope.window:
            return scope
        newest = self.store.record.newest_published()
        return scope if newest is not None and newest > scope.as_of else None

    def _recency(self, found: list[Passage], scope: Scope | None) -> dict[str, float]:
        """Each candidate's recency bonus to its fused score: weight × 0.5^(age / half-life)
        of a first place in one list, so the newest story gains at most what one more
        search ranking it first would give; it cannot outvote two lists that agree.
        (Rejected: multiplying the fused score by 1 + that. RRF scores lie close together,
        so ×2.5 for a three-day-old story put it above the only article that both searches
        ranked first, one naming the question's rare name, tests/test_retrieval.py.)
        An undated candidate gets the mean bonus of the dated ones: neither favoured over
        recent news nor sunk below old news."""
        s = self.settings
        if scope is None or s.recency_half_life_days <= 0 or s.recency_weight <= 0:
            return {p.chunk_id: 0.0 for p in found}
        first = s.recency_weight / (RRF_K + 1)
        bonus = {
            p.chunk_id: first
            * 0.5 ** (max(0, (scope.as_of - p.published).days) / s.recency_half_life_days)
            for p in found
            if p.published is not None
        }
        neutral = sum(bonus.values()) / len(bonus) if bonus else 0.0
        return {p.chunk_id: bonus.get(p.chunk_id, neutral) for p in found}


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


def diversify(ranked: list[Passage], per_article: int, top_k: int) -> list[Passage]:
    """At most `per_article` passages of one article among the first `top_k` while other
    articles' passages are left to fill them; the rest keep their order after."""
    head: list[Passage] = []
    held: list[Passage] = []
    count: dict[str, int] = defaultdict(int)
    for passage in ranked:
        if len(head) < top_k and count[passage.article_id] < per_article:
            head.append(passage)
            count[passage.article_id] += 1
        else:
            held.append(passage)
    if len(head) < top_k:  # too few other articles: the same article's next passages
        room = top_k - len(head)
        head, held = head + held[:room], held[room:]
    return head + held


def _same_place(a: Passage, b: Passage) -> bool:
    """Overlapping spans of one article (chunks that share an overlap sentence)."""
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
