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


def tiny_gguf(path):
    """A two-layer Qwen2 GGUF with Q8_0 weights and a byte-level BPE vocabulary."""
    import numpy as np

    gguf = pytest.importorskip("gguf")
    from gguf import GGMLQuantizationType, quants

    rng = np.random.default_rng(0)
    hidden, inter, layers, heads, kv = 64, 128, 2, 4, 2
    tokens = [chr(c) for c in range(97, 123)] + [
        "ab",
        "<|endoftext|>",
        "<|im_start|>",
        "<|im_end|>",
    ]
    writer = gguf.GGUFWriter(str(path), "qwen2")
    writer.add_name("tiny")
    writer.add_context_length(128)
    writer.add_embedding_length(hidden)
    writer.add_block_count(layers)
    writer.add_feed_forward_length(inter)
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(tokens)
    writer.add_token_types([1] * 27 + [3, 3, 3])
    writer.add_token_merges(["a b"])
    writer.add_bos_token_id(27)
    writer.add_eos_token_id(29)

    def quantized(name, shape):
        x = rng.standard_normal(shape).astype(np.float32) * 0.05
        q8 = GGMLQuantizationType.Q8_0
        writer.add_tensor(name, quants.quantize(x, q8), raw_dtype=q8)

    def plain(name, shape):
        writer.add_tensor(name, rng.standard_normal(shape).astype(np.float32))

    quantized("token_embd.weight", (len(tokens), hidden))
    for i in range(layers):
        kv_dim = hidden // heads * kv
        plain(f"blk.{i}.attn_norm.weight", (hidden,))
        for part, rows in (("q", hidden), ("k", kv_dim), ("v", kv_dim)):
            quantized(f"blk.{i}.attn_{part}.weight", (rows, hidden))
            plain(f"blk.{i}.attn_{part}.bias", (rows,))
        quantized(f"blk.{i}.attn_output.weight", (hidden, hidden))
        plain(f"blk.{i}.ffn_norm.weight", (hidden,))
        quantized(f"blk.{i}.ffn_gate.weight", (inter, hidden))
        quantized(f"blk.{i}.ffn_up.weight", (inter, hidden))
        quantized(f"blk.{i}.ffn_down.weight", (hidden, inter))
    plain("output_norm.weight", (hidden,))
    quantized("output.weight", (len(tokens), hidden))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_the_gguf_is_converted_tensor_by_tensor_exactly_as_transformers_loads_it(
    tmp_path, monkeypatch
):
    from assistant.llm import convert

    gguf_file = tiny_gguf(tmp_path / "tiny.gguf")
    # Dequantise a few rows at a time, and write many small shards: the memory-bounded path.
    monkeypatch.setattr(convert, "ROWS_BYTES", 1024)
    monkeypatch.setattr(convert, "SHARD_BYTES", 16 << 10)
    monkeypatch.setattr(models, "assemble_gguf", lambda cache_dir, progress=None: gguf_file)
    seen = []
    out = prepare_llm(tmp_path, lambda *step: seen.append(step), dtype="bfloat16", keep_gguf=True)
    assert is_converted(out) and gguf_file.exists()
    assert len(list(out.glob("model-*-of-*.safetensors"))) > 3
    assert seen[-1] == (models.GGUF_STEP, 27, 27, "tensor")
    # The reference: transformers' own GGUF loader, cast fp32 → fp16 → bf16 as before.
    reference = (
        transformers.AutoModelForCausalLM.from_pretrained(
            str(tmp_path), gguf_file=gguf_file.name, dtype=torch.float32
        )
        .to(torch.float16)
        .to(torch.bfloat16)
    )
    converted = transformers.AutoModelForCausalLM.from_pretrained(str(out))
    want, got = reference.state_dict(), converted.state_dict()
    assert set(got) == set(want) and converted.dtype == torch.bfloat16
    assert all(torch.equal(got[k], want[k]) for k in want)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(out))
    assert tokenizer("abc").input_ids == [26, 2]  # "ab" merged, then "c"
