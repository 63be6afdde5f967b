"""Questions about an article itself: when it was published, by whom, its title, its address.

"When was the article published?" names no fact of the news, so no passage is close to it
and the relevance gate refused it in no time ("The articles don't say"), although the
article's record holds the answer (a new user's question, 2026-12-04). Such a question is
answered from the record of the article it is about (chosen as for an overview,
`pipeline/stream.py`), cited to the article's first sentence so that the sources panel shows
that record and opens the article; the model writes nothing. A field the record lacks (no
author, no date) is said to be missing, never guessed. Does not: answer questions about
the text's contents ("How many paragraphs does it have?"), which go the normal way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import content_terms
from ..types import Answer, Article, Passage
from .overview import lead_spans, quoted_answer

_ARTICLE = (
    r"(?:this|the|that|these|those)\s+(?:news\s+)?(?:articles?|stor(?:y|ies)|pieces?|reports?)"
)
_ABOUT = r"(?:\s+(?:about|on)\s+[^?]{1,80}?)?"  # "the article about the fund", then the verb
_FIELDS = {
    "published": re.compile(
        rf"^\s*(?:when\s+(?:was|were|is)\s+{_ARTICLE}{_ABOUT}\s+(?:first\s+)?(?:published|written|"
        rf"posted|released|dated|from)|what\s+(?:is|was)\s+the\s+(?:publication\s+|publishing\s+)?"
        rf"date\s+of\s+{_ARTICLE}|how\s+old\s+(?:is|are)\s+{_ARTICLE})\b",
        re.IGNORECASE,
    ),
    "author": re.compile(
        rf"^\s*(?:who\s+(?:wrote|authored|is\s+the\s+author\s+of|are\s+the\s+authors\s+of)\s+"
        rf"{_ARTICLE}|who\s+is\s+the\s+(?:author|writer|journalist|reporter)\s+of\s+{_ARTICLE})\b",
        re.IGNORECASE,
    ),
    "source": re.compile(
        rf"^\s*(?:where\s+(?:was|is|were|are)\s+{_ARTICLE}{_ABOUT}\s+(?:published|from)|(?:who|which\s+"
        rf"\w+)\s+(?:published|ran|carried)\s+{_ARTICLE}|what\s+(?:is|was)\s+the\s+source\s+of\s+"
        rf"{_ARTICLE})\b",
        re.IGNORECASE,
    ),
    "title": re.compile(
        rf"^\s*what\s+(?:is|was)\s+the\s+(?:title|headline)\s+of\s+{_ARTICLE}\b", re.IGNORECASE
    ),
    "url": re.compile(
        rf"^\s*(?:what\s+is\s+the\s+)?(?:url|link|web\s+address|address)\s+(?:of|for|to)\s+"
        rf"{_ARTICLE}\b|^\s*where\s+can\s+i\s+(?:read|find)\s+{_ARTICLE}\b",
        re.IGNORECASE,
    ),
}
# The words of such a question itself; what is left names the article's topic.
_RECORD_WORDS = content_terms(
    "when was were is this the that these those news article articles story stories piece "
    "pieces report reports first published written posted released dated from what "
    "publication publishing date how old who wrote authored author authors writer journalist "
    "reporter where which ran carried source title headline url link web address of for to "
    "can i read find newspaper paper outlet site website magazine"
)


def asked_field(question: str) -> str | None:
    """Which field of the article's record the question asks for, if it asks for one."""
    return next((field for field, pattern in _FIELDS.items() if pattern.search(question)), None)


def topic_terms(question: str) -> set[str]:
    """The question's words beyond the request ("the fund" in "When was the article about
    the fund published?")."""
    return content_terms(question) - _RECORD_WORDS


def _said(article: Article, field: str) -> str:
    """The record's answer for `field`, as one sentence without closing punctuation."""
    title = f"“{article.title}”" if article.title else "The article"
    source = article.source or "an unnamed source"
    date = str(article.published) if article.published else "no date"
    if field == "published":
        if not article.published:
            return f"{title} ({source}) has no publication date in its record"
        return f"{title} ({source}) was published on {article.published}"
    if field == "author":
        if article.authors:
            return f"{title} ({source}, {date}) is by {', '.join(article.authors)}"
        return f"The record of {title} names no author; it is from {source} ({date})"
    if field == "title":
        return f"The article's title is {title} ({source}, {date})"
    if field == "url":
        if not article.url:
            return f"The record of {title} ({source}, {date}) holds no address"
        return f"{title} ({source}, {date}) is at {article.url}"
    return f"{title} is from {source} ({date})"


def record_answer(
    question: str,
    standalone: str,
    articles: Sequence[tuple[Article, Sequence[Passage]]],
    field: str,
) -> Answer:
    """One sentence per article from its record, cited to the article's first sentence.
    `articles` pairs each article with its passages (every chunk of it)."""
    return quoted_answer(
        question,
        standalone,
        articles,
        lambda article: lead_spans(article, detail=False)[:1],  # its first sentence of news
        lambda article, cited: (_said(article, field), "the article's record, not its text"),
    )
