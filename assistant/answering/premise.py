"""A question about what the archive never names: "How many GPUs does Samsung plan to buy?"
asked of an archive in which no article says "Samsung".

Such a question has no answer there, whatever the passages say about GPUs, and the small
model answers it anyway: "Samsung plans to buy over 50,000 GPU units …" from the Korean
government's plan (a new user of the shipped article, 2026-12-07; grounding lets an answer
echo the question's names, since passages call them in their own words). So the names the
user's question gives are looked up in the whole archive (the lexical index's vocabulary),
before the model is asked; a run of capitalised words none of whose words any article holds
makes the question a refusal that says which name is missing. Checked on the question as
typed, not on a follow-up's condensed rewrite: a name the rewrite added is not the user's,
and the earlier turns' names were checked when they were asked.

Not in the passages shown, but in the whole archive: a check against the top passages only
(073f11a, reverted) refused a held-out right answer. A place counts as named by any of its
names (country, capital, demonym: the `countryinfo` package): "Seoul" asks about the
government of an article that says "South Korea" (three seed dev questions). Not names: the
first word of a sentence or clause ("Thanks. What …", "Quick question: How …"), stop words,
titles ("Mr.", "Prof."), lower-case words, months, weekdays, quarters and fiscal years. An
initialism counts as named where an article spells it out ("MSIT" of "the Ministry of
Science and ICT": `index/initialisms.py`; "DOJ" of "the Justice Department"), not where it
uses other words ("FBI" of "the bureau"). A big archive names nearly everything: no RealTimeQA dev
question of the first 8 weeks pooled (150) has a name it lacks (README, Current numbers).
Needs no model.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable

from ..text import MONTHS, STOPWORDS, WEEKDAYS, fold
from .wanted import NAME_RUN

# Titles before a name, whose full stop ends no sentence ("What did Mr. Lee pledge?").
_TITLES = "mr mrs ms dr prof sen rep gov gen lt col capt st jr sr rev pres".split()
_TITLE_STOP = re.compile(rf"\b({'|'.join(_TITLES)})\.", re.IGNORECASE)
# What a sentence or clause opens after: its first word is capitalised whatever it is. Not
# a quote or a bracket, which hold names more often ("… the “Super Gap Startup” project").
_OPENS = re.compile(r"(?:^|[.?!:;—–]|\s-)\s*$")
# Times that are not names: quarters, halves and fiscal years ("Q4", "H1", "FY2024").
_PERIOD = re.compile(r"(?:q[1-4]|h[12]|fy\d{2,4})")
# Months and weekdays, whole and cut to three letters: times, which articles carry as their
# dates ("Who returned from the station in March?" of a story that never says "March").
_CALENDAR = frozenset(n.lower()[:cut] for n in MONTHS + WEEKDAYS for cut in (None, 3))
# Words that open a message whatever it asks ("Thanks, What …").
_OPENERS = frozenset("please thanks thank hi hello hey sorry answer".split())


def unknown_names(question: str, holds: Callable[[str], bool]) -> list[str]:
    """The runs of capitalised words in `question` none of whose words (but those that are
    not names) `holds`, nor any other name of the place a run names."""
    text = _TITLE_STOP.sub(r"\1", question)
    unknown = []
    for match in NAME_RUN.finditer(text):
        words = match.group().split()
        if _OPENS.search(text, 0, match.start()):
            words = words[1:]
        words = [w for w in words if not _not_a_name(w)]
        if (
            words
            and not any(map(holds, words))
            and not any(all(map(holds, re.split(r"[\s-]+", o))) for o in _other_names(words))
        ):
            unknown.append(" ".join(words))
    return list(dict.fromkeys(unknown))


def _not_a_name(word: str) -> bool:
    folded = _bare(word)
    return (
        folded in STOPWORDS
        or folded in _OPENERS
        or folded in _TITLES
        or folded in _CALENDAR
        or bool(_PERIOD.fullmatch(folded))
    )


def _bare(word: str) -> str:
    """`word` folded, without a possessive ("korea" of "Korea's")."""
    return re.sub(r"['’]s$", "", fold(word))


def _other_names(words: list[str]) -> list[str]:
    """Every name of each place whose name holds all of `words` ("Korea": both Koreas)."""
    names, by_word = _places()
    found = set.intersection(*(by_word.get(_bare(w), set()) for w in words))
    return [name for place in sorted(found) for name in names[place]]


@functools.lru_cache(maxsize=1)
def _places() -> tuple[list[list[str]], dict[str, set[int]]]:
    """Each country's names (name, capital, demonym and spellings in Latin letters, accents
    folded), and the countries each folded word is in a name of, or is the code of ("KOR").
    A code names a country in a question, but is no sign an archive does: "us" starts "use".
    Loaded on first need (~0.04 s)."""
    from countryinfo import all_countries

    names: list[list[str]] = []
    by_word: dict[str, set[int]] = defaultdict(set)
    for country in all_countries():
        fields = (country.name(), country.capital(), country.demonym(), country.alt_spellings())
        spelled = [n for f in fields for n in ([f] if isinstance(f, str) else f or [])]
        latin = [(f, n.isupper() and len(n) <= 3) for n in spelled if (f := _plain(n))]
        for word in {w for n, _ in latin for w in n.split()}:
            by_word[word].add(len(names))
        names.append([n for n, code in latin if not code])
    return names, dict(by_word)


def _plain(name: str) -> str:
    """`name` folded, without commas ("korea republic of"); empty if not in Latin letters."""
    plain = fold(name).replace(",", " ").strip()
    return plain if plain.isascii() else ""
