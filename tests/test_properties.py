"""Property tests: schema-generated documents pass; targeted breakage is found and located.

Each record schema is first inlined (every cross-file ``$ref`` replaced by what it points
to, through the same offline registry the validator uses) and then handed to the small
generator in ``tests/schema_strategy.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs import schemas
from omrs.checker import check_paths
from omrs.loading import load_document
from omrs.loading.positions import join_pointer
from omrs.options import CheckOptions
from tests.conftest import FIXTURES
from tests.schema_strategy import from_schema, inline_refs, unknown_keywords

VERSION = "1.0"
RECORD_TYPES = [t for t in schemas.record_types(VERSION) if t != "bundle"]
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def inlined(record_type: str) -> dict[str, Any]:
    return inline_refs(VERSION, record_type)


def _check(tmp_path: Path, doc: Any, name: str = "doc.json") -> list[tuple[str, str]]:
    """(code, pointer) of every error finding for ``doc`` written as a file."""
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    run = check_paths([path], CheckOptions(as_of=dt.date(2026, 6, 1)))
    return [(f.code, f.location.pointer) for f in run.findings if f.severity.value == "error"]


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_generated_documents_pass_the_schema(record_type: str, tmp_path_factory: Any) -> None:
    schema = inlined(record_type)
    assert unknown_keywords(schema) == set(), "teach tests/schema_strategy.py these keywords"
    strategy = from_schema(schema)

    @SETTINGS
    @given(strategy)
    def run(doc: dict[str, Any]) -> None:
        found = _check(tmp_path_factory.mktemp("gen"), doc)
        assert [c for c in found if c[0].startswith(("schema.", "load."))] == []

    run()


# -- mutations of real documents ---------------------------------------------------------


def _walk(doc: Any, schema: dict[str, Any], pointer: str, out: dict[str, list[str]]) -> None:
    """Collect pointers of present required fields and of enum-valued fields."""
    if "enum" in schema and isinstance(doc, str):
        out["enum"].append(pointer)
    if isinstance(doc, dict):
        required = set(schema.get("required", ()))
        for key, value in doc.items():
            child = join_pointer(pointer, key)
            if key in required:
                out["required"].append(child)
            sub = schema.get("properties", {}).get(key)
            if isinstance(sub, dict):
                _walk(value, sub, child, out)
    elif isinstance(doc, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(doc):
            _walk(value, schema["items"], join_pointer(pointer, i), out)


def _examples() -> list[tuple[Path, dict[str, Any], dict[str, list[str]]]]:
    found = []
    for path in sorted((FIXTURES / "records" / "valid").glob("*.*")):
        doc = load_document(path).data
        if doc.get("recordType") in RECORD_TYPES:
            places: dict[str, list[str]] = {"required": [], "enum": []}
            _walk(doc, inlined(doc["recordType"]), "", places)
            found.append((path, doc, places))
    return found


EXAMPLES = _examples()


def _remove(doc: Any, pointer: str) -> Any:
    broken = copy.deepcopy(doc)
    *parents, last = pointer.lstrip("/").split("/")
    target = broken
    for token in parents:
        target = (
            target[int(token)]
            if isinstance(target, list)
            else target[token.replace("~1", "/").replace("~0", "~")]
        )
    del target[last.replace("~1", "/").replace("~0", "~")]
    return broken


def _replace(doc: Any, pointer: str, value: Any) -> Any:
    broken = copy.deepcopy(doc)
    *parents, last = pointer.lstrip("/").split("/")
    target = broken
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return broken


@pytest.mark.skipif(not EXAMPLES, reason="no valid record examples in fixtures/records/valid")
@SETTINGS
@given(data=st.data())
def test_removing_a_required_field_is_found_at_that_field(data: Any, tmp_path_factory: Any) -> None:
    _path, doc, places = data.draw(st.sampled_from(EXAMPLES))
    pointer = data.draw(st.sampled_from(places["required"]))
    if pointer in ("/omrs", "/recordType"):
        return  # the envelope fields select the schema: their loss is load.not-a-record
    found = _check(tmp_path_factory.mktemp("req"), _remove(doc, pointer))
    assert ("schema.required", pointer) in found


@pytest.mark.skipif(not EXAMPLES, reason="no valid record examples in fixtures/records/valid")
@SETTINGS
@given(data=st.data(), junk=st.text(min_size=1, max_size=12))
def test_changing_an_enum_value_is_found_at_that_field(
    data: Any, junk: str, tmp_path_factory: Any
) -> None:
    _path, doc, places = data.draw(st.sampled_from(EXAMPLES))
    enum_places = [p for p in places["enum"] if p not in ("/recordType",)]
    if not enum_places:
        return
    pointer = data.draw(st.sampled_from(enum_places))
    found = _check(tmp_path_factory.mktemp("enum"), _replace(doc, pointer, f"not-{junk}"))
    assert ("schema.enum", pointer) in found


def test_every_schema_format_is_checked_by_the_validator() -> None:
    from omrs.schema_formats import format_checker

    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                used.add(node["format"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in (*schemas.record_types(VERSION), *schemas.shared_schemas(VERSION)):
        walk(schemas.load_schema(VERSION, name))
    assert used <= set(format_checker().checkers)
