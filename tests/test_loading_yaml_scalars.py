"""YAML tags: every scalar either becomes a JSON value or is a located finding.

PyYAML's constructors raised ValueError, KeyError or IndexError (internal.error, exit 2)
for ``!!int abc``, ``!!bool maybe``, ``0x_`` and the like, accepted ``!!null x`` as null,
and tags on collections (``!!set``, ``!!omap``) were ignored.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.loading import LoadProblem, parse_text, yaml_source

LOADERS = [getattr(yaml, "CSafeLoader", None), yaml.SafeLoader]


def outcome(text: str) -> object:
    try:
        return parse_text(text, "x", "yaml").data
    except LoadProblem as problem:
        return problem.code, problem.line, problem.column, problem.message


INVALID = [
    "!!int abc",
    "!!int ''",
    "!!int 1e5",
    "!!int 08",
    "!!int 0x",
    "!!float abc",
    "!!float ''",
    "!!float .",
    "!!float nan",
    "!!bool maybe",
    "!!bool ''",
    "!!null x",
    "!!timestamp abc",
    "0x_",
    "0b_",
    "!<tag:yaml.org,2002:int> abc",
]


@pytest.mark.parametrize("scalar", INVALID)
def test_a_scalar_its_tag_cannot_build_is_a_located_syntax_finding(scalar: str) -> None:
    tag, _, value = scalar.rpartition(" ")
    shown = {"": "!!int", "!<tag:yaml.org,2002:int>": "!!int"}.get(tag, tag)
    expected = f"invalid YAML: {value.strip(chr(39))!r} is not a valid {shown}"
    assert outcome(f"a: 1\nx: {scalar}\n") == ("load.yaml-syntax", 2, 4, expected)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("0b", "0b"),
        ("0o", "0o"),
        ("0x", "0x"),
        ("2020-01-01", "2020-01-01"),
        ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
        ("!!timestamp 2020-01-01", "2020-01-01"),
        ("!!str 1", "1"),
        ("! 12", "12"),
        ("!!float 1e5", 100000.0),
        ("!!float 1", 1.0),
        ("!!int 0x1F", 31),
        ("+0x1", 1),
        ("1_000", 1000),
        ("!!bool yes", True),
        ("!!null ''", None),
        ("1e5", "1e5"),  # YAML 1.1: no dot, so a string, as YAML 1.1 emitters write it
    ],
)
def test_valid_scalars_keep_their_yaml_1_1_meaning(scalar: str, value: object) -> None:
    assert outcome(f"x: {scalar}\n") == {"x": value}


@pytest.mark.parametrize(
    "text",
    [
        "x: !!binary aGk=",
        "x: !!set {a}",
        "x: !!omap [a: 1]",
        "x: !!pairs [a: 1]",
        "x: !!str [a]",
        "x: !!map [a]",
        "x: !!seq {a: 1}",
        "x: !foo abc",
        "x: !!merge x",
    ],
)
def test_tags_records_do_not_use_are_refused_where_they_stand(text: str) -> None:
    result = outcome(text)
    assert isinstance(result, tuple) and result[:3] == ("load.yaml-unsupported", 1, 4), result


@pytest.mark.parametrize(("text", "word"), [("x: <<", "<<"), ("x: [=]", "=")])
def test_a_plain_merge_or_value_indicator_is_explained(text: str, word: str) -> None:
    result = outcome(text)
    assert isinstance(result, tuple) and result[0] == "load.yaml-unsupported"
    assert f"quote it ('{word}')" in str(result[3])


@pytest.mark.parametrize("text", ["!!int 1: a", "? !!null ~\n: a", "!!binary aGk=: a"])
def test_mapping_keys_must_be_strings(text: str) -> None:
    result = outcome(text)
    assert isinstance(result, tuple) and result[0] == "load.yaml-unsupported", result
    assert "mapping keys must be strings" in str(result[3])


def test_plain_keys_stay_the_strings_they_are_written_as() -> None:
    assert outcome("1: a\ntrue: b\n~: c\n") == {"1": "a", "true": "b", "~": "c"}


_PLAIN = st.text(st.sampled_from("0123456789abefoxABEFOX_:.+-~ "), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and not s.startswith(("-", ":", "?", "~ "))
)


@pytest.mark.parametrize("loader", [x for x in LOADERS if x is not None], ids=lambda x: x.__name__)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
@given(scalar=_PLAIN, tag=st.sampled_from(["", "!!int ", "!!float ", "!!bool ", "!!null "]))
def test_any_number_like_scalar_gives_a_value_or_a_finding(
    loader: type, scalar: str, tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_source, "_Loader", loader)
    try:
        parse_text(f"x: {tag}{scalar}\n", "x", "yaml")
    except LoadProblem as problem:
        assert problem.code.startswith("load."), problem.code
