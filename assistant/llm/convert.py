"""GGUF → a transformers folder (config, tokenizer, safetensors shards), one tensor at a time.

`AutoModelForCausalLM.from_pretrained(gguf_file=…)` dequantises every tensor into fp32
before anything can be cast or saved: the first run peaked at 9.3 GB RSS (2026-12-01), more
than an 8 GB laptop has. Here each tensor is read from the memory-mapped GGUF, dequantised
by the `gguf` package, named by transformers' own GGUF mapping (taken from a model built on
the meta device, which holds no weights), cast (fp32 → fp16, then the target dtype, as the
old path did), and written into a shard of at most `SHARD_BYTES`; a shard is freed once
written. Peak memory is about one shard plus the largest fp32 tensor (the 151,936 × 1,536
embedding: 0.9 GB) plus the libraries. The output equals the old path's tensor for tensor
(`tests/test_llm_package.py` compares them when both exist).

Also `recast`: an fp16 folder to bf16 the same way, shard by shard. Not here: the GGUF's
assembly and verification (`package.py`), the int4 cache (`q4k.py`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHARD_BYTES = 512 << 20
INDEX = "model.safetensors.index.json"
Progress = Callable[[int, int], None]  # tensors done, tensors in all


class _Shards:
    """Tensors written into numbered safetensors files and listed in the index."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.pending: dict[str, Any] = {}
        self.size = 0
        self.files: list[tuple[str, list[str]]] = []
        self.total = 0

    def add(self, name: str, tensor: Any) -> None:
        nbytes = tensor.numel() * tensor.element_size()
        if self.pending and self.size + nbytes > SHARD_BYTES:
            self.flush()
        self.pending[name] = tensor.contiguous()
        self.size += nbytes
        self.total += nbytes

    def flush(self) -> None:
        from safetensors.torch import save_file

        if not self.pending:
            return
        name = f"model-{len(self.files) + 1:05d}.safetensors"
        save_file(self.pending, str(self.out / name), metadata={"format": "pt"})
        self.files.append((name, list(self.pending)))
        self.pending, self.size = {}, 0

    def close(self) -> None:
        self.flush()
        count = len(self.files)
        weight_map = {}
        for i, (name, keys) in enumerate(self.files, 1):
            final = f"model-{i:05d}-of-{count:05d}.safetensors"
            (self.out / name).rename(self.out / final)
            weight_map.update({k: final for k in keys})
        index = {
            "metadata": {"total_size": self.total},
            "weight_map": dict(sorted(weight_map.items())),
        }
        (self.out / INDEX).write_text(json.dumps(index, indent=2))


ROWS_BYTES = 64 << 20  # fp32 bytes dequantised at once


def _dequantized(item: Any, dequantize: Callable[..., Any]) -> Any:
    """The tensor in fp16 (numpy), dequantised a block of rows at a time: a whole 151,936-row
    embedding in fp32, with the `gguf` package's intermediates, is several GB at once."""
    import numpy as np

    data = item.data
    if data.ndim < 2:
        return dequantize(data, item.tensor_type).astype(np.float16)
    step = max(1, ROWS_BYTES // max(1, 4 * int(np.prod(item.shape)) // data.shape[0]))
    out = None
    for i in range(0, data.shape[0], step):
        rows = dequantize(data[i : i + step], item.tensor_type).astype(np.float16)
        if out is None:
            out = np.empty((data.shape[0], *rows.shape[1:]), dtype=np.float16)
        out[i : i + len(rows)] = rows
    return out


def from_gguf(gguf: Path, out: Path, dtype: str, progress: Progress | None = None) -> None:
    """Write the transformers folder for `gguf` into `out` (created), weights in `dtype`."""
    import numpy as np
    import torch
    from gguf import GGUFReader, dequantize
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, GenerationConfig
    from transformers.modeling_gguf_pytorch_utils import (
        TENSOR_PROCESSORS,
        TensorProcessor,
        get_gguf_hf_weights_map,
    )

    out.mkdir(parents=True)
    reader = GGUFReader(str(gguf))
    count = len(reader.tensors)
    if progress:  # the stage's clock starts now: config and tokenizer take ~15 s of it
        progress(0, count)
    config = AutoConfig.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    with torch.device("meta"):
        skeleton = AutoModelForCausalLM.from_config(config)
    wanted = set(skeleton.state_dict())
    # What the processors read: the config (a second `load_gguf_checkpoint` for its dict
    # would parse the 151,936-token vocabulary again, ~7 s).
    parsed: dict[str, Any] = {"config": config.to_dict(), "tensors": {}}
    architecture = bytes(reader.fields["general.architecture"].parts[-1]).decode("utf-8")
    processor = TENSOR_PROCESSORS.get(architecture, TensorProcessor)(config=parsed["config"])
    names = get_gguf_hf_weights_map(skeleton, processor)
    target = getattr(torch, dtype)
    shards = _Shards(out)
    for done, item in enumerate(reader.tensors, 1):
        result = processor.process(
            weights=_dequantized(item, dequantize),
            name=item.name,
            tensor_key_mapping=names,
            parsed_parameters=parsed,
        )
        name = names.get(result.name)
        if name is not None and name in wanted:
            tensor = torch.from_numpy(np.array(result.weights, dtype=np.float16))
            shards.add(name, tensor.to(target))
        del result
        if progress and done < count:
            progress(done, count)
    shards.close()
    del reader
    config.dtype = target
    config.architectures = [type(skeleton).__name__]
    config.save_pretrained(str(out))
    GenerationConfig.from_model_config(config).save_pretrained(str(out))
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    tokenizer.save_pretrained(str(out))
    if progress:
        progress(count, count)


def recast(source: Path, out: Path, dtype: str, progress: Progress | None = None) -> None:
    """Copy the folder `source` into `out` with its weights cast to `dtype`, shard by shard."""
    import torch
    from safetensors import safe_open
    from transformers import AutoConfig

    out.mkdir(parents=True)
    target = getattr(torch, dtype)
    files = sorted(source.glob("*.safetensors"))
    count = sum(len(safe_open(str(p), "pt").keys()) for p in files)
    shards = _Shards(out)
    done = 0
    for path in files:
        with safe_open(str(path), "pt") as f:
            for key in f.keys():
                shards.add(key, f.get_tensor(key).to(target))
                done += 1
                if progress:
                    progress(done, count)
    shards.close()
    for extra in source.iterdir():
        if extra.suffix != ".safetensors" and extra.name not in (INDEX, "converted.json"):
            shutil.copy2(extra, out / extra.name)
    config = AutoConfig.from_pretrained(str(source))
    config.dtype = target
    config.save_pretrained(str(out))
