"""OMRS's own assertions, checked against their published schemas before anything reads them.

A manifest signed with a trusted key proves who wrote it, not that its ``org.omrs.*``
assertions have the shape OMRS writes: anyone with a key and plain c2pa-python can put a
number where a list of records goes. Every OMRS assertion read from a manifest is validated
against its schema (``schemas/<version>/assertions/<label>.schema.json``, shipped with the
package) first; one that fails is a located finding, and its content goes no further (not
to the rules, the XMP cross-check or the licence merge). No ``c2pa`` import.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from omrs.media.manifest import LABEL_ASSET, LABEL_CONSENT, LABEL_DISCLOSURE, LABEL_LICENSE
from omrs.media.report import Assertion

#: The one table from an assertion label to its schema: a new version of a label
#: (``org.omrs.asset.v2``, say) is one more row.
ASSERTION_SCHEMAS: dict[str, tuple[str, str]] = {
    label: ("1.0", f"{label}.schema.json")
    for label in (LABEL_ASSET, LABEL_DISCLOSURE, LABEL_LICENSE, LABEL_CONSENT)
}
ASSERTIONS_FOLDER = "assertions"


@dataclass(frozen=True, slots=True)
class InvalidAssertion:
    """What is wrong with an OMRS assertion: ``pointer`` is inside the assertion's content."""

    label: str
    pointer: str
    message: str


def load_assertion_schema(label: str) -> dict[str, Any]:
    from omrs.schemas import schema_dir

    version, name = ASSERTION_SCHEMAS[label]
    path = schema_dir() / version / ASSERTIONS_FOLDER / name
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@functools.cache
def _validator(label: str) -> Any:
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    from omrs import schemas

    version = ASSERTION_SCHEMAS[label][0]
    own = [
        load_assertion_schema(other) for other, (v, _) in ASSERTION_SCHEMAS.items() if v == version
    ]
    resources = [(s["$id"], Resource.from_contents(s, DRAFT202012)) for s in own]
    registry = schemas.registry(version).with_resources(resources)
    return schemas.make_validator(load_assertion_schema(label), registry)


def problems(label: str, data: Any) -> list[InvalidAssertion]:
    """Why the content of assertion ``label`` does not match its schema (empty: it does)."""
    from omrs.loading import LoadProblem, parse_text
    from omrs.validation import validate

    try:
        doc = parse_text(json.dumps(data, ensure_ascii=False), label, "json")
        found = validate(doc, _validator(label))
    except LoadProblem as problem:
        return [InvalidAssertion(label, problem.pointer or "", problem.message)]
    except (RecursionError, ValueError) as exc:  # nesting or numbers beyond what can be checked
        return [InvalidAssertion(label, "", f"the content cannot be checked: {exc}")]
    return [InvalidAssertion(label, f.location.pointer, f.message) for f in found]


def checked(
    assertions: Iterable[Assertion],
) -> tuple[tuple[Assertion, ...], tuple[InvalidAssertion, ...]]:
    """The OMRS assertions that match their schemas, and the problems of those that do not.

    Assertions with labels outside :data:`ASSERTION_SCHEMAS` are left out: nothing reads them.
    """
    valid: list[Assertion] = []
    invalid: list[InvalidAssertion] = []
    for assertion in assertions:
        if assertion.label not in ASSERTION_SCHEMAS:
            continue
        found = problems(assertion.label, assertion.data)
        if found:
            invalid += found
        else:
            valid.append(assertion)
    return tuple(valid), tuple(invalid)
