"""A question asking which things a counted set holds ("What are the 12 strategic
industries?"), and whether an answer names any of them.

"The government designated 12 industries as national strategic technologies, providing
targeted financial support and protection" answered "What are the 12 strategic industries?"
(a new user of the shipped article, 2026-12-07): true, cited, and it says only that there
are twelve; the article names none. An answer that restates the set (the question's count
with its noun, "12 industries") names members only where it lists them: a colon or dash,
"are", "include", "including", "such as" or "namely" after it ("12 industries as strategic
technologies: chips, …", "the two measures that could lift growth are …"), or "… are the
two companies" / "…, the two companies" before it. An answer that does not restate the set
is not judged here ("The industries include chips and batteries"). Needs no model.
"""

from __future__ import annotations

import re

from ..text import numbers, stem

# "What are the 12 strategic industries?", "Which were the three pillars of the plan?",
# "Name the two companies …", "What 12 industries were designated?"
_ASKS_MEMBERS = re.compile(
    r"^\W*(?:(?:what|which)\s+(?:are|were)\s+(?:the|its|their|these|those|all\s+the)\s+"
    r"|(?:please\s+)?(?:name|list)\s+(?:the|its|their|all\s+the)\s+|(?:what|which)\s+)"
    r"(?P<count>\w+)\s+(?P<rest>[A-Za-z][\w'’ -]*)",
    re.IGNORECASE,
)
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "media", "criteria"}
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
# Where a list of the members would begin after the restated set: anywhere after it ("The
# two measures that could lift growth are …", a seed dev draft), or an apposition at once.
_LISTING = re.compile(
    r"[:—–]|\s-\s|\b(?:include[sd]?|including|such\s+as|namely|among\s+them|comprising|"
    r"consisting\s+of)\b|\b(?:are|were|is)\s+(?!(?:\w+(?:ed|en)|being|to|not|also|set|now|"
    r"still|expected|likely)\b)",
    re.IGNORECASE,
)
# "for two reasons, cost and timing"; not "…, providing …" nor "…, which …"
_APPOSITION = re.compile(
    r"^\s*,\s+(?!(?:\w+(?:ing|ed)|which|that|who|whom|the|a|an|but|while|and|or|with|"
    r"according|said|says|officials?)\b)",
    re.IGNORECASE,
)
# "Samsung and SK Hynix are the two companies …", "… is one of the …", "…, the two
# companies"; not "In 2023, 12 industries were …" nor "12 industries were designated" (a
# passive is no list).
_LIST_BEFORE = re.compile(
    r"(?:\b(?:is|are|was|were|as)(?:\s+(?:among|one\s+of))?(?:\s+(?:the|its|their|these|"
    r"those|all))?|,\s+(?:the|its|their|these|those|all))\s*$",
    re.IGNORECASE,
)


def _count(token: str) -> int | None:
    """The count a word gives ("12", "twelve"); not a year ("the 2024 changes")."""
    values = numbers(token)
    value = values.pop() if len(values) == 1 else 0
    return int(value) if value == int(value) and 1 < value <= 100 else None


def asked_set(question: str) -> tuple[int, str] | None:
    """The count and the plural noun of the set whose members `question` asks for ("12",
    "industries" of "What are the 12 strategic industries?"), or None."""
    match = _ASKS_MEMBERS.match(question)
    if not match:
        return None
    count = _count(match.group("count"))
    if count is None:
        return None
    head = next(
        (
            w
            for w in _WORD.findall(match.group("rest"))[:4]
            if (w.lower().endswith("s") and len(w) > 3) or w.lower() in _IRREGULAR_PLURALS
        ),
        None,
    )
    return (count, head.lower()) if head else None


def only_counted(question: str, sentence: str) -> str:
    """Why `sentence` does not answer a question asking which things a counted set holds:
    it restates the set and lists none of it there ('' when it may answer)."""
    asked = asked_set(question)
    if asked is None:
        return ""
    count, head = asked
    tokens = list(_WORD.finditer(sentence))
    restated = False
    for i, token in enumerate(tokens):
        if _count(token.group()) != count:
            continue
        for following in tokens[i + 1 : i + 4]:
            if stem(following.group().lower()) == stem(head):
                restated = True
                after, before = sentence[following.end() :], sentence[: token.start()]
                if _LISTING.search(after) or _APPOSITION.match(after):
                    return ""
                if _LIST_BEFORE.search(before):
                    return ""
                break
    if restated:
        return f"the question asks which {count} {head} they are; the answer names none"
    return ""
