"""Load findings say what is wrong and where, whichever parser build is installed.

Before: a control character in YAML gave no line or column, and a recursive alias was
called "refers to no earlier anchor".
"""

from __future__ import annotations

import pytest
import yaml

from omrs.loading import LoadProblem, parse_text, yaml_source

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
