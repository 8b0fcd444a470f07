"""Seeded fuzzing of the loader and schema validation: only findings, never an exception.

Inputs: random bytes, every valid example mutated with hostile tokens (control characters,
huge numbers, YAML tags, anchors, BOMs, cut-offs), and random JSON values written both as
JSON and as YAML, which must give the same data or the same finding code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs import schemas
from omrs.loading import LoadProblem, decode, parse_text, syntax_of
from omrs.validation import validate
from tests.conftest import FIXTURES

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
EXAMPLES = sorted(
    p
    for folder in (FIXTURES / "records" / "valid", FIXTURES / "records" / "1.1" / "valid")
    for p in folder.rglob("*.*")
    if p.is_file() and p.suffix in (".json", ".yaml", ".yml")
)
TOKENS = [
    b"\x00", b"\x01", b"\x7f", b"\xff", b"\xef\xbb\xbf", b"\xff\xfe", b'"', b"\\", b"\\u",
    b"\\ud800", b"{", b"}", b"[", b"]", b",", b":", b"\n", b"\r", b"\t", b"1e999", b"9" * 4400,
    b"NaN", b"-Infinity", b"&a ", b"*a", b"<<: ", b"!!int ", b"!!float ", b"!!bool ",
    b"!!binary ", b"!!set ", b"---\n", b"0x_", b"0b", b"1:20", b"? ", b"- ", b"|\n", b"!foo ",
    b"\xe2\x80\x8f", b"\xf0\x9f\x98\x80", b"'", b"#", b".inf", b".nan", b"\x1b[31m", b"\"\\q\"",
]  # fmt: skip


def load(raw: bytes, syntax: str) -> Any:
    """What the loader makes of ``raw``: a document, or the LoadProblem (nothing else)."""
    try:
        return parse_text(decode(raw), "x", syntax)  # type: ignore[arg-type]
    except LoadProblem as problem:
        assert problem.code.startswith("load."), problem.code
        return problem


def validated(raw: bytes, syntax: str) -> None:
    """Load, then validate against every record schema of every version shipped: no
    exception may escape."""
    doc = load(raw, syntax)
    if isinstance(doc, LoadProblem):
        return
    for version in schemas.versions():
        for record_type in schemas.record_types(version):
            for finding in validate(doc, schemas.validator(version, record_type)):
                assert finding.code.startswith("schema."), finding


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from(["json", "yaml"]))
def test_random_bytes(raw: bytes, syntax: str) -> None:
    load(raw, syntax)


@st.composite
def mutated(draw: Any) -> tuple[bytes, str]:
    path: Path = draw(st.sampled_from(EXAMPLES))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "cut", "repeat"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 12))]
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.integers(2, 40))
    return bytes(data), syntax_of(path)


@SETTINGS
@given(mutated())
def test_mutated_examples(case: tuple[bytes, str]) -> None:
    validated(*case)


_KEYS = st.text(st.sampled_from("ab'\"\t\\\u200f\x00/~é"), max_size=3)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


@SETTINGS
@given(_VALUES, st.sampled_from([None, True, False]))
def test_json_and_yaml_of_the_same_value_agree(value: Any, flow: bool | None) -> None:
    as_json = load(json.dumps(value).encode(), "json")
    as_yaml = load(yaml.safe_dump(value, default_flow_style=flow).encode(), "yaml")
    if isinstance(as_json, LoadProblem) or isinstance(as_yaml, LoadProblem):
        assert type(as_json) is type(as_yaml) and as_json.code == as_yaml.code
    else:
        assert as_json.data == as_yaml.data == value
