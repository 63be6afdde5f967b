"""Text made safe to read or show: HTML markup out of questions, terminal escapes and bidi
overrides out of what a terminal echoes.

Not here: the words, sentences and numbers of a text (`text.py`).
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def without_markup(text: str) -> str:
    """`text` without its HTML tags, entities read, in single spaces: "demand for <a href=…>
    Dubai</a> chocolate" is "demand for Dubai chocolate". (32 of RealTimeQA's 500 dev
    questions keep their links' HTML, whose attributes would be searched as words.)"""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


# Bidirectional overrides and isolates: invisible, and they reorder what is shown.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """`text` without terminal escape sequences, control characters and bidi overrides (tabs
    and newlines become spaces), so echoing it can neither recolour nor rewrite a terminal.
    Other format characters (zero-width joiners of scripts and emoji) are kept."""
    text = _ANSI.sub("", text)
    return "".join(
        " " if c in "\t\n\r" else c
        for c in text
        if c in "\t\n\r" or (unicodedata.category(c) != "Cc" and c not in _BIDI)
    )
