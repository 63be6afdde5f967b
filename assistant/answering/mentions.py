"""Topic requests: "Tell me about the visa changes.", "What does the article say about
Japan?", "What about 5G?", "Describe the World Best LLM project.", "What is the AI G3
initiative?".

Such a request asks for whatever the archive says of a topic, so any sentence naming the
topic answers it. The model is asked first, as for any question (its summary is often the
better answer); when its draft is refused, the answer is the passage sentences that name
every word of the topic, quoted and cited to their exact spans, no model involved. A new
user's "Tell me about the visa changes." and "Tell me about the defence sector." were
refused although a passage sentence names each (the model drafted from a neighbouring
sentence, and the answer check rejected it; 2026-12-04). A topic no passage sentence names
stays a refusal. A yes/no question ("Is Naver involved in the World Best LLM Project?")
is answered the same way when its draft is refused: by the sentences that state every word
and figure of its claim, quoted as "The article says: “…”" for the reader to judge (the
verdict itself is never inferred. This module recognises the request and picks the
sentences; the caller (`pipeline/stream.py`) decides when. Other questions: `stated.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..corpus.instructions import is_instruction
from ..sentences import sentence_spans
from ..text import content_terms, numbers, stem, stems, words
from ..types import Answer, Citation, Passage, split_end
from .overview import cited_answer
from .topic import asked_terms
from .verdicts import yes_no

_REQUEST = re.compile(
    r"^\s*(?:(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:tell|teach)\s+(?:me|us)\s+"
    r"(?:more\s+|something\s+|anything\s+)?about"
    r"|(?:what|anything)\s+(?:do|does|did|can)\s+(?:the\s+|this\s+|these\s+|that\s+|those\s+|"
    r"any\s+)?(?:\w+\s+){0,2}?(?:articles?|stor(?:y|ies)|pieces?|reports?|archive|news|"
    r"sources?|passages?)\s+(?:say|tell\s+(?:me|us)|report|mention)\s+(?:about|on|of|regarding)"
    r"|(?:does|do|did)\s+(?:the\s+|this\s+|these\s+|that\s+|any\s+)?(?:\w+\s+){0,2}?"
    r"(?:articles?|stor(?:y|ies)|pieces?|reports?|archive|news|sources?)\s+"
    r"(?:mention|discuss|cover|talk\s+about|say\s+anything\s+(?:about|on))"
    r"|what\s+about"
    r"|(?:is\s+there\s+)?(?:anything|something|news|info(?:rmation)?|more)\s+"
    r"(?:on|about|regarding)"
    r"|(?:describe|explain)(?:\s+to\s+(?:me|us))?+"
    r")\s+(?P<topic>(?!(?:how|why|what|when|where|who|whom|whose|which|whether|if)\b)\S.*)$",
    re.IGNORECASE,
)
# Words that say what kind of news is wanted or when, not what it is about: "the visa
# changes" is named by a sentence about visas (the time words narrow the search instead).
GENERIC_WORDS = content_terms(
    "change changes plan plans news latest update updates situation detail details thing "
    "things story stories article articles issue issues matter topic subject more anything "
    "development developments mention today yesterday tomorrow tonight week weekend month "
    "year recent recently monday tuesday wednesday thursday friday saturday sunday"
)
MAX_MENTIONS = 3  # quoted sentences, best-ranked passages first


def topic_terms(question: str) -> set[str]:
    """The words of the topic a request asks about ("visa" in "Tell me about the visa
    changes.", "ai", "g3", "initiative" in "What is the AI G3 initiative?"), or an empty set
    when `question` is no topic request."""
    topic = _topic(question)
    return (content_terms(topic) | _alphanumeric(topic)) - GENERIC_WORDS if topic else set()


def _topic(question: str) -> str:
    """The topic a request asks about, as written ('' for no topic request)."""
    if match := _REQUEST.match(question.strip()):
        return match.group("topic")
    return _defined(question)


# "What is the AI G3 initiative?" asks what the article says of a name: the sentence naming
# it answers. The product's own headline question was refused (a new user, 2026-12-05): the
# model's right draft joined a second sentence that the answer check found off the topic.
# Only a short name with no relation to anything else: "What is the budget of the AI
# Pathfinder Project?" asks for one detail of it, which a sentence naming both may not give,
# and so do "What is the Samsung stock price?" and "Who is the Samsung CEO?" (a review).
_DEFINITION = re.compile(
    r"^\s*(?:what|who)(?:\s+(?:is|are|was|were)|['’]s)\s+(?P<topic>[^?.!]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_RELATION = re.compile(
    r"(?i:\b(?:of|for|in|on|at|by|with|from|about|to|than|that|which|who|whose|when|where|"
    r"why|how|and|or|not)\b|['’]s?(?:\s|$))"
    r"|\b[a-z]+(?:ing|ed)\b"  # a verb: "doing", not "United"
)
# A topic ending in one of these asks for a value or a person in a role, not what a name is.
_VALUE = content_terms(
    "price cost rate target toll score budget ceo president minister chancellor premier "
    "leader head chair chairman chief director governor mayor spokesperson founder owner "
    "population number total amount size worth value date deadline age salary share growth "
    "record result outcome status capital currency name address location time figure level "
    "rank ranking percentage percent count winner champion"
)
_NAME_WORD = re.compile(r"[“\"'(]*[A-Z0-9]")  # "AI", "G3", "“AI", "5G"; not "the"


def _defined(question: str) -> str:
    """The name a "What is / Who is" question asks about ('' for another question): at most
    six words, one of them a name ("AI", "G3", "NPUs"), nothing that relates it to something
    else ("of", "for", a possessive, a verb), not ending in a value ("price", "CEO"), and a
    question not all in capitals (whose names cannot be told)."""
    match = _DEFINITION.match(question.strip())
    if not match or question.isupper():
        return ""
    topic = match.group("topic")
    said = topic.split()
    named = any(_NAME_WORD.match(w) and not w.isdigit() for w in said)
    last = content_terms(said[-1]) if said else set()
    if not 0 < len(said) <= 6 or _RELATION.search(topic) or not named or last & _VALUE:
        return ""
    return topic


def _alphanumeric(text: str) -> set[str]:
    """Words like "5G": names, not figures ("2024" is none)."""
    return {stem(w) for w in words(text) if w[0].isdigit() and not w.isdigit()}


def claim_terms(question: str) -> set[str]:
    """The words of the claim a yes/no question asks about ("naver", "involv", "world",
    "best", "llm", "project" in "Is Naver involved in the World Best LLM Project?"), or an
    empty set for any other question."""
    if not yes_no(question):
        return set()
    return (asked_terms(question) | _alphanumeric(question)) - GENERIC_WORDS - ASKING_WORDS


# Words that only ask: "Is it true that …", "Do you know whether …", "Does the article say …".
ASKING_WORDS = content_terms("true really actually know whether say tell correct")


def mention_answer(question: str, standalone: str, passages: Sequence[Passage]) -> Answer:
    """The first `MAX_MENTIONS` sentences of `passages` (in their order) that name every word
    of the topic `standalone` asks about (and a defined name's figures), or every word and
    figure of the claim a yes/no question asks about (quoted, for the reader to judge: "The
    article says: “…”"); not answered for another question or when no sentence names them
    all. Sentences that address a reader or model are never quoted."""
    terms = topic_terms(standalone)
    # A name's figure is part of it: "the KRW 100 trillion fund" is not the 50 trillion one.
    figures = numbers(_defined(standalone), loose=True)
    say = _quote
    if not terms and (terms := claim_terms(standalone)):
        figures, say = numbers(standalone, loose=True), _quote_for_yes_no
    picks = []
    seen: set[tuple[str, int, int]] = set()
    for passage in passages if terms else ():
        for s, e in statements(passage.text):
            start, end = passage.start + s, passage.start + e
            text = passage.text[s:e]
            if (passage.article_id, start, end) in seen or not terms <= stems(text):
                continue
            if not figures <= numbers(text, loose=True):
                continue
            if is_instruction(text) or len(picks) >= MAX_MENTIONS:
                continue
            seen.add((passage.article_id, start, end))
            picks.append((passage, start, end, say))
    return cited_answer(question, standalone, picks)


def statements(text: str) -> list[tuple[int, int]]:
    """The spans of `text`'s statements: its sentences, each line of one on its own, that
    end as a statement does and are not about the page itself. News pages carry headings,
    questions among them ("What Texas cities were flooded?"), and datelines above a
    paragraph that the sentence splitter joins to its first sentence (RealTimeQA, "Tell me
    about the floods in Texas.", 2026-12-04)."""
    return [
        line.span()
        for s, e in sentence_spans(text)
        if not is_instruction(text[s:e])  # judged whole: "SYSTEM NOTE:\n<a claim>."
        for line in _LINE.finditer(text, s, e)
        if is_statement(line.group())
    ]


def is_statement(line: str) -> bool:
    """True for a line that ends as a statement does and says something of the news, not
    of the page ("Editor's note: Click here to watch …") and not a bare "Yes."."""
    line = line.strip()
    about_the_page = _ABOUT_THE_PAGE.search(line)
    return bool(_STATEMENT_END.search(line) and content_terms(line) and not about_the_page)


def quoted(quotes: Sequence[str], articles: int = 1) -> str:
    """'The article says: “…”' (each quote in its own marks, its closing stop left for the
    citation markers), for the reader to judge what the sources leave open."""
    said = "The article says" if articles == 1 else "The articles say"
    return f"{said}: " + " and ".join(f"“{split_end(q.strip())[0]}”" for q in quotes)


_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # one line of a sentence, trimmed
_STATEMENT_END = re.compile(r"[.!][\"'”’)]*$")
# A sentence about the page, not the news: "This page reflects the news from … trial on
# Wednesday", "For the latest updates …, read USA TODAY's live coverage" (same run).
_ABOUT_THE_PAGE = re.compile(
    r"^editor['’]s\s+note\b|\b(?:this|the)\s+(?:page|story|article|post)\s+(?:is|was|has|"
    r"have|reflects|contains|will)\b|\blive\s+(?:coverage|updates|blog)\b",
    re.IGNORECASE,
)


def _quote(cited: Citation) -> tuple[str, str]:
    return cited.quote, "a sentence of the article that names the topic asked about"


def _quote_for_yes_no(cited: Citation) -> tuple[str, str]:
    return quoted([cited.quote]), "a sentence that states every word the question asks about"
