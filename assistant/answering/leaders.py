"""A leader's government the sources say was another's: the question's premise, not an answer.

"How much did President Lee's government commit in April 2024 to AI chips …?" was answered
"$6.94 billion" from "President Yoon Suk Yeol's administration in April 2024 announced an
initiative to invest KRW 9.4 trillion ($6.94 billion) …" (a blind new-user trap,
2026-12-06): the figure is stated, but of another leader's government. A supported sentence
is unsupported where the question names a leader's administration, government or cabinet,
and its cited text names another leader's opening a clause (its doer) and never this
leader's name. Only a leader's: an administration or presidency of a name that is no
country ("the Trump administration"), a government or cabinet only of a titled name
("President Lee's government"), since "Japan's government", "Seoul's government" and "the
Korean government" are the leader's own. Needs no model. Not for other groups (a company's
board, a party): their names are too often the leader's too ("the Lee camp", "Lee's
Democratic Party").
"""

from __future__ import annotations

import re

from .grounding import names
from .naming import places
from .wanted import same_word

_TITLE = (
    r"(?:(?:former|then|late|acting|interim|incoming|outgoing)\s+)?(?:(?:Vice|Deputy)[ -])?"
    r"(?:President|Prime\s+Minister|PM|Premier|Chancellor|Governor|Gov\.|Mayor|King|Queen|"
    r"Emperor|Chief\s+Executive)"
)
_WORD = r"[A-Z][\w-]*(?:['’][A-Za-z]{2,}[\w-]*)?"  # "O'Brien", not "Yoon's"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
# "President Yoon Suk Yeol's administration", "the Trump administration", "President Lee's
# new government", "the Biden-Harris administration".
_LEADS = re.compile(
    rf"(?P<the>\b[Tt]he\s+)?(?:(?P<title>{_TITLE})\s+)?(?P<name>{_NAME})(?P<own>['’]s)?\s+"
    r"(?:[a-z][\w-]*\s+){0,2}(?P<body>(?i:administration|presidency|government|cabinet))\b",
)
_TITLE_WORDS = names(
    "President Prime Minister PM Premier Chancellor Governor Gov Mayor King Queen Emperor "
    "Chief Executive Vice Deputy Former Then Late Acting Interim Incoming Outgoing"
)


# A government after these is the background of what is asked, not who did it: "Which
# grants awarded under the Biden administration were cut?" asks what the Trump
# administration cut (a review's case).
_BACKGROUND = re.compile(
    r"\b(?:under|from|by|since|of|than|after|before|during|unlike|like|to|against|with|"
    r"reversing|reversed|undoing|undid|overturning|rescinding|replacing|succeeding)\s+$",
    re.IGNORECASE,
)
# In a source, only a government opening a clause is its doer: not the one someone "said …
# had been far too generous", a rule "the Biden administration issued", "rescinded the
# Biden administration-era rule" (reviews' cases).
_CLAUSE_START = re.compile(
    r"(?:^|[.!?,;:(—–]|\b(?:and|but|while|whereas|meanwhile)|\bit\s+(?:was|is))\s*$", re.I
)


# "The administration froze $2.2 billion …" may be the question's; nothing says it is not.
_UNNAMED = re.compile(r"\b[Tt]he\s+(?:administration|government|White\s+House|cabinet)\b")


def leaders(text: str, *, opening: bool = False) -> list[tuple[str, frozenset[str], str]]:
    """Each leader whose administration, government or cabinet `text` names as a doer, as
    (the phrase, the leader's name words, "premier" for a prime minister, chancellor or
    premier, "head" for another title, "" for none): "the Trump administration", "Lee's
    administration", "President Lee's government"; not a place's ("Japan's government"),
    an untitled name's government ("the Korean government"), one after a preposition
    ("under the Biden administration"), one owning or naming something ("the Biden
    administration's policy", "… administration-era rule"), nor, with `opening`, one that
    does not open a clause."""
    out = []
    for m in _LEADS.finditer(text):
        before = _CLAUSE_START if opening else _BACKGROUND
        if bool(before.search(text, 0, m.start())) != opening:
            continue
        if re.match(r"['’]s\b|-", text[m.end() :]):
            continue
        who = frozenset(names(m.group("name").replace("-", " ")) - _TITLE_WORDS)
        if not who or places(m.group("name")):
            continue
        if not (m.group("own") or m.group("the")):  # "Yoon Suk Yeol administration"? a list
            continue
        if m.group("body").lower() in ("government", "cabinet") and not m.group("title"):
            continue
        title = m.group("title") or ""
        rank = "premier" if re.search(r"Prime|PM|Premier|Chancellor", title) else "head"
        out.append((m.group().strip(), who, rank if title else ""))
    return out


def another_leader(question: str, cited: str) -> str:
    """Why a sentence whose cited text is `cited` answers of another leader's government
    than the one `question` names ('' when it may answer)."""
    asked = leaders(question)
    if not asked:
        return ""
    named = set().union(*(who for _, who, _ in asked))
    if shares(named, names(cited)) or _UNNAMED.search(cited):
        return ""
    # A prime minister's cabinet may be the president's government ("Prime Minister Kim
    # Min-seok's cabinet approved …" for President Lee's; a review's case).
    ranks = {rank for _, _, rank in asked}
    other = next(
        (
            phrase
            for phrase, who, rank in leaders(cited, opening=True)
            if not shares(who, named) and (not rank or "" in ranks or rank in ranks)
        ),
        "",
    )
    if not other:
        return ""
    return f"the question asks about {asked[0][0]}; its source speaks of {other}"


def shares(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> bool:
    """Whether a word of `a` is one of `b`, or a long one begins the other ("Zelenskyy" and
    "Zelensky", a review's case)."""
    return any(same_word(x, y) or same_word(y, x) for x in a for y in b)
