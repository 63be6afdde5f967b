"""The model's draft as claims: its sentences, without its own `[n]` markers, list bullets
or "according to the passage"; and the phrases by which a sentence says the passages lack
the answer (a refusal, not a claim). Does not judge any sentence (`grounding.py` does).
"""

from __future__ import annotations

import re

from ..sentences import sentence_spans
from .prompts import unattributed

# Sentences that say the passages lack the answer; they are refusals, not claims.
REFUSAL = re.compile(
    r"not in (the )?articles|(don't|do not|does not|doesn't) (say|mention|specify|provide|"
    r"contain|state|include|answer)|no (information|mention|details?)|not (mentioned|specified|"
    r"provided|stated|given|available|included)|cannot (be )?(determine|answer|find)|"
    r"unable to (determine|find|answer)|there is no",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text).strip()


def split_draft(draft: str) -> list[str]:
    """Sentences of the draft, markers and "according to the passage" removed, empty ones
    dropped."""
    out = []
    for line in draft.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line)  # list bullets
        for s, e in sentence_spans(line, draft=True):
            sentence = unattributed(strip_markers(line[s:e]))
            if re.search(r"\w", sentence):
                out.append(sentence)
    return out
