"""Leaders: an answer may not draw on another leader's government than the question names."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.leaders import another_leader, leaders
from assistant.types import Passage

# A blind new-user trap on the seed article, 2026-12-06.
YOON = (
    "Furthermore, President Yoon Suk Yeol’s administration in April 2024 announced an "
    "initiative to invest KRW 9.4 trillion ($6.94 billion) in AI by 2027."
)
LEE = "How much did President Lee's government commit in April 2024 to AI chips?"


def _passage(text: str) -> Passage:
    return Passage(
        "c0", "art", "AI G3", "Wire", "", dt.date(2025, 9, 19), 0, len(text), 0, text, 0.6
    )


def test_a_figure_of_another_leaders_government_is_refused_and_says_why(embedder):
    answer = build_answer(LEE, LEE, "$6.94 billion", [_passage(YOON)], embedder.embed)
    assert not answer.answered and answer.citations == ()
    (sentence,) = answer.sentences
    assert sentence.note == (
        "the question asks about President Lee's government; its source speaks of "
        "President Yoon Suk Yeol’s administration"
    )
    # the leader the question names
    yoon = LEE.replace("Lee", "Yoon")
    assert build_answer(yoon, yoon, "$6.94 billion", [_passage(YOON)], embedder.embed).answered


@pytest.mark.parametrize(
    "cited",
    [
        YOON,
        "The Trump administration unveiled tariffs of 25%.",
        "It was the Trump Administration that unveiled tariffs of 25%.",
        "In 2025, the Trump administration unveiled tariffs of 25%.",
        "Tariffs rose. The Trump administration unveiled tariffs of 25%.",
    ],
)
def test_another_leaders_administration_denies_the_questions(cited):
    asked = "What tariffs did the Biden administration unveil?"
    assert another_leader(asked, cited).startswith("the question asks about the Biden")


@pytest.mark.parametrize(
    "asked, cited",
    [
        # the question's leader is named in the cited text too
        (LEE, f"{YOON} President Lee kept it."),
        # a shorter or longer name of the same leader
        ("What did President Yoon's government invest?", YOON),
        ("What did the Biden administration say?", "The Biden-Harris administration said 5%."),
        # a place's, a nation's or an untitled name's government is no other leader's
        (LEE, "South Korea's government invested KRW 9.4 trillion."),
        (LEE, "Japan's government invested KRW 9.4 trillion."),
        (LEE, "The Korean government invested KRW 9.4 trillion."),
        (LEE, "The Samsung government affairs team invested KRW 9.4 trillion."),
        # a review's cases: another leader's government as background, not the doer
        (
            "How much did the Trump administration cut from the CHIPS Act grants?",
            "The Commerce Department cut $7.4 billion from grants awarded under the Biden "
            "administration, officials said.",
        ),
        (
            "What did the Trump administration say about the policy?",
            "Vance said the Biden administration's policy was over.",
        ),
        (
            "Which grants awarded under the Biden administration were cut?",
            "The Trump administration cut the CHIPS grants.",
        ),
        # "the administration" may be the question's own
        (
            "How much did the Trump administration freeze?",
            "The administration froze $2.2 billion, as did the Obama administration in 2015.",
        ),
        # … nor where the other government opens no clause (a second review's cases)
        (
            "What did the Trump administration say about the CHIPS Act awards?",
            "Lutnick said the Biden administration had been far too generous.",
        ),
        (
            "What did the Trump administration do with the AI diffusion rule?",
            "The Commerce Department rescinded the Biden administration-era rule.",
        ),
        (
            "What did the Trump administration scrap?",
            "It scrapped a rule the Biden administration issued in January.",
        ),
        # a prime minister's cabinet may be the president's government
        (
            "What did President Lee's government approve?",
            "Prime Minister Kim Min-seok's cabinet approved a KRW 728 trillion budget.",
        ),
        # a name spelled with a letter more
        (
            "What did President Zelensky's government ask for?",
            "President Volodymyr Zelenskyy's government asked for $50 billion.",
        ),
        # nor a question that names no leader's government
        ("Which administration announced KRW 9.4 trillion in April 2024?", YOON),
        ("How much did the government commit?", YOON),
    ],
)
def test_the_same_leader_or_none_is_no_denial(asked, cited):
    assert another_leader(asked, cited) == ""


def test_leaders_reads_possessives_and_the_administration_of_a_name():
    assert leaders(YOON) == [
        ("President Yoon Suk Yeol’s administration", frozenset({"yoon", "suk", "yeol"}), "head")
    ]
    assert [who for _, who, _ in leaders("the O'Brien administration")] == [frozenset({"o'brien"})]
    assert leaders("Lee's new government") == []  # untitled: "Seoul's government" is no one
    assert leaders("President Lee's new government")[0][1:] == (frozenset({"lee"}), "head")
    assert leaders("Prime Minister Keir Starmer's government")[0][2] == "premier"
