"""Numbers a record cannot hold are located findings, the same in JSON and YAML.

Integers over 4,300 digits made ``int()`` raise ValueError (internal.error, exit 2) and
``1e999`` silently became infinity. Now both are ``load.number-too-large`` at the literal.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.loading import LoadProblem, parse_text

HEAD_JSON = '{"omrs": "1.0", "recordType": "likeness-consent",\n "x": '
HEAD_YAML = 'omrs: "1.0"\nrecordType: likeness-consent\nx: '


def outcome(text: str, syntax: str) -> tuple[str, int | None, int | None] | str:
    try:
        parse_text(text, "x", syntax)  # type: ignore[arg-type]
    except LoadProblem as problem:
        return problem.code, problem.line, problem.column
    return "ok"


def yaml_float(literal: str) -> str:
    """The same number as YAML 1.1 writes it: a float's exponent needs a dot and a sign."""
    if "e" not in literal:
        return literal
    mantissa, exponent = literal.split("e")
    mantissa += "" if "." in mantissa else ".0"
    return f"{mantissa}e{exponent if exponent[0] in '+-' else '+' + exponent}"


def both(literal: str) -> tuple[object, object]:
    return (
        outcome(HEAD_JSON + literal + "}", "json"),
        outcome(HEAD_YAML + literal + "\n", "yaml"),
    )


@pytest.mark.parametrize(
    "literal",
    ["9" * 4301, "-" + "1" * 4301, "1" * 10_000, "1e999", "-1.5e400", "1" * 400 + ".5"],
    ids=["4301-digits", "negative", "10000-digits", "1e999", "-1.5e400", "400-digit-float"],
)
def test_a_number_too_large_is_the_same_located_finding_in_json_and_yaml(literal: str) -> None:
    json_result = outcome(HEAD_JSON + literal + "}", "json")
    yaml_result = outcome(HEAD_YAML + yaml_float(literal) + "\n", "yaml")
    assert json_result == ("load.number-too-large", 2, 7)
    assert yaml_result == ("load.number-too-large", 3, 4)


def test_the_largest_allowed_integer_is_read() -> None:
    assert both("9" * 4300) == ("ok", "ok")
    assert both("1e308") == ("ok", "ok")  # 1e308 is a string in YAML 1.1, and fits anyway


@pytest.mark.parametrize("literal", ["0x" + "f" * 3600, "0b" + "1" * 20_000, "0" + "7" * 5000])
def test_other_bases_in_yaml_are_bounded_by_their_value(literal: str) -> None:
    assert outcome(HEAD_YAML + literal + "\n", "yaml") == ("load.number-too-large", 3, 4)


def test_a_base_60_integer_is_bounded_before_it_is_computed() -> None:
    literal = "1" + ":59" * 20_000  # quadratic to compute, more than 4,300 digits
    assert outcome(HEAD_YAML + literal + "\n", "yaml") == ("load.number-too-large", 3, 4)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_python_accepts_are_refused(constant: str) -> None:
    result = outcome(HEAD_JSON + '["NaN", ' + constant + "]}", "json")
    assert result == ("load.json-syntax", 2, 15)


@pytest.mark.parametrize("literal", [".inf", "-.Inf", ".NaN", "!!float .nan"])
def test_yaml_infinity_and_nan_are_refused(literal: str) -> None:
    assert outcome(HEAD_YAML + literal + "\n", "yaml") == ("load.yaml-unsupported", 3, 4)


def test_a_number_too_large_is_found_after_strings_that_look_like_it() -> None:
    text = HEAD_JSON + '["1e999", "\\"1e999", 1e999]}'
    assert outcome(text, "json") == ("load.number-too-large", 2, 28)


@settings(max_examples=60, deadline=None)
@given(st.integers(4290, 4310), st.booleans())
def test_the_digit_limit_is_one_rule_for_both_syntaxes(digits: int, negative: bool) -> None:
    literal = ("-" if negative else "") + "7" * digits
    json_result, yaml_result = both(literal)
    assert (json_result == "ok") == (yaml_result == "ok") == (digits <= 4300)
