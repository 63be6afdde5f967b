"""The whole pipeline runs with every network connection refused.

Run in a fresh interpreter so the models are really loaded there, not reused from this one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def _run(tmp_path: Path, model: str, cache: Path) -> dict:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "index"), str(corpus), str(cache), model],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],  # so `tests.fakes` imports
        timeout=1800,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_ingest_and_ask_with_network_blocked(tmp_path):
    result = _run(tmp_path, "fake", tmp_path / "models")
    assert result["chunks"] > 0 and result["answered"]
    assert any("KRW 100 trillion" in q for q in result["quotes"])


@pytest.mark.slow
def test_real_model_with_network_blocked(tmp_path, model_cache_dir):
    result = _run(tmp_path, "real", model_cache_dir)
    assert result["answered"], result
    assert "100 trillion" in result["text"]
