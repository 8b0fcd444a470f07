"""The schema registry: every released standard version, loaded offline from package data.

Schemas live in ``schemas/<major>.<minor>/<record-type>.schema.json`` (shipped inside the
wheel as ``omrs/schemas``). A document's ``omrs`` field picks the version; a newer minor of
a known major is checked against the newest known minor, because minor versions only add
optional fields (spec/versioning.md). Validators are built once per process.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omrs.schema_formats import FORMATS, format_checker
from omrs.schema_patterns import ecma_search, unknown_keys

if TYPE_CHECKING:
    from referencing import Registry

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)$")  # semver: no leading zeros
SHARED_SCHEMAS = ("common", "provenance")


def schema_dir() -> Path:
    """Where the schemas are: inside the installed package, or the source tree's ``schemas/``.

    The package's own folder, not ``importlib.resources``: the schemas are read as files
    (a zipped install could not serve them either way), and importing
    ``importlib.resources`` cost the start-up of every run about 10 ms.
    """
    packaged = Path(__file__).parent / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


def version_key(version: str) -> tuple[int, int]:
    """``(major, minor)`` of a ``MAJOR.MINOR`` version string, for ordering versions."""
    major, minor = _VERSION.match(version).groups()  # type: ignore[union-attr]
    return int(major), int(minor)


@functools.cache
def versions() -> tuple[str, ...]:
    """Released standard versions this validator ships, oldest first."""
    found = [p.name for p in schema_dir().iterdir() if p.is_dir() and _VERSION.match(p.name)]
    return tuple(sorted(found, key=version_key))


@dataclass(frozen=True, slots=True)
class Resolution:
    """Which shipped version checks a document that declares ``declared``."""

    declared: str
    version: str | None
    newer_minor: bool = False


def resolve_version(declared: str) -> Resolution:
    if declared in versions():
        return Resolution(declared, declared)
    match = _VERSION.match(declared)
    if match:
        same_major = [v for v in versions() if version_key(v)[0] == int(match.group(1))]
        if same_major and version_key(declared) > version_key(same_major[-1]):
            return Resolution(declared, same_major[-1], newer_minor=True)
    return Resolution(declared, None)


@functools.cache
def _schema_files(version: str) -> dict[str, Path]:
    folder = schema_dir() / version
    return {p.name.removesuffix(".schema.json"): p for p in sorted(folder.glob("*.schema.json"))}


def record_types(version: str) -> tuple[str, ...]:
    """The record types of ``version`` (every schema except the shared definitions)."""
    return tuple(n for n in _schema_files(version) if n not in SHARED_SCHEMAS)


def shared_schemas(version: str) -> tuple[str, ...]:
    """The shared definition files ``version`` ships (1.1 added ``provenance``)."""
    return tuple(n for n in SHARED_SCHEMAS if n in _schema_files(version))


@functools.cache
def load_schema(version: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_schema_files(version)[name].read_text("utf-8"))
    return data


@functools.cache
def _by_id(version: str) -> dict[str, dict[str, Any]]:
    return {load_schema(version, n)["$id"]: load_schema(version, n) for n in _schema_files(version)}


@functools.cache
def resolve_ref(version: str, base: str, ref: str) -> tuple[Any, str]:
    """The node a ``$ref`` in the schema ``base`` (an ``$id``) points to, and its schema's
    ``$id``. The shipped schemas only use ``file#/json/pointer`` and ``#/json/pointer``
    references, so walking them needs neither ``referencing`` (slow to import) nor a
    resolver per step; anything else raises KeyError."""
    from urllib.parse import unquote, urljoin

    target, _, fragment = urljoin(base, ref).partition("#")
    node: Any = _by_id(version)[target]
    for token in filter(None, unquote(fragment).split("/")):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, target


@functools.cache
def registry(version: str) -> Registry[Any]:
    """All schemas of ``version`` by ``$id``, so cross-file ``$ref``s resolve offline."""
    from referencing import Registry

    return Registry().with_resources(
        (load_schema(version, n)["$id"], resource(load_schema(version, n)))
        for n in _schema_files(version)
    )


def resource(schema: dict[str, Any]) -> Any:
    """``schema`` as a Draft 2020-12 resource for the registry, without its ``$schema``.

    A ``$ref`` to a whole schema (an assertion embeds a whole record) hands jsonschema a
    document with a ``$schema``, and jsonschema then switches to the validator class
    registered for that dialect: the plain one, without OMRS's ECMA-262 patterns, linear
    ``uniqueItems`` and strict formats, so a territory ending in a newline passed there. Every
    shipped schema is Draft 2020-12, so nothing is lost by leaving the key out.
    """
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    contents = {k: v for k, v in schema.items() if k != "$schema"}
    return Resource.from_contents(contents, DRAFT202012)


def _canonical(value: Any) -> Any:
    """A hashable form under which JSON values are equal exactly when JSON Schema says so."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, dict):
        return ("object", frozenset((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_canonical(v) for v in value))
    return ("number" if isinstance(value, int | float) else "string", value)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    """``uniqueItems`` in linear time: jsonschema compares object items pairwise, which
    made a bundle of 10,000 assets spend minutes in this one keyword."""
    from jsonschema.exceptions import ValidationError

    if not unique or not validator.is_type(instance, "array"):
        return
    seen: dict[Any, int] = {}
    for index, item in enumerate(instance):
        key = _canonical(item)
        if key in seen:
            yield ValidationError(f"item {index} repeats item {seen[key]}; items must be unique")
            return
        seen[key] = index


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """``pattern`` with ECMA-262 semantics (``$`` is the end of the string)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if ecma_search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Any:
    """``additionalProperties``, with ``patternProperties`` matched as ECMA-262 patterns."""
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    unknown = unknown_keys(instance, schema)
    if validator.is_type(extra, "object"):
        for key in unknown:
            yield from validator.descend(instance[key], extra, path=key)
    elif not extra and unknown:
        yield ValidationError(f"unknown properties: {', '.join(repr(k) for k in unknown)}")


def make_validator(schema: dict[str, Any], schema_registry: Registry[Any]) -> Any:
    """A Draft 2020-12 validator for ``schema`` whose ``$ref``s resolve in ``schema_registry``.

    OMRS's strict format checks, and three keywords replaced: ``uniqueItems`` (linear time)
    and the pattern keywords (ECMA-262 patterns, as JSON Schema specifies, rather than
    Python's ``re.search``). Record schemas and the C2PA assertion schemas share it.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    omrs_validator = extend(
        Draft202012Validator,
        {
            "uniqueItems": _unique_items,
            "pattern": _pattern,
            "patternProperties": _pattern_properties,
            "additionalProperties": _additional_properties,
        },
    )
    return omrs_validator(schema, registry=schema_registry, format_checker=format_checker())


@functools.cache
def full_validator(version: str, record_type: str) -> Any:
    """The jsonschema validator for one record type: the authority on every message."""
    return make_validator(load_schema(version, record_type), registry(version))


@functools.cache
def compiled_validator(version: str, record_type: str) -> Any:
    """The record schema compiled by jsonschema-rs (see :func:`compile_schema`)."""
    return compile_schema(load_schema(version, record_type), version)


def compile_schema(
    schema: dict[str, Any], version: str, extra: tuple[dict[str, Any], ...] = ()
) -> Any:
    """``schema`` compiled by jsonschema-rs, its ``$ref``s resolved in the schemas of
    ``version`` and ``extra``, with OMRS's format checks registered.

    It answers valid-or-not about 80 times faster than jsonschema. Its patterns already
    follow ECMA-262 and its ``uniqueItems`` compares as JSON does, so it needs none of the
    replaced keywords; ``tests/test_fast_path.py`` holds it to jsonschema's verdicts.
    ``offline``: a ``$ref`` outside the shipped schemas is refused, never fetched.
    """
    import jsonschema_rs

    known = [*_by_id(version).values(), *extra]
    return jsonschema_rs.Draft202012Validator(
        schema,
        formats=dict(FORMATS),
        validate_formats=True,
        ignore_unknown_formats=False,
        registry=jsonschema_rs.Registry([(s["$id"], s) for s in known]),
        offline=True,
    )


class RecordValidator:
    """A validator that answers valid documents from the compiled schema.

    Most documents are valid, and for them jsonschema-rs's verdict is the whole answer.
    A document it refuses is validated again by jsonschema, which alone produces the
    errors (paths, best matches, messages) findings are built from, so findings and
    reports do not change. Each is built on first need (``full``, ``compiled``: callables
    returning the jsonschema and the jsonschema-rs validator of the same schema).
    Anything else (``evolve``, ``schema``) is the jsonschema validator's.
    """

    def __init__(self, full: Callable[[], Any], compiled: Callable[[], Any]) -> None:
        self._full, self._compiled = functools.cache(full), functools.cache(compiled)

    def is_valid(self, instance: Any) -> bool:
        fast = self._fast_verdict(instance)
        return fast if fast is not None else bool(self.full.is_valid(instance))

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._fast_verdict(instance) is True:
            return iter(())
        errors: Iterator[Any] = self.full.iter_errors(instance)
        return errors

    @property
    def full(self) -> Any:
        return self._full()

    def _fast_verdict(self, instance: Any) -> bool | None:
        """The compiled verdict, or None when the instance cannot be handed over."""
        try:
            return bool(self._compiled().is_valid(instance))
        except (ValueError, TypeError, OverflowError, RecursionError):
            return None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe these before __init__ has run
            raise AttributeError(name)
        return getattr(self.full, name)


@functools.cache
def validator(version: str, record_type: str) -> RecordValidator:
    """A ready validator for one record type of one standard version."""
    return RecordValidator(
        functools.partial(full_validator, version, record_type),
        functools.partial(compiled_validator, version, record_type),
    )
