"""Stale answers: an answer drawn only from articles far older than the archive's news.

A question asked of a news archive as of a date is about that time unless it names another.
"Which California city was affected by unprecedented wildfires?", asked as of 2025-01-10,
was answered "Shaver Lake, Calif." from a story of 2020: true then, wrong now, and cited as
if current. So an answer whose every cited passage is more than `stale_after_days` older
than the newest article the archive holds up to the as-of date is turned into a refusal
that says where the answer would have come from and how to ask about that time.

Measured against the archive's newest article, not the as-of date: an archive that stopped
a year ago (the shipped one) still answers from its own latest news. Not applied when the
question's words or the search's limits name a time (the user asked about it), nor when a
cited passage is undated (its age is unknown). Needs no model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..types import Answer


def stale_source(answer: Answer, newest: dt.date, days: int) -> dt.date | None:
    """The date of the newest article `answer` cites when it is more than `days` before
    `newest` (None: the answer is recent enough, undated, or no answer)."""
    cited = {n for s in answer.sentences if s.supported and not s.conflict for n in s.citations}
    dates = [c.published for c in answer.citations if c.number in cited]
    if not answer.answered or not dates or None in dates or days <= 0:
        return None
    latest = max(d for d in dates if d is not None)
    return latest if (newest - latest).days > days else None


def stale_refusal(answer: Answer, source_date: dt.date, newest: dt.date, days: int) -> Answer:
    """`answer` refused for drawing on news of `source_date` only; its sentences say why."""
    why = (
        f"drawn only from an article of {source_date}, more than {days} days before the "
        f"archive's latest news ({newest})"
    )
    question = answer.standalone_question or answer.question
    mark = "?" if question.strip().endswith("?") else ""
    text = (
        f"The articles don't say. Nothing in the news up to {newest} answers "
        f"“{question.strip().rstrip('?.!… ')}{mark}”; an older article ({source_date}) may: "
        f"to ask about that time, name it (“in {source_date.year}”) or search up to that date."
    )
    sentences = tuple(
        dataclasses.replace(s, supported=False, note=f"stale: {why}", citations=())
        if s.supported
        else s
        for s in answer.sentences
    )
    return dataclasses.replace(answer, text=text, answered=False, citations=(), sentences=sentences)
