"""Answer assembly: grounding verdicts → numbered citations → the `Answer` (or a refusal).

`build_answer` is the one place citations are numbered: each distinct supporting span gets
one number, in order of first use, and the answer text is the supported sentences with
their `[n]` markers. A draft with no supported sentence, one whose answer to the question
itself was invented (`dodges`), or one whose answering sentence draws on a passage sentence
about something else (`topic.py`) becomes the refusal; a sentence joining the question's
rank to a name its sources rank otherwise is unsupported (`ranks.py`). Needs no model:
`embed` is optional and only ranks which sentence answers the question.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from ..types import Answer, AnswerSentence, Citation, Passage, Scope, split_end
from .conflict import antecedent, disagreeing
from .counted import recounted
from .doers import another_person, another_speaker, only_source
from .drafts import split_draft
from .echo import echoes
from .grounding import Embed, Evidence, Support, evidence_units, support
from .leaders import another_leader
from .mentions import is_statement, quoted
from .opposites import reversed_premise
from .ranks import contradicted
from .topic import closest, mismatch, topicality
from .verdicts import BARE_VERDICT, unstated
from .wanted import wrong_kind


def refusal_text(question: str) -> str:
    """The refusal, quoting the question once, with its own closing mark only."""
    q = question.strip()
    mark = "?" if q.endswith("?") else ""
    return f"The articles don't say. Nothing in the archive answers “{q.rstrip('?.!… ')}{mark}”"


def refusal(
    question: str,
    standalone: str,
    passages: Sequence[Passage],
    scope: Scope | None = None,
    dated: tuple[dt.date, dt.date] | None = None,
    unknown: Sequence[str] = (),
) -> Answer:
    """The answer when no passage is relevant enough to ask the model at all, or the
    question names what no article does (`unknown`, said); when the search was limited and
    found nothing, it says which dates and sources it searched, and (`dated`: the archive's
    first and last publication dates) which dates the archive holds."""
    text = refusal_text(standalone)
    if not passages and scope is not None and scope.limits_dates:
        text = f"{text}: no article {searched(scope)} is in the archive."
        if dated:  # "this week" asked of an older archive: say what it holds, and how to ask
            held = f"{dated[0]}" if dated[0] == dated[1] else f"{dated[0]} to {dated[1]}"
            how = "; ask as of another date to search another time" if scope.window else ""
            text = f"{text[:-1]} (its articles are dated {held}{how})."
    elif unknown:
        text = f"{text}: no article names {' or '.join(unknown)}."
    elif not passages and scope is not None and scope.sources:
        text = f"{text}: no article from {', '.join(scope.sources)} is in the archive."
    return Answer(
        question=question,
        text=text,
        answered=False,
        passages=tuple(passages),
        standalone_question=standalone,
        scope=scope,
    )


def searched(scope: Scope) -> str:
    """The dates (and sources) a scope searched, in words."""
    low, high = scope.date_range()
    dates = f"published {low} to {high}" if low else f"published up to {high}"
    if scope.phrase:
        dates += f" ({scope.words}, as of {scope.as_of})"
    if scope.sources:
        dates += f" from {', '.join(scope.sources)}"
    return dates


def build_answer(
    question: str,
    standalone: str,
    draft: str,
    passages: Sequence[Passage],
    embed: Embed | None = None,
) -> Answer:
    """Ground the draft against the passages and number the citations that survive."""
    units = [u.text for u in evidence_units(passages)]
    verdicts = _uncontradicted(
        support(split_draft(draft), passages, standalone, embed), standalone, units, passages
    )
    citations: list[Citation] = []
    numbers: dict[tuple[str, int, int], int] = {}
    evidence: dict[int, Evidence] = {}

    def cite(ev: Evidence) -> int:
        key = (passages[ev.passage].article_id, ev.start, ev.end)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            evidence[numbers[key]] = ev
            citations.append(Citation.quoting(numbers[key], passages[ev.passage], ev.start, ev.end))
        return numbers[key]

    sentences: list[AnswerSentence] = []
    for verdict in verdicts:
        cited: list[int] = []
        for ev in verdict.evidence:
            if (number := cite(ev)) not in cited:
                cited.append(number)
        sentences.append(
            AnswerSentence(
                verdict.sentence, tuple(cited), verdict.supported, verdict.note, verdict.refusal
            )
        )
    supported = [s for s in sentences if s.supported]
    answering: AnswerSentence | None = None
    if supported and not dodges(standalone, sentences, embed):
        saying = [s for s in supported if not echoes(standalone, s.text)]  # may answer it
        if not saying:
            why = "it only repeats the question"
        else:
            # "Is there any extra budget for AI? how much" drafted "Yes, there is … . It is
            # approximately USD 1.3 billion.": the sentence closest to the question states no
            # figure, the one that does answers (a new user, 2026-12-05, refused).
            fitting = [s for s in saying if not wrong_kind(standalone, s.text)] or saying
            answering = fitting[closest(standalone, [s.text for s in fitting], embed)]
            by_number = {c.number: c.quote for c in citations}
            quotes = [by_number[n] for n in answering.citations]
            cited = [evidence[n] for n in answering.citations]
            articles = [passages[ev.passage].article_id for ev in cited]
            referents = [antecedent(ev, passages) for ev in cited]
            lead_ins = [antecedent(ev, passages, any_opening=True) for ev in cited]
            topic = topicality(standalone, answering.text, quotes, embed, units, articles, lead_ins)
            earlier = [_before(ev, passages[ev.passage]) for ev in cited]
            why = mismatch(standalone, answering.text, quotes, referents, earlier) or (
                ""
                if topic.on_topic
                else "the passage sentence it draws on is about something else (word overlap "
                f"{topic.overlap:.2f}, similarity {topic.similarity:.2f})"
            )
        if why:
            note = f"does not answer the question: {why}"
            sentences = [
                dataclasses.replace(s, supported=False, note=note, citations=())
                if s.supported
                else s
                for s in sentences
            ]
            supported = []
        else:
            sentences = _quoted_unstated(standalone, sentences, evidence, passages)
            supported = [s for s in sentences if s.supported]
    if not supported or dodges(standalone, sentences, embed):
        return Answer(
            question=question,
            text=refusal_text(standalone),
            answered=False,
            sentences=tuple(sentences),
            passages=tuple(passages),
            standalone_question=standalone,
            draft=draft,
        )
    if answering is not None:  # another article giving another figure is said, not hidden
        cited_evidence = [evidence[n] for n in answering.citations]
        others = [evidence[n] for s in supported for n in s.citations]  # also not "another"
        for ev in disagreeing(standalone, answering.text, cited_evidence, passages, embed, others):
            supported.append(_disagreement(ev, passages[ev.passage], cite(ev)))
        sentences += [s for s in supported if s.conflict]
    # Numbers in order of use by what is said (a sentence dropped may have used one).
    used = dict.fromkeys(n for s in supported for n in s.citations)
    order = {n: i for i, n in enumerate(used, 1)}

    def renumbered(s: AnswerSentence) -> AnswerSentence:
        return dataclasses.replace(s, citations=tuple(order[n] for n in s.citations))

    return Answer(
        question=question,
        text=" ".join(renumbered(s).with_markers() for s in supported),
        answered=True,
        citations=tuple(
            sorted(
                (
                    dataclasses.replace(c, number=order[c.number])
                    for c in citations
                    if c.number in order
                ),
                key=lambda c: c.number,
            )
        ),
        sentences=tuple(renumbered(s) for s in sentences),
        passages=tuple(passages),
        standalone_question=standalone,
        draft=draft,
    )


def _uncontradicted(
    verdicts: Sequence[Support],
    question: str,
    units: Sequence[str],
    passages: Sequence[Passage],
) -> list[Support]:
    """`verdicts`, each supported sentence that joins the question's rank to a name its
    passage sentences (`units`) rank otherwise (`ranks.py`), or whose cited text is of
    another leader's government than the question's (`leaders.py`), another person's deed
    or words, or names who only tells the news (`doers.py`), or whose source reverses a word
    or count of the question it repeats (`opposites.py`, `counted.recounted`), made
    unsupported, saying why."""
    # Rejected (073f11a): the question's names checked against the passages only (premise.py).
    out = []
    for v in verdicts:
        cited = " ".join(e.text for e in v.evidence)
        before = " ".join(antecedent(e, passages, any_opening=True) for e in v.evidence)
        why = (
            contradicted(question, v.sentence, cited, units)
            or another_leader(question, cited)
            or another_person(question, v.sentence, cited)
            or another_speaker(question, cited, before)
            or only_source(question, v.sentence, [e.text for e in v.evidence])
            or reversed_premise(question, v.sentence, cited, units)
            or recounted(question, v.sentence, cited)
            if v.supported
            else ""
        )
        out.append(dataclasses.replace(v, supported=False, evidence=(), note=why) if why else v)
    return out


def _quoted_unstated(
    question: str,
    sentences: Sequence[AnswerSentence],
    evidence: dict[int, Evidence],
    passages: Sequence[Passage],
) -> list[AnswerSentence]:
    """`sentences`, each that answers a yes/no question or a comparison with words its
    sources do not state (`verdicts.unstated`) replaced by those sources, quoted: the reader
    judges the claim the sources leave open ("Is the KRW 1.8 trillion budget part of the
    fund?" → the sentence that calls it "additional"). A bare "Yes." (any passage sentence
    "supports" it), a quote already said and a source that is no statement ("Editor's note:
    …") are not said; their sentences stay in the record, unsupported, saying why."""
    out: list[AnswerSentence] = []
    for s in sentences:
        cited = [evidence[n] for n in s.citations]
        quotes = [ev.text.strip() for ev in cited]
        context = " ".join(
            [passages[ev.passage].title for ev in cited]
            + [antecedent(ev, passages) for ev in cited]
        )
        lacking = s.supported and unstated(question, s.text, quotes, context)
        if lacking:
            note = f"a verdict its sources do not state ({lacking})"
            text = quoted(quotes, len({passages[ev.passage].article_id for ev in cited}))
            why = ""
            if lacking == BARE_VERDICT:
                why = "it says nothing of its own"
            elif not all(is_statement(q) for q in quotes):
                why = "its source says nothing"
            elif any(o.text == text for o in out):
                why = "its sources are quoted above"
            if why:
                s = dataclasses.replace(s, supported=False, citations=(), note=f"{note}; {why}")
            else:
                s = dataclasses.replace(s, text=text, note=f"{note}; quoted")
        out.append(s)
    return out


def _before(ev: Evidence, passage: Passage) -> str:
    """The text of `ev`'s passage before it."""
    return passage.text[: ev.start - passage.start]


def _disagreement(ev: Evidence, passage: Passage, number: int) -> AnswerSentence:
    """'Another source differs: …', quoting the other article's sentence."""
    dated = f", {passage.published}" if passage.published else ""
    body, _ = split_end(ev.text.strip())
    text = f"Another source differs: “{passage.title}” ({passage.source}{dated}) says “{body}”"
    return AnswerSentence(text, (number,), True, note="a source that disagrees", conflict=True)


def dodges(
    question: str,
    sentences: Sequence[AnswerSentence],
    embed: Embed | None = None,
) -> bool:
    """True when the draft's answer to the question itself is an invented fact.

    A small model asked something the articles lack may invent the answer ("Samsung will build
    it") and pad it with true but beside-the-point sentences. If the sentence closest to the
    question failed for an invented figure or name, the supported padding is no answer.
    """
    invented = [s for s in sentences if not s.supported and s.note.startswith(("number", "name"))]
    if not invented:
        return False
    return sentences[closest(question, [s.text for s in sentences], embed)] in invented
