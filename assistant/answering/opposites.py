"""A premise its source reverses: the answer keeps the question's "help" where the source
says "hurt".

"Why does Joe Newland think Trump's tariffs will help Kansas farmers in the short term?"
was answered "… will help Kansas farmers in the short term because …" from '"We truly
believe that tariffs are going to hurt us in the short term, …," said Joe Newland' (a blind
set on new articles, 2026-12-06: a trap, answered). Grounding lets an answer repeat the
question's words, and the rest of that sentence is the source's, so it passed. A supported
sentence is therefore unsupported where it states a sense of the question (any listed word
of it: "increased" for "rise") that its cited text never states but reverses, of the same
thing: the two content words before each word share one ("tariffs are going to hurt",
"Trump's tariffs will help") and so do the words after ("in the short term"), so "Intel
cut 15,000 jobs" stands beside "… even as Intel raised spending". Not where another passage
sentence states the question's sense of the same thing, where the question or the answer
names both senses ("Did prices rise or fall?", "Prices fell as rates rose"), where either
is denied ("The Fed did not raise rates"), nor for an opposite in an aside or a hypothesis
("The Fed, which raised rates in 2022, …", "bets that prices would fall") or in another
sense ("declined to comment", "cut ties", "lost a lead"; reviews' cases). Only the question's
senses: an answer that reverses its source alone is grounding's to catch. Only the word
forms listed, no stemming ("fell", not "felled"); only pairs whose senses rarely part
("open"/"close", "more"/"less", "legal"/"illegal" are left out: "open-source", "close to",
"more than", "legal challenge"). Needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import MONTHS, WEEKDAYS, content_terms

# Each pair: the forms of the words for one sense, the forms of the words for its opposite.
# A sense is stated where any of its words is: "Nvidia's stock fell" stands on "Nvidia
# shares plunged 17%, while rival stocks rose", where "rival stocks" and "Nvidia's stock"
# share "stock". Words whose other senses are common are left out ("back", "aid", "boost").
_PAIRS: tuple[tuple[str, str], ...] = (
    (
        "help helps helped helping helpful benefit benefits benefited benefiting",
        "hurt hurts hurting harm harms harmed harming harmful damage damages damaged damaging",
    ),
    (  # up or down, of itself or of something ("prices rose", "the Fed raised rates")
        "rise rises rose risen rising increase increases increased increasing climb climbs "
        "climbed climbing jump jumps jumped jumping surge surges surged surging soar soars "
        "soared soaring grow grows grew grown growing raise raises raised raising hike hikes "
        "hiked hiking",
        "fall falls fell fallen falling decrease decreases decreased decreasing decline "
        "declines declined declining drop drops dropped dropping plunge plunges plunged "
        "plunging tumble tumbles tumbled tumbling sink sinks sank sunk sinking shrink shrinks "
        "shrank shrunk shrinking cut cuts cutting lowers lowered lowering reduce reduces "
        "reduced reducing",
    ),
    ("gain gains gained gaining", "lose loses lost losing"),
    ("win wins won winning beat beats", "lose loses lost losing"),  # not "defeated": passive
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    (
        "approve approves approved approving accept accepts accepted accepting",
        "reject rejects rejected rejecting",
    ),
    (
        "allow allows allowed allowing permit permits permitted permitting",
        "ban bans banned banning forbid forbids forbade forbidden prohibit prohibits "
        "prohibited prohibiting",
    ),
    ("positive", "negative"),
    ("strengthen strengthens strengthened strengthening", "weaken weakens weakened weakening"),
    ("agree agrees agreed agreeing", "disagree disagrees disagreed disagreeing"),
    ("agree agrees agreed agreeing", "refuse refuses refused refusing"),
    (
        "tighten tightens tightened tightening",
        "lift lifts lifted lifting ease eases eased easing loosen loosens loosened loosening",
    ),
    ("impose imposes imposed imposing", "lift lifts lifted lifting"),
    ("succeed succeeds succeeded succeeding", "fail fails failed failing"),
)
_WORD = re.compile(r"[a-z]+")
# Words before a form among which what it is said of is sought, and how many content words
# of them: "tariffs are going to hurt" → "tariffs" (not "going"); the words after it that
# say what it is done to or where ("help Kansas farmers in the short term"). Dates and
# verbs of forecasting are no subject ("On Monday, stocks rose" beside "… on Monday while
# bonds fell"; "is expected to rise" beside "… is expected to fall").
_REACH, _SUBJECT_WORDS, _OBJECT_REACH = 4, 2, 12
_NO_SUBJECT = {w.lower() for w in (*MONTHS, *WEEKDAYS)} | {m.lower()[:3] for m in MONTHS}
_NO_SUBJECT |= {"sept", "today", "yesterday", "week", "year", "expected", "likely", "going"}
_NO_SUBJECT |= {"set", "continue", "continues", "continued", "forecast", "seen", "poised"}
_NEGATION = {"not", "no", "never", "nt", "without", "neither", "nor"}
# Before an opposite, what makes it another time's deed or a hypothesis: "The Fed, which
# raised rates in 2022, trimmed them …", "… defying forecasts that prices would fall" (a
# review's cases).
_ASIDE = {"who", "which", "whose", "had", "after", "since", "previous", "previously"}
_ASIDE |= {"earlier", "would", "could", "might", "if"}
# After a form, what gives it another sense: "declined to comment", "cut ties", "dropped
# out", "lost a four-shot lead" (a review's cases).
_OTHER_SENSE = {"out", "off", "ties", "contact", "comment"}
_LEAD = re.compile(r"(?:a|the|its|his|her|their)(?: [a-z]+)? lead\b")


def _words(text: str) -> list[str]:
    """Lower-case words, "n't" as "nt", a possessive's "s" dropped ("Lima's" is "lima")."""
    text = re.sub(r"'s\b", "", text.lower().replace("’", "'").replace("n't", " nt"))
    return _WORD.findall(text)


_Use = tuple[set[str], set[str]]  # a use's subject words, and the words after it


def _uses(tokens: list[str], forms: set[str], paired: set[str], source: bool) -> list[_Use]:
    """(subject, object) content words of each plain use of `forms` in `tokens`: not denied,
    not in another sense, and in a `source`, not in an aside or a hypothesis."""
    out: list[_Use] = []
    for i, t in enumerate(tokens):
        if t not in forms:
            continue
        before, after = tokens[max(0, i - _REACH) : i], tokens[i + 1 : i + _OBJECT_REACH + 1]
        if _NEGATION & set(tokens[max(0, i - 3) : i]) or (source and _ASIDE & set(before)):
            continue
        if _OTHER_SENSE & set(after[:2]) or _LEAD.match(" ".join(after[:3])):
            continue
        if t.startswith("declin") and after[:1] == ["to"]:  # "declined to": refused
            continue
        kept = [w for w in before if w not in paired | _NO_SUBJECT and content_terms(w)]
        subject = content_terms(" ".join(kept[-_SUBJECT_WORDS:]))
        out.append((subject, content_terms(" ".join(w for w in after if w not in paired))))
    return out


def _same_thing(mine: list[_Use], theirs: list[_Use]) -> bool:
    """Whether a use of each says it of the same thing: the subjects and what follows share
    a content word each."""
    return any(s & t and o & p for s, o in mine for t, p in theirs)


def reversed_premise(question: str, sentence: str, cited: str, context: Sequence[str] = ()) -> str:
    """Why `sentence` states a word of `question`'s sense that its `cited` text reverses
    where no passage sentence (`context`) states it of the same thing ('' when none does).
    Rejected (a review, 2026-12-06): another passage sentence's opposite too ("Why did
    Oli's government tighten the ban …?" beside "Oli's government lifted the ban", blind
    set L): "Trump imposed tariffs on Canada" was then refused beside "Trump lifted tariffs
    on Mexican tomatoes"."""
    asked, said, source = set(_words(question)), _words(sentence), _words(cited)
    others = [_words(text) for text in context]
    for one, other in _PAIRS:
        a, b = set(one.split()), set(other.split())
        for word, opposite in ((a, b), (b, a)):
            kept = word & set(said)
            if not (kept and word & asked) or opposite & (asked | set(said)):
                continue
            mine = _uses(said, kept, a | b, source=False)
            if word & set(source) or any(
                _same_thing(mine, _uses(tokens, word, a | b, source=False)) for tokens in others
            ):
                continue  # the question's sense is stated of the same thing
            if _same_thing(mine, _uses(source, opposite, a | b, source=True)):
                first = next(t for t in source if t in opposite)
                return f"its source says “{first}”, not “{next(t for t in said if t in kept)}”"
    return ""
