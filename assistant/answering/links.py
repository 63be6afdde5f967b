"""Links: the URLs, addresses and markup in a text, which an answer may only repeat.

A sentence that introduces a link its cited passage sentence lacks is how a planted page
would send readers elsewhere; grounding (`grounding.py`) refuses it.
"""

from __future__ import annotations

import re

# Links and markup a sentence may only repeat, never introduce: a URL, an e-mail address, an
# HTML tag or a Markdown link. Each must stand in the cited passage sentence itself.
_LINKS = re.compile(
    r"(?:https?|ftp|javascript|data|file)://\S+|(?:javascript|data|mailto):\S+|www\.\S+"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+|</?[a-zA-Z][\w-]*|\[[^\]]*\]\([^)]*\)"
    r"|\b[\w-]+\.(?:com|org|net|io|example|info|biz|xyz|ru|cn)(?:/\S*)?",
    re.IGNORECASE,
)


def links(text: str) -> set[str]:
    """The links, addresses and markup in a text, lower-cased, trailing punctuation cut."""
    return {m.group().rstrip(".,;:!?)\"'”’").lower() for m in _LINKS.finditer(text)}
