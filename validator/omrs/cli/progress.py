"""A progress line on stderr for long ``omrs check`` runs.

Shown only when a person is watching: stderr is a terminal, the run has more than
``MIN_TARGETS`` targets, ``--quiet`` is off and no ``CI`` variable is set (CI logs keep
every carriage return, so a bar there is noise). ``--progress``/``--no-progress`` force
it either way. The checker reports each result through a callback and stays silent itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TextIO

from omrs.findings import FileResult

#: Runs with at most this many targets finish before a bar would be worth reading.
MIN_TARGETS = 50
#: Seconds between redraws, so drawing never costs more than the checking.
REDRAW_INTERVAL = 0.1
BAR_WIDTH = 30


def wanted(
    total: int,
    *,
    quiet: bool,
    forced: bool | None,
    stream: TextIO,
    environ: Mapping[str, str] = os.environ,
) -> bool:
    """Whether to draw a bar for a run of ``total`` targets."""
    if forced is not None:
        return forced and total > 0
    if quiet or total <= MIN_TARGETS or environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts results and redraws one ``\\r``-terminated line, at most every 0.1 s."""

    def __init__(
        self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._stream = stream
        self._clock = clock
        self._last = float("-inf")
        self._width = 0

    def __call__(self, result: FileResult | None) -> None:
        self.done += 1
        if result is not None and result.errors:
            self.failed += 1
        now = self._clock()
        if now - self._last >= REDRAW_INTERVAL or self.done == self.total:
            self._last = now
            self._draw()

    def line(self) -> str:
        """The text of the progress line, e.g. ``[#####-----]  50% 50/100 files, 2 failed``."""
        share = self.done / self.total if self.total else 1.0
        filled = int(BAR_WIDTH * share)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        text = f"omrs: [{bar}] {share:4.0%} {self.done}/{self.total} files"
        return text + (f", {self.failed} failed" if self.failed else "")

    def _draw(self) -> None:
        text = self.line()
        self._width = max(self._width, len(text))
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()

    def close(self) -> None:
        """Erase the line so the report starts on a clean terminal line."""
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
