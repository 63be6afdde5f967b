"""Figures bound to what they count: "50,000 AI data centres" is not "50,000 GPU units".

Grounding asks that every figure of an answer sentence stands in its supporting text, and
that enough of its words do. A sentence that joins a figure to another noun of the same
passage sentence passes both: asked "How many AI data centres will be built?", the model
wrote "50,000 AI data centres will be built" from "… the acquisition of over 50,000 GPU
units … and the rollout of AI-specific Data Centres (AIDCs)". So the words that follow a
figure in the sentence (what it counts: up to three, until a stopword or punctuation) must
meet the words around the same figure in the supporting text (the six after it, asides in
brackets skipped, or the three before it), and none that fails to may be what the text
counts with another figure ("50,000 high-end GPUs" from "50,000 GPU units (including
10,000 high-end GPUs)"). Years, figures inside a name ("747-8") and
figures followed by nothing countable ("KRW 100 trillion.", "25% of …") are not checked.
A toll ("21 people were killed") must be one its source gives that figure: not "injuring 21
of the 80 people" (`other_toll`).
`apart`: an answer joining the figure it adds to one its question gives must find the two
together in its sources. `echoes_year`: the year a story was published, which an answer may
echo from the question or add to a date the story gives. Needs no model.
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
    stem,
    words,
)
from .tolls import other_toll, toll_word

_COUNTED = re.compile(r"\s*([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})")
_ASIDE = re.compile(r"\([^)]*\)")


def _counted(after: str) -> set[str]:
    """Stems of the words right after a figure, up to three, until a stopword or the verb
    after a plural ("9 firefighters killed": the verb met "killed at least nine people",
    blind set H, an unanswerable question answered)."""
    m = _COUNTED.match(after)
    taken: list[str] = []
    for word in m.group(1).split() if m else []:
        if word in STOPWORDS or (taken and taken[-1][-1:] == "s" and word.endswith(("ed", "ing"))):
            break
        taken.append(word)
    return {_meaning(word) for word in taken}


def _around(text: str, start: int, end: int) -> set[str]:
    """Stems of the words around a figure in `text` (folded): six after, three before, within
    its paragraph (grounding joins two sentences as two paragraphs: "… releasing 175 people"
    and "Ukrainian President …" give no "175 Ukrainian prisoners")."""
    after = text[end:].split("\n\n")[0]
    if after.lstrip().startswith(")"):  # the figure is itself an aside: read on after it
        after = after.lstrip()[1:]
    after_words = words(_ASIDE.sub(" ", after))[:6]
    before = text[:start].split("\n\n")[-1]
    return {_meaning(w) for w in [*after_words, *words(before)[-3:]]}


def _meaning(word: str) -> str:
    """A word's stem, or the toll it speaks of: "9 people died" counts what "9 dead" does."""
    return f"({toll})" if (toll := toll_word(word)) else stem(word)


def unbound(sentence: str, support: str) -> list[str]:
    """The figures of `sentence` (as written) whose counted words the supporting text never
    puts beside the same figure; figures the text lacks are left to the number check."""
    said, source = fold(sentence), fold(support)
    # A spelled count binds what follows it ("seven genes" is no "7 woolly mice"); one
    # followed by nothing countable does not ("killed seven in Kentucky": a review's case).
    held = [
        (v, scaled, s, e)
        for v, scaled, s, e in figure_spans(support, spelled=True)
        if source[s].isdigit() or _counted(source[e:])
    ]
    out = []
    for value, scaled, start, end in figure_spans(sentence):
        if not _counts(said, value, scaled, start, end):
            continue
        counted = _counted(said[end:])
        places = [(s, e) for v, _, s, e in held if v == value]
        if not counted or not places or _same_money(said[end:], source, places):
            continue
        near = set().union(*(_around(source, s, e) for s, e in places))
        # …nor a word the text gives another figure counting the same thing: "50,000
        # high-end GPUs" from "over 50,000 GPU units (including 10,000 high-end GPUs in
        # 2025)" (seed dev, a forced draft); not "3 people died" from "5 people were hurt
        # and 3 died", where the 5 counts no death.
        borrowed = any(
            (counted - near) & other and counted & near & other
            for other in _counted_by_others(source, held, value)
        )
        if not counted & near or borrowed:
            out.append(said[start:end].strip())
    return out


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


def _same_money(after: str, source: str, places: list[tuple[int, int]]) -> bool:
    """Whether the currency named right after a figure (`after`: "won by 2030") is the one
    the source names beside that figure: "… to 50 trillion won by 2030" from "… to KRW 50
    trillion by 2030" (a blind new-user question, 2026-12-06, had been refused as counting
    something else), not "500 pounds" from "500 kilograms" nor "3 won" from "3 goals"."""
    m = _COUNTED.match(after)
    money = CURRENCY_NAMES.get(m.group(1).split()[0]) if m else None
    return money is not None and any(
        money in currencies(source[max(0, s - 5) : e + 12]) for s, e in places
    )


def _counts(text: str, value: float, scaled: bool, start: int, end: int) -> bool:
    """Whether the figure at `text[start:end]` counts something: not a year, nor part of a
    name ("747-8")."""
    year = not scaled and 1900 <= value <= 2100
    return not year and "-" not in (text[start - 1 : start], text[end : end + 1])


def _counted_by_others(
    source: str, held: list[tuple[float, bool, int, int]], value: float
) -> list[set[str]]:
    """What each figure of `source` other than `value` counts (`_counts`)."""
    return [
        _counted(source[e:])
        for v, scaled, s, e in held
        if v != value and _counts(source, v, scaled, s, e)
    ]


def not_percentages(sentence: str, support: str) -> list[float]:
    """The percentages of `sentence` that `support` gives only with a scale or not at all.
    The number check reads "KRW 1.8 trillion" as 1.8 too (a sentence may repeat a figure
    without its scale), which let "1.8% of the AI fund is a supplementary budget" pass
    (a new user's follow-up, 2026-12-04). A bare number stays enough: "3 to 4 percent"
    backs "3% to 4%"."""
    held = {v for v, unit in figures(support) if unit == "%"} | numbers(support)
    return sorted(v for v, unit in figures(sentence) if unit == "%" and v not in held)


def misread_figure(sentence: str, support: str, context: str = "") -> str:
    """Why a figure of `sentence` is not the one `support` states ('' when none is): it
    counts something else there, or it is a percentage that is none there (`context`, the
    passages' titles, may state figures too, and bind them too: "9 dead after fire engulfs
    …" backs no "9 firefighters killed", blind set H, an unanswerable question answered)."""
    bound = f"{support}\n\n{context}" if context else support  # two paragraphs: `_around`
    if misbound := unbound(sentence, bound) or other_toll(sentence, support):
        return f"number(s) counting something else in the sources: {misbound[0]}"
    if percents := not_percentages(sentence, f"{support} {context}"):
        return f"not a percentage in the sources: {percents[0]:g}%"
    return ""


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
