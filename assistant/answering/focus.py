"""Question-focused context: the passage sentences most related to the question.

A retrieved chunk holds six to ten sentences, of which one or two answer the question; the
small model, given whole chunks, often answers from a neighbouring sentence about something
else. `focused` keeps, of all the passages' sentences, the `keep` closest to the question
(embedding cosine), each with the sentence before it (its antecedents: "It", "These
funds"), in their passages' order; a passage with none kept is dropped. The model reads only
these; grounding still checks against the whole passages, so nothing is cited that the
passages do not say. Needs the embedder; without one the passages are returned unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..text import sentence_spans
from ..types import Passage
from .grounding import Embed, cosine

GAP = " … "  # stands where sentences of a passage were left out


def closest_sentences(
    question: str, passages: Sequence[Passage], embed: Embed
) -> list[tuple[int, int, float]]:
    """(passage index, sentence index, cosine to the question) of every passage sentence,
    closest first."""
    spans = [sentence_spans(p.text) for p in passages]
    units = [(i, j) for i, s in enumerate(spans) for j in range(len(s))]
    if not units:
        return []
    vectors = embed([question] + [passages[i].text[slice(*spans[i][j])] for i, j in units])
    scored = [(i, j, cosine(vectors[0], v)) for (i, j), v in zip(units, vectors[1:], strict=True)]
    return sorted(scored, key=lambda u: -u[2])


def focused(
    question: str, passages: Sequence[Passage], embed: Embed | None, keep: int
) -> list[Passage]:
    """`passages` cut down to the `keep` sentences closest to the question (and the one
    before each); `keep` 0 or no embedder: the passages as they are."""
    if keep <= 0 or embed is None or not passages:
        return list(passages)
    spans = [sentence_spans(p.text) for p in passages]
    if sum(len(s) for s in spans) <= keep:
        return list(passages)
    chosen: dict[int, set[int]] = {}
    for i, j, _ in closest_sentences(question, passages, embed)[:keep]:
        chosen.setdefault(i, set()).update({j, j - 1} if j else {j})
    out = []
    for i, p in enumerate(passages):
        if i not in chosen:
            continue
        parts: list[str] = []
        previous = -2
        for j in sorted(chosen[i]):
            s, e = spans[i][j]
            if parts and j != previous + 1:
                parts.append(GAP)
            elif parts:
                parts.append(" ")
            parts.append(p.text[s:e])
            previous = j
        out.append(dataclasses.replace(p, text="".join(parts)))
    return out
