"""Clauses: a figure anchors only the clause that states it.

Grounding lets a sentence that states a passage's figure pass on less word overlap (figures
are specific; a paraphrase shares them and few other words). A small model answering a
question that asks two things joins an invented clause to the figure: "The AI fund is KRW
100 trillion ($73.8 billion), and South Korea's government will manage it", "The cultural
exports target is KRW 50 trillion by 2030, and it was set by President Lee Jae-myung
Spruiks" (the title's verb taken for a name; new user, 2026-12-05). So each clause without
a figure of its own must draw on the supporting text as a sentence without a figure does.
Only clauses joined by ";" or a comma and "and", "while", "but", "which", "whereas" or
"so" are split: a list's items share the supporting sentence's words and pass. Where the
clauses after the last figure fail, the sentence is cut before them (`leading`) and the rest
is judged on its own. So is a sentence that fails with a relative clause after a comma, cut
before it: "AIDCs are AI-specific Data Centres, which are regulatory-supported facilities
designed to support …" (a new user, 2026-12-05; the article only expands the acronym).
"""

from __future__ import annotations

import re
from collections.abc import Set

from ..text import content_terms, numbers, stems

NOTE = "a clause not in the sources"
_JOINT = re.compile(r"\s*(?:;|,\s*(?:and|while|but|which|whereas|so)\b)\s*", re.IGNORECASE)


def unanchored(sentence: str, support_words: Set[str], given: Set[str], needed: float) -> str:
    """For a `sentence` that states a figure, the first of its clauses that has no figure and draws
    less than `needed` of its content words from `support_words` and `given` (the
    question's and titles' words), or none of them, or none of what it adds, from
    `support_words`; '' when every clause is anchored."""
    clauses = _JOINT.split(sentence) if numbers(sentence) else []
    for clause in clauses if len(clauses) > 1 else ():
        terms = content_terms(clause)
        if numbers(clause) or len(terms) < 2:
            continue
        own = terms & support_words
        added = terms - given
        covered = len(terms & (support_words | given)) / len(terms)
        if not own or (added and not added & support_words) or covered < needed:
            return clause.strip()
    return ""


def leading(sentence: str) -> str:
    """`sentence` cut after its last clause that states a figure, when clauses without a
    figure follow it ("The AI fund is KRW 100 trillion." from the example above); '' when
    there is nothing to cut. Grounding tries it when the whole fails for a clause."""
    joints = list(_JOINT.finditer(sentence))
    bounds = [0, *(m.start() for m in joints), len(sentence)]
    starts = [0, *(m.end() for m in joints)]
    figured = [i for i, s in enumerate(starts) if numbers(sentence[s : bounds[i + 1]])]
    if not figured or figured[-1] == len(starts) - 1:
        return ""
    return sentence[: bounds[figured[-1] + 1]].rstrip(" ,;") + "."


_RELATIVE = re.compile(r",\s*(?:which|who)\b", re.IGNORECASE)
_INDIRECT = re.compile(
    r"\b(?:unclear|uncertain|unknown|ask|asked|know|knows|say|says|said|wonder|wondered)\W*$",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile('["“”]')


def trimmed(sentence: str, note: str, question: str) -> str:
    """What of an unsupported `sentence` grounding judges again ('' when nothing): cut after
    its last figure when a clause failed (`note`); else, when it failed for its words (not
    for a figure, name or link it invents), before a relative clause that ends it. Not one
    inside it ("Joe Biden, who won the election, was sworn in" is no "Joe Biden."), after
    fewer than three words, inside a quotation, after an indirect question ("It is unclear,
    which …"), nor one holding question words the rest lacks ("It was Minister Choi, who
    resigned on Monday" for "Which minister resigned on Monday?")."""
    if note.startswith(NOTE):
        return leading(sentence)
    m = _RELATIVE.search(sentence)
    if not m or not note.startswith(("too little overlap", "not supported")):
        return ""
    head, clause = sentence[: m.start()].rstrip(" ,;"), sentence[m.end() :]
    if (
        "," in clause
        or len(head.split()) < 3
        or len(_QUOTE_MARKS.findall(head)) % 2
        or _INDIRECT.search(head)
        or (content_terms(clause) & stems(question)) - content_terms(head)
    ):
        return ""
    return head + "."
