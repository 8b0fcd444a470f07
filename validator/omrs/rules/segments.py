"""Rules on a disclosure's timeline: segment ranges that make sense, and an honest aiShare.

Time points are SMPTE timecode ``HH:MM:SS:FF`` (``;`` before the frames marks drop-frame)
or seconds; timecode needs the range's ``frameRate`` (spec/1.0/overview.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs import source_types as vocab
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, items, semantic, span
from omrs.rules.engine import RuleContext

DISCLOSURE = ("ai-disclosure",)
#: How far `aiShare` may stray from what the generative segments cover.
AI_SHARE_TOLERANCE = 0.05


def seconds(point: Any, frame_rate: Any = None) -> float | None:
    """A time point in seconds, or None when it cannot be read (timecode without a rate).

    Drop-frame timecode (``;``) skips two frame numbers a minute (four at 59.94 fps),
    except every tenth minute, as SMPTE 12M counts them.
    """
    if isinstance(point, bool):
        return None
    if isinstance(point, int | float):
        return float(point)
    rate = frame_rate if isinstance(frame_rate, int | float) and frame_rate > 0 else None
    if not isinstance(point, str) or len(point) != 11 or rate is None:
        return None
    try:
        hours, minutes, secs, frames = (int(point[i : i + 2]) for i in (0, 3, 6, 9))
    except ValueError:
        return None
    nominal = round(rate)
    if frames >= nominal:
        return None
    count = (hours * 3600 + minutes * 60 + secs) * nominal + frames
    if point[8] == ";":
        total_minutes = hours * 60 + minutes
        count -= (nominal // 15) * (total_minutes - total_minutes // 10)
    return count / rate


def _bounds(rng: dict[str, Any]) -> tuple[float | None, float | None]:
    rate = rng.get("frameRate")
    return seconds(rng["start"], rate), seconds(rng["end"], rate)


@semantic(
    "disclosure.time-range",
    "Segment time ranges are readable, forward and inside the asset",
    Severity.ERROR,
    "OMRS 1.0: a time range's `end` MUST be after its `start`; when either is timecode, "
    "`frameRate` MUST be given so it can be read as seconds (a frame number must be below "
    "the rate); and ranges MUST lie within `asset.durationSeconds` when it is given "
    "(overview.md, ai-disclosure.md).",
    (src.OMRS_OVERVIEW, src.OMRS_DISCLOSURE),
    DISCLOSURE,
)
def _time_range(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    duration = doc.data["asset"].get("durationSeconds")
    for i, seg in items(doc.data, "segments"):
        rng = seg.get("range")
        if not isinstance(rng, dict):
            continue
        where = f"/segments/{i}/range"
        start, end = _bounds(rng)
        if start is None or end is None:
            yield r.at(
                where,
                f"{span(seg)} cannot be read as seconds: timecode needs `frameRate`, and "
                "its frame number must be below the rate",
            )
        elif end <= start:
            yield r.at(f"{where}/end", f"{span(seg)} ends at or before it starts")
        elif isinstance(duration, int | float) and end > duration:
            yield r.at(
                f"{where}/end",
                f"{span(seg)} ends at {end:g} s, after the asset's {duration:g} s",
            )


def generative_share(data: dict[str, Any]) -> float | None:
    """The share of the running time the generative segments cover, if it can be computed.

    A generative segment without a range covers the whole asset; a range that cannot be
    read makes the share unknown.
    """
    duration = data["asset"].get("durationSeconds")
    if not isinstance(duration, int | float) or duration <= 0:
        return None
    spans: list[tuple[float, float]] = []
    for _, seg in items(data, "segments"):
        if not vocab.is_generative(seg["digitalSourceType"]):
            continue
        rng = seg.get("range")
        if not isinstance(rng, dict):
            return 1.0
        start, end = _bounds(rng)
        if start is None or end is None or end <= start:
            return None
        spans.append((max(0.0, start), min(float(duration), end)))
    covered, reach = 0.0, 0.0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / duration


@semantic(
    "disclosure.ai-share",
    "`aiShare` agrees with the generative segments",
    Severity.WARNING,
    "OMRS 1.0: `aiShare`, the fraction of the running time that is AI-generated or "
    "AI-altered, SHOULD agree with the segments whose type is generative AI within a small "
    f"tolerance (ai-disclosure.md); OMRS allows {AI_SHARE_TOLERANCE:g}. It is what a "
    'statement such as "about 10% of this film is AI imagery" rests on. Checked for '
    "time-based media with `durationSeconds` and readable ranges (overlaps counted once).",
    (src.OMRS_DISCLOSURE,),
    DISCLOSURE,
)
def _ai_share(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    stated = doc.data.get("aiShare")
    if not isinstance(stated, int | float) or isinstance(stated, bool):
        return
    share = generative_share(doc.data)
    if share is not None and abs(share - stated) > AI_SHARE_TOLERANCE:
        yield r.at(
            "/aiShare",
            f"`aiShare` is {stated:g} but the generative segments cover {share:.3f} of the "
            f"{doc.data['asset']['durationSeconds']:g} s",
        )
