import io
import json
import os
import re
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.progress import StatusLine

from .conftest import write_article
from .fakes import ScriptedGenerator


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("ASSISTANT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_lists_settings_and_env_names(env, capsys):
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^index_dir +{re.escape(str(env / 'index'))}$", out, re.M)
    assert "ASSISTANT_TOP_K" in out


def test_ingest_reports_broken_files_and_is_idempotent(env, capsys, seed_corpus, embedder):
    (seed_corpus / "broken.md").write_bytes(b"\x00binary")
    assert main(["ingest", str(seed_corpus)]) == 0
    captured = capsys.readouterr()
    assert "Added 1" in captured.out and "Skipped 1 broken file" in captured.out
    assert "skipped corpus/broken.md: binary file, not text" in captured.err
    assert main(["ingest", str(seed_corpus), "--strict"]) == 1
    assert "Index up to date: 1 article(s) unchanged" in capsys.readouterr().out


def test_ask_without_index_is_a_clear_error(env, capsys):
    assert main(["ask", "How large is the fund?"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no index at") and "assistant ingest" in err


def test_bad_setting_is_a_clear_error(env, capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TOP_K", "zero")
    assert main(["config"]) == 2
    assert "top_k" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli(env):
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "config"], capture_output=True, text=True, check=True
    )
    assert "model_cache_dir" in out.stdout


@pytest.mark.slow
def test_ask_prints_answer_and_sources(env, capsys, seed_corpus, model_cache_dir, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache_dir))
    assert main(["ingest", str(seed_corpus)]) == 0
    capsys.readouterr()
    assert main(["ask", "How large is the AI investment fund?"]) == 0
    out = capsys.readouterr().out
    assert "100 trillion" in out and "[1]" in out
    assert "Sources:\n[1] President Lee Jae-myung" in out
    assert main(["ask", "What is the population of Seoul?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] is False and data["citations"] == []


def test_ingest_of_a_new_folder(env, tmp_path, embedder, capsys):
    corpus = tmp_path / "c"
    write_article(corpus, "x.md", "X", "Some text about ports.")
    assert main(["ingest", str(corpus)]) == 0
    assert "Added 1" in capsys.readouterr().out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ask_on_a_terminal_shows_its_work_then_only_the_answer(
    env, capsys, seed_corpus, embedder, monkeypatch
):
    assert main(["ingest", str(seed_corpus)]) == 0
    capsys.readouterr()
    draft = "The AI investment fund is KRW 100 trillion (approximately USD 73.8 billion) [1]."
    monkeypatch.setattr(
        "assistant.llm.backends.make_generator",
        lambda settings, progress=None: ScriptedGenerator([draft]),
    )
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["ask", "How large is the AI investment fund?"]) == 0
    shown = terminal.getvalue()
    # What it is doing, then the draft as it streams, each line replacing the last …
    assert shown.startswith("\r\x1b[KSearching the articles")
    assert "\r\x1b[KDraft, not yet checked: The AI investment" in shown
    assert "KRW 100 trillion (approximately USD 73.8 billion) [1]." in shown
    # … and erased before the checked answer, which alone goes to stdout.
    assert shown.endswith("\r\x1b[K")
    out = capsys.readouterr().out
    assert out.startswith("The AI investment fund is KRW 100 trillion") and "Sources:" in out
    # Piped, or with --json: nothing on stderr.
    terminal.seek(0)
    terminal.truncate()
    assert main(["ask", "How large is the AI investment fund?", "--json"]) == 0
    assert terminal.getvalue() == ""
    assert json.loads(capsys.readouterr().out)["answered"] is True


def test_status_line_keeps_to_one_line_of_the_terminal(monkeypatch):
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=None: os.terminal_size((40, 24))
    )
    terminal = _Terminal()
    status = StatusLine(terminal)
    status.draft("First line of the draft\nand a \x1b[31mplanted escape and a long tail")
    (line,) = terminal.getvalue().split("\r\x1b[K")[1:]
    assert line.startswith("Draft, not yet checked: …") and len(line) == 39
    assert line.endswith("a long tail") and "\x1b" not in line and "\n" not in line
    status.clear()
    assert terminal.getvalue().endswith("\r\x1b[K") and not status.shown
    piped = io.StringIO()
    quiet = StatusLine(piped)
    quiet.show("Searching …")
    quiet.clear()
    assert piped.getvalue() == ""
