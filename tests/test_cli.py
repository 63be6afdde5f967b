import io
import json
import os
import re
import subprocess
import sys

import pytest

from assistant.answering import prompts
from assistant.cli import main
from assistant.progress import StatusLine

from .conftest import write_article
from .fakes import ScriptedGenerator, by_question


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


# The condensing prompt keeps the follow-up's subject; answers by what is asked.
_CHAT_SCRIPT = by_question(
    {
        "high-end": "The plan includes 10,000 high-end GPUs in 2025 [1].",
        "GPU": "The plan targets the acquisition of over 50,000 GPU units [1].",
    },
    condensed="How many high-end GPUs does the plan target?",
)


def test_chat_answers_follow_ups_until_quit(env, capsys, seed_corpus, embedder, monkeypatch):
    assert main(["ingest", str(seed_corpus)]) == 0
    generator = ScriptedGenerator(_CHAT_SCRIPT)
    monkeypatch.setattr(
        "assistant.llm.backends.make_generator", lambda settings, progress=None: generator
    )
    capsys.readouterr()
    lines = [
        "How many GPUs does the plan target?",
        "",
        "And high-end ones?",
        "x" * 2000,  # too long: said, and the chat goes on
        "/new",
        "And high-end ones?",  # a new conversation: asked as it stands
        "/quit",
        "never read",
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["chat", "--as-of", "2026-01-01"]) == 0
    captured = capsys.readouterr()
    first = captured.out.index("over 50,000 GPU units [1]")
    follow_up = captured.out.index("10,000 high-end GPUs in 2025 [1]")
    assert first < captured.out.index("Sources:\n[1]") < follow_up
    assert captured.out.count("Sources:") == 3  # the follow-up, asked again after /new
    assert "limit is 1000" in captured.err and "(a new conversation)" in captured.err
    condensed = [c for c in generator.calls if c[0]["content"] == prompts.CONDENSE_SYSTEM]
    assert len(condensed) == 1  # the first follow-up only: /new forgot the conversation
    assert "50,000 GPU units" in condensed[0][-1]["content"]
    assert "never read" not in captured.out + captured.err
    # A bad date is said once, before any question.
    monkeypatch.setattr(sys, "stdin", io.StringIO("How many GPUs?\n"))
    assert main(["chat", "--as-of", "someday soon"]) == 2
    assert "someday soon" in capsys.readouterr().err


def test_chat_stops_an_answer_on_ctrl_c_and_ends_at_end_of_input(
    settings, seed_corpus, embedder, capsys
):
    from assistant.console import chat
    from assistant.index.ingest import ingest
    from assistant.pipeline import Assistant

    ingest(settings, seed_corpus, embedder=embedder)

    class Interrupted(ScriptedGenerator):
        def stream(self, messages, max_new_tokens, ban_first=()):
            yield "The plan "
            raise KeyboardInterrupt

    bot = Assistant.open(settings, generator=Interrupted(["x"]), embedder=embedder)
    questions = iter(["How many GPUs does the plan target?"])

    def read(prompt: str) -> str:
        return next(questions, None) or (_ for _ in ()).throw(EOFError())

    assert chat(bot, {}, read) == 0
    captured = capsys.readouterr()
    assert "(stopped)" in captured.err and captured.out == ""
