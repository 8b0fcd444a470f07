"""Choosing profiles through ``omrs check``: adding never drops, excluding is explicit, and
every report says which profiles and which date the verdicts were reached under."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from omrs.cli import cli
from tests.conftest import FIXTURES

UNLABELLED = FIXTURES / "rules/disclosure.label-missing/fail/eu-unlabelled.yaml"
AS_OF = "2026-09-01"


def _check(*args: str) -> tuple[int, str]:
    base = ["check", str(UNLABELLED), "--as-of", AS_OF]
    result = CliRunner().invoke(cli, [*base, *args])
    return result.exit_code, result.stdout


def _json(*args: str) -> dict[str, object]:
    _, out = _check("--format", "json", "--no-config", *args)
    report: dict[str, object] = json.loads(out)
    return report


def test_adding_a_profile_keeps_the_derived_eu_profile() -> None:
    report = _json("--profile", "us-no-fakes-bill")
    assert report["exitCode"] == 1
    assert report["profiles"] == {
        "applied": ["eu-ai-act", "us-no-fakes-bill"],
        "chosen": ["us-no-fakes-bill"],
        "excluded": [],
    }
    assert report["asOf"] == AS_OF
    files = report["files"]
    assert isinstance(files, list) and files[0]["profiles"] == ["eu-ai-act", "us-no-fakes-bill"]


def test_no_profile_excludes_a_derived_profile() -> None:
    report = _json("--no-profile", "eu-ai-act")
    assert report["exitCode"] == 0
    assert report["profiles"] == {"applied": [], "chosen": [], "excluded": ["eu-ai-act"]}


def test_a_profile_both_added_and_excluded_is_a_usage_error() -> None:
    status, _ = _check("--profile", "eu-ai-act", "--no-profile", "eu-ai-act", "--no-config")
    assert status == 2


def test_an_unknown_excluded_profile_is_a_usage_error() -> None:
    assert _check("--no-profile", "eu-ai-ac", "--no-config")[0] == 2


def test_exclude_profiles_in_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / ".omrs.toml"
    config.write_text('exclude-profiles = ["eu-ai-act"]\n', "utf-8")
    status, out = _check("--format", "json", "--config", str(config))
    assert status == 0 and json.loads(out)["profiles"]["excluded"] == ["eu-ai-act"]


def test_the_text_report_states_the_date_and_profiles() -> None:
    _, out = _check("--no-config", "--profile", "us-ca")
    lines = out.splitlines()
    assert lines[-2] == f"as of {AS_OF}; profiles applied: eu-ai-act, us-ca; added: us-ca"
    assert lines[-1].startswith("1 file checked")


def test_sarif_run_properties_state_the_date_and_profiles() -> None:
    _, out = _check("--format", "sarif", "--no-config")
    properties = json.loads(out)["runs"][0]["properties"]
    assert properties["asOf"] == AS_OF
    assert properties["profiles"]["applied"] == ["eu-ai-act"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("omrs.asOf", AS_OF),
        ("omrs.profiles.applied", "eu-ai-act,us-ny"),
        ("omrs.profiles.chosen", "us-ny"),
        ("omrs.profiles.excluded", ""),
    ],
)
def test_junit_properties_state_the_date_and_profiles(name: str, value: str) -> None:
    _, out = _check("--format", "junit", "--no-config", "--profile", "us-ny")
    root = etree.fromstring(out.encode("utf-8"))
    found = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert found[name] == value
