"""Sentence splitting: exact character spans of the sentences of a text.

Rule-based (punctuation, abbreviations, initials, paragraph breaks), so a cited sentence can
always be found again in its article. It does not try to be a full linguistic tokenizer.
(Moved out of `text.py`, which had reached 300 lines.)
"""

from __future__ import annotations

import re

from .text import STOPWORDS

# Words that end in a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt no nos vs etc inc corp co ltd llc plc dept gov sen rep gen
    col lt sgt capt cmdr adm rev hon approx est fig al jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.g i.e a.m p.m ph.d d.c
    """.split()
)
_IN_PLACE_NAMES = frozenset({"st", "mt", "ft"})  # "Minneapolis-St. Paul", "Stratford-St. Mary"
# A sentence also ends at a paragraph break (the reader joins paragraphs with a blank line),
# with or without its stop: a list of lines ("No. 1 seed Oklahoma City Thunder vs. No. 8
# seed …", one per paragraph) read as one sentence backed "The Oklahoma City Thunder won
# the NBA championship" (RealTimeQA pool).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n")
# Dotted initials go on into the name they begin ("K.P. Sharma Oli"); a dotted place
# ("U.A.E.", "L.A.") ends its sentence before a small word, a count or a figure.
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")  # "k.p" of "K.P." (the stop stripped)
_NEXT_WORD = re.compile(r"\s+([A-Z][\w'’-]*)")
_NOT_A_NAME = STOPWORDS | set("one two three four five six seven eight nine ten".split())
# What a sentence ends at: stored counts of sentence-level findings change with it.
SENTENCE_RULES = " ".join(
    [
        _BOUNDARY.pattern,
        _DOTTED.pattern,
        _NEXT_WORD.pattern,
        *sorted(_NOT_A_NAME),
        *sorted(_ABBREVIATIONS),
        *sorted(_IN_PLACE_NAMES),
    ]
)


def sentence_spans(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    draft: bool = False,
    as_built: bool = False,
) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], trimmed of surrounding whitespace. An
    abbreviation ends no sentence, nor (unless `as_built`) one after a hyphen ("… had departed
    from Minneapolis-St. Paul International Airport": a blind set on new articles, 2026-12-06,
    cut after "St.") or dotted initials ("K.P. Sharma Oli": a blind set, 2026-12-06, cut after
    "K.P."). Chunking asks `as_built`: chunk boundaries stay as built, and a change there
    needs a new `CHUNKER_VERSION` and every index re-embedded. In a model's `draft`,
    no sentence ends inside an open double quote either ("The release of "The Super Mario
    Bros. Movie" has been delayed …" is one claim: RealTimeQA dev, 2026-12-06, cut in two)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group().startswith("\n"):
            spans.append((cursor, match.start()))
            cursor = match.end()
            continue
        before = text[cursor : match.start()].split()
        last_word = before[-1].lower().rstrip(".") if before else ""
        is_initial = len(last_word) == 1 and last_word.isalpha()
        if not as_built and _DOTTED.fullmatch(last_word):  # "K.P. Sharma", not "L.A. He"
            follows = _NEXT_WORD.match(text, match.end())
            is_initial = bool(follows) and follows.group(1).lower() not in _NOT_A_NAME
        # "Minneapolis-St." goes on; "Triple-A.", "a no-no.", "next-gen." end (reviews' cases)
        hyphenated = not as_built and last_word.rsplit("-", 1)[-1] in _IN_PLACE_NAMES
        if last_word in _ABBREVIATIONS or is_initial or hyphenated:
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    if draft:  # joined up to the sentence that closes the quote, if one does
        joined: list[tuple[int, int]] = []
        i = 0
        while i < len(spans):
            j = i
            while _open_quote(text[spans[i][0] : spans[j][1]]) and j + 1 < len(spans):
                j += 1
            j = j if not _open_quote(text[spans[i][0] : spans[j][1]]) else i
            joined.append((spans[i][0], spans[j][1]))
            i = j + 1
        spans = joined
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _open_quote(text: str) -> bool:
    """Whether `text` leaves a double quote open; an inch mark ('6.2" display') opens none,
    but a quote after a digit closes one ('"Apollo 13" returns')."""
    opened = False
    for m in re.finditer('"', text):
        if opened or not text[m.start() - 1 : m.start()].isdigit():
            opened = not opened
    return opened or text.count("“") > text.count("”")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    piece = text[s:e]
    return s + len(piece) - len(piece.lstrip()), e - len(piece) + len(piece.rstrip())
