"""The question's rank may not be given to a name its sources rank otherwise.

Grounding lets an answer restate the question's words freely, so a question's frame joined
to a name its passages hold passes it: asked "Which state became the second in the US to
ban fluoride …?", the model wrote "Utah became the second state in the US to ban fluoride
…" from passages that each call Utah "the first state" (RealTimeQA dev, 2026-12-06). So
where an answer restates the question's rank of a kind of thing ("the second state", "the
first woman", "2nd company") beside a name of its own (one the question does not give),
the passages may not give that name another rank of the same kind and never this one. A
rank belongs to the nearest name before it in its clause ("Florida joined Utah, the first
state …" ranks Utah), and the sentence the answer cites may state it whatever else the
passages say. Ranks of what one name has many of ("her fourth major title", "his second
term") are not read, nor counted compounds ("a two-day visit" beside Trump's "six-day"
one, the same dev set: "two-time Oscar winner" and "five-time Oscar nominee" are both
true). Needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import stem, stems
from .grounding import names
from .wanted import NAME_RUN

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
)
# The kinds of thing a name is ranked among ("the second state", "the first woman").
_KINDS = frozenset(
    stem(w)
    for w in """state country nation city town county province region territory company firm
    bank airline automaker carmaker brand retailer chain network team club school university
    college hospital woman man person player athlete leader president ruler monarch pope
    candidate nominee senator governor mayor lawmaker astronaut singer rapper artist actor
    actress driver pilot""".split()
)
# An ordinal after a determiner or possessive, lower case ("First Lady" is a name, "Utah
# first banned …" ranks nothing, "a second term" is another one), and the word after it.
_RANK = re.compile(
    r"\b(?:the|its|their|his|her|whose|[\w-]+'s)\s+(?:only\s+|very\s+)?"
    rf"((?-i:{'|'.join(_ORDINALS)})|\d+(?:st|nd|rd|th))\b\s+((?-i:[a-z])[\w-]*)",
    re.IGNORECASE,
)
# Clauses joined by ";" or ", and / while / but / whereas" rank their own names: "Utah
# banned it in March, and the first state to follow was Florida" ranks no one before it.
_JOINT = re.compile(r"\s*(?:;|,\s*(?:and|while|but|whereas)\b)\s*", re.IGNORECASE)
# Capitalised words that name no one: a day or month ("Modi arrived on Monday …").
_CALENDAR = frozenset(
    stem(w)
    for w in """monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december""".split()
)


@dataclass(frozen=True)
class Rank:
    """One rank among a kind of thing: its value, the kind ('state'), the name it belongs to
    (the last word of the nearest name before it, stemmed; '' when none) and its text."""

    value: int
    kind: str
    bearer: str
    text: str


def ranks(text: str) -> list[Rank]:
    """The ranks of kinds of thing in `text`, clause by clause."""
    out = []
    for clause in _JOINT.split(text.replace("’", "'")):
        for m in _RANK.finditer(clause):
            word, kind = m.group(1), stem(m.group(2).lower())
            if kind not in _KINDS:
                continue
            value = _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[:-2])
            before = NAME_RUN.findall(clause, 0, m.start(1))  # "Korea's third city"
            bearer = next(iter(_last(before[-1])), "") if before else ""
            out.append(Rank(value, kind, bearer, m.group(0)))
    return out


def contradicted(question: str, sentence: str, cited: str, sentences: Sequence[str]) -> str:
    """Why `sentence` gives a name of its own the question's rank that the passage
    `sentences` rank it otherwise ('' when it does not, or when its `cited` text states
    that rank)."""
    asked = {r.value for r in ranks(question)} | _bare(question)
    runs = NAME_RUN.findall(sentence)
    own = set().union(*(_last(r) for r in runs if names(r) - stems(question))) - _CALENDAR
    restated = [r for r in ranks(sentence) if r.value in asked]
    if not restated or not own:
        return ""
    stated = {(r.value, r.kind) for r in ranks(cited)}
    given = [r for s in sentences for r in ranks(s) if r.bearer in own]
    for rank in restated:
        same = [r for r in given if r.kind == rank.kind]
        if (
            (rank.value, rank.kind) not in stated
            and same
            and all(r.value != rank.value for r in same)
        ):
            return f"its sources say “{same[0].text}”, not “{rank.text}”"
    return ""


def _last(run: str) -> set[str]:
    """A name's last word, as `names` gives it: "Utah" of "Florida joined Utah"."""
    return names(run.split()[-1])


_BARE = re.compile(rf"\bthe\s+((?-i:{'|'.join(_ORDINALS)}))\b", re.IGNORECASE)


def _bare(question: str) -> set[int]:
    """The ranks a question gives without their kind ("became the second in the US")."""
    return {_ORDINALS.index(m.group(1)) + 1 for m in _BARE.finditer(question)}
