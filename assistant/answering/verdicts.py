"""Verdicts: answers to yes/no questions and comparisons, which grounding cannot check.

Grounding (`grounding.py`) lets an answer repeat the question's words, and a "Yes" repeats
the question's whole claim; which of two things is bigger is no matter of words at all. So
such an answer stands only where its cited sentences state it in its own words, with their
polarity (`unstated`); otherwise the caller (`assembly.py`) quotes the sentences for the
reader to judge. Needs no model. It does not decide whether a verdict is right, only whether
the sources say it in so many words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import content_terms, stems

# A question answered yes or no may be answered by its own words ("Yes, the plan includes
# research and development"); any other is not.
_YES_NO = re.compile(
    r"^\s*(is|are|was|were|am|do|does|did|will|would|can|could|should|shall|has|have|had|may|"
    r"might|must)\b",
    re.IGNORECASE,
)


def yes_no(question: str) -> bool:
    """True for a question answered yes or no ("Is …", "Did …", "Will …")."""
    return bool(_YES_NO.match(question))


# "Yes" asserts the question's own claim, and grounding lets the question's words count as
# the passage's: "Yes, the KRW 1.8 trillion budget is part of the KRW 100 trillion fund" passed
# on "… fund and an additional KRW 1.8 trillion … supplementary budget", and "Yes, South Korea
# aims to be the top AI power in the world" on "… one of the top three global AI powers" (a
# new user, 2026-12-05). A small model agrees with the question it is asked. "No" is a
# verdict only before punctuation ("No firms were selected" negates, and counts as one).
_VERDICT = re.compile(r"^\s*(yes|no)\b(?=\s*(?:[,.;:!—–-]|$))[\s,.;:!—–-]*", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without)\b|n['’]t\b", re.IGNORECASE)
BARE_VERDICT = "nothing but yes or no"
# Nor is a forecast a verdict on what happened: "Did Iran retaliate against the US strikes?"
# → "Yes, Iran almost certainly will retaliate" (RealTimeQA pool as of 2025-06-25, new user).
# Only for a question about the past; "may" in lower case only (not the month, nor Theresa).
_PAST = re.compile(r"^\s*(?:did|was|were|has|have|had)\b", re.IGNORECASE)
_FORECAST = re.compile(
    r"\b(?:will|would|could|(?-i:may)|might|likely|expected\s+to|expects?\s+to|plans?\s+to|"
    r"aims?\s+to|intends?\s+to|set\s+to|going\s+to)\b",
    re.IGNORECASE,
)

# A comparison is a verdict words cannot check (which side is bigger): "Which is bigger, the
# cultural exports target or the March 2025 fund?" → "The cultural exports target is bigger"
# (both are KRW 50 trillion; new user, 2026-12-05). So its sources are always quoted. Not a
# comparison: "Which firms invested more than $1 billion in chips or batteries?".
_COMPARATIVE = (
    r"(?:bigger|larger|smaller|greater|higher|lower|more|less|fewer|older|younger|newer|"
    r"earlier|later|longer|shorter|richer|poorer|cheaper|faster|slower|better|worse)"
)
_COMPARES = re.compile(
    rf"^\s*(?:which|what|who)\b[^?]*\b{_COMPARATIVE}\b(?!\s+than\b)[^?]*[,:][^?]*\bor\b"
    rf"|^\s*how\s+(?:much|many)\s+{_COMPARATIVE}\b[^?]*\bthan\b",
    re.IGNORECASE,
)
# "Is the AI fund bigger than the March fund?"; not "more than 50,000" or "than a dozen".
_THAN = re.compile(
    rf"\b{_COMPARATIVE}\s+(?:\w+\s+){{0,3}}?than\s+(?!(?:about|around|nearly|almost|just|"
    r"over|under|a|an|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundreds?|"
    r"thousands?|millions?|billions?|half)\b|(?:usd|krw|eur|gbp|jpy|cny|us)?\s*[$€£¥]?\d)",
    re.IGNORECASE,
)


def compares(question: str) -> bool:
    """True for a question that asks which of two things is more, or by how much."""
    return bool(_COMPARES.search(question) or (yes_no(question) and _THAN.search(question)))


def unstated(question: str, sentence: str, quotes: Sequence[str], context: str = "") -> str:
    """For a yes/no question or a comparison, what of `sentence` its cited sentences
    (`quotes`, with `context`: titles, a pronoun's antecedent) do not state in its own words:
    a content word, or a negation one side has and the other not (a verdict "No" is one),
    or a forecast under a verdict on what happened;
    `BARE_VERDICT` for a bare "Yes."; "a comparison" for any answer to a comparison; '' when
    they state it all, and for any other question."""
    if compares(question):
        return "a comparison"
    if not yes_no(question):
        return ""
    verdict = _VERDICT.match(sentence)
    body = sentence[verdict.end() :] if verdict else sentence
    claim = content_terms(body)
    if not claim:
        return BARE_VERDICT
    missing = sorted(claim - stems(" ".join([*quotes, context])))
    if missing:
        return ", ".join(f"“{term}”" for term in missing)
    forecast = _FORECAST.search(body) and not _FORECAST.search(question)
    if verdict and _PAST.match(question) and forecast:
        return "a forecast"
    denied = bool(verdict and verdict.group(1).lower() == "no") or bool(_NEGATION.search(body))
    if denied != bool(_NEGATION.search(" ".join(quotes))):
        return "a negation"
    return ""
