"""Deprecated fields and vocabulary terms: where a document uses them, and what replaces them.

A minor version may deprecate but never remove (spec/versioning.md), so a deprecated field
stays valid and the schema marks it instead. A field carries JSON Schema's ``deprecated:
true`` plus ``x-omrs-deprecated: {since, replacedBy}``; a vocabulary term is listed in
``x-omrs-deprecatedValues: {term: {since, replacedBy}}`` beside its ``enum``. The markers are
read from the newest shipped minor of the document's major, because an older version's
schemas are frozen at release and never learn what a later minor deprecates.

The walk follows the schema as validation does (``$ref``, ``allOf``, the ``anyOf``/``oneOf``
branches the value matches, properties and items) and visits each value once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from omrs import schemas
from omrs.findings import Finding, Location, Severity
from omrs.loading import Document
from omrs.loading.positions import join_pointer

FIELD_MARK = "x-omrs-deprecated"
VALUES_MARK = "x-omrs-deprecatedValues"


@dataclass(frozen=True, slots=True)
class Deprecation:
    """One use of a deprecated field (``value`` None) or vocabulary term in a document."""

    pointer: str
    since: str
    replaced_by: str
    value: str | None = None

    def describe(self, field: str) -> str:
        what = f"`{field}` value {self.value!r}" if self.value is not None else f"`{field}`"
        return f"{what} is deprecated since OMRS {self.since}: use {self.replaced_by}"


def newest_minor(version: str) -> str:
    """The newest shipped minor of ``version``'s major (``version`` itself if none is newer)."""
    major = version.split(".", 1)[0]
    same = [v for v in schemas.versions() if v.split(".", 1)[0] == major]
    return same[-1] if same else version


@functools.cache
def marks_anything(version: str) -> bool:
    """Whether any schema of ``version`` marks a deprecation (else the walk is skipped)."""
    texts = (json.dumps(schemas.load_schema(version, n)) for n in _names(version))
    return any(FIELD_MARK in t or VALUES_MARK in t for t in texts)


def _names(version: str) -> tuple[str, ...]:
    return (*schemas.record_types(version), *schemas.shared_schemas(version))


def find(data: Any, version: str, record_type: str) -> list[Deprecation]:
    """Every deprecated field or term ``data`` (a ``record_type`` document) uses."""
    newest = newest_minor(version)
    if not marks_anything(newest) or record_type not in schemas.record_types(newest):
        return []
    root = schemas.load_schema(newest, record_type)
    return list(_Walk(newest).visit(data, root, root["$id"], ""))


#: Schema nodes by identity (each kept alive here, so an id is never reused), with whether
#: a mark can be reached from them through ``$ref`` and subschemas.
_REACHES_MARK: dict[int, tuple[Any, bool]] = {}
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMA_MAPS = ("properties", "patternProperties")


def _reaches_mark(version: str, node: Any, base: str, seen: frozenset[int] = frozenset()) -> bool:
    """Whether a deprecation mark lies at or below ``node``, so a walk can skip the rest.

    Without this the walk resolved every ``$ref`` of every document (most of a record's
    check time) to find the one vocabulary the schemas mark. A cycle counts as reaching.
    """
    if not isinstance(node, dict):
        return False
    known = _REACHES_MARK.get(id(node))
    if known is not None:
        return known[1]
    if id(node) in seen:
        return True
    seen = seen | {id(node)}
    children: list[Any] = [node.get(k) for k in ("items", "additionalProperties", "propertyNames")]
    children += [sub for k in _SUBSCHEMA_LISTS for sub in node.get(k, ())]
    children += [sub for k in _SUBSCHEMA_MAPS for sub in node.get(k, {}).values()]
    found = FIELD_MARK in node or VALUES_MARK in node
    found = found or any(_reaches_mark(version, sub, base, seen) for sub in children)
    if not found and "$ref" in node:
        target, target_base = schemas.resolve_ref(version, base, node["$ref"])
        found = _reaches_mark(version, target, target_base, seen)
    _REACHES_MARK[id(node)] = (node, found)
    return found


class _Walk:
    """The walk, with each schema node's base (its schema's ``$id``) beside it."""

    def __init__(self, version: str) -> None:
        self.version = version

    def visit(self, value: Any, node: Any, base: str, pointer: str) -> Iterator[Deprecation]:
        if not _reaches_mark(self.version, node, base):
            return
        if "$ref" in node:
            target, target_base = schemas.resolve_ref(self.version, base, node["$ref"])
            yield from self.visit(value, target, target_base, pointer)
        yield from _marks(value, node, pointer)
        for sub in node.get("allOf", ()):
            yield from self.visit(value, sub, base, pointer)
        for key in ("anyOf", "oneOf"):
            for sub in node.get(key, ()):
                if _matches(self.version, value, sub, base):
                    yield from self.visit(value, sub, base, pointer)
        yield from self._children(value, node, base, pointer)

    def _children(
        self, value: Any, node: dict[str, Any], base: str, pointer: str
    ) -> Iterator[Deprecation]:
        if isinstance(value, dict):
            properties = node.get("properties", {})
            for key, child in value.items():
                sub = properties.get(key, node.get("additionalProperties"))
                yield from self.visit(child, sub, base, join_pointer(pointer, key))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for index, child in enumerate(value):
                yield from self.visit(child, node["items"], base, join_pointer(pointer, index))


def _marks(value: Any, node: dict[str, Any], pointer: str) -> Iterator[Deprecation]:
    field = node.get(FIELD_MARK)
    if node.get("deprecated") and isinstance(field, dict):
        yield Deprecation(pointer, str(field.get("since")), str(field.get("replacedBy")))
    terms = node.get(VALUES_MARK)
    if isinstance(terms, dict) and isinstance(value, str) and isinstance(terms.get(value), dict):
        mark = terms[value]
        yield Deprecation(pointer, str(mark.get("since")), str(mark.get("replacedBy")), value)


def _matches(version: str, value: Any, node: Any, base: str) -> bool:
    """Whether ``value`` is valid against one ``anyOf``/``oneOf`` branch.

    The branch is checked with the base it was reached through, so its relative ``$ref``s
    resolve exactly as they do in validation. (Only branches that reach a mark get here.)
    """
    from jsonschema import Draft202012Validator

    resolver = schemas.registry(version).resolver(base_uri=base)
    check = Draft202012Validator(node, registry=schemas.registry(version), _resolver=resolver)
    return bool(check.is_valid(value))


def findings(doc: Document, version: str, record_type: str) -> list[Finding]:
    """``schema.deprecated`` findings for ``doc``, checked against schema ``version``.

    A warning where the document declares a version that deprecates the term; only a note
    for a document of an earlier minor, which used the term when it was current.
    """
    out = []
    for found in find(doc.data, version, record_type):
        line, column = doc.locate(found.pointer)
        current = schemas.version_key(version) >= schemas.version_key(found.since)
        field = found.pointer.lstrip("/").replace("/", ".") or "(document)"
        message = (
            f"{found.describe(field)}; `omrs migrate --to {found.since}` rewrites it"
            if current
            else f"{found.describe(field)} (this {version} document may keep it; "
            f"`omrs migrate --to {found.since}` moves it to the newer form)"
        )
        severity = Severity.WARNING if current else Severity.INFO
        where = Location(doc.path, found.pointer, line, column)
        out.append(Finding("schema.deprecated", severity, message, where))
    return out
