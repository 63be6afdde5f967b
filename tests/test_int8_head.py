"""The int8 output head: built once from the converted model, close to bf16, refused if stale."""

import json

import pytest

from assistant.errors import ModelError
from assistant.llm import int8_head
from assistant.llm.int8_head import attach_int8_head, int8_head_path, prepare_int8_head
from assistant.llm.package import LLM_SHA256, converted_dir

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def tiny_bf16_copy(cache_dir, vocab=64, tied=False):
    """A converted bf16 copy; the real model's head is untied from its embeddings."""
    folder = converted_dir(cache_dir, "bfloat16")
    config = transformers.Qwen2Config(
        vocab_size=vocab,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        tie_word_embeddings=tied,
    )
    torch.manual_seed(0)
    transformers.Qwen2ForCausalLM(config).to(torch.bfloat16).save_pretrained(str(folder))
    (folder / "converted.json").write_text(json.dumps({"sha256": LLM_SHA256}))
    return folder


def load(folder):
    return transformers.AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.bfloat16)


@pytest.mark.parametrize("tied", [False, True])
def test_the_int8_head_gives_the_bf16_heads_logits(tmp_path, tied):
    folder = tiny_bf16_copy(tmp_path, tied=tied)
    model = load(folder).eval()
    ids = torch.tensor([[1, 5, 9, 30, 63]])
    with torch.inference_mode():
        expected = model(ids).logits.float()
        attach_int8_head(model, prepare_int8_head(tmp_path, folder))
        got = model(ids).logits.float()
    assert got.shape == expected.shape
    assert (got - expected).abs().max() < 0.02 * expected.abs().max()
    head = model.get_output_embeddings()
    assert head.values.dtype == torch.int8 and not hasattr(head, "weight")
    # The embedding lookup still uses the bf16 table.
    assert model.get_input_embeddings().weight.dtype == torch.bfloat16


def test_the_head_is_cached_once(tmp_path, monkeypatch):
    folder = tiny_bf16_copy(tmp_path)
    path = prepare_int8_head(tmp_path, folder)
    assert path == int8_head_path(tmp_path) and path.is_file()

    def no_rebuild(*args):
        raise AssertionError("the cached head is rebuilt")

    monkeypatch.setattr(int8_head, "weight_files", no_rebuild)
    assert prepare_int8_head(tmp_path, folder) == path


def test_a_head_for_another_model_is_refused(tmp_path):
    other = tmp_path / "other"
    path = prepare_int8_head(other, tiny_bf16_copy(other, vocab=48))
    model = load(tiny_bf16_copy(tmp_path))
    with pytest.raises(ModelError, match="does not fit"):
        attach_int8_head(model, path)
