"""`Assistant`: the one object the CLI, the UI and Python users talk to. Orchestration only.

ask/stream: the question's `Scope` (as-of date, sources, dates) → `stream.AnswerStream`
(condense, retrieve, draft, ground). The corpus side (ingest, list, add, remove) goes
through here too, so the interfaces never reach into the index. Heavy pieces (embedder,
Chroma, language model) are created on first use, not at import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from ..answering.history import Turn, condense, read_history
from ..errors import AssistantError, IndexNotBuiltError, QuestionError
from ..settings import Settings
from ..shown import printable
from ..types import Answer, FileOutcome, Passage, Scope
from .stream import AnswerStream, question_scope

if TYPE_CHECKING:
    from ..answering.choice import Choice
    from ..embed.base import Embedder
    from ..index.ingest import IngestProgress, IngestReport
    from ..index.lexical import LexicalIndex
    from ..index.retrieve import Retriever
    from ..index.store import Store
    from ..llm.base import Generator
    from ..types import Article, ArticleSummary


class Limits(TypedDict, total=False):
    """What a question may be limited to. Dates: `datetime.date`, ISO 8601 text or words
    ("yesterday"); `as_of` defaults to today."""

    as_of: dt.date | str | None
    since: dt.date | str | None
    until: dt.date | str | None
    sources: Sequence[str]


class Assistant:
    """Answers questions from the indexed articles, with checked citations."""

    def __init__(
        self,
        settings: Settings,
        *,
        generator: Generator | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self._generator = generator
        self._embedder = embedder
        self._store: Store | None = None
        self._lexical: LexicalIndex | None = None
        self._retriever: Retriever | None = None

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        *,
        generator: Generator | None = None,
        embedder: Embedder | None = None,
    ) -> Assistant:
        """An assistant over the index in `settings.index_dir` (which must exist)."""
        assistant = cls(settings or Settings.load(), generator=generator, embedder=embedder)
        _ = assistant.store  # fail now, with a clear message, if there is no index
        return assistant

    # --- components, created on first use ---------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..index.store import Store

            self._store = Store.open(self.settings)
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from ..embed.base import load_embedder

            s = self.settings
            self._embedder = load_embedder(s.model_cache_dir, s.embed_backend, s.threads)
        return self._embedder

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            from ..llm.backends import make_generator

            self._generator = make_generator(self.settings)
        return self._generator

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            from ..index.lexical import LexicalIndex

            self._lexical = LexicalIndex(self.store)
        return self._lexical

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from ..index.ingest import check_signature
            from ..index.retrieve import Retriever

            check_signature(self.store, self.settings)
            self._retriever = Retriever(self.store, self.embedder, self.settings, self.lexical)
        return self._retriever

    def warm_up(self) -> None:
        """Load the language model and the embedder now, so the first answer is not slow."""
        self.generator.load()
        self.embedder.embed(["warm up"])

    # --- corpus --------------------------------------------------------------------------

    def ingest(
        self,
        corpus_dir: Path | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Update the index from a folder of articles (see `index.ingest.ingest`)."""
        from ..index.ingest import ingest

        return ingest(
            self.settings,
            corpus_dir,
            embedder=self.embedder,
            progress=progress,
            store=self.store,
            lexical=self.lexical,
        )

    def corpus_root(self) -> Path:
        """The folder this index mirrors (where new articles go)."""
        recorded = self.store.get_meta("corpus_dir")
        return Path(recorded) if recorded else self.settings.corpus_dir

    def article_count(self) -> int:
        return self.store.article_count()

    def index_updated(self) -> str | None:
        """When an ingest last changed the index (ISO 8601, UTC), if recorded."""
        return self.store.get_meta("updated_at")

    def articles(self) -> list[ArticleSummary]:
        return self.store.list_articles()

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def add_files(
        self, paths: Sequence[Path], progress: Callable[[IngestProgress], None] | None = None
    ) -> tuple[IngestReport, list[FileOutcome]]:
        """Copy article files into the corpus folder and ingest it; per file, what happened
        (see `index.ingest.add_files`: adding never replaces another article)."""
        from ..index.ingest import add_files

        return add_files(
            self.settings,
            paths,
            self.corpus_root(),
            embedder=self.embedder,
            store=self.store,
            progress=progress,
            lexical=self.lexical,
        )

    def remove_article(self, article_id: str) -> bool:
        """Delete an article's file from the corpus folder and its entry from the index."""
        from ..corpus.folder import remove_files

        remove_files(article_id, self.corpus_root())
        deleted = self.store.delete_article(article_id)
        self.lexical.ensure_current()  # rebuilt now, not on the next question
        self.store.vectors.ensure_current()
        return deleted

    # --- questions -------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        history: Iterable[Any] = (),
        **limits: Unpack[Limits],
    ) -> Answer:
        """Answer `question` (a follow-up to `history`, if given) from what the archive
        held on `as_of` (default today), within `sources` and `since`..`until` if given.

        `history`: earlier `(question, answer)` pairs, or OpenAI-style chat messages.
        Dates: `datetime.date`, ISO 8601 text, or words ("yesterday").
        """
        stream = self.stream(question, history, **limits)
        for _ in stream:
            pass
        if stream.answer is None:  # only a closed stream ends without one
            raise AssistantError("the answer was stopped before it was finished")
        return stream.answer

    def stream(
        self,
        question: str,
        history: Iterable[Any] = (),
        **limits: Unpack[Limits],
    ) -> AnswerStream:
        """Like `ask`, but iterate it for the draft's text pieces; `.answer` at the end."""
        turns = read_history(history)
        scope = self.scope(**limits)
        question = self._check(question)
        return AnswerStream(self, question, turns, scope)

    def scope(self, **limits: Unpack[Limits]) -> Scope:
        """What a question searches; dates read by `index.dates.parse_user_date`."""
        from ..index.dates import parse_user_date

        today = dt.date.today()
        day = parse_user_date(limits.get("as_of"), "as_of", today) or today
        low = parse_user_date(limits.get("since"), "since", day)
        high = parse_user_date(limits.get("until"), "until", day)
        if low and high and low > high:
            raise QuestionError(f"since ({low}) is after until ({high}): no date is in between")
        sources = limits.get("sources", ())
        if isinstance(sources, str):
            sources = [sources]
        names = tuple(sorted({str(s).strip() for s in sources if str(s).strip()}))
        return Scope(as_of=day, since=low, until=high, sources=names)

    def _check(self, question: str) -> str:
        if question is None:
            question = ""
        if not isinstance(question, str):
            raise QuestionError(f"the question must be text (str), not {type(question).__name__}")
        try:
            question.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. invalid UTF-8 in argv
            raise QuestionError(
                f"the question is not valid text: character {exc.start + 1} is not Unicode "
                "(invalid UTF-8 in the input?)"
            ) from None
        question = " ".join(printable(question).split())
        if not question:
            raise QuestionError("the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(question)} characters long; the limit is "
                f"{self.settings.max_question_chars}"
            )
        if self.store.article_count() == 0:
            raise IndexNotBuiltError(
                f"the index at {self.settings.index_dir} has no articles: run `assistant ingest`"
            )
        return question

    def search(
        self,
        question: str,
        **limits: Unpack[Limits],
    ) -> tuple[Scope, list[Passage]]:
        """Retrieval only, no language model: the scope searched (with the question's own
        time words) and every ranked passage, best first (`ask` shows the model `top_k`)."""
        scope = self.scope(**limits)
        question = self._check(question)
        scope = question_scope(scope, question, self.settings, self.store)
        return scope, self.retriever.rank(question, scope)

    def choose(
        self, question: str, choices: Sequence[str], *, as_of: dt.date | str | None = None
    ) -> Choice:
        """Pick one of `choices` from the retrieved passages (multiple-choice evaluation).

        Rejected (88a1774, reverted): searching with the question alone and with each choice
        appended, the rankings fused by reciprocal rank. RealTimeQA multiple choice, 52 weeks
        pooled: dev 79 → 84 of 150 (11 won, 6 lost; ad hoc); test 59% → 59% of 100 (3 won,
        3 lost; `benchmarks/answer_quality.py --before 91a4e50 --after 88a1774 --splits none
        --no-open --rtqa-pool …`, 2026-12-01). Also rejected: 8 passages instead of
        `top_k` (4): dev 79 → 82 of the same 150 (8 won, 5 lost; right text in them 47 → 53),
        choice p50 4.7 → 11.2 s (ad hoc, the 4-passage run from an earlier day). And
        (2026-12-03, ad hoc, 77 dev quizzes): each choice's first-token probability added
        over the 4 cyclic orders of the choices, against a letter bias: 50 → 46 right (3
        won, 7 lost), +1.25 s per extra order; the bias is mild (README)."""
        from ..answering.choice import choose

        question = self._check(question)
        scope = question_scope(self.scope(as_of=as_of), question, self.settings, self.store)
        return choose(self.generator, question, choices, self.retriever.retrieve(question, scope))

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question (unchanged without history)."""
        return condense(self.generator, question, history)
