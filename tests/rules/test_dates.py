"""Date arithmetic in the rules never raises, at the edges of the calendar too.

A consent whose term starts in 9995 made ``add_years`` compute year 10005 and the run end
in ``internal.error`` (ValueError); every date of a record may be anywhere in 0001-9999.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.rules.base import add_years, last_day
from omrs.rules.profiles import PROFILES
from tests.conftest import FIXTURES

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
RECORDS = sorted(p for p in (FIXTURES / "records" / "valid").iterdir() if p.is_file())
EDGES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(1, 12, 31)),
    st.dates(dt.date(9980, 1, 1), dt.date(9999, 12, 31)),
)


@given(day=st.dates(), years=st.integers(-20_000, 20_000))
def test_add_years_never_raises(day: dt.date, years: int) -> None:
    later = add_years(day, years)
    if dt.MINYEAR <= day.year + years <= dt.MAXYEAR:
        assert later.year == day.year + years
    else:
        assert later in (dt.date.min, dt.date.max)
    assert last_day(day, years) <= later


def test_add_years_clamps_at_the_end_of_the_calendar() -> None:
    assert add_years(dt.date(9995, 6, 1), 10) == dt.date.max
    assert last_day(dt.date(9995, 6, 1), 10) == dt.date.max
    assert last_day(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 27)
    assert add_years(dt.date(2, 1, 1), -5) == dt.date.min


def _with_dates(value: Any, draw: Any) -> Any:
    if isinstance(value, dict):
        return {k: _with_dates(v, draw) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v, draw) for v in value]
    if isinstance(value, str) and DATE.match(value):
        return draw(EDGES).isoformat() + value[10:]
    return value


@settings(max_examples=30, deadline=None)
@given(data=st.data(), record=st.sampled_from(RECORDS))
def test_records_with_dates_at_the_calendar_edges_get_verdicts(
    tmp_path_factory: Any, data: st.DataObject, record: Path
) -> None:
    original = yaml.safe_load(record.read_text("utf-8"))
    changed = _with_dates(original, data.draw)
    path = tmp_path_factory.mktemp("dates") / (record.stem + ".yaml")
    path.write_text(yaml.safe_dump(changed), "utf-8")
    today = data.draw(EDGES)
    for profiles in ((), tuple(PROFILES)):
        run = check_paths([path], CheckOptions(as_of=today, profiles=profiles, jobs=1))
        assert run.exit_code() in (0, 1), [f.message for f in run.findings]
        assert not [f for f in run.findings if f.code == "internal.error"]


@pytest.mark.parametrize("day", ["0001-01-01", "9990-06-01", "9999-12-31"])
@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.name)
def test_every_date_at_a_calendar_edge(tmp_path: Path, record: Path, day: str) -> None:
    original = yaml.safe_load(record.read_text("utf-8"))
    changed = _with_dates(original, lambda _: dt.date.fromisoformat(day))
    path = tmp_path / (record.stem + ".yaml")
    path.write_text(yaml.safe_dump(changed), "utf-8")
    run = check_paths([path], CheckOptions(as_of=dt.date(9999, 1, 1), profiles=tuple(PROFILES)))
    assert not [f.message for f in run.findings if f.code == "internal.error"]
