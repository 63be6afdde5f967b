import pytest

from assistant.evaluation.metrics import (
    CitedSentence,
    Span,
    citation_precision,
    citation_recall,
    contains_answer,
    exact_match,
    names_choice,
    normalize,
    percentile,
    reciprocal_rank,
    refusal,
    retrieval_hit,
    supports,
    token_f1,
)

GOLD = [Span("a", 100, 150)]


def test_retrieval_hit_and_mrr():
    retrieved = [Span("b", 100, 150), Span("a", 0, 99), Span("a", 140, 300)]
    assert retrieval_hit(retrieved, GOLD, k=2).value == 0.0
    assert retrieval_hit(retrieved, GOLD, k=3).value == 1.0
    assert reciprocal_rank(retrieved, GOLD).value == pytest.approx(1 / 3)
    assert reciprocal_rank(retrieved[:2], GOLD).value == 0.0
    assert retrieval_hit([], GOLD, 5).value == 0.0
    assert retrieval_hit(retrieved, [], 5).value is None  # unanswerable: not applicable


def test_spans_touching_do_not_overlap():
    assert not Span("a", 0, 100).overlaps(Span("a", 100, 200))
    assert Span("a", 0, 101).overlaps(Span("a", 100, 200))


def test_normalize():
    assert normalize("The KRW 100 trillion, fund!") == "krw 100 trillion fund"
    assert normalize("50,000 GPUs") == normalize("50000 gpus")


def test_exact_match_f1_contains():
    answers = ["KRW 100 trillion", "USD 73.8 billion"]
    assert exact_match("krw 100 trillion.", answers).value == 1.0
    assert exact_match("It is KRW 100 trillion.", answers).value == 0.0
    assert contains_answer("It is KRW 100 trillion [1].", answers).value == 1.0
    assert contains_answer("It is KRW 1000 trillion.", answers).value == 0.0
    f1 = token_f1("It is KRW 100 trillion", answers)
    assert f1.value == pytest.approx(2 * (3 / 5) * 1 / (3 / 5 + 1))
    assert "KRW 100 trillion" in f1.reason
    # a possessive names its owner; the apostrophe-less plural still matches as written
    assert contains_answer("It is driven by Lee Jae-myung's drive.", ["Lee Jae-myung"]).value
    assert contains_answer("It is President's Day.", ["Presidents Day"]).value == 1.0
    assert contains_answer("It is Lee Jae-myungs drive.", ["Lee Jae-myung"]).value == 0.0
    for metric in (exact_match, token_f1, contains_answer):
        assert metric("", answers).value == 0.0  # empty answer
        assert metric("anything", []).value is None  # no gold: not applicable


SUPER_BOWL = "Which two NFL teams are set to face off at the Super Bowl in February?"
TEAMS = [
    "Philadelphia Eagles & Kansas City Chiefs",
    "Buffalo Bills & Detroit Lions",
    "Las Vegas Raiders & Baltimore Ravens",
]


@pytest.mark.parametrize(
    "question, choices, right, answer",
    [
        (SUPER_BOWL, TEAMS, 0, "The Philadelphia Eagles and Kansas City Chiefs will meet [1]."),
        ("Which metals?", ["Aluminum and steel", "Gold and silver"], 0, "Steel and aluminum."),
        ("At what price?", ["$1,000,000", "$5,000,000", "$10,000,000"], 1, "It is $5 million."),
        (
            "Which agency offered buyouts?",
            ["Federal Bureau of Investigation (FBI)", "Central Intelligence Agency (CIA)"],
            1,
            "The Central Intelligence Agency offered them [1].",
        ),
        (
            "Who won the award?",
            ["Former House Speaker Nancy Pelosi", "Former Vice President Mike Pence"],
            1,
            "Mike Pence won it [1].",
        ),
        ("Who argued?", ["Volodymyr Zelensky", "Vladimir Putin"], 0, "Volodymyr Zelenskyy did."),
    ],
)
def test_an_open_answer_names_the_right_choice_however_it_is_worded(
    question, choices, right, answer
):
    assert contains_answer(answer, [choices[right]]).value == 0.0  # what containment misses
    assert names_choice(answer, question, choices, right).value == 1.0


def test_naming_another_choice_or_several_or_none_is_not_right():
    assert names_choice("The Bills and the Lions [1].", SUPER_BOWL, TEAMS, 0).value == 0.0
    both = "The Eagles, the Chiefs, the Bills and the Lions were all in the playoffs."
    assert names_choice(both, SUPER_BOWL, TEAMS, 0).reason == "names another choice"
    # Words the question already holds ("Super Bowl", "February") name no choice.
    echo = "Two NFL teams will face off at the Super Bowl in February."
    assert names_choice(echo, SUPER_BOWL, TEAMS, 0).reason == "names no choice"
    assert names_choice("", SUPER_BOWL, TEAMS, 0).value == 0.0
    # One of the five words that set "Philadelphia Eagles & Kansas City Chiefs" apart.
    assert names_choice("The Chiefs will play.", SUPER_BOWL, TEAMS, 0).value == 0.0
    # An echo of the question is no answer, even when a choice's word begins like it.
    assert (
        names_choice("The nation did.", "Which nation?", ["National Guard", "Army"], 0).value == 0
    )
    # "$5 million" is five million, not also a bare 5.
    assert names_choice("It costs $5 million.", "How much?", ["5", "5 million"], 0).value == 0
    # Nor is a number the question already holds.
    assert names_choice("It was 12.", "Did 12 resign?", ["12", "15"], 0).value == 0.0


def test_a_quiz_without_a_right_choice_to_name_is_not_scored():
    assert names_choice("Paris.", "Where?", ["Paris", "Rome"], 2).value is None
    assert names_choice("", "Where?", ["", "Paris"], 0).value is None
    assert names_choice("", "Where?", ["Rome", "", "Paris"], 2).value == 0.0
    # A choice given twice is one choice.
    assert names_choice("Paris.", "Where?", ["Paris", "paris.", "Rome"], 0).value == 1.0


def test_a_choice_with_nothing_distinctive_is_matched_whole():
    choices = ["New York", "New York City"]  # the first has no word the second lacks
    assert names_choice("It was New York [1].", "Where?", choices, 0).value == 1.0
    assert names_choice("It was New York City [1].", "Where?", choices, 1).value == 1.0


def test_supports():
    evidence = "The plan targets the acquisition of over 50,000 GPU units."
    assert supports("The plan targets over 50,000 GPUs.", evidence)
    assert not supports("The plan targets over 60,000 GPUs.", evidence)
    assert not supports("The weather in Seoul was mild.", evidence)


def test_citation_recall_and_precision():
    fund = "The fund is KRW 100 trillion."
    gpus = "It targets 50,000 GPU units."
    fund_passage = "A KRW 100 trillion investment fund was set up."
    gpu_passage = "The plan targets 50,000 GPU units."
    sentences = [
        CitedSentence(fund, (fund_passage, gpu_passage)),  # second citation irrelevant
        CitedSentence(gpus, (gpu_passage,)),
        CitedSentence("Samsung leads it.", ()),  # no citation: unsupported
    ]
    recall = citation_recall(sentences)
    assert recall.value == pytest.approx(2 / 3) and recall.reason == "2/3 sentences supported"
    precision = citation_precision(sentences)
    assert precision.value == pytest.approx(2 / 3)


def test_citation_needed_for_union_counts_as_precise():
    claim = "The KRW 100 trillion fund buys 50,000 GPU units."
    passages = ("A KRW 100 trillion fund was set up.", "It buys 50,000 GPU units.")
    assert citation_recall([CitedSentence(claim, passages)]).value == 1.0
    assert citation_precision([CitedSentence(claim, passages)]).value == 1.0


def test_citation_metrics_edge_cases():
    assert citation_recall([]).value is None
    assert citation_precision([CitedSentence("x", ())]).value is None


def test_refusal():
    assert refusal(answered=False, unanswerable=True).value == 1.0
    assert refusal(answered=True, unanswerable=True).value == 0.0
    assert refusal(answered=False, unanswerable=False).value == 0.0
    assert refusal(answered=True, unanswerable=False).value == 1.0


def test_percentile():
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
