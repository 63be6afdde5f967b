"""A corpus folder: which files in it are articles, reading them all, and adding new ones.

`scan` reads every file under the folder (hidden names skipped; other unsupported files,
and symbolic links that lead out of the folder, to folders, nowhere or in a loop, reported
rather than silently ignored); `placement` decides where an added file goes without ever
replacing another article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArticleError
from ..types import Article
from .read import SUFFIXES, read_article


@dataclass(frozen=True)
class ScanResult:
    articles: list[Article]
    errors: list[ArticleError]
    broken_ids: frozenset[str]  # ids of article files that exist but could not be read


def article_id(path: Path, root: Path) -> str:
    """Stable id: the path under the corpus root without its suffix, '/'-separated."""
    rel = path.relative_to(root).with_suffix("")
    return rel.as_posix()


def scan(root: Path) -> ScanResult:
    """Read every article file under `root`; broken ones are returned as errors, not raised."""
    if not root.is_dir():
        raise ArticleError(str(root), "not a folder")
    articles: list[Article] = []
    errors: list[ArticleError] = []
    broken: set[str] = set()
    seen: dict[str, str] = {}
    for path in _article_files(root):
        refused = _link_problem(path, root)
        if refused:  # reported, and not kept from an earlier scan: it is not this folder's
            errors.append(ArticleError(display_path(path, root), refused))
            continue
        try:
            article = read_article(path, article_id(path, root), display=display_path(path, root))
            if article.id in seen:
                raise ArticleError(
                    article.path, f"same article id {article.id!r} as {seen[article.id]}"
                )
        except ArticleError as exc:
            errors.append(exc)
            broken.add(article_id(path, root))
            continue
        seen[article.id] = article.path
        articles.append(article)
    return ScanResult(articles, errors, frozenset(broken))


def display_path(path: Path, root: Path) -> str:
    """How a file is named in reports: the folder's name, then the path inside it."""
    return (Path(root.name) / path.relative_to(root)).as_posix()


def placement(source: Path, root: Path) -> tuple[Path, bool]:
    """Where a file added to the folder goes, and whether that file is already there.

    A file whose name is taken by a different file keeps both: it goes under the first free
    name `stem-2.md`, `stem-3.md`, …, so adding never replaces an article unasked.
    """
    data = source.read_bytes()
    for n in range(1, 10_000):
        name = source.name if n == 1 else f"{source.stem}-{n}{source.suffix}"
        target = root / name
        if not target.exists():
            return target, False
        if target.is_file() and target.read_bytes() == data:
            return target, True
    raise ArticleError(source.name, "too many files of that name in the corpus folder")


def _link_problem(path: Path, root: Path) -> str:
    """Why a symbolic link is not followed ('' for a link to a file inside the folder)."""
    if not path.is_symlink():
        return ""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop of links
        return "broken or looping symbolic link, not followed"
    if not target.is_relative_to(root.resolve()):
        return f"symbolic link to {target}, outside the corpus folder, not followed"
    if target.is_dir():
        return "symbolic link to a folder, not followed (its files are read where they are)"
    return ""


def _article_files(root: Path) -> Iterator[Path]:
    """Every file under `root`, and every symbolic link (which `scan` checks), sorted."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_symlink():
            yield path
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() in SUFFIXES:
            yield path
        elif path.name.lower() not in {"readme", "license"}:
            # Reported (by the caller) rather than silently ignored: a user who drops a .pdf
            # in the folder should learn it was not indexed.
            yield path


def remove_files(article_id: str, root: Path) -> None:
    """Delete the file(s) of an article from the folder (any accepted suffix)."""
    for suffix in SUFFIXES:
        candidate = root / f"{article_id}{suffix}"
        if candidate.is_file():
            candidate.unlink()
