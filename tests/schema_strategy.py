"""A Hypothesis strategy for the JSON Schema subset the OMRS schemas use.

hypothesis-jsonschema no longer runs on current Hypothesis, so the tests carry this small
generator instead. It refuses schemas with keywords it does not know (``UNSUPPORTED``
lists none today), so it cannot silently ignore a constraint and generate wrong data.
Patterns are generated from their ECMA-262 translation, the meaning the validator gives them.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st

from omrs.schema_patterns import ecma_regex

#: Keywords that describe and do not constrain.
ANNOTATIONS = {
    "description", "title", "examples", "$comment", "default", "deprecated",
    "x-omrs-deprecated", "x-omrs-deprecatedValues",
}  # fmt: skip
#: Keywords the generator honours.
SUPPORTED = {
    "type", "properties", "required", "additionalProperties", "patternProperties",
    "propertyNames", "items", "minItems", "maxItems", "uniqueItems", "enum", "const",
    "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minProperties", "oneOf", "anyOf",
}  # fmt: skip

_FORMATS = {
    "date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    "date-time": st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0).isoformat() + "Z"
    ),
    "email": st.from_regex(r"\A[a-z]{1,8}@[a-z]{1,8}\.example\Z"),
    "uri": st.from_regex(
        r"\A(urn:omrs:[a-z]{1,8}:[a-z0-9-]{1,16}|https://example\.org/[a-z0-9]{1,12})\Z"
    ),
}


def inline_refs(
    version: str, record_type: str, schema: Any = None, registry: Any = None
) -> dict[str, Any]:
    """The schema of ``record_type`` (or ``schema``) with every ``$ref`` replaced by its
    target (merged with the keywords beside it), resolved in the shipped registry of
    ``version`` (or ``registry``)."""
    from omrs import schemas

    registry = registry if registry is not None else schemas.registry(version)

    def inline(node: Any, base: str, depth: int) -> Any:
        assert depth < 50, "schema references nest too deeply (recursive schema?)"
        if isinstance(node, list):
            return [inline(v, base, depth) for v in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            resolved = registry.resolver(base_uri=base).lookup(node["$ref"])
            target = resolved.resolver._base_uri or base
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return inline({**copy.deepcopy(resolved.contents), **siblings}, target, depth + 1)
        skip = ("$defs", "$id", "$schema")
        return {k: inline(v, base, depth) for k, v in node.items() if k not in skip}

    schema = schema if schema is not None else schemas.load_schema(version, record_type)
    out: dict[str, Any] = inline(schema, schema["$id"], 0)
    return out


def unknown_keywords(schema: Any) -> set[str]:
    """Constraint keywords in ``schema`` (recursively) that the generator does not know."""
    found: set[str] = set()
    if isinstance(schema, dict):
        found |= set(schema) - SUPPORTED - ANNOTATIONS
        if schema.get("format", "date") not in _FORMATS:
            found.add(f"format:{schema['format']}")
        for key, value in schema.items():
            if key in ("properties", "patternProperties"):
                for sub in value.values():
                    found |= unknown_keywords(sub)
            elif key in ("items", "additionalProperties", "propertyNames"):
                found |= unknown_keywords(value)
            elif key in ("oneOf", "anyOf"):
                for sub in value:
                    found |= unknown_keywords(sub)
    return found


def from_schema(schema: Any) -> st.SearchStrategy[Any]:
    """Values valid against ``schema`` (an inlined schema: no ``$ref``)."""
    if schema is True or schema == {}:
        return st.just(None) | st.booleans() | st.integers() | st.text(max_size=8)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    alternatives = _required_alternatives(schema)
    if alternatives is not None:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        required = list(rest.get("required", ()))
        return st.sampled_from(alternatives).flatmap(
            lambda names: from_schema({**rest, "required": [*required, *names]})
        )
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([from_schema(s) for s in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    return _BY_TYPE[kind](schema)


def _required_alternatives(schema: Any) -> list[list[str]] | None:
    """``anyOf`` branches that only require fields of the object itself (OMRS 1.1: a person
    names ``consent`` or ``bases``): each branch's names, else None."""
    branches = schema.get("anyOf") if isinstance(schema, dict) else None
    if not branches or "properties" not in schema:
        return None
    if not all(isinstance(b, dict) and set(b) == {"required"} for b in branches):
        return None
    return [list(b["required"]) for b in branches]


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if "format" in schema:
        base = _FORMATS[schema["format"]]
    elif "pattern" in schema:
        base = st.from_regex(ecma_regex(schema["pattern"]), fullmatch=True)
    else:
        base = st.text(
            min_size=schema.get("minLength", 0), max_size=max(schema.get("minLength", 0), 24)
        )
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**9)
    return base.filter(lambda s: low <= len(s) <= high)


def _number(schema: dict[str, Any], integer: bool = False) -> st.SearchStrategy[Any]:
    low = schema.get("minimum", schema.get("exclusiveMinimum", -(10**6)))
    high = schema.get("maximum", schema.get("exclusiveMaximum", 10**6))
    base: st.SearchStrategy[Any] = (
        st.integers(int(low), int(high)) if integer else st.floats(low, high, allow_nan=False)
    )
    return base.filter(
        lambda n: n != schema.get("exclusiveMinimum") and n != schema.get("exclusiveMaximum")
    )


def _array(schema: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    items = from_schema(schema.get("items", {}))
    low = schema.get("minItems", 0)
    high = schema.get("maxItems", low + 3)
    if schema.get("uniqueItems"):
        return st.lists(items, min_size=low, max_size=high, unique_by=repr)
    return st.lists(items, min_size=low, max_size=high)


@st.composite
def _object(draw: Any, schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    out: dict[str, Any] = {}
    for name, sub in properties.items():
        if name in required or draw(st.booleans()):
            out[name] = draw(from_schema(sub))
    for pattern, sub in schema.get("patternProperties", {}).items():
        names = st.from_regex(ecma_regex(pattern), fullmatch=True)
        for key in draw(st.lists(names, max_size=2, unique=True)):
            out.setdefault(key, draw(from_schema(sub)))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):  # free-named members: names from propertyNames' pattern
        pattern = (schema.get("propertyNames") or {}).get("pattern", "^[a-z]{1,8}$")
        names = st.from_regex(ecma_regex(pattern), fullmatch=True)
        low = max(0, schema.get("minProperties", 0) - len(out))
        for key in draw(st.lists(names, min_size=low, max_size=low + 2, unique=True)):
            out.setdefault(key, draw(from_schema(extra)))
    while len(out) < schema.get("minProperties", 0):
        name = draw(st.sampled_from(sorted(properties)))
        out[name] = draw(from_schema(properties[name]))
    return out


_BY_TYPE: dict[Any, Any] = {
    "string": _string,
    "integer": lambda s: _number(s, integer=True),
    "number": _number,
    "boolean": lambda s: st.booleans(),
    "null": lambda s: st.none(),
    "array": _array,
    "object": _object,
    None: lambda s: _object(s) if "properties" in s else st.just(None),
}
