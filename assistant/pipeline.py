"""`Assistant`: the one object the CLI, the UI and Python users talk to. Orchestration only.

ask/stream: condense a follow-up into a standalone question → retrieve passages → refuse
early if none is relevant → stream the model's draft → ground it and assemble the `Answer`
(`answering/`). The corpus side (ingest, list, add, remove) goes through here too, so the
interfaces never reach into the index. Heavy pieces (embedder, Chroma, language model) are
created on first use, not at import.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answering import prompts
from .answering.assembly import build_answer, refusal
from .answering.history import Turn, condense, read_history
from .errors import AssistantError, IndexNotBuiltError, QuestionError
from .settings import Settings
from .text import printable
from .types import Answer, FileOutcome, Passage

if TYPE_CHECKING:
    from .answering.choice import Choice
    from .embed.base import Embedder
    from .index.ingest import IngestProgress, IngestReport
    from .index.retrieve import Retriever
    from .index.store import Store
    from .llm.base import Generator
    from .types import Article, ArticleSummary

# Cosine similarity (all-MiniLM-L6-v2, question vs. title+chunk) below which no passage is
# considered related to the question, so the model is not even asked. Measured with
# benchmarks/relevance_gate.py (70 RealTimeQA questions, weeks 2025-01-03..24): with their
# own articles indexed the best passage scores p10 0.43 / p50 0.65; with only other weeks'
# news indexed it still scores p50 0.46, so no gate separates "related news" from "the
# answer". And short questions about one detail of a long chunk score low even when the
# chunk answers them (0.27-0.28 for three seed questions). So the gate is set low, to spare
# the model only clearly off-topic questions; grounding decides everything else.
MIN_RELEVANCE = 0.20


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
            from .index.store import Store

            self._store = Store.open(self.settings)
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from .embed.base import load_embedder

            s = self.settings
            self._embedder = load_embedder(s.model_cache_dir, s.embed_backend, s.threads)
        return self._embedder

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            from .llm.backends import make_generator

            self._generator = make_generator(self.settings)
        return self._generator

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from .index.ingest import check_signature
            from .index.retrieve import Retriever

            check_signature(self.store, self.settings)
            self._retriever = Retriever(self.store, self.embedder, self.settings)
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
        from .index.ingest import ingest

        return ingest(
            self.settings, corpus_dir, embedder=self.embedder, progress=progress, store=self.store
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
        from .index.ingest import add_files

        return add_files(
            self.settings,
            paths,
            self.corpus_root(),
            embedder=self.embedder,
            store=self.store,
            progress=progress,
        )

    def remove_article(self, article_id: str) -> bool:
        """Delete an article's file from the corpus folder and its entry from the index."""
        from .corpus.folder import remove_files

        remove_files(article_id, self.corpus_root())
        return self.store.delete_article(article_id)

    # --- questions -------------------------------------------------------------------------

    def ask(self, question: str, history: Iterable[Any] = ()) -> Answer:
        """Answer `question` (a follow-up to `history`, if given).

        `history`: earlier `(question, answer)` pairs, or OpenAI-style chat messages.
        """
        stream = self.stream(question, history)
        for _ in stream:
            pass
        if stream.answer is None:  # only a closed stream ends without one
            raise AssistantError("the answer was stopped before it was finished")
        return stream.answer

    def stream(self, question: str, history: Iterable[Any] = ()) -> AnswerStream:
        """Like `ask`, but iterate it for the draft's text pieces; `.answer` at the end."""
        turns = read_history(history)
        question = self._check(question)
        return AnswerStream(self, question, turns)

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

    def choose(self, question: str, choices: Sequence[str]) -> Choice:
        """Pick one of `choices` from the retrieved passages (multiple-choice evaluation)."""
        from .answering.choice import choose

        question = self._check(question)
        return choose(self.generator, question, choices, self.retriever.retrieve(question))

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question (unchanged without history)."""
        return condense(self.generator, question, history)


class AnswerStream:
    """Iterate for text pieces of the model's draft; then `.answer` holds the `Answer`."""

    def __init__(self, assistant: Assistant, question: str, history: tuple[Turn, ...]) -> None:
        self._assistant = assistant
        self.question = question
        self.history = history
        self.answer: Answer | None = None
        self.passages: list[Passage] = []
        self._iterator = self._run()

    def __iter__(self) -> Iterator[str]:
        return self._iterator

    def __next__(self) -> str:
        return next(self._iterator)

    def close(self) -> None:
        """Stop generating (e.g. the user pressed stop); `.answer` stays None."""
        self._iterator.close()

    def _run(self) -> Iterator[str]:
        a = self._assistant
        timings: dict[str, float] = {}
        started = time.perf_counter()
        standalone = a.condense(self.question, self.history)
        timings["condense_s"] = time.perf_counter() - started
        mark = time.perf_counter()
        passages = a.retriever.retrieve(standalone)
        self.passages = passages
        timings["retrieve_s"] = time.perf_counter() - mark
        relevant = [p for p in passages if p.score >= MIN_RELEVANCE]
        if not relevant:
            timings["total_s"] = time.perf_counter() - started
            self.answer = dataclasses.replace(
                refusal(self.question, standalone, passages), timings=timings
            )
            yield self.answer.text
            return
        mark = time.perf_counter()
        messages = prompts.answer_messages(standalone, relevant)
        # Refusal by evidence, not by the model's first guess: the model's own probability
        # of opening with the refusal marker decides whether it may refuse; below the
        # threshold it must answer, and grounding judges what it writes.
        refuse = sum(a.generator.first_token_probabilities(messages, prompts.REFUSAL_OPENINGS))
        if refuse >= a.settings.refusal_threshold:
            draft = prompts.NOT_FOUND
            timings["first_token_s"] = time.perf_counter() - started
            yield draft
        else:
            draft = ""
            pieces = a.generator.stream(
                messages, a.settings.max_new_tokens, ban_first=prompts.REFUSAL_OPENINGS
            )
            for piece in pieces:
                if not draft:
                    timings["first_token_s"] = time.perf_counter() - started
                draft += piece
                yield piece
        timings["generate_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        answer = build_answer(self.question, standalone, draft, relevant, a.embedder.embed)
        timings["ground_s"] = time.perf_counter() - mark
        timings["total_s"] = time.perf_counter() - started
        # Keep every retrieved passage (not only those shown to the model) for evaluation.
        self.answer = dataclasses.replace(
            answer, passages=tuple(passages), timings=timings, refusal_probability=refuse
        )
