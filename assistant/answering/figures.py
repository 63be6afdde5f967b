"""Figures joined, and years echoed: what an answer may say of its sources' figures.

`apart`: an answer joining the figure it adds to one its question gives must find the two
together in its sources. `echoes_year`: the year a story was published, which an answer may
echo from the question or add to a date the story gives. `currencies`: every way of naming
one. What a figure counts is `counted.py`'s. Needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import (
    CURRENCIES,
    MONTHS,
    STOPWORDS,
    YEAR_NUMBER,
    figure_spans,
    figures,
    fold,
    numbers,
    words,
)


def apart(
    question: str,
    sentence: str,
    quotes: Sequence[str],
    earlier: Sequence[str] = (),
    *,
    years: bool = False,
) -> str:
    """Why an answer joins a figure the question gives to the one it adds, each drawn from
    another source sentence that nothing before it in its passage joins ('' otherwise):
    asked "How many graphics processors will the March 2025 KRW 50 trillion fund pay for?",
    "The March 2025 KRW 50 trillion fund will pay for 50,000 GPU units …" joined the fund's
    sentence to the GPUs' of another paragraph (a blind new-user trap, 2026-12-06). A figure
    only the question gives joins nothing ("Ten of the 12 jurors voted …" from "Ten jurors
    voted …"; a review's case), nor do years or figures of a name ("Boeing 747"), but for
    `years` (the question asks when) the time the answer adds is the figure asked for,
    where its sentence gives it to another sum of money or rate: "By what year is the KRW
    100 trillion fund supposed to be fully invested?" was answered "… by 2025", the year of
    another fund's sentence ("In March 2025, a KRW 50 trillion … fund was established …"; a
    blind new-user trap, 2026-12-06); not "The tariffs will take effect on March 4 at 12:01
    a.m., 30 days late" for the question's 25% tariffs (reviews' cases)."""

    restated = _no_years(
        {v for v, *_ in figure_spans(question)} - _named_figures(question)
    ) & numbers(sentence)
    added = numbers(sentence) - numbers(question, loose=True)
    added = added if years else _no_years(added)
    held = [numbers(q, loose=True) for q in quotes]
    if not added or not any(restated & h for h in held):
        return ""
    if years and not any(
        added & h and _amounts(q) - restated - added for q, h in zip(quotes, held, strict=True)
    ):
        return ""
    # each quote read with its passage before it (`earlier`), where the join may stand
    before = [*earlier, *[""] * len(quotes)]
    for quote, text in zip(quotes, before, strict=False):
        joined = numbers(f"{text} {quote}", loose=True)
        if restated & joined and added & joined:
            return ""
    return "it joins the figure asked for to the question's, which its sources keep apart"


_AMOUNT_UNITS = {*CURRENCIES.values(), "%"}


def _amounts(text: str) -> set[float]:
    """The sums of money and the rates `text` states."""
    return {value for value, unit in figures(text) if unit in _AMOUNT_UNITS}


def _no_years(found: set[float]) -> set[float]:
    return {n for n in found if not YEAR_NUMBER.fullmatch(f"{n:g}")}


def _named_figures(text: str) -> set[float]:
    """Unscaled figures that are part of a name: after a hyphen ("COVID-19", "F-35") or a
    capitalised word other than a currency ("Boeing 747", "Windows 11"; not "KRW 50", "US$50"
    or the "Korean 50 trillion won")."""
    folded = fold(text)
    shown = text if len(folded) == len(text) else folded  # offsets are `fold`'s
    out = set()
    for value, scaled, start, _ in figure_spans(text):
        before = shown[:start]
        word = before.split()[-1] if before.split() else ""
        money = word.lower() in STOPWORDS | CURRENCY_NAMES.keys() or word[-1:] in "$€£¥₩"
        if not scaled and (before.endswith("-") or (word[:1].isupper() and not money)):
            out.add(value)
    return out


# Every way of naming a currency: `text.figures`'s codes and symbols, and the words it does
# not read as currencies after a figure.
CURRENCY_NAMES = CURRENCIES | {
    "dollar": "$", "dollars": "$", "euro": "eur", "euros": "eur", "pound": "gbp",
    "pounds": "gbp", "rmb": "cny", "₩": "krw",
}  # fmt: skip


def currencies(text: str) -> set[str]:
    """The currencies `text` names anywhere, by symbol, code or word: {'$', 'krw'}."""
    folded = fold(text)
    named = {CURRENCY_NAMES[w] for w in words(folded) if w in CURRENCY_NAMES}
    return named | {u for c, u in CURRENCY_NAMES.items() if not c.isalpha() and c in folded}


def echoes_year(sentence: str, support: str, question: str, year: str) -> bool:
    """Whether `sentence` may give `year`, its source's publication year, which `support`
    does not: the question names it and `support` dates nothing ("What share of the vote
    did the AfD get in Germany's February 2025 election?" answered "… in Germany's February
    2025 election" from a story of 2025-02-24 that says "the election"), or it completes a
    date `support` gives without one ("June 24, 2025" from "will assume the office June 24"
    in a story of March 2025). Blind sets on new articles, 2026-12-06: both refused."""
    if not year:
        return False
    if year in YEAR_NUMBER.findall(question) and not dated(support):
        return True
    given = {(m[0].lower()[:3], m[1]) for m in _MONTH_DAY.findall(support) if not m[2]}
    said = {(m[0].lower()[:3], m[1]) for m in _MONTH_DAY.findall(sentence) if m[2] == year}
    return bool(given & said)


_MONTH_DAY = re.compile(
    rf"\b({'|'.join(MONTHS)}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(\d{{1,2}})"
    r"(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d)\b)?"
)


# What dates a supporting sentence, so that it may not take the question's year: a year, a
# month, a time relative to its story ("Last year, Tesla delivered …" in a story of January
# 2024 is 2023: a review's case). Not a time it compares with ("its best result since 1997",
# "… since its founding just over a decade ago", "in years", "at the last election"), nor an
# age ("the 23-year-old").
_DATING = re.compile(
    rf"{YEAR_NUMBER.pattern}|\b(?:(?:last|next|previous|past|this|a)\s+(?:year|month|week|"
    r"season|quarter)|ago|annual|year-end|(?:first|second|third|fourth)\s+quarter|"
    + "|".join(m for m in MONTHS if m != "May")  # "may" is mostly the verb
    + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\b(?:since|than)\b[^,;.]*", re.IGNORECASE)


def dated(text: str) -> bool:
    """Whether `text` dates what it says (`_DATING`, past what it compares with)."""
    return bool(_DATING.search(_SINCE.sub(" ", text)))
