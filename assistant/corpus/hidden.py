"""What a browser would not show of a page, so that it is no part of an article's text.

A page can hide an order to a model from its human readers ("<p hidden>", a zero font
size, text moved off screen). HTML articles lose such elements before trafilatura reads
them (`shown_html`); in Markdown, HTML blocks are dropped whole by the reader and inline
tags that hide are followed here (`follow_hidden`). Styles set by a stylesheet or a class
are not seen: only what the element itself says.
"""

from __future__ import annotations

import re
from typing import Any

# trafilatura alone drops "display:none" and "visibility:hidden" but keeps "<p hidden>" and
# a zero font size (2026-12-05, a page with each kind); all are matched here.
_HIDDEN_STYLE = re.compile(
    r"display:none|visibility:hidden|font-size:0(?![.\d])|opacity:0(?![.\d])|"
    r"(?:left|top|text-indent):-\d{3,}",
)


def shown_html(content: str) -> Any:
    """The page as an lxml tree without the elements a browser would not show (or the text
    itself when it is no HTML lxml can parse)."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(content)
    except (lxml.etree.ParserError, ValueError):
        return content
    hidden = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.getparent() is not None
        and (
            element.get("hidden") is not None
            or _HIDDEN_STYLE.search("".join((element.get("style") or "").split()).lower())
        )
    ]
    for element in hidden:
        if element.getroottree().getroot() is tree:  # not inside one dropped already
            element.drop_tree()
    return tree


_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*?)(/?)>")


def follow_hidden(html: str, hidden: list[str]) -> None:
    """Track inline HTML in Markdown: `<span style="display:none">…</span>` hides its text
    (HTML blocks are dropped whole). `hidden` holds the tags opened since a hiding one."""
    m = _TAG.fullmatch(html.strip())
    if not m or m.group(4):  # a comment, or a self-closing tag
        return
    closing, name, attributes = m.group(1), m.group(2).lower(), m.group(3)
    if closing:
        if hidden and hidden[-1] == name:
            hidden.pop()
    elif hidden or _hides(attributes):
        hidden.append(name)


_STYLE = re.compile(r"""\bstyle\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)
_HIDDEN_ATTRIBUTE = re.compile(r"(?:^|\s)hidden(?:\s|=|$)", re.IGNORECASE)


def _hides(attributes: str) -> bool:
    style = _STYLE.search(attributes)
    if style and _HIDDEN_STYLE.search("".join(style.group(2).split()).lower()):
        return True
    return bool(_HIDDEN_ATTRIBUTE.search(_STYLE.sub(" ", attributes)))
