"""Tolls: "21 people were killed" is not "injuring 21 of the 80 people onboard".

A figure that counts the killed, injured, missing, arrested or survived in an answer must
count the same in its source, read in the figure's own clause. A figure with no toll word
around it in the source is not judged: nothing says what it counts. Needs no model.
"""

from __future__ import annotations

import re

from ..text import figure_spans, fold

# What a toll counts: "21 people were killed" is not "injuring 21 of the 80 people onboard"
# (a blind set on new articles, 2026-12-06: answered). Read in the figure's own clause, up
# to eight words before it and six after: "The death toll rose to 12, with 40 others injured"
# gives 12 to the dead (a review's cases).
_TOLLS = {
    "killed": re.compile(
        r"\b(?:kill|dead|die[ds]?\b|dying|death|fatal|live[sd]?\b|bodies|perish)", re.I
    ),
    "injured": re.compile(r"\b(?:injur|wound|hurt|hospitali)", re.I),
    "missing": re.compile(r"\bmissing\b", re.I),
    "arrested": re.compile(r"\b(?:arrest|detain|custody)", re.I),
    "survived": re.compile(r"\b(?:surviv|unhurt|uninjured|rescued)", re.I),
}
_CLAUSE_BREAK = re.compile(r"[,;:()\n]|\s(?:and|but|while|with|as|after|when|including)\s")
_AROUND = re.compile(r"(?:\S+\s+){0,8}\s*$"), re.compile(r"(?:\s*\S+){0,6}")


def _tolls(folded: str, start: int, end: int) -> set[str]:
    """The tolls the words of folded[start:end]'s clause around it speak of."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, start)]
    after = folded[end:]
    cut = _CLAUSE_BREAK.search(after)
    before_text = folded[breaks[-1] if breaks else 0 : start]
    after_text = after[: cut.start()] if cut else after
    before = _AROUND[0].search(before_text)
    near = (before.group() if before else "") + " " + _AROUND[1].match(after_text).group()
    return {toll for toll, pattern in _TOLLS.items() if pattern.search(near)}


def other_toll(sentence: str, support: str) -> list[float]:
    """The figures of `sentence` that count a toll (killed, injured, missing, arrested, survived)
    where every mention of the same figure in `support` counts another one. A figure
    without a toll word around it in the support is not judged: nothing says what it
    counts."""
    said, held = fold(sentence), fold(support)
    wrong = []
    for value, _, start, end in figure_spans(sentence):
        asked = _tolls(said, start, end)
        there = [_tolls(held, s, e) for v, _, s, e in figure_spans(support) if v == value]
        if asked and there and all(t and not t & asked for t in there):
            wrong.append(value)
    return wrong
