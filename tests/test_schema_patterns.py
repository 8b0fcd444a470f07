"""Schema patterns mean what ECMA-262 says, as JSON Schema requires, in every schema.

Python's ``$`` also matches before a trailing newline, so ``"US\\n"`` passed the territory
pattern and then derived no profile. Every pattern now runs through one translation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs import schemas
from omrs.checker import check_paths
from omrs.loading.positions import join_pointer
from omrs.options import CheckOptions
from omrs.schema_formats import format_checker
from omrs.schema_patterns import PatternError, ecma_regex, ecma_search, translate
from tests.conftest import FIXTURES
from tests.schema_strategy import from_schema
from tests.test_properties import RECORD_TYPES, VERSION, inlined

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def schema_patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            found.update(node.get("patternProperties", {}))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for version in schemas.versions():
        for name in (*schemas.record_types(version), *schemas.shared_schemas(version)):
            walk(schemas.load_schema(version, name))
    return sorted(found)


PATTERNS = schema_patterns()


@pytest.mark.parametrize(
    ("pattern", "python"),
    [
        ("^[A-Z]{2}$", "^[A-Z]{2}\\Z"),
        ("^a$|^b$", "^a\\Z|^b\\Z"),
        ("[$^.]x.", "[$^.]x[^\\n\\r\\u2028\\u2029]"),
        ("\\d+\\w", "[0-9]+[A-Za-z0-9_]"),
        ("[\\d-]", "[0-9-]"),
        ("\\D", "[^0-9]"),
        ("\\$\\.", "\\$\\."),
        ("(?<year>[0-9]{4})(?<=9)(?<!8)", "(?P<year>[0-9]{4})(?<=9)(?<!8)"),
    ],
)
def test_translation(pattern: str, python: str) -> None:
    assert translate(pattern) == python


@pytest.mark.parametrize("pattern", ["\\1", "[]", "[^]", "\\Z", "a\\", "[\\D]", "\\k<x>"])
def test_constructs_that_differ_are_refused_not_guessed(pattern: str) -> None:
    with pytest.raises(PatternError):
        translate(pattern)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^US$", "US\n", False),
        ("^[0-9]+$", "١٢٣", False),  # Arabic-Indic digits are not ECMA \d
        ("^\\d+$", "١٢٣", False),
        ("^a.b$", "a\rb", False),
        ("^a.b$", "aéb", True),
        ("\\s", "\u00a0", True),
        ("US", "xUSx", True),  # unanchored, as JSON Schema says
    ],
)
def test_ecma_semantics(pattern: str, text: str, matches: bool) -> None:
    assert ecma_search(pattern, text) is matches


def test_every_shipped_pattern_translates() -> None:
    assert PATTERNS, "the schemas carry patterns"
    for pattern in PATTERNS:
        ecma_regex(pattern)


@pytest.mark.parametrize("pattern", PATTERNS)
@SETTINGS
@given(data=st.data())
def test_a_trailing_newline_fails_every_shipped_pattern(pattern: str, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(ecma_regex(pattern), fullmatch=True))
    assert ecma_search(pattern, text)
    assert re.search(pattern, text + "\n"), "Python's own re would accept it"
    assert not ecma_search(pattern, text + "\n")


def _pattern_places(doc: Any, schema: Any, pointer: str, out: list[tuple[str, str]]) -> None:
    """(pointer, how) of each value or member name a pattern checks in ``doc``."""
    if isinstance(doc, str) and "pattern" in schema:
        out.append((pointer, "value"))
    if isinstance(doc, dict):
        for key, value in doc.items():
            child = join_pointer(pointer, key)
            sub = schema.get("properties", {}).get(key)
            for pattern, pattern_sub in schema.get("patternProperties", {}).items():
                if ecma_search(pattern, key):
                    sub = pattern_sub
                    out.append((child, "name"))
            if "propertyNames" in schema:
                out.append((child, "name"))
            if isinstance(sub, dict):
                _pattern_places(value, sub, child, out)
    elif isinstance(doc, list) and isinstance(schema.get("items"), dict):
        for index, value in enumerate(doc):
            _pattern_places(value, schema["items"], join_pointer(pointer, index), out)


def _with_newline(doc: Any, pointer: str, how: str) -> Any:
    *parents, last = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    target = doc
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    key: Any = int(last) if isinstance(target, list) else last
    if how == "value":
        target[key] += "\n"
    else:
        target[key + "\n"] = target.pop(key)
    return doc


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_pattern_checked_field_refuses_a_trailing_newline(
    record_type: str, tmp_path_factory: Any
) -> None:
    schema = inlined(record_type)
    check = schemas.validator(VERSION, record_type)

    @SETTINGS
    @given(from_schema(schema), st.data())
    def run(doc: dict[str, Any], data: st.DataObject) -> None:
        places: list[tuple[str, str]] = []
        _pattern_places(doc, schema, "", places)
        if not places:
            return
        pointer, how = data.draw(st.sampled_from(places))
        broken = _with_newline(json.loads(json.dumps(doc)), pointer, how)
        where = pointer if how == "value" else pointer.rsplit("/", 1)[0]
        errors = list(check.iter_errors(broken))
        assert any("/".join(["", *map(str, e.absolute_path)]) == where for e in errors), (
            pointer,
            how,
        )

    run()


def test_a_territory_with_a_trailing_newline_is_a_located_finding(tmp_path: Path) -> None:
    doc = json.loads((FIXTURES / "records" / "valid" / "consent-living-counsel.json").read_text())
    doc["territories"] = ["US\n"]
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, indent=2))
    run = check_paths([path], CheckOptions(as_of=dt.date(2026, 6, 1)))
    assert [(f.code, f.location.pointer) for f in run.findings] == [
        ("schema.pattern", "/territories/0")
    ]


@pytest.mark.parametrize(
    ("fmt", "value"),
    [
        ("uri", "urn:omrs:x\n"),
        ("email", "a@b.example\n"),
        ("date", "2026-01-01\n"),
        ("date-time", "2026-01-01T00:00:00Z\n"),
        ("date", "٢٠٢٦-٠١-٠١"),
    ],
)
def test_formats_refuse_a_trailing_newline_and_non_ascii_digits(fmt: str, value: str) -> None:
    assert not format_checker().conforms(value, fmt)
    assert format_checker().conforms(value.rstrip("\n"), fmt) or not value.endswith("\n")
