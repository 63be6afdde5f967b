"""Real servers on 127.0.0.1 for tests and benchmarks: Chroma's own (`chroma run`, from the
chromadb package) and llama-cpp-python's OpenAI-compatible one serving the shipped GGUF.
Each starts on a free port and returns once it answers; the caller stops it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

CHROMA = Path(sys.executable).with_name("chroma")
LLAMA_ALIAS = "qwen2.5-coder-1.5b"  # the model name the llama.cpp server is asked for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(process: subprocess.Popen, url: str, seconds: float = 120) -> None:
    """Poll `url` until it answers 200; kill the process and raise if it never does."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{process.args[0]} did not start ({url})")


def start_chroma(folder: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    cmd = [str(CHROMA), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, f"{url}/api/v2/heartbeat")
    return process, url


# The server run as `python -m llama_cpp.server`, with the product's guard against the AMX
# weight buffers that crash llama.cpp on CPUs with AMX (`assistant.llm.llama_cpp`).
_LLAMA_SERVER = (
    "import runpy\n"
    "from assistant.llm.llama_cpp import safe_loading\n"
    "with safe_loading():\n"
    "    runpy.run_module('llama_cpp.server', run_name='__main__', alter_sys=True)\n"
)


def start_llama_server(gguf: Path) -> tuple[subprocess.Popen, str]:
    """llama.cpp's OpenAI-compatible server on `gguf`; returns (process, API base URL)."""
    port = free_port()
    cmd = [sys.executable, "-c", _LLAMA_SERVER, "--model", str(gguf), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", "4096", "--model_alias", LLAMA_ALIAS]
    # By default it cuts a running stream when another request arrives.
    cmd += ["--interrupt_requests", "False"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    wait_until_up(process, f"{url}/models")
    return process, url
