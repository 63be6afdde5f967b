"""Names an archive spells out, reduced to their initials, so that an initialism a question
uses is known where the articles only write the name in full: "FTC" of "the Federal Trade
Commission", "NTSB" of "the Federal Aviation Administration and the National Transportation
Safety Board", "DoD" of "the Department of Defense", "MSIT" of "the Ministry of Science and
ICT".

Each run of capitalised words in the archive (joined by at most two of "of", "and", "the" …)
becomes one line of its words' initials: a capitalised word's first letter upper-case, a
joining word's lower-case, an all-capital word's other letters lower-case ("MoSaIct"). An
initialism is spelled out when some line holds, in order and with no capital skipped, a
capital for its first letter and one for its last (or the end of an all-capital word), and
a letter of any case for each letter between. A department or ministry named before its
head noun is also spelled the other way round: "DoJ" of "the Justice Department", "DoHS" of
"Homeland Security Department" (a new user, 2026-12-07: "DOJ" was refused). Not: other
names given in other words ("FBI" for "the bureau"). A big archive spells out most short
initialisms by chance; that only lets more questions through the unknown-name check to the
model.
Built with the lexical index, once per chunk set: 0.7-1.2 s for the 20,184 chunks of the
first 8 RealTimeQA weeks of 2025 (23,717 lines, 0.14 MB), beside 1.9-2.8 s to tokenize them
for BM25 (three runs, 2 AVX2 cores, 2026-12-07, ad hoc `/work/s46/buildcost.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import HEAD_LAST

_JOINING = r"(?:of|and|for|the|on|in|to|at|&)"
_RUN = re.compile(
    rf"(?<![\w'’.-])[A-Z][\w'’&.-]*(?:[ \t]+(?:{_JOINING}[ \t]+){{0,2}}[A-Z][\w'’&.-]*)+"
)
# A word that may be an initialism: letters only, two to six of them (a plural "s" apart),
# two or more capitals ("FTC", "DoD", "LLMs").
_INITIALISM = re.compile(r"(?=(?:[a-z]*[A-Z]){2})[A-Za-z]{2,6}")


def spelled_out(texts: Iterable[str]) -> str:
    """Every distinct run of capitalised words in `texts` as its initials, one a line."""
    lines = set()
    for text in texts:
        for run in _RUN.findall(text):
            words = run.split()
            lines.add("".join(map(_initials, words)))
            head = _singular(words[-1])
            if head.lower() in HEAD_LAST:
                # "U.S. Justice Department": "DoJ" and "DoUsJ"; no run opening on "of".
                for start in range(len(words) - 1):
                    if words[start][0].isupper():
                        lines.add(head[0] + "o" + "".join(map(_initials, words[start:-1])))
    return "\n".join(sorted(lines))


def spells(lines: str, word: str) -> bool:
    """Whether one of `lines` (from `spelled_out`) spells out the initialism `word`."""
    bare = _singular(word)
    if not _INITIALISM.fullmatch(bare):
        return False
    letters = bare.upper()
    first, last = letters[0], letters[-1]
    inner = "".join(f"[a-z]*[{c}{c.lower()}]" for c in letters[1:-1])
    end = f"(?:{last}|{last.lower()}(?![a-z]))"
    return re.search(f"{first}{inner}[a-z]*{end}", lines) is not None


def _initials(word: str) -> str:
    if not word[0].isupper():
        return word[0].lower()
    letters = re.sub(r"[^A-Za-z]", "", word)
    return word[0] + (letters[1:].lower() if len(letters) > 1 and letters.isupper() else "")


def _singular(word: str) -> str:
    """`word` without a possessive or a plural "s" after a capital ("FTC" of "FTC's", "LLMs")."""
    word = re.sub(r"['’]s$", "", word)
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[-2].isupper() else word
