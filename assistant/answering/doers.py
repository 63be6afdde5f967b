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
never names that person's surname, and the cited sentence giving what the answer adds opens
with another name doing something ("Doncic is", "Maximilian Krah, …, told", "Mavericks star
Luka Doncic averaged"), a name the question never mentions and the answer does not give.
Not a name that only sets the scene ("Donald Trump was sworn in Monday. Which holiday …?"),
nor a source that opens with a role, a pronoun, a plural, a group or its time ("The
billionaire said …", "He told …", "On Tuesday, he …"): nothing says those are someone else.
Missed: the other person named in an earlier sentence and then "he" (a review's case).
`another_speaker`: a question that asks what a named person says ("According to Columbia's
Gary Miller, why …?") is not answered by a quote its source gives another ('"In very young
children, the blood-brain barrier is not fully developed," he said.' after "…, Richardson
warned.": a blind set on new articles, 2026-12-06, answered). `only_source`: who only
tells the news ("according to NAME", "NAME, a spokesperson …") does not answer "Which public
defender was appointed …?". Needs no model. Not for a government (`leaders.py`).
"""

from __future__ import annotations

import re

from ..sentences import sentence_spans
from ..text import MONTHS, STOPWORDS, WEEKDAYS, numbers
from .grounding import names
from .leaders import shares
from .naming import places
from .wanted import NAME_RUN

# The asked person: a name of two to four capitalised words right after an auxiliary.
_ASKED = re.compile(
    rf"\b(?i:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\s+"
    rf"(?P<name>{NAME_RUN.pattern})\s+(?:not\s+)?[a-z]"
)
_WORD = re.compile(r"[^\W\d_][^\W\d_A-Z][\w'’-]*")  # "Müller", no initialism ("SS"), no figure
# A source's sentence opening with a name that does something: a full name with an
# apposition ("Maximilian Krah, AfD's representative …, told"), or a name and a verb
# ("Doncic is", "Mavericks star Luka Doncic averaged"), within its first words. Not a
# sentence's opening words ("On Tuesday, he told …", "However, the chancellor said …",
# "In March, the guard was averaging …": a review's cases), a plural or a group.
_LEAD_WORDS = 6
_NOT_DOERS = {
    "However", "Meanwhile", "Earlier", "Later", "Still", "Last", "Next", "Yesterday", "Today",
    "Police", "Staff", "Management", "Congress", "Parliament", "Everyone", "Nobody",
    *MONTHS, *WEEKDAYS,
}  # fmt: skip
# Who only reports the deed: "White House press secretary Karoline Leavitt said the
# president signed …", "Buckingham Palace said on Monday that the King …" (a review's cases).
_REPORTS = re.compile(
    r"\s+(?:said|says|confirmed|added|announced)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:he|she|they|"
    r"his|her|the\s+(?:\w+\s+)?(?:president|prime\s+minister|premier|chancellor|king|queen|"
    r"prince|princess|pope|minister|governor|mayor|senator|ceo|chief|leader|star|player|"
    r"singer|actor|actress|coach|manager|company|club|team|firm|group|party))\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\s+(?:is|was|are|were|has|had|have|said|says|told|tells|will|would|did|does|won|got|"
    r"took|put|made|scored|led|hit|ran|gave|became|beat|saw|left|held|paid|lost|met|set|sent|"
    r"spent|bought|brought|kept|sold|wrote|found|shot|struck|threw|drew|[a-z]+ed)\b"
)


def asked_persons(question: str) -> list[str]:
    """The names of the people whose deed `question` asks about."""
    out = []
    for m in _ASKED.finditer(question):
        run = m.group("name").split()
        if 2 <= len(run) <= 4 and all(_WORD.fullmatch(w) and w[0].isupper() for w in run):
            name = " ".join(run)
            if not places(name):
                out.append(name)
    return out


def _doers(text: str) -> list[str]:
    """The name opening each sentence of `text` doing something (`_VERB`, or a full name's
    apposition), among its first `_LEAD_WORDS` words."""
    out = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        lead = len(" ".join(sentence.split()[:_LEAD_WORDS]))
        for m in NAME_RUN.finditer(sentence, 0, lead):
            run = m.group().split()
            if run[0].lower() in STOPWORDS or run[0] in _NOT_DOERS or places(m.group()):
                continue
            if len(run) == 1 and (not names(run[0]) or run[0].endswith("s")):
                continue  # "He", "Officials"
            apposition = len(run) > 1 and sentence.startswith(",", m.end())
            if _REPORTS.match(sentence, m.end()):
                break
            if apposition or _VERB.match(sentence, m.end()):
                out.append(m.group())
                break
    return out


# Whom a question asks the words of: "According to Columbia's Gary Miller, …", "According
# to philosopher Christopher Preston, …" (a full name; an organisation's possessive or a
# role before it dropped). Not an organisation ("According to The Associated Press",
# "According to Goldman Sachs": a review's cases).
_ACCORDING = re.compile(
    r"\b(?i:according\s+to)\s+(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s\s+)?"
    rf"(?:[a-z]+\s+){{0,2}}(?P<name>{NAME_RUN.pattern})"
)
_ORGANISATIONS = {
    "Press", "Post", "Times", "News", "Journal", "Watch", "International", "Economics",
    "Bank", "Sachs", "Group", "Institute", "University", "College", "Agency", "Association",
    "Network", "Foundation", "Council", "Committee", "Department", "Ministry", "Office",
    "Service", "Center", "Centre", "Company", "Party", "Court", "Police", "Organization",
    "Organisation", "Fund", "Board", "Commission", "Union", "Federation", "League", "Reuters",
}  # fmt: skip
_SPEECH = r"(?:said|says|told|tells|warned|warns|added|adds|explained|noted|wrote|argued)"
# Who speaks in a sentence: "…, Richardson warned.", "… he said.", "said Jane Roe, …"; not
# whom one tells ("told CNN"), nor a time ("the neuroscientist said Monday").
_SPEAKER = re.compile(
    rf"(?P<who>{NAME_RUN.pattern}|\b(?:he|she)\b)\s+{_SPEECH}\b"
    rf"|\b(?:said|says|added|adds|wrote|explained|noted)\s+(?P<after>{NAME_RUN.pattern})"
)


_HE_SHE = ("he", "she")


def _speaker(text: str) -> str:
    """The last person `text` has speak, a name or "he"/"she" ('' when none)."""
    found = ""
    for m in _SPEAKER.finditer(text):
        who = m.group("who") or m.group("after")
        first = who.split()[0]
        if who.lower() in _HE_SHE or (
            first.lower() not in STOPWORDS and first not in _NOT_DOERS and names(who)
        ):
            found = who
    return found


def _person(name: str) -> bool:
    """Whether `name` (2-4 capitalised words) reads as a person's, not an organisation's."""
    run = name.split()
    return (
        2 <= len(run) <= 4
        and all(_WORD.fullmatch(w) for w in run)
        and run[0] != "The"
        and run[-1] not in _ORGANISATIONS
    )


def another_speaker(question: str, cited: str, before: str = "") -> str:
    """Why `cited` (with `before`, the sentence before each cited one) gives another
    person's words than the one `question` asks for ('' when it may not): it has someone
    else speak, by name, or by "he"/"she" that `before` names."""
    asked = [m.group("name") for m in _ACCORDING.finditer(question) if _person(m.group("name"))]
    if not asked or any(_named(a, f"{before} {cited}") for a in asked):
        return ""
    who = _speaker(cited)
    if who.lower() in _HE_SHE:
        who = _speaker(before)
    if not who or who.lower() in _HE_SHE:
        return ""
    return f"the question asks what {asked[0]} says; its source quotes {who}"


def _surname(name: str) -> str:
    """The stem of a name's last word, as `names` gives it."""
    return next(iter(names(name.split()[-1])), "")


def _named(person: str, text: str) -> bool:
    """Whether `text` names `person`: a run of its capitalised words holding only words of
    the name ("Davis", "Goldman economists"; not "Anthony Edwards" for Anthony Davis)."""
    mine = names(person)
    surname = {_surname(person)}
    return any(
        ((run := names(m.group())) and run <= mine) or shares(run, surname)
        for m in NAME_RUN.finditer(text)
    )


def another_person(question: str, sentence: str, cited: str) -> str:
    """Why `sentence`, whose cited text is `cited`, answers of another person's deed than
    the one `question` asks about ('' when it may answer). Read in the cited sentences that
    give what `sentence` adds (its figures or names the question lacks), if any do."""
    asked = asked_persons(question)
    if not asked or any(_named(a, cited) for a in asked):
        return ""
    mentioned = names(question)
    added_names, added_numbers = names(sentence) - mentioned, numbers(sentence) - numbers(question)
    quotes = [cited[s:e] for s, e in sentence_spans(cited)]
    # where the answer adds no name or figure, only a lone cited sentence is what it gives
    giving = [
        q for q in quotes if names(q) & added_names or numbers(q, loose=True) & added_numbers
    ] or (quotes if len(quotes) == 1 else [])
    # not a name the answer gives: "Maria Lopez was appointed …" answers whom Huber appointed
    other = next(
        (
            d
            for q in giving
            for d in _doers(q)
            if _surname(d) not in mentioned and not shares(names(d), added_names)
        ),
        "",
    )
    if not other:
        return ""
    return f"the question asks what {asked[0]} did; its source says {other} did"


# "Which public defender was appointed to represent Jonathan Rinderknecht?" was answered
# "… was Ciaran McEvoy, a spokesperson for the U.S. Attorney's Office" from "… as he was
# appointed a public defense attorney, according to Ciaran McEvoy, a spokesperson for …"
# (blind set I, dev, unanswerable): who tells the news is not who is in it. Only for
# "who/which"; not where the question asks who spoke, nor where the answer itself reports
# someone's words ("…, John Miller, a spokesman, said"), nor a name the source also states
# otherwise (a review's cases).
_SPOKE = (
    r"according|sa(?:y|ys|id)|t(?:ell|ells|old)|report\w*|announc\w*|stat(?:e|ed|es|ement)|"
    r"confirm\w*|quot\w*|cit(?:e|ed|es)|warn\w*|predict\w*|comment\w*|sp(?:eak\w*|oken?)|"
    r"claim\w*|argu\w*|describ\w*|call\w*|explain\w*|insist\w*|urg\w*|add(?:s|ed)|"
    r"not(?:e|ed|es)|writ\w*|wrote|deni\w*|deny"
)
_REPORTING = re.compile(rf"\b(?:{_SPOKE})\b", re.IGNORECASE)  # the answer's own reporting
_ATTRIBUTION = re.compile(rf"\b(?:{_SPOKE}|spokes\w*|source)\b", re.IGNORECASE)
_ROLE_AFTER = r",\s+(?:an?|the)\s+(?:[\w.'’-]+\s+){0,3}?spokes(?:wo)?(?:m[ae]n|person)\b"


def only_source(question: str, sentence: str, quotes: list[str]) -> str:
    """Why the person `sentence` names for a "who/which …" `question` is only the one its
    `quotes` have tell the news ("according to NAME", "NAME, a spokesperson …") ('' when
    not)."""
    if (
        not _ASKS_WHO.match(question)
        or _ATTRIBUTION.search(question)
        or _REPORTING.search(sentence)
    ):
        return ""
    asked = names(question)
    for m in NAME_RUN.finditer(sentence):
        person = m.group()
        if not _person(person) or names(person) & asked:
            continue
        said = names(person)
        spots = [(q, n) for q in quotes for n in NAME_RUN.finditer(q) if names(n.group()) == said]
        if spots and all(_tells(q, n) for q, n in spots):
            return f"{person} only tells the news in its source; the question asks who is in it"
    return ""


_ACCORDING_END = re.compile(r"(?i)according\s+to\s+(?:[\w.'’-]+\s+){0,3}$")
_ASKS_WHO = re.compile(r"\W*(?:who|whom|whose|which)\b", re.IGNORECASE)


def _tells(text: str, name: re.Match[str]) -> bool:
    """Whether the `name` found in `text` is said to tell the news there."""
    return bool(
        _ACCORDING_END.search(text[: name.start()])
        or re.match(_ROLE_AFTER, text[name.end() :], re.IGNORECASE)
    )
