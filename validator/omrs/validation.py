"""Schema validation of one document, as located findings with readable messages.

Each JSON Schema error becomes one finding whose code is ``schema.<keyword>``. For
``anyOf``/``oneOf`` failures the finding describes the branch that came closest (the best
match), not every branch. Messages name the field and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Location, Severity
from omrs.loading import Document
from omrs.loading.positions import join_pointer

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_KEY_KEYWORDS = {"additionalProperties", "unevaluatedProperties", "propertyNames"}


def _pointer(path: Any) -> str:
    out = ""
    for token in path:
        out = join_pointer(out, token)
    return out


def _field(pointer: str) -> str:
    return pointer or "(document)"


def _best(error: Any) -> Any:
    """Descend anyOf/oneOf failures to the branch error that explains the most."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    return error


def _describe(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _message(error: Any, pointer: str) -> str:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    where = f"`{_field(pointer)}`"
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where} must be of type {wanted}, got {_type_name(value)}"
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in expected)
        return f"{where} is {_describe(value)}; expected one of: {allowed}"
    if keyword == "const":
        return f"{where} is {_describe(value)}; expected {expected!r}"
    if keyword == "format":
        return f"{where} is {_describe(value)}, which is not a valid {expected}"
    if keyword == "pattern":
        return f"{where} is {_describe(value)}, which does not match the pattern {expected}"
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    hint = f" ({description})" if keyword in ("oneOf", "anyOf", "not") and description else ""
    return f"{where}: {error.message}{hint}"


def _unknown_keys(error: Any) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    names = [m.group(1) for m in _QUOTED.finditer(error.message)]
    return [n for n in names if n in instance] or list(instance)[:1]


def _findings_for(error: Any, doc: Document) -> Iterator[Finding]:
    error = _best(error)
    pointer = _pointer(error.absolute_path)
    keyword = error.validator if isinstance(error.validator, str) else "false"
    if "propertyNames" in error.relative_schema_path:
        keyword = "propertyNames"
    code = f"schema.{keyword}"
    if keyword == "required":
        missing = _QUOTED.search(error.message)
        name = missing.group(1) if missing else "?"
        line, column = doc.locate(pointer)
        parent = f"`{_field(pointer)}`" if pointer else "the document"
        yield Finding(
            code,
            Severity.ERROR,
            f"missing required field `{name}` in {parent}",
            Location(doc.path, join_pointer(pointer, name), line, column),
        )
    elif keyword in ("additionalProperties", "unevaluatedProperties"):
        allowed = (
            sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        )
        for key in _unknown_keys(error):
            child = join_pointer(pointer, key)
            line, column = doc.locate(child, key=True)
            hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
            yield Finding(
                code,
                Severity.ERROR,
                f"unknown field `{key}` in `{_field(pointer)}`{hint} "
                "(vendor fields go under `extensions` with a reverse-domain key)",
                Location(doc.path, child, line, column),
            )
    elif keyword == "propertyNames":
        key = error.instance if isinstance(error.instance, str) else "?"
        line, column = doc.locate(join_pointer(pointer, key), key=True)
        yield Finding(
            code,
            Severity.ERROR,
            f"field name {key!r} in `{_field(pointer)}` is not allowed: {error.message}",
            Location(doc.path, join_pointer(pointer, key), line, column),
        )
    else:
        line, column = doc.locate(pointer)
        yield Finding(
            code,
            Severity.ERROR,
            _message(error, pointer),
            Location(doc.path, pointer, line, column),
        )


def validate(doc: Document, schema_validator: Any) -> list[Finding]:
    """All schema findings for ``doc``, in document order."""
    findings = [f for e in schema_validator.iter_errors(doc.data) for f in _findings_for(e, doc)]
    return sorted(set(findings), key=Finding.sort_key)
