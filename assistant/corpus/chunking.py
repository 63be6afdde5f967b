"""Sentence-aware chunking with exact character spans.

Whole paragraphs are packed together while they fit in `max_tokens` embedder tokens; a
paragraph too long for one chunk is split between sentences, consecutive pieces sharing
`overlap` sentences; a single over-long sentence is cut between words. Every chunk's text is
exactly `article.text[start:end]`. Tokens are counted with the embedder's own tokenizer
(passed in as a function giving each token's character span) so no chunk is silently
truncated at embedding time. The article is tokenised once: the tokenizer splits on
whitespace first, so a span that begins and ends at whitespace holds exactly the tokens it
would get alone, and every span counted here does (paragraphs, sentences, words).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from ..sentences import sentence_spans
from ..types import Article, Chunk

# Text -> the (start, end) character span of each of its tokens, in order.
TokenSpans = Callable[[str], Sequence[tuple[int, int]]]
SpanCounter = Callable[[int, int], int]
# Bump when chunk boundaries would change for the same article, to force re-chunking.
CHUNKER_VERSION = 1


def chunk_article(
    article: Article, token_spans: TokenSpans, max_tokens: int, overlap: int = 1
) -> list[Chunk]:
    """Split an article into chunks of at most `max_tokens` tokens each."""
    count = span_counter(token_spans(article.text))
    # (start, end, paragraph, tokens): units no chunk splits. Pieces separated by whitespace
    # add up, so a group's size is the sum of its pieces'.
    pieces: list[tuple[int, int, int, int]] = []
    for p, (start, end) in enumerate(article.paragraphs):
        tokens = count(start, end)
        if tokens <= max_tokens:
            pieces.append((start, end, p, tokens))
        else:
            pieces.extend(
                (s, e, p, count(s, e))
                for s, e in _split_paragraph(article.text, start, end, count, max_tokens, overlap)
            )
    chunks: list[Chunk] = []
    group: list[tuple[int, int, int, int]] = []
    size = 0
    for piece in pieces:
        if group:
            overlaps = piece[0] < group[-1][1]
            if not overlaps and size + piece[3] <= max_tokens:
                group.append(piece)
                size += piece[3]
                continue
            chunks.append(_make(article, len(chunks), group))
        group, size = [piece], piece[3]
    if group:
        chunks.append(_make(article, len(chunks), group))
    return chunks


def span_counter(spans: Sequence[tuple[int, int]]) -> SpanCounter:
    """Tokens lying wholly within text[start:end], from the text's token spans."""
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]

    def count(start: int, end: int) -> int:
        return max(0, bisect_right(ends, end) - bisect_left(starts, start))

    return count


def _make(article: Article, index: int, group: list[tuple[int, int, int, int]]) -> Chunk:
    return Chunk(article.id, index, group[0][0], group[-1][1], group[0][2])


def _split_paragraph(
    text: str, start: int, end: int, count: SpanCounter, max_tokens: int, overlap: int
) -> list[tuple[int, int]]:
    sentences: list[tuple[int, int]] = []
    sizes: list[int] = []
    for s, e in sentence_spans(text, start, end, as_built=True):  # as first cut
        tokens = count(s, e)
        if tokens <= max_tokens:
            sentences.append((s, e))
            sizes.append(tokens)
        else:
            for ws, we in _split_words(text, s, e, count, max_tokens):
                sentences.append((ws, we))
                sizes.append(count(ws, we))
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j, size = i + 1, sizes[i]
        while j < len(sentences) and size + sizes[j] <= max_tokens:
            size += sizes[j]
            j += 1
        out.append((sentences[i][0], sentences[j - 1][1]))
        if j >= len(sentences):
            break
        # Step back `overlap` sentences, but always move forward.
        i = max(j - overlap, i + 1)
    return out


def _split_words(
    text: str, start: int, end: int, count: SpanCounter, max_tokens: int
) -> list[tuple[int, int]]:
    """Cut an over-long sentence between words, greedily."""
    bounds = [start]
    for i in range(start, end):
        if text[i].isspace() and not text[i - 1].isspace():
            bounds.append(i)
    bounds.append(end)
    out: list[tuple[int, int]] = []
    s = start
    last_ok = None
    for b in bounds[1:]:
        if count(s, b) <= max_tokens:
            last_ok = b
            continue
        cut = last_ok if last_ok is not None and last_ok > s else b
        out.append((s, cut))
        s = cut
        while s < end and text[s].isspace():
            s += 1
        last_ok = b if count(s, b) <= max_tokens else None
    if s < end:
        out.append((s, end))
    return out
