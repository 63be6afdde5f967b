"""Process-wide runtime helpers."""

import os
import platform
import re
from pathlib import Path

import pytest

from assistant.runtime import _malloc_trim, release_free_memory

GLIBC = platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
@pytest.mark.skipif(bool(os.environ.get("LD_PRELOAD")), reason="another allocator preloaded")
def test_release_free_memory_gives_freed_heap_pages_back() -> None:
    """What a prompt pass frees stays resident until trimmed (glibc keeps a heap's freed
    chunks below its top); `release_free_memory` hands those pages back."""
    assert _malloc_trim() is not None

    def anon_mib() -> float:
        text = Path("/proc/self/status").read_text()
        return int(re.search(r"RssAnon:\s+(\d+)", text).group(1)) / 1024  # type: ignore[union-attr]

    release_free_memory()
    pieces = [bytearray(64 * 1024) for _ in range(3200)]  # 200 MiB in heap-sized chunks
    pin = bytearray(64 * 1024)  # above them: the heap's top cannot shrink on its own
    del pieces
    before = anon_mib()
    release_free_memory()
    after = anon_mib()
    assert before - after > 100, (before, after)
    del pin
