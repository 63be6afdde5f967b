"""A question asking which things a counted set holds is not answered by a sentence that
only says how many there are (`answering/members.py`)."""

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.members import asked_set, only_counted
from assistant.answering.stated import stated_answer
from assistant.types import Passage

# The shipped article's sentence, which names none of the twelve (a new user, 2026-12-07).
DESIGNATED = (
    "The government had already designated 12 industries as national strategic "
    "technologies, providing targeted financial support and protection."
)
QUESTION = "What are the 12 strategic industries?"


def _passage(text: str) -> Passage:
    return Passage("c", "art", "Title", "Wire", "", None, 0, len(text), 0, text, 0.6)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (QUESTION, (12, "industries")),
        ("Which were the three pillars of the plan?", (3, "pillars")),
        ("Name the two companies building NPUs.", (2, "companies")),
        ("What twelve industries were designated?", (12, "industries")),
        ("What are the risks?", None),
        ("What does 12 mean?", None),
        ("What was the 1 thing?", None),
        ("What were the 2024 changes?", None),  # a year counts nothing
    ],
)
def test_the_set_a_question_asks_about(question, asked):
    assert asked_set(question) == asked


@pytest.mark.parametrize(
    ("sentence", "lists"),
    [
        (DESIGNATED, False),
        ("In 2023, 12 industries were designated.", False),
        ("The 12 industries, which get support, are unnamed.", False),
        ("The 12 strategic industries are semiconductors, batteries and displays.", True),
        ("The twelve industries include semiconductors and batteries.", True),
        ("Semiconductors and batteries are among the 12 industries.", True),
        ("Chips are one of the 12 industries.", True),
        ("The twelve industries: chips, batteries.", True),
        # not restating the set is not judged here
        ("The industries include chips.", True),
    ],
)
def test_a_sentence_restating_the_set_must_list_it(sentence, lists):
    assert (only_counted(QUESTION, sentence) == "") is lists


def test_the_count_of_the_set_is_refused_by_the_answer_check_and_by_the_quote(embedder):
    draft = "The government designated 12 industries as national strategic technologies."
    answer = build_answer(QUESTION, QUESTION, draft, [_passage(DESIGNATED)], embedder.embed)
    assert not answer.answered
    assert "names none" in answer.sentences[0].note
    # the sentence states every word of the question, and still does not answer it
    assert not stated_answer(QUESTION, QUESTION, [_passage(DESIGNATED)]).answered
    listed = DESIGNATED.replace("technologies,", "technologies: chips, batteries and ships,")
    assert stated_answer(QUESTION, QUESTION, [_passage(listed)]).answered
    two = "Samsung and SK Hynix are the two companies building NPUs."
    assert not only_counted("Name the two companies building NPUs.", two)
    assert only_counted("Name the two companies building NPUs.", "Two companies build NPUs.")


def test_a_list_may_follow_a_clause_about_the_set():
    # a seed dev draft, 2026-12-07
    question = "Which two economic measures could wider use of AI substantially lift?"
    draft = (
        "The two economic measures that could substantially lift GDP growth and total factor "
        "productivity through the use of AI are large-scale AI investment and training."
    )
    assert only_counted(question, draft) == ""
    assert only_counted(question, "Two economic measures could be lifted by AI.")
