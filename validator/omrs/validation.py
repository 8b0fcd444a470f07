"""Schema validation of one document, as located findings with readable messages.

Each JSON Schema error becomes one finding whose code is ``schema.<keyword>``. For
``anyOf``/``oneOf`` failures the finding describes the branch that came closest (the best
match), not every branch. Messages name the field and what was expected.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Location, Severity
from omrs.loading import Document
from omrs.loading.positions import join_pointer
from omrs.schema_patterns import unknown_keys


def _pointer(path: Any) -> str:
    out = ""
    for token in path:
        out = join_pointer(out, token)
    return out


def _field(pointer: str) -> str:
    return pointer or "(document)"


def _name(key: str) -> str:
    """A member name as messages show it: in backticks, or quoted and escaped when it holds
    a backtick or an invisible character (a tab, U+200F, NUL) that backticks would hide."""
    return f"`{key}`" if key.isprintable() and "`" not in key else repr(key)


def _best(error: Any) -> Any:
    """Descend anyOf/oneOf failures to the branch error that explains the most."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    return error


def _describe(value: Any) -> str:
    """A value as a message shows it: JSON's words for true, false and null."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
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
        from omrs.hints import enum_message  # only a failing document pays for it

        return enum_message(where, value, expected)
    if keyword == "const":
        return f"{where} is {_describe(value)}; expected {_describe(expected)}"
    if keyword == "format":
        return f"{where} is {_describe(value)}, which is not a valid {expected}"
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if keyword == "pattern":
        from omrs.hints import pattern_message

        return pattern_message(where, value, expected, description)
    hint = f" ({description})" if keyword in ("oneOf", "anyOf", "not") and description else ""
    return f"{where}: {error.message}{hint}"


def _missing_fields(error: Any) -> list[str]:
    """Required names absent from the object, from the schema (not from the message)."""
    instance = error.instance if isinstance(error.instance, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    return [name for name in required if isinstance(name, str) and name not in instance]


def _unknown_fields(error: Any) -> list[str]:
    """The members the schema does not allow, named exactly, from the instance and schema.

    (The OMRS schemas use ``additionalProperties`` only; for ``unevaluatedProperties``
    this is the same answer when no applicator evaluates further members.)
    """
    instance = error.instance if isinstance(error.instance, dict) else {}
    schema = error.schema if isinstance(error.schema, dict) else {}
    return unknown_keys(instance, schema)


def _alternatives(error: Any) -> list[str] | None:
    """The fields an ``anyOf``/``oneOf`` of ``required`` branches asks for, one of which is
    missing (``consent`` or ``bases``), else None: naming only the branch that came closest
    would tell the user that one field is required when another would do."""
    if error.validator not in ("anyOf", "oneOf") or not isinstance(error.instance, dict):
        return None
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    names: list[str] = []
    for branch in branches:
        required = branch.get("required") if isinstance(branch, dict) else None
        if not isinstance(required, list) or set(branch) != {"required"}:
            return None
        names += [n for n in required if isinstance(n, str) and n not in error.instance]
    return names or None


def _findings_for(error: Any, doc: Document) -> Iterator[Finding]:
    alternatives = _alternatives(error)
    if alternatives:
        pointer = _pointer(error.absolute_path)
        line, column = doc.locate(pointer)
        wanted = " or ".join(f"`{n}`" for n in alternatives)
        parent = f"`{_field(pointer)}`" if pointer else "the document"
        yield Finding(
            f"schema.{error.validator}",
            Severity.ERROR,
            f"{parent} needs {wanted}",
            Location(doc.path, pointer, line, column),
        )
        return
    error = _best(error)
    pointer = _pointer(error.absolute_path)
    keyword = error.validator if isinstance(error.validator, str) else "false"
    if "propertyNames" in error.relative_schema_path:
        keyword = "propertyNames"
    code = f"schema.{keyword}"
    if keyword == "required":
        parent = f"`{_field(pointer)}`" if pointer else "the document"
        line, column = doc.locate(pointer)
        for name in _missing_fields(error):
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
        hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        for key in _unknown_fields(error):
            child = join_pointer(pointer, key)
            line, column = doc.locate(child, key=True)
            yield Finding(
                code,
                Severity.ERROR,
                f"unknown field {_name(key)} in `{_field(pointer)}`{hint} "
                "(vendor fields go under `extensions` with a reverse-domain key)",
                Location(doc.path, child, line, column),
            )
    elif keyword == "propertyNames":
        yield _property_name_finding(error, doc, pointer, code)
    else:
        line, column = doc.locate(pointer)
        yield Finding(
            code,
            Severity.ERROR,
            _message(error, pointer),
            Location(doc.path, pointer, line, column),
        )


def _property_name_finding(error: Any, doc: Document, pointer: str, code: str) -> Finding:
    """A member name refused by ``propertyNames``: the instance checked is the name itself."""
    key = error.instance if isinstance(error.instance, str) else ""
    child = join_pointer(pointer, key)
    line, column = doc.locate(child, key=True)
    why = (
        f"it does not match the pattern {error.validator_value}"
        if error.validator == "pattern"
        else error.message
    )
    return Finding(
        code,
        Severity.ERROR,
        f"field name {_name(key)} in `{_field(pointer)}` is not allowed: {why}",
        Location(doc.path, child, line, column),
    )


def validate(doc: Document, schema_validator: Any) -> list[Finding]:
    """All schema findings for ``doc``, in document order."""
    findings = [f for e in schema_validator.iter_errors(doc.data) for f in _findings_for(e, doc)]
    return sorted(set(findings), key=Finding.sort_key)
