"""Int4 weights from the GGUF's own Q4_K blocks, for the bf16 transformers backend.

Generating a token reads every weight once, so CPU decoding is bound by memory bandwidth:
a bf16 weight costs 2 bytes, a Q4_K one ~0.56. `prepare_q4k` decodes the GGUF's Q4_K blocks
once into 4-bit values with one scale and one offset per 32 weights — exactly the numbers
llama.cpp multiplies by — and caches them. `attach_q4k` then gives each such `nn.Linear` a
path through torch's int4 CPU kernel (the weights packed as it reads them on this CPU, and
that packed copy kept too), taken when at most `int4_linear.DECODE_ROWS` tokens pass
(decoding). Measured on one 8960x1536 layer, 2 cores: 0.44 ms per token vs 2.2 ms in bf16.

Prompts are many tokens, where that kernel is ~4x slower than a bf16 GEMM. They go either
through the converted model's bf16 weights, or (`prompts=True`) through a bf16 copy unpacked
from the 4-bit values (`int4_linear.py`). Then the bf16 copy of those layers is never read:
~2 GiB of weights out of memory, less what `kept_bytes` keeps unpacked.

Does not: quantise anything itself (the Q6_K tensors — half the ffn_down and attn_v layers
— stay bf16; the output head is `int8_head`'s), or run without bf16 activations (the
kernel's fp32 path is slower than fp32 GEMM).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..runtime import Progress
from .int4_linear import (
    GROUP,
    dual_linear_class,
    int4pack_rows,
    keep_unpacked,
)
from .package import (
    LLM_NAME,
    assemble_gguf,
    drop_gguf,
    gguf_path,
    is_derived_cached,
    stamp_derived,
    weight_files,
)

BLOCK_BYTES = 144  # fp16 d, fp16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles
Q4K_VERSION = 1

# GGUF tensor name (after "blk.N.") -> transformers module name (after "model.layers.N.").
_MODULES = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}


def q4k_path(cache_dir: Path) -> Path:
    return cache_dir / f"{LLM_NAME}-q4k-v{Q4K_VERSION}.safetensors"


def decode_q4k(raw: Any, rows: int, cols: int) -> tuple[Any, Any, Any]:
    """Q4_K blocks -> (4-bit values [rows, cols] uint8, scale, minus [rows, cols/32] fp32).

    A weight is `scale * value - minus` for its group of 32 (ggml's dequantize_row_q4_K).
    """
    import numpy as np

    blocks = np.asarray(raw, dtype=np.uint8).reshape(-1, BLOCK_BYTES)
    d = blocks[:, 0:2].copy().view(np.float16).astype(np.float32)
    dmin = blocks[:, 2:4].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 4:16]
    # 6-bit scale and min for each of the 8 sub-blocks, packed into 12 bytes.
    sc = np.empty((len(blocks), 8), np.uint8)
    mn = np.empty((len(blocks), 8), np.uint8)
    sc[:, :4] = packed[:, 0:4] & 63
    mn[:, :4] = packed[:, 4:8] & 63
    sc[:, 4:] = (packed[:, 8:12] & 0xF) | ((packed[:, 0:4] >> 6) << 4)
    mn[:, 4:] = (packed[:, 8:12] >> 4) | ((packed[:, 4:8] >> 6) << 4)
    # Each 32 bytes hold two sub-blocks: low nibbles, then high nibbles.
    qs = blocks[:, 16:].reshape(-1, 4, 32)
    values = np.stack([qs & 0xF, qs >> 4], axis=2).reshape(rows, cols)
    scale = (d * sc).reshape(rows, cols // GROUP)
    minus = (dmin * mn).reshape(rows, cols // GROUP)
    return values, scale, minus


def is_q4k_cached(cache_dir: Path) -> bool:
    return is_derived_cached(q4k_path(cache_dir))


def prepare_q4k(cache_dir: Path, reference: Path, progress: Progress | None = None) -> Path:
    """Cache the Q4_K linear weights as int4 values + per-group scales (once, ~30 s).

    `reference` is the converted transformers copy; every decoded tensor is checked against it.
    A GGUF this assembles is deleted afterwards; one that was already there is left alone.
    """
    out = q4k_path(cache_dir)
    if is_q4k_cached(cache_dir):
        return out
    import gguf
    import numpy as np
    import torch
    from safetensors import safe_open
    from safetensors.torch import save_file

    assembled_here = not gguf_path(cache_dir).is_file()
    gguf_file = assemble_gguf(cache_dir, progress)
    expected_files = weight_files(reference)
    tensors: dict[str, Any] = {}
    wanted = [
        (name, t)
        for t in gguf.GGUFReader(str(gguf_file)).tensors
        if t.tensor_type == gguf.GGMLQuantizationType.Q4_K and (name := _module_name(t.name))
    ]
    for done, (name, tensor) in enumerate(wanted, 1):
        cols, rows = (int(n) for n in tensor.shape)
        values, scale, minus = decode_q4k(tensor.data, rows, cols)
        if name not in expected_files:
            raise ModelError(f"the converted model has no {name} for {tensor.name}")
        # Guards the name mapping and the block decoding against the transformers copy
        # (stored in fp16 or bf16, hence the tolerance).
        with safe_open(str(expected_files[name]), "pt") as f:
            expected = f.get_tensor(name + ".weight").float().numpy()
        got = values.reshape(rows, -1, GROUP) * scale[..., None] - minus[..., None]
        got = got.reshape(rows, cols)
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-2, atol=1e-3):
            raise ModelError(f"Q4_K weights of {tensor.name} do not match {name}")
        tensors[name + ".q"] = torch.from_numpy(values[:, ::2] | (values[:, 1::2] << 4))
        tensors[name + ".scale"] = torch.from_numpy(scale)
        tensors[name + ".minus"] = torch.from_numpy(minus)
        if progress:
            progress("caching int4 weights (first run only)", done, len(wanted), "tensor")
    if not tensors:
        raise ModelError(f"{gguf_file.name} has no Q4_K linear weights")
    tmp = out.with_name(out.name + ".partial")
    save_file(tensors, str(tmp))
    tmp.replace(out)
    stamp_derived(out)
    if assembled_here:
        drop_gguf(cache_dir)
    return out


def _module_name(gguf_name: str) -> str | None:
    parts = gguf_name.split(".")  # blk.N.attn_q.weight
    if len(parts) != 4 or parts[0] != "blk" or parts[3] != "weight" or parts[2] not in _MODULES:
        return None
    return f"model.layers.{parts[1]}.{_MODULES[parts[2]]}"


def _packed_path(path: Path, block: int) -> Path:
    """Where the int4 cache `path` is kept as this torch packs it on this CPU."""
    import torch

    return path.with_name(f"{path.stem}-packed-rows{block}-torch{torch.__version__}.safetensors")


_PARTS = ("packed", "sz")  # a layer's tensors in the packed copy


def _source_stamp(path: Path) -> dict[str, str]:
    stat = path.stat()
    return {"source_size": str(stat.st_size), "source_mtime_ns": str(stat.st_mtime_ns)}


def _pack(f: Any, name: str) -> tuple[Any, Any]:
    """(int4-packed weight, bf16 scales and zeros) of `name` in the open int4 cache `f`."""
    import torch

    values = f.get_tensor(name + ".q")
    # The [rows, cols] int32 the kernel's own packing routine takes: low nibbles, then high.
    unpacked = torch.empty(*values.shape, 2, dtype=torch.int32)
    torch.bitwise_and(values, 0xF, out=unpacked[..., 0])
    torch.bitwise_right_shift(values, 4, out=unpacked[..., 1])
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(unpacked.view(len(values), -1), 8)
    scale = f.get_tensor(name + ".scale")
    minus = f.get_tensor(name + ".minus")
    # The kernel computes (value - 8) * scale + zero.
    scales_zeros = torch.stack([scale, 8 * scale - minus], dim=-1)
    return packed, scales_zeros.transpose(0, 1).contiguous().to(torch.bfloat16)


def _read_packed(kept: Path, source: Path, f: Any, names: list[str]) -> dict[str, Any] | None:
    """The packed copy `kept` of the open int4 cache `f`, if it was made from `source` as it
    is now and its first layer packs the same again; else None."""
    import torch
    from safetensors import safe_open

    try:
        with safe_open(str(kept), "pt") as g:
            if (g.metadata() or {}) != _source_stamp(source):
                return None
            out = {n: tuple(g.get_tensor(f"{n}.{part}") for part in _PARTS) for n in names}
    except Exception:  # missing, partial or unreadable: packed again
        return None
    if names and not all(map(torch.equal, _pack(f, names[0]), out[names[0]])):
        return None  # another CPU's or torch's layout under this name
    return out


def _packed_weights(path: Path, block: int) -> dict[str, tuple[Any, Any]]:
    """Every layer of the int4 cache `path` packed for torch's int4 kernel: read from the
    packed copy kept beside it, or packed now (~3.7 s for the model on 2 AVX2 cores, a
    quarter of a cold start, 2026-12-07) and the copy written (0.65 GiB; bit for bit the same
    tensors). The copy is tied to this torch, this CPU's layout (`block`; 0: unknown, none
    kept) and the cache file it was made from."""
    from safetensors import safe_open
    from safetensors.torch import save_file

    kept = _packed_path(path, block) if block else None
    with safe_open(str(path), "pt") as f:
        names = sorted({k.rsplit(".", 1)[0] for k in f.keys()})
        if kept is not None and (out := _read_packed(kept, path, f, names)) is not None:
            return out
        out = {name: _pack(f, name) for name in names}
    if kept is not None:
        tensors = {
            f"{n}.{part}": t
            for n, pair in out.items()
            for part, t in zip(_PARTS, pair, strict=True)
        }
        tmp = kept.with_name(f"{kept.name}.partial-{os.getpid()}")  # two starts at once
        try:
            save_file(tensors, str(tmp), metadata=_source_stamp(path))
            tmp.replace(kept)
        except OSError:  # a full or read-only disk: the next start packs again
            tmp.unlink(missing_ok=True)
    return out


def attach_q4k(
    model: Any,
    path: Path,
    prompts: bool = False,
    kept_bytes: int = 0,
    kept_int8: bool = False,
    wide: bool = False,
) -> int:
    """Give the model's Q4_K linears the int4 decode path; returns how many got it.

    With `prompts`, many-token inputs use the 4-bit weights too (unpacked to bf16 per call)
    and the linears drop their bf16 weights, so those are never paged in. The first layers'
    unpacked weights, up to `kept_bytes` of them, are kept instead of unpacked per call:
    the same numbers, multiplied the same way, without the unpacking; with `kept_int8`, as
    int8 (`int4_linear`), all but the `down_proj` layers, whose inputs hold outliers. With
    `wide` (a CPU without native bf16), many tokens are multiplied in fp32 instead.
    """
    layout = int4pack_rows()
    if prompts and not layout:
        raise ModelError(
            "this torch packs int4 weights in a layout news-assistant does not know; "
            "set int4_prompts = false (or ASSISTANT_INT4_PROMPTS=false)"
        )
    attached = 0
    for name, (packed, scales_zeros) in _packed_weights(path, layout).items():
        linear = model.get_submodule(name)
        rows, cols = linear.weight.shape
        if tuple(packed.shape) != (rows, cols // 2) or scales_zeros.shape[1] != rows:
            raise ModelError(f"int4 cache does not fit {name}: delete {path} to rebuild it")
        unpack = prompts and rows % layout == 0
        int8 = kept_int8 and not name.endswith("down_proj")
        module = dual_linear_class()(
            linear, packed, scales_zeros, keep_bf16=not unpack, int8=int8, wide=wide
        )
        model.set_submodule(name, module)
        attached += 1
    if prompts:
        keep_unpacked(model, kept_bytes)
    return attached
