"""The 1.1 schemas hold to the 1.0 schemas' standards, and generated 1.1 documents are
valid, checked without a crash, and already in their migrated form.

The 1.1 example corpus (``fixtures/records/1.1``) passes or fails exactly as it says.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from omrs import schemas
from omrs.checker import check_paths
from omrs.migrate import migrate_text
from omrs.options import CheckOptions
from tests.conftest import FIXTURES, walk_json
from tests.schema_strategy import from_schema, inline_refs, unknown_keywords

VERSION = "1.1"
FOLDER = schemas.schema_dir() / VERSION
CORPUS = FIXTURES / "records" / "1.1"


def _files() -> list[Path]:
    return sorted(FOLDER.rglob("*.schema.json"))


def _objects(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for pointer, node in walk_json(schema):
        if (
            isinstance(node, dict)
            and isinstance(node.get("properties"), dict)
            and not pointer.endswith(("/properties", "/$defs", "/patternProperties"))
        ):
            yield pointer, node


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(FOLDER)))
def test_every_1_1_property_is_described_and_every_object_closed(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    undescribed = [
        f"{pointer}/properties/{key}"
        for pointer, node in _objects(schema)
        for key, sub in node["properties"].items()
        if not (isinstance(sub, dict) and sub.get("description"))
    ]
    assert undescribed == []
    assert [
        p for p, node in _objects(schema) if node.get("additionalProperties") is not False
    ] == []


def test_the_approval_record_type_ships_in_1_1_only() -> None:
    assert "likeness-approval" in schemas.record_types("1.1")
    assert "likeness-approval" not in schemas.record_types("1.0")


def _generated(record_type: str) -> dict[str, Any]:
    inlined = inline_refs(VERSION, record_type)
    assert unknown_keywords(inlined) == set()
    return inlined


SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize(
    "record_type", ["likeness-consent", "ai-disclosure", "training-license", "likeness-approval"]
)
def test_generated_1_1_documents_are_valid_checked_and_already_migrated(
    record_type: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(record_type)
    options = CheckOptions(as_of=dt.date(2026, 9, 1), profiles=("us-ca", "us-ny", "us-tn"))

    @SETTINGS
    @given(doc=from_schema(_generated(record_type)))
    def run(doc: dict[str, Any]) -> None:
        doc["omrs"] = VERSION
        assert not list(schemas.validator(VERSION, record_type).iter_errors(doc))
        path = folder / "doc.json"
        text = json.dumps(doc, ensure_ascii=False)
        path.write_text(text, "utf-8")
        codes = {f.code for f in check_paths([path], options).findings}
        assert not {c for c in codes if c.startswith(("internal.", "schema.", "load."))} - {
            "schema.deprecated"
        }
        outcome = migrate_text(text, "json", VERSION)
        assert outcome.problem is None
        deprecated = doc.get("release", {}).get("context") == "advertisement"
        assert outcome.changed is deprecated

    run()


def _documents(folder: Path) -> list[Path]:
    """The examples of ``folder`` and its bundles; the seed cases (``seed-*``), whose
    warnings of unsettled law are expected, are checked finding by finding in
    test_seed_cases."""
    suffixes = (".json", ".yaml", ".yml")
    return sorted(
        p
        for p in folder.glob("*")
        if p.suffix in suffixes and not p.name.endswith(".expected.yaml")
    ) + sorted(
        p / "omrs.yaml"
        for p in folder.iterdir()
        if (p / "omrs.yaml").is_file() and not p.name.startswith("seed-")
    )


OPTIONS = CheckOptions(as_of=dt.date(2026, 9, 1))


@pytest.mark.parametrize(
    "path", _documents(CORPUS / "valid"), ids=lambda p: str(p.relative_to(CORPUS))
)
def test_valid_1_1_example_passes(path: Path) -> None:
    run = check_paths([path], OPTIONS)  # a bundle's unsigned media get a c2pa.none note
    assert [f.to_dict() for f in run.findings if f.code != "c2pa.none"] == []
    assert yaml.safe_load(path.read_text("utf-8"))["omrs"] == VERSION


@pytest.mark.parametrize(
    "path", _documents(CORPUS / "invalid"), ids=lambda p: str(p.relative_to(CORPUS))
)
def test_invalid_1_1_example_gives_exactly_its_findings(path: Path) -> None:
    stem = path.parent.name if path.name == "omrs.yaml" else path.name.rsplit(".", 1)[0]
    expected = (path.parent.parent if path.name == "omrs.yaml" else path.parent) / (
        f"{stem}.expected.yaml"
    )
    want = yaml.safe_load(expected.read_text("utf-8"))["findings"]
    run = check_paths([path], OPTIONS)
    got = sorted((f.code, f.location.pointer, f.location.line) for f in run.findings)
    assert got == sorted((f["code"], f.get("pointer", ""), f.get("line")) for f in want)
    assert run.exit_code() == 1
