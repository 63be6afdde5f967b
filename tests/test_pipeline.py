import dataclasses

import pytest

from assistant.answering import prompts
from assistant.errors import IndexNotBuiltError, QuestionError
from assistant.pipeline import MIN_RELEVANCE, Assistant
from assistant.pipeline.stream import relevant_passages
from assistant.types import Passage

from .fakes import ScriptedGenerator


def _open(settings, embedder, script):
    generator = ScriptedGenerator(script)
    return Assistant.open(settings, generator=generator, embedder=embedder), generator


def test_answer_carries_checked_citations(seeded, embedder):
    bot, gen = _open(seeded, embedder, ["South Korea plans a KRW 100 trillion fund [3]."])
    answer = bot.ask("How large is the AI investment fund?")
    assert answer.answered
    assert answer.text == "South Korea plans a KRW 100 trillion fund [1]."
    (c,) = answer.citations
    article = bot.article(c.article_id)
    assert article.text[c.start : c.end] == c.quote
    assert "KRW 100 trillion" in c.quote
    assert c.title.startswith("President Lee") and c.url and c.published
    assert article.text[c.chunk_start : c.chunk_end].find(c.quote) >= 0
    # The prompt sent is the module's, with the retrieved passages numbered.
    (messages,) = gen.calls
    assert messages[0] == {"role": "system", "content": prompts.ANSWER_SYSTEM}
    assert "[1] President Lee" in messages[1]["content"]
    assert messages[1]["content"].endswith("Question: How large is the AI investment fund?")
    assert set(answer.timings) >= {"retrieve_s", "generate_s", "total_s", "first_token_s"}


def test_invented_answer_is_refused(seeded, embedder):
    bot, _ = _open(seeded, embedder, ["Seoul has about 9.4 million residents [1]."])
    answer = bot.ask("What is the population of Seoul?")
    assert not answer.answered
    assert answer.text.startswith("The articles don't say")
    assert answer.citations == ()
    assert answer.sentences[0].supported is False


def test_irrelevant_question_is_refused_without_generating(seeded, embedder):
    bot, gen = _open(seeded, embedder, ["should not be used"])
    answer = bot.ask("What is a good recipe for banana bread?")
    assert max(p.score for p in answer.passages) < MIN_RELEVANCE
    assert not answer.answered and gen.calls == []


def test_a_name_the_embedder_does_not_know_still_finds_its_passage(seeded, embedder):
    bot, gen = _open(seeded, embedder, ["The government prioritizes domestic NPUs [1]."])
    question = "What are NPUs and why does the government care about them?"
    answer = bot.ask(question)
    assert max(p.score for p in answer.passages) < MIN_RELEVANCE  # the gate alone refused it
    (messages,) = gen.calls
    assert "Neural Processing Units (NPUs)" in messages[1]["content"]
    assert answer.answered and "NPUs" in answer.citations[0].quote


def _passage(text, score):
    return Passage("c", "a", "Title", "Wire", "", None, 0, len(text), 0, text, score)


def test_below_the_gate_only_passages_naming_what_the_question_asks_about_are_read():
    npus = _passage("The government backs domestic NPUs.", 0.14)
    fund = _passage("A KRW 100 trillion fund was announced.", 0.17)
    assert relevant_passages("What are NPUs for?", [fund, npus]) == [npus]
    assert relevant_passages("Samsung plans what?", [fund, npus]) == []  # named nowhere
    # A request's first word names nothing; an acronym opening a question does.
    tell = _passage("Tell them the fund is ready.", 0.1)
    assert relevant_passages("Tell me about bread", [tell]) == []
    assert relevant_passages("NPUs: what are they?", [fund, npus]) == [npus]
    close = _passage("Banana bread needs ripe bananas.", 0.5)
    # Above the gate, the passages that pass it, and any naming a name of the question
    # that none of those names (a new user, 2026-12-05: the NPU paragraph scored 0.19).
    assert relevant_passages("Tell me about NPUs", [close, npus]) == [close, npus]
    assert relevant_passages("Tell me about bread", [close, tell]) == [close]
    named = _passage("NPUs and banana bread.", 0.5)
    assert relevant_passages("Tell me about NPUs", [named, npus]) == [named]  # named above
    assert relevant_passages("New NPUs?", [named, _passage("New bread.", 0.1)]) == [named]
    assert relevant_passages("", [fund]) == []
    assert relevant_passages(" ", [close, npus]) == [close]
    assert relevant_passages("NPUs?", [close, npus]) == [close, npus]  # a one-word question
    # One sentence of a long chunk does not carry its cosine: half the question's content
    # words in a passage (a request's first word aside) let it be read too.
    visas = _passage("It also offers top-tier visas to skilled foreigners.", 0.17)
    assert relevant_passages("Tell me about the visa changes.", [fund, visas]) == [visas]
    assert relevant_passages("How much does a visa cost?", [fund, visas]) == []  # 1 of 3
    assert relevant_passages("tell me about visa changes", [fund, visas]) == [visas]
    for asked in ("Could you tell me about visa changes?", "What does the article say on visas?"):
        assert relevant_passages(asked, [fund, visas]) == [visas], asked


def test_passages_far_behind_the_best_are_not_shown():
    best, near, far = (_passage(t, s) for t, s in (("a", 0.6), ("b", 0.46), ("c", 0.44)))
    assert relevant_passages("q", [best, far, near], gap=0.15) == [best, near]  # rank kept
    assert relevant_passages("q", [best, far, near]) == [best, far, near]  # 1.0: off
    assert relevant_passages("q", [best, far], gap=0) == [best]


def test_the_model_reads_only_the_passages_within_the_gap(seeded, embedder):
    seeded = dataclasses.replace(seeded, passage_gap=0.15)
    bot, gen = _open(seeded, embedder, ["The AI investment fund is KRW 100 trillion [1]."])
    answer = bot.ask("How large is the AI investment fund?")
    shown = gen.calls[0][1]["content"].count("] President Lee")
    best = max(p.score for p in answer.passages)
    within = [p for p in answer.passages if p.score >= best - seeded.passage_gap]
    assert shown == len(within) < len(answer.passages) and answer.answered


def test_follow_up_is_condensed_before_retrieval(seeded, embedder):
    script = [
        "How much of the AI investment is a supplementary budget?",
        "There is an additional KRW 1.8 trillion supplementary budget for AI [2].",
    ]
    bot, gen = _open(seeded, embedder, script)
    history = [("How large is the AI investment fund?", "KRW 100 trillion [1].")]
    answer = bot.ask("and how much of that is a supplementary budget?", history=history)
    condense, answer_call = gen.calls
    assert condense[0]["content"] == prompts.CONDENSE_SYSTEM
    assert "User: How large is the AI investment fund?" in condense[1]["content"]
    assert answer.standalone_question == script[0]
    assert "Question: " + script[0] in answer_call[1]["content"]
    assert answer.answered and "1.8 trillion" in answer.citations[0].quote


def test_follow_up_history_as_chat_messages_is_read_as_pairs(seeded, embedder):
    script = [
        "How much of the AI investment is a supplementary budget?",
        "There is an additional KRW 1.8 trillion supplementary budget for AI [2].",
    ]
    bot, gen = _open(seeded, embedder, script)
    messages = [
        {"role": "user", "content": "How large is the AI investment fund?"},
        {"role": "assistant", "content": "KRW 100 trillion [1]."},
    ]
    answer = bot.ask("and how much of that is a supplementary budget?", history=messages)
    condense = gen.calls[0][1]["content"]
    assert "User: How large is the AI investment fund?" in condense
    assert "Assistant: KRW 100 trillion [1]." in condense and "role" not in condense
    assert answer.answered
    with pytest.raises(QuestionError, match="pairs or chat messages"):
        bot.ask("and then?", history=[{"role": "user"}])


def test_stream_yields_pieces_then_answer(seeded, embedder):
    bot, _ = _open(seeded, embedder, ["The plan targets over 50,000 GPU units [1]."])
    stream = bot.stream("How many GPUs does the plan target?")
    pieces = list(stream)
    assert len(pieces) > 3 and "".join(pieces) == "The plan targets over 50,000 GPU units [1]."
    assert stream.answer.answered and "50,000" in stream.answer.citations[0].quote


def test_stream_can_be_stopped(seeded, embedder):
    bot, _ = _open(seeded, embedder, ["one two three four five six"])
    stream = bot.stream("How many GPUs does the plan target?")
    next(iter(stream))
    stream.close()
    assert stream.answer is None


@pytest.mark.parametrize(
    "question, match",
    [
        ("   ", "empty"),
        ("x" * 2000, "limit is 1000"),
        ("How large is the fund\udcff?", "not valid text: character 22"),
        (42, "must be text \\(str\\), not int"),
        (b"How large?", "must be text \\(str\\), not bytes"),
        ("\x1b[31m\x1b[0m\x07", "empty"),
    ],
)
def test_bad_questions(seeded, embedder, question, match):
    bot, _ = _open(seeded, embedder, ["x"])
    with pytest.raises(QuestionError, match=match):
        bot.ask(question)


def test_missing_index_says_to_ingest(settings):
    with pytest.raises(IndexNotBuiltError, match="assistant ingest"):
        Assistant.open(settings)


def test_answer_to_dict_is_json_ready(seeded, embedder):
    import json

    bot, _ = _open(seeded, embedder, ["The fund is KRW 100 trillion [1]."])
    data = bot.ask("How large is the AI investment fund?").to_dict()
    text = json.dumps(data)
    assert data["citations"][0]["published"] == "2025-09-19" and "KRW" in text


class Hesitant(ScriptedGenerator):
    """Would open with the refusal marker (greedy), but gives it only probability `p`."""

    def __init__(self, p, answer):
        super().__init__([answer])
        self.p, self.bans = p, []

    def first_token_probabilities(self, messages, options):
        return [self.p if o == prompts.NOT_FOUND else 0.0 for o in options]

    def stream(self, messages, max_new_tokens, ban_first=()):
        self.bans.append(tuple(ban_first))
        if not ban_first:
            self.calls.append(list(messages))
            yield prompts.NOT_FOUND
            return
        yield from super().stream(messages, max_new_tokens, ban_first)


def test_below_the_refusal_threshold_the_model_must_answer_and_grounding_decides(seeded, embedder):
    gen = Hesitant(0.4, "The AI investment fund is KRW 100 trillion [1].")
    bot = Assistant.open(seeded, generator=gen, embedder=embedder)
    answer = bot.ask("How large is the AI investment fund?")
    assert gen.bans == [prompts.REFUSAL_OPENINGS]  # the marker in every casing
    assert answer.answered and "KRW 100 trillion" in answer.citations[0].quote
    assert answer.refusal_probability == 0.4


def test_at_the_refusal_threshold_the_answer_is_a_refusal_without_a_draft(seeded, embedder):
    import dataclasses

    gen = Hesitant(0.4, "The AI investment fund is KRW 100 trillion [1].")
    settings = dataclasses.replace(seeded, refusal_threshold=0.4)
    answer = Assistant.open(settings, generator=gen, embedder=embedder).ask(
        "How large is the fund?"
    )
    assert not answer.answered and gen.bans == [] and answer.draft == prompts.NOT_FOUND


def test_escapes_and_control_characters_are_stripped_before_the_question_is_echoed(
    seeded, embedder
):
    bot, _ = _open(seeded, embedder, ["NOT IN ARTICLES"])
    answer = bot.ask("\x1b[2J\x1b]0;owned\x07What is a good\u202e recipe\x00 for bread?\r\n")
    assert answer.question == "What is a good recipe for bread?"
    assert "\x1b" not in answer.text and "recipe for bread" in answer.text
