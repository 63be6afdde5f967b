"""A question about what the archive never names: "How many GPUs does Samsung plan to buy?"
asked of an archive in which no article says "Samsung".

Such a question has no answer there, whatever the passages say about GPUs, and the small
model answers it anyway: "Samsung plans to buy over 50,000 GPU units …" from the Korean
government's plan (a new user of the shipped article, 2026-12-07; grounding lets an answer
echo the question's names, since passages call them in their own words). So the names the
question gives, past its first word, are looked up in the whole archive (the lexical
index's vocabulary), before the model is asked; a run of capitalised words none of
whose words any article holds makes the question a refusal that says which name is missing.

Not in the passages shown, but in the whole archive: a check against the top passages only
(073f11a, reverted) refused a held-out right answer. A place counts as named by any of its
names (country, capital, demonym: the `countryinfo` package): "Seoul" asks about the
government of an article that says "South Korea" (three seed dev questions). Not checked:
a question's first word (whatever it is, it opens the question), lower-case words, and an
initialism the archive spells out ("MSIT" for "Ministry of Science and ICT"): refused, a
known gap. A big archive names nearly everything: no RealTimeQA dev question of the first
8 weeks pooled (150) has a name it lacks (ad hoc `/work/s45/rtarch.py`). Needs no model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..text import fold
from .wanted import NAME_RUN


def unknown_names(question: str, holds: Callable[[str], bool]) -> list[str]:
    """The runs of capitalised words in `question` (past its first word) none of whose
    words `holds`, nor any other name of the place a run names."""
    rest = question.split(maxsplit=1)
    runs = dict.fromkeys(NAME_RUN.findall(rest[1] if len(rest) > 1 else ""))
    return [
        run
        for run in runs
        if (words := [w for w in run.split() if fold(w).rstrip(".") not in _calendar()])
        and not any(map(holds, words))
        and not any(all(map(holds, other.split())) for other in _other_names(run))
    ]


@functools.lru_cache(maxsize=1)
def _calendar() -> frozenset[str]:
    """Month and weekday names, full and short: a time, which articles carry as their date
    ("Who returned from the station in March?" of a story that never says "March")."""
    from babel.dates import get_day_names, get_month_names

    widths = ("wide", "abbreviated")
    names = [
        get(w, locale="en").values() for get in (get_day_names, get_month_names) for w in widths
    ]
    return frozenset(fold(n) for some in names for n in some)


def _other_names(run: str) -> list[str]:
    """Every name of each place `run` names, or is a part of the name of ("Korea": both)."""
    words = {re.sub(r"['’]s$", "", w) for w in fold(run).split()}  # "Korea's"
    return [
        name
        for place in _places()
        if any(words <= set(n) for n in place)
        for name in place.values()
    ]


@functools.lru_cache(maxsize=1)
def _places() -> tuple[dict[tuple[str, ...], str], ...]:
    """Each country's English names (its name, capital, demonym and English spellings, not
    two- or three-letter codes), keyed by their folded words. Loaded on first need (~0.1 s)."""
    from countryinfo import all_countries

    places = []
    for country in all_countries():
        fields = (country.name(), country.capital(), country.demonym(), country.alt_spellings())
        spelled = [n for f in fields for n in ([f] if isinstance(f, str) else f or [])]
        english = [n for n in spelled if n.isascii() and not (n.isupper() and len(n) <= 3)]
        places.append({tuple(fold(n).replace(",", " ").split()): n for n in english})
    return tuple(places)
