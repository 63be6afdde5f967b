"""The command line's progress on stderr: a bar per stage, in real units, and `StatusLine`.

On a terminal a tqdm bar; elsewhere (a log file, CI) a bar's carriage returns would make one
endless line, so there a stage writes one line when it starts and one when it ends.
"""

from __future__ import annotations

import re
import shutil
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

            sys.stderr.write(_ERASE)  # a `StatusLine` may be showing: the bar takes its place
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


# What `assistant ask` and the chat window say until the model's first word.
WORKING = "Searching the articles and reading what they say …"
_ERASE = "\r\x1b[K"  # back to the line's start, erase to its end
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")  # the model's newlines, or a planted escape


class StatusLine:
    """One line on a terminal's stderr that says what `assistant ask` is doing, then shows
    the end of the model's draft as it streams in (marked as not yet checked), and is
    erased before the checked answer is printed. On 2 AVX2 cores an answer takes ~20 s
    after the model has loaded (README, set-up): the chat window shows its draft meanwhile,
    the command line had shown nothing. Not on a terminal (a pipe, a log), it
    writes nothing (nor with `quiet`): stdout stays the answer alone."""

    def __init__(self, stream: Any = None, quiet: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.on = not quiet and self.stream.isatty()
        self.shown = False

    def show(self, text: str, label: str = "") -> None:
        """`label` and as much of the end of `text` as the terminal's line holds."""
        if not self.on:
            return
        room = max(shutil.get_terminal_size((80, 24)).columns - 1 - len(label), 10)
        text = _CONTROL.sub(" ", text).strip()
        if len(text) > room:
            text = "…" + text[len(text) - room + 1 :]
        self.stream.write(_ERASE + label + text)
        self.stream.flush()
        self.shown = True

    def draft(self, text: str) -> None:
        """The draft so far: its end, where the model is writing."""
        self.show(text, "Draft, not yet checked: ")

    def clear(self) -> None:
        if self.shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.shown = False
