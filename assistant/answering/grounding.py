"""Grounding: decide, by evidence, which sentences of a draft answer the passages support.

The small model gets facts right more often than it gets its `[n]` right, and sometimes
invents an answer. So its citations are ignored; each draft sentence is instead aligned with
the passage sentence(s) that support it:

1. every number in the sentence (with its scale: "1.8 trillion") must appear in the
   supporting text, and so must every name-like word (capitalised or containing a digit)
   that the question did not already contain;
2. enough of the sentence's content words must appear in that text (lexical coverage), or
   the sentence must be a close paraphrase of one passage sentence (embedding similarity).

A sentence may be supported by one passage sentence, or by the union of up to two sentences
(of one article, possibly two of its passages) when one alone lacks a number or a name.
Sentences that pass are cited with the exact supporting sentence spans; the rest are kept,
marked unsupported, and never shown as fact. `support` is the one function a stronger
checker would replace.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..corpus.instructions import is_instruction
from ..sentences import sentence_spans
from ..text import (
    STOPWORDS,
    content_terms,
    fold,
    numbers,
    singular_acronyms,
    spelled_numbers,
    stem,
    stems,
)
from ..types import Passage
from .clauses import NOTE, trimmed, unanchored
from .counted import misread_figure
from .drafts import REFUSAL
from .figures import echoes_year
from .links import links
from .prompts import pointed

# Share of a sentence's content words that must occur in the supporting text (or in the
# question, which the model may echo). 0.6 lets a sentence rephrase a few words ("aims to",
# "plans") while rejecting one that talks about something else; checked on the hand-made
# cases in tests/test_grounding.py, not fitted to any eval set.
MIN_COVERAGE = 0.6
# A sentence that states a figure the passage sentence also states is anchored by it (figures
# are specific; a paraphrase shares them and few other words), so less overlap is needed.
MIN_COVERAGE_WITH_FIGURE = 0.3
# Cosine (all-MiniLM-L6-v2) above which a sentence counts as a paraphrase of a passage
# sentence even with lower word overlap. Paraphrase pairs of this model typically score
# 0.75-0.95, topical-but-different sentences 0.4-0.7, so 0.75 errs on the side of rejecting.
MIN_PARAPHRASE = 0.75
# Share of the words a sentence adds to the question (no figure of its own) that its source
# must hold where it adds several, however close a paraphrase: "… due to a combination of
# factors, including a malfunctioning landing gear and a lack of proper maintenance" drew
# cosine ≥ 0.75 from "Investigators have begun working to identify what caused …" (new
# articles, 2026-12-06: 1 of 10). 0.34 refused a right seed dev answer (1 of 3); below 6
# words a review's "… a blaze cut the electricity supply" (for "a power outage") was refused.
MIN_ADDED_SHARE = 0.25
MIN_ADDED_WORDS = 6
Embed = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True)
class Evidence:
    """A passage sentence: `start`/`end` index the article text."""

    passage: int  # index into the passages list
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Support:
    """The verdict on one draft sentence."""

    sentence: str  # without [n] markers
    supported: bool
    evidence: tuple[Evidence, ...]  # empty when unsupported
    refusal: bool = False
    note: str = ""


def evidence_units(passages: Sequence[Passage]) -> list[Evidence]:
    """Every sentence of every passage, with article-text spans, but those that address a
    reader or model (`corpus.instructions`): an instruction is never evidence."""
    units = []
    for i, p in enumerate(passages):
        for s, e in sentence_spans(p.text):
            if not is_instruction(p.text[s:e]):
                units.append(Evidence(i, p.start + s, p.start + e, p.text[s:e]))
    return units


def names(text: str) -> set[str]:
    """Name-like words: capitalised or alphanumeric like 'G3'.

    A capitalised first word counts too: names often open a sentence ("Samsung will ..."),
    and an ordinary first word is usually in the supporting text anyway.
    """
    found = set()
    for tok in re.findall(r"[^\W_][\w'’\-]*", singular_acronyms(text)):  # "Éowyn" too
        tok = re.sub(r"['’]s$", "", tok.rstrip("'’-"))  # "Birthday-" is "Birthday"
        has_digit = any(c.isdigit() for c in tok) and any(c.isalpha() for c in tok)
        if (has_digit or tok[0].isupper()) and fold(tok) not in STOPWORDS:
            found.add(stem(fold(tok)))
    return found


_MISSING_NUMBERS = "number(s) not in the sources"


def _covered(
    sentence: str, support_text: str, question: str, context: str = "", year: str = ""
) -> tuple[bool, float, str]:
    """Check numbers, names and content words of `sentence` against `support_text`; the
    coverage is relative to what the sentence needs (callers compare with 1.0). `context`
    (the passages' titles, shown to the model with each passage) may supply names and
    figures, as the question may, but the sentence must still draw content from
    `support_text`; `year`, its publication's, may be echoed (`figures.echoes_year`)."""
    missing_links = links(sentence) - links(support_text)
    if missing_links:
        return False, 0.0, f"link(s) not in the cited sentence: {', '.join(sorted(missing_links))}"
    # A count the question spells ("which two measures") may be echoed as that word.
    echoed = spelled_numbers(sentence) & spelled_numbers(question)
    missing_numbers = numbers(sentence) - numbers(support_text + " " + context, loose=True) - echoed
    if echoes_year(sentence, support_text, question, year):
        missing_numbers -= numbers(year)
    if missing_numbers:
        shown = ", ".join(f"{n:g}" for n in sorted(missing_numbers))
        return False, 0.0, f"{_MISSING_NUMBERS}: {shown}"
    if wrong := misread_figure(sentence, support_text, context, question):
        return False, 0.0, wrong
    support_words = stems(support_text)
    question_words = stems(question + " " + context)
    missing_names = names(sentence) - support_words - question_words
    if missing_names:
        return False, 0.0, f"name(s) not in the sources: {', '.join(sorted(missing_names))}"
    terms = content_terms(sentence)
    if not terms:
        return True, 1.0, ""
    needed = MIN_COVERAGE_WITH_FIGURE if numbers(sentence) else MIN_COVERAGE
    hits = sum(1 for t in terms if t in support_words or t in question_words)
    # Words only the question contains do not make a sentence about the passage: at least
    # one content word must come from the passage itself.
    from_passage = any(t in support_words for t in terms)
    coverage = hits / len(terms) if from_passage else 0.0
    # And a sentence without a figure of its own (not the question's, "March 2025": a blind
    # new-user question, 2026-12-06) must draw some of what it adds from the passage
    # ("…prioritise: quantum chips" is not backed by "AI chips"; half of the added words
    # refused "The letters NPU stand for Neural Processing Units, which …", seed dev), and
    # where it adds several, a quarter, which no embedding similarity makes up for
    # (`MIN_ADDED_SHARE`).
    added, own_figures = terms - question_words, numbers(sentence) - numbers(question, loose=True)
    held = len(added & support_words)
    if added and not own_figures and held < MIN_ADDED_SHARE * len(added):
        if len(added) >= MIN_ADDED_WORDS:
            return False, 0.0, "too little overlap with the sources in what it adds"
        if not held:
            coverage = min(coverage, 0.5 * needed)
    if clause := unanchored(sentence, support_words, question_words, MIN_COVERAGE):
        return False, 0.0, f"{NOTE}: “{clause}”"  # decisive: a paraphrase may add it too
    relative = min(coverage / needed, 1.0)
    return True, relative, "" if relative >= 1.0 else "too little overlap with the sources"


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


def support(
    sentences: Sequence[str],
    passages: Sequence[Passage],
    question: str,
    embed: Embed | None = None,
) -> list[Support]:
    """Judge each draft sentence against the passages (see the module docstring)."""
    units = evidence_units(passages)
    claims = [s for s in sentences if not REFUSAL.search(s)]
    vectors: dict[str, Sequence[float]] = {}
    if embed and units and claims:
        texts = [u.text for u in units] + list(claims)
        for text, vector in zip(texts, embed(texts), strict=True):
            vectors[text] = vector
    results = []
    for sentence in sentences:
        if REFUSAL.search(sentence):
            results.append(
                Support(sentence, False, (), refusal=True, note="says the sources lack it")
            )
            continue
        if (said := pointed(sentence, question)) == "":
            results.append(Support(sentence, False, (), note="points at a passage, says nothing"))
            continue
        sentence = said or sentence
        verdict = _judge(sentence, units, question, vectors, passages)
        if not verdict.supported and verdict.note.startswith(_MISSING_NUMBERS):
            # the story's year, echoed: only where nothing backs the sentence without it
            echoed = _judge(sentence, units, question, vectors, passages, echo_years=True)
            verdict = echoed if echoed.supported else verdict
        if not verdict.supported and (cut := trimmed(sentence, verdict.note, question)):
            shorter = _judge(cut, units, question, vectors, passages)
            verdict = replace(shorter, note=f"{verdict.note} cut") if shorter.supported else verdict
        results.append(verdict)
    return results


def _header(passage: Passage) -> str:
    # Not the publication date, no date of the event it reports (but `figures.echoes_year`).
    return passage.title


def _in_order(*units: Evidence) -> tuple[Evidence, ...]:
    """Evidence in reading order: by passage, then by position in it."""
    return tuple(sorted(units, key=lambda u: (u.passage, u.start)))


def _completed(
    best: Evidence, others: Sequence[Evidence], terms: set[str], given: frozenset[str]
) -> tuple[Evidence, ...]:
    """`best`, plus the passage sentence that supplies the rest of a fused claim.

    A sentence may join two passage sentences ("the KRW 100 trillion fund will be channelled
    towards ..."). Its figure lets it pass on the sentence holding the figure, which then
    backs only part of it. So when `best` holds less than MIN_COVERAGE of the claim's words,
    the other sentence holding most of the rest (MIN_COVERAGE of it, and more than one word:
    one shared word is chance) is cited too. Words the question or titles give (`given`)
    need no citation.
    """
    held = stems(best.text)
    rest = terms - held - given
    if not terms or len(terms & held) / len(terms) >= MIN_COVERAGE or len(rest) < 2:
        return (best,)
    found, other = max(
        ((len(rest & stems(o.text)), o) for o in others),
        key=lambda pair: pair[0],
        default=(0, best),
    )
    if found < 2 or found / len(rest) < MIN_COVERAGE:
        return (best,)
    return _in_order(best, other)


def _judge(
    sentence: str,
    units: Sequence[Evidence],
    question: str,
    vectors: dict[str, Sequence[float]],
    passages: Sequence[Passage],
    echo_years: bool = False,
) -> Support:
    if not units:
        return Support(sentence, False, (), note="no passages")
    headers = [_header(p) for p in passages]
    years = [str(p.published.year) if echo_years and p.published else "" for p in passages]
    terms = content_terms(sentence)
    scored = []
    for unit in units:
        ok, coverage, note = _covered(
            sentence, unit.text, question, headers[unit.passage], years[unit.passage]
        )
        similarity = (
            cosine(vectors[sentence], vectors[unit.text])
            if sentence in vectors and unit.text in vectors
            else 0.0
        )
        passes = ok and (coverage >= 1.0 or similarity >= MIN_PARAPHRASE)
        # Among sentences that pass, cite the one that states the most of the claim itself:
        # `coverage` credits words the question supplies, so a sentence that merely shares
        # the question's topic word would otherwise tie with the one holding the answer.
        own = len(terms & stems(unit.text)) / len(terms) if terms else 0.0
        scored.append((passes, coverage + own + similarity, note, unit))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    passes, _, note, best = scored[0]
    if passes:
        given = stems(" ".join([question, *headers]))
        article = passages[best.passage].article_id  # another article's sentence never adds
        others = [u for *_, u in scored[1:] if passages[u.passage].article_id == article]
        return Support(sentence, True, _completed(best, others, terms, given))
    # One sentence alone may miss a figure that its neighbour (or another passage of its
    # article) has. Not another article's: "The new pope is 88 years old, and he was born in
    # Chicago" joined Pope Francis's age to Leo XIV's birthplace (RealTimeQA pool as of
    # 2025-05-10, asked as a new user would, 2026-12-05).
    top = [item[3] for item in scored[:6]]
    for i, first in enumerate(top):
        for second in top[i + 1 :]:
            if passages[first.passage].article_id != passages[second.passage].article_id:
                continue
            context = headers[first.passage] + " " + headers[second.passage]
            text = f"{first.text}\n\n{second.text}"  # two paragraphs: `counted._around`
            ok, coverage, _ = _covered(sentence, text, question, context, years[first.passage])
            if ok and coverage >= 1.0:
                return Support(sentence, True, _in_order(first, second))
    return Support(sentence, False, (), note=note or "not supported by the sources")
