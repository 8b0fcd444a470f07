"""The 1.0 JSON Schemas are well formed, self-contained, documented and closed.

These tests use jsonschema directly (not the validator) so that a fault in the schemas is
told apart from a fault in the code that applies them. Formats are checked with OMRS's
strict ``FormatChecker`` (plain jsonschema skips date-time and uri without extra packages).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from omrs.schema_formats import format_checker
from tests.conftest import walk_json

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schemas" / "1.0"
VALID_DIR = ROOT / "fixtures" / "records" / "valid"
ID_BASE = "https://omrs.org/schemas/1.0/"
RECORD_SCHEMAS = {
    "likeness-consent": "likeness-consent.schema.json",
    "training-license": "training-license.schema.json",
    "ai-disclosure": "ai-disclosure.schema.json",
    "bundle": "bundle.schema.json",
}


def _schemas() -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(SCHEMA_DIR.glob("*.json"))}


SCHEMAS = _schemas()


def _registry() -> Registry[Any]:
    resources = [(s["$id"], DRAFT202012.create_resource(s)) for s in SCHEMAS.values()]
    return Registry().with_resources(resources)


def _object_schemas(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield subschemas that describe objects by listing properties."""
    for pointer, node in walk_json(schema):
        if (
            isinstance(node, dict)
            and isinstance(node.get("properties"), dict)
            and not pointer.endswith(("/properties", "/$defs", "/patternProperties"))
        ):
            yield pointer, node


def test_expected_files_are_present() -> None:
    assert set(SCHEMAS) == {"common.schema.json", *RECORD_SCHEMAS.values()}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_id_is_stable_and_matches_file_name(name: str) -> None:
    assert SCHEMAS[name]["$id"] == ID_BASE + name


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_ref_resolves_offline(name: str) -> None:
    resolver = _registry().resolver(base_uri=SCHEMAS[name]["$id"])
    refs = [n["$ref"] for _, n in walk_json(SCHEMAS[name]) if isinstance(n, dict) and "$ref" in n]
    assert refs or name == "common.schema.json"
    for ref in refs:
        resolved = resolver.lookup(ref).contents
        assert isinstance(resolved, dict), ref


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_has_a_description(name: str) -> None:
    missing = [
        f"{pointer}/properties/{key}"
        for pointer, node in _object_schemas(SCHEMAS[name])
        for key, sub in node["properties"].items()
        if not (isinstance(sub, dict) and sub.get("description"))
    ]
    for pointer, node in walk_json(SCHEMAS[name]):
        if pointer.endswith("/$defs") and isinstance(node, dict):
            missing += [f"{pointer}/{k}" for k, v in node.items() if not v.get("description")]
    assert not missing


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_object_is_closed(name: str) -> None:
    open_objects = [
        pointer
        for pointer, node in _object_schemas(SCHEMAS[name])
        if node.get("additionalProperties") is not False
        and node.get("unevaluatedProperties") is not False
    ]
    assert not open_objects


def test_extensions_are_the_only_open_object() -> None:
    ext = SCHEMAS["common.schema.json"]["$defs"]["extensions"]
    assert ext["type"] == "object"
    assert "additionalProperties" not in ext
    assert ext["propertyNames"]["pattern"]


@pytest.mark.parametrize("record_type", sorted(RECORD_SCHEMAS))
def test_envelope_is_required(record_type: str) -> None:
    schema = SCHEMAS[RECORD_SCHEMAS[record_type]]
    assert {"omrs", "recordType", "id", "issued", "issuer"} <= set(schema["required"])
    assert schema["properties"]["recordType"]["const"] == record_type
    assert "extensions" in schema["properties"]


def _load(path: Path) -> Any:
    text = path.read_text("utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


VALID_FILES = sorted(
    p
    for p in VALID_DIR.rglob("*")
    if p.suffix in {".json", ".yaml", ".yml"} and p.is_file() and _load(p)["omrs"] == "1.0"
)


def test_valid_corpus_is_large_enough() -> None:
    assert len(VALID_FILES) >= 14
    assert sum(p.suffix in {".yaml", ".yml"} for p in VALID_FILES) >= 5


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: str(p.relative_to(VALID_DIR)))
def test_valid_example_validates(path: Path) -> None:
    document = _load(path)
    schema = SCHEMAS[RECORD_SCHEMAS[document["recordType"]]]
    validator = Draft202012Validator(schema, registry=_registry(), format_checker=format_checker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors


def _bad(schema_name: str, document: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(
        SCHEMAS[schema_name], registry=_registry(), format_checker=format_checker()
    )
    return sorted(str(e.validator) for e in validator.iter_errors(document))


def test_vocabulary_and_formats_are_enforced() -> None:
    document = _load(VALID_DIR / "disclosure-advertisement.json")
    document["digitalSourceType"] = "clone"
    document["release"]["date"] = "2026-02-30"
    document["release"]["territories"] = ["UK"]
    document["asset"]["sha256"] = "sha256:" + "a" * 64
    assert _bad("ai-disclosure.schema.json", document) == ["enum", "format", "pattern", "pattern"]


@pytest.mark.parametrize(
    "value",
    [
        "trainedAlgorithmicMedia",
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        "https://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic",
        "http://c2pa.org/digitalsourcetype/empty",
        "http://c2pa.org/digitalsourcetype/trainedAlgorithmicData",
        "softwareImage",
    ],
)
def test_digital_source_type_forms(value: str) -> None:
    document = _load(VALID_DIR / "disclosure-advertisement.json")
    document["digitalSourceType"] = value
    assert _bad("ai-disclosure.schema.json", document) == []


def test_extension_keys_are_reverse_domain() -> None:
    document = _load(VALID_DIR / "consent-living-counsel.json")
    document["extensions"] = {"com.example.vendor": {"anything": [1, 2]}}
    assert _bad("likeness-consent.schema.json", document) == []
    document["extensions"] = {"vendor": {}}
    validator = Draft202012Validator(SCHEMAS["likeness-consent.schema.json"], registry=_registry())
    (error,) = validator.iter_errors(document)
    assert "propertyNames" in error.schema_path


def test_time_points_accept_timecode_or_seconds() -> None:
    document = _load(VALID_DIR / "disclosure-advertisement.json")
    time_range = document["segments"][0]["range"]
    time_range.update(start="00:00:04:00", end=28.5, frameRate=25)
    assert _bad("ai-disclosure.schema.json", document) == []
    time_range.update(start="4s", end=-1)
    assert _bad("ai-disclosure.schema.json", document) == ["minimum", "pattern"]
