"""Deprecated fields and terms: found where used, named with their replacement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from omrs import deprecation, schemas
from omrs.checker import check_paths
from omrs.findings import Severity
from omrs.migrate import steps
from tests.conftest import FIXTURES

ADVERT = FIXTURES / "records" / "valid" / "disclosure-advertisement.json"


def _marked(node: Any, found: list[str]) -> list[str]:
    """Every deprecation mark in a schema, as text, to compare with the migration steps."""
    if isinstance(node, dict):
        for term in node.get(deprecation.VALUES_MARK, {}):
            found.append(f"value:{term}")
        if node.get("deprecated"):
            found.append("field")
        for child in node.values():
            _marked(child, found)
    elif isinstance(node, list):
        for child in node:
            _marked(child, found)
    return found


def test_every_deprecation_names_a_version_and_a_replacement() -> None:
    newest = schemas.versions()[-1]
    for name in (*schemas.record_types(newest), "common"):
        schema = schemas.load_schema(newest, name)
        text = json.dumps(schema)
        for mark in (deprecation.FIELD_MARK, deprecation.VALUES_MARK):
            assert (mark in text) <= ('"since"' in text and '"replacedBy"' in text)


def test_a_migration_step_exists_for_each_deprecated_term() -> None:
    """Deprecating without a way to migrate would leave users with a warning and no tool."""
    newest = schemas.versions()[-1]
    marks = _marked(schemas.load_schema(newest, "common"), [])
    assert "value:advertisement" in marks
    names = [name for hop in steps.HOPS for name, _ in hop.steps]
    assert "release kind and context" in names


def _run(tmp_path: Path, version: str, context: str) -> list[Any]:
    doc = json.loads(ADVERT.read_text("utf-8"))
    doc["omrs"], doc["release"]["context"] = version, context
    path = tmp_path / f"{version}-{context}.json"
    path.write_text(json.dumps(doc, indent=2), "utf-8")
    run = check_paths([path])
    return [f for f in run.findings if f.code == "schema.deprecated"]


def test_a_1_1_document_using_a_deprecated_term_gets_a_located_warning(tmp_path: Path) -> None:
    (finding,) = _run(tmp_path, "1.1", "advertisement")
    assert finding.severity is Severity.WARNING
    assert finding.location.pointer == "/release/context"
    assert finding.location.line is not None
    assert "kind: advertisement" in finding.message and "omrs migrate --to 1.1" in finding.message


def test_a_1_0_document_that_used_the_term_when_it_was_current_gets_a_note(
    tmp_path: Path,
) -> None:
    (finding,) = _run(tmp_path, "1.0", "advertisement")
    assert finding.severity is Severity.INFO


def test_the_replacement_is_not_itself_deprecated(tmp_path: Path) -> None:
    assert _run(tmp_path, "1.1", "commercial") == []
