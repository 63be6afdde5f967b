"""A weight-only int8 output head for the bf16 transformers backend.

The model's output head (151,936 x 1,536; Q6_K in the GGUF, untied from the Q4_K token
embeddings) is read whole for every generated token: in bf16 that is 0.47 GB per token,
~37 ms of each on 2 cores, and all of it stays resident. `prepare_int8_head` stores it once
as int8 with one scale per row (~0.9% relative error on its weights), and
`attach_int8_head` swaps in a module that multiplies through torch's `_weight_int8pack_mm`
(~21 ms per token, 0.23 GB). The bf16 head's pages are then never touched.

Does not: quantise any other layer (see `q4k` for the Q4_K linears), or serve fp32 models.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .package import LLM_NAME, is_derived_cached, stamp_derived, weight_files

HEAD_VERSION = 1


def int8_head_path(cache_dir: Path) -> Path:
    return cache_dir / f"{LLM_NAME}-head-int8-v{HEAD_VERSION}.safetensors"


def _head_name(files: dict[str, Path]) -> str:
    for name in ("lm_head", "model.embed_tokens"):  # a tied model stores only the embeddings
        if name in files:
            return name
    raise ModelError("the converted model has neither lm_head nor embed_tokens weights")


def prepare_int8_head(cache_dir: Path, reference: Path) -> Path:
    """Cache the output head as int8 rows + fp32 row scales (once, a few seconds)."""
    out = int8_head_path(cache_dir)
    if is_derived_cached(out):
        return out
    import torch
    from safetensors import safe_open
    from safetensors.torch import save_file

    files = weight_files(reference)
    name = _head_name(files)
    with safe_open(str(files[name]), "pt") as f:
        weight = f.get_tensor(name + ".weight").float()
    scale = weight.abs().amax(dim=1).clamp(min=1e-12) / 127
    values = torch.round(weight / scale[:, None]).clamp(-127, 127).to(torch.int8)
    tmp = out.with_name(out.name + ".partial")
    save_file({"q": values.contiguous(), "scale": scale.contiguous()}, str(tmp))
    tmp.replace(out)
    stamp_derived(out)
    return out


def attach_int8_head(model: Any, path: Path) -> None:
    """Replace the model's output head by its int8 copy at `path`."""
    from safetensors import safe_open

    head = model.get_output_embeddings()
    with safe_open(str(path), "pt") as f:
        # A fresh allocation: the kernel crashes on int8 data that is not 64-byte aligned,
        # as safetensors may hand it out.
        values, scale = f.get_tensor("q").clone(), f.get_tensor("scale")
    if tuple(values.shape) != tuple(head.weight.shape) or head.bias is not None:
        raise ModelError(f"the int8 head does not fit this model: delete {path} to rebuild it")
    model.set_output_embeddings(_head_class()(values, scale.to(head.weight.dtype)))


@lru_cache(maxsize=1)
def _head_class() -> Any:
    """The module class, built on first use so that importing this file needs no torch."""
    import torch

    class _Int8Head(torch.nn.Module):
        def __init__(self, values: Any, scale: Any) -> None:
            super().__init__()
            self.register_buffer("values", values, persistent=False)
            self.register_buffer("scale", scale, persistent=False)

        def forward(self, x: Any) -> Any:
            cols = x.shape[-1]
            out = torch._weight_int8pack_mm(x.reshape(-1, cols), self.values, self.scale)
            return out.reshape(*x.shape[:-1], out.shape[-1])

    return _Int8Head
