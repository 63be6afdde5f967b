import re

import pytest

from assistant.corpus.chunking import chunk_article
from assistant.corpus.folder import scan
from assistant.corpus.read import read_article
from assistant.embed.tokens import token_counter, token_spans

from .conftest import SEED_CORPUS, write_article


def _words(text: str) -> int:
    return len(text.split())


def _word_spans(text: str) -> list[tuple[int, int]]:
    """A stand-in tokenizer: one token per word."""
    return [m.span() for m in re.finditer(r"\S+", text)]


@pytest.mark.parametrize("max_tokens", [16, 40, 120, 250])
def test_seed_chunks_reproduce_the_text_within_the_token_limit(max_tokens):
    article = scan(SEED_CORPUS).articles[0]
    count = token_counter()  # each chunk re-tokenised alone: the one-pass counts must hold
    chunks = chunk_article(article, token_spans(), max_tokens, overlap=1)
    assert chunks, "no chunks"
    covered = set()
    for i, chunk in enumerate(chunks):
        assert chunk.index == i
        text = chunk.text(article)
        assert text == article.text[chunk.start : chunk.end]
        assert text == text.strip() and text
        assert count(text) <= max_tokens
        covered.update(range(chunk.start, chunk.end))
        para_start, para_end = article.paragraphs[chunk.paragraph]
        assert para_start <= chunk.start < para_end
    # Every non-space character of the article is in some chunk.
    assert all(i in covered for i, c in enumerate(article.text) if not c.isspace())


def test_paragraphs_are_packed_and_long_ones_split_with_overlap(tmp_path):
    body = "Short one.\n\nShort two.\n\n" + " ".join(
        f"Sentence number {i} is here." for i in range(12)
    )
    article = read_article(write_article(tmp_path, "a.md", "T", body), "a")
    chunks = chunk_article(article, _word_spans, max_tokens=12, overlap=1)
    first = chunks[0].text(article)
    assert first == "Short one.\n\nShort two."  # two small paragraphs share one chunk
    pieces = [c.text(article) for c in chunks[1:]]
    assert all(_words(p) <= 12 for p in pieces)
    # Consecutive pieces of the long paragraph share one sentence.
    assert pieces[0].split(". ")[-1].rstrip(".") in pieces[1]


def test_over_long_sentence_is_cut_between_words(tmp_path):
    body = " ".join(f"w{i}" for i in range(50)) + "."
    article = read_article(write_article(tmp_path, "a.md", "T", body), "a")
    chunks = chunk_article(article, _word_spans, max_tokens=8, overlap=0)
    assert all(_words(c.text(article)) <= 8 for c in chunks)
    joined = " ".join(c.text(article) for c in chunks)
    assert joined == article.text
