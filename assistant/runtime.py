"""Process-wide runtime knobs for the CPU models (only torch threads, for now)."""

from __future__ import annotations

import os


def set_threads(threads: int) -> None:
    """Use `threads` CPU threads for torch (0: one per core, which is fastest on 2 cores)."""
    import torch

    wanted = threads or os.cpu_count() or 1
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)
