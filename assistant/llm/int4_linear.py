"""The int4 linear layer: few tokens through torch's int4 CPU kernel, many through bf16.

`dual_linear_class()` builds the module `q4k.attach_q4k` puts in place of each Q4_K linear.
Decoding (at most `DECODE_ROWS` tokens) multiplies by the packed 4-bit weights directly.
Prompts multiply by bf16 weights: the converted model's own, or the 4-bit values unpacked
into a scratch buffer shared by all layers, one layer at a time, or (`keep_unpacked`) for
the first layers, unpacked once and kept, in bf16 or in int8. Unpacking one 8960x1536 layer
takes ~7 ms, its bf16 GEMM on a 700-token prompt ~48 ms (2026-11-29); on cores with AMX 5.6
and 8.4 ms (2026-12-05, ad hoc): there unpacking is a third of a prompt's pass, hence
`keep_unpacked`. In int8 (`torch._int_mm`, AVX512-VNNI) that GEMM takes ~23 ms, plus ~1 ms
to scale the tokens (AMD EPYC, 2 threads, 2026-12-06, ad hoc /tmp/exp38/intmm.py); on one
seed prompt the layers' outputs are 1.2-2.1% off the exact product (median per layer kind;
bf16: 0.17%), but ffn_down's 5.7% (max 9.2%: its inputs hold channels ~4,000x the mean),
which therefore stays bf16 (ad hoc /tmp/exp38/i8feas.py).
On CPUs without native bf16 (AVX2 only), a bf16 GEMM on many tokens is ~5x slower than
fp32 (one 8960x1536 layer, 700 tokens: 989 vs 202 ms; 2 AMD EPYC cores, 2026-12-06, ad hoc
/tmp/s41/mm2.py): there (`wide`) prompts are multiplied in fp32, by the 4-bit values
unpacked into fp32, and the output rounded back to bf16; decoding keeps the int4 kernel
(1.75 ms per token against 4.49 ms in fp32).
Does not: read or cache GGUF files (`q4k.py`).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

GROUP = 32  # Q4_K: 8 sub-blocks of 32 weights per 256-weight block
DECODE_ROWS = 8  # above this many tokens bf16 GEMM wins (measured crossover ~8)
# torch's CPU int4 packing interleaves output rows in blocks of 64 with AVX-512 and of 32
# with AVX2 only (found on an AVX2 AMD EPYC, 2026-12-06): `int4pack_rows` tells which.
PACK_ROWS = (64, 32)


def keep_unpacked(model: Any, budget: int) -> None:
    """Unpack the weights of the model's first `_DualLinear`s, in layer order, once, up to
    `budget` bytes (of bf16, or of int8 for the layers made with `int8`). A whole seed
    prompt's pass in bf16 (p50 of 12, each process alone, 2 cores, 2026-12-05, ad hoc
    /tmp/exp30/pf.py): none kept 2.56-2.88 s (RSS 2.25 GiB), 0.5 GiB 2.48-2.72 s (2.75), 0.75
    GiB 2.14-2.40 s (3.0), 1 GiB 2.27-2.33 s (3.3)."""
    for module in model.modules():  # in layer order
        if not isinstance(module, dual_linear_class()) or module.weight is not None or module.wide:
            continue
        size = (1 if module.int8 else 2) * module.in_features * module.out_features
        if size > budget:
            break
        module.keep_unpacked()
        budget -= size


@lru_cache(maxsize=1)
def int4pack_rows() -> int:
    """The block of output rows this torch's int4 packing interleaves on this CPU, checked
    once on a tile; 0 when `unpack_int4pack` reads neither known layout right."""
    import torch

    for block in PACK_ROWS:
        rows, cols = 2 * block, 2 * GROUP
        generator = torch.Generator().manual_seed(0)
        values = torch.randint(0, 16, (rows, cols), generator=generator)
        packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(values.to(torch.int32), 8)
        if tuple(packed.shape) != (rows, cols // 2) or packed.dtype != torch.uint8:
            return 0
        out = torch.empty(cols, rows, dtype=torch.bfloat16)
        unpack_int4pack(packed, out, torch.empty(2, packed.numel(), dtype=torch.uint8), block)
        if torch.equal(out, values.T.to(torch.bfloat16)):
            return block
    return 0


def unpack_int4pack(packed: Any, out: Any, nibbles: Any, block: int) -> None:
    """Write the 4-bit values of `packed` [rows, cols/2] into `out` [cols, rows] (transposed).

    torch's CPU packing stores rows in blocks of `block` as [cols, block/2] bytes each: the
    low nibble holds row j of the block, the high one row block/2 + j. `nibbles` is uint8
    scratch [2, size].
    """
    import torch

    cols, rows = out.shape
    blocks = packed.view(rows // block, cols, block // 2)
    low, high = (n.view(blocks.shape) for n in nibbles)
    torch.bitwise_and(blocks, 0xF, out=low)
    torch.bitwise_right_shift(blocks, 4, out=high)
    halves = out.view(cols, rows // block, 2, block // 2)
    halves[:, :, 0].copy_(low.transpose(0, 1))
    halves[:, :, 1].copy_(high.transpose(0, 1))


class _Scratch:
    """One growing buffer for unpacking a layer, shared by all layers, used under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._buffer: Any = None

    def _grow(self, need: int) -> None:
        import torch

        if self._buffer is None or self._buffer.numel() < need:
            # A normal tensor even when first needed under inference mode, whose tensors
            # cannot be written to outside it.
            with torch.inference_mode(False):
                self._buffer = torch.empty(need, dtype=torch.uint8)

    def views(self, rows: int, cols: int, dtype: Any) -> tuple[Any, Any, Any, Any]:
        """(weight [cols, rows], nibbles [2, rows*cols/2] uint8, offset, scale), the weight,
        offset and scale in `dtype` (bf16 or fp32)."""
        import torch

        size, groups = rows * cols, rows * cols // GROUP
        width = torch.empty((), dtype=dtype).element_size()
        need = width * size + size + 2 * width * groups
        self._grow(need)
        weight = self._buffer[: width * size].view(dtype).view(cols, rows)
        nibbles = self._buffer[width * size : (width + 1) * size].view(2, size // 2)
        small = self._buffer[(width + 1) * size : need].view(dtype).view(2, cols // GROUP, rows)
        return weight, nibbles, small[0], small[1]

    def copy(self, weight: Any) -> Any:
        """`weight` ([out, in], bf16) as fp32 in the buffer (hold `lock` while in use)."""
        import torch

        need = 4 * weight.numel()
        self._grow(need)
        return self._buffer[:need].view(torch.float32).view(weight.shape).copy_(weight)


_SCRATCH = _Scratch()


@lru_cache(maxsize=1)
def dual_linear_class() -> Any:
    """The module class, built on first use so that importing this file needs no torch."""
    import torch

    class _DualLinear(torch.nn.Module):
        """A Q4_K linear: few-token inputs through the int4 kernel, many through bf16 weights
        (its own, or with `keep_bf16=False` unpacked from the 4-bit values per call, or once
        by `keep_unpacked`), or with `wide` through the same weights in fp32."""

        def __init__(
            self,
            linear: Any,
            packed: Any,
            scales_zeros: Any,
            keep_bf16: bool,
            int8: bool = False,
            wide: bool = False,
        ) -> None:
            super().__init__()
            self.int8 = int8  # kept (`keep_unpacked`) and multiplied in int8
            self.wide = wide  # many tokens multiplied in fp32 (no native bf16 GEMM)
            self.weight_scale: Any = None
            self.out_features, self.in_features = linear.weight.shape
            self.weight = linear.weight if keep_bf16 else None
            self.bias = linear.bias
            self.register_buffer("packed", packed, persistent=False)
            self.register_buffer("scales_zeros", scales_zeros, persistent=False)
            self.register_buffer("unpacked", None, persistent=False)

        def keep_unpacked(self) -> None:
            """Unpack the weights once, into a tensor of their own, for every prompt: bf16,
            or with `int8` int8 with one scale per output column, stored [out, in] so that
            `torch._int_mm` reads it column-major (~7% faster than row-major)."""
            with _SCRATCH.lock, torch.inference_mode(False):  # usable outside it too
                weight = self.unpacked_weight_t()
                scale = None
                if self.int8:  # |value| / scale rounds to at most 127: no clamp needed
                    scale = weight.abs().amax(dim=0, keepdim=True).float().clamp(min=1e-12) / 127
                    values = (weight.float() / scale).round_().to(torch.int8)
                    kept = values.t().contiguous().t()
                else:
                    kept = weight.clone()
            self.unpacked = kept
            self.weight_scale = scale  # last: it selects the int8 path in `forward`

        def forward(self, x: Any) -> Any:
            cols = x.shape[-1]
            if x.dtype == torch.bfloat16 and x.numel() <= DECODE_ROWS * cols:
                out = torch.ops.aten._weight_int4pack_mm_for_cpu(
                    x.reshape(-1, cols).contiguous(), self.packed, GROUP, self.scales_zeros
                )
                out = out.reshape(*x.shape[:-1], out.shape[-1])
            elif self.wide:
                with _SCRATCH.lock:
                    if self.weight is None:
                        out = torch.matmul(x.float(), self.unpacked_weight_t(torch.float32))
                    else:
                        out = torch.nn.functional.linear(x.float(), _SCRATCH.copy(self.weight))
                if self.bias is not None:
                    out += self.bias
                return out.to(x.dtype)
            elif self.weight is not None:
                return torch.nn.functional.linear(x, self.weight, self.bias)
            elif self.weight_scale is not None:  # int8 kept: each token scaled to int8 too
                rows = x.reshape(-1, cols).float()
                scale = rows.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127
                values = (rows / scale).round_().to(torch.int8)
                out = torch._int_mm(values, self.unpacked).float()
                out.mul_(scale).mul_(self.weight_scale)
                out = out.to(x.dtype).reshape(*x.shape[:-1], out.shape[-1])
            elif self.unpacked is not None:
                out = torch.matmul(x, self.unpacked.to(x.dtype))
            else:
                with _SCRATCH.lock:
                    out = torch.matmul(x, self.unpacked_weight_t().to(x.dtype))
            return out if self.bias is None else out + self.bias

        def unpacked_weight_t(self, dtype: Any = torch.bfloat16) -> Any:
            """The transposed weight [in, out] from the 4-bit values, in the shared scratch
            (hold `_SCRATCH.lock` while it is in use), in `dtype`: value * scale + (zero -
            8 * scale)."""
            rows, cols = self.out_features, self.in_features
            weight, nibbles, offset, scale = _SCRATCH.views(rows, cols, dtype)
            unpack_int4pack(self.packed, weight, nibbles, int4pack_rows())
            scale.copy_(self.scales_zeros[..., 0])
            torch.add(self.scales_zeros[..., 1], scale, alpha=-8, out=offset)
            groups = weight.view(-1, GROUP, self.out_features)
            torch.addcmul(offset[:, None], groups, scale[:, None], out=groups)
            return weight

    return _DualLinear


@lru_cache(maxsize=1)
def wide_linear_class() -> Any:
    """A bf16 linear for CPUs without native bf16 GEMM (built on first use): few tokens in
    bf16 (reading 2 bytes a weight: 1.6 ms per token for an 8960x1536 layer, against 4.5 ms in
    fp32), many in fp32 from an fp32 copy made in the shared scratch (2.5 ms for that layer;
    the bf16 GEMM on 700 tokens: 989 ms, fp32: 202 ms; 2026-12-06, ad hoc). For the layers
    the GGUF holds in Q6_K (half the ffn_down and attn_v), which stay bf16."""
    import torch

    class _WideLinear(torch.nn.Module):
        def __init__(self, linear: Any) -> None:
            super().__init__()
            self.weight = linear.weight
            self.bias = linear.bias

        def forward(self, x: Any) -> Any:
            if x.numel() <= DECODE_ROWS * x.shape[-1]:
                return torch.nn.functional.linear(x, self.weight, self.bias)
            with _SCRATCH.lock:
                out = torch.nn.functional.linear(x.float(), _SCRATCH.copy(self.weight))
            if self.bias is not None:
                out += self.bias
            return out.to(x.dtype)

    return _WideLinear


def widen(model: Any) -> int:
    """Give the model's plain bf16 linears (not the Q4_K ones, nor an int8 head) the fp32
    path for many tokens; returns how many got it."""
    import torch

    head = model.get_output_embeddings()  # one token a prompt: never wide
    names = [
        name
        for name, module in model.named_modules()
        if type(module) is torch.nn.Linear
        and module.weight.dtype == torch.bfloat16
        and module is not head
    ]
    for name in names:
        model.set_submodule(name, wide_linear_class()(model.get_submodule(name)))
    return len(names)
