"""The real language model on the seed article: right answers, right citations, refusals.

Slow (the model loads in ~10 s and answers in ~3-15 s on 2 cores); run with
`pytest -m slow` or `make test`. Every test runs on the transformers backend and, where
`llama-cpp-python` is installed (optional; `.ci/run` installs it), on llama.cpp too.
"""

from pathlib import Path

import pytest

from assistant.index.ingest import ingest
from assistant.llm.backends import llama_cpp_available
from assistant.llm.llama_cpp import LlamaCppGenerator, has_amx
from assistant.llm.transformers_backend import TransformersGenerator
from assistant.pipeline import Assistant
from assistant.runtime import cpu_flags
from assistant.settings import Settings

pytestmark = pytest.mark.slow

ANSWERABLE = [
    # (question, a string the answer must contain, a string the cited passage must contain)
    ("How large is the AI investment fund?", "100 trillion", "KRW 100 trillion"),
    ("How many GPUs does the plan target?", "50,000", "50,000 GPU units"),
    ("How big is the supplementary budget for AI?", "1.8 trillion", "KRW 1.8 trillion"),
    ("What does the AI G3 initiative aim to do?", "top three", "top three global AI powers"),
    ("What will the funds be channelled towards?", "talent", "fostering talent"),
    # Answered "the new administration…" from another passage once the whole article was
    # indexed (d703516, an xfail for issue #15); right on both backends in CI at 421a4dc
    # (2026-12-01), after the passages were framed as quoted data.
    (
        "Who is driving the push to put South Korean companies on the global stage?",
        "Lee Jae-myung",
        "President Lee Jae-myung has launched",
    ),
]
# llama.cpp without its weight repacking (on CPUs with AMX: `plain_cpu_buffers`) answers
# this borderline one "The new administration is committed …", from another passage (a
# clean CI clone, 2026-12-04); transformers still answers it right there. So does llama.cpp
# on AVX2 alone (no AVX-512: other kernels; a clean CI clone on an AMD EPYC, 2026-12-07).
FLIPS_WITHOUT_REPACKING = {ANSWERABLE[-1][0]}
UNANSWERABLE = [
    "What is the population of Seoul?",
    "How many NPUs will Samsung produce?",
]


@pytest.fixture(scope="module", params=["transformers", "llama-cpp"])
def bot(request, tmp_path_factory, model_cache_dir):
    if request.param == "llama-cpp":
        if not llama_cpp_available():
            pytest.skip("llama-cpp-python is not installed (optional: pip install '.[fast]')")
        generator = LlamaCppGenerator(model_cache_dir)
    else:
        generator = TransformersGenerator(model_cache_dir)
    index = tmp_path_factory.mktemp("index")
    settings = Settings(index_dir=index, model_cache_dir=model_cache_dir)
    ingest(settings, Settings().corpus_dir)
    return Assistant.open(settings, generator=generator)


@pytest.mark.parametrize("question, expected, quote", ANSWERABLE)
def test_answers_with_the_right_citation(request, bot, question, expected, quote):
    if question in FLIPS_WITHOUT_REPACKING and isinstance(bot.generator, LlamaCppGenerator):
        if has_amx() or "avx512f" not in cpu_flags():
            request.applymarker(pytest.mark.xfail(reason="llama.cpp's kernels on this CPU"))
    answer = bot.ask(question)
    assert answer.answered, answer.draft
    assert expected in answer.text
    assert answer.citations, answer.text
    # Every citation of the sentence that states the fact points at the passage saying it.
    stating = [s for s in answer.sentences if s.supported and expected in s.text]
    assert stating, answer.sentences
    cited = [answer.citations[n - 1] for s in stating for n in s.citations]
    assert any(quote in c.quote for c in cited), [c.quote for c in cited]
    article = bot.article(cited[0].article_id)
    assert all(article.text[c.start : c.end] == c.quote for c in answer.citations)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_refuses_what_the_article_does_not_say(bot, question):
    answer = bot.ask(question)
    assert not answer.answered, answer.text
    assert answer.text.startswith("The articles don't say")
    assert answer.citations == ()


def test_follow_up_uses_history(bot):
    first = bot.ask("How large is the AI investment fund?")
    follow = bot.ask(
        "And how much is the supplementary budget?", history=[(first.question, first.text)]
    )
    assert follow.answered, follow.draft
    assert "1.8 trillion" in follow.text


def test_bf16_runs_decode_and_prompts_through_the_gguf_int4_weights(model_cache_dir):
    import torch
    from safetensors import safe_open

    from assistant.llm.int4_linear import DECODE_ROWS
    from assistant.llm.package import weight_files

    generator = TransformersGenerator(model_cache_dir)
    if not generator.int4_prompts:
        pytest.skip("int4 prompts are off (ASSISTANT_INT4_PROMPTS)")
    model, _ = generator.load()
    dual = {n: m for n, m in model.named_modules() if type(m).__name__ == "_DualLinear"}
    # Every Q4_K linear: q, k, o, gate, up in all 28 layers, v and down in half of them.
    assert len(dual) == 5 * 28 + 2 * 14
    assert all(m.weight is None for m in dual.values())  # their bf16 copy is never read
    kept = [m for m in dual.values() if m.unpacked is not None]
    if generator.wide:  # no native bf16: every layer multiplies prompts in fp32, none kept
        assert not kept and all(m.wide for m in dual.values())
        wide = [m for m in model.modules() if type(m).__name__ == "_WideLinear"]
        assert len(wide) == 2 * 14  # the Q6_K v and down layers
    else:  # the first layers' unpacked weights kept, within the budget
        size = sum(m.unpacked.numel() * m.unpacked.element_size() for m in kept)
        assert all(m.weight_scale is None for m in kept)  # bf16 (prompt_weights_int8 is off)
        assert 0 < size <= generator.kept_bytes < size + 2 * 8960 * 1536
        assert kept == list(dual.values())[: len(kept)] and list(dual.values())[-1] not in kept
    files = weight_files(Path(model.name_or_path))
    torch.manual_seed(0)
    for name in list(dual)[:3] + list(dual)[-2:]:
        layer = dual[name]
        with safe_open(str(files[name]), "pt") as f:
            weight = f.get_tensor(name + ".weight")
        x = torch.randn(1, DECODE_ROWS + 4, layer.in_features, dtype=torch.bfloat16)
        with torch.inference_mode():
            prompt = layer(x).float()
            decode = torch.cat([layer(x[:, i : i + 1]) for i in range(x.shape[1])], 1).float()
            bf16 = torch.nn.functional.linear(x, weight, layer.bias).float()
        assert ((prompt - bf16).norm() / bf16.norm()).item() < 0.02
        assert ((decode - bf16).norm() / bf16.norm()).item() < 0.02


def test_the_int8_head_agrees_with_the_bf16_head_it_came_from(model_cache_dir):
    import torch
    from safetensors import safe_open

    from assistant.llm.package import weight_files

    generator = TransformersGenerator(model_cache_dir)
    if not generator.int8_head:
        pytest.skip("the int8 head is off (ASSISTANT_INT8_HEAD or a float32 model)")
    model, _ = generator.load()
    head = model.get_output_embeddings()
    assert head.values.dtype == torch.int8
    with safe_open(str(weight_files(Path(model.name_or_path))["lm_head"]), "pt") as f:
        weight = f.get_tensor("lm_head.weight")
    torch.manual_seed(0)
    x = torch.randn(2, weight.shape[1], dtype=torch.bfloat16)
    with torch.inference_mode():
        int8 = head(x).float()
        bf16 = torch.nn.functional.linear(x, weight).float()
    assert ((int8 - bf16).norm() / bf16.norm()).item() < 0.02
    assert torch.equal(int8.argmax(-1), bf16.argmax(-1))


def test_reusing_the_previous_prompt_cache_does_not_change_answers(model_cache_dir):
    from assistant.answering.prompts import answer_messages
    from assistant.corpus import folder as corpus
    from assistant.types import Passage

    article = corpus.scan(Settings().corpus_dir).articles[0]
    passages = [
        Passage(
            chunk_id=f"{article.id}#{n}",
            article_id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
            start=start,
            end=end,
            paragraph=n,
            text=article.text[start:end],
            score=1.0,
        )
        for n, (start, end) in enumerate(article.paragraphs[:4])
    ]
    first, second = ANSWERABLE[0][0], ANSWERABLE[3][0]
    warm = TransformersGenerator(model_cache_dir)
    # Shares the loaded model, not the cache, and keeps none.
    fresh = TransformersGenerator(model_cache_dir, reuse_cache=False)
    for generator in (warm, fresh):
        "".join(generator.stream(answer_messages(first, passages), 40))
    reply = "".join(warm.stream(answer_messages(second, passages), 40))
    assert warm.last_reused > 100  # the system prompt and all four passages
    assert reply == "".join(fresh.stream(answer_messages(second, passages), 40))
    assert fresh.last_reused == 0
