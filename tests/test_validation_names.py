"""Unknown, missing and refused member names are named exactly and located at themselves.

The names used to be parsed back out of jsonschema's message with a regex that failed on
quotes, tabs, U+200F or NUL, and the fallback named the object's first key instead, so the
finding changed with key order.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from omrs import schemas
from omrs.checker import check_paths
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

VALID = json.loads((FIXTURES / "records" / "valid" / "consent-living-counsel.json").read_text())
ODD_NAMES = ["it's", 'say "hi"', "a\tb", "rtl\u200f", "nul\x00", "back\\slash", "\U0001f600", "`"]


def findings(tmp_path: Path, doc: dict[str, Any], syntax: str = "json") -> list[tuple[Any, ...]]:
    path = tmp_path / f"doc.{syntax}"
    if syntax == "json":
        path.write_text(json.dumps(doc, indent=2), "utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), "utf-8")
    run = check_paths([path], CheckOptions(as_of=dt.date(2026, 6, 1)))
    return [(f.code, f.location.pointer, f.location.line, f.message) for f in run.findings]


def _subject_with(extra: str, first: bool) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID))
    members = list(doc["subject"].items())
    doc["subject"] = dict([(extra, 1), *members] if first else [*members, (extra, 1)])
    return doc


@pytest.mark.parametrize("syntax", ["json", "yaml"])
@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_unknown_field_is_named_exactly_whatever_its_place(
    name: str, first: bool, syntax: str, tmp_path: Path
) -> None:
    found = findings(tmp_path, _subject_with(name, first), syntax)
    assert [(f[0], f[1]) for f in found] == [
        ("schema.additionalProperties", "/subject/" + name.replace("~", "~0").replace("/", "~1"))
    ]
    shown = f"`{name}`" if name.isprintable() and "`" not in name else repr(name)
    assert f"unknown field {shown} in `/subject`" in found[0][3]
    line = (tmp_path / f"doc.{syntax}").read_text("utf-8").splitlines()[found[0][2] - 1]
    assert line.rstrip(",").endswith(": 1"), line  # its own key, not the object's first one


def test_several_unknown_fields_each_get_a_finding(tmp_path: Path) -> None:
    doc = _subject_with("a'b", first=True)
    doc["subject"]["c\td"] = 2
    assert sorted(f[1] for f in findings(tmp_path, doc)) == ["/subject/a'b", "/subject/c\td"]


def test_every_missing_required_field_is_named_from_the_schema(tmp_path: Path) -> None:
    doc = {k: v for k, v in VALID.items() if k in ("omrs", "recordType", "id")}
    required = schemas.load_schema("1.0", "likeness-consent")["required"]
    missing = sorted(f[1] for f in findings(tmp_path, doc) if f[0] == "schema.required")
    assert missing == sorted(f"/{name}" for name in required if name not in doc)


@pytest.mark.parametrize("name", ["Bad Key", "com.example\n", "x'y", "a\u200f.b"])
def test_a_refused_extension_name_is_named_and_located(name: str, tmp_path: Path) -> None:
    doc = json.loads(json.dumps(VALID))
    doc["extensions"] = {"com.example.ok": 1, name: 2}
    found = findings(tmp_path, doc)
    assert [(f[0], f[1]) for f in found] == [("schema.propertyNames", f"/extensions/{name}")]
    shown = f"`{name}`" if name.isprintable() else repr(name)
    assert f"field name {shown} in `/extensions` is not allowed: it does not match" in found[0][3]


def test_no_shipped_schema_uses_unevaluated_properties() -> None:
    """validation._unknown_fields computes unknown names for ``additionalProperties``; a
    schema that starts using ``unevaluatedProperties`` must teach it applicators first."""
    for version in schemas.versions():
        for name in (*schemas.record_types(version), *schemas.shared_schemas(version)):
            text = json.dumps(schemas.load_schema(version, name))
            assert "unevaluatedProperties" not in text, (version, name)
