"""Folders of data derived from the index (the BM25 index, the vector table), kept under
`index_dir` with the state they were built from, and replaced whole.

Not here: what goes in them (`lexical.py`, `vectors.py`).
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

# numpy reads an .npy header with `ast.literal_eval`, and on CPython 3.11 two threads building
# an AST at once can fail: "SystemError: AST constructor recursion depth mismatch" (gh-106905),
# raised in a CI run of 2026-12-04 in one of eight concurrent sessions' first searches, as it
# loaded the BM25 index. Every derived folder is therefore read under this one lock (other
# threads compiling an AST meanwhile, e.g. an import, are beyond its reach).
READ_LOCK = threading.Lock()


def save_folder(folder: Path, state: dict[str, Any], write: Callable[[Path], None]) -> None:
    """Write into a fresh folder of this process's own, then swap it in, so a reader never
    sees half of one and two processes sharing `index_dir` never delete each other's files;
    losing the swap to another process only costs the cache. `state.json` goes in last.
    A failed write (disk full, a read-only `index_dir`) raises `OSError` and leaves nothing."""
    tag = uuid.uuid4().hex[:12]
    tmp = folder.with_name(f"{folder.name}.tmp-{tag}")
    old = folder.with_name(f"{folder.name}.old-{tag}")
    try:
        tmp.mkdir(parents=True)
        write(tmp)
        (tmp / "state.json").write_text(json.dumps(state), encoding="utf-8")
        try:
            if folder.exists():
                folder.rename(old)
            tmp.rename(folder)
        except OSError:  # another process swapped its own in meanwhile
            pass
    finally:
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def is_current(folder: Path, state: dict[str, Any]) -> bool:
    """Whether `folder` holds what was built from `state` (False if missing or unreadable)."""
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8")) == state
    except (OSError, ValueError):
        return False
