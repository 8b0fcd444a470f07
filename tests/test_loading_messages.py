"""Load findings say what is wrong and where, whichever parser build is installed.

Before: a control character in YAML gave no line or column, a recursive alias was called
"refers to no earlier anchor", and a UTF-16 file without a BOM decoded as UTF-8 (its NUL
bytes are valid UTF-8) and then failed with a baffling syntax error.
"""

from __future__ import annotations

import json

import pytest
import yaml

from omrs.loading import LoadProblem, decode, parse_text, yaml_source
from tests.conftest import FIXTURES

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


def problem(text: str, syntax: str = "yaml") -> LoadProblem:
    with pytest.raises(LoadProblem) as caught:
        parse_text(text, "x", syntax)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize("loader", [n for n, x in LOADERS.items() if x is not None])
@pytest.mark.parametrize(
    ("text", "line", "column", "shown"),
    [
        ('omrs: "1.0"\nnote: café x\x01y\n', 2, 13, "U+0001"),
        ('omrs: "1.0"\nnote: x\x7fy\n', 2, 8, "U+007F"),
        ("a: 1\r\nb: [\x1b]\n", 2, 5, "U+001B"),
        ("a: '\ufffe'\n", 1, 5, "U+FFFE"),
    ],
)
def test_a_character_yaml_forbids_is_located(
    loader: str, text: str, line: int, column: int, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_source, "_Loader", LOADERS[loader])
    found = problem(text)
    assert (found.code, found.line, found.column) == ("load.yaml-syntax", line, column)
    assert shown in found.message and "double-quoted" in found.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a: &x [*x]\n", 1, 8), ("a: &x {k: *x}\n", 1, 11), ("a: &x [1]\nb: &x [[*x]]\n", 2, 9)],
)
def test_a_recursive_alias_is_called_recursive(text: str, line: int, column: int) -> None:
    found = problem(text)
    assert (found.code, found.line, found.column) == ("load.yaml-unsupported", line, column)
    assert "refers to a collection that contains it" in found.message


def test_an_alias_to_an_anchored_key_is_the_key_string() -> None:
    assert parse_text("&k a: 1\nb: *k\n", "x", "yaml").data == {"a": 1, "b": "a"}


def test_an_alias_to_an_anchor_nowhere_is_still_reported_as_such() -> None:
    assert "refers to no earlier anchor" in problem("a: [*nope]\n").message


RECORD = (FIXTURES / "records" / "valid" / "consent-living-counsel.json").read_text("utf-8")


@pytest.mark.parametrize(
    ("codec", "name", "bom"),
    [
        ("utf-16-le", "UTF-16 (little-endian)", False),
        ("utf-16-be", "UTF-16 (big-endian)", False),
        ("utf-32-le", "UTF-32 (little-endian)", False),
        ("utf-32-be", "UTF-32 (big-endian)", False),
        ("utf-16", "UTF-16 (little-endian)", True),
        ("utf-32", "UTF-32 (little-endian)", True),
    ],
)
@pytest.mark.parametrize("text", [RECORD, "a: 1\n", "{}"], ids=["record", "yaml", "tiny"])
def test_a_wide_encoding_is_named_with_the_fix(codec: str, name: str, bom: bool, text: str) -> None:
    with pytest.raises(LoadProblem) as caught:
        decode(text.encode(codec))
    found = caught.value
    assert (found.code, found.line, found.column) == ("load.encoding", 1, 1)
    assert f"is {name} text" in found.message and "save the file as UTF-8" in found.message
    assert ("byte-order mark" in found.message) and (("without" in found.message) != bom)


def test_utf8_with_or_without_a_bom_still_decodes() -> None:
    assert decode(b"\xef\xbb\xbf" + RECORD.encode()) == decode(RECORD.encode()) == RECORD


def test_a_stray_nul_in_utf8_text_is_left_to_the_parser_to_locate() -> None:
    text = decode(b'{"a":\n "\x00"}')
    assert problem(text, "json").code == "load.json-syntax"
    assert (problem("a:\n  b: \x00\n").line, problem("a:\n  b: \x00\n").column) == (2, 6)


@pytest.mark.parametrize("loader", [n for n, x in LOADERS.items() if x is not None])
def test_a_lone_surrogate_escape_is_the_same_finding_in_json_and_yaml(
    loader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_source, "_Loader", LOADERS[loader])
    as_json = problem('{"x": ["ok", "a\\ud800b"]}', "json")
    as_yaml = problem('x: ["ok", "a\\ud800b"]\n')
    assert as_json.code == as_yaml.code == "load.encoding"
    assert "\\ud800" in as_json.message and as_json.message == as_yaml.message
    assert as_json.pointer == "/x/1" and as_json.line == 1


def test_a_lone_surrogate_in_a_name_is_not_repeated_in_the_pointer() -> None:
    found = problem('{"ok": 1,\n "k\\udc00": 2}', "json")
    assert (found.pointer, found.line, found.column) == ("", 2, 2)
    json.dumps(found.pointer, ensure_ascii=False).encode("utf-8")  # a report can carry it


def test_a_surrogate_pair_is_one_character_and_fine() -> None:
    doc = parse_text('{"x": "\\ud83d\\ude00", "y": "\\\\ud800"}', "x", "json")
    assert doc.data == {"x": "\U0001f600", "y": "\\ud800"}
