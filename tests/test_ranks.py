"""Ranks and counted compounds: an answer may not give its name one its sources contradict."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.ranks import contradicted, marks
from assistant.types import Passage

# RealTimeQA dev, 2025-05-16 (the passages of a pooled search, shortened).
FLUORIDE = (
    "Utah became the first state to ban fluoride earlier this year. Utah in March decided to "
    "ban public water fluoridation, and Florida is poised to do the same."
)
SECOND = "Which state became the second in the US to ban fluoride from its public water supply?"


def _passage(text: str) -> Passage:
    return Passage(
        "c0", "art", "Fluoride bans", "Wire", "", dt.date(2025, 5, 16), 0, len(text), 0, text, 0.6
    )


def test_a_rank_the_sources_give_the_name_otherwise_is_refused_and_says_why(embedder):
    draft = "Utah became the second state in the US to ban fluoride from its public water supply."
    answer = build_answer(SECOND, SECOND, draft, [_passage(FLUORIDE)], embedder.embed)
    assert not answer.answered and answer.citations == ()
    (sentence,) = answer.sentences
    assert sentence.note == "its sources say “the first state”, not “the second state”"


def test_a_rank_the_sources_give_the_name_stands():
    text = f"{FLUORIDE} Florida became the second state to ban it on May 15."
    draft = "Florida became the second state in the US to ban fluoride [1]."
    assert contradicted(SECOND, draft, [text]) == ""
    assert contradicted(SECOND, draft.replace("Florida", "Utah"), [FLUORIDE]) != ""


def test_nothing_is_decided_where_the_sources_give_no_rank_of_that_kind():
    # the sources name Florida without a rank, or rank another noun of it
    sources = [*FLUORIDE.split(". "), "Florida, for the first time, banned it in the first half."]
    draft = "Florida became the second state in the US to ban fluoride."
    assert contradicted(SECOND, draft, sources) == ""
    # nor a name the question gives: its premise is the question's, not the answer's
    asked = "Which law made Utah the second state to ban fluoride?"
    assert contradicted(asked, "HB 81 made Utah the second state to ban fluoride.", sources) == ""
    # nor where the answer adds no name of its own
    assert contradicted(SECOND, "The second state was not named.", [FLUORIDE]) == ""


def test_a_counted_compound_the_sources_give_otherwise_is_refused():
    question = "Which world leader arrived in Washington for a two-day visit?"
    source = (
        "President Donald Trump arrived Friday afternoon in Palm Beach County for what is "
        "scheduled to be a six-day Presidents Day weekend visit."
    )
    why = contradicted(question, "Trump arrived in Washington for a two-day visit.", [source])
    assert why == "its sources say “six-day”, not “two-day”"
    modi = "Indian Prime Minister Narendra Modi arrived in Washington on a two-day visit."
    assert (
        contradicted(question, "Modi arrived in Washington for a two-day visit.", [source, modi])
        == ""
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the First Lady met Fifth Avenue's owners", []),  # names, not ranks
        ("Utah first banned it", []),  # an adverb ranks nothing
        ("Korea’s third-largest city", [("rank-largest", 3, "city")]),
        ("its first-ever title", [("rank", 1, "title")]),
        ("the 2nd round", [("rank", 2, "round")]),
        ("a three-time champion", [("time", 3, "time")]),
        ("won a second term", []),  # "a second" is another, not a rank
    ],
)
def test_what_counts_as_a_rank(text, found):
    assert [(m.kind, m.value, m.noun) for m in marks(text)] == found
