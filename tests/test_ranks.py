"""Ranks and counted compounds: an answer may not join the question's to a name its sources
rank otherwise."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.ranks import contradicted, marks
from assistant.types import Passage

# RealTimeQA dev, 2025-05-16 (the passages of a pooled search, shortened).
FIRST = "Utah became the first state to ban fluoride earlier this year."
MARCH = (
    "Utah in March decided to ban public water fluoridation, and Florida is poised to do the same."
)
SECOND = "Which state became the second in the US to ban fluoride from its public water supply?"


def _passage(text: str) -> Passage:
    return Passage(
        "c0", "art", "Fluoride bans", "Wire", "", dt.date(2025, 5, 16), 0, len(text), 0, text, 0.6
    )


def test_the_questions_rank_joined_to_a_name_ranked_otherwise_is_refused_and_says_why(embedder):
    draft = "Utah became the second state in the US to ban fluoride from its public water supply."
    answer = build_answer(SECOND, SECOND, draft, [_passage(f"{FIRST} {MARCH}")], embedder.embed)
    assert not answer.answered and answer.citations == ()
    (sentence,) = answer.sentences
    assert sentence.note == "its sources say “the first state”, not “the second state”"


def test_a_rank_the_sources_give_the_name_stands():
    given = "Florida became the second state to ban it on May 15."
    draft = "Florida became the second state in the US to ban fluoride."
    assert contradicted(SECOND, draft, given, [FIRST, MARCH, given]) == ""
    assert contradicted(SECOND, draft.replace("Florida", "Utah"), FIRST, [FIRST, MARCH]) != ""


def test_nothing_is_decided_where_the_sources_give_no_rank_of_that_kind():
    # the sources name Florida without a rank, or rank another noun of it
    sources = [FIRST, MARCH, "Florida, for the first time, banned it in the first half."]
    draft = "Florida became the second state in the US to ban fluoride."
    assert contradicted(SECOND, draft, MARCH, sources) == ""
    # nor a name the question gives: its premise is the question's, not the answer's
    asked = "Which law made Utah the second state to ban fluoride?"
    assert contradicted(asked, "HB 81 made Utah the second state to ban it.", FIRST, sources) == ""
    # nor a rank the question does not give: grounding must find that word in the sources
    asked = "Which state banned fluoride?"
    assert contradicted(asked, "Utah became the second state to ban it.", FIRST, sources) == ""


def test_a_counted_compound_the_sources_give_the_name_otherwise_is_refused():
    question = "Which world leader arrived in Washington for a two-day visit?"
    source = (
        "President Donald Trump arrived Friday afternoon in Palm Beach County for what is "
        "scheduled to be a six-day Presidents Day weekend visit."
    )
    draft = "Trump arrived in Washington for a two-day visit."
    assert (
        contradicted(question, draft, source, [source])
        == "its sources say “six-day”, not “two-day”"
    )
    modi = "Indian Prime Minister Narendra Modi arrived in Washington on a two-day visit."
    draft = "Modi arrived in Washington on Monday for a two-day visit."
    macron = "On Monday, Macron begins a three-day visit to China."  # a day names no one
    assert contradicted(question, draft, modi, [source, modi, macron]) == ""


@pytest.mark.parametrize(
    ("question", "sentence", "cited", "others"),
    [
        # the cited sentence states the value in another form
        (
            "Which player won his third MVP award?",
            "Jokic won his third MVP award.",
            "Jokic won the award for a third time.",
            ["Jokic won his first MVP in 2021."],
        ),
        # one name has many periods: terms, halves, stages
        (
            "How many executive orders did the president sign in the first 100 days of his second term?",
            "Trump signed 140 executive orders in the first 100 days of his second term.",
            "Trump signed 140 executive orders in his first 100 days back in office.",
            ["In his first term, Trump signed 220 orders in four years."],
        ),
        (
            "Which team rallied in the second half to win?",
            "The Celtics rallied in the second half to win.",
            "The Celtics outscored Miami 60-40 after the break.",
            ["The Celtics trailed by 15 in the first half."],
        ),
        # another noun after the rank is another rank
        (
            "Which city, the second-largest in Korea, hosted APEC?",
            "Busan, Korea's second-largest city, hosted APEC.",
            "APEC met in Busan.",
            ["Busan is Korea's main port, and Incheon Korea's third-largest city."],
        ),
    ],
)
def test_right_answers_are_not_refused(question, sentence, cited, others):
    assert contradicted(question, sentence, cited, [cited, *others]) == ""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the First Lady met Fifth Avenue's owners", []),  # names, not ranks
        ("Utah first banned it", []),  # an adverb ranks nothing
        ("Korea’s third-largest city", [("rank-largest", 3, "city")]),
        ("its first-ever title", [("rank", 1, "title")]),
        ("the 2nd round", [("rank", 2, "round")]),
        ("a three-time champion", [("time", 3, None)]),
        ("won a second term", []),  # "a second" is another, not a rank
        ("a one-on-one talk", []),
    ],
)
def test_what_counts_as_a_rank(text, found):
    assert [(m.kind, m.value, m.noun) for m in marks(text)] == found
