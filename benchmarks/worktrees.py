"""The code a benchmark compares: commits checked out into temporary git worktrees.

`checked_out({"before": "6e0b470", "after": None}, folder)` gives each label the folder its
code is in — a detached worktree of that commit under `folder`, or this working tree for
None — and removes the worktrees afterwards. A benchmark then runs each side in its own
process with `PYTHONPATH` set to that folder (`pythonpath`), so both sides are measured in
one sitting, on the same indexes. Does not: build indexes or run anything itself.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def checked_out(revs: dict[str, str | None], folder: Path) -> Iterator[dict[str, Path]]:
    """Each label's code folder, in the order given (None: the working tree)."""
    added: list[Path] = []
    try:
        codes: dict[str, Path] = {}
        for label, rev in revs.items():
            if rev is None:
                codes[label] = ROOT
                continue
            path = folder / f"{label}-code"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
                check=True,
                capture_output=True,
            )
            added.append(path)
            codes[label] = path
        yield codes
    finally:
        for path in added:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
            )


def pythonpath(code: Path) -> dict[str, str]:
    """The environment of a process that imports `assistant` from `code`."""
    return {**os.environ, "PYTHONPATH": str(code)}
