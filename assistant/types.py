"""The records that flow through the pipeline, one frozen dataclass each.

`Article` (a cleaned file) → `Chunk` (a span of it) → `Passage` (a retrieved chunk) →
`Citation` and `AnswerSentence` → `Answer`. A citation is data the CLI, the UI and the
evaluator read directly (article, span, quote) instead of parsing `[n]` out of a string.
No behaviour lives here beyond small derived properties.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One cleaned article. `paragraphs` are (start, end) spans into `text`."""

    id: str
    path: str
    title: str
    source: str
    url: str
    published: dt.date | None
    authors: tuple[str, ...]
    text: str
    paragraphs: tuple[tuple[int, int], ...]

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored for the article changes."""
        payload = json.dumps(
            [self.title, self.source, self.url, str(self.published), self.authors, self.text],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArticleSummary:
    """An indexed article as listed (no text)."""

    id: str
    path: str
    title: str
    source: str
    url: str
    published: dt.date | None
    chunks: int
    instructions: int = 0  # sentences that address a reader or model (never cited)


@dataclass(frozen=True)
class FileOutcome:
    """What adding one file to the archive did."""

    name: str  # the file's own name
    article_id: str  # the id it is indexed under ("" if it was not saved)
    status: str  # "added", "unchanged" (the same file was there) or "skipped"
    reason: str = ""  # why it was skipped, or that it was saved under another name


@dataclass(frozen=True)
class Chunk:
    """A stretch of an article that is embedded as one vector: `article.text[start:end]`."""

    article_id: str
    index: int
    start: int
    end: int
    paragraph: int  # index of the paragraph the chunk starts in

    def text(self, article: Article) -> str:
        return article.text[self.start : self.end]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk. `start`/`end` index the article's cleaned text."""

    chunk_id: str
    article_id: str
    title: str
    source: str
    url: str
    published: dt.date | None
    start: int
    end: int
    paragraph: int
    text: str
    score: float  # cosine similarity of the chunk to the question


@dataclass(frozen=True)
class Scope:
    """Which articles one search may return, applied inside the index (not to a short list).

    `since`/`until` are inclusive publication dates. `as_of` is the day the question is asked
    on: nothing published after it is searched, and relative dates ("this week") count from
    it. `window` is the date range the question's own words asked for, with `phrase` those
    words, and `reading` where a yearless month or day in them was placed when `as_of`'s
    reading held no article ("March 2025"). Undated articles pass date limits that come
    from `as_of` or the question's words (neither favoured nor lost), but not a range the
    user set with `since`/`until`.
    """

    as_of: dt.date
    since: dt.date | None = None
    until: dt.date | None = None
    sources: tuple[str, ...] = ()
    window: tuple[dt.date, dt.date] | None = None
    phrase: str = ""
    reading: str = ""

    def date_range(self) -> tuple[dt.date | None, dt.date]:
        """The publication dates searched: the user's range within the question's window,
        never after `as_of`."""
        low = max((d for d in (self.since, self.window and self.window[0]) if d), default=None)
        high = min(d for d in (self.until, self.window and self.window[1], self.as_of) if d)
        return low, high

    @property
    def keeps_undated(self) -> bool:
        return self.since is None and self.until is None

    @property
    def words(self) -> str:
        """The question's time words, quoted, with where they were placed if not as of
        `as_of`: '“March” read as March 2025, the archive's latest'."""
        if not self.phrase:
            return ""
        placed = f" read as {self.reading}, the archive's latest" if self.reading else ""
        return f"“{self.phrase}”{placed}"

    @property
    def limits_dates(self) -> bool:
        """True when the question's words or the user narrowed the dates below `as_of`."""
        return bool(self.window or self.since or self.until)


@dataclass(frozen=True)
class Citation:
    """Source `[number]` of an answer: the exact sentence(s) that support a claim.

    `start`/`end` span `quote` in the article's cleaned text; the chunk it was found in is
    `chunk_id` (`chunk_start`/`chunk_end`).
    """

    number: int
    article_id: str
    title: str
    source: str
    url: str
    published: dt.date | None
    chunk_id: str
    chunk_start: int
    chunk_end: int
    start: int
    end: int
    quote: str

    @classmethod
    def quoting(cls, number: int, passage: Passage, start: int, end: int) -> Citation:
        """Citation `number` of the article text `start:end`, found in `passage`."""
        offset = start - passage.start
        return cls(
            number=number,
            article_id=passage.article_id,
            title=passage.title,
            source=passage.source,
            url=passage.url,
            published=passage.published,
            chunk_id=passage.chunk_id,
            chunk_start=passage.start,
            chunk_end=passage.end,
            start=start,
            end=end,
            quote=passage.text[offset : offset + end - start],
        )


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of the model's draft and whether the passages support it."""

    text: str
    citations: tuple[int, ...]  # Citation numbers; empty when unsupported
    supported: bool
    note: str = ""  # why it was not supported, for the UI tooltip and debugging
    refusal: bool = False  # the sentence says the sources lack the answer
    conflict: bool = False  # the sentence reports another source that gives another figure

    def with_markers(self) -> str:
        """The sentence with its `[n]` markers before the closing punctuation, after a closing
        quote or bracket ('the “G3” plan [1].'); a colon opening a list stays last."""
        body, end = split_end(self.text.rstrip())
        markers = "".join(f"[{n}]" for n in self.citations)
        closing = end.lstrip(".!?:")
        return f"{body}{closing} {markers}{end[: len(end) - len(closing)] or '.'}"


_END = re.compile(r"(?:[.!?]+|:)[\"'”’)]*$")


def split_end(sentence: str) -> tuple[str, str]:
    """('The fund is big', '.'): a sentence and its closing punctuation, where markers go."""
    match = _END.search(sentence)
    return (sentence[: match.start()], match.group()) if match else (sentence, "")


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # supported sentences with inline [n] markers, or the refusal
    answered: bool  # False: the archive did not support an answer
    citations: tuple[Citation, ...] = ()
    sentences: tuple[AnswerSentence, ...] = ()
    passages: tuple[Passage, ...] = ()
    standalone_question: str = ""  # the question as retrieved, after condensing history
    draft: str = ""  # the model's raw output, before grounding
    # The model's probability of opening its draft with the refusal marker (None: not asked)
    refusal_probability: float | None = None
    scope: Scope | None = None  # what was searched (dates, sources); None: no index search
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def unsupported(self) -> tuple[AnswerSentence, ...]:
        return tuple(s for s in self.sentences if not s.supported)

    def to_dict(self) -> dict[str, Any]:
        def convert(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, (list, tuple)):
                return [convert(v) for v in value]
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            return value

        return convert(dataclasses.asdict(self))
