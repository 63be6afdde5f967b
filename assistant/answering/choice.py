"""Multiple choice: the model picks one lettered option from the passages.

Used by the RealTimeQA evaluation (its quizzes are multiple choice). Decoding is cut to a
few tokens and the reply read for its first letter, so a choice costs one prefill.
Rejected (RealTimeQA dev, 80 quizzes, 2026-12-04, README): each choice's text scored as the
open answer's start (cloze), 44 right against the letter's 52; mixed with the letter, ±1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..llm.base import Generator
from ..types import Passage
from . import prompts


@dataclass(frozen=True)
class Choice:
    index: int | None  # None: the reply named no valid choice
    passages: tuple[Passage, ...]
    reply: str


def choose(
    generator: Generator, question: str, choices: Sequence[str], passages: Sequence[Passage]
) -> Choice:
    """Ask the model for the letter of the right choice; `index` is None if it named none."""
    messages = prompts.choice_messages(question, choices, passages)
    reply = "".join(generator.stream(messages, 4)).strip()
    match = re.match(r"\(?([A-Za-z])\b", reply)
    index = ord(match.group(1).upper()) - ord("A") if match else None
    if index is not None and not 0 <= index < len(choices):
        index = None
    return Choice(index, tuple(passages), reply)
