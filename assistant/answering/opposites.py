"""A premise its source reverses: the answer keeps the question's "help" where the source
says "hurt".

"Why does Joe Newland think Trump's tariffs will help Kansas farmers in the short term?"
was answered "… will help Kansas farmers in the short term because …" from '"We truly
believe that tariffs are going to hurt us in the short term, …," said Joe Newland' (a blind
set on new articles, 2026-12-06: a trap, answered). Grounding lets an answer repeat the
question's words, and the rest of that sentence is the source's, so it passed. A supported
sentence is therefore unsupported where it repeats a word of the question from one of the
pairs below and its cited text never says that word (nor any listed word of its sense) but
says the opposite, of the same thing: the last two content words before each share one
("tariffs are going to hurt", "Trump's tariffs will help"), so "The Lakers won" stands
beside "The Lakers took the title after the Celtics lost". Where no passage sentence states
the question's sense, another that states the opposite of the same thing counts too: "Why
did Oli's government tighten the social media ban …?" answered from a sentence on the
protests, beside "Oli's government lifted the ban …" (blind set L, 2026-12-06). Not where
the answer says the opposite too ("Prices fell as rates rose") or either is denied ("The
Fed did not raise rates" beside "… cut rates"). Only the question's words: an answer that
reverses its source alone is grounding's to catch, and a word the question does not ask
about is no premise. Only the word forms listed, no stemming ("fell", not "felled"); only
pairs whose senses rarely part ("open"/"close", "more"/"less", "legal"/"illegal" are left
out: "open-source", "close to", "more than", "legal challenge"). Needs no model.
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
        "shrank shrunk shrinking cut cuts cutting lower lowers lowered lowering reduce reduces "
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
# of them: "tariffs are going to hurt" → "going", "tariffs". Dates are no subject ("On
# Monday, stocks rose" beside "… on Monday while bonds fell").
_REACH, _SUBJECT_WORDS = 4, 2
_NO_SUBJECT = {w.lower() for w in (*MONTHS, *WEEKDAYS)} | {m.lower()[:3] for m in MONTHS}
_NO_SUBJECT |= {"sept", "today", "yesterday", "week", "year"}


_NEGATION = {"not", "no", "never", "nt", "without"}


def _words(text: str) -> list[str]:
    """Lower-case words, "n't" as "nt", a possessive's "s" dropped ("Lima's" is "lima")."""
    text = re.sub(r"'s\b", "", text.lower().replace("’", "'").replace("n't", " nt"))
    return _WORD.findall(text)


def _negated(tokens: list[str], forms: set[str]) -> bool:
    """Whether a negation stands within three words before one of `forms`."""
    return any(
        t in forms and _NEGATION & set(tokens[max(0, i - 3) : i]) for i, t in enumerate(tokens)
    )


def _subjects(tokens: list[str], forms: set[str], paired: set[str]) -> set[str]:
    """The last content words before each of `forms` in `tokens` (stemmed), none of the
    pair's."""
    out: set[str] = set()
    for i, t in enumerate(tokens):
        if t in forms:
            before = [
                w
                for w in tokens[max(0, i - _REACH) : i]
                if w not in paired and w not in _NO_SUBJECT and content_terms(w)
            ]
            out |= content_terms(" ".join(before[-_SUBJECT_WORDS:]))
    return out


def reversed_premise(question: str, sentence: str, cited: str, context: Sequence[str] = ()) -> str:
    """Why `sentence` states a word of `question` that its `cited` text reverses, or that
    another passage sentence (`context`) reverses where none states it ('' when neither)."""
    asked, said, source = set(_words(question)), _words(sentence), _words(cited)
    others = [_words(text) for text in context]
    for one, other in _PAIRS:
        a, b = set(one.split()), set(other.split())
        for word, opposite in ((a, b), (b, a)):
            kept = word & set(said)
            if not (kept and word & asked) or word & set(source):
                continue
            if opposite & set(said) or _negated(said, kept):
                continue
            stated = any(word & set(tokens) for tokens in others)
            for tokens in [source, *([] if stated else others)]:
                against = opposite & set(tokens)
                if not against or _negated(tokens, against):
                    continue
                if _subjects(said, kept, a | b) & _subjects(tokens, against, a | b):
                    first = next(t for t in tokens if t in against)
                    return f"its source says “{first}”, not “{next(t for t in said if t in kept)}”"
    return ""
