"""The two ways to reach an index: embedded (a Chroma `PersistentClient` under `index_dir` and
the SQLite record beside it) or a Chroma server (`chroma_url`: an `HttpClient` and the record
kept in the server, `server_record.py`). Telemetry is off either way.

Over HTTP every collection call goes through `ServerCollection`, which turns a dropped or
refused connection into an `IndexServerError` naming the URL instead of an httpx traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, IndexNotBuiltError, IndexServerError
from ..runtime import offline_env
from .record import ArticleRecord, Record
from .server_record import ChromaRecord


def connect(
    index_dir: Path,
    collection: str,
    server: str,
    token: str,
    create: bool = True,
    timeout_s: float = 60.0,
) -> tuple[Any, ArticleRecord]:
    """(Chroma client, article record) for the embedded index or the server at `server`,
    whose every request fails after `timeout_s`. Without `create`, a server that holds no
    such index is an `IndexNotBuiltError`, and nothing is written to it."""
    offline_env()  # before chromadb (and the onnxruntime it may load) is imported
    import chromadb

    if server:  # everything on the server; index_dir holds caches only
        client = ServerClient(http_client(server, token, timeout_s), server)
        if not create and not client.has_collection(f"{collection}__meta"):
            raise IndexNotBuiltError(
                f"no index in the Chroma server at {server} (collection {collection!r}): run "
                "`assistant ingest` against it first"
            )
        return client, ChromaRecord(client, collection)
    client = chromadb.PersistentClient(
        path=str(index_dir / "chroma"),
        settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
    )
    return client, Record(index_dir / "articles.sqlite")


def http_client(url: str, token: str = "", timeout_s: float = 60.0) -> Any:
    """A `chromadb.HttpClient` for `url` (telemetry off), checked with a heartbeat; a server
    that cannot be reached, or does not answer within `timeout_s`, is a `ConfigError` naming
    the URL. Its requests then fail after `timeout_s` too."""
    import chromadb
    import httpx

    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"chroma_url must look like http://HOST:PORT, got {url!r}")
    auth: dict[str, Any] = {}
    if token:
        auth = {
            "chroma_client_auth_provider": "chromadb.auth.token_authn.TokenAuthClientProvider",
            "chroma_client_auth_credentials": token,
        }
    base = f"{parts.scheme}://{parts.netloc}"
    try:
        # Chroma's client sends requests from its constructor on, with no timeout (its httpx
        # session has timeout=None): a server that accepts but never answers would hang it.
        # So the server is probed with a deadline first, and the session given one after.
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        probe = httpx.get(f"{base}/api/v2/heartbeat", headers=headers, timeout=timeout_s)
        probe.raise_for_status()
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=chromadb.Settings(anonymized_telemetry=False, **auth),
        )
        _session(client).timeout = httpx.Timeout(timeout_s)
    except Exception as error:  # chromadb raises plain ValueError/httpx errors here
        raise ConfigError(f"cannot reach the Chroma server at {url}: {error}") from error
    return client


def _session(client: Any) -> Any:
    """The httpx session inside a chromadb 1.x `HttpClient` (`tests/test_chroma_server.py`
    fails if a chromadb release moves it)."""
    return client._server._session


class ServerClient:
    """The few client calls the index makes, with server failures named."""

    def __init__(self, client: Any, url: str) -> None:
        self._client, self.url = client, url

    def get_or_create_collection(self, name: str, **kwargs: Any) -> ServerCollection:
        collection = _call(self.url, self._client.get_or_create_collection, name, **kwargs)
        return ServerCollection(collection, self.url)

    def has_collection(self, name: str) -> bool:
        listed = _call(self.url, self._client.list_collections)
        return name in {getattr(c, "name", c) for c in listed}

    def get_max_batch_size(self) -> int:
        return int(_call(self.url, self._client.get_max_batch_size))


class ServerCollection:
    """A Chroma collection over HTTP whose calls fail with `IndexServerError`."""

    def __init__(self, collection: Any, url: str) -> None:
        self._c, self.url = collection, url

    def add(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.add, **kwargs)

    def upsert(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.upsert, **kwargs)

    def update(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.update, **kwargs)

    def delete(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.delete, **kwargs)

    def get(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.get, **kwargs)

    def query(self, **kwargs: Any) -> Any:
        return _call(self.url, self._c.query, **kwargs)

    def count(self) -> int:
        return int(_call(self.url, self._c.count))


def _call(url: str, method: Any, *args: Any, **kwargs: Any) -> Any:
    import httpx

    try:
        return method(*args, **kwargs)
    except httpx.TransportError as error:  # refused, reset, cut mid-response
        raise IndexServerError(
            f"the Chroma server at {url} failed ({type(error).__name__}: {error}); what was "
            "written before stays consistent: run the same command again once it is back"
        ) from error
