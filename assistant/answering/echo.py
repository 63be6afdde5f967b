"""A sentence that only repeats the question: it is never taken for the question's answer.

"The government wants developed home-grown AI chip" for "What type of home-grown AI chip does
the government want developed?" (seed dev, 2026-12-02, cited and counted as answered) says
nothing the question did not. Nor does a name the sentence only completes, for a question
that asks where, when, why or how: "South Korea wants to lead in critical minerals" for
"Where does Korea want to lead in critical minerals?" (a new user of the shipped article,
2026-12-07; the article's "especially in the Global South" was not given). A question
asking who or which may be answered by the name's other words ("Which Korea …?", "Who is
Trump's son?"), so there they count. Needs no model.
"""

from __future__ import annotations

import re

from ..text import content_terms, stems
from .verdicts import compares, yes_no
from .wanted import NAME_RUN

_FIGURE_TOKENS = re.compile(r"\w*\d[\w.,]*")
# Asks for what a name cannot give: a place, a time, a reason, a manner or an amount.
_NOT_A_NAME = re.compile(r"^\W*(?:where|when|why|how)\b", re.IGNORECASE)


def echoes(question: str, sentence: str) -> bool:
    """True when `sentence` adds no word, name or figure to a question that is not a yes/no
    one (a name's other words counted as added only where a name may answer)."""
    if yes_no(question) or compares(question):
        return False
    asked = stems(question)
    added = content_terms(sentence) - asked
    if _NOT_A_NAME.match(question):
        added -= _completions(sentence, asked)
    if added:
        return False
    said = {t.rstrip(".,") for t in _FIGURE_TOKENS.findall(sentence.lower())}
    return not said - {t.rstrip(".,") for t in _FIGURE_TOKENS.findall(question.lower())}


def _completions(sentence: str, asked: frozenset[str]) -> set[str]:
    """The stems of the capitalised words that only complete a name the question gives:
    "south" of "South Korea" where it asks about "Korea"."""
    out: set[str] = set()
    for run in NAME_RUN.findall(sentence):
        terms = content_terms(run)
        if terms & asked:
            out |= terms - asked
    return out
