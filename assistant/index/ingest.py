"""Incremental ingest: corpus folder → cleaned articles → chunks → embeddings → index.

Only articles whose content hash changed are chunked and embedded; articles whose file is
gone are deleted; articles whose file is now broken are reported and left as they were.
Changing the chunking settings or the embedder re-embeds everything (the index records the
signature it was built with). Progress goes to an optional callback so the CLI and the UI can
each show it their own way.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.chunking import CHUNKER_VERSION, chunk_article
from ..corpus.folder import article_id, display_path, placement, scan
from ..corpus.instructions import instruction_spans
from ..embed.base import Embedder, embedder_name, load_embedder
from ..embed.package import EMBED_MAX_TOKENS
from ..embed.tokens import token_counter, token_spans
from ..errors import ArticleError, ConfigError, IndexNotBuiltError
from ..settings import EMBED_BACKENDS, Settings
from ..types import Article, Chunk, FileOutcome
from .lexical import LexicalIndex
from .store import EmbeddedArticle, Store

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
    capped: list[str] = field(default_factory=list)  # "id: kept N of M chunks"
    # Articles with sentences that address a reader or model: "id: 'the sentence…'"
    suspicious: list[str] = field(default_factory=list)

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
        if self.suspicious:
            text += (
                f" {len(self.suspicious)} article(s) hold instructions to a reader or model, "
                f"which are never cited: {'; '.join(self.suspicious)}."
            )
        if self.capped:
            text += f" Cut {len(self.capped)} over-long article(s) short: {'; '.join(self.capped)}."
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


def check_signature(store: Store, settings: Settings) -> None:
    """Questions must be embedded the way the index was, or the search is noise."""
    recorded = store.get_meta("signature")
    built_with = json.loads(recorded).get("embedder") if recorded else None
    wanted = embedder_name(settings.embed_backend)
    if built_with is not None and built_with != wanted:
        runtime = {embedder_name(b): b for b in EMBED_BACKENDS}.get(built_with)
        other = f", or set embed_backend = {runtime!r}" if runtime else ""
        raise IndexNotBuiltError(
            f"the index at {settings.index_dir} was embedded with {built_with}, but "
            f"embed_backend = {settings.embed_backend!r} embeds with {wanted}: run "
            f"`assistant ingest` to re-embed it{other}"
        )


def ingest(
    settings: Settings,
    corpus_dir: Path | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    store: Store | None = None,
    replace: bool = False,
    lexical: LexicalIndex | None = None,
) -> IngestReport:
    """Bring the index in line with the articles in `corpus_dir` (default: settings').

    An index mirrors one folder. Ingesting another folder into a non-empty index would
    delete every article it holds, so that needs `replace=True`.
    """
    started = time.perf_counter()
    root = corpus_dir or settings.corpus_dir
    found = scan(root)
    report = IngestReport(errors=found.errors)
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
    # An unchanged article's sentences were checked when it was stored (and recounted when
    # the detector changes): ~3.5 ms an article, 19 of a 34 s re-ingest of the year.
    flagged = {a.id for a in store.list_articles() if a.instructions}
    todo: list[Article] = []
    for article in found.articles:
        same = stored.get(article.id) == article.content_hash and not report.reembedded_all
        planted = [] if same and article.id not in flagged else instruction_spans(article.text)
        if planted:
            s, e = planted[0]
            more = f" (+{len(planted) - 1} more)" if len(planted) > 1 else ""
            report.suspicious.append(f"{article.id}: {article.text[s:e][:80]!r}{more}")
        if article.id not in stored:
            report.added.append(article.id)
            todo.append(article)
        elif stored[article.id] != article.content_hash or report.reembedded_all:
            report.updated.append(article.id)
            todo.append(article)
        else:
            report.unchanged += 1
    # A file that is now broken keeps its last good version: losing it would be worse.
    gone = sorted(set(stored) - {a.id for a in found.articles} - found.broken_ids)

    if todo:
        embedder = embedder or load_embedder(
            settings.model_cache_dir, settings.embed_backend, settings.threads
        )
        done_articles = done_chunks = 0
        if progress:
            progress(IngestProgress(0, len(todo), 0, ""))
        for group in _groups(todo, settings, report.capped):
            texts = [embed_text(a, c) for a, chunks in group for c in chunks]
            vectors = iter(embedder.embed(texts))
            store.put_articles(
                [
                    EmbeddedArticle(
                        a, chunks, chunk_ids(a, chunks), [next(vectors) for _ in chunks]
                    )
                    for a, chunks in group
                ]
            )
            done_articles += len(group)
            done_chunks += len(texts)
            if progress:
                progress(IngestProgress(done_articles, len(todo), done_chunks, group[-1][0].id))
        report.chunks_embedded = done_chunks
    for gone_id in gone:
        store.delete_article(gone_id)
        report.removed.append(gone_id)
    store.sweep_orphans()
    store.set_meta("signature", sig)
    # Now, not on the first question after; the caller's own index, so it is not reloaded.
    (lexical or LexicalIndex(store)).ensure_current()
    store.vectors.ensure_current()
    if report.changed or store.get_meta("updated_at") is None:
        store.set_meta("updated_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    report.seconds = time.perf_counter() - started
    return report


def _groups(
    articles: Sequence[Article], settings: Settings, capped: list[str]
) -> Iterator[list[tuple[Article, list[Chunk]]]]:
    group: list[tuple[Article, list[Chunk]]] = []
    size = 0
    for article in articles:
        chunks = article_chunks(article, settings)
        if len(chunks) > settings.max_chunks_per_article:
            capped.append(
                f"{article.id}: kept {settings.max_chunks_per_article} of {len(chunks)} chunks"
            )
            chunks = chunks[: settings.max_chunks_per_article]
        group.append((article, chunks))
        size += len(chunks)
        if size >= EMBED_GROUP_CHUNKS:
            yield group
            group, size = [], 0
    if group:
        yield group


def article_chunks(article: Article, settings: Settings) -> list[Chunk]:
    """The article's chunks, sized so that title and chunk fit the embedder together."""
    budget = EMBED_MAX_TOKENS - min(token_counter()(article.title), TITLE_TOKEN_BUDGET) - 8
    max_tokens = max(16, min(settings.chunk_tokens, budget))
    return chunk_article(article, token_spans(), max_tokens, settings.chunk_overlap_sentences)


def chunk_ids(article: Article, chunks: Sequence[Chunk]) -> list[str]:
    """Ids that change with the article's content, so a new version never reuses old ones."""
    version = article.content_hash[:12]
    return [f"{article.id}#{version}-{chunk.index}" for chunk in chunks]


def embed_text(article: Article, chunk: Chunk) -> str:
    """What is embedded for a chunk: the title helps the vector, the rest is bookkeeping.

    The format is llama-index's `TextNode` rendering with only the title as embedded
    metadata, which the index was built with before nodes were dropped.
    """
    return f"title: {article.title}\n\n{chunk.text(article)}".strip()


def add_files(
    settings: Settings,
    paths: Sequence[Path],
    root: Path,
    *,
    embedder: Embedder | None = None,
    store: Store | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    lexical: LexicalIndex | None = None,
) -> tuple[IngestReport, list[FileOutcome]]:
    """Copy files into the corpus folder `root`, ingest it, and say per file what happened.

    A name already taken by a different file keeps both (`corpus.read.placement`), so adding
    never replaces an article unasked; a file ingest could not read, or that the scan does
    not read at all (a hidden name), is reported as skipped with the reason.
    """
    root.mkdir(parents=True, exist_ok=True)
    placed = []
    for path in paths:
        target, present = placement(path, root)
        if not present:
            shutil.copyfile(path, target)
        placed.append((path, target, present))
    store = store or Store.open(settings, create=True)
    report = ingest(
        settings, root, embedder=embedder, progress=progress, store=store, lexical=lexical
    )
    failed = {e.path: e.reason for e in report.errors}
    indexed = {a.id for a in store.list_articles()}
    outcomes = []
    for path, target, present in placed:
        shown, article = display_path(target, root), article_id(target, root)
        if shown in failed or article not in indexed:
            reason = failed.get(shown, "not indexed (hidden or unsupported file name)")
            outcomes.append(FileOutcome(path.name, "", "skipped", reason))
        elif present:
            outcomes.append(FileOutcome(path.name, article, "unchanged", "already indexed"))
        else:
            renamed = target.name != path.name
            note = f"saved as {target.name}: {path.name} is another article" if renamed else ""
            outcomes.append(FileOutcome(path.name, article, "added", note))
    return report, outcomes
