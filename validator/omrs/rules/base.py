"""What every semantic rule module shares: registration, located findings, dates, places.

A rule is declared with ``@semantic(...)``: the decorator registers the catalogue entry
with a check that hands the rule function a ``Report`` bound to the rule and document, so
every finding carries the rule id, its severity, its legal source and a line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from omrs.findings import Finding, Location, Severity
from omrs.loading import Document
from omrs.rules.catalogue import Rule, Source, register
from omrs.rules.engine import RuleContext
from omrs.territories import Scope


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """Builds located findings of one rule in one document."""

    rule: Rule
    doc: Document

    def at(
        self, pointer: str, message: str, *, key: bool = False, severity: Severity | None = None
    ) -> Finding:
        """A finding at ``pointer``; ``severity`` raises it where an active profile says so
        (the catalogue states the default)."""
        line, column = self.doc.locate(pointer, key=key)
        return Finding(
            self.rule.id,
            severity or self.rule.severity,
            message,
            Location(self.doc.path, pointer, line, column),
            source=self.rule.citation(),
        )


RuleFn = Callable[[Report, Document, RuleContext], Iterable[Finding]]


def semantic(
    id: str,
    title: str,
    severity: Severity,
    rationale: str,
    sources: tuple[Source, ...],
    applies_to: tuple[str, ...],
    profiles: tuple[str, ...] = (),
    since: str = "1.0",
) -> Callable[[RuleFn], RuleFn]:
    """Register a rule whose check is the decorated function (``since``: first version)."""

    def wrap(fn: RuleFn) -> RuleFn:
        base = Rule(id, title, severity, rationale, sources, profiles, applies_to, since=since)

        def check(doc: Document, ctx: RuleContext) -> Iterable[Finding]:
            return fn(Report(base, doc), doc, ctx)

        register(dataclasses.replace(base, check=check))
        return fn

    return wrap


def date(value: Any) -> dt.date | None:
    """A calendar date from a date or date-time string (the date as written), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February).

    Never raises: a day beyond the calendar (after 9999-12-31, before 0001-01-01) is
    clamped to its end, which stands for "later (earlier) than any date a record can hold".
    """
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def last_day(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years from ``start`` (clamped like add_years).

    A period that reaches past the calendar never ends inside it, so it ends on date.max.
    """
    end = add_years(start, years)
    return end if end in (dt.date.max, dt.date.min) else end - dt.timedelta(days=1)


def uncovered(granted: Iterable[str], needed: Iterable[str]) -> list[str]:
    """The codes of ``needed`` that ``granted`` does not cover whole (one scope, built once)."""
    scope = Scope.of(granted)
    return [t for t in needed if not scope.covers(t)]


def items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Index and value of each object in the list ``data[key]`` (absent: nothing)."""
    value = data.get(key) if isinstance(data, dict) else None
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, dict):
            yield i, item


def span(segment: dict[str, Any]) -> str:
    """How a message names a segment: its time range, else its id, else 'the segment'."""
    rng = segment.get("range")
    if isinstance(rng, dict):
        return f"segment {_point(rng.get('start'))}-{_point(rng.get('end'))}"
    if segment.get("id"):
        return f"segment {segment['id']!r}"
    return "the segment"


def _point(value: Any) -> str:
    return f"{value}s" if isinstance(value, int | float) else str(value)


def listing(values: Iterable[str]) -> str:
    return ", ".join(values) or "nothing"
