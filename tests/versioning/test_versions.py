"""1.0 and 1.1 side by side: a minor version only adds, and rules follow the version."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from omrs import schemas
from omrs.findings import Severity
from omrs.loading import load_document
from omrs.rules import catalogue, engine
from tests.conftest import FIXTURES

VALID = FIXTURES / "records" / "valid"
#: The 1.1 example corpus (it holds 1.0 records too, inside 1.1 bundles).
VALID_1_1 = FIXTURES / "records" / "1.1" / "valid"
INVALID = FIXTURES / "records" / "invalid"


def _documents(folder: Path) -> list[Path]:
    suffixes = (".json", ".yaml", ".yml")
    return sorted(
        p for p in folder.rglob("*") if p.suffix in suffixes and ".expected." not in p.name
    )


def _declaring(version: str, paths: list[Path]) -> list[Path]:
    """The examples written to ``version`` (the corpus holds 1.1 examples too)."""
    return [p for p in paths if load_document(p).data["omrs"] == version]


def _errors(data: Any, version: str, record_type: str) -> list[tuple[str, str]]:
    validator = schemas.validator(version, record_type)
    return sorted(
        (str(e.validator), "/" + "/".join(map(str, e.absolute_path)))
        for e in validator.iter_errors(data)
    )


def test_both_versions_ship_and_1_1_is_the_newest() -> None:
    assert {"1.0", "1.1"} <= set(schemas.versions())
    assert schemas.versions()[-1] == "1.1"
    for version in ("1.0", "1.1"):
        for name in (*schemas.record_types(version), "common"):
            schema = schemas.load_schema(version, name)
            assert schema["$id"] == f"https://omrs.org/schemas/{version}/{name}.schema.json"


@pytest.mark.parametrize(
    "path", _declaring("1.1", _documents(VALID) + _documents(VALID_1_1)), ids=lambda p: p.name
)
def test_every_valid_1_1_example_is_valid_1_1(path: Path) -> None:
    data = load_document(path).data
    assert _errors(data, "1.1", data["recordType"]) == []


def test_1_1_keeps_every_1_0_record_type() -> None:
    assert set(schemas.record_types("1.0")) <= set(schemas.record_types("1.1"))


@pytest.mark.parametrize(
    "path", _declaring("1.0", _documents(VALID) + _documents(VALID_1_1)), ids=lambda p: p.name
)
def test_every_valid_1_0_example_is_valid_1_1_unchanged(path: Path) -> None:
    data = load_document(path).data
    assert data["omrs"] == "1.0"
    assert _errors(data, "1.0", data["recordType"]) == []
    assert _errors(data, "1.1", data["recordType"]) == []


def _invalid_documents() -> Iterator[Path]:
    for path in _documents(INVALID):
        try:
            data = load_document(path).data
        except Exception:  # files that do not even load are not about the schema
            continue
        known = isinstance(data, dict) and data.get("recordType") in schemas.record_types("1.0")
        if known and data.get("omrs") == "1.0":
            yield path


@pytest.mark.parametrize("path", list(_invalid_documents()), ids=lambda p: p.name)
def test_an_invalid_1_0_example_fails_1_1_the_same_way(path: Path) -> None:
    """1.1 narrows nothing and widens nothing a 1.0 example relies on."""
    data = load_document(path).data
    assert _errors(data, "1.1", data["recordType"]) == _errors(data, "1.0", data["recordType"])


def test_a_document_is_checked_against_the_version_it_declares(tmp_path: Path) -> None:
    """A 1.1 field in a 1.0 document is an unknown field; in a 1.1 document it is fine."""
    from omrs.checker import check_paths

    source = json.loads((VALID / "disclosure-advertisement.json").read_text("utf-8"))
    source["release"]["kind"] = "advertisement"
    for version, expected in (("1.0", ["schema.additionalProperties"]), ("1.1", [])):
        doc = {**source, "omrs": version}
        path = tmp_path / f"v{version}.json"
        path.write_text(json.dumps(doc), "utf-8")
        run = check_paths([path])
        errors = [f.code for f in run.findings if f.severity is Severity.ERROR]
        assert [c for c in errors if c.startswith("schema.")] == expected, version


def test_a_rule_since_1_1_never_judges_a_1_0_document() -> None:
    probe = catalogue.Rule(
        "test.since-1-1",
        "probe",
        Severity.ERROR,
        "a rule only 1.1 states",
        applies_to=("ai-disclosure",),
        check=lambda doc, ctx: (),
        since="1.1",
    )
    catalogue.register(probe)
    engine._applicable.cache_clear()
    try:
        assert probe not in engine.applicable("ai-disclosure", (), "1.0")
        assert probe in engine.applicable("ai-disclosure", (), "1.1")
        assert probe.applies_in("1.4") and not probe.applies_in("2.0")
    finally:
        del catalogue._CATALOGUE[probe.id]
        engine._applicable.cache_clear()


def test_every_rule_states_a_version_it_starts_from() -> None:
    for rule in catalogue.all_rules():
        assert rule.applies_in(rule.since), rule.id
        assert rule.since in schemas.versions(), rule.id


def test_rules_are_selected_by_the_version_a_document_is_checked_against() -> None:
    """A document declaring an unshipped newer minor is judged by the newest shipped rules."""
    doc = load_document(VALID / "consent-living-counsel.json")
    assert engine.checked_version(doc) == "1.0"
    newer = dataclasses.replace(doc, data={**doc.data, "omrs": "1.9"})
    assert engine.checked_version(newer) == schemas.versions()[-1]
