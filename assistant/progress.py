"""The command line's progress bars on stderr: one per stage, in real units.

On a terminal a tqdm bar; elsewhere (a log file, CI) a bar's carriage returns would make one
endless line, so there a stage writes one line when it starts and one when it ends.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .index.ingest import IngestProgress


class Bar:
    """One tqdm bar on stderr, created at the first update (when its total is known).

    Not on a terminal (a log file, CI), a bar's carriage returns make one endless line; there
    it writes one line when the stage starts and one when it ends instead.
    """

    def __init__(self, desc: str, unit: str, scale: bool = False) -> None:
        self.desc, self.unit, self.scale = desc, unit, scale
        self._bar: Any = None
        self._started: float | None = None
        self._total = 0

    def update(self, done: int, total: int, **postfix: Any) -> None:
        if not sys.stderr.isatty():
            if self._started is None:
                self._started, self._total = time.perf_counter(), total
                print(f"{self.desc} …", file=sys.stderr, flush=True)
            if done >= total:
                self.close()
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, desc=self.desc, unit=self.unit, unit_scale=self.scale, file=sys.stderr
            )
        self._bar.update(done - self._bar.n)
        if postfix:
            self._bar.set_postfix(**postfix)
        if done >= total:
            self.close()

    def ingest(self, p: IngestProgress) -> None:
        self.update(p.articles_done, p.articles_total, chunks=p.chunks_done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._started is not None:
            amount = (
                f"{self._total / 2**20:.0f} MiB"
                if self.unit == "B"
                else f"{self._total} {self.unit}{'s' * (self._total != 1)}"
            )
            seconds = time.perf_counter() - self._started
            print(f"{self.desc}: {amount} in {seconds:.0f} s", file=sys.stderr, flush=True)
            self._started = None
