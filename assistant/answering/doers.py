"""Another person's deed: where the question asks what a named person did and the source
says someone else did it, the answer is the question's premise, not the source's.

"How many points per game was Anthony Davis averaging this season …?" was answered
"Anthony Davis was averaging 28.1 points per game …" from "Doncic is a triple-double threat
every game and averaged 28.1 points …"; "Which Italian newspaper did Bjoern Hoecke tell
that not all members of the SS were criminals?" was answered "La Repubblica" from "Maximilian
Krah, AfD's representative …, told the Italian daily La Repubblica …" (a blind set on new
articles, 2026-12-06: both traps, both answered). Grounding lets an answer repeat the
question's names, so the figure or name it adds passes. A supported sentence is therefore
unsupported where the question asks what a named person did (the name right after "did",
"was", "has" …: "did Bjoern Hoecke tell", "was Anthony Davis averaging"), its cited text
never names any word of that name, and a sentence of it opens with another name the
question never mentions, doing something (a verb or an apposition after it: "Doncic is",
"Maximilian Krah, …"). Not a name that only sets the scene ("Donald Trump was sworn in
Monday. Which holiday …?", "According to a Pew Research Center study, …"), nor a source
that opens with a role or a pronoun ("The billionaire said …", "He told …"): nothing says
those are someone else. Needs no model. Not for a government (`leaders.py`).
"""

from __future__ import annotations

import re

from ..text import numbers, sentence_spans
from .grounding import names
from .leaders import shares
from .naming import places
from .wanted import NAME_RUN

# The asked person: a name of two to four capitalised words right after an auxiliary.
_ASKED = re.compile(
    rf"\b(?i:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\s+"
    rf"(?P<name>{NAME_RUN.pattern})\s+(?:not\s+)?[a-z]"
)
_WORD = re.compile(r"[A-Z][a-z][\w'’-]*")  # no initialism ("SS"), no figure
_NOT_NAMES = {"the", "a", "an", "which", "what", "who", "whom", "whose", "how", "when", "where"}
# A source's sentence opening with a name that does something.
_OPENS = re.compile(r"(?:^|[.!?][\"'”’)]*)\s*$")
_GROUPS = {"Police", "Staff", "Management", "Congress", "Parliament", "Everyone", "Nobody"}
_DOES = re.compile(
    r"\s*,|\s+(?:is|was|are|were|has|had|have|said|says|told|tells|will|would|did|does|"
    r"[a-z]+ed)\b"
)


def asked_persons(question: str) -> list[str]:
    """The names of the people whose deed `question` asks about."""
    out = []
    for m in _ASKED.finditer(question):
        run = m.group("name").split()
        if 2 <= len(run) <= 4 and all(_WORD.fullmatch(w) for w in run):
            name = " ".join(run)
            if not places(name):
                out.append(name)
    return out


def _doers(text: str) -> list[str]:
    """The names that open a sentence of `text` doing something: a run of capitalised
    words, or one word that is no stopword ("He"), plural ("Officials") or group
    ("Police")."""
    out = []
    for m in NAME_RUN.finditer(text):
        run = m.group().split()
        if run[0].lower() in _NOT_NAMES or not _OPENS.search(text, 0, m.start()):
            continue
        if len(run) == 1 and (not names(run[0]) or run[0].endswith("s") or run[0] in _GROUPS):
            continue
        if _DOES.match(text, m.end()) and not places(m.group()):
            out.append(m.group())
    return out


def another_person(question: str, sentence: str, cited: str) -> str:
    """Why `sentence`, whose cited text is `cited`, answers of another person's deed than
    the one `question` asks about ('' when it may answer). Read in the cited sentences that
    give what `sentence` adds (its figures or names the question lacks), if any do."""
    asked = asked_persons(question)
    if not asked:
        return ""
    if shares(set().union(*(names(a) for a in asked)), names(cited)):
        return ""
    mentioned = names(question)
    added_names, added_numbers = names(sentence) - mentioned, numbers(sentence) - numbers(question)
    quotes = [cited[s:e] for s, e in sentence_spans(cited)]
    giving = [
        q for q in quotes if names(q) & added_names or numbers(q, loose=True) & added_numbers
    ] or quotes
    other = next((d for q in giving for d in _doers(q) if not shares(names(d), mentioned)), "")
    if not other:
        return ""
    return f"the question asks what {asked[0]} did; its source says {other} did"
