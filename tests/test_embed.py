"""The int8 ONNX embedder against the fp32 reference, and the index remembering which it used."""

import json

import pytest

from assistant.embed.base import embedder_name, load_embedder
from assistant.errors import IndexNotBuiltError
from assistant.index.ingest import ingest, signature
from assistant.pipeline import Assistant
from assistant.settings import Settings

from .fakes import ScriptedGenerator

TEXTS = [
    "title: Korea's AI plan\n\nThe government will invest KRW 100 trillion in artificial intelligence.",
    "title: Storm warning\n\nHeavy rain is expected across the east coast on Friday.",
    "A short query about chips",
]


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_onnx_int8_agrees_with_the_fp32_model(model_cache_dir, embedder):
    reference = load_embedder(model_cache_dir, "torch")
    fast = embedder.embed(TEXTS)
    exact = reference.embed(TEXTS)
    for a, b in zip(fast, exact, strict=True):
        assert abs(_cos(a, a) - 1) < 1e-4  # normalised
        assert _cos(a, b) > 0.98
    query = embedder.embed(["How much will Korea spend on AI?"])[0]
    assert _cos(query, fast[0]) > _cos(query, fast[1])


def test_the_onnx_graph_has_no_attention_mask(model_cache_dir):
    # Texts run one by one and unpadded, so a mask would only cost time (~25% of a run).
    import onnx

    from assistant.embed.package import prepare_embedder_onnx

    graph = onnx.load(str(prepare_embedder_onnx(model_cache_dir))).graph
    assert [i.name for i in graph.input] == ["input_ids"]
    masking = [n.name for n in graph.node if n.op_type in ("Where", "IsNaN")]
    assert not [name for name in masking if "/encoder/" in name]


def test_a_texts_vector_does_not_depend_on_its_batch(embedder):
    # Dynamic int8 quantises activations with one scale per run, so texts are run one by one:
    # a question embedded alone must match the same text embedded during ingest.
    one_by_one = [embedder.embed([t])[0] for t in TEXTS]
    batched = embedder.embed(TEXTS)
    for a, b in zip(one_by_one, batched, strict=True):
        assert _cos(a, b) == pytest.approx(1.0, abs=1e-5)


def test_signature_names_the_embedder_runtime_and_export_version(monkeypatch):
    assert embedder_name("torch") != embedder_name("onnx-int8")
    assert signature(Settings(embed_backend="torch")) != signature(Settings())
    before = signature(Settings())
    monkeypatch.setattr("assistant.embed.package.EMBED_ONNX_VERSION", 99)
    assert embedder_name("onnx-int8").endswith("-v99") and signature(Settings()) != before


def test_an_index_from_another_export_is_refused_then_reembedded(settings, seed_corpus, embedder):
    # Vectors of an earlier ONNX export score passages differently (enough to cross the
    # relevance gate), so they must not be mixed with this export's question vectors.
    ingest(settings, seed_corpus, embedder=embedder)
    bot = Assistant.open(settings, generator=ScriptedGenerator(["x"]), embedder=embedder)
    old = json.loads(bot.store.get_meta("signature"))
    old["embedder"] = "all-MiniLM-L6-v2-onnx-int8"  # what indexes recorded before versions
    bot.store.set_meta("signature", json.dumps(old, sort_keys=True))
    with pytest.raises(IndexNotBuiltError, match="onnx-int8, but .*assistant ingest"):
        Assistant.open(settings, generator=ScriptedGenerator(["x"]), embedder=embedder).ask("Fund?")
    report = ingest(settings, seed_corpus, embedder=embedder)
    assert report.reembedded_all and report.updated == ["ai-g3-initiative"]
    again = Assistant.open(settings, generator=ScriptedGenerator(["x"]), embedder=embedder)
    assert again.ask("How large is the AI investment fund?")


def test_asking_an_index_embedded_another_way_says_to_reingest(settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    bot = Assistant.open(settings, generator=ScriptedGenerator(["x"]), embedder=embedder)
    assert bot.ask("How large is the AI investment fund?")  # same runtime: fine
    other = Settings(index_dir=settings.index_dir, embed_backend="torch")
    recorded = json.loads(bot.store.get_meta("signature"))
    assert recorded["embedder"] == embedder_name("onnx-int8")
    with pytest.raises(IndexNotBuiltError, match="assistant ingest.*embed_backend = .onnx-int8."):
        Assistant.open(other, generator=ScriptedGenerator(["x"])).ask("How large is the fund?")
