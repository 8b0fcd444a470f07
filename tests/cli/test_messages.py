"""Messages in the user's words (issue 15): no schema dumps, versions explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from omrs.hints import enum_message, pattern_message, unknown_version
from tests.cli.test_suggestions import RECORD, invoke

TERRITORY = RECORD.read_text("utf-8")


def _variant(tmp_path: Path, old: str, new: str, name: str = "r.yaml") -> Path:
    text = TERRITORY.replace(old, new, 1)
    assert text != TERRITORY
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(("written", "meant"), [("UK", "GB"), ("fr", "FR"), ("EL", "GR")])
def test_a_territory_gets_the_code_meant_not_a_regex(
    tmp_path: Path, written: str, meant: str
) -> None:
    path = _variant(tmp_path, "\n- US\n", f"\n- {written}\n")
    result = invoke("check", "--no-config", str(path))
    assert result.exit_code == 1
    assert f"did you mean {meant!r}?" in result.output
    assert "A[DEFGILMOQRSTUWXZ]" not in result.output
    assert "vocabularies.md#territory-groups" in result.output


def test_a_long_enum_names_the_closest_values_and_links_the_vocabulary() -> None:
    allowed = [f"value{i}" for i in range(60)] + ["trainedAlgorithmicMedia"]
    message = enum_message("`/x`", "trainedAlgoritmicMedia", allowed)
    assert "did you mean 'trainedAlgorithmicMedia'" in message
    assert "value1" not in message and "61 allowed values" in message
    assert "vocabularies.md" in message
    short = enum_message("`/x`", "clone", ["employmentBased", "syntheticPerformer"])
    assert short == "`/x` is 'clone'; expected one of: employmentBased, syntheticPerformer"


def test_a_long_pattern_is_described_in_words() -> None:
    message = pattern_message("`/x`", "abc", "^" + "a" * 200 + "$", "A digest. Lower case.")
    assert "aaaa" not in message and "A digest" in message
    assert "pattern ^[0-9]+$" in pattern_message("`/x`", "a", "^[0-9]+$", None)


def test_an_unquoted_yaml_version_says_it_is_a_number(tmp_path: Path) -> None:
    path = _variant(tmp_path, "omrs: '1.0'", "omrs: 1.0")
    result = invoke("check", "--no-config", str(path))
    assert result.exit_code == 1
    assert "`omrs` is the number 1.0" in result.output and 'quote it (omrs: "1.0")' in result.output


def test_a_newer_standard_cannot_be_judged_exit_2(tmp_path: Path) -> None:
    path = _variant(tmp_path, "omrs: '1.0'", "omrs: '2.0'")
    result = invoke("check", "--no-config", str(path))
    assert result.exit_code == 2
    assert "needs a newer omrs" in result.output and "knows OMRS 1.0, 1.1" in result.output


def test_an_old_or_malformed_version_says_what_is_known() -> None:
    old, judge = unknown_version("0.9", ["1.0", "1.1"])
    assert not judge and "(known: 1.0, 1.1)" in old
    bad, judge = unknown_version("one", ["1.0", "1.1"])
    assert not judge and "MAJOR.MINOR" in bad
    assert unknown_version("9.0", ["1.0", "1.1"])[1]
    assert not unknown_version(True, ["1.0"])[1]


def test_inspect_of_a_record_says_to_use_check() -> None:
    result = invoke("inspect", str(RECORD))
    assert result.exit_code == 2
    assert "is a record or bundle" in result.output and "omrs check" in result.output
    assert "MALFORMED" not in result.output


def test_a_readme_named_to_check_is_a_usage_error(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", "utf-8")
    result = invoke("check", "--no-config", str(RECORD), str(readme))
    assert result.exit_code == 2
    assert "README.md is not a record, bundle or media file" in result.output


@pytest.mark.parametrize("args", [["--format", "sarif"], ["--output", "report.txt"]])
def test_a_missing_path_is_named_on_the_terminal(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "deliverables"
    result = invoke("check", "--no-config", *args, str(missing), cwd=tmp_path)
    assert result.exit_code == 2
    assert f"omrs: error: {missing}: no such file or directory" in result.stderr
