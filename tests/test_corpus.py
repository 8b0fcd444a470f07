"""The example corpus: every valid example passes; every invalid one gives exactly its findings.

Cases are collected from ``fixtures/records/valid`` and ``fixtures/records/invalid``; an
invalid case ``x.json`` names its findings in ``x.expected.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from omrs.checker import check_paths
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

VALID = FIXTURES / "records" / "valid"
INVALID = FIXTURES / "records" / "invalid"


def _documents(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".json", ".yaml", ".yml") and not p.name.endswith(".expected.yaml")
    )


def _options() -> CheckOptions:
    import datetime as dt

    return CheckOptions(as_of=dt.date(2026, 6, 1))


@pytest.mark.parametrize("path", _documents(VALID), ids=lambda p: str(p.relative_to(VALID)))
def test_valid_example_passes(path: Path) -> None:
    run = check_paths([path], _options())
    assert [f.to_dict() for f in run.findings if f.severity.value == "error"] == []
    assert run.exit_code() == 0


def _expected(case: Path) -> dict[str, Any]:
    expected = case.with_name(case.name.rsplit(".", 1)[0] + ".expected.yaml")
    data: dict[str, Any] = yaml.safe_load(expected.read_text("utf-8"))
    return data


def _invalid_cases() -> list[Path]:
    return [p for p in _documents(INVALID) if not p.name.endswith(".expected.yaml")] + sorted(
        p
        for p in INVALID.rglob("*")
        if p.is_file() and p.suffix not in (".json", ".yaml", ".yml") and p.name != "README.md"
    )


@pytest.mark.parametrize("case", _invalid_cases(), ids=lambda p: str(p.relative_to(INVALID)))
def test_invalid_example_gives_exactly_its_findings(case: Path) -> None:
    spec = _expected(case)
    run = check_paths([case], _options())
    got = sorted(
        (f.code, f.location.pointer, f.location.line, f.location.column) for f in run.findings
    )
    want = sorted(
        (f["code"], f.get("pointer", ""), f.get("line"), f.get("column")) for f in spec["findings"]
    )
    assert got == want
    assert run.exit_code() == 1


def test_every_invalid_case_has_expectations() -> None:
    for case in _invalid_cases():
        assert "findings" in _expected(case), case
