"""The question's time words → a window of publication dates; user dates → clear errors."""

import datetime as dt

import pytest

from assistant.errors import QuestionError
from assistant.index.dates import parse_user_date, question_window
from assistant.types import Scope

AS_OF = dt.date(2026, 1, 9)  # a Friday


@pytest.mark.parametrize(
    "question, window, phrase",
    [
        ("What happened in space this week?", ("2026-01-02", "2026-01-09"), "this week"),
        ("What happened over the past week?", ("2026-01-02", "2026-01-09"), "past week"),
        # a past period's news runs on a while after it (blind set L)
        ("Who resigned last month?", ("2025-12-01", "2026-01-09"), "last month"),
        ("What did the council ban last week?", ("2025-12-26", "2026-01-09"), "last week"),
        ("Who won the vote last year?", ("2025-01-01", "2026-01-09"), "last year"),
        # "past" and "the last" count back from as_of; a calendar year would be 9 days here.
        ("How much did eggs rise over the past year?", ("2025-01-09", "2026-01-09"), "past year"),
        ("What changed in the last month?", ("2025-12-09", "2026-01-09"), "in the last month"),
        (
            "Where were 900 quakes in the past two weeks?",
            ("2025-12-26", "2026-01-09"),
            "past two weeks",
        ),
        (
            "What happened over the last 3 days?",
            ("2026-01-06", "2026-01-09"),
            "over the last 3 days",
        ),
        ("What happened yesterday?", ("2026-01-07", "2026-01-09"), "yesterday"),
        ("Who won the Super Bowl in 2024?", ("2024-01-01", "2026-01-09"), "in 2024"),
        ("What did the board decide in May?", ("2025-05-01", "2026-01-09"), "May"),
        ("What was signed on March 5, 2025?", ("2025-03-04", "2026-01-09"), "March 5, 2025"),
        ("What happened on Monday?", ("2026-01-02", "2026-01-09"), "on Monday"),
        # A weekday may be the coming one: its news runs in the days before.
        ("Who leads ahead of the election on Sunday?", ("2026-01-02", "2026-01-09"), "on Sunday"),
        ("What has Trump signed since March?", ("2025-03-01", "2026-01-09"), "since March"),
        ("What happened two weeks ago in Gaza?", ("2025-12-19", "2026-01-02"), "two weeks ago"),
    ],
)
def test_time_words_become_a_window_counted_from_as_of(question, window, phrase):
    found = question_window(question, AS_OF)
    assert found is not None
    (low, high), words, reading = found
    assert (low.isoformat(), high.isoformat()) == window
    assert words == phrase and reading == ""


@pytest.mark.parametrize(
    "question",
    [
        "How many people may attend the second game?",  # "may", the modal
        "Will prices march higher?",  # "march", the verb
        "Who won the 2024 election?",  # a year inside a name: stories about it run for years
        "What did the president say since the election?",  # names no date
        "What is the AI G3 initiative?",
        "Who will run for president in 2028?",  # the future: nothing is published then
        "What did Obama do in his last two years in office?",  # his, not the last two years
    ],
)
def test_words_that_name_no_time_leave_the_search_alone(question):
    assert question_window(question, AS_OF) is None


def test_a_window_never_reaches_past_as_of():
    found = question_window("What happened this month?", AS_OF)
    assert found is not None and found.window == (dt.date(2026, 1, 1), AS_OF)


def test_a_yearless_month_the_archive_has_nothing_since_is_its_latest_one():
    late = dt.date(2026, 12, 3)
    asked: list[int] = []

    def newest() -> dt.date:
        asked.append(1)
        return dt.date(2025, 9, 19)

    found = question_window("What fund was set up in March?", late, newest)
    assert found is not None
    assert found.window == (dt.date(2025, 3, 1), late) and found.reading == "March 2025"
    found = question_window("What was announced on March 5 and in May?", late, newest)
    assert found is not None and found.reading == "March 5, 2025, May 2025"
    assert found.window == (dt.date(2025, 3, 4), late)
    assert len(asked) == 2  # once per question
    # The archive has news since this year's March, or the words name the year or a week:
    # as of `as_of` alone.
    found = question_window("What fund was set up in March?", late, lambda: dt.date(2026, 5, 1))
    assert found is not None and found.window[0] == dt.date(2026, 3, 1) and not found.reading
    for question in ("What happened in March 2026?", "What happened this week?"):
        found = question_window(question, late, newest)
        assert found is not None and found.reading == "" and found.window[0].year == 2026
    assert len(asked) == 2
    # An archive that ends days before the time named lags the news, it is not old.
    late_by_days = question_window(
        "What was signed on March 5?", dt.date(2026, 3, 7), lambda: dt.date(2026, 3, 3)
    )
    assert late_by_days is not None and late_by_days.window[0] == dt.date(2026, 3, 4)
    assert not late_by_days.reading
    # Nothing dated in the archive: nothing to place it by.
    found = question_window("What fund was set up in March?", late, lambda: None)
    assert found is not None and found.window[0] == dt.date(2026, 3, 1)


def test_user_dates_are_iso_or_words_and_bad_ones_name_the_value():
    assert parse_user_date("2025-03-01", "since", AS_OF) == dt.date(2025, 3, 1)
    assert parse_user_date("yesterday", "as_of", AS_OF) == dt.date(2026, 1, 8)
    assert parse_user_date(None, "until", AS_OF) is None
    with pytest.raises(QuestionError, match="as_of 'next blursday' is not a date"):
        parse_user_date("next blursday", "as_of", AS_OF)


def test_scope_date_range_combines_user_range_window_and_as_of():
    scope = Scope(as_of=AS_OF, since=dt.date(2025, 12, 20), window=(dt.date(2025, 12, 1), AS_OF))
    assert scope.date_range() == (dt.date(2025, 12, 20), AS_OF)
    assert not scope.keeps_undated  # a range the user set
    assert Scope(as_of=AS_OF, window=(dt.date(2025, 12, 1), AS_OF)).keeps_undated
    assert Scope(as_of=AS_OF, until=dt.date(2027, 1, 1)).date_range() == (None, AS_OF)
