"""Evaluation metrics: small functions of named inputs, each returning a value and a reason.

- retrieval: hit@k and reciprocal rank against gold evidence given as article spans, so a
  set stays valid when chunking changes;
- answers: normalised exact match, token F1 and "contains a gold answer" (SQuAD-style
  normalisation);
- citations, ALCE-style (Gao et al. 2023): recall (each answer sentence is supported by the
  union of its cited passages) and precision (each citation supports its sentence alone, or
  is needed by the others), judged by `supports`, the one checker a stronger one (an NLI
  model) would replace;
- refusals and latency percentiles.

A value of None means "not applicable" (no gold evidence, no sentences), never zero.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text import content_terms, numbers, stems


@dataclass(frozen=True)
class Score:
    value: float | None
    reason: str


@dataclass(frozen=True)
class Span:
    """A stretch of one article's cleaned text."""

    article: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.article == other.article and self.start < other.end and other.start < self.end


# --- retrieval ---------------------------------------------------------------------------


def retrieval_hit(retrieved: Sequence[Span], gold: Sequence[Span], k: int) -> Score:
    """1 if any of the first k retrieved passages overlaps any gold evidence span."""
    if not gold:
        return Score(None, "no gold evidence")
    for rank, span in enumerate(retrieved[:k], 1):
        if any(span.overlaps(g) for g in gold):
            return Score(1.0, f"evidence in passage {rank}")
    return Score(0.0, f"no evidence in the top {k}")


def reciprocal_rank(retrieved: Sequence[Span], gold: Sequence[Span]) -> Score:
    if not gold:
        return Score(None, "no gold evidence")
    for rank, span in enumerate(retrieved, 1):
        if any(span.overlaps(g) for g in gold):
            return Score(1.0 / rank, f"first evidence at rank {rank}")
    return Score(0.0, "evidence not retrieved")


# --- answers -----------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation + "“”‘’")


def normalize(text: str) -> str:
    """Lower case, no punctuation, no articles, single spaces (SQuAD's normalisation)."""
    text = text.lower().replace(",", "")  # "50,000" and "50000" are the same number
    text = _ARTICLES.sub(" ", text.translate(_PUNCT))
    return " ".join(text.split())


def exact_match(prediction: str, answers: Sequence[str]) -> Score:
    if not answers:
        return Score(None, "no gold answer")
    got = normalize(prediction)
    for answer in answers:
        if got == normalize(answer):
            return Score(1.0, f"equals {answer!r}")
    return Score(0.0, "equals no gold answer")


def token_f1(prediction: str, answers: Sequence[str]) -> Score:
    if not answers:
        return Score(None, "no gold answer")
    pred = normalize(prediction).split()
    best, best_answer = 0.0, answers[0]
    for answer in answers:
        gold = normalize(answer).split()
        common = sum((Counter(pred) & Counter(gold)).values())
        if not pred or not gold or not common:
            continue
        precision, recall = common / len(pred), common / len(gold)
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best:
            best, best_answer = f1, answer
    return Score(best, f"best against {best_answer!r}")


# "Lee Jae-myung's drive" names Lee Jae-myung, but SQuAD's normalisation makes it
# "jaemyungs" (seed dev, 2026-12-03: a right answer counted wrong). Both readings are tried:
# without the possessive, and as written ("President's Day" is the gold "Presidents Day").
_POSSESSIVE = re.compile(r"(\w)['’]s\b")


def contains_answer(prediction: str, answers: Sequence[str]) -> Score:
    if not answers:
        return Score(None, "no gold answer")
    readings = {f" {normalize(text)} " for text in (prediction, _POSSESSIVE.sub(r"\1", prediction))}
    for answer in answers:
        if any(f" {normalize(answer)} " in got for got in readings):
            return Score(1.0, f"contains {answer!r}")
    return Score(0.0, "contains no gold answer")


# A choice's distinctive word is found in an answer by this prefix of both, at least:
# "Zelenskyy" for "Zelensky", "Tariffs" for "tariff" (the stemmer is deliberately crude).
_PREFIX = 5


def _found(term: str, said: set[str]) -> bool:
    return term in said or any(
        min(len(term), len(w)) >= _PREFIX and (w.startswith(term) or term.startswith(w))
        for w in said
    )


def _share_named(prediction: str, question: str, choice: str, rest: Sequence[str]) -> float:
    """How much of what sets `choice` apart from the `rest` (and from the question) the
    prediction says: 0 to 1."""
    asked = content_terms(question)
    other_terms = set().union(*(content_terms(o) for o in rest))
    other_numbers = set().union(*(numbers(o) for o in rest))
    terms = content_terms(choice) - asked - other_terms
    figures = numbers(choice) - numbers(question) - other_numbers
    if terms or figures:
        said = content_terms(prediction) - asked  # an echo of the question names nothing
        found = sum(_found(t, said) for t in terms) + len(figures & numbers(prediction))
        return found / (len(terms) + len(figures))
    if content_terms(choice) - other_terms or numbers(choice) - other_numbers:
        return 0.0  # only the question's own words: no answer can say it apart from an echo
    # All of it is in another choice ("New York" beside "New York City"): said whole, alone.
    longer = [o for o in rest if normalize(choice) in normalize(o)]
    said_whole = contains_answer(prediction, [choice]).value == 1.0
    return float(said_whole and not (longer and contains_answer(prediction, longer).value))


def names_choice(prediction: str, question: str, choices: Sequence[str], right: int) -> Score:
    """Whether an open answer names the right one of a quiz's choices and no other.

    "Contains the right choice" misses right answers said another way ("steel and aluminum"
    for "Aluminum and steel", "$5 million" for "$5,000,000", "the Central Intelligence
    Agency" for "Central Intelligence Agency (CIA)", "Mike Pence" for "Former Vice President
    Mike Pence": five of the 29 open answers counted wrong on 100 RealTimeQA dev questions,
    2026-12-03). Here each choice is reduced to what tells it apart (the words and figures no
    other choice and not the question has); the answer names a choice when it says at least
    half of that, and names the right one when it names it more than any other. A choice
    with nothing distinctive ("New York" beside "New York City") must be said whole, and not
    as part of the longer one. Meant for an answer to one question; says nothing about
    whether the answer is cited.
    """
    if not 0 <= right < len(choices) or not normalize(choices[right]):
        return Score(None, "no right choice to name")
    keys = [normalize(c) for c in choices]
    distinct = {k: c for k, c in zip(keys, choices, strict=True) if k}  # a duplicate is one
    shares = {
        k: _share_named(prediction, question, c, [o for j, o in distinct.items() if j != k])
        for k, c in distinct.items()
    }
    mine = shares.pop(keys[right])
    best_other = max(shares.values(), default=0.0)
    if mine >= 0.5 and mine > best_other:
        return Score(1.0, f"names {choices[right]!r} ({mine:.0%} of what sets it apart)")
    if best_other >= 0.5:
        return Score(0.0, "names another choice")
    return Score(0.0, "names no choice")


# --- citations ---------------------------------------------------------------------------

# Share of a claim's content words the evidence must contain. Stricter than the answer-time
# check in answering/grounding.py on purpose: no credit for words that only the question or
# the article title supply, so the evaluation does not simply replay the grounding's own
# judgement.
SUPPORT_COVERAGE = 0.5


def supports(claim: str, evidence: str) -> bool:
    """Offline support check: every figure of the claim and half its content words appear in
    the evidence (stemmed), and at least one content word does."""
    if numbers(claim) - numbers(evidence, loose=True):
        return False
    terms = content_terms(claim)
    if not terms:
        return bool(numbers(claim))
    have = stems(evidence)
    hits = sum(t in have for t in terms)
    return hits > 0 and hits / len(terms) >= SUPPORT_COVERAGE


Checker = Callable[[str, str], bool]


@dataclass(frozen=True)
class CitedSentence:
    text: str
    passages: tuple[str, ...]  # the texts its citations point to


def citation_recall(sentences: Sequence[CitedSentence], check: Checker = supports) -> Score:
    """Share of answer sentences supported by the union of their cited passages."""
    if not sentences:
        return Score(None, "no answer sentences")
    ok = [s for s in sentences if s.passages and check(s.text, " ".join(s.passages))]
    return Score(len(ok) / len(sentences), f"{len(ok)}/{len(sentences)} sentences supported")


def citation_precision(sentences: Sequence[CitedSentence], check: Checker = supports) -> Score:
    """Share of citations that support their sentence alone or are needed by the union.

    A citation is irrelevant (counted against precision) when it does not support the
    sentence alone and the remaining citations support it without it (ALCE's definition).
    """
    total = good = 0
    for s in sentences:
        union_ok = bool(s.passages) and check(s.text, " ".join(s.passages))
        for i, passage in enumerate(s.passages):
            total += 1
            if check(s.text, passage):
                good += 1
                continue
            others = s.passages[:i] + s.passages[i + 1 :]
            needed = union_ok and not (others and check(s.text, " ".join(others)))
            good += needed
    if total == 0:
        return Score(None, "no citations")
    return Score(good / total, f"{good}/{total} citations relevant")


# --- refusals and latency --------------------------------------------------------------------


def refusal(answered: bool, unanswerable: bool) -> Score:
    """1 when the assistant did the right thing about answering at all."""
    if unanswerable:
        if answered:
            return Score(0.0, "answered an unanswerable question")
        return Score(1.0, "refused correctly")
    if answered:
        return Score(1.0, "answered")
    return Score(0.0, "refused an answerable question")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
