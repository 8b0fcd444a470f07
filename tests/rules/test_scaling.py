"""Rules stay linear in the size of a record, and still say exactly what they said.

Sizes are chosen so that the quadratic code this replaced would run for minutes (a list
lookup per territory, a set rebuilt per check, every vendor key's statements rescanned),
while the linear code takes a fraction of a second. Figures: bench/hostile.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import string
from collections.abc import Iterable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.findings import Finding
from omrs.judgement import new_context
from omrs.loading import Document, parse_text
from omrs.options import CheckOptions
from omrs.rules import catalogue
from omrs.rules.base import Report, uncovered
from omrs.rules.licence import overlapping
from tests.conftest import FIXTURES

SYMBOLS = string.ascii_uppercase + string.digits
#: Every three-character subdivision of one country: 46,656 codes.
SUBDIVISIONS = [f"US-{''.join(c)}" for c in itertools.product(SYMBOLS, repeat=3)]


def _licence(**changes: Any) -> Document:
    data = json.loads((FIXTURES / "records/valid/license-stock-footage.json").read_text("utf-8"))
    data.update(changes)
    return parse_text(json.dumps(data), "licence.json", "json")


def _check(rule_id: str, doc: Document) -> list[Finding]:
    rule = catalogue.get(rule_id)
    assert rule is not None and rule.check is not None
    ctx = new_context(CheckOptions(as_of=dt.date(2026, 9, 1)))
    return list(rule.check(doc, ctx))


def test_a_licence_with_every_subdivision_of_a_country() -> None:
    limited = {"use": "constrained", "constraints": {"territories": SUBDIVISIONS}}
    doc = _licence(territories=SUBDIVISIONS, permissions={"data_mining": limited})
    assert _check("licence.territory", doc) == []
    assert uncovered(SUBDIVISIONS, SUBDIVISIONS) == []
    rule = catalogue.get("licence.territory")
    assert rule is not None
    found = list(overlapping(Report(rule, doc), ["US", *SUBDIVISIONS], "/territories"))
    assert len(found) == len(SUBDIVISIONS)
    assert found[0].location.pointer == "/territories/1"


def test_a_licence_with_twenty_thousand_vendor_keys() -> None:
    keys = [f"com.example.use{i}" for i in range(20_000)]
    statements = [{"key": k, "use": "constrained"} for k in keys]
    doc = _licence(statements=statements)
    found = _check("licence.constrained-without-terms", doc)
    assert [f.location.pointer for f in found] == [f"/statements/{i}/use" for i in range(20_000)]
    assert _check("licence.conflicting-statements", doc) == []


# The territory semantics, as written before the sets: the new code must agree with it.


def _old_covers(granted: Iterable[str], needed: str) -> bool:
    scope = set(granted)
    return "WORLD" in scope or needed in scope or needed.split("-", 1)[0] in scope


def _old_overlaps(territories: list[str]) -> list[tuple[int | None, str]]:
    if "WORLD" in territories and len(territories) > 1:
        return [(None, "WORLD")]
    return [
        (i, code)
        for i, code in enumerate(territories)
        if "-" in code and code.split("-", 1)[0] in territories
    ]


CODES = st.sampled_from(["WORLD", "US", "US-CA", "US-NY", "FR", "FR-75", "DE", "DE-BE", "GB"])


@settings(max_examples=200, deadline=None)
@given(granted=st.lists(CODES, unique=True, min_size=1), needed=st.lists(CODES))
def test_territory_semantics_are_unchanged(granted: list[str], needed: list[str]) -> None:
    assert uncovered(granted, needed) == [t for t in needed if not _old_covers(granted, t)]
    rule = catalogue.get("licence.territory")
    assert rule is not None
    doc = _licence(territories=granted)
    found = list(overlapping(Report(rule, doc), granted, "/territories"))
    expected = _old_overlaps(granted)
    assert len(found) == len(expected)
    for finding, (index, code) in zip(found, expected, strict=True):
        where = "/territories" if index is None else f"/territories/{index}"
        assert finding.location.pointer == where
        assert code in finding.message
