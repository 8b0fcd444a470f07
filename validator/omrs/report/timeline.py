"""Lay the timeline out for inline SVG: one row per event, dates mapped to x.

Only geometry is computed here (numbers and short labels); the template draws it and
escapes every label. Very many events are cut to ``MAX_ROWS`` so a 1,000-consent bundle
does not make a figure no one can read; the consent matrix lists them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from omrs.report.model import Event

MAX_ROWS = 60
LABEL_WIDTH = 300
PLOT_WIDTH = 560
ROW_HEIGHT = 22
TOP = 30
LABEL_CHARS = 44


@dataclass(frozen=True, slots=True)
class Bar:
    kind: str
    label: str
    title: str
    y: float
    x: float
    width: float
    point: bool


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class Layout:
    left: int
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    as_of_x: float | None
    hidden: int
    first: str
    last: str


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _range(events: Sequence[Event]) -> tuple[dt.date, dt.date]:
    days = [e.start for e in events] + [e.end for e in events if e.end is not None]
    first, last = min(days), max(days)
    if last <= first:
        last = first + dt.timedelta(days=1)
    return first, last


def _ticks(first: dt.date, last: dt.date, x: Callable[[dt.date], float]) -> tuple[Tick, ...]:
    years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1)
    step = max(1, len(years) // 8)
    return tuple(Tick(x(dt.date(y, 1, 1)), str(y)) for y in list(years)[::step])


def layout(events: Sequence[Event]) -> Layout | None:
    """The figure for ``events`` (None when there is nothing dated to draw)."""
    if not events:
        return None
    shown = list(events[:MAX_ROWS])
    as_of = next((e for e in events if e.kind == "as-of"), None)
    if as_of is not None and as_of not in shown:
        shown[-1] = as_of
    first, last = _range(shown)
    total = (last - first).days

    def x(day: dt.date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - first).days / total, 1)

    bars = []
    for row, event in enumerate(shown):
        start = x(event.start)
        end = x(event.end) if event.end is not None else start
        when = f"{event.start}" + (f" to {event.end}" if event.end is not None else "")
        bars.append(
            Bar(
                event.kind,
                _short(event.label),
                f"{event.label}: {when}",
                TOP + row * ROW_HEIGHT,
                start,
                max(end - start, 2.0),
                event.end is None,
            )
        )
    height = TOP + len(shown) * ROW_HEIGHT + 10
    return Layout(
        LABEL_WIDTH,
        LABEL_WIDTH + PLOT_WIDTH + 20,
        height,
        tuple(bars),
        _ticks(first, last, x),
        x(as_of.start) if as_of is not None else None,
        len(events) - len(shown),
        first.isoformat(),
        last.isoformat(),
    )
