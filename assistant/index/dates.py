"""Dates: the question's own time words as a window of publication dates, and user dates.

"What happened in space this week?" asked on 2026-01-09 is about news of 2026-01-02..09,
not the archive's best match from last year. A pattern only *finds* the phrases that can
name a time ("this week", "last month", "yesterday", "on Monday", "in March", "March 5,
2025", "in 2024", "two weeks ago", "since …"); dateparser resolves each against `as_of`
into a date and its granularity (day, week, month or year), and that becomes the window.
A named month, day or year ("in May", "in 2024") dates the event, so only starts the
window (news of it runs on); "last week", "yesterday" bound it on both sides, a little late
(a week's news runs a week into the next; "the past year", "the last two weeks": the span
up to `as_of`, not a calendar year), and a weekday ("on Sunday") means the seven days up to
`as_of`: it may be the coming one. A bare year inside a name ("the 2024 election") is not a
window: articles about it run for years.
"since the election" names no date and is left alone. A month or day named without its year
("in March") is the latest one up to `as_of`, unless the archive holds nothing published
since a month before it began: then it is the latest one up to the archive's newest
article, and the `TimeWords.reading` says so ("March 2025").

Not here: applying the window (a `Scope` filter in `store` and `lexical`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ..errors import QuestionError
from ..text import MONTHS, WEEKDAYS

_MONTHS = "|".join(m for m in MONTHS if m != "May") + (  # "May" alone is mostly the verb
    "|Jan\\.?|Feb\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DAY_OF_MONTH = r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)"
_YEAR = r"(?:,?\s+(?:19|20)\d{2})"
_WEEKDAYS = "|".join(WEEKDAYS)
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_PHRASES = re.compile(
    r"\b(?P<since>since\s+)?(?P<phrase>"
    rf"(?:(?:in|over|during)\s+the\s+last|past)\s+{_COUNT}\s+(?:days?|weeks?|months?|years?)"
    r"|(?:in|over|during)\s+the\s+last\s+(?:week|month|year)"
    r"|(?:this|last|past|previous)\s+(?:week|month|year)"
    rf"|{_COUNT}\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|today|yesterday|tonight|last\s+night|this\s+morning"
    rf"|(?:on\s+|last\s+|this\s+)?(?:{_WEEKDAYS})"
    # "May" alone is mostly the verb: only with a day or year, or after "in".
    rf"|(?:{_MONTHS}){_DAY_OF_MONTH}?{_YEAR}?|May(?:{_DAY_OF_MONTH}{_YEAR}?|{_YEAR})"
    r"|(?<=\bin\s)May"
    r"|(?:in|during|throughout)\s+(?:19|20)\d{2}"
    r")\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"(?i)\b(?:this|last|past|previous|ago|today|yesterday|tonight|{_WEEKDAYS})\b"
)
_CAPITALISED = re.compile(rf"\b(?:{_MONTHS}|May|{_WEEKDAYS})")  # month, weekday: names only
# Reports of an event appear the day after it, a week's and a month's into the next days,
# a year's into the next month: "… bar access to several online platforms last week?"
# asked on 2025-09-11 had searched 2025-08-28..09-05, not the story of the 9th that told it
# (blind set L, 2026-12-06; one day late for a week then, three for a month, none for a year).
_LATE_DAYS = {"day": 1, "week": 7, "month": 10, "year": 31}


class TimeWords(NamedTuple):
    """The publication dates a question's time words ask for (`window`), those words
    (`phrase`), and, when a yearless month or day was placed before `as_of`'s reading because
    the archive holds nothing since that, where it was placed (`reading`: "March 2025")."""

    window: tuple[dt.date, dt.date]
    phrase: str
    reading: str = ""


def question_window(
    question: str, as_of: dt.date, newest: Callable[[], dt.date | None] | None = None
) -> TimeWords | None:
    """The publication dates the question's time words ask for, and those words.

    Several phrases widen the window to cover them all; None when the question names no
    time this can place. `newest` gives the archive's newest publication date up to `as_of`
    (asked only for a yearless month or day, at most once).
    """
    windows: list[tuple[dt.date, dt.date]] = []
    phrases: list[str] = []
    readings: list[str] = []
    latest: list[dt.date | None] = []
    for match in _PHRASES.finditer(question):
        phrase = match.group("phrase")
        if _CAPITALISED.search(phrase) is None and re.search(
            rf"(?i){_MONTHS}|May|{_WEEKDAYS}", phrase
        ):
            continue  # "march" the verb, "may" the modal
        window = _window(phrase, as_of)
        if window is None or window[0] > as_of:
            continue  # "in 2026" asked in 2025: plans, not what was published then
        if newest is not None and _YEARLESS.fullmatch(phrase):
            # "What fund was set up in March?" asked in December 2026 of an archive that
            # ends in 2025: this year's March holds nothing, so the question can only be
            # about the archive's latest March (said in the answer, never silently). Not
            # when the archive ends less than a month before it: that archive lags the
            # news ("on March 5" asked on the 7th, newest article the 3rd), it is not old.
            latest = latest or [newest()]
            if latest[0] is not None and window[0] > latest[0] + _STALE:
                earlier = _window(phrase, latest[0])
                if earlier is not None:
                    window = earlier
                    readings.append(_reading(phrase, latest[0]))
        if re.search(rf"(?i)\b(?:{_WEEKDAYS})\b", phrase):
            # A weekday is within a week of the question, on either side: "the election
            # on Sunday" asked on a Friday is the coming one, whose news runs before it,
            # "on Tuesday, newspapers…" a past one, reported since. (RealTimeQA dev weeks,
            # 40 candidates per list: the one day that dateparser's past Sunday gives found
            # 8 of 19 such questions' answers in the top 4, no window 12.)
            window = (min(window[0], as_of - dt.timedelta(days=7)), as_of)
        elif match.group("since") or not _RELATIVE.search(phrase):
            # A named month, day or year dates the event, and news of it runs on after:
            # "the breach in 2024" is reported in 2025. Only "this week", "last month"…
            # bound the window on both sides, late by `_LATE_DAYS`. (Measured on the
            # RealTimeQA dev weeks: a two-sided "in 2024" or "in May" dropped stories that
            # answered.)
            window = (window[0], as_of)
        windows.append(window)
        phrases.append(match.group(0).strip())
    if not windows:
        return None
    low = min(w[0] for w in windows)
    high = min(max(w[1] for w in windows), as_of)
    return TimeWords((min(low, high), high), ", ".join(phrases), ", ".join(readings))


# An archive whose newest article is older than this before a named time is old, not late.
_STALE = dt.timedelta(days=31)
# A month, or a month's day, named without a year: placed by `as_of` alone.
_YEARLESS = re.compile(rf"(?:(?:{_MONTHS}){_DAY_OF_MONTH}?|May{_DAY_OF_MONTH}|May)", re.I)


def _reading(phrase: str, base: dt.date) -> str:
    """Where a yearless `phrase` falls as of `base`, in words: "March 2025", "March 5, 2025"."""
    found = _parse(phrase, base)
    if found is None:
        return phrase
    day, period = found
    return f"{day:%B %Y}" if period == "month" else f"{day:%B} {day.day}, {day.year}"


# "the past year", "the last two weeks": the span up to `as_of`, not a calendar year or
# month ("over the past year" asked on 2026-01-09 had been 2026-01-01..09). A bare "last
# month" stays the month before, and "his last two years in office" names no window.
_ROLLING = re.compile(
    rf"(?i)^(?:(?:in|over|during)\s+the\s+last|past)\s+"
    rf"(?:(?P<count>{_COUNT})\s+)?(?P<unit>day|week|month|year)s?$"
)


def _window(phrase: str, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    if rolling := _ROLLING.match(phrase):
        started = _parse(f"{rolling['count'] or 1} {rolling['unit']}s ago", as_of)
        return None if started is None else (started[0], as_of)
    text = re.sub(r"(?i)^(?:in|during|throughout)\s+", "", phrase)
    found = _parse(text, as_of)
    if found is None:
        return None
    day, period = found
    late = dt.timedelta(days=_LATE_DAYS.get(period, 1))
    if period == "week":
        return day - dt.timedelta(days=7), day + late
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last) + late
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31) + late
    return day - dt.timedelta(days=1), day + late


def _parse(text: str, as_of: dt.date) -> tuple[dt.date, str] | None:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime.combine(as_of, dt.time()),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    period = data.period if data.period in _LATE_DAYS else "day"
    return data.date_obj.date(), period


def parse_user_date(value: str | dt.date | None, what: str, today: dt.date) -> dt.date | None:
    """A date the user gave (`--as-of`, `since`, …): ISO 8601 or words dateparser reads
    ("yesterday", "9 January 2026"); a clear error naming the value otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    import dateparser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
        "PREFER_DATES_FROM": "past",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        raise QuestionError(
            f"{what} {text!r} is not a date: use YYYY-MM-DD (e.g. {today.isoformat()})"
        )
    return parsed.date()
