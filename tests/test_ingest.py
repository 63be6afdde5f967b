import pytest

from assistant.index.ingest import ingest
from assistant.index.store import Store
from assistant.settings import Settings

from .conftest import write_article


class CountingEmbedder:
    """Wraps the real embedder and counts the texts it embeds."""

    def __init__(self, inner):
        self.inner = inner
        self.texts: list[str] = []
        self.name = inner.name

    def embed(self, texts):
        self.texts.extend(texts)
        return self.inner.embed(texts)


@pytest.fixture
def counting(embedder):
    return CountingEmbedder(embedder)


def _chunk_ids(store: Store) -> list[str]:
    return sorted(store._collection.get(include=[])["ids"])


def test_ingest_then_reingest_does_no_work(settings, seed_corpus, counting):
    report = ingest(settings, seed_corpus, embedder=counting)
    assert report.added == ["ai-g3-initiative"] and not report.errors
    assert report.chunks_embedded == len(counting.texts) > 0
    # The title is embedded with each chunk.
    assert all(t.startswith("title: President Lee") for t in counting.texts)
    store = Store.open(settings)
    ids = _chunk_ids(store)
    assert len(ids) == report.chunks_embedded == store.chunk_count()

    counting.texts.clear()
    again = ingest(settings, seed_corpus, embedder=counting)
    assert not again.changed and again.unchanged == 1
    assert counting.texts == []
    assert "nothing embedded" in again.summary()
    assert _chunk_ids(Store.open(settings)) == ids


def test_changed_article_replaces_its_chunks(settings, tmp_path, counting):
    corpus = tmp_path / "corpus"
    write_article(corpus, "a.md", "Alpha", "The first version says ten.\n\nMore text here.")
    write_article(corpus, "b.md", "Beta", "Another story entirely.")
    ingest(settings, corpus, embedder=counting)
    store = Store.open(settings)
    old_a = [i for i in _chunk_ids(store) if i.startswith("a#")]
    b_ids = [i for i in _chunk_ids(store) if i.startswith("b#")]

    counting.texts.clear()
    write_article(corpus, "a.md", "Alpha", "The second version says eleven.")
    report = ingest(settings, corpus, embedder=counting)
    assert report.updated == ["a"] and report.unchanged == 1
    assert all("Alpha" in t for t in counting.texts)  # only the changed article was embedded
    ids = _chunk_ids(Store.open(settings))
    assert not set(old_a) & set(ids)
    assert [i for i in ids if i.startswith("b#")] == b_ids
    query = counting.inner.embed(["what does the version say?"])[0]
    hits = Store.open(settings).query(query, 10)
    assert [h.text for h in hits if h.article_id == "a"] == ["The second version says eleven."]
    assert Store.open(settings).get_article("a").text == "The second version says eleven."


def test_deleted_article_is_removed(settings, tmp_path, embedder):
    corpus = tmp_path / "corpus"
    write_article(corpus, "a.md", "Alpha", "Text a.")
    path_b = write_article(corpus, "b.md", "Beta", "Text b.")
    ingest(settings, corpus, embedder=embedder)
    path_b.unlink()
    report = ingest(settings, corpus, embedder=embedder)
    assert report.removed == ["b"]
    store = Store.open(settings)
    assert [a.id for a in store.list_articles()] == ["a"]
    assert all(i.startswith("a#") for i in _chunk_ids(store))


def test_broken_file_is_reported_and_keeps_its_last_good_version(settings, tmp_path, embedder):
    corpus = tmp_path / "corpus"
    write_article(corpus, "a.md", "Alpha", "Text a.")
    path_b = write_article(corpus, "b.md", "Beta", "Text b.")
    ingest(settings, corpus, embedder=embedder)
    path_b.write_bytes(b"\x00\x00garbage")
    (corpus / "c.md").write_text("---\ntitle: C\npublished: someday\n---\nText c.")
    write_article(corpus, "d.md", "Delta", "Text d.")
    report = ingest(settings, corpus, embedder=embedder)
    reasons = {e.path: e.reason for e in report.errors}
    assert reasons == {
        "corpus/b.md": "binary file, not text",
        "corpus/c.md": "unknown date format 'someday'; use ISO 8601, e.g. 2025-06-12",
    }
    assert report.added == ["d"] and report.removed == []
    assert sorted(a.id for a in Store.open(settings).list_articles()) == ["a", "b", "d"]


def test_changed_chunk_settings_reembed_everything(settings, seed_corpus, counting):
    ingest(settings, seed_corpus, embedder=counting)
    smaller = Settings(**{**settings.__dict__, "chunk_tokens": 40})
    report = ingest(smaller, seed_corpus, embedder=counting)
    assert report.reembedded_all and report.updated == ["ai-g3-initiative"]
    store = Store.open(smaller)
    assert store.chunk_count() == report.chunks_embedded > 2


def test_orphan_chunks_from_an_interrupted_ingest_are_skipped_then_swept(
    settings, seed_corpus, embedder
):
    from assistant.index.store import EmbeddedArticle
    from assistant.types import Article, Chunk

    ingest(settings, seed_corpus, embedder=embedder)
    store = Store.open(settings)
    vector = embedder.embed(["ghost"])[0]
    ghost = Article("ghost", "ghost.md", "Ghost", "", "", None, (), "ghost", ((0, 5),))
    store.add_chunks([EmbeddedArticle(ghost, [Chunk("ghost", 0, 0, 5, 0)], ["ghost#1"], [vector])])
    assert "ghost#1" in _chunk_ids(store)
    # Until swept, a search never returns it: no article row vouches for its offsets.
    hits = store.query(vector, 3)
    assert hits and "ghost#1" not in [h.chunk_id for h in hits]
    ingest(settings, seed_corpus, embedder=embedder)
    assert "ghost#1" not in _chunk_ids(Store.open(settings))


def test_missing_corpus_folder_is_an_error(settings, tmp_path, embedder):
    from assistant.errors import ArticleError

    with pytest.raises(ArticleError, match="not a folder"):
        ingest(settings, tmp_path / "nope", embedder=embedder)


def test_another_folder_needs_replace(settings, tmp_path, embedder):
    from assistant.errors import ConfigError

    first, second = tmp_path / "one", tmp_path / "two"
    write_article(first, "a.md", "Alpha", "Text a.")
    write_article(second, "b.md", "Beta", "Text b.")
    ingest(settings, first, embedder=embedder)
    with pytest.raises(ConfigError, match="--replace"):
        ingest(settings, second, embedder=embedder)
    assert [a.id for a in Store.open(settings).list_articles()] == ["a"]
    report = ingest(settings, second, embedder=embedder, replace=True)
    assert report.added == ["b"] and report.removed == ["a"]


def test_one_huge_or_repetitive_article_cannot_crowd_out_the_others(settings, tmp_path, embedder):
    import dataclasses

    corpus = tmp_path / "crowd"
    topics = ["harbour cranes in Busan", "rice harvest in Jeolla", "subway line in Daejeon"]
    for i, topic in enumerate(topics):
        write_article(corpus, f"good{i}.md", f"News {i}", f"A report about the {topic} came out.")
    write_article(corpus, "spam.md", "Spam", "Buy cheap watches now. " * 40_000)
    write_article(corpus, "wall.md", "Wall", "word " * 5_000)
    long_body = "\n\n".join(
        f"Report {i} says that town number {i} handled {i * 7} boxes of goods this year."
        for i in range(600)
    )
    write_article(corpus, "long.md", "Long", long_body)
    capped = dataclasses.replace(settings, max_chunks_per_article=20)
    report = ingest(capped, corpus, embedder=embedder)
    reasons = {e.path.split("/")[-1]: e.reason for e in report.errors}
    assert reasons["spam.md"].startswith("repetitive text: one sentence is 40000 of its 40000")
    assert reasons["wall.md"].startswith("a paragraph of 5000 words without a sentence end")
    (cut,) = report.capped
    assert cut.startswith("long: kept 20 of ")
    assert "Cut 1 over-long article(s) short" in report.summary()
    store = Store.open(capped)
    assert len(store.record.chunk_ids("long")) == 20
    for i, topic in enumerate(topics):
        (vector,) = embedder.embed([f"What did the report say about the {topic}?"])
        assert store.query(vector, 4)[0].article_id == f"good{i}"
