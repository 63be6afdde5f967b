"""Int4 weights from the GGUF's own Q4_K blocks, for the bf16 transformers backend.

Generating a token reads every weight once, so CPU decoding is bound by memory bandwidth:
a bf16 weight costs 2 bytes, a Q4_K one ~0.56. `prepare_q4k` decodes the GGUF's Q4_K blocks
once into 4-bit values with one scale and one offset per 32 weights — exactly the numbers
llama.cpp multiplies by — and caches them. `attach_q4k` then gives each such `nn.Linear` a
path through torch's int4 CPU kernel, taken when at most `DECODE_ROWS` tokens pass
(decoding). Measured on one 8960x1536 layer, 2 cores: 0.44 ms per token vs 2.2 ms in bf16.

Prompts are many tokens, where that kernel is ~4x slower than a bf16 GEMM. They go either
through the converted model's bf16 weights, or (`prompts=True`) through a bf16 copy unpacked
from the 4-bit values into a scratch buffer one layer at a time (~7 ms per 8960x1536 layer,
whose bf16 GEMM on a 700-token prompt takes ~48 ms). Then the bf16 copy of those layers is
never read, which keeps ~2 GiB of weights out of memory.

Does not: quantise anything itself (the Q6_K tensors — half the ffn_down and attn_v layers
— stay bf16; the output head is `int8_head`'s), or run without bf16 activations (the
kernel's fp32 path is slower than fp32 GEMM).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..runtime import Progress
from .package import (
    LLM_NAME,
    assemble_gguf,
    drop_gguf,
    gguf_path,
    is_derived_cached,
    stamp_derived,
    weight_files,
)

GROUP = 32  # Q4_K: 8 sub-blocks of 32 weights per 256-weight block
BLOCK_BYTES = 144  # fp16 d, fp16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles
DECODE_ROWS = 8  # above this many tokens bf16 GEMM wins (measured crossover ~8)
PACK_ROWS = 64  # torch's CPU int4 packing interleaves output rows in blocks of 64
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


def attach_q4k(model: Any, path: Path, prompts: bool = False) -> int:
    """Give the model's Q4_K linears the int4 decode path; returns how many got it.

    With `prompts`, many-token inputs use the 4-bit weights too (unpacked to bf16 per call)
    and the linears drop their bf16 weights, so those are never paged in.
    """
    import torch
    from safetensors import safe_open

    if prompts and not int4pack_layout_known():
        raise ModelError(
            "this torch packs int4 weights in a layout news-assistant does not know; "
            "set int4_prompts = false (or ASSISTANT_INT4_PROMPTS=false)"
        )
    attached = 0
    with safe_open(str(path), "pt") as f:
        names = sorted({k.rsplit(".", 1)[0] for k in f.keys()})
        for name in names:
            linear = model.get_submodule(name)
            values = f.get_tensor(name + ".q")
            # Unpack to the [rows, cols] int32 the kernel's own packing routine takes.
            unpacked = torch.stack([values & 0xF, values >> 4], dim=-1).reshape(values.shape[0], -1)
            if tuple(unpacked.shape) != tuple(linear.weight.shape):
                raise ModelError(f"int4 cache does not fit {name}: delete {path} to rebuild it")
            packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(unpacked.to(torch.int32), 8)
            scale = f.get_tensor(name + ".scale")
            minus = f.get_tensor(name + ".minus")
            # The kernel computes (value - 8) * scale + zero.
            scales_zeros = torch.stack([scale, 8 * scale - minus], dim=-1)
            scales_zeros = scales_zeros.transpose(0, 1).contiguous().to(torch.bfloat16)
            unpack = prompts and unpacked.shape[0] % PACK_ROWS == 0
            module = _dual_linear_class()(linear, packed, scales_zeros, keep_bf16=not unpack)
            model.set_submodule(name, module)
            attached += 1
    return attached


@lru_cache(maxsize=1)
def int4pack_layout_known() -> bool:
    """Whether `unpack_int4pack` reads this torch's packing right (checked once, on a tile)."""
    import torch

    rows, cols = 2 * PACK_ROWS, 2 * GROUP
    values = torch.randint(0, 16, (rows, cols), generator=torch.Generator().manual_seed(0))
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(values.to(torch.int32), 8)
    if tuple(packed.shape) != (rows, cols // 2) or packed.dtype != torch.uint8:
        return False
    out = torch.empty(cols, rows, dtype=torch.bfloat16)
    unpack_int4pack(packed, out, torch.empty(2, packed.numel(), dtype=torch.uint8))
    return torch.equal(out, values.T.to(torch.bfloat16))


def unpack_int4pack(packed: Any, out: Any, nibbles: Any) -> None:
    """Write the 4-bit values of `packed` [rows, cols/2] into `out` [cols, rows] (transposed).

    torch's CPU packing stores rows in blocks of 64 as [cols, 32] bytes each: the low nibble
    holds row j of the block, the high one row 32 + j. `nibbles` is uint8 scratch [2, size].
    """
    import torch

    cols, rows = out.shape
    blocks = packed.view(rows // PACK_ROWS, cols, PACK_ROWS // 2)
    low, high = (n.view(blocks.shape) for n in nibbles)
    torch.bitwise_and(blocks, 0xF, out=low)
    torch.bitwise_right_shift(blocks, 4, out=high)
    halves = out.view(cols, rows // PACK_ROWS, 2, PACK_ROWS // 2)
    halves[:, :, 0].copy_(low.transpose(0, 1))
    halves[:, :, 1].copy_(high.transpose(0, 1))


class _Scratch:
    """One growing buffer for unpacking a layer, shared by all layers, used under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._buffer: Any = None

    def views(self, rows: int, cols: int) -> tuple[Any, Any, Any, Any]:
        """(weight [cols, rows] bf16, nibbles [2, rows*cols/2] uint8, offset, scale)."""
        import torch

        size, groups = rows * cols, rows * cols // GROUP
        need = 2 * size + size + 2 * 2 * groups
        if self._buffer is None or self._buffer.numel() < need:
            # A normal tensor even when first needed under inference mode, whose tensors
            # cannot be written to outside it.
            with torch.inference_mode(False):
                self._buffer = torch.empty(need, dtype=torch.uint8)
        weight = self._buffer[: 2 * size].view(torch.bfloat16).view(cols, rows)
        nibbles = self._buffer[2 * size : 3 * size].view(2, size // 2)
        small = self._buffer[3 * size : need].view(torch.bfloat16).view(2, cols // GROUP, rows)
        return weight, nibbles, small[0], small[1]


_SCRATCH = _Scratch()


@lru_cache(maxsize=1)
def _dual_linear_class() -> Any:
    """The module class, built on first use so that importing this file needs no torch."""
    import torch

    class _DualLinear(torch.nn.Module):
        """A Q4_K linear: few-token inputs through the int4 kernel, many through bf16 weights
        (its own, or with `keep_bf16=False` unpacked from the 4-bit values per call)."""

        def __init__(self, linear: Any, packed: Any, scales_zeros: Any, keep_bf16: bool) -> None:
            super().__init__()
            self.out_features, self.in_features = linear.weight.shape
            self.weight = linear.weight if keep_bf16 else None
            self.bias = linear.bias
            self.register_buffer("packed", packed, persistent=False)
            self.register_buffer("scales_zeros", scales_zeros, persistent=False)

        def forward(self, x: Any) -> Any:
            cols = x.shape[-1]
            if x.dtype == torch.bfloat16 and x.numel() <= DECODE_ROWS * cols:
                out = torch.ops.aten._weight_int4pack_mm_for_cpu(
                    x.reshape(-1, cols).contiguous(), self.packed, GROUP, self.scales_zeros
                )
                out = out.reshape(*x.shape[:-1], out.shape[-1])
            elif self.weight is not None:
                return torch.nn.functional.linear(x, self.weight, self.bias)
            else:
                with _SCRATCH.lock:
                    out = torch.matmul(x, self.unpacked_weight_t().to(x.dtype))
            return out if self.bias is None else out + self.bias

        def unpacked_weight_t(self) -> Any:
            """The transposed bf16 weight [in, out] from the 4-bit values, in the shared
            scratch (hold `_SCRATCH.lock` while it is in use): value * scale + (zero - 8 *
            scale)."""
            weight, nibbles, offset, scale = _SCRATCH.views(self.out_features, self.in_features)
            unpack_int4pack(self.packed, weight, nibbles)
            scale.copy_(self.scales_zeros[..., 0])
            torch.add(self.scales_zeros[..., 1], scale, alpha=-8, out=offset)
            groups = weight.view(-1, GROUP, self.out_features)
            torch.addcmul(offset[:, None], groups, scale[:, None], out=groups)
            return weight

    return _DualLinear
