"""Reading article files into clean `Article` records.

Accepted: Markdown (`.md`, YAML front matter required), plain text (`.txt`, front matter
optional: else the first line is the title) and HTML (`.html`/`.htm`, body and metadata
extracted by trafilatura). The cleaned text is the article's paragraphs joined by blank
lines; every character span elsewhere in the product refers to this text.

A file that cannot become an article raises `ArticleError` naming the reason (`folder.scan`
collects those, so one broken file never stops the rest). No chunking or embedding here.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import ArticleError
from ..sentences import sentence_spans
from ..types import Article
from .hidden import follow_hidden, shown_html

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_FILE_BYTES = 5 * 1024 * 1024

# Page furniture that scrapers leave in article bodies. Matched against a whole paragraph,
# case-insensitively, so a sentence that merely mentions an advert is kept.
_FURNITURE = re.compile(
    r"^(?:[-–—\s]*advertisement[-–—\s]*(?:spot_img)?|spot_img|stay connected|leave a reply"
    r"|share (?:this|on \w+)|follow us(?: on \w+)?|subscribe(?: now| to our newsletter)?"
    r"|read more|related (?:posts|articles|stories)|skip to (?:main )?content"
    r"|[\d.,]+[km]? (?:followers|fans|subscribers|likes)(?: \w+)?)[.!:]?$",
    re.IGNORECASE,
)


def read_article(path: Path, article_id: str, display: str | None = None) -> Article:
    """Parse one file; raises ArticleError with a specific reason."""
    shown = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleError(
            shown, f"unsupported file type {suffix or '(none)'}; use .md, .txt or .html"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(shown, f"cannot read file ({exc.strerror or exc})") from exc
    return parse_article(raw, suffix, article_id, shown)


def parse_article(raw: bytes, suffix: str, article_id: str, shown: str) -> Article:
    """Parse the bytes of an article file of the given suffix."""
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(shown, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    content = _decode(raw, shown)
    if not content.strip():
        raise ArticleError(shown, "empty file")
    if suffix in (".html", ".htm"):
        meta, paragraphs = _parse_html(content, shown)
        if not str(meta.get("title") or "").strip():
            raise ArticleError(shown, "no title (the page has no <title> and no heading)")
    else:
        meta, body = _split_front_matter(content, shown, required=suffix != ".txt")
        if suffix == ".txt" and "title" not in meta:
            first, _, body = body.strip().partition("\n")
            meta["title"] = first.strip()
        paragraphs = _markdown_paragraphs(body) if suffix != ".txt" else _text_paragraphs(body)
    article = _build(article_id, shown, meta, paragraphs)
    if suffix in (".md", ".markdown") and article.published is None:
        raise ArticleError(shown, "no published date (add 'published: YYYY-MM-DD')")
    return article


def _decode(raw: bytes, shown: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so (Windows editors save
    "Unicode" text as UTF-16, whose NUL bytes would otherwise look binary)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    shown, f"not valid {codec.upper()} text (byte {exc.start})"
                ) from exc
    if b"\x00" in raw[:8192]:
        raise ArticleError(shown, "binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(shown, f"not UTF-8 text (byte {exc.start})") from exc


def _split_front_matter(content: str, shown: str, required: bool) -> tuple[dict[str, Any], str]:
    import yaml

    lines = content.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        if required:
            raise ArticleError(shown, "no YAML front matter (file must start with '---')")
        return {}, content
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            block, body = "".join(lines[1:i]), "".join(lines[i + 1 :])
            break
    else:
        raise ArticleError(shown, "bad front matter: no closing '---' line")
    try:
        # libyaml's parser when present: ~10x faster, same results as safe_load.
        meta = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(shown, f"bad front matter: {exc}".splitlines()[0]) from exc
    if not isinstance(meta, dict):
        raise ArticleError(shown, "bad front matter: expected 'key: value' lines")
    return {str(k).lower(): v for k, v in meta.items()}, body


def _markdown_paragraphs(body: str) -> list[str]:
    """Block text of Markdown, without markup: headings, lists and quotes become paragraphs."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    out = []
    for token in tokens:
        if token.type == "inline":
            parts = []
            hidden: list[str] = []  # the open inline tags a browser would not show
            for child in token.children or []:
                if child.type == "html_inline":
                    follow_hidden(child.content, hidden)
                elif hidden:
                    continue
                elif child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            out.append("".join(parts))
        elif token.type in ("fence", "code_block"):
            out.append(token.content)
    return out


def _text_paragraphs(body: str) -> list[str]:
    return re.split(r"\n\s*\n", body)


def _parse_html(content: str, shown: str) -> tuple[dict[str, Any], list[str]]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    loaded = shown_html(content)
    doc = (
        trafilatura.bare_extraction(
            loaded[1], include_comments=False, include_tables=False, with_metadata=False
        )
        if loaded is not None
        else None
    )
    if loaded is None or doc is None or not (doc.text or "").strip():
        raise ArticleError(shown, "no article text found in the HTML")
    page = extract_metadata(loaded[0])
    meta = {
        "title": page.title,
        "source": page.sitename or page.hostname,
        "url": page.url,
        "published": page.date,
        "authors": page.author,
    }
    # trafilatura puts one paragraph per line.
    return {k: v for k, v in meta.items() if v}, doc.text.split("\n")


def _clean_paragraphs(paragraphs: list[str]) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        para = " ".join(para.split())
        if not para or _FURNITURE.match(para):
            continue
        # Scrapers repeat the standfirst, pull quotes and share boxes: a paragraph said
        # before is said once.
        if para in seen:
            continue
        seen.add(para)
        kept.append(para)
    return kept


# Text that is no article: one sentence making up this share of a long text, or a paragraph
# this many words long without a sentence end. Either would become hundreds of near-equal
# chunks that crowd every other article out of the approximate vector search.
MAX_REPEATED_SHARE = 0.3
MIN_SENTENCES_FOR_REPEATS = 10
MAX_WORDS_WITHOUT_SENTENCE_END = 600


def _degenerate(paragraphs: list[str]) -> str:
    """Why the cleaned paragraphs are not article text ('' when they are)."""
    counts: Counter[str] = Counter()
    for para in paragraphs:
        spans = sentence_spans(para)
        words = len(para.split())
        if len(spans) <= 1 and words > MAX_WORDS_WITHOUT_SENTENCE_END:
            return f"a paragraph of {words} words without a sentence end: not article text"
        counts.update(para[s:e].lower() for s, e in spans)
    total = sum(counts.values())
    if total >= MIN_SENTENCES_FOR_REPEATS and counts:
        sentence, n = counts.most_common(1)[0]
        if n / total > MAX_REPEATED_SHARE:
            shown = f"{sentence[:40]!r}…"
            return f"repetitive text: one sentence is {n} of its {total} sentences ({shown})"
    return ""


def _build(article_id: str, shown: str, meta: dict[str, Any], paragraphs: list[str]) -> Article:
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise ArticleError(shown, "no title (add 'title:' to the front matter)")
    kept = _clean_paragraphs(paragraphs)
    if kept and kept[0] == title:
        kept = kept[1:]
    if not kept:
        raise ArticleError(shown, "no article text after cleaning")
    degenerate = _degenerate(kept)
    if degenerate:
        raise ArticleError(shown, degenerate)
    spans, cursor = [], 0
    for para in kept:
        spans.append((cursor, cursor + len(para)))
        cursor += len(para) + 2
    return Article(
        id=article_id,
        path=shown,
        title=title,
        source=str(meta.get("source") or "").strip(),
        url=str(meta.get("url") or "").strip(),
        published=_parse_date(meta.get("published", meta.get("date")), shown),
        authors=_parse_authors(meta.get("authors", meta.get("author"))),
        text="\n\n".join(kept),
        paragraphs=tuple(spans),
    )


def _parse_date(value: Any, shown: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ArticleError(shown, f"unknown date format {text!r}; use ISO 8601, e.g. 2025-06-12")


def _parse_authors(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        items = re.split(r";|,| and ", value)
    elif isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = [str(value)]
    return tuple(a.strip() for a in items if a.strip())
