"""Int4 weights from Q4_K blocks: decoding, the cache and its guard, the dual linear."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant import runtime
from assistant.errors import ModelError
from assistant.llm import int4_linear, q4k
from assistant.llm.package import LLM_NAME, LLM_SHA256
from assistant.llm.q4k import GROUP, attach_q4k, decode_q4k, prepare_q4k

gguf = pytest.importorskip("gguf")
torch = pytest.importorskip("torch")

ROWS, COLS = 64, 512  # two 256-weight blocks per row
BLOCK = max(int4_linear.PACK_ROWS)  # a multiple of every packing block


def random_q4k(rows: int, cols: int, seed: int = 0) -> np.ndarray:
    """Valid Q4_K blocks: random bytes with small positive fp16 d and dmin."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, size=(rows * cols // 256, q4k.BLOCK_BYTES), dtype=np.uint8)
    scales = rng.uniform(1e-4, 1e-3, size=(len(blocks), 2)).astype(np.float16)
    blocks[:, 0:4] = scales.view(np.uint8)
    return blocks.reshape(rows, -1)


def dequantized(values, scale, minus):
    rows, cols = values.shape
    groups = values.reshape(rows, -1, GROUP) * scale[..., None] - minus[..., None]
    return groups.reshape(rows, cols)


def test_decoding_matches_ggml_dequantisation():
    raw = random_q4k(ROWS, COLS)
    values, scale, minus = decode_q4k(raw, ROWS, COLS)
    assert values.max() <= 15
    assert scale.shape == minus.shape == (ROWS, COLS // GROUP)
    reference = gguf.quants.dequantize(raw, gguf.GGMLQuantizationType.Q4_K)
    np.testing.assert_array_equal(dequantized(values, scale, minus), reference.reshape(ROWS, COLS))


def fake_cache(tmp_path, raw, stored_weight):
    """A cache dir whose 'GGUF' holds one Q4_K layer, and a converted copy of that layer."""
    cache = tmp_path / "cache"
    cache.mkdir()
    gguf_file = cache / f"{LLM_NAME}.gguf"
    writer = gguf.GGUFWriter(str(gguf_file), "qwen2")
    writer.add_tensor("blk.0.ffn_up.weight", raw, raw_dtype=gguf.GGMLQuantizationType.Q4_K)
    writer.add_tensor("blk.0.ffn_norm.weight", np.ones(COLS, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    gguf_file.with_suffix(".gguf.sha256").write_text(LLM_SHA256 + "\n")  # as assembled
    from safetensors.torch import save_file

    reference = tmp_path / "converted"
    reference.mkdir()
    save_file(
        {"model.layers.0.mlp.up_proj.weight": torch.from_numpy(stored_weight).to(torch.float16)},
        str(reference / "model.safetensors"),
    )
    return cache, reference


def test_cache_is_built_once_and_checked_against_the_converted_model(tmp_path):
    raw = random_q4k(ROWS, COLS)
    weight = gguf.quants.dequantize(raw, gguf.GGMLQuantizationType.Q4_K).reshape(ROWS, COLS)
    cache, reference = fake_cache(tmp_path, raw, weight)
    path = prepare_q4k(cache, reference)
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        assert sorted(f.keys()) == [
            "model.layers.0.mlp.up_proj." + k for k in ("minus", "q", "scale")
        ]
        assert tuple(f.get_tensor("model.layers.0.mlp.up_proj.q").shape) == (ROWS, COLS // 2)
    assert json.loads(path.with_suffix(".json").read_text())["sha256"] == LLM_SHA256
    assert (cache / f"{LLM_NAME}.gguf").is_file()  # it was there before: left alone
    stamp = path.stat().st_mtime_ns
    assert prepare_q4k(cache, reference) == path
    assert path.stat().st_mtime_ns == stamp


def test_weights_that_do_not_match_the_converted_model_are_refused(tmp_path):
    raw = random_q4k(ROWS, COLS)
    cache, reference = fake_cache(tmp_path, raw, np.zeros((ROWS, COLS), dtype=np.float32) + 0.5)
    with pytest.raises(ModelError, match="blk.0.ffn_up.weight do not match"):
        prepare_q4k(cache, reference)
    assert not q4k.q4k_path(cache).exists()


def relative_error(got, expected) -> float:
    return ((got.float() - expected.float()).norm() / expected.float().norm()).item()


def q4k_layer(tmp_path, rows=ROWS, cols=COLS, seed=1, name="proj"):
    """A module with one bf16 linear holding Q4_K weights, and the int4 cache file for it
    (the linear is `model.proj` whatever its `name` in the file and the module)."""
    from safetensors.torch import save_file

    tmp_path.mkdir(parents=True, exist_ok=True)
    raw = random_q4k(rows, cols, seed=seed)
    values, scale, minus = decode_q4k(raw, rows, cols)
    exact = torch.from_numpy(dequantized(values, scale, minus))
    model = torch.nn.Module()
    model.proj = torch.nn.Linear(cols, rows, bias=True).to(torch.bfloat16)
    with torch.no_grad():
        model.proj.weight.copy_(exact)
    if name != "proj":
        setattr(model, name, model.proj)
    path = tmp_path / "q4k.safetensors"
    save_file(
        {
            f"{name}.q": torch.from_numpy(values[:, ::2] | (values[:, 1::2] << 4)),
            f"{name}.scale": torch.from_numpy(scale),
            f"{name}.minus": torch.from_numpy(minus),
        },
        str(path),
    )
    plain = torch.nn.Linear(cols, rows).to(torch.bfloat16)
    plain.load_state_dict(model.proj.state_dict())
    return model, path, plain, exact


def test_few_tokens_take_the_int4_path_and_many_the_bf16_one(tmp_path):
    model, path, plain, exact = q4k_layer(tmp_path)
    assert attach_q4k(model, path) == 1
    assert type(model.proj).__name__ == "_DualLinear"

    torch.manual_seed(0)
    x = torch.randn(1, 1, COLS, dtype=torch.bfloat16)
    expected = (x.float() @ exact.T) + model.proj.bias.float()
    got = model.proj(x)
    assert got.shape == (1, 1, ROWS)
    assert not torch.equal(got, plain(x))  # a different kernel ran...
    torch.testing.assert_close(got.float(), expected, rtol=0.02, atol=0.02)  # ...to the same end
    many = torch.randn(1, int4_linear.DECODE_ROWS + 1, COLS, dtype=torch.bfloat16)
    assert torch.equal(model.proj(many), plain(many))


def test_this_torch_packs_int4_in_the_layout_the_unpacker_reads():
    assert int4_linear.int4pack_rows() in int4_linear.PACK_ROWS


@pytest.mark.parametrize("capability, rows", [("avx2", 32), ("default", 0)])
def test_torch_packs_int4_by_the_kernels_it_runs(capability, rows):
    # The AVX2 layout checked on any x86 host with AVX2 (the AVX-512 one by the test above
    # there); torch's scalar kernels pack a layout neither, hence float32 on such CPUs.
    if "avx2" not in runtime.cpu_flags():
        pytest.skip("not an x86 CPU with AVX2")
    code = "from assistant.llm.int4_linear import int4pack_rows; print(int4pack_rows())"
    env = {**os.environ, "ATEN_CPU_CAPABILITY": capability}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split()[-1:] == [str(rows)], out.stderr


@pytest.mark.parametrize("block", int4_linear.PACK_ROWS)
def test_the_unpacker_reads_each_cpus_packing(block):
    # AVX-512 packs rows in blocks of 64, AVX2 in blocks of 32 (each stores its block as
    # [cols, block/2] bytes: row j in the low nibble, row block/2 + j in the high one).
    rows, cols = 3 * block, 2 * GROUP
    values = torch.randint(0, 16, (rows, cols), generator=torch.Generator().manual_seed(3))
    blocks = values.view(rows // block, 2, block // 2, cols)
    packed = (blocks[:, 0] | (blocks[:, 1] << 4)).transpose(1, 2).to(torch.uint8)
    out = torch.empty(cols, rows)
    int4_linear.unpack_int4pack(
        packed.reshape(rows, cols // 2),
        out,
        torch.empty(2, rows * cols // 2, dtype=torch.uint8),
        block,
    )
    assert torch.equal(out, values.T.float())


@pytest.mark.parametrize("rows, cols", [(ROWS, COLS), (3 * BLOCK, 2 * 256)])
def test_with_int4_prompts_many_tokens_use_the_4bit_weights_and_no_bf16_copy(
    tmp_path, monkeypatch, rows, cols
):
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())
    model, path, plain, exact = q4k_layer(tmp_path, rows, cols)
    assert attach_q4k(model, path, prompts=True) == 1
    assert model.proj.weight is None  # the converted bf16 weight is not even referenced

    torch.manual_seed(0)
    many = torch.randn(2, int4_linear.DECODE_ROWS + 5, cols, dtype=torch.bfloat16)
    with torch.inference_mode():  # as in generation, where the scratch buffer is first made
        generated = model.proj(many)
    got = model.proj(many)
    assert torch.equal(got, generated)
    assert got.shape == (2, int4_linear.DECODE_ROWS + 5, rows)
    # bf16 outputs and bf16 scales: ~0.3% off the exact product; a misread layout is ~100%.
    assert relative_error(got, many.float() @ exact.T + model.proj.bias.float()) < 0.01
    # Prompt and decode paths multiply by the same weights: token by token they agree.
    one_by_one = torch.cat([model.proj(many[:, i : i + 1]) for i in range(many.shape[1])], dim=1)
    assert relative_error(got, one_by_one) < 0.01
    # A smaller layer after a larger one reuses the scratch buffer correctly.
    small, small_path, _, small_exact = q4k_layer(tmp_path / "s", BLOCK, 256, seed=2)
    attach_q4k(small, small_path, prompts=True)
    x = torch.randn(1, int4_linear.DECODE_ROWS + 1, 256, dtype=torch.bfloat16)
    assert relative_error(small.proj(x), x.float() @ small_exact.T + small.proj.bias.float()) < 0.01


def test_kept_int8_layers_multiply_prompts_in_int8_but_ffn_down(tmp_path, monkeypatch):
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())
    model, path, _, exact = q4k_layer(tmp_path)
    bf16, bf16_path, _, _ = q4k_layer(tmp_path / "b")
    bf16.proj.load_state_dict(model.proj.state_dict())  # the same bias
    attach_q4k(model, path, prompts=True, kept_bytes=2**30, kept_int8=True)
    attach_q4k(bf16, bf16_path, prompts=True, kept_bytes=2**30)
    assert model.proj.unpacked.dtype == torch.int8 and bf16.proj.unpacked.dtype == torch.bfloat16
    torch.manual_seed(0)
    many = torch.randn(2, int4_linear.DECODE_ROWS + 5, COLS, dtype=torch.bfloat16)
    many[1, 3] = 0  # a token of zeros: no division by a zero scale
    expected = many.float() @ exact.T + model.proj.bias.float()
    got = model.proj(many)
    assert got.dtype == torch.bfloat16 and not torch.equal(got, bf16.proj(many))
    assert relative_error(got, expected) < 0.02  # int8 rounding: ~1%; a misread layout ~100%
    assert torch.equal(got[1, 3], model.proj.bias)
    with torch.inference_mode():  # as in generation
        assert torch.equal(model.proj(many), got)
    one = many[:, :1]  # decoding still goes through the int4 kernel, unchanged
    assert torch.equal(model.proj(one), bf16.proj(one))
    # ffn_down stays bf16: its inputs hold outlier channels that int8 per token would flatten.
    down, down_path, _, _ = q4k_layer(tmp_path / "d", name="down_proj")
    attach_q4k(down, down_path, prompts=True, kept_bytes=2**30, kept_int8=True)
    assert down.down_proj.unpacked.dtype == torch.bfloat16


def test_a_layer_outside_the_packing_blocks_keeps_its_bf16_weights_for_prompts(tmp_path):
    # the kernel packs it, but not in the layout the unpacker reads
    rows = int4_linear.int4pack_rows() // 2
    model, path, plain, _ = q4k_layer(tmp_path, rows, 256)
    attach_q4k(model, path, prompts=True)
    assert model.proj.weight is not None
    many = torch.randn(1, int4_linear.DECODE_ROWS + 1, 256, dtype=torch.bfloat16)
    assert torch.equal(model.proj(many), plain(many))


def test_a_cache_that_does_not_fit_the_model_is_refused(tmp_path):
    from safetensors.torch import save_file

    path = tmp_path / "q4k.safetensors"
    save_file(
        {
            "proj.q": torch.zeros((ROWS, COLS // 2), dtype=torch.uint8),
            "proj.scale": torch.ones((ROWS, COLS // GROUP)),
            "proj.minus": torch.zeros((ROWS, COLS // GROUP)),
        },
        str(path),
    )
    model = torch.nn.Module()
    model.proj = torch.nn.Linear(COLS * 2, ROWS)
    with pytest.raises(ModelError, match="does not fit proj"):
        attach_q4k(model, path)


def test_kept_unpacked_weights_give_the_very_numbers_unpacking_per_prompt_gives(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())
    size = 2 * 3 * BLOCK * 512  # bf16 bytes of the layer below
    torch.manual_seed(0)
    many = torch.randn(1, int4_linear.DECODE_ROWS + 3, 512, dtype=torch.bfloat16)
    outputs = []
    for budget in (0, size - 1, size):  # nothing kept, too little kept, the layer kept
        torch.manual_seed(1)  # the same bias
        model, path, _, exact = q4k_layer(tmp_path / str(budget), 3 * BLOCK, 512)
        attach_q4k(model, path, prompts=True, kept_bytes=budget)
        assert (model.proj.unpacked is not None) == (budget == size)
        assert model.proj.weight is None
        outputs.append(model.proj(many))
        assert relative_error(outputs[-1], many.float() @ exact.T + model.proj.bias.float()) < 0.01
    assert torch.equal(outputs[0], outputs[2]) and torch.equal(outputs[1], outputs[2])
    # without int4 prompts nothing is unpacked: the bf16 weights serve prompts
    model, path, plain, _ = q4k_layer(tmp_path / "bf16", 3 * BLOCK, 512)
    attach_q4k(model, path, prompts=False, kept_bytes=size)
    assert model.proj.unpacked is None and torch.equal(model.proj(many), plain(many))


def test_wide_layers_multiply_many_tokens_in_fp32_and_decode_as_before(tmp_path, monkeypatch):
    # On a CPU without native bf16 a bf16 GEMM on many tokens is ~5x slower than fp32.
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())
    model, path, _, exact = q4k_layer(tmp_path)
    narrow, narrow_path, _, _ = q4k_layer(tmp_path / "n")
    narrow.proj.load_state_dict(model.proj.state_dict())
    assert attach_q4k(model, path, prompts=True, wide=True) == 1
    attach_q4k(narrow, narrow_path, prompts=True)
    assert model.proj.weight is None and model.proj.wide
    torch.manual_seed(0)
    many = torch.randn(2, int4_linear.DECODE_ROWS + 5, COLS, dtype=torch.bfloat16)
    expected = many.float() @ exact.T + model.proj.bias.float()
    with torch.inference_mode():
        got = model.proj(many)
    assert got.dtype == torch.bfloat16 and torch.equal(model.proj(many), got)
    assert relative_error(got, expected) < 0.01  # a misread layout: ~100%
    assert relative_error(got, narrow.proj(many)) < 0.01  # the bf16 GEMM's, to rounding...
    assert not torch.equal(got, narrow.proj(many))  # ...but from the fp32 one
    one = many[:, :1]  # decoding: the int4 kernel, unchanged
    assert torch.equal(model.proj(one), narrow.proj(one))
    # Without int4 prompts the bf16 weights serve prompts, multiplied in fp32 all the same.
    kept, kept_path, plain, _ = q4k_layer(tmp_path / "k")
    attach_q4k(kept, kept_path, wide=True)
    assert kept.proj.weight is not None
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())
    assert relative_error(kept.proj(many), expected) < 0.01
    assert int4_linear._SCRATCH._buffer.numel() == 4 * ROWS * COLS  # an fp32 copy was made


def test_widen_gives_plain_bf16_linears_the_fp32_path_but_not_the_head(monkeypatch):
    monkeypatch.setattr(int4_linear, "_SCRATCH", int4_linear._Scratch())

    class Tiny(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = torch.nn.Linear(COLS, ROWS).to(torch.bfloat16)
            self.b = torch.nn.Linear(COLS, ROWS)  # fp32: left alone
            self.head = torch.nn.Linear(COLS, ROWS, bias=False).to(torch.bfloat16)

        def get_output_embeddings(self):
            return self.head

    model = Tiny()
    plain = torch.nn.Linear(COLS, ROWS).to(torch.bfloat16)
    plain.load_state_dict(model.a.state_dict())
    assert int4_linear.widen(model) == 1
    assert type(model.a).__name__ == "_WideLinear"
    assert type(model.b) is torch.nn.Linear and type(model.head) is torch.nn.Linear
    torch.manual_seed(0)
    many = torch.randn(1, int4_linear.DECODE_ROWS + 1, COLS, dtype=torch.bfloat16)
    exact = many.float() @ plain.weight.float().T + plain.bias.float()
    got = model.a(many)
    assert got.dtype == torch.bfloat16 and relative_error(got, exact) < 0.01
    assert relative_error(got, plain(many)) < 0.01
    assert int4_linear._SCRATCH._buffer.numel() == 4 * ROWS * COLS  # an fp32 copy was made
    one = many[:, :1]
    assert torch.equal(model.a(one), plain(one))  # few tokens: the bf16 linear itself


def _packed_layers(model):
    return {n: (m.packed, m.scales_zeros) for n, m in model.named_modules() if hasattr(m, "packed")}


def test_the_packed_weights_are_kept_and_trusted_only_for_their_source(tmp_path, monkeypatch):
    model, path, _, _ = q4k_layer(tmp_path, seed=1)
    attach_q4k(model, path, prompts=True)
    fresh = _packed_layers(model)
    (kept,) = tmp_path.glob("q4k-packed-rows*-torch*.safetensors")
    # A later start reads the kept copy: the same tensors, bit for bit, not packed again
    # but for the first layer, which checks the copy.
    again, _, _, _ = q4k_layer(tmp_path / "again", seed=1)
    packed = []
    pack = q4k._pack
    monkeypatch.setattr(q4k, "_pack", lambda f, name: packed.append(name) or pack(f, name))
    attach_q4k(again, path, prompts=True)
    assert packed == ["proj"]
    for name, pair in _packed_layers(again).items():
        assert all(map(torch.equal, pair, fresh[name]))
    # The cache file rewritten (another model): the copy is stale, and made again.
    other, path, _, exact = q4k_layer(tmp_path, seed=2)
    attach_q4k(other, path, prompts=True)
    x = torch.randn(1, int4_linear.DECODE_ROWS + 1, COLS, dtype=torch.bfloat16)
    assert relative_error(other.proj(x), x.float() @ exact.T + other.proj.bias.float()) < 0.01
    # A copy cut short (a full disk, a crash) is packed again, not an error.
    kept.write_bytes(kept.read_bytes()[:100])
    third, path, _, exact = q4k_layer(tmp_path, seed=3)
    attach_q4k(third, path, prompts=True)
    assert relative_error(third.proj(x), x.float() @ exact.T + third.proj.bias.float()) < 0.01
    assert len(kept.read_bytes()) > 100  # and written whole again
