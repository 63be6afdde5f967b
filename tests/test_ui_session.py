"""The chat adapter with a scripted model, a real index and no browser."""

import threading

import pytest

pytest.importorskip("gradio")

from assistant.index.ingest import ingest  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from ui.session import ChatAdapter, _validate_upload  # noqa: E402

from .conftest import write_article  # noqa: E402
from .fakes import ScriptedGenerator  # noqa: E402


@pytest.fixture
def session(settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    generator = ScriptedGenerator(["The plan targets over 50,000 GPU units [1]."])
    ready = threading.Event()
    ready.set()
    return ChatAdapter(Assistant.open(settings, generator=generator, embedder=embedder), ready)


def test_respond_streams_then_renders_checked_answer(session):
    updates = list(session.respond("How many GPUs does the plan target?", [], []))
    assert len(updates) >= 3
    # The question at once, and what is being done until the model's first word …
    working = updates[0][0]
    assert [m["role"] for m in working] == ["user", "assistant"]
    assert 'class="na-working"' in working[-1]["content"] and "Searching" in working[-1]["content"]
    # … then the draft as it streams.
    streaming_chat = updates[1][0]
    assert 'class="na-draft"' in streaming_chat[-1]["content"]
    assert ">The " in streaming_chat[-1]["content"]
    chat, answers, panel = updates[-1]
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert 'class="na-cite" data-answer="0" data-n="1"' in chat[-1]["content"]
    assert len(answers) == 1 and answers[0].answered
    assert '<mark class="na-mark">Key initiatives' in panel


def test_follow_up_passes_history(session):
    _, answers, _ = list(session.respond("How many GPUs does the plan target?", [], []))[-1]
    session.assistant._generator = ScriptedGenerator(
        ["How many high-end GPUs are planned?", "10,000 high-end GPUs are planned in 2025 [1]."]
    )
    chat, answers, _ = list(session.respond("and high-end ones?", [], answers))[-1]
    assert answers[1].standalone_question == "How many high-end GPUs are planned?"
    assert 'data-answer="1"' in chat[-1]["content"]


def test_not_ready_and_empty_question_warn_without_answering(session, monkeypatch):
    import gradio as gr

    warnings = []
    monkeypatch.setattr(gr, "Warning", warnings.append)
    assert list(session.respond("   ", [], [])) == []
    session.ready.clear()
    assert list(session.respond("How many GPUs?", [], [])) == []
    session.ready.set()
    assert list(session.respond("x" * 5000, [], [])) == []
    assert warnings[0] == "Type a question first."
    assert "still loading" in warnings[1]
    assert "limit is 1000" in warnings[2]


def test_model_failure_is_a_message_not_a_crash(session, monkeypatch):
    import gradio as gr

    class Broken:
        def stream(self, messages, max_new_tokens):
            raise RuntimeError("boom")
            yield ""

    warnings = []
    monkeypatch.setattr(gr, "Warning", warnings.append)
    session.assistant._generator = Broken()
    earlier = [{"role": "user", "content": "Hi"}]
    *_, (chat, answers, _) = session.respond("How many GPUs does the plan target?", earlier, [])
    assert "Something went wrong" in warnings[0]
    assert chat == earlier and answers == []  # the "Searching …" placeholder is taken back


def test_upload_validates_each_file_and_indexes_the_good_ones(session, tmp_path):
    good = write_article(
        tmp_path / "up", "ports.md", "Port news", "Busan port handled 24 million containers."
    )
    bad = tmp_path / "up" / "bad.md"
    bad.write_text("no front matter")
    pdf = tmp_path / "up" / "x.pdf"
    pdf.write_bytes(b"%PDF")
    report = session.upload([str(good), str(bad), str(pdf)])
    assert "✓ **ports.md** indexed" in report
    assert "✗ **bad.md**: no YAML front matter" in report
    assert "✗ **x.pdf**: unsupported file type .pdf" in report
    assert "ports" in [row[0] for row in session.article_rows()]
    assert (session.assistant.corpus_root() / "ports.md").is_file()


def test_delete_removes_file_and_index_entry(session):
    root = session.assistant.corpus_root()
    assert session.delete("ai-g3-initiative") == "Deleted ai-g3-initiative."
    assert not (root / "ai-g3-initiative.md").exists()
    assert session.article_rows() == []
    assert session.delete(None) == "Choose an article to delete."


def test_validate_upload_size_limit(tmp_path, monkeypatch):
    import ui.session

    monkeypatch.setattr(ui.session, "MAX_FILE_BYTES", 10)
    big = write_article(tmp_path, "big.md", "Big", "x" * 100)
    assert _validate_upload(big).startswith("larger than")


def test_an_upload_never_replaces_another_article_and_says_what_it_did(session, tmp_path):
    first = write_article(tmp_path / "a", "ports.md", "Port news", "Busan handled 24 million.")
    other = write_article(tmp_path / "b", "ports.md", "Rail news", "Seoul opened a new line.")
    hidden = write_article(tmp_path / "c", ".draft.md", "Draft", "Not ready yet.")
    assert "✓ **ports.md** indexed" in session.upload([str(first)])
    report = session.upload([str(other), str(first), str(hidden)])
    assert "✓ **ports.md** indexed (saved as ports-2.md: ports.md is another article)" in report
    assert "✓ **ports.md** already indexed (the same file)" in report
    assert "✗ **.draft.md**: hidden file name" in report
    root = session.assistant.corpus_root()
    assert (
        "Busan" in (root / "ports.md").read_text() and "Seoul" in (root / "ports-2.md").read_text()
    )
    ids = [row[0] for row in session.article_rows()]
    assert "ports" in ids and "ports-2" in ids and not (root / ".draft.md").exists()


def test_a_stopped_draft_is_marked_stopped_and_kept_out_of_follow_ups(session):
    from ui import render

    question = {"role": "user", "content": "How many GPUs?"}
    draft = {"role": "assistant", "content": render.draft_html("The plan targets 50,")}
    chat = session.stopped([question, draft])
    assert chat[0] == question
    shown = chat[1]["content"]
    assert 'class="na-stopped"' in shown and "Stopped" in shown and "na-cursor" not in shown
    assert "The plan targets 50," in shown
    as_parts = [
        question,
        {"role": "assistant", "content": [{"type": "text", "text": draft["content"]}]},
    ]
    assert 'class="na-stopped"' in session.stopped(as_parts)[1]["content"]
    # Stopped before the model's first word: no draft to show.
    (_, waiting) = session.stopped(
        [question, {"role": "assistant", "content": render.working_html()}]
    )
    assert (
        "Stopped" in waiting["content"] and "before the model wrote anything" in waiting["content"]
    )
    assert "Searching" not in waiting["content"]
    finished = [question, {"role": "assistant", "content": '<div class="na-answer">x</div>'}]
    assert session.stopped(finished) == finished  # only a draft is stopped
    # A follow-up after Stop is asked without the stopped draft as history.
    session.assistant._generator = ScriptedGenerator(
        ["The plan targets over 50,000 GPU units [1]."]
    )
    *_, (_, answers, _) = session.respond("How many GPUs does the plan target?", chat, [])
    assert answers[0].standalone_question == "How many GPUs does the plan target?"


def test_the_header_names_the_product_the_article_count_and_the_index_date(session):
    header = session.header()
    assert header.startswith("**News assistant** · 1 article · index updated 20")
