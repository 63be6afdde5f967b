"""Process-wide runtime knobs shared by the model stages: offline mode, threads, packages,
freed memory.

Nothing here imports a heavy library at module level; each function imports what it sets.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .errors import ModelError

# (stage, done, total, unit): one-time model preparation reports its progress this way; the
# unit is "B" for bytes, else what is counted ("tensor").
Progress = Callable[[str, int, int, str], None]


def offline_env() -> None:
    """Make every model library refuse network access and send no telemetry (called before
    any of them is imported; tests/test_offline.py checks that nothing is attempted)."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # onnxruntime; its Python switch alone did not
    os.environ["ANONYMIZED_TELEMETRY"] = "False"  # chromadb's environment switch
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # Per-tensor "Loading weights" bars are noise for users; our own progress says enough.
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.disable_progress_bar()


def set_threads(threads: int) -> None:
    """Use `threads` CPU threads for torch (0: one per core, which is fastest on 2 cores)."""
    import torch

    wanted = threads or os.cpu_count() or 1
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's `malloc_trim`; elsewhere
    nothing). A prompt pass allocates and frees a few hundred MB of activations in pieces
    small enough for the heap, and glibc keeps freed heap pages resident: serving RSS grew
    with every answer. `benchmarks/answer_speed.py` (default config, 40 seed and 10
    RealTimeQA questions, 2026-12-05, two runs each): 4.11 / 4.26 GiB untrimmed, 3.42 / 3.41
    GiB trimmed after every pass; a trim takes 0.5-16 ms."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None (musl, macOS, Windows). Under an LD_PRELOADed allocator
    (jemalloc, tcmalloc) it is found but has nothing to trim."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (AttributeError, OSError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim  # type: ignore[no-any-return]


def package_dir(module: str, pip_name: str) -> Path:
    """The folder of an installed model package, or a `ModelError` with the pip command."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"model package {pip_name} is not installed: pip install '{pip_name}'")
    return Path(next(iter(spec.submodule_search_locations)))


def has_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the CPU has AMX tiles (read from Linux's /proc/cpuinfo; False elsewhere)."""
    try:
        return " amx_tile" in cpuinfo.read_text()
    except OSError:
        return False


CPUINFO = Path("/proc/cpuinfo")


def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags, from Linux's /proc/cpuinfo (none elsewhere)."""
    try:
        text = CPUINFO.read_text()
    except OSError:
        return frozenset()
    return frozenset(
        word for line in text.splitlines() if line.startswith("flags") for word in line.split()
    )


def native_bf16() -> bool:
    """Whether the CPU multiplies bf16 natively (AVX512-BF16 or AMX)."""
    return bool({"avx512_bf16", "amx_bf16"} & cpu_flags())


def resolve_dtype(dtype: str, int4_decode: bool = True) -> str:
    """The transformers backend's compute type. `auto` means bfloat16 where the CPU
    multiplies bf16 natively, or with the 4-bit weights on x86 with AVX2 (elsewhere torch's
    int4 kernel is scalar and packs another layout: ~10x slower than fp32 for a token, a
    review's measurement, 2026-12-06), else float32."""
    if dtype != "auto":
        return dtype
    int4_fast = int4_decode and "avx2" in cpu_flags()
    return "bfloat16" if native_bf16() or int4_fast else "float32"
