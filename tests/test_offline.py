"""The whole pipeline runs with every network connection refused, and tries none.

Run in a fresh interpreter so the models are really loaded there, not reused from this one,
under `native/netguard.c` (LD_PRELOAD): every connect, sendto and name look-up that would
leave the machine, from Python or from native code such as onnxruntime's telemetry, is
refused and logged, and the tests fail on any line in that log.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, socket, sys
from pathlib import Path

def refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from assistant import Assistant, Settings
from tests.fakes import ScriptedGenerator
from assistant.index.ingest import ingest

settings = Settings(index_dir=Path(sys.argv[1]), model_cache_dir=Path(sys.argv[3]))
report = ingest(settings, Path(sys.argv[2]))
generator = None
if sys.argv[4] == "fake":
    generator = ScriptedGenerator(["The fund is KRW 100 trillion [1]."])
answer = Assistant.open(settings, generator=generator).ask("How large is the AI investment fund?")
print(json.dumps({"chunks": report.chunks_embedded, "answered": answer.answered,
                  "text": answer.text, "quotes": [c.quote for c in answer.citations]}))
"""


@pytest.fixture(scope="session")
def netguard(tmp_path_factory) -> Path:
    """The LD_PRELOAD guard, compiled for this machine."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler for the network guard (apt-get install build-essential)")
    library = tmp_path_factory.mktemp("netguard") / "netguard.so"
    source = ROOT / "tests" / "native" / "netguard.c"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(source), "-ldl"], check=True
    )
    return library


def _guarded_env(netguard: Path, log: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    return {**env, "LD_PRELOAD": str(netguard), "NETGUARD_LOG": str(log)}


def _attempts(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _run(tmp_path: Path, model: str, cache: Path, netguard: Path) -> dict:
    log = tmp_path / "network.log"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "index"), str(ROOT / "corpus"), str(cache)]
        + [model],
        capture_output=True,
        text=True,
        env=_guarded_env(netguard, log),
        cwd=ROOT,  # so `tests.fakes` imports
        timeout=1800,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert _attempts(log) == []
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_guard_sees_native_look_ups_and_connections(tmp_path, netguard):
    log = tmp_path / "network.log"
    code = (
        "import socket\n"
        "for call in (lambda: socket.getaddrinfo('mobile.events.data.microsoft.com', 443),\n"
        "             lambda: socket.socket().connect(('192.0.2.1', 80)),\n"
        "             lambda: socket.socket(type=socket.SOCK_DGRAM).sendto(b'x', ('192.0.2.2', 53))):\n"
        "    try: call()\n"
        "    except OSError: pass\n"
        "socket.getaddrinfo('localhost', 80)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_guarded_env(netguard, log), check=True)
    assert _attempts(log) == [
        "getaddrinfo mobile.events.data.microsoft.com",
        "connect 192.0.2.1",
        "sendto 192.0.2.2",
    ]


def test_ingest_and_ask_with_network_blocked(tmp_path, netguard):
    result = _run(tmp_path, "fake", tmp_path / "models", netguard)
    assert result["chunks"] > 0 and result["answered"]
    assert any("KRW 100 trillion" in q for q in result["quotes"])


@pytest.mark.slow
def test_real_model_with_network_blocked(tmp_path, model_cache_dir, netguard):
    result = _run(tmp_path, "real", model_cache_dir, netguard)
    assert result["answered"], result
    assert "100 trillion" in result["text"]


@pytest.mark.slow
def test_serve_tries_no_network(tmp_path, model_cache_dir, netguard, seed_corpus):
    pytest.importorskip("gradio")
    log = tmp_path / "network.log"
    env = {
        **_guarded_env(netguard, log),
        "ASSISTANT_MODEL_CACHE_DIR": str(model_cache_dir),
        "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
    }
    cli = [sys.executable, "-m", "assistant"]
    subprocess.run(cli + ["ingest", str(seed_corpus)], env=env, check=True, capture_output=True)
    port = 7800 + os.getpid() % 100
    server = subprocess.Popen(
        cli + ["serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline, lines = time.monotonic() + 600, []
        assert server.stdout is not None
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            lines.append(line)
            if "ready to answer" in line or not line:
                break
        assert any("ready to answer" in line for line in lines), lines
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200
        time.sleep(2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _attempts(log) == []
