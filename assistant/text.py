"""Plain-text helpers shared by chunking and grounding: words, stems, numbers (sentences are
`sentences.py`'s). Rule-based; not a full linguistic tokenizer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def fold(text: str) -> str:
    """Lower-case, accent-free, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return text.translate(table).lower()


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves according said says say also approximately about around roughly some
    per cent percent including include includes included yes among amongst amid amidst
    across onto via toward towards throughout""".split()
)


_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9]+)s\b")  # no stemmer restores "GPUs"


def singular_acronyms(text: str) -> str:
    """`text` with each acronym's plural made singular: "GPUs" → "GPU"."""
    return _ACRONYM_PLURAL.sub(r"\1", text)


_INITIALISM = re.compile(r"\b[A-Z]{2,6}(?=s?\b)")


def written_out(text: str, other: str) -> frozenset[str]:
    """The stems of `text` that `other` says in other words: an initialism of one written
    out in the other by consecutive content words' first letters, either way round ("AI"
    of "artificial intelligence": "Why is Korea pushing AI so hard?" was refused, its
    answer's sentence saying "artificial intelligence", a new user, 2026-12-07; "US" of
    "U.S." or "United States"). Two letters are written out only by capitalised words or
    long ones: in the top-4 passage sentences of 150 RealTimeQA dev questions (8 weeks,
    ad hoc `/work/s46/pairs.py`), 10 of the 11 pairs not all capitalised were chance ("US"
    of "upon substantial", "Ukraine since" …), and 2 of the 3 of eight letters or more."""
    out: set[str] = set()
    for short, long, own in ((text, other, True), (other, text, False)):
        full = [
            (w, p)
            for w in _WORD.findall(singular_acronyms(long))
            if (p := _plain_word(fold(w))) and p not in STOPWORDS and p[0].isalpha()
        ]
        for initialism in {m.group().lower() for m in _INITIALISM.finditer(short)}:
            n = len(initialism)
            for i in range(len(full)):
                window = full[i : i + n]
                if (
                    len(window) == n
                    and "".join(p[0] for _, p in window) == initialism
                    and (n > 2 or all(w[0].isupper() or len(p) >= 8 for w, p in window))
                ):
                    out |= {stem(initialism)} if own else {stem(p) for _, p in window}
                for named in (full[i : i + n - 1], full[i : i + n]):
                    if initialism in _head_last(named):
                        out |= {stem(initialism)} if own else {stem(p) for _, p in named}
    return frozenset(out)


# Heads an English name may put last ("Justice Department") or first ("Department of
# Justice"), its initialism following the second (index/initialisms.py reads them too).
HEAD_LAST = frozenset({"department", "ministry"})


def _head_last(words: list[tuple[str, str]]) -> tuple[str, ...]:
    """The initialisms of a capitalised name whose head comes last ("Justice Department"),
    as the name with the head first would give them: "doj"; "dhs" of "Homeland Security
    Department", never two letters ("DJ" is no department) (a new user, 2026-12-07: "DOJ" of
    "the Justice Department")."""
    if len(words) < 2 or words[-1][1] not in HEAD_LAST:
        return ()
    if not all(w[0].isupper() for w, _ in words):
        return ()
    head, rest = words[-1][1][0], "".join(p[0] for _, p in words[:-1])
    return (head + "o" + rest, head + rest) if len(rest) > 1 else (head + "o" + rest,)


def words(text: str) -> list[str]:
    """Folded word tokens, possessives and acronyms' plural s stripped."""
    return [w for w in map(_plain_word, _WORD.findall(fold(singular_acronyms(text)))) if w]


def _plain_word(token: str) -> str:
    token = token.strip("'-")
    return token[:-2] if token.endswith("'s") else token


def stem(word: str) -> str:
    """A deliberately crude suffix stripper: 'targets' is 'targeting', 'centres' is 'centre'
    ("es" is cut only after s, x, z, ch, sh; "ies" to "i"), 'planned' is 'plans' (a doubled
    consonant before -ed or -ing is undone where four letters stay, so "herring" is no
    "her"; "What is planned for 2030?" missed "It plans to …", 2026-12-04). Snowball was
    rejected on dev (README, "Current numbers", 2026-12-03). A month's news abbreviation is
    its name: "on January 19" was refused against "Jan. 19" (a new user, 2026-12-05). A
    final "y" after a consonant is "i", as "ies" is: "policy" is "policies", "company"
    "companies" ("Tell me about the visa policy." was refused against "… policies to attract
    skilled foreign talent by offering “top-tier” visas …", a new user, 2026-12-07); not
    after "l", whose "ly" is cut below ("quickly")."""
    if word in _MONTHS:
        return _MONTHS[word]
    if _CONSONANT_Y.search(word):
        return word[:-1] + "i"
    if word.endswith("es") and len(word) >= 5 and not word.endswith(_SIBILANT_ES):
        return word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            undo = "ed" in suffix or "ing" in suffix
            doubled = _DOUBLED.search(base) or base.endswith(_LL_UNDONE)
            return base[:-1] if undo and len(base) >= 5 and doubled else base
    return word


# The names of the months and the days of the week, for the patterns that read dates.
MONTHS = tuple("January February March April May June July August September October "
               "November December".split())  # fmt: skip
WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
# Month abbreviations that are no English word ("Mar", "May" are; "Jan" is also a name).
_MONTHS = {m[:3].lower(): m.lower() for m in MONTHS if m[:3] not in ("Mar", "May")}
_MONTHS["sept"] = "september"
_MONTHS.update({m.lower(): m.lower() for m in MONTHS})  # whole, before the "y" rule
_SIBILANT_ES = ("ses", "xes", "zes", "ches", "shes", "ies")
_CONSONANT_Y = re.compile(r"^[a-z]+[b-df-hj-km-np-tv-xz]y$")  # not "ly", "day", "key", "by"
_DOUBLED = re.compile(r"([bdgmnpr])\1$")  # not -ff/-ll/-ss/-tt/-zz: staff, call, boycott
# -ll only where the verb has one l: "controlling" is "controls", "channelled" "channels";
# "drilling", "outselling", "misspelled" keep theirs.
_LL_UNDONE = ("ntroll", "atroll", "cancell", "channell", "travell", "modell", "labell", "fuell",
              "signall", "compell", "propell", "expell", "repell", "dispell", "excell")  # fmt: skip


@lru_cache(maxsize=4096)
def stems(text: str) -> frozenset[str]:
    """The stemmed word tokens of a text (cached: grounding asks for each passage sentence
    once per candidate check and draft sentence)."""
    return frozenset(stem(w) for w in words(text))


def content_terms(text: str) -> set[str]:
    """Stemmed non-stopword terms (numbers excluded: they are checked separately)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and not w[0].isdigit()}


# A clock time is one figure ("9:50" read as 9.50): its hour backed "9 firefighters killed".
_NUMBER = re.compile(
    r"(?<![\w.])(?<!\d:(?=\d\d\b))(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+)|:(?=\d\d\b)(\d\d))?(?!\d)\s?"
    r"(thousand|million|billion|trillion|bn|tn|k|m)?\b"
)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
           "trillion": 1e12, "tn": 1e12}  # fmt: skip
_COUNT_WORDS = "two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {w: i for i, w in enumerate(_COUNT_WORDS.split(), 2)} | {"twenty": 20}


def numbers(text: str, *, loose: bool = False) -> set[float]:
    """Values of the numbers in text, '1.8 trillion' read as 1.8e12.

    With `loose`, each scaled number also contributes its bare value (1.8), so a text that
    says "KRW 1.8 trillion" supports a sentence that only repeats "1.8".
    """
    folded = fold(text)
    found: set[float] = set()
    for m in _NUMBER.finditer(folded):
        value, scale = _figure(m)
        found.add(round(value * scale, 3) if scale else value)
        if loose and scale:
            found.add(value)
    return found | spelled_numbers(text)


def spelled_numbers(text: str) -> set[float]:
    """Values of the counts written as words ("two", "twelve")."""
    return {float(_NUMBER_WORDS[w]) for w in words(fold(text)) if w in _NUMBER_WORDS}


def figure_spans(text: str, *, spelled: bool = False) -> list[tuple[float, bool, int, int]]:
    """(value, scaled, start, end) of each figure written in digits (and, with `spelled`, of
    each count written as a word: "nine"), spans in `fold(text)`."""
    folded, out = fold(text), []
    for m in _NUMBER.finditer(folded):
        value, scale = _figure(m)
        out.append((round(value * scale, 3) if scale else value, bool(scale), m.start(), m.end()))
    if spelled:
        for m in re.finditer(r"[a-z]+", folded):
            if m.group() in _NUMBER_WORDS:
                out.append((float(_NUMBER_WORDS[m.group()]), False, m.start(), m.end()))
    return out


def _figure(m: re.Match[str]) -> tuple[float, float | None]:
    """A `_NUMBER` match's bare value and its scale (None when unscaled)."""
    decimals = m.group(2) or m.group(3)
    value = float(m.group(1).replace(",", "") + ("." + decimals if decimals else ""))
    return value, _SCALES.get(m.group(4) or "")


# One name per currency, whether written before the figure or after it.
CURRENCIES = {
    "$": "$",
    "usd": "$",
    "€": "eur",
    "eur": "eur",
    "£": "gbp",
    "gbp": "gbp",
    "¥": "jpy",
    "jpy": "jpy",
    "yen": "jpy",
    "krw": "krw",
    "won": "krw",
    "cny": "cny",
    "yuan": "cny",
    "inr": "inr",
    "rs": "inr",
    "rupees": "inr",
}
_CURRENCY = re.compile(
    "(" + "|".join(re.escape(c) if not c.isalpha() else rf"\b{c}\.?" for c in CURRENCIES) + r")\s?$"
)
_UNIT_WORD = re.compile(r"\s*(%|per\s*cent\b|percent\b|[a-z][\w-]*)")


# The unit of a calendar year: no word's stem, so "88 years old" (unit "year") is no date.
YEAR = "(year)"
# A calendar year as written (1900-2099): the one pattern the answer checks share.
YEAR_NUMBER = re.compile(r"\b(?:19|20)\d\d\b")


def figures(text: str) -> set[tuple[float, str]]:
    """(value, unit) of each number in text: `YEAR` for a bare 1900-2100 (no thousands comma,
    no counted noun after it), else the currency ('krw', '$', 'eur'; before or after it), '%'
    (also 'percent', 'per cent'), or the stem of the word after it ('200,000 GPU units' →
    'gpu'); '' when there is none. Lets two figures be compared only when they count the
    same thing."""
    folded = fold(text)
    found: set[tuple[float, str]] = set()
    for m in _NUMBER.finditer(folded):
        value, scale = _figure(m)
        before = _CURRENCY.search(folded[max(0, m.start() - 5) : m.start()])
        after = _UNIT_WORD.match(folded, m.end())
        word = after.group(1) if after else ""
        if word == "%" or "cent" in word and word.startswith("per"):
            unit = "%"
        elif before:
            unit = CURRENCIES.get(before.group(1).rstrip("."), before.group(1).rstrip("."))
        elif word in CURRENCIES:
            unit = CURRENCIES[word]
        elif (
            not scale
            and "," not in m.group(1)
            and value.is_integer()
            and 1900 <= value <= 2100
            and (not word or word in STOPWORDS)
        ):
            unit = YEAR
        elif word and word not in STOPWORDS:
            unit = stem(word)
        else:
            unit = ""
        found.add((round(value * scale, 3) if scale else value, unit))
    return found
