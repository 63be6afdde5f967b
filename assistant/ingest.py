"""Incremental ingest: corpus folder → cleaned articles → chunks → embeddings → index.

Only articles whose content hash changed are chunked and embedded; articles whose file is
gone are deleted; articles whose file is now broken are reported and left as they were.
Changing the chunking settings or the embedder re-embeds everything (the index records the
signature it was built with). Progress goes to an optional callback so the CLI and the UI can
each show it their own way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import corpus
from .chunking import CHUNKER_VERSION, chunk_article
from .corpus import Article
from .embed import EMBED_MAX_TOKENS, embedder_name, load_embedder, token_counter, token_spans
from .errors import ArticleError, ConfigError
from .settings import Settings
from .store import Store

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import MetadataMode, TextNode

# Embedding many articles' chunks in one call is what makes batching pay off.
EMBED_GROUP_CHUNKS = 256
# Room left for "title: …" that is embedded in front of every chunk, and [CLS]/[SEP].
TITLE_TOKEN_BUDGET = 40


@dataclass
class IngestProgress:
    articles_done: int
    articles_total: int
    chunks_done: int
    current: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks_embedded: int = 0
    errors: list[ArticleError] = field(default_factory=list)
    seconds: float = 0.0
    reembedded_all: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if not self.changed:
            text = f"Index up to date: {self.unchanged} article(s) unchanged, nothing embedded."
        else:
            text = (
                f"Added {len(self.added)}, updated {len(self.updated)}, removed "
                f"{len(self.removed)}, unchanged {self.unchanged}; embedded "
                f"{self.chunks_embedded} chunk(s) in {self.seconds:.1f} s."
            )
        if self.errors:
            text += f" Skipped {len(self.errors)} broken file(s)."
        return text


def signature(settings: Settings) -> str:
    """What the stored vectors depend on besides article content."""
    return json.dumps(
        {
            "embedder": embedder_name(settings.embed_backend),
            "chunker": CHUNKER_VERSION,
            "chunk_tokens": settings.chunk_tokens,
            "overlap": settings.chunk_overlap_sentences,
        },
        sort_keys=True,
    )


def ingest(
    settings: Settings,
    corpus_dir: Path | None = None,
    *,
    embedder: BaseEmbedding | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    store: Store | None = None,
    replace: bool = False,
) -> IngestReport:
    """Bring the index in line with the articles in `corpus_dir` (default: settings').

    An index mirrors one folder. Ingesting another folder into a non-empty index would
    delete every article it holds, so that needs `replace=True`.
    """
    started = time.perf_counter()
    root = corpus_dir or settings.corpus_dir
    scan = corpus.scan(root)
    report = IngestReport(errors=scan.errors)
    store = store or Store.open(settings, create=True)
    recorded, here = store.get_meta("corpus_dir"), str(root.resolve())
    if recorded not in (None, here) and store.article_count() and not replace:
        raise ConfigError(
            f"{settings.index_dir} holds the articles of {recorded}; ingesting {root} would "
            "remove them. Use another index (--index DIR), or --replace to rebuild it from "
            f"{root}."
        )
    store.set_meta("corpus_dir", here)

    sig = signature(settings)
    report.reembedded_all = store.get_meta("signature") not in (None, sig)
    stored = store.hashes()
    todo: list[Article] = []
    for article in scan.articles:
        if article.id not in stored:
            report.added.append(article.id)
            todo.append(article)
        elif stored[article.id] != article.content_hash or report.reembedded_all:
            report.updated.append(article.id)
            todo.append(article)
        else:
            report.unchanged += 1
    # A file that is now broken keeps its last good version: losing it would be worse.
    gone = sorted(set(stored) - {a.id for a in scan.articles} - scan.broken_ids)

    if todo:
        embedder = embedder or load_embedder(
            settings.model_cache_dir, settings.embed_backend, settings.threads
        )
        done_articles = done_chunks = 0
        if progress:
            progress(IngestProgress(0, len(todo), 0, ""))
        for group in _groups(todo, settings):
            nodes = [node for _, article_nodes in group for node in article_nodes]
            texts = [node.get_content(metadata_mode=_embed_mode()) for node in nodes]
            vectors = embedder.get_text_embedding_batch(texts)
            for node, vector in zip(nodes, vectors, strict=True):
                node.embedding = vector
            store.put_articles(group)
            done_articles += len(group)
            done_chunks += len(nodes)
            if progress:
                progress(IngestProgress(done_articles, len(todo), done_chunks, group[-1][0].id))
        report.chunks_embedded = done_chunks
    for article_id in gone:
        store.delete_article(article_id)
        report.removed.append(article_id)
    store.sweep_orphans()
    store.set_meta("signature", sig)
    report.seconds = time.perf_counter() - started
    return report


def _groups(
    articles: Sequence[Article], settings: Settings
) -> Iterator[list[tuple[Article, list[TextNode]]]]:
    group: list[tuple[Article, list[TextNode]]] = []
    size = 0
    for article in articles:
        nodes = article_nodes(article, settings)
        group.append((article, nodes))
        size += len(nodes)
        if size >= EMBED_GROUP_CHUNKS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _embed_mode() -> MetadataMode:
    from llama_index.core.schema import MetadataMode

    return MetadataMode.EMBED


def article_nodes(article: Article, settings: Settings) -> list[TextNode]:
    """The article's chunks as llama-index nodes (without embeddings yet)."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    budget = EMBED_MAX_TOKENS - min(token_counter()(article.title), TITLE_TOKEN_BUDGET) - 8
    max_tokens = max(16, min(settings.chunk_tokens, budget))
    chunks = chunk_article(article, token_spans(), max_tokens, settings.chunk_overlap_sentences)
    version = article.content_hash[:12]
    nodes = []
    for chunk in chunks:
        node = TextNode(
            id_=f"{article.id}#{version}-{chunk.index}",
            text=chunk.text(article),
            metadata={
                "title": article.title,
                "article_id": article.id,
                "source": article.source,
                "url": article.url,
                "published": article.published.isoformat() if article.published else "",
                "paragraph": chunk.paragraph,
                "start": chunk.start,
                "end": chunk.end,
            },
            # Only the title helps the embedding; the rest is bookkeeping.
            excluded_embed_metadata_keys=[
                "article_id",
                "source",
                "url",
                "published",
                "paragraph",
                "start",
                "end",
            ],
        )
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=article.id)
        nodes.append(node)
    return nodes
