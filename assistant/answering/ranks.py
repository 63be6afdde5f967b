"""A rank or counted compound the question gives may not be joined to a name its sources rank
otherwise.

Grounding lets an answer restate the question's words freely, so a question's frame joined
to a name its passages hold passes it: asked "Which state became the second in the US to
ban fluoride …?", the model wrote "Utah became the second state in the US to ban fluoride
…" from passages that each call Utah "the first state" (RealTimeQA dev, 2026-12-06); asked
"Which world leader arrived in Washington for a two-day visit?", "Trump arrived in
Washington for a two-day visit" from a passage on Trump's "six-day … visit". So where an
answer restates the question's rank ("the second state", "2nd") or counted compound
("two-day", "three-time") beside a name of its own (one the question does not give), its
cited sentences must state that value in some form ("a third time"), or the passage
sentences naming that name must not rank it otherwise: where they give it others of the
same kind (the same noun after a rank) and never this one, the answer contradicts them.
Ranks of periods ("his first term", "the second half", "the first stage") are not read: one
name has many. Any other rank an answer gives is a word grounding must find in its sources.
Needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import STOPWORDS, numbers, stem, stems
from .grounding import names

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
)
_COUNTS = "one two three four five six seven eight nine ten eleven twelve".split()
# A rank is an ordinal after a determiner or possessive ("the second state", "its first",
# "Korea's third"), lower case: "First Lady", "Fifth Avenue" are names, "Utah first banned
# …" ranks nothing, and "a second term" is another one. A counted compound is a count, a
# hyphen and a word ("two-day").
_RANK = re.compile(
    r"\b(?:the|its|their|his|her|whose|[\w-]+'s)\s+(?:only\s+|very\s+)?"
    rf"((?-i:{'|'.join(_ORDINALS)})|\d+(?:st|nd|rd|th))(-\w+)?\b(?:\s+((?-i:[a-z])[\w-]*))?",
    re.IGNORECASE,
)
_COMPOUND = re.compile(rf"\b((?-i:{'|'.join(_COUNTS)})|\d+)-((?-i:[a-z])+)\b", re.IGNORECASE)
# What one name has many of: "his first term" does not deny "his second term".
_PERIODS = frozenset(
    stem(w)
    for w in """term half quarter period round stage leg set game match inning innings season
    time day week month year decade century edition phase wave trip visit attempt""".split()
)
# Capitalised words that name no one: a day or month ("Modi arrived on Monday …").
_CALENDAR = frozenset(
    stem(w)
    for w in """monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december""".split()
)


@dataclass(frozen=True)
class Mark:
    """One rank or counted compound: its kind ('rank', 'rank-largest', or the compound's
    counted word), its value, the noun after a rank (None: a stopword or nothing follows)
    and its text."""

    kind: str
    value: int
    noun: str | None
    text: str


def marks(text: str) -> list[Mark]:
    """The ranks and counted compounds of `text`."""
    plain = text.replace("’", "'")  # case kept: "First Lady" is a name
    out = []
    for m in _RANK.finditer(plain):
        word, suffix, after = m.group(1), (m.group(2) or "").lower(), m.group(3)
        value = _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[:-2])
        noun = stem(after.lower()) if after and after.lower() not in STOPWORDS else None
        kind = "rank" if suffix in ("", "-ever") else f"rank{suffix}"  # "third-largest"
        shown = m.group(0) if noun else m.group(0)[: m.end(2 if suffix else 1) - m.start()]
        out.append(Mark(kind, value, noun, shown))
    for m in _COMPOUND.finditer(plain):
        count, unit = m.group(1), m.group(2).lower()
        if unit not in STOPWORDS:  # not "one-on-one"
            value = _COUNTS.index(count) + 1 if count in _COUNTS else int(count)
            out.append(Mark(stem(unit), value, None, m.group(0)))
    return out


def _values(text: str) -> set[int]:
    """Every value `text` states as a rank or a count, in any form ("a third", "2nd", "ten")."""
    lowered = f" {text.lower()} "
    said = {i for i, w in enumerate(_ORDINALS, 1) if f" {w}" in lowered}
    said |= {int(d) for d in re.findall(r"\b(\d+)(?:st|nd|rd|th)\b", lowered)}
    return said | {int(n) for n in numbers(text) if n.is_integer()}


def contradicted(question: str, sentence: str, cited: str, sentences: Sequence[str]) -> str:
    """Why `sentence` joins a rank or counted compound of the question to one of its own
    names that the passage `sentences` naming it rank otherwise ('' when it does not, or
    when its `cited` text states that value)."""
    asked = {(m.kind, m.value) for m in marks(question)}
    restated = [m for m in marks(sentence) if (m.kind, m.value) in asked and m.noun not in _PERIODS]
    own = {w for w in names(sentence) - stems(question) if w.isalpha()} - _CALENDAR
    if not restated or not own:
        return ""
    stated = _values(cited)
    about = [m for s in sentences for m in _ranked(s, own)]
    for mark in restated:
        given = [m for m in about if (m.kind, m.noun) == (mark.kind, mark.noun)]
        if mark.value not in stated and given and all(m.value != mark.value for m in given):
            return f"its sources say “{given[0].text}”, not “{mark.text}”"
    return ""


# Clauses joined by ";" or ", and / while / but / whereas" rank their own names: "Busan is
# Korea's main port, and Incheon its third-largest city" ranks Incheon (a review's case).
# Not ", which": "Utah, which became the first state …" ranks Utah.
_JOINT = re.compile(r"\s*(?:;|,\s*(?:and|while|but|whereas)\b)\s*", re.IGNORECASE)


def _ranked(sentence: str, own: set[str]) -> list[Mark]:
    """The marks of `sentence` in clauses naming one of `own` (a clause naming no one is
    read with the sentence's names)."""
    everyone = names(sentence)
    return [
        m
        for clause in _JOINT.split(sentence)
        if (names(clause) or everyone) & own
        for m in marks(clause)
    ]
