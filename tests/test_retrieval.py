"""Hybrid, date-aware, filterable retrieval over a small archive, with the real embedder."""

import dataclasses
import datetime as dt
import json

import pytest

from assistant.answering.assembly import refusal
from assistant.cli import main
from assistant.index.filters import filter_fields
from assistant.index.ingest import ingest
from assistant.index.lexical import LexicalIndex
from assistant.index.retrieve import diversify
from assistant.index.store import Store
from assistant.pipeline import Assistant
from assistant.types import Passage, Scope

from .conftest import write_article
from .fakes import ScriptedGenerator

AS_OF = dt.date(2026, 1, 9)


@pytest.fixture
def archive(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    write_article(
        corpus,
        "old-space.md",
        "Astronauts home after nine months",
        "NASA astronauts returned from the space station after nine months in orbit.",
        published="2025-03-18",
        source="Space Wire",
    )
    write_article(
        corpus,
        "new-space.md",
        "New crew reaches the station",
        "A new crew of four astronauts docked at the space station on Tuesday.",
        published="2026-01-06",
        source="Orbit Daily",
    )
    write_article(
        corpus,
        "bridge.md",
        "Bridge opens",
        "The mayor of Quillbeck opened the footbridge over the river on Saturday.",
        published="2025-11-02",
    )
    (corpus / "undated.txt").write_text(
        '---\ntitle: "Station notes"\nsource: Notes\n---\n\nAstronauts on the space station '
        "grow lettuce in a small greenhouse.\n",
        encoding="utf-8",
    )
    ingest(settings, corpus, embedder=embedder)
    return Assistant(settings, embedder=embedder, generator=ScriptedGenerator(["NOT IN ARTICLES"]))


def _articles(passages):
    return {p.article_id for p in passages}


def test_bm25_finds_a_rare_name_and_every_passage_keeps_its_cosine(archive, embedder):
    hits = archive.lexical.search("Quillbeck", 5)
    assert [h.chunk_id.split("#")[0] for h in hits] == ["bridge"]
    _, ranked = archive.search("Who opened the bridge in Quillbeck?", as_of=AS_OF)
    assert ranked[0].article_id == "bridge"
    (vector,) = embedder.embed(["Who opened the bridge in Quillbeck?"])
    dense = {p.chunk_id: p.score for p in archive.store.query(vector, 10)}
    for p in ranked:
        assert p.score == pytest.approx(dense[p.chunk_id], abs=1e-4)


def test_bm25_alone_and_dense_alone_are_settings(archive, settings, embedder):
    # Without the recency prior: with one list, a first place is the whole score, and in this
    # four-article archive the three-day-old space story is every dense search's second.
    plain = dataclasses.replace(settings, recency_weight=0.0)
    for mode in ("bm25", "dense"):
        bot = Assistant(dataclasses.replace(plain, retrieval=mode), embedder=embedder)
        _, ranked = bot.search("Quillbeck footbridge", as_of=AS_OF)
        assert ranked[0].article_id == "bridge", mode


def test_nothing_published_after_as_of_is_searched_and_undated_articles_stay(archive):
    scope, ranked = archive.search("astronauts on the space station", as_of="2025-06-01")
    assert scope.as_of == dt.date(2025, 6, 1)
    assert "new-space" not in _articles(ranked)
    assert {"old-space", "undated"} <= _articles(ranked)
    _, today = archive.search("astronauts on the space station")
    assert "new-space" in _articles(today)


def test_since_until_and_sources_filter_inside_both_searches(archive):
    _, ranked = archive.search("astronauts space station", since="2025-01-01", until="2025-12-31")
    assert _articles(ranked) <= {"old-space", "bridge"}  # a user range leaves undated out
    assert "old-space" in _articles(ranked)
    _, ranked = archive.search("astronauts space station", sources=["orbit daily"])
    assert _articles(ranked) == {"new-space"}
    scope = Scope(as_of=AS_OF, sources=("Orbit Daily",))
    assert {h.chunk_id.split("#")[0] for h in archive.lexical.search("astronauts", 9, scope)} == {
        "new-space"
    }


def test_the_question_time_words_narrow_the_search(archive):
    scope, ranked = archive.search("What happened on the space station this week?", as_of=AS_OF)
    assert scope.window == (dt.date(2026, 1, 2), AS_OF) and scope.phrase == "this week"
    assert _articles(ranked) == {"new-space", "undated"}
    # Asked long after the archive's newest article, "in March" can only be its latest March.
    scope, ranked = archive.search("Who docked at the station in March?", as_of="2026-12-01")
    assert scope.window == (dt.date(2025, 3, 1), dt.date(2026, 12, 1))
    assert scope.words == "“March” read as March 2025, the archive's latest"
    assert "old-space" in _articles(ranked)


def test_an_answer_from_a_window_says_as_of_and_an_empty_range_says_what_was_searched(
    archive, settings, embedder
):
    reply = "A new crew of four astronauts docked at the space station [1]."
    bot = Assistant(settings, embedder=embedder, generator=ScriptedGenerator([reply]))
    answer = bot.ask("What happened at the space station this week?", as_of=AS_OF)
    assert answer.answered, [(s.text, s.note) for s in answer.sentences]
    assert answer.text.startswith("As of 2026-01-09: A new crew")
    assert answer.citations[0].published == dt.date(2026, 1, 6)
    assert answer.scope is not None and answer.scope.phrase == "this week"
    # A yearless month placed by an old archive's newest article says where it was placed.
    back = Assistant(
        settings,
        embedder=embedder,
        generator=ScriptedGenerator(["NASA astronauts returned from the space station [1]."]),
    ).ask("Who returned from the space station in March?", as_of="2026-12-01")
    assert back.answered, [(s.text, s.note) for s in back.sentences]
    assert back.text.startswith(
        "As of 2026-12-01, “March” read as March 2025, the archive's latest: NASA astronauts"
    )
    empty = bot.ask("Who docked at the station?", since="2024-01-01", until="2024-12-31")
    assert not empty.answered
    assert empty.text.endswith(
        "no article published 2024-01-01 to 2024-12-31 is in the archive (its articles are "
        "dated 2025-03-18 to 2026-01-06)."
    )
    # "This week" asked of an older archive (one with no undated article): how to ask instead.
    week = Scope(as_of=AS_OF, window=(dt.date(2026, 1, 2), AS_OF), phrase="this week")
    dated = (dt.date(2025, 9, 19), dt.date(2025, 9, 19))
    assert refusal("Why?", "Why?", [], week, dated).text.endswith(
        "(“this week”, as of 2026-01-09) is in the archive (its articles are dated 2025-09-19; "
        "ask as of another date to search another time)."
    )


def test_the_lexical_index_follows_every_change_and_is_reused_when_current(
    archive, settings, monkeypatch
):
    state = json.loads((settings.index_dir / "bm25" / "state.json").read_text())
    assert state["chunks_version"] == archive.store.chunks_version()
    archive.remove_article("bridge")
    assert archive.lexical.search("Quillbeck", 5) == []
    # A fresh process loads the saved index instead of rebuilding it...
    monkeypatch.setattr(LexicalIndex, "_build", lambda self, v: pytest.fail("rebuilt"))
    fresh = LexicalIndex(Store.open(settings))
    assert fresh.search("Quillbeck", 5) == [] and fresh.search("lettuce", 5)
    monkeypatch.undo()
    # ...and rebuilds one that is missing.
    import shutil

    shutil.rmtree(settings.index_dir / "bm25")
    again = LexicalIndex(Store.open(settings))
    assert [h.chunk_id.split("#")[0] for h in again.search("lettuce", 5)] == ["undated"]
    assert (settings.index_dir / "bm25" / "state.json").is_file()


def test_the_vector_table_follows_every_change_and_is_reused_when_current(
    archive, settings, embedder, monkeypatch
):
    from assistant.index.vectors import VectorTable

    (vector,) = embedder.embed(["the footbridge over the river"])
    everything = Scope(as_of=AS_OF)
    ids, _ = archive.store.vectors.nearest(vector, 10, everything)
    assert ids[0].startswith("bridge#") and len(ids) == archive.store.chunk_count()
    archive.remove_article("bridge")
    state = json.loads((settings.index_dir / "vectors" / "state.json").read_text())
    assert state["chunks_version"] == archive.store.chunks_version()
    monkeypatch.setattr(VectorTable, "_build", lambda self, v: pytest.fail("rebuilt"))
    ids, scores = Store.open(settings).vectors.nearest(vector, 10, everything)
    assert ids and not any(i.startswith("bridge#") for i in ids)
    assert scores == sorted(scores, reverse=True)
    # A chunk Chroma holds but the record does not list (an interrupted ingest's) stays out.
    monkeypatch.undo()
    store = Store.open(settings)
    store._collection.add(
        ids=["stray#v-0"], embeddings=[vector], metadatas=[{"article_id": "stray"}]
    )
    store._chunks_changed()
    assert "stray#v-0" not in store.vectors.nearest(vector, 10, everything)[0]


def _p(article: str, n: int) -> Passage:
    return Passage(f"{article}#{n}", article, "t", "s", "", None, n * 10, n * 10 + 5, 0, "x", 0.5)


def test_one_article_gets_at_most_two_of_the_top_places_while_others_compete():
    ranked = [_p("a", 0), _p("a", 1), _p("a", 2), _p("b", 0), _p("a", 3), _p("c", 0)]
    out = diversify(ranked, 2, 4)
    assert [p.chunk_id for p in out[:4]] == ["a#0", "a#1", "b#0", "c#0"]
    assert [p.chunk_id for p in out[4:]] == ["a#2", "a#3"]
    alone = [_p("a", i) for i in range(5)]
    assert [p.chunk_id for p in diversify(alone, 2, 4)] == [p.chunk_id for p in alone]


def test_bad_dates_are_clear_errors(archive, settings, capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(settings.model_cache_dir))
    assert main(["ask", "What happened?", "--as-of", "the day after never"]) == 2
    assert "as_of 'the day after never' is not a date" in capsys.readouterr().err
    with pytest.raises(Exception, match=r"since \(2025-05-01\) is after until \(2025-01-01\)"):
        archive.ask("What happened?", since="2025-05-01", until="2025-01-01")


def test_the_recency_prior_favours_recent_news_and_leaves_undated_articles_neutral(
    archive, settings, embedder
):
    def passage(article: str, published: dt.date | None) -> Passage:
        return Passage(f"{article}#0", article, article, "", "", published, 0, 1, 0, "x", 0.5)

    found = [
        passage("recent", AS_OF - dt.timedelta(days=1)),
        passage("old", dt.date(2020, 1, 1)),
        passage("undated", None),
    ]
    off = Assistant(dataclasses.replace(settings, recency_weight=0.0), embedder=embedder)
    assert set(off.retriever._recency(found, Scope(as_of=AS_OF)).values()) == {0.0}
    prior = dataclasses.replace(settings, recency_half_life_days=3.0, recency_weight=1.0)
    bot = Assistant(prior, embedder=embedder)
    boost = bot.retriever._recency(found, Scope(as_of=AS_OF))
    assert boost["recent#0"] > boost["undated#0"] > boost["old#0"]
    assert boost["undated#0"] == pytest.approx((boost["recent#0"] + boost["old#0"]) / 2)
    # Asked as of today over an archive of old news, an undated story is not lifted above it.
    old_only = bot.retriever._recency(found[1:], Scope(as_of=AS_OF))
    assert old_only["undated#0"] == pytest.approx(old_only["old#0"])
    # Three days old, the station story still does not outrank the only article that names
    # the question's rare name, which both searches rank first.
    _, ranked = bot.search("Who opened the bridge in Quillbeck?", as_of=AS_OF)
    assert ranked[0].article_id == "bridge"
    _, ranked = bot.search("astronauts on the space station", as_of=AS_OF)
    assert ranked[0].article_id == "new-space"
    # The same with the defaults (a week's half-life, weight 1), which the archive has.
    _, ranked = archive.search("Who opened the bridge in Quillbeck?", as_of=AS_OF)
    assert ranked[0].article_id == "bridge"
    _, ranked = archive.search("astronauts on the space station", as_of=AS_OF)
    assert ranked[0].article_id == "new-space"


@pytest.mark.parametrize(
    "limits",
    [
        dict(as_of="2025-06-01"),
        dict(since="2025-01-01", until="2025-12-31"),
        dict(sources=["orbit daily"]),
        dict(as_of="2026-01-09", since="2026-01-01"),
    ],
)
def test_the_scan_and_the_vector_table_find_what_chromas_filtered_query_finds(
    archive, embedder, limits, monkeypatch
):
    store = archive.store
    scope = archive.scope(**limits)
    where = _where(store, scope)
    (vector,) = embedder.embed(["astronauts on the space station"])
    got = store._collection.query(query_embeddings=[vector], n_results=3, where=where)
    filtered = [(cid, 1.0 - d) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)]
    total = store.chunk_count()
    scan = store._fields.nearest(store._collection, vector, 3, total, scope)
    scanned = list(zip(*scan, strict=True))
    tabled = list(zip(*store.vectors.nearest(vector, 3, scope), strict=True))
    # A scope this small goes straight to the table; a wide one to the scan, and to the
    # table again when too few of the nearest pass.
    assert [(p.chunk_id, p.score) for p in store.query(vector, 3, scope)] == tabled
    monkeypatch.setattr("assistant.index.store.TABLE_ROWS", 0)
    assert [(p.chunk_id, p.score) for p in store.query(vector, 3, scope)] == scanned
    monkeypatch.setattr("assistant.index.scan.SCAN_DEPTHS", (1,))
    rescued = [(p.chunk_id, p.score) for p in store.query(vector, 3, scope)]
    assert rescued == tabled
    for found in (scanned, tabled):
        assert [c for c, _ in found] == [c for c, _ in filtered]
        assert [s for _, s in found] == pytest.approx([s for _, s in filtered], abs=1e-5)


def _where(store, scope):
    """The scope as a Chroma `where` clause over dates and sources this test copies into
    Chroma's metadata: an oracle independent of the record's map, the scan and the mask."""
    rows = store.record.rows()
    got = store._collection.get(include=["metadatas"])
    row = {
        m["article_id"]: rows[m["article_id"]] for m in got["metadatas"]
    }  # (id, title, source, url, published, …)
    metas = [
        {**m, **filter_fields(row[m["article_id"]][4], row[m["article_id"]][2])}
        for m in got["metadatas"]
    ]
    store._collection.update(ids=got["ids"], metadatas=metas)
    low, high = scope.date_range()
    dated = [{"published": {"$lte": high.toordinal()}}]
    dated.append({"published": {"$gte": low.toordinal() if low else 1}})
    dates = {"$or": [{"$and": dated}, {"published": 0}]} if scope.keeps_undated else {"$and": dated}
    if not scope.sources:
        return dates
    return {"$and": [dates, {"source": {"$in": [s.lower() for s in scope.sources]}}]}


def test_the_scan_skips_chunks_of_articles_the_record_does_not_list(archive):
    from assistant.index.scan import ArticleFields

    fields = ArticleFields(archive.store.record.summaries, archive.store.chunks_version)
    ids = ["bridge#v-0", "gone#v-0", "new-space#v-1"]
    assert fields.admitted(ids, Scope(as_of=AS_OF)) == [0, 2]
    assert fields.admitted(ids, Scope(as_of=dt.date(2025, 12, 1))) == [0]


def test_an_article_whose_name_holds_a_hash_is_found_inside_a_scope(
    archive, settings, embedder, monkeypatch
):
    corpus = settings.index_dir.parent / "corpus"
    write_article(
        corpus,
        "issue#3.md",
        "Ferry strike",
        "Ferry crews in Quillbeck went on strike over pay on Monday.",
        published="2026-01-05",
    )
    write_article(corpus, "issue.md", "Old ferry", "The ferry was painted.", published="2020-01-01")
    ingest(settings, corpus, embedder=embedder)
    bot = Assistant(settings, embedder=embedder)
    this_week = {"as_of": AS_OF, "since": "2026-01-01"}
    _, ranked = bot.search("Why did the ferry crews strike?", **this_week)
    assert "issue#3" in {p.article_id for p in ranked}
    # A folder the table cannot be saved in costs the cache, not the search.
    monkeypatch.setattr(
        "assistant.index.vectors.save_folder", lambda *a: (_ for _ in ()).throw(OSError("full"))
    )
    store = Store.open(settings)
    store._chunks_changed()
    (vector,) = embedder.embed(["ferry strike"])
    found = store.query(vector, 2, Scope(as_of=AS_OF, since=dt.date(2026, 1, 1)))
    assert found[0].article_id == "issue#3"  # dense alone: not dated as "issue" (2020)
    assert not list(settings.index_dir.glob("vectors.tmp-*"))


def test_saved_tables_are_read_one_at_a_time(archive, settings, embedder, monkeypatch):
    # numpy parses .npy headers with `ast`, which two threads may not do at once on CPython
    # 3.11 (gh-106905: a CI run's eight concurrent sessions failed with a SystemError).
    import numpy as np

    from assistant.index.saved import READ_LOCK

    held = []
    load = np.load

    def recording_load(*args, **kwargs):
        held.append(READ_LOCK.locked())
        return load(*args, **kwargs)

    monkeypatch.setattr(np, "load", recording_load)
    (vector,) = embedder.embed(["the footbridge over the river"])
    store = Store.open(settings)
    assert store.vectors.nearest(vector, 3, Scope(as_of=AS_OF))[0]
    assert LexicalIndex(store).search("lettuce", 5)
    assert len(held) >= 2 and all(held)
