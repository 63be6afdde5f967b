"""A second draft: the passages again, without the sentences a rejected draft drew on.

The small model, forced past its refusal marker, most often fails by answering from the
wrong passage sentence: a neighbour about something else ("How many high-end GPUs are
planned for 2025?" → the sentence about KRW 8.8 trillion of loans). The checks reject that
draft, and the sentence that answers is often right beside it. So the model gets one more
reading: the same prompt with the sentences the rejected draft drew on (its grounding
evidence, supported or not) cut out, its refusal probability asked again, and the new draft
held to the same grounding and answer checks against the full passages (citations keep
their exact spans in the articles). Nothing is cut when the rejected draft drew on no
passage sentence, and then there is no second draft: the prompt would be the same.

Measured on the seed dev split (102 rows, 2026-12-02, transformers backend; ad hoc replay
of the 28 forced drafts the checks refused at de7c851): 4 more answerable questions
answered right (60 → 64 of 78), one more unanswerable one answered (24 → 23 of 24 refused:
"50,000 AI-specific Data Centres", a figure of the GPU sentence), one answered beside the
point. Needs no model beyond the generator's two calls; `masked` itself is pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..types import Passage
from .grounding import Embed, split_draft, support


def drawn_on(
    draft: str, passages: Sequence[Passage], question: str, embed: Embed | None = None
) -> set[tuple[str, int, int]]:
    """The passage sentences (article id, start, end) the draft's sentences were aligned
    with, whether or not they were found to support them."""
    verdicts = support(split_draft(draft), passages, question, embed)
    return {(passages[e.passage].article_id, e.start, e.end) for v in verdicts for e in v.evidence}


def masked(passages: Sequence[Passage], spans: set[tuple[str, int, int]]) -> list[Passage]:
    """The passages with the text of `spans` cut out (for the prompt only); a passage left
    empty is dropped."""
    out = []
    for p in passages:
        keep = [True] * len(p.text)
        for article, start, end in spans:
            if article == p.article_id:  # spans index the article: shift them into the chunk
                for i in range(max(start - p.start, 0), min(end - p.start, len(p.text))):
                    keep[i] = False
        if text := " ".join("".join(c for c, k in zip(p.text, keep, strict=True) if k).split()):
            out.append(dataclasses.replace(p, text=text))
    return out
