"""`Assistant`: the one object the CLI, the UI and Python users talk to.

ask/stream: condense a follow-up into a standalone question → retrieve passages → refuse
early if none is relevant → stream the model's draft → ground it (`ground.py`) → `Answer`.
Heavy pieces (embedder, Chroma, language model) are created on first use, not at import.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import prompts
from .answer import Answer, AnswerSentence, Citation, Passage
from .errors import AssistantError, IndexNotBuiltError, QuestionError
from .generate import Generator, make_generator
from .ground import Embed, split_draft, support
from .settings import Settings
from .text import content_terms

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from .corpus import Article
    from .ingest import IngestProgress, IngestReport
    from .retrieve import Retriever
    from .store import ArticleSummary, Store

# Cosine similarity (all-MiniLM-L6-v2, question vs. title+chunk) below which no passage is
# considered related to the question, so the model is not even asked. Measured with
# benchmarks/relevance_gate.py (70 RealTimeQA questions, weeks 2025-01-03..24): with their
# own articles indexed the best passage scores p10 0.43 / p50 0.65; with only other weeks'
# news indexed it still scores p50 0.46, so no gate separates "related news" from "the
# answer". And short questions about one detail of a long chunk score low even when the
# chunk answers them (0.27-0.28 for three seed questions). So the gate is set low, to spare
# the model only clearly off-topic questions; ground.py decides everything else.
MIN_RELEVANCE = 0.20

Turn = tuple[str, str]  # (question, answer text) of an earlier exchange


def refusal_text(question: str) -> str:
    q = question.strip().rstrip("?").strip()
    return f"The articles don't say. Nothing in the archive answers “{q}?”"


class Assistant:
    """Answers questions from the indexed articles, with checked citations."""

    def __init__(
        self,
        settings: Settings,
        *,
        generator: Generator | None = None,
        embedder: BaseEmbedding | None = None,
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
        embedder: BaseEmbedding | None = None,
    ) -> Assistant:
        """An assistant over the index in `settings.index_dir` (which must exist)."""
        assistant = cls(settings or Settings.load(), generator=generator, embedder=embedder)
        _ = assistant.store  # fail now, with a clear message, if there is no index
        return assistant

    # --- components, created on first use ---------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from .store import Store

            self._store = Store.open(self.settings)
        return self._store

    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            from .embed import load_embedder

            s = self.settings
            self._embedder = load_embedder(s.model_cache_dir, s.embed_backend, s.threads)
        return self._embedder

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            self._generator = make_generator(self.settings)
        return self._generator

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from .retrieve import Retriever

            self._check_embedder()

            self._retriever = Retriever(self.store, self.embedder, self.settings)
        return self._retriever

    def _check_embedder(self) -> None:
        """Questions must be embedded the way the index was, or the search is noise."""
        import json

        from .embed import embedder_name
        from .settings import EMBED_BACKENDS

        recorded = self.store.get_meta("signature")
        built_with = json.loads(recorded).get("embedder") if recorded else None
        wanted = embedder_name(self.settings.embed_backend)
        if built_with is not None and built_with != wanted:
            runtime = {embedder_name(b): b for b in EMBED_BACKENDS}.get(built_with)
            other = f", or set embed_backend = {runtime!r}" if runtime else ""
            raise IndexNotBuiltError(
                f"the index at {self.settings.index_dir} was embedded with {built_with}, but "
                f"embed_backend = {self.settings.embed_backend!r} embeds with {wanted}: run "
                f"`assistant ingest` to re-embed it{other}"
            )

    # --- corpus --------------------------------------------------------------------------

    def ingest(
        self,
        corpus_dir: Path | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Update the index from a folder of articles (see `ingest.ingest`)."""
        from .ingest import ingest

        return ingest(
            self.settings, corpus_dir, embedder=self.embedder, progress=progress, store=self.store
        )

    def corpus_root(self) -> Path:
        """The folder this index mirrors (where new articles go)."""
        recorded = self.store.get_meta("corpus_dir")
        return Path(recorded) if recorded else self.settings.corpus_dir

    def articles(self) -> list[ArticleSummary]:
        return self.store.list_articles()

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    # --- questions -------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer `question` (a follow-up to `history`, if given)."""
        stream = self.stream(question, history)
        for _ in stream:
            pass
        if stream.answer is None:  # only a closed stream ends without one
            raise AssistantError("the answer was stopped before it was finished")
        return stream.answer

    def stream(self, question: str, history: Sequence[Turn] = ()) -> AnswerStream:
        """Like `ask`, but iterate it for the draft's text pieces; `.answer` at the end."""
        question = self._check(question)
        return AnswerStream(self, question, tuple(history))

    def _check(self, question: str) -> str:
        question = " ".join((question or "").split())
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
        question = self._check(question)
        passages = self.retriever.retrieve(question)
        messages = prompts.choice_messages(question, choices, passages)
        reply = "".join(self.generator.stream(messages, 4)).strip()
        match = re.match(r"\(?([A-Za-z])\b", reply)
        index = ord(match.group(1).upper()) - ord("A") if match else None
        if index is not None and not 0 <= index < len(choices):
            index = None
        return Choice(index, tuple(passages), reply)

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question (unchanged without history)."""
        if not history:
            return question
        recent = [(q, a) for q, a in history[-3:]]  # older turns rarely matter, cost prefill
        reply = "".join(
            self.generator.stream(prompts.condense_messages(question, recent), 64)
        ).strip()
        reply = reply.splitlines()[0].strip().strip('"') if reply else ""
        return reply if len(reply) >= 5 else question


@dataclasses.dataclass(frozen=True)
class Choice:
    index: int | None  # None: the reply named no valid choice
    passages: tuple[Passage, ...]
    reply: str


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
            self.answer = Answer(
                question=self.question,
                text=refusal_text(standalone),
                answered=False,
                passages=tuple(passages),
                standalone_question=standalone,
                timings=timings,
            )
            yield self.answer.text
            return
        mark = time.perf_counter()
        draft = ""
        messages = prompts.answer_messages(standalone, relevant)
        for piece in a.generator.stream(messages, a.settings.max_new_tokens):
            if not draft:
                timings["first_token_s"] = time.perf_counter() - started
            draft += piece
            yield piece
        timings["generate_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        answer = build_answer(
            self.question, standalone, draft, relevant, a.embedder.get_text_embedding_batch
        )
        timings["ground_s"] = time.perf_counter() - mark
        timings["total_s"] = time.perf_counter() - started
        # Keep every retrieved passage (not only those shown to the model) for evaluation.
        self.answer = dataclasses.replace(answer, passages=tuple(passages), timings=timings)


def build_answer(
    question: str,
    standalone: str,
    draft: str,
    passages: Sequence[Passage],
    embed: Embed | None = None,
) -> Answer:
    """Ground the draft against the passages and number the citations that survive."""
    verdicts = support(split_draft(draft), passages, standalone, embed)
    citations: list[Citation] = []
    numbers: dict[tuple[int, int], int] = {}
    sentences: list[AnswerSentence] = []
    for verdict in verdicts:
        cited: list[int] = []
        for ev in verdict.evidence:
            key = (ev.start, ev.end)
            if key not in numbers:
                p = passages[ev.passage]
                numbers[key] = len(citations) + 1
                citations.append(
                    Citation(
                        number=numbers[key],
                        article_id=p.article_id,
                        title=p.title,
                        source=p.source,
                        url=p.url,
                        published=p.published,
                        chunk_id=p.chunk_id,
                        chunk_start=p.start,
                        chunk_end=p.end,
                        start=ev.start,
                        end=ev.end,
                        quote=ev.text,
                    )
                )
            if numbers[key] not in cited:
                cited.append(numbers[key])
        sentences.append(
            AnswerSentence(verdict.sentence, tuple(cited), verdict.supported, verdict.note)
        )
    supported = [s for s in sentences if s.supported]
    if not supported or _dodges(standalone, sentences, embed):
        return Answer(
            question=question,
            text=refusal_text(standalone),
            answered=False,
            sentences=tuple(sentences),
            passages=tuple(passages),
            standalone_question=standalone,
            draft=draft,
        )
    text = " ".join(_with_markers(s) for s in supported)
    return Answer(
        question=question,
        text=text,
        answered=True,
        citations=tuple(citations),
        sentences=tuple(sentences),
        passages=tuple(passages),
        standalone_question=standalone,
        draft=draft,
    )


def _dodges(
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
    texts = [question] + [s.text for s in sentences]
    if embed is not None:
        vectors = embed(texts)
        scores = [sum(a * b for a, b in zip(vectors[0], v, strict=True)) for v in vectors[1:]]
    else:
        asked = content_terms(question)
        scores = [len(asked & content_terms(t)) / (len(asked) or 1) for t in texts[1:]]
    best = max(range(len(sentences)), key=lambda i: scores[i])
    return sentences[best] in invented


def _with_markers(sentence: AnswerSentence) -> str:
    markers = "".join(f"[{n}]" for n in sentence.citations)
    body = sentence.text.rstrip()
    match = re.search(r"[.!?]+[\"'”’)]*$", body)
    if match:
        return f"{body[: match.start()]} {markers}{body[match.start() :]}"
    return f"{body} {markers}."
