"""The compiled schema check (jsonschema-rs) gives jsonschema's verdict on every document.

Valid documents are answered by the compiled validator alone, so a document it accepted
and jsonschema refused would lose its findings. Every record in the repository (fixtures,
examples, spec), generated documents and mutations of them are put through both.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs import schemas
from omrs.loading import Document, LoadProblem, load_document
from omrs.media.assertions import ASSERTION_SCHEMAS, load_assertion_schema, problems
from omrs.media.assertions import _validator as _assertion_validator
from omrs.validation import validate
from tests.conftest import ROOT
from tests.schema_strategy import from_schema, inline_refs, unknown_keywords

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RECORD_SUFFIXES = (".json", ".yaml", ".yml")


def _schema_of(data: Any) -> tuple[str, str] | None:
    """(shipped version, record type) that checks ``data``, or None."""
    if not isinstance(data, dict):
        return None
    declared, record_type = data.get("omrs"), data.get("recordType")
    if not isinstance(declared, str) or not isinstance(record_type, str):
        return None
    version = schemas.resolve_version(declared).version
    if version is None or record_type not in schemas.record_types(version):
        return None
    return version, record_type


def _records() -> list[tuple[Document, str, str]]:
    found = []
    for top in ("fixtures", "spec", "docs"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in RECORD_SUFFIXES:
                continue
            try:
                doc = load_document(path)
            except LoadProblem:  # unloadable fixtures never reach the schema
                continue
            key = _schema_of(doc.data)
            if key:
                found.append((doc, *key))
    return found


RECORDS = _records()


def _same_verdict(data: Any, version: str, record_type: str) -> None:
    full = schemas.full_validator(version, record_type).is_valid(data)
    compiled = schemas.compiled_validator(version, record_type).is_valid(data)
    assert compiled == full, (version, record_type, data)


def test_the_corpus_is_found() -> None:
    assert len(RECORDS) > 100
    assert any(not schemas.full_validator(v, t).is_valid(d.data) for d, v, t in RECORDS)


@pytest.mark.parametrize(("doc", "version", "record_type"), RECORDS, ids=lambda v: str(v)[-60:])
def test_every_repository_record_gets_the_same_verdict(
    doc: Document, version: str, record_type: str
) -> None:
    _same_verdict(doc.data, version, record_type)


def test_findings_are_those_of_jsonschema_alone() -> None:
    """Through the fast path, every finding and message is what jsonschema alone gives."""
    for doc, version, record_type in RECORDS:
        both = validate(doc, schemas.validator(version, record_type))
        alone = validate(doc, schemas.full_validator(version, record_type))
        assert both == alone, doc.path


@cache
def _generator(version: str, record_type: str) -> st.SearchStrategy[Any]:
    schema = inline_refs(version, record_type)
    assert unknown_keywords(schema) == set(), "teach tests/schema_strategy.py these keywords"
    return from_schema(schema)


GENERATED = [
    (version, record_type)
    for version in schemas.versions()
    for record_type in schemas.record_types(version)
]
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-02-30", "2026-01-01T00:00:00", "US\n", "x@y", "urn:a b", "WORLD"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _places(value, (*path, index))
    return out


@st.composite
def _mutated(draw: Any, doc: Any) -> Any:
    """``doc`` with one member replaced, removed, duplicated in its array or added."""
    doc = copy.deepcopy(doc)
    places = [p for p in _places(doc) if p]
    if not places:
        return doc
    path = draw(st.sampled_from(places))
    *parents, last = path
    parent = doc
    for token in parents:
        parent = parent[token]
    action = draw(st.sampled_from(["replace", "remove", "repeat", "add"]))
    if action == "remove":
        del parent[last]
    elif action == "repeat" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(JSON)
    else:
        parent[last] = draw(JSON)
    return doc


def _generated_and_mutated(strategy: st.SearchStrategy[Any], check: Any) -> None:
    @SETTINGS
    @given(data=st.data())
    def run(data: Any) -> None:
        doc = data.draw(strategy)
        check(doc)
        for _ in range(3):
            doc = data.draw(_mutated(doc))
            check(doc)

    run()


@pytest.mark.parametrize(("version", "record_type"), GENERATED)
def test_generated_and_mutated_documents_get_the_same_verdict(
    version: str, record_type: str
) -> None:
    _generated_and_mutated(
        _generator(version, record_type), lambda doc: _same_verdict(doc, version, record_type)
    )


def _without_conditionals(node: Any) -> Any:
    """``node`` without ``if``/``then``/``else``, which the generator does not know: what it
    generates is then sometimes invalid, which a test of equal verdicts wants anyway."""
    if isinstance(node, list):
        return [_without_conditionals(v) for v in node]
    if isinstance(node, dict):
        drop = ("if", "then", "else")
        return {k: _without_conditionals(v) for k, v in node.items() if k not in drop}
    return node


@pytest.mark.parametrize(("label", "version"), sorted(ASSERTION_SCHEMAS))
def test_generated_and_mutated_assertions_get_the_same_verdict(label: str, version: str) -> None:
    """The C2PA assertion schemas take the same two paths (media/assertions.py)."""
    validator = _assertion_validator(label, version)
    own = [load_assertion_schema(other, v) for other, v in ASSERTION_SCHEMAS if v == version]
    registry = validator.full._resolver._registry  # the registry jsonschema resolves in
    assert all(s["$id"] in registry for s in own)
    schema = _without_conditionals(
        inline_refs(version, label, load_assertion_schema(label, version), registry)
    )
    assert unknown_keywords(schema) == set(), "teach tests/schema_strategy.py these keywords"

    def same(doc: Any) -> None:
        full = validator.full.is_valid(doc)
        assert validator._compiled().is_valid(doc) == full, (label, version, doc)

    _generated_and_mutated(from_schema(schema), same)


def test_a_document_the_compiled_schema_cannot_take_falls_back(tmp_path: Path) -> None:
    """A value jsonschema-rs cannot convert is judged by jsonschema, not dropped."""
    validator = schemas.validator("1.0", "likeness-consent")
    odd = {"omrs": "1.0", "recordType": "likeness-consent", "id": object()}
    assert validator._fast_verdict(odd) is None
    assert list(validator.iter_errors(odd))


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_record_embedded_whole_keeps_omrs_s_pattern_semantics(version: str) -> None:
    """An assertion ``$ref``s its whole record schema; jsonschema must not switch to its
    plain validator there (Python's ``$`` matches before a final newline), or the compiled
    path refuses what the fallback accepts and the assertion passes with no finding."""
    path = ROOT / "fixtures" / "records" / "valid" / "bundle-documentary" / "records"
    record = json.loads((path / "disclosure-teaser-narration.json").read_text("utf-8"))
    record["omrs"] = version
    record["release"]["territories"] = ["US\n"]
    doc = {"omrs": version, "privacy": "full", "record": record}
    validator = _assertion_validator("org.omrs.disclosure", version)
    assert validator.full.is_valid(doc) is False
    [problem] = problems("org.omrs.disclosure", doc)
    assert problem.pointer == "/record/release/territories/0"
