"""Server mode: a real Chroma server (`chroma run`, from the chromadb package) on 127.0.0.1
holds the index and the article record. Ingest, update, delete and ask against it; a second
process sees the same articles; a server killed mid-ingest leaves nothing half-written and
the next ingest completes; an unreachable server is an error naming its URL."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import ConfigError, IndexNotBuiltError, IndexServerError
from assistant.index.ingest import ingest
from assistant.index.store import Store
from assistant.pipeline import Assistant
from assistant.settings import Settings

from .conftest import ROOT, write_article
from .fakes import ScriptedGenerator
from .servers import CHROMA, free_port, start_chroma


def server_collections(server) -> list[str]:
    import httpx

    url = f"{server.url}/api/v2/tenants/default_tenant/databases/default_database/collections"
    return [c["name"] for c in httpx.get(url, timeout=10).json()]


class ChromaServer:
    """`chroma run` on one port over a folder; `start` again after `kill` reopens it."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process, _ = start_chroma(self.folder, self.port)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def server(tmp_path):
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    chroma = ChromaServer(tmp_path / "server-data")
    chroma.start()
    yield chroma
    if chroma.process and chroma.process.poll() is None:
        chroma.process.terminate()
        chroma.process.wait(timeout=30)


def _settings(server: ChromaServer, cache: Path) -> Settings:
    return Settings(index_dir=cache, chroma_url=server.url, model_cache_dir=cache / "models")


def test_ingest_update_delete_and_ask_against_the_server(tmp_path, server, seed_corpus, embedder):
    settings = _settings(server, tmp_path / "cache-a")
    with pytest.raises(IndexNotBuiltError, match=f"no index in the Chroma server at {server.url}"):
        Store.open(settings)
    assert not server_collections(server)  # looking wrote nothing to the shared server
    write_article(seed_corpus, "port.md", "Busan port", "Busan handled 24 million containers.")
    report = ingest(settings, seed_corpus, embedder=embedder)
    assert len(report.added) == 2 and not report.errors
    assert Store.open(settings).record.newest_published() == dt.date(2025, 9, 19)  # the seed
    # Nothing of the index is local: only the caches derived from it (BM25, vector table).
    assert sorted(p.name for p in settings.index_dir.iterdir()) == ["bm25", "vectors"]
    model = ScriptedGenerator(["Busan handled 24 million containers [1]."])
    bot = Assistant.open(settings, generator=model, embedder=embedder)
    answer = bot.ask("How many containers did Busan handle?")
    assert answer.answered and answer.citations[0].article_id == "port"
    assert "24 million" in bot.article("port").text
    # Update: the new text replaces the old, on the server.
    write_article(seed_corpus, "port.md", "Busan port", "Busan handled 25 million boxes.")
    report = ingest(settings, seed_corpus, embedder=embedder)
    assert report.updated == ["port"] and report.unchanged == 1
    assert "25 million" in Assistant.open(settings, embedder=embedder).article("port").text
    # Delete.
    (seed_corpus / "port.md").unlink()
    report = ingest(settings, seed_corpus, embedder=embedder)
    assert report.removed == ["port"]
    assert [a.id for a in Assistant.open(settings, embedder=embedder).articles()] != []
    assert "port" not in {a.id for a in Assistant.open(settings, embedder=embedder).articles()}


def test_a_second_process_sees_the_same_articles(tmp_path, server, seed_corpus, embedder):
    write_article(seed_corpus, "port.md", "Busan port", "Busan handled 24 million containers.")
    ingest(_settings(server, tmp_path / "cache-a"), seed_corpus, embedder=embedder)
    here = Assistant.open(_settings(server, tmp_path / "cache-a"), embedder=embedder)
    script = (
        "import json; from assistant import Assistant, Settings\n"
        "bot = Assistant.open(Settings.load())\n"
        "scope, found = bot.search('How many containers did Busan handle?')\n"
        "print(json.dumps([sorted(a.id for a in bot.articles()), found[0].article_id]))\n"
    )
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": server.url,
        "ASSISTANT_INDEX_DIR": str(tmp_path / "cache-b"),  # another machine's caches
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    ids, best = json.loads(out.stdout.splitlines()[-1])
    assert ids == sorted(a.id for a in here.articles()) and best == "port"


def test_a_server_killed_mid_ingest_leaves_nothing_half_written(
    tmp_path, server, seed_corpus, embedder
):
    shutil.rmtree(seed_corpus)
    for n in range(24):  # ~30 chunks each: several groups of writes (256 chunks a group)
        body = " ".join(
            f"Ship {i} of story {n} docked at berth {i * 7 + n} after {i + 3} days at sea."
            for i in range(200)
        )
        write_article(seed_corpus, f"story-{n:02d}.md", f"Story {n}", body)
    settings = _settings(server, tmp_path / "cache-a")

    def kill_after_first_group(p) -> None:
        if p.articles_done:
            server.kill()

    with pytest.raises(IndexServerError, match=server.url):
        ingest(settings, seed_corpus, embedder=embedder, progress=kill_after_first_group)
    server.start()
    store = Store(settings.index_dir, settings.collection, server.url)
    listed = {c for a in store.record.hashes() for c in store.record.chunk_ids(a)}
    present = set(store._collection.get(include=[])["ids"])
    assert 0 < store.article_count() < 24
    assert listed <= present  # every recorded article is whole; extras are orphans at most
    report = ingest(settings, seed_corpus, embedder=embedder)
    assert store.article_count() == 24 and not report.errors
    assert set(store._collection.get(include=[])["ids"]) == {
        c for a in store.record.hashes() for c in store.record.chunk_ids(a)
    }


def test_an_unreachable_server_is_an_error_naming_it(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConfigError, match=f"cannot reach the Chroma server at {url}"):
        Store.open(replace(Settings(index_dir=tmp_path), chroma_url=url), create=True)
    with pytest.raises(ConfigError, match="chroma_url must look like"):
        Store.open(Settings(index_dir=tmp_path, chroma_url="ftp://x"), create=True)


def test_a_server_that_never_answers_fails_within_the_timeout(tmp_path):
    import socket
    import time

    listener = socket.socket()  # accepts connections (the kernel's backlog), never replies
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings = Settings(index_dir=tmp_path, chroma_url=url, chroma_timeout_s=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(ConfigError, match=f"cannot reach the Chroma server at {url}"):
            Store.open(settings, create=True)
    finally:
        listener.close()
    assert time.monotonic() - started < 10


def test_every_request_to_a_real_server_has_the_timeout(tmp_path, server):
    from assistant.index.clients import _session

    store = Store.open(replace(_settings(server, tmp_path), chroma_timeout_s=7.5), create=True)
    # Chroma's own session has timeout=None; this fails if a release moves or resets it.
    assert _session(store._client._client).timeout.read == 7.5
