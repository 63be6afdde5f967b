"""A question that asks for a name ("Who …", "Which company …") and whether an answer states one.

The answer check (`topic.mismatch`) asks this of the sentence that answers: it must add a
name its cited passage sentences state (a headline may ground a name, never supply the
answer's), or one they shorten from a full name their passage gave before; "who" may also
be answered by a group of people the question does not name. For a company, a country or
region (CLDR's English names, from `babel`) names none, nor does the question's own name
shortened ("NPUs" for "Neural Processing Units"). Needs no model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..text import STOPWORDS, content_terms, stems
from .grounding import names
from .wanted import LEAD, NAME_RUN

# A company or place asked about may carry modifiers ("Which chip vendor …",
# "What Chinese company …": a blind new-user question, 2026-12-06, had not been read as
# asking for a name), not a verb ("Which policy helps companies …": a review's case).
_MODIFIER = (
    r"(?:(?!(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|"
    r"might|must|the|a|an|this|that|these|those|its|their|his|her|of|in|on|at|to|for|from|by|"
    r"with|and|or|made|led|let|put|got|gave|took|sent|told|kept|left|brought|drove|set)\b)"
    r"[\w'’-]+(?<![^s]s)(?<!ed)\s+)"
)
# A country or region names none of these, nor does the question's own name shortened:
# "Which companies received the KRW 8.8 trillion …?" had been answered "South Korea planned
# to allocate …", "Which company will manufacture the domestic Neural Processing Units?" by
# "… (NPUs) …" (blind traps, 2026-12-05). Rejected (a review, 2026-12-06): more nouns
# ("operator", "platform", "lender" …) for "Which telecom operator launched the country's
# first commercial 5G service?" (answered "… was South Korea"): they made category questions
# ask for a name ("Which platforms must comply …?" → "… social media platforms …").
_BUSINESS = r"compan(?:y|ies)|firms?|vendors?|suppliers?|banks?"
# "What was the name of the boat …?" was answered "… was the $230 million pier" (RealTimeQA
# dev, 2026-12-06). Only for things with proper names: the name of a drug, a virus or a
# species may be a common noun ("semaglutide", "mpox"; a review's cases).
_NAME_OF = (
    r"what(?:'s|’s|\s+(?:is|was|are|were))\s+the\s+names?\s+of\s+(?:the\s+|an?\s+)?"
    rf"{_MODIFIER}{{0,2}}?(?P<named>{_BUSINESS}|boats?|ships?|vessels?|yachts?|storms?|"
    r"hurricanes?|typhoons?|cyclones?|operations?|missions?|spacecraft|rockets?|horses?|"
    r"bands?|films?|movies?|shows?|series|albums?|songs?|books?|novels?|plays?|games?|"
    # …and people: "What is the name of the labor board leader …?" had been answered "… is
    # a former Air Canada counsel" (blind set L, 2026-12-06)
    r"leaders?|officials?|chiefs?|heads?|judges?|officers?|spokes(?:person|man|woman)|"
    r"directors?|ministers?|presidents?|executives?|ceos?|founders?|suspects?|victims?|"
    r"pilots?|players?|coach|coaches|candidates?|lawmakers?|senators?|governors?|mayors?|"
    r"man|woman|person|boy|girl|driver|doctor|winner)\b"
)
_ASKS_NAME = re.compile(
    rf"{LEAD}(who\b|(?:which|what)\s+(?:person|people)\b|{_NAME_OF}|(?:which\s+{_MODIFIER}{{0,2}}?|"
    r"what\s+(?:(?-i:[A-Z])[\w'’-]*\s+){0,2}?)"
    rf"(?P<noun>{_BUSINESS}|organi[sz]ations?|agency|agencies|country|countries|city|cities)\b)",
    re.IGNORECASE,
)
# "Who will the AI Pathfinder Project bring to Korea?" is answered by "… will attract
# international researchers" (a new user, 2026-12-05, refused for naming no one): "who" may
# be answered by a group of people the question does not name; "which company" may not.
_PEOPLE = re.compile(
    r"\b(?:researchers|scientists|experts|workers|employees|students|residents|citizens|voters|"
    r"immigrants|migrants|refugees|farmers|doctors|nurses|teachers|engineers|families|children|"
    r"parents|women|men|lawmakers|legislators|soldiers|troops|police|athletes|professionals|"
    r"graduates|entrepreneurs|retirees|patients|victims|survivors|protesters|activists|"
    r"journalists|diplomats)\b",
    re.IGNORECASE,
)


# What a country is never the answer to, though the question may not ask for a name: "Which
# telecom operator launched the country's first commercial 5G service?" was answered "…
# was South Korea" (a blind trap, 2026-12-06). Not "team", "market", "supplier", "buyer":
# a country may be one; one of them only, not a group ("Which carriers were banned?" →
# "Carriers from Russia …"); no place noun as a modifier ("Which country hit airlines …?").
_NO_COUNTRY = re.compile(
    rf"{LEAD}(?:which|what)\s+(?:(?!(?:countr|nation|region|state|cit|province|territor)\w*)"
    rf"{_MODIFIER}){{0,2}}?(?:operator|carrier|airline|automaker|carmaker|chipmaker|"
    r"broadcaster|retailer|startup|brand|app|website|newspaper|studio)\b",
    re.IGNORECASE,
)
# A place that begins or ends a name: "China Telecom", "France 24", "Air France".
_IN_NAME = re.compile(r"\s+(?:[A-Z]|\d)")
_NAME_BEFORE = re.compile(r"([A-Z][\w'’-]*)\s+$")


def only_place(question: str, sentence: str) -> str:
    """Why `sentence` answers a question for an operator, airline, brand … with nothing but
    a country or region ('' otherwise)."""
    added = content_terms(sentence) - stems(question)
    if not (_NO_COUNTRY.search(question) and added and added <= places(sentence)):
        return ""
    for m in _place_names().finditer(sentence):
        before = _NAME_BEFORE.search(sentence, 0, m.start())
        if _IN_NAME.match(sentence, m.end()) or (before and before[1].lower() not in STOPWORDS):
            return ""
    return "the question asks for an operator, a brand or the like; the answer gives a place"


def unnamed(
    question: str,
    sentence: str,
    quotes: Sequence[str],
    referents: Sequence[str] = (),
    earlier: Sequence[str] = (),
) -> str:
    """Why `sentence` does not give the name `question` asks for ('' when it does, or when
    no name is asked). `quotes`, `referents`, `earlier`: as for `topic.mismatch`."""
    if not (asks := _ASKS_NAME.search(question)):
        return ""
    new_names = names(sentence) - stems(question)
    # a country, a government body, or the question's own acronym, names no company
    if re.fullmatch(_BUSINESS, asks.group("noun") or asks.group("named") or "", re.IGNORECASE):
        new_names -= places(sentence) | initialisms(question) | bodies(sentence)
    source = " ".join([*quotes, *referents])
    unstated = new_names - stems(source)
    group = asks.group(1).lower() == "who" and any(
        stems(m) - stems(question) for m in _PEOPLE.findall(sentence)
    )
    invented = new_names and not _shortened(sentence, unstated, names(source), earlier)
    if invented or not (new_names or group):
        return "the question asks for a name; its source sentence does not state the answer's"
    return ""


# "Which company is building the AI data centres?" was answered "… is South Korea's Ministry
# of Science and ICT", from a sentence about its R&D money (a new user, 2026-12-07; the
# article names no such company): a government body is no company, whatever its name says.
_BODY = re.compile(
    r"(?<![\w'’&-])(?:[A-Z][\w'’&.-]*\s+)*"  # not "Samsung and the Ministry …"
    r"(?:Ministry|Department|Government|Administration|Agency|Commission|Bureau|Parliament|"
    r"Congress|Senate|Court|Cabinet|Council|Committee)\b"
    r"(?:\s+(?:(?:of|and|for|on|the)\s+)*[A-Z][\w'’&-]*)*"
)


def bodies(text: str) -> set[str]:
    """The name words of the government bodies `text` names ("ministri", "science", "ict"
    of "the Ministry of Science and ICT"), as `names` gives them."""
    return {w for m in _BODY.finditer(text) for w in names(m.group())}


# Short forms news uses that CLDR does not list ("Korea", "the U.S.").
_PLACE_ALIASES = ("Korea", "US", "U.S.", "USA", "UK", "U.K.", "Britain", "EU", "Turkey")


@functools.lru_cache(maxsize=1)
def _place_names() -> re.Pattern[str]:
    from babel import Locale  # CLDR's English names of countries and regions

    listed = (
        re.sub(r"\s*\(.*?\)|\s+SAR\s+China", "", n) for n in Locale("en").territories.values()
    )
    spelled = sorted({n for n in (*listed, *_PLACE_ALIASES) if n[:1].isupper()}, key=len)
    alternatives = "|".join(re.escape(n) for n in reversed(spelled))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


_NAMED_OF = re.compile(r"[A-Z][\w'’-]*\s+of\s+(?:the\s+)?$")


def places(text: str) -> set[str]:
    """The name words of the countries and regions `text` names ("south", "korea"); not
    "Japan" in "Bank of Japan", a place after "<Name> of" being part of that name.
    Rejected (a review, 2026-12-06): nor a place before another capitalised word ("China
    Telecom"): "The US Stargate data centres …" then named a company."""
    found = _place_names().finditer(text)
    return {w for m in found if not _NAMED_OF.search(text, 0, m.start()) for w in names(m.group())}


def initialisms(question: str) -> set[str]:
    """The acronyms of the question's runs of capitalised words ("npu" for "Neural
    Processing Units"), as `names` gives them."""
    out = set()
    for run in NAME_RUN.findall(question):
        initials = "".join(w[0] for w in run.split())
        if len(initials) >= 2:
            out |= names(initials.upper())
    return out


def _shortened(sentence: str, unstated: set[str], quoted: set[str], earlier: Sequence[str]) -> bool:
    """True when each name `sentence` adds that its source does not state (`unstated`) is
    part of a full name the source shortens: "LeBron James …" for "James collected his
    latest career points milestone …" (RealTimeQA dev, refused), where the passage named
    "LeBron James" before it. The source must name (`quoted`) another word of that full
    name, the answer must say that word too, and the last name before the quote holding
    that word must be this one ("Venus Williams" is not the "Williams" of a quote that
    follows "Serena Williams")."""
    said = names(sentence)
    runs = [names(run) for text in earlier for run in NAME_RUN.findall(text)]

    def last(word: str) -> set[str]:
        return next((run for run in reversed(runs) if word in run), set())

    for word in unstated:
        full = last(word)
        short = (full & quoted & said) - {word}
        if not short or any(last(other) != full for other in short):
            return False
    return True
