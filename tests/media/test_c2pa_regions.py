"""Regions of interest: OMRS seconds and SMPTE timecode as C2PA npt strings, rectangles."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.media.regions import (
    NPT_PATTERN,
    npt,
    region_map,
    spatial_range,
    temporal_range,
    timecode_seconds,
)

_DAY_NS = 24 * 3600 * 10**9


def _parse_npt(text: str) -> Decimal:
    match = NPT_PATTERN.match(text)
    assert match, text
    hours, minutes, seconds, _, fraction = match.groups()
    whole = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds)
    return whole + (Decimal(f"0.{fraction}") if fraction else Decimal(0))


@settings(max_examples=300, deadline=None)
@given(nanos=st.integers(min_value=0, max_value=_DAY_NS - 1))
def test_npt_round_trips_every_instant_of_a_day(nanos: int) -> None:
    """Any time below 24 h with up to 9 decimals is written exactly, in the §18.2.3 form."""
    seconds = Decimal(nanos) / 10**9
    text = npt(seconds)
    assert text is not None and NPT_PATTERN.match(text)
    assert _parse_npt(text) == seconds
    hours, minutes, rest = text.split(":")
    assert int(hours) <= 23
    assert int(minutes) <= 59 and int(rest.split(".")[0]) <= 59 and len(minutes) == 2


@settings(max_examples=200, deadline=None)
@given(value=st.floats(min_value=0, max_value=86_398, allow_nan=False))
def test_seconds_from_json_floats_are_read_by_their_shortest_form(value: float) -> None:
    """72.5 is "0:01:12.5", 0.1 is "0:00:00.1": no binary noise, start down, end up."""
    end = value + 1
    found = temporal_range({"start": value, "end": end})
    assert found is not None
    time = found["time"]
    assert NPT_PATTERN.match(time["start"]) and NPT_PATTERN.match(time["end"])
    start = Decimal(repr(value))
    assert _parse_npt(time["start"]) <= start < _parse_npt(time["start"]) + Decimal("1e-9")
    assert _parse_npt(time["end"]) - Decimal("1e-9") < Decimal(repr(end)) <= _parse_npt(time["end"])


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00:00"),
        (3, "0:00:03"),
        (72.5, "0:01:12.5"),
        (3725.5, "1:02:05.5"),
        (0.1, "0:00:00.1"),
        (86_399.999999999, "23:59:59.999999999"),
    ],
)
def test_npt_examples(seconds: float, text: str) -> None:
    assert npt(Decimal(repr(seconds))) == text


@pytest.mark.parametrize("seconds", ["86400", "90000.5", "1e300", "-1"])
def test_npt_refuses_what_it_cannot_write(seconds: str) -> None:
    """npt hours stop at 23; a range past that is left out, not wrapped or clamped."""
    assert npt(Decimal(seconds)) is None


def _drop_frame_label(frame: int, nominal: int) -> str:
    """The SMPTE drop-frame label of frame number ``frame`` (the inverse conversion)."""
    dropped = nominal // 15
    per_ten = nominal * 600 - dropped * 9
    per_minute = nominal * 60 - dropped
    tens, rest = divmod(frame, per_ten)
    if rest > dropped:
        frame += dropped * 9 * tens + dropped * ((rest - dropped) // per_minute)
    else:
        frame += dropped * 9 * tens
    ff = frame % nominal
    ss = frame // nominal % 60
    mm = frame // (nominal * 60) % 60
    hh = frame // (nominal * 3600)
    return f"{hh:02d}:{mm:02d}:{ss:02d};{ff:02d}"


@settings(max_examples=300, deadline=None)
@given(
    frame=st.integers(min_value=0, max_value=24 * 3600 * 29),
    rate=st.sampled_from([(29.97, 30), (59.94, 60)]),
)
def test_drop_frame_timecode_is_the_frame_number_at_the_real_rate(
    frame: int, rate: tuple[float, int]
) -> None:
    declared, nominal = rate
    label = _drop_frame_label(frame, nominal)
    if int(label[:2]) > 23:
        return
    assert timecode_seconds(label, declared) == Fraction(frame * 1001, nominal * 1000)


@settings(max_examples=200, deadline=None)
@given(
    h=st.integers(0, 23),
    m=st.integers(0, 59),
    s=st.integers(0, 59),
    f=st.integers(0, 23),
    rate=st.sampled_from([24, 25, 30, 50]),
)
def test_non_drop_timecode_at_whole_rates(h: int, m: int, s: int, f: int, rate: int) -> None:
    expected = h * 3600 + m * 60 + s + Fraction(f, rate)
    assert timecode_seconds(f"{h:02d}:{m:02d}:{s:02d}:{f:02d}", rate) == expected


@pytest.mark.parametrize(
    ("timecode", "rate", "seconds"),
    [
        ("00:00:01:00", 29.97, "1.001"),  # 30 labels a second, at 30000/1001 fps
        ("00:01:00;02", 29.97, "60.06"),  # the first label of minute 1
        ("00:10:00;00", 29.97, "599.9994"),
        ("01:00:00:00", 23.976, "3603.6"),
    ],
)
def test_timecode_examples(timecode: str, rate: float, seconds: str) -> None:
    assert timecode_seconds(timecode, rate) == Fraction(seconds)


@pytest.mark.parametrize(
    ("timecode", "rate"),
    [
        ("00:00:01:25", 25),  # frame 25 does not exist at 25 fps
        ("00:01:00;00", 29.97),  # a label drop-frame skips
        ("00:00:01;00", 25),  # drop-frame only exists at 29.97 and 59.94
        ("00:00:01;00", 30),
        ("00:00:01:00", None),  # no frame rate, no time
        ("00:00:01:00", 0),
        ("00:61:00:00", 25),
    ],
)
def test_unreadable_timecode(timecode: str, rate: object) -> None:
    assert timecode_seconds(timecode, rate) is None


@pytest.mark.parametrize(
    "time_range",
    [
        {"start": 5, "end": 5},  # empty
        {"start": 6, "end": 5},  # reversed
        {"start": "00:00:01:00", "end": "00:00:02:00"},  # timecode without frameRate
        {"start": 0, "end": 90_000},  # past 23:59:59
        {"start": 0, "end": float("inf")},
        {"start": True, "end": 3},
        {"start": -1, "end": 3},
    ],
)
def test_ranges_that_cannot_be_written_are_left_out(time_range: dict[str, object]) -> None:
    assert temporal_range(time_range) is None


def test_spatial_region_in_percent_and_the_region_map() -> None:
    region = {"x": 0.62, "y": 0.05, "width": 0.3, "height": 0.35, "description": "corner"}
    assert spatial_range(region) == {
        "type": "spatial",
        "shape": {
            "type": "rectangle",
            "unit": "percent",
            "origin": {"x": 62.0, "y": 5.0},
            "width": 30.0,
            "height": 35.0,
        },
    }
    segment = {"id": "s1", "region": region, "range": {"start": 1, "end": 2.25}}
    assert region_map(segment) == {
        "region": [
            {"type": "temporal", "time": {"type": "npt", "start": "0:00:01", "end": "0:00:02.25"}},
            spatial_range(region),
        ],
        "name": "s1",
        "description": "corner",
    }
    assert region_map({"range": {"start": 3, "end": 1}}) is None
    assert spatial_range({"x": 2, "y": 0, "width": 0.5, "height": 0.5}) is None
