"""Positions are right for every value of any text the parsers accept, and cost little.

The JSON oracle is the text itself: the value decoded at a pointer's reported position
must be the value at that pointer. The YAML oracle is PyYAML's own composer (node marks).
Memory: a 10 MiB record that is one wide array peaked at 1.1 GB, because the index held a
pointer string and a tuple per value; it is now a few machine words per value.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.loading import Document, LoadProblem, parse_text
from omrs.loading.json_scan import Structure, duplicate_key, literal_at, too_deep_at
from omrs.loading.positions import join_pointer

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
KEYS = st.text(
    st.sampled_from(["a", "b", '"', "\\", "/", "~", "\t", "\u200f", "\x00", "é", "\U0001f600"]),
    max_size=4,
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


_SHORT = {
    '"': '\\"',
    "\\": "\\\\",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _escapes(char: str) -> st.SearchStrategy[str]:
    """Every way JSON may write ``char`` as an escape."""
    code = ord(char)
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        return st.sampled_from([f"\\u{high:04x}\\u{low:04X}"])
    forms = [f"\\u{code:04x}", f"\\u{code:04X}"] + ([_SHORT[char]] if char in _SHORT else [])
    return st.sampled_from(forms)


@st.composite
def json_text(draw: Any, value: Any) -> str:
    """``value`` as JSON with arbitrary legal whitespace and escapes (oracle-friendly)."""

    def space() -> str:
        return draw(st.sampled_from(["", "", " ", "\n", "\t ", "\r\n  "]))

    def string(text: str) -> str:
        out = []
        for char in text:
            plain = char not in '"\\' and ord(char) >= 0x20
            out.append(char if plain and draw(st.integers(0, 4)) else draw(_escapes(char)))
        return '"' + "".join(out) + '"'

    def emit(node: Any) -> str:
        if isinstance(node, dict):
            members = [
                f"{space()}{string(k)}{space()}:{space()}{emit(v)}{space()}"
                for k, v in node.items()
            ]
            return "{" + ",".join(members) + space() + "}"
        if isinstance(node, list):
            return "[" + ",".join(f"{space()}{emit(v)}{space()}" for v in node) + space() + "]"
        return string(node) if isinstance(node, str) else json.dumps(node)

    return space() + emit(value) + space()


def pointers(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    out = [(pointer, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            out += pointers(child, join_pointer(pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += pointers(child, join_pointer(pointer, index))
    return out


def offset(text: str, line: int, column: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


def decoded_at(text: str, position: tuple[int, int] | None) -> Any:
    assert position is not None
    return json.JSONDecoder().raw_decode(text, offset(text, *position))[0]


@SETTINGS
@given(st.data())
def test_every_json_value_and_key_is_located_exactly(data: st.DataObject) -> None:
    value = data.draw(VALUES)
    text = data.draw(json_text(value))
    doc = parse_text(text, "x", "json")
    for pointer, expected in pointers(doc.data):
        assert decoded_at(text, doc.positions.value(pointer)) == expected, pointer
        if pointer:
            parent, token = pointer.rsplit("/", 1)
            if isinstance(_at(doc.data, parent), dict):
                name = token.replace("~1", "/").replace("~0", "~")
                assert decoded_at(text, doc.positions.key(pointer)) == name, pointer


def _at(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        name = token.replace("~1", "/").replace("~0", "~")
        data = data[int(name)] if isinstance(data, list) else data[name]
    return data


@SETTINGS
@given(VALUES, st.sampled_from([None, True, False]), st.sampled_from([80, 10**6]))
def test_every_yaml_value_is_where_the_composer_puts_it(value: Any, flow: Any, width: int) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, width=width, allow_unicode=True)
    doc = parse_text(text, "x", "yaml")
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for pointer, mark in _marks(node):
        found = doc.positions.value(pointer)
        assert found == (mark.line + 1, mark.column + 1), pointer


def _marks(node: Any, pointer: str = "") -> list[tuple[str, Any]]:
    out = [(pointer, node.start_mark)]
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            out += _marks(child, join_pointer(pointer, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            out += _marks(child, join_pointer(pointer, index))
    return out


def located(text: str, syntax: str = "json") -> tuple[str, str, int | None, int | None]:
    with pytest.raises(LoadProblem) as caught:
        parse_text(text, "x", syntax)  # type: ignore[arg-type]
    problem = caught.value
    return problem.code, problem.pointer, problem.line, problem.column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # json refuses the object that closes first: the inner one, not the earlier "b".
        ('[{"b": 1,\n "b": {"a": 1,\n "a": 1}}]', ("/0/b/a", 3, 2)),
        ('{"a":1, "a":2, "c": {"d":1,\n"d":1}}', ("/c/d", 2, 1)),
        # A raw control character after the duplicate made the scanner raise (internal.error).
        ('{"x": {"a": 1, "a": 2}, "b\x01": 3}', ("/x/a", 1, 16)),
        ('{"x": {"a": 1, "a": 2},\n "b\\q": 3}', ("/x/a", 1, 16)),
        ('{"k": "\\"", "b": 1, "\\u0062": 2}', ("/b", 1, 21)),
        ('{"s": "]}\\\\", "a/b~": 0,\n "a/b~": 1}', ("/a~1b~0", 2, 2)),
    ],
)
def test_a_duplicate_key_is_located_at_its_second_occurrence(
    text: str, expected: tuple[str, int, int]
) -> None:
    assert located(text) == ("load.duplicate-key", *expected)


@SETTINGS
@given(st.data())
def test_a_duplicate_key_finding_points_at_a_key_of_that_name(data: st.DataObject) -> None:
    value = data.draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=4))
    text = data.draw(json_text(value))
    key = data.draw(st.sampled_from(sorted(value)))
    cut = text.rindex("}")
    text = f"{text[:cut]}, {json.dumps(key)}: 0{text[cut:]}"
    code, pointer, line, column = located(text)
    assert code == "load.duplicate-key"
    assert line is not None and column is not None
    name = json.JSONDecoder().raw_decode(text, offset(text, line, column))[0]
    assert pointer.endswith("/" + name.replace("~", "~0").replace("/", "~1"))


@SETTINGS
@given(st.text(st.sampled_from('{}[]",:\\ab1e-\n\x01'), max_size=60))
def test_the_scanner_survives_any_text(text: str) -> None:
    structure = Structure(text, lineage=True)
    for container in range(len(structure.starts)):
        structure.members(container)
        structure.pointer(container)
    duplicate_key(text)
    literal_at(text, "1e")
    too_deep_at(text, 2)


def test_pointers_the_file_does_not_show_fall_back_to_the_nearest_ancestor() -> None:
    doc = parse_text('{"a": [10, {"b": 1}],\n "c": {}}', "x", "json")
    assert doc.locate("/a/1/b") == (1, 18)
    assert doc.locate("/a/1/missing") == (1, 12)
    assert doc.locate("/a/01") == doc.locate("/a/5") == doc.locate("/a/-") == (1, 7)
    assert doc.locate("/c/x", key=True) == (2, 7)
    assert doc.locate("/a", key=True) == (1, 2)
    assert doc.locate("not a pointer") == (1, 1)


def test_yaml_merges_and_aliases_keep_explicit_positions() -> None:
    text = "base: &b {x: 1, y: 2}\nm:\n  k: 0\n  <<: *b\n  y: 3\n  z: 4\nalias: *b\n"
    doc: Document = parse_text(text, "x", "yaml")
    assert doc.data["m"] == {"k": 0, "x": 1, "y": 3, "z": 4}
    assert doc.locate("/m/k", key=True) == (3, 3)
    assert doc.locate("/m/y", key=True) == (5, 3)  # overrides the merged value
    assert doc.locate("/m/z", key=True) == (6, 3)
    assert doc.locate("/m/x", key=True) == (3, 3)  # merged: the mapping's position
    assert doc.locate("/alias/x") == (7, 8)  # inside an alias: the alias


def _peak_rss_mb(path: Path) -> tuple[float, int]:
    """Peak RSS (MB) of ``omrs check`` on ``path`` in a child process, and its exit code."""
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'omrs', 'check', '--no-config', "
        f"{str(path)!r}], capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    kib, code = out.stdout.split()
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return int(kib) * 1024 / scale / 1024, int(code)


@pytest.mark.skipif(not hasattr(resource, "getrusage"), reason="needs resource.getrusage")
def test_a_wide_record_under_the_size_limit_stays_small_in_memory(tmp_path: Path) -> None:
    """Each file has a schema finding, so positions are built; the bound is generous."""
    head = '{"omrs": "1.0", "recordType": "likeness-consent", "x": ['
    wide_json = tmp_path / "wide.json"
    wide_json.write_text(head + ",".join(["1"] * 5_200_000) + "]}")
    wide_yaml = tmp_path / "wide.yaml"
    wide_yaml.write_text(
        'omrs: "1.0"\nrecordType: likeness-consent\nx: [' + ",".join(["1"] * 1_500_000) + "]\n"
    )
    json_mb, json_exit = _peak_rss_mb(wide_json)
    yaml_mb, yaml_exit = _peak_rss_mb(wide_yaml)
    assert (json_exit, yaml_exit) == (1, 1)
    assert json_mb < 400, f"10 MiB JSON array: {json_mb:.0f} MB (was 1,034 MB)"
    assert yaml_mb < 200, f"3 MiB YAML array: {yaml_mb:.0f} MB (was 354 MB)"
