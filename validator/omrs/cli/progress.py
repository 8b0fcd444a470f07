"""Progress on stderr for long ``omrs check`` runs: a bar at a terminal, a heartbeat in CI.

- At a terminal (stderr is a TTY, more than ``MIN_TARGETS`` files or ``MIN_BYTES`` bytes,
  no ``--quiet``, no ``CI``): click's progress bar, by bytes, with an ETA and the file
  count, since one large video takes longer than a thousand records.
- When ``CI`` is set (or ``--progress`` outside a terminal): a plain heartbeat line every
  ``--heartbeat`` seconds with files done, bytes done and the file being checked, so a long
  media run is not silent in a log that keeps every carriage return. A run shorter than one
  interval prints nothing.

``--progress``/``--no-progress`` force either way. The checker reports each result through
a callback and stays silent itself; results arrive in target order, so the file being
checked is the first one without a result.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

import click

from omrs.discovery import Target
from omrs.findings import FileResult

#: Runs with at most this many targets finish before a bar would be worth reading...
MIN_TARGETS = 50
#: ...unless they hold this many bytes (a few large videos).
MIN_BYTES = 256 * 1024 * 1024
#: Seconds between heartbeat lines in CI.
HEARTBEAT_SECONDS = 30.0


def wanted(
    total: int,
    *,
    quiet: bool,
    forced: bool | None,
    stream: TextIO,
    environ: Mapping[str, str] = os.environ,
    total_bytes: int = 0,
) -> bool:
    """Whether to draw a bar for a run of ``total`` targets (``total_bytes`` in all)."""
    if forced is not None:
        return forced and total > 0
    long_run = total > MIN_TARGETS or total_bytes >= MIN_BYTES
    if quiet or not long_run or environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _size(target: Target) -> int:
    try:
        return os.stat(target.path).st_size if target.path != "-" else 0
    except (OSError, ValueError):
        return 0


def human_bytes(count: float) -> str:
    """``1.2 GB``: decimal units, as file managers show sizes."""
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"  # pragma: no cover - the loop returns


class Tally:
    """What is done so far: files, bytes, failures; called once per result, in order."""

    def __init__(self, targets: Sequence[Target], clock: Callable[[], float] = time.monotonic):
        self.targets = targets
        self.sizes = [_size(t) for t in targets]
        self.total_bytes = sum(self.sizes)
        self.done = 0
        self.bytes_done = 0
        self.failed = 0
        self.clock = clock
        self.started = clock()
        self._lock = threading.Lock()

    def plan(self, targets: Sequence[Target]) -> None:
        """The run's targets once planned: those given, then the files a change reaches
        through its bundles (the project index), which are checked and counted too."""
        with self._lock:
            added = targets[len(self.targets) :]
            self.targets = targets
            self.sizes = [*self.sizes, *(_size(t) for t in added)]
            self.total_bytes = sum(self.sizes)

    def __call__(self, result: FileResult | None) -> None:
        with self._lock:
            if self.done < len(self.sizes):
                self.bytes_done += self.sizes[self.done]
            self.done += 1
            if result is not None and result.errors:
                self.failed += 1

    @property
    def current(self) -> str | None:
        """The file being checked: the first one without a result."""
        return self.targets[self.done].path if self.done < len(self.targets) else None

    def line(self) -> str:
        """``omrs: 12/40 files, 1.2 GB of 3.4 GB, 1 failed; checking media/big.mp4 (2m05s)``."""
        with self._lock:
            done, current = self.done, self.current
            text = (
                f"omrs: {done}/{len(self.targets)} files, {human_bytes(self.bytes_done)} of "
                f"{human_bytes(self.total_bytes)}"
            )
            if self.failed:
                text += f", {self.failed} failed"
        elapsed = int(self.clock() - self.started)
        if current is not None:
            from omrs.reporters.base import visible_path

            text += f"; checking {visible_path(current)}"
        return f"{text} ({elapsed // 60}m{elapsed % 60:02d}s)"


class Heartbeat:
    """A line every ``interval`` seconds from a background thread, until closed."""

    def __init__(self, tally: Tally, stream: TextIO, interval: float) -> None:
        self.tally = tally
        self._stream = stream
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="omrs-heartbeat", daemon=True)
        self._thread.start()

    def __call__(self, result: FileResult | None) -> None:
        self.tally(result)

    def plan(self, targets: Sequence[Target]) -> None:
        self.tally.plan(targets)

    def _beat(self) -> None:
        while not self._stop.wait(self._interval):
            self._stream.write(self.tally.line() + "\n")
            self._stream.flush()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Bar:
    """click's progress bar by bytes (by files when every file is empty), with an ETA."""

    def __init__(self, tally: Tally, stream: TextIO) -> None:
        self.tally = tally
        self._by_bytes = tally.total_bytes > 0
        length = tally.total_bytes if self._by_bytes else len(tally.targets)
        self._bar: Any = click.progressbar(
            length=length,
            label="omrs",
            file=stream,
            show_eta=True,
            show_percent=True,
            item_show_func=lambda _: (
                f"{self.tally.done}/{len(self.tally.targets)} files"
                + (f", {self.tally.failed} failed" if self.tally.failed else "")
            ),
        )
        self._bar.__enter__()

    def plan(self, targets: Sequence[Target]) -> None:
        self.tally.plan(targets)
        self._bar.length = self.tally.total_bytes if self._by_bytes else len(targets)

    def __call__(self, result: FileResult | None) -> None:
        before = self.tally.bytes_done
        self.tally(result)
        step = self.tally.bytes_done - before if self._by_bytes else 1
        self._bar.update(step, self.tally.current)

    def close(self) -> None:
        self._bar.__exit__(None, None, None)


Watcher = Bar | Heartbeat


def watcher_for(
    targets: Sequence[Target],
    *,
    quiet: bool,
    forced: bool | None,
    stream: TextIO,
    heartbeat: float | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Watcher | None:
    """The bar or heartbeat this run wants, or None (short, quiet, or piped)."""
    if forced is False or not targets:
        return None
    tally = Tally(targets)
    isatty = getattr(stream, "isatty", None)
    terminal = bool(isatty and isatty())
    shown = wanted(
        len(targets),
        quiet=quiet,
        forced=forced,
        stream=stream,
        environ=environ,
        total_bytes=tally.total_bytes,
    )
    if shown and terminal and not environ.get("CI"):
        return Bar(tally, stream)
    if (environ.get("CI") and not quiet) or forced:
        return Heartbeat(tally, stream, heartbeat or HEARTBEAT_SECONDS)
    return None
