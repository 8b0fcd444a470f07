"""YAML scalars as JSON values: PyYAML's YAML 1.1 types, each checked before it is built.

PyYAML's constructors assume the resolver already vetted the text, so an explicit tag
(``!!int abc``, ``!!bool maybe``) or a plain scalar the resolver matched too loosely
(``0x_``) raised ValueError, KeyError or IndexError from inside them. Here a scalar
must fully match its tag's form first, and a number must be finite and not too long:
every refusal is a finding located at the scalar.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from omrs.loading.errors import LoadProblem, at_mark
from omrs.loading.numbers import float_too_large, int_digit_limit, int_is_too_large, int_too_large

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT = f"{_TAG}str", f"{_TAG}int", f"{_TAG}float"
BOOL, NULL, TIMESTAMP = f"{_TAG}bool", f"{_TAG}null", f"{_TAG}timestamp"
MAP, SEQ = f"{_TAG}map", f"{_TAG}seq"

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def _forms() -> dict[str, re.Pattern[str]]:
    """Each implicit type's own form, as PyYAML's resolver matches it."""
    forms: dict[str, re.Pattern[str]] = {}
    for candidates in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for tag, regexp in candidates:
            forms.setdefault(tag, regexp)
    return forms


_FORMS = _forms()
#: A JSON number: an explicit ``!!float`` may be written as JSON writes it (``!!float 1e5``).
#: Plain ``1e5`` stays the string YAML 1.1 makes it, as every YAML 1.1 emitter assumes.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def shown_tag(tag: str) -> str:
    return f"!!{tag.removeprefix(_TAG)}" if tag.startswith(_TAG) else tag


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def tag_of(event: yaml.ScalarEvent) -> str:
    """The tag a scalar resolves to, by YAML 1.1's rules as PyYAML applies them."""
    tag, value = event.tag, event.value
    if tag == "!" or (tag is None and not event.implicit[0]):
        return STR
    if tag is None:
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


def scalar_value(event: yaml.ScalarEvent) -> Any:
    """The JSON value of a scalar event; raise a located LoadProblem if it has none."""
    tag, value = tag_of(event), event.value
    mark: Any = event.start_mark
    if tag == STR:
        return value
    build: Callable[[str], Any] | None = _BUILDERS.get(tag)
    if build is None and event.tag is None:  # plain << or = : YAML 1.1 gives them a type
        raise at_mark(
            "load.yaml-unsupported",
            f"a plain {value} is YAML's {shown_tag(tag)} here, not text; quote it ('{value}')",
            mark,
        )
    if build is None:
        raise at_mark(
            "load.yaml-unsupported",
            f"YAML tag {shown_tag(tag)} is not allowed in OMRS documents "
            "(use plain JSON-compatible values)",
            mark,
        )
    invalid = at_mark(
        "load.yaml-syntax", f"invalid YAML: {_shown(value)} is not a valid {shown_tag(tag)}", mark
    )
    if not (_FORMS[tag].fullmatch(value) or (tag == FLOAT and _JSON_NUMBER.fullmatch(value))):
        raise invalid
    try:
        return build(value)
    except (ValueError, KeyError, IndexError):  # a form PyYAML's constructor still refuses
        raise invalid from None
    except LoadProblem as problem:  # a number a record cannot hold
        problem.line, problem.column = invalid.line, invalid.column
        raise


def _node(tag: str, value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode(tag, value)


def _int(value: str) -> int:
    body = value.replace("_", "").lstrip("+-")
    decimal = body.isdigit() and (body == "0" or not body.startswith("0"))
    limit = int_digit_limit()
    # Decimal (and base-60) conversion is quadratic, so length is bounded before it runs;
    # four digits per decimal digit bounds every base (binary being the sparsest).
    if len(body) > (limit if decimal else 4 * limit):
        raise int_too_large(value)
    number: int = _constructor.construct_yaml_int(_node(INT, value))
    if int_is_too_large(number):
        raise int_too_large(value)
    return number


def _float(value: str) -> float:
    number: float = _constructor.construct_yaml_float(_node(FLOAT, value))
    if math.isfinite(number):
        return number
    if math.isinf(number) and not value.lstrip("+-").startswith("."):
        raise float_too_large(value)
    raise LoadProblem(
        "load.yaml-unsupported",
        f"{value} is not a JSON number: records hold finite numbers only",
    )


def _bool(value: str) -> bool:
    return bool(_constructor.construct_yaml_bool(_node(BOOL, value)))


_BUILDERS = {
    INT: _int,
    FLOAT: _float,
    BOOL: _bool,
    NULL: lambda value: None,
    TIMESTAMP: lambda value: value,  # dates stay the strings JSON would have
}
