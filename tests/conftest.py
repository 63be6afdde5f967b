"""Shared fixtures: the real MiniLM embedder, throw-away corpora and indexes in tmp_path."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"


def write_article(
    folder: Path,
    name: str,
    title: str,
    body: str,
    published: str = "2025-06-12",
    source: str = "Test Wire",
    url: str = "https://example.org/a",
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'---\ntitle: "{title}"\nsource: {source}\nurl: {url}\npublished: {published}\n---\n\n'
        + body,
        encoding="utf-8",
    )
    return path


def write_port_story(folder: Path, published: str = "2025-06-12") -> Path:
    """A second article beside the seed one, for tests that choose among articles."""
    body = "Busan's port handled 24 million containers last year. Its new terminal opens in 2027."
    return write_article(folder, "port.md", "Busan port traffic", body, published=published)


@pytest.fixture(scope="session")
def embedder():
    from assistant.embed.base import load_embedder

    return load_embedder(Settings.load().model_cache_dir)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        index_dir=tmp_path / "index",
        corpus_dir=tmp_path / "corpus",
        model_cache_dir=tmp_path / "models",
    )


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture
def seeded(settings: Settings, seed_corpus: Path, embedder) -> Settings:
    """Settings whose index holds the shipped corpus."""
    from assistant.index.ingest import ingest

    ingest(settings, seed_corpus, embedder=embedder)
    return settings


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to open a network connection fail loudly."""

    def refuse(*args, **kwargs):
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def model_cache_dir() -> Path:
    """The user's model cache (the slow tests share the one-time conversion with the CLI)."""
    return Settings.load().model_cache_dir


@pytest.fixture
def unasked_model():
    """A model for paths that must answer without it: its `calls` stay empty."""
    from .fakes import ScriptedGenerator

    return ScriptedGenerator(["The model must not be asked [1]."])
