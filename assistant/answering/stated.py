"""Questions a passage sentence states whole: when the model's draft is refused, the first
passage sentence that states every content word and figure of the question, and gives the
kind of answer asked, answers it, quoted and cited to itself; no model involved.

The model's mistakes are mostly a neighbour of the answer (it drafts from the sentence
before it, and the answer check refuses the draft). A sentence that holds all of the
question's words is the answer where it adds what is asked: a figure for "how many / how
large", a name for "which company", a time for "when" (`topic.mismatch`, `wanted`), said
as known (not "officials did not say which …"), with the asked-about doer first ("Who
replaced Tim Cook?" is not answered by "Tim Cook replaced …"). Not for a yes/no, topic,
"why" or negated question. Does not judge whether the words are joined the way the
question joins them beyond that: "Who did Apple accuse …?" may be answered by "Samsung
accused Apple …".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import YEAR_NUMBER, content_terms, numbers, spelled_numbers, stem, stems
from ..types import Answer, Citation, Passage
from .echo import echoes
from .grounding import names
from .mentions import ASKING_WORDS, GENERIC_WORDS, mention_answer, statements, topic_terms
from .overview import cited_answer
from .topic import asked_terms, mismatch
from .verdicts import yes_no
from .wanted import counts_other

# A question whose words are all stated by one passage sentence is answered by it: "What
# does the article say is essential for overcoming workforce shortages?" drafted from the
# sentence before "Nationwide AI education and training initiatives are essential to
# overcoming workforce shortages …", and the answer check refused the draft (seed dev,
# 2026-12-05; the model choosing a neighbour of the answer is most of what it gets wrong).
# Only a question of three or more words (a name's figures too) that is no yes/no one and
# asks no reason ("why": a sentence stating the words does not give it); the sentence must
# add something and be the kind of answer asked for (`topic.mismatch`: a figure for "how
# many", a name for "which company", the year asked about).
_REASON = re.compile(
    r"\bwhy\b|\bhow\s+come\b|\bfor\s+what\s+reason\b|\bwhat\s+(?:is|was)\s+the\s+reason\b"
    r"|\bwhat\s+(?:caused|causes|led\s+to|leads\s+to|prompted|triggered|sparked|drove|is\s+"
    r"behind|was\s+behind)\b",
    re.IGNORECASE,
)
# A sentence that says the answer is not known ("Officials did not say which company will
# build the plant", "It is not yet clear when …") states the question's words and answers
# nothing; a question with a negation ("Who has not signed …?") is not matched by words.
_UNKNOWN = re.compile(
    r"\b(?:not|no|never|neither|nor|unclear|unknown|undisclosed|undecided|declined|refused|"
    r"yet\s+to)\b|n['’]t\b",
    re.IGNORECASE,
)
# Time words narrow a topic request's search, but here they are part of what is asked: "on
# Tuesday" is not answered by a sentence about Monday (a review, 2026-12-05).
_TIME_WORDS = content_terms(
    "today yesterday tomorrow tonight week weekend month year recent recently monday tuesday "
    "wednesday thursday friday saturday sunday"
)
# "How large is the AI investment fund?" is not answered by "The AI investment fund was
# announced in Seoul." (an article beside the seed one in a test): a measure asked for must
# be a figure the question does not give.
_MEASURE = re.compile(
    r"\bhow\s+(?:large|big|much|many|long|old|far|high|tall|fast|often|deep|wide|heavy|"
    r"small|expensive|costly)\b",
    re.IGNORECASE,
)
MIN_STATED_TERMS = 3


def stated_answer(question: str, standalone: str, passages: Sequence[Passage]) -> Answer:
    """The first sentence of `passages` (best-ranked first) that states every content word
    and figure of the question `standalone` and answers it in kind, quoted and cited; not
    answered for a yes/no, topic, "why", cause or negated question, or one of fewer than
    three words and figures."""
    if yes_no(standalone) or topic_terms(standalone) or _REASON.search(standalone):
        return cited_answer(question, standalone, [])
    if _UNKNOWN.search(standalone):
        return cited_answer(question, standalone, [])
    terms = asked_terms(standalone) - (GENERIC_WORDS - _TIME_WORDS) - ASKING_WORDS
    figures = numbers(standalone, loose=True)
    if len(terms) + len(figures) < MIN_STATED_TERMS:
        return cited_answer(question, standalone, [])
    for passage in passages:
        for s, e in statements(passage.text):
            text = passage.text[s:e]
            if not _states(terms, stems(text)) or not figures <= numbers(text, loose=True):
                continue
            if echoes(standalone, text) or _UNKNOWN.search(text):
                continue
            # A year is no measure: "The fund was announced in 2024." says not how large.
            spelled = spelled_numbers(text) - spelled_numbers(standalone)
            added = numbers(YEAR_NUMBER.sub(" ", text)) - figures | spelled
            if _MEASURE.search(standalone) and not added:
                continue
            if mismatch(standalone, text, [text]) or counts_other(standalone, text):
                continue
            if _reversed(standalone, text):
                continue
            start, end = passage.start + s, passage.start + e
            return cited_answer(question, standalone, [(passage, start, end, _quote_stated)])
    return cited_answer(question, standalone, [])


def _states(terms: set[str], said: frozenset[str]) -> bool:
    """Whether each term is among the words `said`, or is one of them (of five letters or
    more) but for an ending the stemmer leaves: "prioritize" beside "prioritiz"; not
    "statement" for "state" nor "plantation" for "plant"."""
    return all(t in said or any(_ending_apart(t, w) for w in said) for t in terms)


_ENDINGS = ("e", "es", "ed", "ing")


def _ending_apart(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and long[len(short) :] in _ENDINGS


# "Who replaced Tim Cook as chief executive?" is not answered by "Tim Cook replaced Steve
# Jobs as chief executive." (a review): where the question asks who did something, the
# name the sentence adds must come before the doing.
_SUBJECT_ASK = re.compile(
    r"^\s*(?:who|which\s+[\w-]+)\s+(?!(?:did|does|do|will|would|is|was|are|were|has|have|"
    r"had|can|could|should|may|might|must)\b)(?P<verb>[a-z][\w-]*)",
    re.IGNORECASE,
)
_WORD_AT = re.compile(r"[A-Za-z0-9][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")  # "Ternus's" is the name "Ternus", as `names` has it


def _reversed(question: str, sentence: str) -> bool:
    """True when `question` asks who did something and the names `sentence` adds all
    follow its doing of it."""
    asked = _SUBJECT_ASK.match(question)
    if not asked:
        return False
    verb = stem(asked.group("verb").lower())
    new = names(sentence) - stems(question)
    tokens = [stem(_POSSESSIVE.sub("", m.group().lower())) for m in _WORD_AT.finditer(sentence)]
    at = next((i for i, w in enumerate(tokens) if w == verb or _ending_apart(w, verb)), None)
    return at is not None and bool(new) and not new & set(tokens[:at])


def _quote_stated(cited: Citation) -> tuple[str, str]:
    return cited.quote, "a sentence of the article that states every word of the question"


def quote_answer(question: str, standalone: str, passages: Sequence[Passage]) -> Answer:
    """The answer quoted from `passages` when the model's draft is refused: a topic request's
    or yes/no question's mentions (`mention_answer`), else the sentence stating the whole
    question (`stated_answer`); not answered when neither finds one."""
    mentioned = mention_answer(question, standalone, passages)
    return mentioned if mentioned.answered else stated_answer(question, standalone, passages)
