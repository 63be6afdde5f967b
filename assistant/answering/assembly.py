"""Answer assembly: grounding verdicts → numbered citations → the `Answer` (or a refusal).

`build_answer` is the one place citations are numbered: each distinct supporting span gets
one number, in order of first use, and the answer text is the supported sentences with
their `[n]` markers. A draft with no supported sentence, or one whose answer to the question
itself was invented (`dodges`), becomes the refusal. Needs no model: `embed` is optional and
only ranks which sentence answers the question.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import content_terms
from ..types import Answer, AnswerSentence, Citation, Passage
from .grounding import Embed, split_draft, support


def refusal_text(question: str) -> str:
    q = question.strip().rstrip("?").strip()
    return f"The articles don't say. Nothing in the archive answers “{q}?”"


def refusal(question: str, standalone: str, passages: Sequence[Passage]) -> Answer:
    """The answer when no passage is relevant enough to ask the model at all."""
    return Answer(
        question=question,
        text=refusal_text(standalone),
        answered=False,
        passages=tuple(passages),
        standalone_question=standalone,
    )


def build_answer(
    question: str,
    standalone: str,
    draft: str,
    passages: Sequence[Passage],
    embed: Embed | None = None,
) -> Answer:
    """Ground the draft against the passages and number the citations that survive."""
    verdicts = support(split_draft(draft), passages, standalone, embed)
    citations: list[Citation] = []
    numbers: dict[tuple[int, int], int] = {}
    sentences: list[AnswerSentence] = []
    for verdict in verdicts:
        cited: list[int] = []
        for ev in verdict.evidence:
            key = (ev.start, ev.end)
            if key not in numbers:
                p = passages[ev.passage]
                numbers[key] = len(citations) + 1
                citations.append(
                    Citation(
                        number=numbers[key],
                        article_id=p.article_id,
                        title=p.title,
                        source=p.source,
                        url=p.url,
                        published=p.published,
                        chunk_id=p.chunk_id,
                        chunk_start=p.start,
                        chunk_end=p.end,
                        start=ev.start,
                        end=ev.end,
                        quote=ev.text,
                    )
                )
            if numbers[key] not in cited:
                cited.append(numbers[key])
        sentences.append(
            AnswerSentence(
                verdict.sentence, tuple(cited), verdict.supported, verdict.note, verdict.refusal
            )
        )
    supported = [s for s in sentences if s.supported]
    if not supported or dodges(standalone, sentences, embed):
        return Answer(
            question=question,
            text=refusal_text(standalone),
            answered=False,
            sentences=tuple(sentences),
            passages=tuple(passages),
            standalone_question=standalone,
            draft=draft,
        )
    return Answer(
        question=question,
        text=" ".join(s.with_markers() for s in supported),
        answered=True,
        citations=tuple(citations),
        sentences=tuple(sentences),
        passages=tuple(passages),
        standalone_question=standalone,
        draft=draft,
    )


def dodges(
    question: str,
    sentences: Sequence[AnswerSentence],
    embed: Embed | None = None,
) -> bool:
    """True when the draft's answer to the question itself is an invented fact.

    A small model asked something the articles lack may invent the answer ("Samsung will build
    it") and pad it with true but beside-the-point sentences. If the sentence closest to the
    question failed for an invented figure or name, the supported padding is no answer.
    """
    invented = [s for s in sentences if not s.supported and s.note.startswith(("number", "name"))]
    if not invented:
        return False
    texts = [question] + [s.text for s in sentences]
    if embed is not None:
        vectors = embed(texts)
        scores = [sum(a * b for a, b in zip(vectors[0], v, strict=True)) for v in vectors[1:]]
    else:
        asked = content_terms(question)
        scores = [len(asked & content_terms(t)) / (len(asked) or 1) for t in texts[1:]]
    best = max(range(len(sentences)), key=lambda i: scores[i])
    return sentences[best] in invented
