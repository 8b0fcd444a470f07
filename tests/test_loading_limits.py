"""Loader limits give the same code and place whatever parser build is installed.

PyYAML 6.0.4's libyaml stops at 1,000 nesting levels on its own, with its own message and
at its own place; the pure-Python parser has no such limit. Each input here is parsed with
both, and both must give the finding a parser without a limit of its own gives.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.loading import MAX_DEPTH, LoadProblem, parse_text, yaml_source

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


def outcome(text: str, syntax: str = "yaml") -> tuple[str, int | None, int | None] | str:
    try:
        parse_text(text, "x", syntax)  # type: ignore[arg-type]
    except LoadProblem as problem:
        return problem.code, problem.line, problem.column
    return "ok"


def both(text: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, loader in LOADERS.items():
        if loader is None:
            continue
        monkeypatch.setattr(yaml_source, "_Loader", loader)
        out[name] = outcome(text)
    return out


DEEP = {
    "flow sequences": "[" * 10_000 + "]" * 10_000,
    "flow mappings": "{a: " * 2_000 + "1" + "}" * 2_000,
    "flow after a line": "omrs: '1.0'\nx: " + "[" * 5_000 + "]" * 5_000,
    "crlf lines": "omrs: '1.0'\r\nnote: \"\u00e9\u00e9\"\r\nx: " + "[" * 3_000 + "]" * 3_000,
    "block then flow": "".join("  " * i + "a:\n" for i in range(40))
    + "  " * 40
    + "b: "
    + "[" * 2_000,
    "block sequences": "".join("  " * i + "- \n" for i in range(1_500)),
}
EXPECTED = {
    "flow sequences": ("load.too-deep", 1, 65),
    "flow mappings": ("load.too-deep", 1, 257),
    "flow after a line": ("load.too-deep", 2, 67),
    "crlf lines": ("load.too-deep", 3, 67),
    "block then flow": ("load.too-deep", 41, 107),
    "block sequences": ("load.too-deep", 65, 129),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_too_deep_is_the_same_finding_with_every_parser(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = both(DEEP[name], monkeypatch)
    assert set(results.values()) == {EXPECTED[name]}, results


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1])
@pytest.mark.parametrize(
    "shape",
    [("[", "]", ""), ("[", "]", "1"), ('{"a": ', "}", "{}"), ('{"a": ', "}", "[]")],
)
def test_json_and_yaml_share_one_nesting_limit(depth: int, shape: tuple[str, str, str]) -> None:
    """``depth`` objects and arrays nested, the innermost one empty or holding a scalar."""
    opener, closer, inner = shape
    levels = depth - (1 if inner in ("{}", "[]") else 0)
    text = opener * levels + inner + closer * levels
    json_result, yaml_result = outcome(text, "json"), outcome(text, "yaml")
    assert json_result == yaml_result
    assert (json_result == "ok") == (depth <= MAX_DEPTH)


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.lists(
        st.sampled_from(["a: 1\n", "b: [1, 2]\n", "c: {d: e}\n", "# note\n"]), unique=True
    ),
    opens=st.integers(min_value=MAX_DEPTH + 1, max_value=1_500),
    bracket=st.sampled_from(["[", "{x: "]),
)
def test_parsers_agree_on_deep_flow_after_any_prefix(
    prefix: list[str], opens: int, bracket: str
) -> None:
    text = "".join(prefix) + "z: " + bracket * opens
    results = {}
    for name, loader in LOADERS.items():
        if loader is None:
            continue
        original = yaml_source._Loader
        yaml_source._Loader = loader
        try:
            results[name] = outcome(text)
        finally:
            yaml_source._Loader = original
    assert len(set(results.values())) == 1, results
    assert next(iter(results.values()))[0] == "load.too-deep"  # type: ignore[index]
