"""Ranks and counted compounds an answer gives a name must be the ones its sources give it.

Grounding lets an answer restate the question's words freely, so a question's frame joined
to a name its passages hold passes it: asked "Which state became the second in the US to
ban fluoride …?", the model wrote "Utah became the second state in the US to ban fluoride
…" from passages that each call Utah "the first state" (RealTimeQA dev, 2026-12-06); asked
"Which world leader arrived in Washington for a two-day visit?", "Trump arrived in
Washington for a two-day visit" from a passage on Trump's "six-day … visit". So an answer's
rank ("the second state", "2nd") or counted compound ("two-day", "three-time") is checked
against what the passage sentences naming the answer's own names (those the question does
not give) say of the same kind: where they give one of that kind and never this one, the
answer contradicts them. Where they give none of that kind, nothing is decided here. Needs
no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import STOPWORDS, stem, stems
from .grounding import names

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
)
_COUNTS = "one two three four five six seven eight nine ten eleven twelve".split()
# A rank is an ordinal after a determiner or possessive ("the second state", "its first",
# "Korea's third"), lower case: "First Lady", "Fifth Avenue" are names, and "Utah first
# banned …" ranks nothing. A counted compound is a count, a hyphen and a word ("two-day").
_RANK = re.compile(
    r"\b(?:the|its|their|his|her|whose|[\w-]+['’]s)\s+(?:only\s+|very\s+)?"
    rf"((?-i:{'|'.join(_ORDINALS)})|\d+(?:st|nd|rd|th))(-\w+)?\b(?:\s+((?-i:[a-z])[\w-]*))?",
    re.IGNORECASE,
)
_COMPOUND = re.compile(rf"\b((?-i:{'|'.join(_COUNTS)})|\d+)-([a-z]+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mark:
    """One rank or counted compound: its kind ('rank', or the compound's counted word), its
    value, the word it qualifies (None when a stopword or nothing follows) and its text."""

    kind: str
    value: int
    noun: str | None
    text: str

    def meets(self, other: Mark) -> bool:
        """Whether `other` says something of the same kind about the same noun."""
        same_noun = self.noun is None or other.noun is None or self.noun == other.noun
        return self.kind == other.kind and same_noun


def marks(text: str) -> list[Mark]:
    """The ranks and counted compounds of `text`."""
    plain = text.replace("’", "'")  # case kept: "First Lady" is a name
    out = []
    for m in _RANK.finditer(plain):
        word, suffix, after = m.group(1), (m.group(2) or "").lower(), m.group(3)
        value = _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[:-2])
        noun = stem(after.lower()) if after and after.lower() not in STOPWORDS else None
        kind = "rank" if suffix in ("", "-ever") else f"rank{suffix}"  # "third-largest"
        out.append(Mark(kind, value, noun, m.group(0)))
    for m in _COMPOUND.finditer(plain):
        count, unit = m.group(1), m.group(2).lower()
        value = _COUNTS.index(count) + 1 if count in _COUNTS else int(count)
        out.append(Mark(stem(unit), value, stem(unit), m.group(0)))
    return out


def contradicted(question: str, sentence: str, sentences: Sequence[str]) -> str:
    """Why `sentence` gives one of its names a rank or counted compound that the passage
    `sentences` naming it contradict ('' when none does): they give it others of the same
    kind, and never this one."""
    said = marks(sentence)
    own = names(sentence) - stems(question)
    if not said or not own:
        return ""
    about = [marks(s) for s in sentences if names(s) & own]
    for mark in said:
        given = [m for found in about for m in found if mark.meets(m)]
        if given and not any(m.value == mark.value for m in given):
            return f"its sources say “{given[0].text}”, not “{mark.text}”"
    return ""
