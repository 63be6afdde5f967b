"""Overview requests: "What is this article about?", "Summarise the whole article in detail."

Such a question names no fact, so no passage is close to it (best cosine 0.11-0.15 on the
seed article) and the relevance gate refused it. A news reader's answer to it is the
article's lead: here its first sentences (up to `LEAD_WORDS` words, from the next paragraph
too when the first is a short standfirst), or, when
detail is asked for, the first sentence of each paragraph (up to `DETAIL_PARAGRAPHS`). Each
sentence is the article's own, cited to itself with its exact span, like any answer; no
model writes anything, so nothing needs checking and nothing can be invented. Sentences that
address a reader or model (`corpus.instructions`) are skipped. Which article is summarised
is decided by the caller (`pipeline/stream.py`); this module only recognises the request and
assembles the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..corpus.instructions import is_instruction
from ..sentences import sentence_spans
from ..text import content_terms
from ..types import Answer, AnswerSentence, Article, Citation, Passage

_OVERVIEW = re.compile(
    r"^\s*(what\s+(is|are|was|were)\s+(this|these|the|that|those)\s+(\w+\s+){0,6}?"
    r"(articles?|stor(y|ies)|pieces?|reports?|news)\s+(\w+\s+){0,6}?about\b"
    r"|(please\s+|can\s+you\s+|could\s+you\s+)?(summari[sz]e|sum\s+up|recap|outline)\b"
    r"|(give\s+me\s+|write\s+)?(an?\s+)?(short\s+|brief\s+|quick\s+|detailed\s+)?"
    r"(summary|overview|gist|synopsis|tl;?dr|rundown)\b"
    r"|what\s+are\s+the\s+(main|key)\s+points\b"
    r"|(please\s+)?(tell|show)\s+me\s+everything\b"
    r"|what\s+(does|do)\s+(this|these|the|that|those)\s+(articles?|stor(y|ies)|pieces?|reports?)"
    r"\s+say\s*[?.!]*\s*$"
    r"|explain\s+(this|these|the|that|those)\s+(articles?|stor(y|ies)|pieces?|reports?)\b)",
    re.IGNORECASE,
)
# How long or plain the overview should be ("in two sentences", "in 3 bullet points",
# "briefly", "in plain English"): no topic. A new user's "Summarise the article in two
# sentences." looked for an article about sentences and was refused (2026-12-04).
_FORMAT = re.compile(
    r"\b(?:in|as|with|using)\s+(?:a\s+|an\s+|one\s+|just\s+)?(?:few\s+|couple\s+of\s+|"
    r"single\s+|short\s+|simple\s+|plain\s+)?(?:\w+\s+)?(?:sentences?|words?|lines?|"
    r"paragraphs?|bullets?(?:\s+points?)?|points?|english|terms|language)\b"
    r"|\b(?:briefly|simply|shortly|quickly|concisely)\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"\b(one|two|three|four|five|[1-5])\s+sentences?\b", re.IGNORECASE)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_DETAIL = re.compile(
    r"\b(in\s+(full\s+)?detail|detailed|whole|full|entire|every|all\s+(the\s+)?points|"
    r"(main|key)\s+points|at\s+length|thorough(ly)?|everything)\b",
    re.IGNORECASE,
)
_PLURAL = re.compile(r"\b(articles|stories|pieces|reports|these|those)\b", re.IGNORECASE)
# The words of an overview request itself; what is left names the article's topic.
_REQUEST_WORDS = content_terms(
    "what is this article story piece report news about summarise summarize summary sum up "
    "recap outline give me short brief quick detailed detail overview gist synopsis tldr "
    "rundown main key points whole full entire every all thorough thoroughly please can "
    "could you write length tell these those the articles stories pieces reports in tl dr "
    "explain everything say does do show know"
)
LEAD_WORDS = 70  # the lead: first-paragraph sentences up to this many words (at least one)
MIN_LEAD_WORDS = 40  # …and the next paragraph's too while the lead is shorter than this
DETAIL_PARAGRAPHS = 8  # "in detail": the first sentence of this many paragraphs


def is_overview(question: str) -> bool:
    return _OVERVIEW.search(question) is not None


def wants_detail(question: str) -> bool:
    return _DETAIL.search(question) is not None


def wants_several(question: str) -> bool:
    return _PLURAL.search(question) is not None


def topic_terms(question: str) -> set[str]:
    """The question's content words beyond the request ("the AI fund" in "Summarise the
    article about the AI fund"); empty for "What is this article about?"."""
    return content_terms(_FORMAT.sub(" ", question)) - _REQUEST_WORDS


def sentence_limit(question: str) -> int | None:
    """How many sentences the request asks for ("in two sentences"), if it says."""
    match = _SENTENCES.search(question)
    if not match:
        return None
    n = match.group(1).lower()
    return int(n) if n.isdigit() else _COUNTS[n]


def lead_spans(article: Article, detail: bool) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences an overview quotes, in reading order."""
    chosen: list[tuple[int, int]] = []
    if detail:
        for p_start, p_end in article.paragraphs:
            spans = [s for s in sentence_spans(article.text, p_start, p_end) if _news(article, s)]
            if spans:
                chosen.append(spans[0])
            if len(chosen) >= DETAIL_PARAGRAPHS:
                break
        return chosen
    words = 0
    for p_start, p_end in article.paragraphs:
        for span in sentence_spans(article.text, p_start, p_end):
            if not _news(article, span):
                continue
            count = len(article.text[span[0] : span[1]].split())
            if chosen and words + count > LEAD_WORDS:
                return chosen
            chosen.append(span)
            words += count
        if words >= MIN_LEAD_WORDS:  # a one-line standfirst is no lead on its own
            return chosen
    return chosen


def _news(article: Article, span: tuple[int, int]) -> bool:
    return not is_instruction(article.text[span[0] : span[1]])


def overview_answer(
    question: str,
    standalone: str,
    articles: Sequence[tuple[Article, Sequence[Passage]]],
    detail: bool,
) -> Answer:
    """The overview of each article, cited to its own sentences. `articles` pairs each article
    with its passages (every chunk of it), which the citations point into."""
    limit = sentence_limit(standalone)
    return quoted_answer(
        question,
        standalone,
        articles,
        lambda article: lead_spans(article, detail)[:limit],
        lambda article, cited: (cited.quote, "the article's lead"),
    )


def quoted_answer(
    question: str,
    standalone: str,
    articles: Sequence[tuple[Article, Sequence[Passage]]],
    spans: Callable[[Article], Sequence[tuple[int, int]]],
    say: Callable[[Article, Citation], tuple[str, str]],
) -> Answer:
    """One sentence per span that `spans` picks of each article, cited to that span; `say`
    gives the sentence's text and note (the quote itself, or what the article's record
    says)."""
    picks: list[tuple[Passage, int, int, Callable[[Citation], tuple[str, str]]]] = []
    for article, passages in articles:
        for start, end in spans(article):
            chunk = next((p for p in passages if p.start <= start and end <= p.end), None)
            if chunk is not None:  # None: a sentence across two chunks has none to cite
                picks.append((chunk, start, end, lambda cited, a=article: say(a, cited)))
    return cited_answer(question, standalone, picks)


def cited_answer(
    question: str,
    standalone: str,
    picks: Sequence[tuple[Passage, int, int, Callable[[Citation], tuple[str, str]]]],
) -> Answer:
    """The answer of one sentence per pick: a chunk, the article span it quotes, and what to
    say of the citation (the sentence's text and note). No model wrote any of it."""
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    shown: list[Passage] = []
    for chunk, start, end, say in picks:
        if chunk not in shown:
            shown.append(chunk)
        cited = Citation.quoting(len(citations) + 1, chunk, start, end)
        citations.append(cited)
        text, note = say(cited)
        sentences.append(AnswerSentence(text, (cited.number,), True, note=note))
    return Answer(
        question=question,
        text=" ".join(s.with_markers() for s in sentences),
        answered=bool(sentences),
        citations=tuple(citations),
        sentences=tuple(sentences),
        passages=tuple(shown),
        standalone_question=standalone,
    )
