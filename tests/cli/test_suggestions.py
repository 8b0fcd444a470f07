"""Did-you-mean (issue 15): a misspelt name gets the nearest real one, and never silence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from omrs.cli import cli
from omrs.findings import Finding, Location, Severity
from omrs.selection import configure, selected
from omrs.suggest import did_you_mean, nearest
from tests.conftest import FIXTURES

RECORD = FIXTURES / "rules" / "consent.specific-use" / "pass" / "specific-use.yaml"
BLANKET = FIXTURES / "rules" / "consent.specific-use" / "fail" / "blanket-grant.yaml"


def invoke(*args: str, cwd: Path | None = None) -> Result:
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def test_a_misspelt_command_names_the_nearest() -> None:
    result = invoke("chek", "x")
    assert result.exit_code == 2
    assert "No such command 'chek'; did you mean 'check'?" in result.output
    assert "No such command 'zzzz'." in invoke("zzzz").output


def test_explain_names_the_nearest_rule() -> None:
    result = invoke("explain", "consent.specfic-use")
    assert result.exit_code == 2
    assert "did you mean 'consent.specific-use'?" in result.output


def test_a_misspelt_profile_names_the_nearest() -> None:
    result = invoke("check", "--no-config", "--profile", "eu-ai-ac", str(RECORD))
    assert result.exit_code == 2
    assert "did you mean 'eu-ai-act'?" in result.output


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_an_unknown_code_on_the_command_line_is_a_usage_error(flag: str) -> None:
    result = invoke("check", "--no-config", flag, "consent.specfic-use", str(RECORD))
    assert result.exit_code == 2
    assert f"{flag}: unknown rule code 'consent.specfic-use'" in result.output
    assert "did you mean 'consent.specific-use'?" in result.output


@pytest.mark.parametrize(
    "toml",
    [
        '[severity]\n"consent.specfic-use" = "warning"\n',
        'select = ["consnt"]\n',
        'ignore = ["c2pa.nnone"]\n',
    ],
)
def test_an_unknown_code_in_the_configuration_is_an_error(tmp_path: Path, toml: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text(toml, "utf-8")
    result = invoke("check", str(RECORD), cwd=tmp_path)
    assert result.exit_code == 2
    assert "configuration error" in result.output
    assert "did you mean 'c" in result.output


def test_select_and_ignore_codes_and_families_from_flags_and_configuration(
    tmp_path: Path,
) -> None:
    base = ["check", "--as-of", "2026-06-01"]
    assert invoke(*base, "--no-config", str(BLANKET)).exit_code == 1
    assert invoke(*base, "--no-config", "--ignore", "consent", str(BLANKET)).exit_code == 0
    assert invoke(*base, "--no-config", "--select", "schema,load", str(BLANKET)).exit_code == 0
    kept = invoke(*base, "--no-config", "--select", "consent", str(BLANKET))
    assert kept.exit_code == 1 and "consent.specific-use" in kept.output
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text('ignore = ["consent.specific-use"]\n', "utf-8")
    assert invoke(*base, str(BLANKET), cwd=tmp_path).exit_code == 0
    # the file's ignore and the flag's select merge: the more specific selector wins
    assert invoke(*base, "--select", "consent", str(BLANKET), cwd=tmp_path).exit_code == 0
    (tmp_path / ".omrs.toml").write_text('[severity]\nconsent = "warning"\n', "utf-8")
    warned = invoke(*base, str(BLANKET), cwd=tmp_path)
    assert warned.exit_code == 0 and "warning consent.specific-use" in warned.output


def test_the_most_specific_selector_decides() -> None:
    assert selected("consent.expired", ("consent",), ())
    assert not selected("consent.expired", ("consent",), ("consent.expired",))
    assert selected("consent.expired", ("consent.expired",), ("consent",))
    assert not selected("schema.enum", ("consent",), ())
    assert selected("schema.enum", (), ("consent",))
    finding = Finding("c2pa.none", Severity.INFO, "no manifest", Location("a.png"))
    assert configure([finding], {"c2pa": None}) == []
    assert configure([finding], {"c2pa": None, "c2pa.none": Severity.WARNING})[0].severity is (
        Severity.WARNING
    )


@given(st.text(min_size=1, max_size=12))
def test_suggestions_come_only_from_the_choices(word: str) -> None:
    choices = ["check", "inspect", "explain"]
    assert set(nearest(word, choices)) <= set(choices)
    hint = did_you_mean(word, choices)
    assert hint == "" or any(repr(c) in hint for c in choices)


@pytest.mark.parametrize(
    ("group", "typo", "meant"), [("xmp", "exprt", "export"), ("audit", "apend", "append")]
)
def test_a_misspelt_subcommand_of_a_group_names_the_nearest(
    group: str, typo: str, meant: str
) -> None:
    result = invoke(group, typo)
    assert result.exit_code == 2 and f"did you mean {meant!r}?" in result.output
