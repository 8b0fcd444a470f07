"""C2PA regions of interest (C2PA 2.2 §18.2) from OMRS time ranges and picture regions.

A segment of an AI disclosure says *where* AI was used: a time range (seconds, or SMPTE
timecode with a frame rate) and/or a picture rectangle in fractions of the frame. C2PA
writes the same as a ``region-map`` in an action's ``changes``:

- time as Normal Play Time strings, ``H:MM:SS[.fraction]``, which the §18.2.3 regex limits
  to hours 0-23, minutes and seconds 0-59 and at most nine fraction digits. The SDK does not
  check that regex (it signs ``"3725.5"``), so it is enforced here;
- the rectangle as a ``spatial`` range, ``unit: "percent"`` of the frame.

A range that cannot be written truthfully (a timecode without a frame rate, a point past
23:59:59.999999999, an end not after its start) is left out rather than bent: a change
without a region is "undefined" in C2PA (§18.14.4.6), which is less than the disclosure
says but never wrong. Pure functions, no ``c2pa`` import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

#: The npt pattern of C2PA 2.2 §18.2.3, verbatim.
NPT_PATTERN = re.compile(r"^(?:(?:([01]?\d|2[0-3]):)?([0-5]?\d):)?([0-5]?\d)(\.(\d{1,9}))?$")
_TIMECODE = re.compile(r"^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$")
_NANOS = 10**9
#: The first instant npt cannot write (hours stop at 23).
_NPT_LIMIT = 24 * 3600
#: NTSC rates are N x 1000/1001; a record writes them rounded (23.976, 29.97, 59.94).
_NTSC_TOLERANCE = Fraction(1, 100)
Rounding = Literal["down", "up"]


def _exact(value: Any) -> Fraction | None:
    """A JSON number as an exact fraction (a float by its shortest repr), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
    except (InvalidOperation, ValueError):
        return None


def _rates(frame_rate: Any) -> tuple[int, Fraction] | None:
    """(frames per timecode second, real frames per second) for ``frameRate``."""
    rate = _exact(frame_rate)
    if rate is None or rate <= 0:
        return None
    nominal = round(rate)
    if nominal < 1:
        return None
    ntsc = Fraction(nominal * 1000, 1001)
    if rate != nominal and abs(rate - ntsc) <= _NTSC_TOLERANCE:
        return nominal, ntsc
    return nominal, rate


def timecode_seconds(timecode: str, frame_rate: Any) -> Fraction | None:
    """Seconds from the start for SMPTE ``HH:MM:SS:FF`` (``;`` before FF: drop-frame).

    The timecode counts ``nominal`` frames per labelled second; the frame number is turned
    into time at the real rate (29.97 fps timecode runs slower than the clock). Drop-frame
    (29.97 and 59.94 only) skips the first 2 (or 4) frame labels of every minute except
    every tenth. ``None`` when the timecode or the rate cannot be read.
    """
    match = _TIMECODE.match(timecode)
    rates = _rates(frame_rate)
    if match is None or rates is None:
        return None
    hours, minutes, seconds, separator, frames = match.groups()
    nominal, real = rates
    h, m, s, f = int(hours), int(minutes), int(seconds), int(frames)
    if m > 59 or s > 59 or f >= nominal:
        return None
    number = ((h * 60 + m) * 60 + s) * nominal + f
    if separator == ";":
        if nominal not in (30, 60) or real == nominal:
            return None  # drop-frame exists only for 29.97 and 59.94
        dropped = nominal // 15  # 2 labels a minute at 30, 4 at 60
        if s == 0 and f < dropped and m % 10 != 0:
            return None  # a label drop-frame never uses
        total_minutes = h * 60 + m
        number -= dropped * (total_minutes - total_minutes // 10)
    return number / real


def point_seconds(point: Any, frame_rate: Any) -> Fraction | None:
    """An OMRS time point (seconds, or timecode) as exact seconds; ``None`` if unreadable."""
    if isinstance(point, str):
        return timecode_seconds(point, frame_rate)
    seconds = _exact(point)
    return seconds if seconds is not None and seconds >= 0 else None


def npt(seconds: Fraction | Decimal | int, *, rounding: Rounding = "down") -> str | None:
    """``seconds`` as an npt string ``H:MM:SS[.fraction]``, or ``None`` past 23:59:59.

    Nanoseconds are the finest npt can write; ``rounding`` says which way to go, so that a
    range's start rounds down and its end up and the range never shrinks.
    """
    exact = Fraction(seconds)
    if exact < 0 or exact >= _NPT_LIMIT:
        return None
    scaled = exact * _NANOS
    nanos = math.floor(scaled) if rounding == "down" else math.ceil(scaled)
    whole, fraction = divmod(nanos, _NANOS)
    if whole >= _NPT_LIMIT:
        return None
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    decimals = f"{fraction:09d}".rstrip("0")
    return f"{hours}:{minutes:02d}:{secs:02d}" + (f".{decimals}" if decimals else "")


def temporal_range(time_range: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``temporal`` range-map of an OMRS ``timeRange``, or ``None`` when it cannot be."""
    rate = time_range.get("frameRate")
    start = point_seconds(time_range.get("start"), rate)
    end = point_seconds(time_range.get("end"), rate)
    if start is None or end is None or end <= start:
        return None
    start_text = npt(start, rounding="down")
    end_text = npt(end, rounding="up")
    if start_text is None or end_text is None:
        return None
    return {"type": "temporal", "time": {"type": "npt", "start": start_text, "end": end_text}}


def _percent(value: Any) -> float | None:
    number = _exact(value)
    return float(number * 100) if number is not None and 0 <= number <= 1 else None


def spatial_range(region: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``spatial`` range-map (a rectangle, in percent of the frame) of an OMRS region."""
    x, y = _percent(region.get("x")), _percent(region.get("y"))
    width, height = _percent(region.get("width")), _percent(region.get("height"))
    if x is None or y is None or not width or not height:
        return None
    shape = {
        "type": "rectangle",
        "unit": "percent",
        "origin": {"x": x, "y": y},
        "width": width,
        "height": height,
    }
    return {"type": "spatial", "shape": shape}


def region_map(segment: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``region-map`` for a disclosure segment's range and region, or ``None``."""
    ranges: list[dict[str, Any]] = []
    picture = segment.get("region")
    time_range = segment.get("range")
    if isinstance(time_range, Mapping):
        found = temporal_range(time_range)
        if found:
            ranges.append(found)
    if isinstance(picture, Mapping):
        found = spatial_range(picture)
        if found:
            ranges.append(found)
    if not ranges:
        return None
    out: dict[str, Any] = {"region": ranges}
    if isinstance(segment.get("id"), str) and segment["id"]:
        out["name"] = segment["id"]
    if isinstance(picture, Mapping) and isinstance(picture.get("description"), str):
        out["description"] = picture["description"]
    return out
