"""Premises: an answer may not keep the question's word or count where its source says
otherwise (its opposite, another count)."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.counted import recounted
from assistant.answering.opposites import reversed_premise
from assistant.types import Passage

# Shaped like a blind set's trap on new articles (2026-12-06), other names and words.
ASKED = "Why does Ana Ruiz think the new levies will help Ohio growers in the short term?"
SAID = (
    '"We truly believe that the levies are going to hurt us in the short term, but we hope '
    'they bring a better deal in the long term," said Ana Ruiz, head of the Ohio Growers Union.'
)
DRAFT = (
    "Ana Ruiz thinks the new levies will help Ohio growers in the short term because they "
    "will bring a better deal in the long term."
)


def _passage(text: str) -> Passage:
    return Passage(
        "c0", "art", "Farm news", "Wire", "", dt.date(2025, 4, 2), 0, len(text), 0, text, 0.6
    )


def test_a_premise_the_source_reverses_is_refused_and_says_why(embedder):
    answer = build_answer(ASKED, ASKED, DRAFT, [_passage(SAID)], embedder.embed)
    assert not answer.answered
    (sentence,) = answer.sentences
    assert sentence.note == "its source says “hurt”, not “help”"
    # where the source says the question's word, it may answer
    own = SAID.replace("hurt us", "help us")
    assert build_answer(ASKED, ASKED, DRAFT, [_passage(own)], embedder.embed).answered


@pytest.mark.parametrize(
    ("question", "sentence", "cited", "found"),
    [
        (
            "Why did inflation rise in March?",
            "Inflation rose in March because energy prices went up.",
            "Inflation fell in March as energy prices dropped.",
            "its source says “fell”, not “rose”",
        ),
        # the opposite said of something else
        (
            "Which team won the game on Sunday?",
            "The Lakers won the game on Sunday.",
            "The Lakers took the game on Sunday after the Celtics lost their third straight.",
            "",
        ),
        (
            "How much did stocks rise on Monday?",
            "On Monday, stocks rose 2%.",
            "Stocks were up 2% on Monday while bonds fell.",
            "",
        ),
        # the sense stated in other words
        (
            "Why did Nvidia's stock fall?",
            "Nvidia's stock fell because of DeepSeek.",
            "Nvidia shares plunged 17% on DeepSeek fears, while rival stocks rose.",
            "",
        ),
        # the answer says the opposite too, or either is denied
        (
            "Why did prices fall?",
            "Prices fell as rates rose.",
            "Prices dropped as rates rose.",
            "",
        ),
        (
            "Did the central bank raise rates?",
            "The central bank did not raise rates.",
            "The central bank cut rates by a quarter point.",
            "",
        ),
        (
            "Why did the council approve the plan?",
            "The council approved the plan to cut costs.",
            "The council has not rejected the plan, which would cut costs.",
            "",
        ),
        # a word the question does not ask about is no premise
        (
            "What did the union say about the levies?",
            "The union said the levies will help growers.",
            "The union said the levies will hurt growers.",
            "",
        ),
    ],
)
def test_reversed_premise(question, sentence, cited, found):
    assert reversed_premise(question, sentence, cited) == found


def test_a_premise_another_passage_sentence_reverses():
    # Shaped like blind set L's trap (2026-12-06): the answer cites a sentence on the
    # protests; another says the government lifted the ban.
    question = "Why did Lima's government tighten the app ban after Monday's protests?"
    sentence = (
        "Lima's government tightened the app ban after Monday's protests because crowds grew."
    )
    cited = "Crowds grew on Tuesday, a day after protests triggered by an app ban."
    lifted = "Lima's government lifted the ban after protests intensified on Monday."
    found = "its source says “lifted”, not “tightened”"
    assert reversed_premise(question, sentence, cited, [cited, lifted]) == found
    # not where a passage sentence states the question's sense, nor of another thing
    tightened = "Officials later tightened the rules for the apps."
    assert reversed_premise(question, sentence, cited, [cited, lifted, tightened]) == ""
    other = "Neighbouring Quito's council lifted its curfew on Monday."
    assert reversed_premise(question, sentence, cited, [cited, other]) == ""


# Shaped like a blind set's trap on new articles (2026-12-06), other names and figures.
RECOUNT = "Why did it take Lena Park three extra holes to beat Mia Chen at Pinehurst?"
HOLE = "Park was level with Mia Chen at 8-under par and only needed one extra hole to win."


def test_a_count_the_source_gives_otherwise_is_refused_and_says_why(embedder):
    draft = (
        "It took Lena Park three extra holes to beat Mia Chen at Pinehurst because she "
        "needed to win the last extra hole."
    )
    answer = build_answer(RECOUNT, RECOUNT, draft, [_passage(HOLE)], embedder.embed)
    assert not answer.answered
    assert answer.sentences[0].note == "its source counts 1, not three"
    # where the source gives the question's count, it may answer
    own = HOLE.replace("one extra hole", "three extra holes")
    assert build_answer(RECOUNT, RECOUNT, draft, [_passage(own)], embedder.embed).answered


@pytest.mark.parametrize(
    ("question", "sentence", "cited", "found"),
    [
        (RECOUNT, "It took Park three extra holes.", HOLE, "its source counts 1, not three"),
        (
            "What did the 12 lawmakers who voted against the bill object to?",
            "The 12 lawmakers who voted against the bill objected to its cost.",
            "Nine lawmakers voted against the bill, citing its cost.",
            "its source counts 9, not 12",
        ),
        # a single one of what counts one word may be one of several
        (
            "Which two measures could lift growth?",
            "The two measures are education and investment.",
            "One measure is education. Another measure is investment.",
            "",
        ),
        # another figure counting something else, or the question's count in the source
        (
            "What did the 12 lawmakers who voted against the bill object to?",
            "The 12 lawmakers who voted against the bill objected to its cost.",
            "Nine senators voted against the bill, citing its cost.",
            "",
        ),
        (
            "What did the 12 lawmakers who voted against the bill object to?",
            "The 12 lawmakers who voted against the bill objected to its cost.",
            "Twelve lawmakers voted against it, nine lawmakers from the north among them.",
            "",
        ),
        # an answer that does not repeat the count
        (RECOUNT, "Park needed one extra hole.", HOLE, ""),
    ],
)
def test_recounted(question, sentence, cited, found):
    assert recounted(question, sentence, cited) == found
