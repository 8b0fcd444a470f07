"""OMRS's own assertions, checked against their published schemas before anything reads them.

A manifest signed with a trusted key proves who wrote it, not that its ``org.omrs.*``
assertions have the shape OMRS writes: anyone with a key and plain c2pa-python can put a
number where a list of records goes. Every OMRS assertion read from a manifest is validated
against its schema (``schemas/<version>/assertions/<label>.schema.json``, shipped with the
package) first; one that fails is a located finding, and its content goes no further (not
to the rules, the XMP cross-check or the licence merge). No ``c2pa`` import.

The schema is chosen by the label and the standard version the assertion declares in its
``omrs`` field. C2PA labels carry versions too, but an unsuffixed label is version 1 (C2PA
2.2 §6.2.2) and c2pa-python drops the ``.vN`` of custom labels, so OMRS keeps its labels
unsuffixed, adds optional fields under the same label and gives a breaking change a new
label (§6.3). Assertions written before they carried ``omrs`` (all but ``org.omrs.asset``)
are read as 1.0; a newer minor is read with the newest known minor, as records are.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from omrs.media.manifest import (
    LABEL_ASSET,
    LABEL_AUDIT,
    LABEL_CONSENT,
    LABEL_DISCLOSURE,
    LABEL_LICENSE,
)
from omrs.media.report import Assertion

#: The labels of 1.0, then those 1.1 added.
OMRS_1_0_LABELS = (LABEL_ASSET, LABEL_DISCLOSURE, LABEL_LICENSE, LABEL_CONSENT)
OMRS_LABELS = (*OMRS_1_0_LABELS, LABEL_AUDIT)
#: The one table from (assertion label, standard version) to the schema file in
#: ``schemas/<version>/assertions/``: a later standard version is one more row per label.
ASSERTION_SCHEMAS: dict[tuple[str, str], str] = {
    **{
        (label, version): f"{label}.schema.json"
        for version in ("1.0", "1.1")
        for label in OMRS_1_0_LABELS
    },
    (LABEL_AUDIT, "1.1"): f"{LABEL_AUDIT}.schema.json",
}
ASSERTIONS_FOLDER = "assertions"
#: The version of an assertion that does not declare one (signed before ``omrs`` was added).
UNDECLARED_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class InvalidAssertion:
    """What is wrong with an OMRS assertion: ``pointer`` is inside the assertion's content."""

    label: str
    pointer: str
    message: str


def load_assertion_schema(label: str, version: str = UNDECLARED_VERSION) -> dict[str, Any]:
    from omrs.schemas import schema_dir

    path = schema_dir() / version / ASSERTIONS_FOLDER / ASSERTION_SCHEMAS[(label, version)]
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def schema_version(label: str, data: Any) -> tuple[str | None, str]:
    """The standard version whose schema checks ``data`` (``None``: none), and the one declared.

    Dispatch is on the declared ``omrs`` when it is a string; anything else (absent, or a
    wrong type the schema will report) reads as :data:`UNDECLARED_VERSION`.
    """
    from omrs.schemas import resolve_version

    declared = data.get("omrs") if isinstance(data, Mapping) else None
    if not isinstance(declared, str):
        # Only labels that existed before ``omrs`` was written may omit it.
        return _schema_for(label, UNDECLARED_VERSION), UNDECLARED_VERSION
    return _schema_for(label, resolve_version(declared).version), declared


def _schema_for(label: str, version: str | None) -> str | None:
    """The newest assertion schema of ``version``'s major that is not newer than it."""
    from omrs.schemas import version_key

    if version is None:
        return None
    major, _ = version_key(version)
    known = [v for (other, v) in ASSERTION_SCHEMAS if other == label]
    usable = [
        v for v in known if version_key(v)[0] == major and version_key(v) <= version_key(version)
    ]
    return max(usable, key=version_key) if usable else None


@functools.cache
def _validator(label: str, version: str) -> Any:
    """The assertion schema's validator: compiled verdicts, jsonschema for the findings."""
    from omrs import schemas

    own = tuple(load_assertion_schema(other, v) for other, v in ASSERTION_SCHEMAS if v == version)
    schema = load_assertion_schema(label, version)

    def full() -> Any:
        resources = [(s["$id"], schemas.resource(s)) for s in own]
        registry = schemas.registry(version).with_resources(resources)
        return schemas.make_validator(schema, registry)

    return schemas.RecordValidator(full, lambda: schemas.compile_schema(schema, version, own))


def problems(label: str, data: Any) -> list[InvalidAssertion]:
    """Why the content of assertion ``label`` does not match its schema (empty: it does)."""
    from omrs.loading import LoadProblem, parse_text
    from omrs.validation import validate

    version, declared = schema_version(label, data)
    if version is None:
        message = f"standard version {declared!r} is not one this validator knows for {label}"
        if not isinstance(data, Mapping) or not isinstance(data.get("omrs"), str):
            message = f"{label} must declare its standard version in `omrs` (added in 1.1)"
        return [InvalidAssertion(label, "/omrs", message)]
    try:
        doc = parse_text(json.dumps(data, ensure_ascii=False), label, "json")
        found = validate(doc, _validator(label, version))
    except LoadProblem as problem:
        return [InvalidAssertion(label, problem.pointer or "", problem.message)]
    except (RecursionError, ValueError) as exc:  # nesting or numbers beyond what can be checked
        return [InvalidAssertion(label, "", f"the content cannot be checked: {exc}")]
    return [InvalidAssertion(label, f.location.pointer, f.message) for f in found]


def checked(
    assertions: Iterable[Assertion],
) -> tuple[tuple[Assertion, ...], tuple[InvalidAssertion, ...]]:
    """The OMRS assertions that match their schemas, and the problems of those that do not.

    Assertions with labels outside :data:`OMRS_LABELS` are left out: nothing reads them.
    """
    valid: list[Assertion] = []
    invalid: list[InvalidAssertion] = []
    for assertion in assertions:
        if assertion.label not in OMRS_LABELS:
            continue
        found = problems(assertion.label, assertion.data)
        if found:
            invalid += found
        else:
            valid.append(assertion)
    return tuple(valid), tuple(invalid)
