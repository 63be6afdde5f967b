import datetime as dt

from assistant.corpus.read import read_article
from assistant.types import Answer, AnswerSentence, Citation, Scope
from ui import render

from .conftest import write_article


def _citation(n: int, start: int, end: int, quote: str) -> Citation:
    return Citation(
        n,
        "a",
        "T <b>",
        "Wire",
        "https://x.org/?a=1&b=2",
        dt.date(2025, 6, 12),
        "a#1-0",
        0,
        100,
        start,
        end,
        quote,
    )


def test_answer_links_each_citation_and_mutes_unverified():
    answer = Answer(
        question="q?",
        text="The fund is big [1].",
        answered=True,
        citations=(_citation(1, 0, 10, "The fund."),),
        sentences=(
            AnswerSentence("The fund is big.", (1,), True),
            AnswerSentence(
                "Samsung <script> runs it.", (), False, "name(s) not in the sources: samsung"
            ),
        ),
    )
    out = render.answer_html(answer, 3)
    assert 'The fund is big <a href="#" class="na-cite" data-answer="3" data-n="1"' in out
    assert "[1]</a>." in out  # the marker goes before the full stop
    assert (
        '<span class="na-unverified" title="Not verified: name(s) not in the sources: samsung">'
        in out
    )
    assert "&lt;script&gt;" in out and "<script>" not in out


def test_an_answer_from_a_window_says_which_dates_and_where_a_yearless_month_fell():
    scope = Scope(
        as_of=dt.date(2026, 12, 3),
        window=(dt.date(2025, 3, 1), dt.date(2026, 12, 3)),
        phrase="March",
        reading="March 2025",
    )
    answer = Answer(
        question="q?",
        text="The fund is big [1].",
        answered=True,
        citations=(_citation(1, 0, 10, "The fund."),),
        sentences=(AnswerSentence("The fund is big.", (1,), True),),
        scope=scope,
    )
    assert (
        '<div class="na-scope">As of 2026-12-03: articles published 2025-03-01 to 2026-12-03 '
        "(“March” read as March 2025, the archive&#x27;s latest)</div>"
    ) in render.answer_html(answer, 1)


def test_refusal_looks_different_and_shows_invented_text_as_unverified():
    answer = Answer(
        question="Population?",
        text="The articles don't say. Nothing in the archive answers “Population?”",
        answered=False,
        sentences=(
            AnswerSentence(
                "Seoul has 9.7 million people.", (), False, "number(s) not in the sources: 9.7e+06"
            ),
        ),
    )
    out = render.answer_html(answer, 0)
    assert out.startswith('<div class="na-refusal">The articles don&#x27;t say.')
    assert "na-unverified" in out and "na-cite" not in out


def test_plain_refusal_has_no_unverified_block():
    answer = Answer(
        question="q",
        text="The articles don't say.",
        answered=False,
        sentences=(
            AnswerSentence("NOT IN ARTICLES", (), False, "says the sources lack it", refusal=True),
        ),
    )
    assert "na-unverified" not in render.answer_html(answer, 0)


def test_highlight_marks_exactly_the_span(tmp_path):
    article = read_article(
        write_article(tmp_path, "a.md", "A", "First para here.\n\nSecond & last."), "a"
    )
    start = article.text.index("Second")
    out = render.highlighted_article(article, start, start + len("Second & last."))
    assert out == '<p>First para here.</p><p><mark class="na-mark">Second &amp; last.</mark></p>'


def test_sources_panel_has_a_section_per_answer_and_shows_the_selected(tmp_path):
    article = read_article(write_article(tmp_path, "a.md", "A", "The fund is big."), "a")
    answer = Answer(
        "q <1>", "The fund is big [1].", True, citations=(_citation(1, 0, 16, "The fund is big."),)
    )
    refusal = Answer("q2", "The articles don't say.", False)
    out = render.sources_panel([answer, refusal], lambda _id: article, selected=1)
    assert '<div class="na-sources" data-answer="0" hidden>' in out
    assert '<div class="na-sources" data-answer="1">' in out
    assert "q &lt;1&gt;" in out and "T &lt;b&gt;" in out
    assert 'href="https://x.org/?a=1&amp;b=2"' in out
    assert '<mark class="na-mark">The fund is big.</mark>' in out
    assert "No passage supports an answer" in out


def test_missing_article_is_said_not_crashed():
    answer = Answer("q", "t [1].", True, citations=(_citation(1, 0, 1, "t"),))
    out = render.sources_panel([answer], lambda _id: None, selected=0)
    assert "no longer in the index" in out


def test_draft_is_escaped():
    assert "&lt;b&gt;" in render.draft_html("<b>")


def test_only_web_urls_become_links():
    import dataclasses

    for url in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc",
    ):
        c = dataclasses.replace(_citation(1, 0, 1, "t"), url=url)
        section = render.sources_section(
            Answer("q", "t [1].", True, citations=(c,)), 0, lambda _: None, True
        )
        assert 'href="' + html_escape(url) not in section and 'target="_blank"' not in section
        assert html_escape(url) in section  # still shown, as text
    web = render.sources_section(
        Answer("q", "t [1].", True, citations=(_citation(1, 0, 1, "t"),)), 0, lambda _: None, True
    )
    assert 'href="https://x.org/?a=1&amp;b=2"' in web


def test_the_users_question_cannot_become_a_link():
    out = render.question_html("see [here](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "[" not in out and "<img" not in out and "&#91;here&#93;" in out


def html_escape(text):
    import html

    return html.escape(text, quote=True)
