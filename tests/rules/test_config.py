"""Rule severities and profiles from ``.omrs.toml`` and ``[tool.omrs]``, through ``omrs check``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from omrs.config import load_config
from omrs.findings import Severity
from tests.conftest import FIXTURES

BLANKET = FIXTURES / "scenarios/living-blanket-grant/omrs.yaml"
TWELVE_YEARS = FIXTURES / "scenarios/no-fakes-12-year/omrs.yaml"


def _check(config: Path, target: Path) -> tuple[int, list[dict[str, Any]]]:
    args = [
        "check",
        str(target),
        "--format",
        "json",
        "--as-of",
        "2026-09-01",
        "--config",
        str(config),
    ]
    result = CliRunner().invoke(cli, args)
    report = json.loads(result.stdout)
    findings = [f for r in report["files"] for f in r["findings"] if f["severity"] != "info"]
    return result.exit_code, findings


def test_a_rule_severity_from_omrs_toml_applies(tmp_path: Path) -> None:
    config = tmp_path / ".omrs.toml"
    config.write_text(
        '[severity]\n"consent.specific-use" = "warning"\n"consent.representation" = "error"\n',
        "utf-8",
    )
    status, findings = _check(config, BLANKET)
    assert status == 1
    assert {f["code"]: f["severity"] for f in findings} == {
        "consent.specific-use": "warning",
        "consent.representation": "error",
    }


def test_a_rule_switched_off_in_pyproject_disappears(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.omrs.severity]\n"consent.specific-use" = "off"\n"consent.representation" = "off"\n',
        "utf-8",
    )
    assert _check(config, BLANKET) == (0, [])


def test_profiles_from_the_configuration_apply(tmp_path: Path) -> None:
    config = tmp_path / ".omrs.toml"
    config.write_text('profiles = ["us-no-fakes-draft"]\n', "utf-8")
    status, findings = _check(config, TWELVE_YEARS)
    assert status == 1
    assert [f["code"] for f in findings] == ["consent.term-limit"]


def test_configuration_parses_rule_severities_and_profiles(tmp_path: Path) -> None:
    config = tmp_path / ".omrs.toml"
    config.write_text(
        'profiles = ["eu-ai-act", "us-ny"]\n[severity]\n"licence.territory" = "error"\n', "utf-8"
    )
    parsed = load_config(config)
    assert parsed.profiles == ("eu-ai-act", "us-ny")
    assert parsed.severities == {"licence.territory": Severity.ERROR}


def test_a_missing_trust_file_is_a_configuration_error_not_a_media_finding(
    tmp_path: Path,
) -> None:
    """A typo in [trust] names the file and key once (exit 2), instead of failing each file."""
    import pytest

    from omrs.config import ConfigError

    (tmp_path / ".omrs.toml").write_text('[trust]\nanchors = "nope.pem"\n')
    with pytest.raises(ConfigError, match=r"trust\.anchors: no such file .*nope\.pem"):
        load_config(tmp_path / ".omrs.toml")
    (tmp_path / "anchors.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    (tmp_path / ".omrs.toml").write_text('[trust]\nanchors = "anchors.pem"\n')
    assert load_config(tmp_path / ".omrs.toml").trust["anchors"] == tmp_path / "anchors.pem"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exclude = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("jobs = 0", "jobs: expected a whole number of at least 1, got 0"),
        ("max-file-size = -1", "max-file-size: expected a whole number of at least 1, got -1"),
        ('exclude = ["a/", "\\\\"]', "exclude: '\\\\' is not a valid gitignore pattern"),
    ],
)
def test_a_hostile_configuration_is_a_configuration_error(
    tmp_path: Path, text: str, message: str
) -> None:
    """Deep nesting was an internal RecursionError; jobs = 0 and a negative size passed."""
    from omrs.config import ConfigError

    (tmp_path / ".omrs.toml").write_text(text + "\n", "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / ".omrs.toml")
    assert message in str(raised.value)
