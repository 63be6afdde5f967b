"""HTML for the chat UI: answers with clickable citations, and the sources panel.

Pure functions of `Answer` and `Article` data, so they are unit-tested without a browser.
Every piece of text that comes from an article or the model is escaped here; the result is
trusted HTML for Gradio (whose own sanitiser is therefore turned off).

Clicking `[n]` runs the small script in `CLIENT_JS`: it shows that answer's sources (the
panel holds the sources of every answer of the conversation), opens the article reader for
citation n and scrolls the highlighted passage into view. No server round trip is needed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from assistant.progress import WORKING
from assistant.types import Answer, AnswerSentence, Article, Citation, split_end

ArticleLookup = Callable[[str], Article | None]


def is_web_url(url: str) -> bool:
    """Only http(s) URLs become links: a `javascript:` or `data:` URL from an article's front
    matter would run in the reader's page."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https")


def question_html(question: str) -> str:
    """The user's own words in the chat: escaped, and with the Markdown link and image
    brackets encoded, so "[x](javascript:…)" stays text instead of becoming a live link."""
    escaped = html.escape(question).replace("[", "&#91;").replace("]", "&#93;")
    return f'<span class="na-question">{escaped}</span>'


def cite_link(answer_no: int, n: int) -> str:
    return (
        f'<a href="#" class="na-cite" data-answer="{answer_no}" data-n="{n}" '
        f'title="Show source {n}">[{n}]</a>'
    )


_CURSOR = '<span class="na-cursor">▍</span>'


def draft_html(text: str) -> str:
    """The model's words while they stream in: plain, escaped, marked as not yet checked."""
    return f'<div class="na-draft">{html.escape(text)}{_CURSOR}</div>'


def working_html() -> str:
    """What the chat shows from the question until the model's first word (on 2 AVX2 cores
    p50 15.5 s, README): the search and the model's reading of the passages."""
    working = f'<span class="na-working">{html.escape(WORKING)}</span>'
    return f'<div class="na-draft">{working}{_CURSOR}</div>'


def stopped_html(draft: str) -> str:
    """A draft the user stopped (`draft` is `draft_html`'s output): no cursor, its own style
    and a label, so it is not taken for an answer or for unverified text."""
    if 'class="na-working"' in draft:
        return (
            '<div class="na-stopped"><span class="na-stopped-label">Stopped</span> before the '
            "model wrote anything.</div>"
        )
    body = draft.replace(_CURSOR, "").replace('<div class="na-draft">', "", 1)
    body = body.removesuffix("</div>")
    return (
        '<div class="na-stopped"><span class="na-stopped-label">Stopped; not checked against '
        f"the articles:</span> {body}</div>"
    )


def is_draft(content: str) -> bool:
    return content.startswith('<div class="na-draft">')


def answer_html(answer: Answer, answer_no: int) -> str:
    """A finished answer: verified sentences with links, unverified ones muted, or a refusal."""
    if not answer.answered:
        parts = [f'<div class="na-refusal">{html.escape(answer.text)}</div>']
        drafted = [s for s in answer.sentences if not s.supported and s.note and s.text]
        if any(not s.refusal for s in drafted):
            parts.append(_unverified_block(drafted))
        return "".join(parts)
    sentences = []
    scope = answer.scope
    if scope is not None and scope.window:
        low, high = scope.date_range()
        sentences.append(
            f'<div class="na-scope">As of {scope.as_of}: articles published {low} to {high} '
            f"({html.escape(scope.words)})</div>"
        )
    for s in answer.sentences:
        if s.supported:
            links = "".join(cite_link(answer_no, n) for n in s.citations)
            body, end = split_end(s.text)
            kind = (
                'na-verified na-conflict" title="Another source gives another figure'
                if s.conflict
                else "na-verified"
            )
            sentences.append(
                f'<span class="{kind}">{html.escape(body)} {links}{html.escape(end)}</span>'
            )
        elif not s.refusal:
            sentences.append(_unverified(s.text, s.note))
    return f'<div class="na-answer">{" ".join(sentences)}</div>'


def _unverified(text: str, note: str) -> str:
    reason = html.escape(f"Not verified: {note or 'no passage supports it'}", quote=True)
    return f'<span class="na-unverified" title="{reason}">{html.escape(text)}</span>'


def _unverified_block(sentences: Sequence[AnswerSentence]) -> str:
    inner = " ".join(_unverified(s.text, s.note) for s in sentences)
    return (
        f'<div class="na-unverified-block">The model wrote, but no passage supports: {inner}</div>'
    )


def highlighted_article(article: Article, start: int, end: int) -> str:
    """The article's paragraphs with text[start:end] marked."""
    out = []
    for p_start, p_end in article.paragraphs:
        para = article.text[p_start:p_end]
        s, e = max(start, p_start), min(end, p_end)
        if s < e:
            para_html = (
                html.escape(article.text[p_start:s])
                + f'<mark class="na-mark">{html.escape(article.text[s:e])}</mark>'
                + html.escape(article.text[e:p_end])
            )
        else:
            para_html = html.escape(para)
        out.append(f"<p>{para_html}</p>")
    return "".join(out)


def _meta(c: Citation) -> str:
    date = c.published.isoformat() if c.published else "undated"
    source = html.escape(c.source or "unknown source")
    link = (
        f' · <a href="{html.escape(c.url, quote=True)}" target="_blank" rel="noopener">'
        f"{html.escape(c.url)}</a>"
        if is_web_url(c.url)
        else (f" · {html.escape(c.url)}" if c.url else "")
    )
    return f"{source} · {date}{link}"


def sources_section(answer: Answer, answer_no: int, lookup: ArticleLookup, selected: bool) -> str:
    """The sources of one answer: a card per citation, each with a hidden article reader."""
    hidden = "" if selected else " hidden"
    head = f'<div class="na-sources" data-answer="{answer_no}"{hidden}>'
    question = html.escape(answer.question)
    parts = [head, f'<div class="na-sources-q">Sources for: “{question}”</div>']
    if not answer.citations:
        parts.append('<div class="na-empty">No passage supports an answer to this question.</div>')
    for c in answer.citations:
        article = lookup(c.article_id)
        reader = (
            highlighted_article(article, c.start, c.end)
            if article is not None
            else "<p><em>This article is no longer in the index.</em></p>"
        )
        parts.append(
            f'<div class="na-card" data-n="{c.number}">'
            f'<div class="na-card-head">{cite_link(answer_no, c.number)} '
            f"<strong>{html.escape(c.title)}</strong></div>"
            f'<div class="na-card-meta">{_meta(c)}</div>'
            f'<blockquote class="na-quote">{html.escape(c.quote)}</blockquote>'
            f'<div class="na-reader" data-n="{c.number}" hidden>{reader}</div>'
            "</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def sources_panel(answers: Sequence[Answer], lookup: ArticleLookup, selected: int) -> str:
    """Sections for every answer of the conversation; only `selected` is visible."""
    sections = [sources_section(a, i, lookup, i == selected) for i, a in enumerate(answers)]
    if not sections:
        return '<div class="na-empty">Sources of an answer appear here.</div>'
    return "".join(sections)


CLIENT_JS = """
<script>
(() => {
  if (window.__naCites) return;
  window.__naCites = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.na-cite');
    if (!link) return;
    event.preventDefault();
    const answer = link.dataset.answer, n = link.dataset.n;
    document.querySelectorAll('.na-sources').forEach((s) => {
      s.hidden = s.dataset.answer !== answer;
    });
    const section = document.querySelector(`.na-sources[data-answer="${answer}"]`);
    if (!section) return;
    section.querySelectorAll('.na-reader').forEach((r) => { r.hidden = r.dataset.n !== n; });
    section.querySelectorAll('.na-card').forEach((c) => {
      c.classList.toggle('na-active', c.dataset.n === n);
    });
    const mark = section.querySelector(`.na-reader[data-n="${n}"] mark`);
    if (mark) mark.scrollIntoView({block: 'center', behavior: 'smooth'});
  });
})();
</script>
"""

CSS = """
.na-unverified { color: #8a8a8a; text-decoration: underline dotted; cursor: help; }
.na-unverified-block { margin-top: .5em; font-size: .9em; color: #8a8a8a; }
.na-refusal { font-style: italic; border-left: 3px solid #d9a441; padding-left: .6em; }
.na-conflict { display: block; margin-top: .4em; padding-left: .6em;
  border-left: 3px solid #e07b39; }
.na-scope { font-size: .85em; color: #555; margin-bottom: .3em; }
#na-ask, #na-stop, #na-new { white-space: nowrap; }
.na-draft { color: #555; }
.na-working { font-style: italic; }
.na-stopped { color: #666; font-style: italic; border-left: 3px solid #bbb; padding-left: .6em; }
.na-stopped-label { font-style: normal; font-weight: 600; margin-right: .3em; }
.na-cite { font-weight: 600; text-decoration: none; margin-left: 1px; }
.na-card { border: 1px solid #ddd; border-radius: 6px; padding: .5em .7em; margin: .5em 0; }
.na-card.na-active { border-color: #3b82f6; }
.na-card-meta { font-size: .85em; color: #666; word-break: break-all; }
.na-quote { margin: .4em 0; padding-left: .6em; border-left: 3px solid #3b82f6; }
.na-reader { max-height: 22em; overflow-y: auto; border-top: 1px solid #eee; margin-top: .4em; }
.na-mark { background: #fde68a; padding: 0 1px; scroll-margin: 3em 0; }
.na-sources-q { font-size: .9em; color: #444; margin-bottom: .3em; }
"""
