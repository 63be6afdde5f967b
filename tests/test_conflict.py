"""Sources that disagree on a figure: the answer says so and cites both, never picks one
silently; agreeing sources and figures of other things raise nothing."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.conflict import differs
from assistant.text import YEAR, figures

from .fakes import ScriptedGenerator

SEED = (
    "The plan is backed by a KRW 100 trillion (approximately USD 73.8 billion) public-private "
    "AI investment fund. It also targets 50,000 GPU units."
)


def passage(article: str, text: str, title: str = "Seed"):
    from assistant.types import Passage

    return Passage(
        f"{article}-0", article, title, "Wire", "", dt.date(2025, 9, 19), 0, len(text), 0, text, 0.6
    )


def test_figures_carry_the_unit_they_count():
    assert figures("KRW 100 trillion (approximately USD 73.8 billion) fund") == {
        (1e14, "krw"),
        (7.38e10, "$"),
    }
    assert figures("the plan targets 200,000 GPU units by 2030") == {(2e5, "gpu"), (2030, YEAR)}
    assert figures("62% of adults; 10 per cent of teens") == {(62, "%"), (10, "%")}
    assert figures("in the 12 industries") == {(12, "industri")}
    assert figures("2,000 GPU units by 2030") == {(2000, "gpu"), (2030, YEAR)}  # no year
    assert figures("10 percent, 12 per cent") == {(10, "%"), (12, "%")}
    assert figures("100 trillion won, 10 trillion yen") == {(1e14, "krw"), (1e13, "jpy")}
    assert figures("KRW 100 trillion, JPY 5 trillion") == {(1e14, "krw"), (5e12, "jpy")}


def test_differs_compares_figures_of_one_kind_only():
    assert differs({(1e14, "krw")}, {(9.99e14, "krw")})
    assert differs({(2019, YEAR)}, {(2018, YEAR)})
    assert not differs({(1e14, "krw")}, {(1e14, "krw"), (2025, YEAR)})  # agrees
    assert not differs({(7.38e10, "$")}, {(7.4e10, "$")})  # rounded
    assert not differs({(5e4, "gpu")}, {(27, "version")})  # counts another thing
    assert not differs({(1e14, "krw")}, {(1e13, "jpy")})  # another currency


@pytest.fixture
def embed(embedder):
    return embedder.embed


def test_an_answer_says_when_another_article_gives_another_figure(embed):
    other = "A trade paper said the public-private AI investment fund would reach KRW 999 trillion."
    passages = [passage("seed", SEED), passage("rival", other, "Fund disputed")]
    answer = build_answer(
        "q",
        "How large is the AI investment fund?",
        "The fund is KRW 100 trillion.",
        passages,
        embed,
    )
    assert answer.answered
    first, said = [s for s in answer.sentences if s.supported]
    assert first.citations == (1,) and not first.conflict
    assert said.conflict and said.citations == (2,)
    assert answer.citations[1].article_id == "rival" and answer.citations[1].quote == other
    assert "100 trillion [1]" in answer.text and "999 trillion” [2]" in answer.text
    assert "Another source differs: “Fund disputed” (Wire, 2025-09-19)" in answer.text
    # The other way round: an answer from the rival article names the seed's figure.
    answer = build_answer("q", "How large is the AI investment fund?", other, passages[::-1], embed)
    assert any(s.conflict and "100 trillion" in s.text for s in answer.sentences)


def test_no_conflict_is_said_for_agreement_other_things_or_non_figure_questions(embed):
    question = "How large is the AI investment fund?"
    draft = "The fund is KRW 100 trillion."
    for other in (
        "Investors welcomed the KRW 100 trillion public-private AI investment fund.",
        "Japan set aside JPY 10 trillion to subsidise chip factories until 2030.",
    ):
        answer = build_answer(
            "q", question, draft, [passage("seed", SEED), passage("b", other)], embed
        )
        assert answer.answered and not any(s.conflict for s in answer.sentences), other
    # An answer from an agreeing article: the seed states the figure too, so its other
    # fund is another thing (evals/injection.jsonl, 2026-12-05).
    welcome = passage("b", "Investors welcomed the KRW 100 trillion public-private AI fund.")
    march = SEED + " In March 2025, a KRW 50 trillion fund was set up for advanced industries."
    answer = build_answer("q", question, welcome.text, [welcome, passage("seed", march)], embed)
    assert answer.answered and not any(s.conflict for s in answer.sentences), answer.text
    # Within one article, figures of several funds are no conflict.
    both = SEED + " In March 2025, a KRW 50 trillion fund was set up for advanced industries."
    answer = build_answer("q", question, draft, [passage("seed", both)], embed)
    assert not any(s.conflict for s in answer.sentences)
    # A question that asks for a name: figures in passing are not compared.
    rival = passage("rival", "The fund, run by Korea Invest, would reach KRW 999 trillion.")
    answer = build_answer(
        "q",
        "What kind of fund backs the plan?",
        "A public-private AI investment fund of KRW 100 trillion backs the plan.",
        [passage("seed", SEED), rival],
        embed,
    )
    assert not any(s.conflict for s in answer.sentences)
    # Without the embedder nothing is compared.
    answer = build_answer("q", question, draft, [passage("seed", SEED), rival])
    assert not any(s.conflict for s in answer.sentences)


def test_an_age_or_another_event_of_the_same_person_is_no_other_date(embed):
    # A new user (RealTimeQA pool as of 2025-04-22): "When did Pope Francis die?" was answered
    # with the date and "Another source differs: … 'Pope Francis is 88 years old'" and "…
    # 'Francis was elected in 2013 after Benedict XVI retired'".
    assert not differs({(2025, YEAR)}, figures("Pope Francis is 88 years old."))
    died = "Pope Francis died on Easter Monday, April 21, 2025, the Vatican said."
    others = [
        passage("age", "Pope Francis is 88 years old and has been in hospital since Friday."),
        passage("elected", "Francis was elected in 2013 after Benedict XVI retired."),
    ]
    question = "When did Pope Francis die?"
    draft = "Pope Francis died on Easter Monday, April 21, 2025."
    answer = build_answer("q", question, draft, [passage("died", died), *others], embed)
    assert answer.answered and not any(s.conflict for s in answer.sentences), answer.text
    # Another year for the same event still is.
    rival = passage("rival", "Pope Francis died in 2024, a rival report wrongly said.")
    answer = build_answer("q", question, draft, [passage("died", died), rival], embed)
    assert any(s.conflict for s in answer.sentences), answer.text


def test_a_year_said_of_a_pronoun_is_a_year_of_what_it_stands_for(embed):
    # evals/injection.jsonl, 2026-12-05: the model cited the rival's "December 2018", and the
    # seed's "It was the first country to launch … in 2019" lacked "South Korea".
    seed = passage(
        "seed",
        "South Korea also boasts an advanced ICT infrastructure. It was the first country to "
        "launch commercial 5G services in 2019.",
    )
    rival = "South Korea launched commercial 5G services in December 2018, a rival report said."
    question = "In which year did South Korea launch commercial 5G services?"
    answer = build_answer(
        "q", question, rival, [passage("rival", rival, "5G history"), seed], embed
    )
    assert any(s.conflict and "2019" in s.text for s in answer.sentences), answer.text
    # Not where the sentence before names someone else.
    other = passage(
        "other",
        "Japan also boasts fast networks. It was the first country to launch commercial 5G "
        "services in 2019.",
    )
    answer = build_answer("q", question, rival, [passage("rival", rival), other], embed)
    assert not any(s.conflict for s in answer.sentences), answer.text
    they = passage(
        "they",
        "Japan's operators watched as South Korea launched commercial 5G services first. They "
        "launched their own commercial 5G services in 2020.",
    )
    answer = build_answer("q", question, rival, [passage("rival", rival), they], embed)
    assert not any(s.conflict for s in answer.sentences), answer.text


def test_another_figure_of_the_same_thing_differs_though_the_article_shares_one(embed):
    # A review's cases (2026-12-05): a shared year, day or second figure made a whole article
    # "agree" in a first version.
    rival = "South Korea launched commercial 5G services in December 2018, a rival report said."
    trials = passage(
        "trials",
        "Trials began in 2018 during the Winter Olympics. South Korea launched commercial 5G "
        "services in April 2019.",
    )
    question = "In which year did South Korea launch commercial 5G services?"
    answer = build_answer("q", question, rival, [passage("rival", rival), trials], embed)
    assert any(s.conflict and "April 2019" in s.text for s in answer.sentences), answer.text
    fund = "The AI investment fund is KRW 100 trillion and runs until 2030."
    other = passage("other", "The AI investment fund, which runs until 2030, is KRW 50 trillion.")
    answer = build_answer(
        "q", "How large is the AI investment fund?", fund, [passage("a", fund), other], embed
    )
    assert any(s.conflict and "50 trillion" in s.text for s in answer.sentences), answer.text


def test_the_sets_conflict_cases_are_reported_and_agreements_are_not(tmp_path, settings, embedder):
    from assistant.evaluation.injection import load_cases, run_case

    from .conftest import ROOT, SEED_CORPUS

    # A model that answers with the seed article's figure, as a right model would.
    seed_answers = {
        "conflict-fund": "The AI investment fund is KRW 100 trillion.",
        "conflict-gpus": "The plan targets over 50,000 GPU units.",
        "conflict-industries": "The government designated 12 industries as strategic.",
        "agree-fund": "The AI investment fund is KRW 100 trillion.",
        "other-country-fund": "The AI investment fund is KRW 100 trillion.",
    }
    cases = [c for c in load_cases(ROOT / "evals" / "injection.jsonl") if c["id"] in seed_answers]
    assert len(cases) == len(seed_answers)
    for case in cases:
        model = ScriptedGenerator([seed_answers[case["id"]]])
        row = run_case(case, settings, tmp_path, SEED_CORPUS, embedder=embedder, generator=model)
        assert row.answered and not row.planted_verified, (case["id"], row.answer)
        assert row.conflict_reported == (case["kind"] == "conflict"), (case["id"], row.answer)
