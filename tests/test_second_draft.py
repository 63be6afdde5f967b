"""The second draft: a forced draft the checks reject gets one more reading of the passages
without the sentences it drew on, held to the same checks."""

import dataclasses

import pytest

from assistant.answering import prompts, second_draft
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant
from assistant.types import Passage

from .fakes import ScriptedGenerator

LOANS = "South Korea planned to allocate KRW 8.8 trillion in low-interest loans in 2025."
GPUS = "South Korea plans to acquire 10,000 high-end GPUs in 2025."
QUESTION = "How many high-end GPUs are planned for 2025?"


def _passage(text: str, start: int = 100) -> Passage:
    return Passage("a#1", "a", "Title", "src", "", None, start, start + len(text), 0, text, 0.6)


def test_masked_cuts_the_spans_out_of_the_prompt_text_only():
    text = "First sentence here. Second one there. Third at the end."
    p = _passage(text)
    second = text.index("Second")
    spans = {("a", 100 + second, 100 + text.index(" Third")), ("other", 100, 120)}
    (out,) = second_draft.masked([p], spans)
    assert out.text == "First sentence here. Third at the end."
    assert (out.start, out.end, out.chunk_id) == (p.start, p.end, p.chunk_id)  # spans unchanged
    # Overlapping spans, and a passage left empty, is dropped.
    whole = {("a", 100, 100 + len(text)), ("a", 105, 130)}
    assert second_draft.masked([p, _passage("Kept.", 500)], whole) == [_passage("Kept.", 500)]


def test_drawn_on_names_the_sentences_a_draft_was_aligned_with():
    p = _passage(f"{LOANS} {GPUS}")
    spans = second_draft.drawn_on("KRW 8.8 trillion in loans was planned in 2025.", [p], QUESTION)
    assert spans == {("a", 100, 100 + len(LOANS))}
    assert second_draft.drawn_on("", [p], QUESTION) == set()


@pytest.fixture
def seeded(settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    return settings


def _replies(first: str, second: str):
    """The first draft while the loans sentence is in the prompt, then the second."""

    def reply(messages):
        return first if "8.8 trillion" in messages[1]["content"] else second

    return reply


def test_a_rejected_draft_gets_a_second_reading_without_its_sentence(seeded, embedder):
    wrong = "In 2025, South Korea planned KRW 8.8 trillion in low-interest loans."
    right = "South Korea targets 10,000 high-end GPUs in 2025."
    gen = ScriptedGenerator(_replies(wrong, right))
    bot = Assistant.open(seeded, generator=gen, embedder=embedder)
    if not any("8.8 trillion" in p.text for p in bot.search(QUESTION)[1][: seeded.top_k]):
        pytest.skip("the loans sentence is not among the passages shown")
    stream = bot.stream(QUESTION)
    pieces = list(stream)
    answer = stream.answer
    assert answer.answered and "10,000" in answer.text and answer.draft == right
    (c,) = answer.citations
    assert bot.article(c.article_id).text[c.start : c.end] == c.quote and "10,000" in c.quote
    first, again = gen.calls
    assert "8.8 trillion" in first[1]["content"] and "8.8 trillion" not in again[1]["content"]
    assert "10,000 high-end GPUs" in again[1]["content"]
    assert "".join(pieces) == f"{wrong}\n\n{right}"  # both drafts stream, one after the other
    assert "second_draft_s" in answer.timings


def test_a_second_draft_that_fails_too_keeps_the_first_rejection(seeded, embedder):
    wrong = "In 2025, South Korea planned KRW 8.8 trillion in low-interest loans."
    gen = ScriptedGenerator(_replies(wrong, "Seoul will buy 70,000 GPUs in 2025."))
    answer = Assistant.open(seeded, generator=gen, embedder=embedder).ask(QUESTION)
    assert not answer.answered and answer.draft == wrong
    assert all(not s.supported for s in answer.sentences)


def test_off_the_second_draft_is_never_asked_for(seeded, embedder):
    wrong = "In 2025, South Korea planned KRW 8.8 trillion in low-interest loans."
    gen = ScriptedGenerator(_replies(wrong, "South Korea targets 10,000 high-end GPUs in 2025."))
    settings = dataclasses.replace(seeded, second_draft=False)
    answer = Assistant.open(settings, generator=gen, embedder=embedder).ask(QUESTION)
    assert not answer.answered and len(gen.calls) == 1


def test_no_second_draft_when_the_first_drew_on_no_passage_sentence(seeded, embedder):
    gen = ScriptedGenerator(["Zebras migrate across the Serengeti plains every year."])
    answer = Assistant.open(seeded, generator=gen, embedder=embedder).ask(QUESTION)
    assert not answer.answered and len(gen.calls) == 1


def test_a_model_refusal_gets_no_second_draft(seeded, embedder):
    gen = ScriptedGenerator([prompts.NOT_FOUND])
    answer = Assistant.open(seeded, generator=gen, embedder=embedder).ask(QUESTION)
    assert not answer.answered and gen.calls == []
