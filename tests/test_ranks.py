"""Ranks: an answer may not give the question's rank to a name its sources rank otherwise."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.ranks import contradicted, ranks
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


def test_the_questions_rank_given_to_a_name_ranked_otherwise_is_refused_and_says_why(embedder):
    draft = "Utah became the second state in the US to ban fluoride from its public water supply."
    answer = build_answer(SECOND, SECOND, draft, [_passage(f"{FIRST} {MARCH}")], embedder.embed)
    assert not answer.answered and answer.citations == ()
    (sentence,) = answer.sentences
    assert sentence.note == "its sources say “the first state”, not “the second state”"
    # another's rank in the cited sentence states nothing of Utah's (a review's case)
    both = "Utah became the first state to ban it in March, and Florida became the second in May."
    assert contradicted(SECOND, draft, both, [both]) != ""


def test_a_rank_the_sources_give_the_name_stands():
    given = "Florida became the second state to ban it on May 15."
    draft = "Florida became the second state in the US to ban fluoride."
    assert contradicted(SECOND, draft, given, [FIRST, MARCH, given]) == ""


@pytest.mark.parametrize(
    ("question", "sentence", "cited", "others"),
    [
        # a rank is the nearest name's before it: Utah's, not Florida's (a review's cases)
        (
            SECOND,
            "Florida became the second state in the US to ban fluoride.",
            "Florida on Thursday joined Utah, the first state to ban fluoride in public water.",
            ["Florida joined Utah, which became the first state to ban fluoride in March."],
        ),
        (
            "Which company became the second to reach a $4 trillion market value?",
            "Microsoft became the second company to reach a $4 trillion market value.",
            "Microsoft hit $4 trillion on Thursday, joining Nvidia, the first company to do so.",
            [],
        ),
        # the sources name Florida without a rank; rank another kind of thing, or Utah only
        (SECOND, "Florida became the second state to ban it.", MARCH, [FIRST]),
        # a name the question gives: its premise is the question's, not the answer's
        (
            "Which law made Utah the second state to ban fluoride?",
            "HB 81 made Utah the second state to ban it.",
            FIRST,
            [],
        ),
        # a rank the question does not give: grounding must find that word in the sources
        ("Which state banned fluoride?", "Utah became the second state to ban it.", FIRST, []),
        # what one name has many of (a review's cases)
        (
            "Who won her fourth major title?",
            "Sabalenka won her fourth major title.",
            "Sabalenka beat Anisimova in the final.",
            ["Sabalenka won her first major title at the 2023 Australian Open."],
        ),
        (
            "How many orders did the president sign in his second term?",
            "Trump signed 140 orders in his second term.",
            "Trump signed 140 orders in his first 100 days back.",
            ["In his first term, Trump signed 220 orders."],
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
        ("Utah won a second state title", []),  # "a second" is another, not a rank
        ("Utah, the 2nd state to do so", [(2, "state", "utah")]),
        ("the first state; Korea's third city", [(1, "state", ""), (3, "citi", "korea")]),
        ("Korea's third-largest city", []),  # largest is no kind of thing
        ("Utah banned it, and the first state to follow was Ohio", [(1, "state", "")]),
    ],
)
def test_what_counts_as_a_rank(text, found):
    assert [(r.value, r.kind, r.bearer) for r in ranks(text)] == found
