"""The transformers copy of the language model: one per stored dtype, recast without the GGUF."""

import json

import pytest

from assistant.llm import package as models
from assistant.llm.package import LLM_SHA256, converted_dir, is_converted, prepare_llm

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def tiny_fp16_copy(cache_dir):
    """A converted fp16 copy as `prepare_llm` leaves it, with a two-layer random model."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel

    folder = converted_dir(cache_dir)
    config = transformers.Qwen2Config(
        vocab_size=16,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
    )
    torch.manual_seed(0)
    model = transformers.Qwen2ForCausalLM(config).to(torch.float16)
    model.save_pretrained(str(folder))
    vocab = {f"w{i}": i for i in range(16)}
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer(WordLevel(vocab, unk_token="w0"))
    )
    tokenizer.save_pretrained(str(folder))
    (folder / "converted.json").write_text(json.dumps({"sha256": LLM_SHA256}))
    return folder, model


def test_a_bf16_copy_is_recast_from_the_fp16_one_which_is_then_dropped(tmp_path, monkeypatch):
    def no_gguf(*args):
        raise AssertionError("the GGUF is not needed when an fp16 copy exists")

    monkeypatch.setattr(models, "assemble_gguf", no_gguf)
    fp16, model = tiny_fp16_copy(tmp_path)
    assert prepare_llm(tmp_path, dtype="float16") == fp16  # already there: untouched

    out = prepare_llm(tmp_path, dtype="bfloat16")
    assert out == converted_dir(tmp_path, "bfloat16") != fp16
    assert is_converted(out) and json.loads((out / "converted.json").read_text())["dtype"] == (
        "bfloat16"
    )
    assert not fp16.exists()
    loaded = transformers.AutoModelForCausalLM.from_pretrained(str(out))
    weight = loaded.model.layers[0].mlp.up_proj.weight
    assert weight.dtype == torch.bfloat16
    expected = model.model.layers[0].mlp.up_proj.weight.to(torch.bfloat16)
    assert torch.equal(weight, expected)
    assert prepare_llm(tmp_path, dtype="bfloat16") == out  # cached from now on
