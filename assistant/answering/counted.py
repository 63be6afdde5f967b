"""What a figure counts: "50,000 AI data centres" is not "50,000 GPU units".

Grounding asks that every figure of an answer sentence stands in its supporting text, and
that enough of its words do. A sentence that joins a figure to another noun of the same
passage sentence passes both: asked "How many AI data centres will be built?", the model
wrote "50,000 AI data centres will be built" from "… the acquisition of over 50,000 GPU
units … and the rollout of AI-specific Data Centres (AIDCs)". So the words that follow a
figure in the sentence (what it counts: up to three, until a stopword, punctuation or the
verb after a plural) must meet the words around the same figure in the supporting text (the
six after it, asides in brackets skipped, or the three before it; a toll word meets its
toll: "died" meets "dead"), none that fails to may be what the text counts with another
figure ("50,000 high-end GPUs" from "50,000 GPU units (including 10,000 high-end GPUs)"),
and a name it counts may not stand where the text names another ("Russian soldiers" for
"Ukrainian troops"). Years, figures inside a name ("747-8") and figures followed by nothing
countable ("KRW 100 trillion.", "25% of …") are not checked. A toll ("21 people were
killed") must be one its source gives that figure: not "injuring 21 of the 80 people"
(`other_toll`). A percentage must be one there (`not_percentages`). An age ("73 years
old") is the figure news sets off after a name ("Oli, 73,"). A count the question gives
and the answer repeats may not be one its source gives otherwise (`recounted`). Needs no
model.
"""

from __future__ import annotations

import re

from ..text import MONTHS, STOPWORDS, WEEKDAYS, figure_spans, figures, fold, numbers, stem, words
from .figures import CURRENCY_NAMES, currencies
from .tolls import other_toll

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


# A toll word means its toll: "9 people died" counts what "9 dead" does. Exact words only
# ("saved 40 lives" counts no dead, "3 deadlines" none: a review's cases).
_TOLL_WORDS = dict.fromkeys(
    ["dead", "died", "die", "dies", "killed", "deaths", "death", "fatalities", "perished"], "(dead)"
) | dict.fromkeys(["injured", "wounded", "hurt", "injuries"], "(hurt)")
# …and counts no one in particular: "9 firefighter deaths" must still meet "firefighter".
_ANYONE = {"(dead)", "(hurt)", "people", "peopl", "person", "others", "other"}


def _meaning(word: str) -> str:
    """A word's stem, or the toll it speaks of."""
    return _TOLL_WORDS.get(word) or stem(word)


def unbound(sentence: str, support: str, question: str = "") -> list[str]:
    """The figures of `sentence` (as written) whose counted words the supporting text never
    puts beside the same figure; figures the text lacks are left to the number check, and
    those `question` gives after the same word ("… for World Series Games 1 and 2 grew by
    24%" echoes "Games 1 and 2"; blind set I, dev: a right answer refused) to the answer
    check."""
    said, source, asked = fold(sentence), fold(support), fold(question)
    # A spelled count binds what follows it ("seven genes" is no "7 woolly mice"); one
    # followed by nothing countable does not ("killed seven in Kentucky": a review's case).
    held = [
        (v, scaled, s, e)
        for v, scaled, s, e in figure_spans(support, spelled=True)
        if source[s].isdigit() or _counted(source[e:])
    ]
    out = []
    for value, scaled, start, end in figure_spans(sentence):
        if not _counts(said, value, scaled, start, end) or _echoed(said, start, end, asked):
            continue
        counted = _counted(said[end:])
        places = [(s, e) for v, _, s, e in held if v == value]
        if not counted or not places or _same_money(said[end:], source, places):
            continue
        if counted == _AGE and any(_aged(support, s, e) for s, e in places):
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
        core = counted - _ANYONE  # what it counts beyond a toll or "people"
        if (
            not (core or counted) & near
            or borrowed
            or _renamed(sentence, support, end, places, near)
        ):
            out.append(said[start:end].strip())
    return out


# An age: "73 years old" (both words) is the "73" news sets after a name ("Oli, 73, was
# sworn in …": a blind set on new articles, 2026-12-06, refused as counting something else).
_AGE = {"year", "old"}


def _aged(support: str, start: int, end: int) -> bool:
    """Whether the figure at `start:end` (`fold`'s offsets) is an age set off after a name
    in `support` ("Oli, 73,")."""
    name = re.search(r"([A-Z][\w'’.-]*),\s*$", support[max(0, start - 40) : start])
    return (
        len(fold(support)) == len(support)
        and bool(name and re.match(r"\s*,", support[end:]))
        and name.group(1) not in (*MONTHS, *WEEKDAYS)
    )


def _echoed(said: str, start: int, end: int, asked: str) -> bool:
    """Whether the figure said[start:end] stands in `asked` after the word it follows."""
    before = re.search(r"(\S+)\s+$", said[:start])
    phrase = f"{before.group(1)} {said[start:end].strip()}" if before else ""
    return bool(
        asked and phrase and re.search(rf"(?<!\w){re.escape(phrase)}(?![\d]|[.,]\d)", asked)
    )


def _renamed(
    sentence: str, support: str, end: int, places: list[tuple[int, int]], near: set[str]
) -> bool:
    """Whether the figure ending at `end` counts a name its source does not put beside it,
    where the source names another there: "23 severely injured Russian soldiers" from "23
    severely injured Ukrainian troops" (blind set H, an unanswerable question answered).
    Offsets are `fold`'s, which keeps a text's length unless it folds a ligature."""
    if len(fold(sentence)) != len(sentence) or len(fold(support)) != len(support):
        return False
    mine = _capitalised(sentence[end:])
    return bool(
        mine - near
        and any(_capitalised(support[e:]) - mine for s, e in places if not _headline(support, s))
    )


def _headline(text: str, at: int) -> bool:
    """Whether the paragraph of `text` around `at` is in Title Case ("Russia, Ukraine Swap 23
    Severely Injured Soldiers"), whose capitals name nothing."""
    start, end = text.rfind("\n\n", 0, at) + 1, text.find("\n\n", at)
    found = _WORD.findall(text[start : end if end >= 0 else len(text)])
    found = [w for w in found if fold(w) not in STOPWORDS]
    return len(found) > 2 and sum(w[0].isupper() for w in found) >= 0.7 * len(found)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _capitalised(after: str) -> set[str]:
    """Stems of the capitalised words among the three after a figure, until a stopword, a
    punctuation mark or a line break ("12 residents, Governor … said" names no residents)."""
    found = set()
    clause = re.split(r"[,.;:()!?\"“”\n]", after, maxsplit=1)[0]
    for word in _WORD.findall(clause)[:3]:
        if fold(word) in STOPWORDS:
            break
        if word[0].isupper():
            found.add(stem(fold(word)))
    return found


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


def misread_figure(sentence: str, support: str, context: str = "", question: str = "") -> str:
    """Why a figure of `sentence` is not the one `support` states ('' when none is): it
    counts something else there, or it is a percentage that is none there (`context`, the
    passages' titles, may state figures too, and bind them too: "9 dead after fire engulfs
    …" backs no "9 firefighters killed", blind set H, an unanswerable question answered)."""
    bound = f"{support}\n\n{context}" if context else support  # two paragraphs: `_around`
    if misbound := unbound(sentence, bound, question) or other_toll(sentence, support):
        return f"number(s) counting something else in the sources: {misbound[0]}"
    if percents := not_percentages(sentence, f"{support} {context}"):
        return f"not a percentage in the sources: {percents[0]:g}%"
    return ""


# A single one counts too, where the source stresses it: "only needed one playoff hole".
_ONE = re.compile(r"\b(?:(?:only|just)(?:\s+\w+){0,2}\s+one|a\s+single)\b")


def recounted(question: str, sentence: str, support: str) -> str:
    """Why `sentence` repeats a count of `question` that `support` gives otherwise ('' when
    it does not): "It took McIlroy three playoff holes …" for "Why did it take McIlroy three
    playoff holes to get past Justin Rose?" from "… only needed one playoff hole to win"
    (blind set G, dev: a trap, answered; grounding lets an answer echo the question's
    figures). The source must count what the question's figure counts (two words or more:
    "12 miners" may be some of "the 43 miners", "playoff holes" are not) with one other
    figure ("one" only stressed: "only needed one"), never state this one, nor round to it
    (within 10%: "2 million" for "2.03 million"), and the answer must not give that figure
    too ("not three extra holes; only one"). Not where several figures count it: they may
    be its parts ("700 flights on Saturday and 500 flights on Sunday"; a review's cases)."""
    asked, source, have = fold(question), fold(support), numbers(support, loose=True)
    said = numbers(sentence) | ({1.0} if re.search(r"\bone\b", fold(sentence)) else set())
    for value, scaled, start, end in figure_spans(question, spelled=True):
        counted = _counted(asked[end:])
        if len(counted) < 2 or value in have or value not in said:
            continue
        if not _counts(asked, value, scaled, start, end):
            continue
        others = [
            (v, source[s:e].strip(), e)
            for v, sc, s, e in figure_spans(support, spelled=True)
            if v != value and _counts(source, v, sc, s, e)
        ]
        if value != 1:
            others += [(1.0, "one", m.end()) for m in _ONE.finditer(source)]
        counting = {v: text for v, text, after in others if counted <= _counted(source[after:])}
        if len(counting) == 1:
            ((other, text),) = counting.items()
            if other not in said and abs(other - value) > 0.1 * max(other, value):
                return f"its source counts {text}, not {asked[start:end].strip()}"
    return ""
