"""Answers drawn only from news far older than the archive's latest are refused as stale."""

import datetime as dt

import pytest

from assistant.answering.staleness import stale_refusal, stale_source
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant
from assistant.types import Answer, AnswerSentence, Citation

from .fakes import ScriptedGenerator

NEWEST = dt.date(2025, 1, 10)


def _answer(*dates):
    citations = tuple(
        Citation(n, f"a{n}", "T", "s", "u", d, "c", 0, 9, 0, 9, "quote")
        for n, d in enumerate(dates, 1)
    )
    sentence = AnswerSentence("Shaver Lake burned.", tuple(c.number for c in citations), True)
    return Answer("Which city burned?", "Shaver Lake burned. [1]", True, citations, (sentence,))


def test_an_answer_only_from_old_news_is_stale():
    assert stale_source(_answer(dt.date(2020, 9, 9)), NEWEST, 365) == dt.date(2020, 9, 9)
    # one recent source, an undated one, or the rule off: not stale
    assert stale_source(_answer(dt.date(2020, 9, 9), dt.date(2025, 1, 8)), NEWEST, 365) is None
    assert stale_source(_answer(dt.date(2020, 9, 9), None), NEWEST, 365) is None
    assert stale_source(_answer(dt.date(2020, 9, 9)), NEWEST, 0) is None
    assert stale_source(_answer(dt.date(2024, 1, 11)), NEWEST, 365) is None  # 365 days: not more


def test_the_stale_refusal_says_which_news_it_would_have_drawn_on():
    refused = stale_refusal(_answer(dt.date(2020, 9, 9)), dt.date(2020, 9, 9), NEWEST, 365)
    assert not refused.answered and refused.citations == ()
    assert refused.text.startswith("The articles don't say. Nothing in the news up to 2025-01-10")
    assert "(2020-09-09)" in refused.text and "“in 2020”" in refused.text
    (sentence,) = refused.sentences
    assert not sentence.supported and sentence.note.startswith("stale: drawn only from")


OLD = """---
title: "Wildfire forces evacuations near Shaver Lake"
source: example.com
published: 2020-09-09
---

A fast-moving wildfire forced thousands of residents of Shaver Lake, California, to evacuate.
"""
NEW = """---
title: "City council approves new library budget"
source: example.com
published: 2025-01-09
---

The city council approved a new budget for the central library on Thursday evening.
"""


@pytest.fixture
def archive(settings, tmp_path, embedder):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "old.md").write_text(OLD)
    (corpus / "new.md").write_text(NEW)
    ingest(settings, corpus, embedder=embedder)
    draft = ["A wildfire forced thousands of residents of Shaver Lake, California, to evacuate."]
    return Assistant.open(settings, generator=ScriptedGenerator(draft), embedder=embedder)


def test_old_news_does_not_answer_a_question_asked_about_now(archive):
    answer = archive.ask(
        "Which California town did a wildfire force residents to leave?", as_of="2025-01-10"
    )
    assert not answer.answered
    assert "an older article (2020-09-09) may" in answer.text
    # asked about that time, the same draft is the answer
    answer = archive.ask(
        "Which California town did a wildfire force residents to leave in 2020?",
        as_of="2025-01-10",
    )
    assert answer.answered and "Shaver Lake" in answer.text
    # an archive whose news stops in 2020 answers from its own latest news
    answer = archive.ask(
        "Which California town did a wildfire force residents to leave?", as_of="2021-01-01"
    )
    assert answer.answered
