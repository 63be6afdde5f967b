"""What a browser would not show of a page, so that it is no part of an article's text.

A page can hide an order to a model from its human readers ("<p hidden>", a zero font
size, text moved off screen). HTML articles lose such elements before trafilatura reads
their text (`shown_html`; metadata is still read from the whole page, where dates often sit
in hidden elements); in Markdown, HTML blocks are dropped whole by the reader and inline
tags that hide are followed here (`follow_hidden`). Only what an element's own `style` and
`hidden` say is seen, not a stylesheet's classes, and not every trick: white on white, a
1px font or clipping still pass.
"""

from __future__ import annotations

import re
from typing import Any

# A review (2026-12-05) named what a first version dropped though browsers show it:
# "margin-left:-120px", "left:-150px" without absolute placing, "opacity:0" that scripts fade
# in (and "<body style='opacity:0'>"), a "font-size:0" or "visibility:hidden" parent whose
# child restores it, hidden="until-found".
_HIDDEN_STYLE = re.compile(
    r"(?<![\w-])display:none|(?<![\w-])visibility:hidden|(?<![\w-])font-size:0(?![.\d])|"
    r"(?<![\w-])text-indent:-\d{3,}"
)
_PLACED_AWAY = re.compile(r"(?<![\w-])position:(?:absolute|fixed)")
_AWAY = re.compile(r"(?<![\w-])(?:left|top):-\d{3,}")
_RESTORED = re.compile(r"(?<![\w-])(?:font-size:(?!0(?![.\d]))|visibility:visible)")


def _style(value: str | None) -> str:
    return "".join((value or "").split()).lower()


def _hides(hidden_attribute: str | None, style: str) -> bool:
    if hidden_attribute is not None and hidden_attribute.lower() != "until-found":
        return True
    return bool(_HIDDEN_STYLE.search(style) or (_PLACED_AWAY.search(style) and _AWAY.search(style)))


def _repaired(content: str) -> str:
    """What trafilatura repairs in a page it loads itself, and not in one given loaded:
    control characters, a self-closing `<html/>`."""
    content = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", content)
    return re.sub(r"<html([^>]*?)\s*/>", r"<html\1>", content, count=1, flags=re.IGNORECASE)


def shown_html(content: str) -> tuple[Any, Any] | None:
    """The page as trafilatura loads it (an XML declaration is no error), whole (for its
    metadata: a date often sits in a hidden element) and without the elements a browser
    would not show (for its text); None when it is no HTML."""
    import copy

    from trafilatura.utils import load_html

    page = load_html(_repaired(content))
    if page is None:
        return None
    tree = copy.deepcopy(page)
    hidden = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if not _hides(element.get("hidden"), _style(element.get("style"))):
            continue
        inner = (_style(child.get("style")) for child in element.iterdescendants())
        if not any(_RESTORED.search(style) for style in inner):
            hidden.append(element)
    for element in hidden:
        if element.getroottree().getroot() is tree:  # not inside one dropped already
            element.drop_tree()
    return page, tree


_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_ATTRIBUTE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def follow_hidden(html: str, hidden: list[str]) -> None:
    """Track inline HTML in Markdown: `<span style="display:none">…</span>` hides its text
    (HTML blocks are dropped whole). `hidden` holds the tags opened since a hiding one; a
    tag left open inside one closes with it."""
    m = _TAG.fullmatch(html.strip())
    if not m or m.group(4) or m.group(2).lower() in _VOID:  # a comment, or nothing inside
        return
    closing, name = m.group(1), m.group(2).lower()
    if closing:
        if name in hidden:
            while hidden.pop() != name:
                pass
        return
    attributes = {
        a.group(1).lower(): next((v for v in a.groups()[1:] if v is not None), "")
        for a in _ATTRIBUTE.finditer(m.group(3))
    }
    if hidden or _hides(attributes.get("hidden"), _style(attributes.get("style"))):
        hidden.append(name)
