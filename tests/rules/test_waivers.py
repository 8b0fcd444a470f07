"""Waivers in a bundle: accepted findings stay visible; expired and unused waivers say so."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from omrs.checker import check_paths
from omrs.findings import Finding
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

AS_OF = dt.date(2026, 9, 1)
APPROVER = {"name": "Dana Whitfield, Head of Clearance", "kind": "person"}


def _bundle(tmp_path: Path, scenario: str, waivers: list[dict[str, Any]]) -> Path:
    folder = tmp_path / scenario
    shutil.copytree(FIXTURES / "scenarios" / scenario, folder)
    bundle = folder / "omrs.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    data["waivers"] = [
        {"reason": "Accepted by clearance", "approvedBy": APPROVER, **w} for w in waivers
    ]
    bundle.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return bundle


def _waiver(rule: str, target: str, until: str) -> dict[str, str]:
    return {"rule": rule, "target": target, "until": until}


def _run(bundle: Path, as_of: dt.date = AS_OF) -> tuple[int, list[Finding]]:
    run = check_paths([bundle], CheckOptions(as_of=as_of))
    return run.exit_code(), [f for f in run.findings if f.severity.value != "info"]


def test_a_waiver_by_record_id_accepts_that_rule_only(tmp_path: Path) -> None:
    consent = "urn:omrs:consent:meridian:cole-northwind-001"
    bundle = _bundle(
        tmp_path,
        "living-blanket-grant",
        [
            {"rule": "consent.specific-use", "target": consent, "until": "2026-12-31"},
        ],
    )
    status, findings = _run(bundle)
    by_code = {f.code: f for f in findings}
    assert status == 0  # what is left unwaived is consent.representation, a warning
    assert by_code["consent.specific-use"].waived_by == (
        "waiver /waivers/0: Dana Whitfield, Head of Clearance until 2026-12-31"
    )
    assert by_code["consent.representation"].waived_by is None


def test_waiving_every_finding_passes_and_keeps_them_visible(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path,
        "living-blanket-grant",
        [
            _waiver("consent.specific-use", "records/consent-cole.yaml", "2026-12-31"),
            _waiver("consent.representation", "/records/0", "2026-09-01"),
        ],
    )
    status, findings = _run(bundle)
    assert status == 0
    assert sorted(f.code for f in findings) == ["consent.representation", "consent.specific-use"]
    assert all(f.waived_by for f in findings)


def test_a_waiver_by_asset_path_accepts_a_consent_finding(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path,
        "estate-voice-only",
        [
            _waiver("bundle.consent-attributes", "media/feature-reel.mp4", "2026-12-31"),
        ],
    )
    status, findings = _run(bundle)
    assert status == 0
    assert [(f.code, bool(f.waived_by)) for f in findings] == [("bundle.consent-attributes", True)]


def test_an_expired_waiver_no_longer_applies_and_says_so(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path,
        "estate-voice-only",
        [
            _waiver("bundle.consent-attributes", "media/feature-reel.mp4", "2026-08-31"),
        ],
    )
    status, findings = _run(bundle)
    assert status == 1
    got = sorted((f.code, f.location.pointer, bool(f.waived_by)) for f in findings)
    assert got == [
        ("bundle.consent-attributes", "/assets/0/disclosure", False),
        ("waiver.expired", "/waivers/0/until", False),
    ]


def test_a_waiver_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path,
        "estate-face-voice-eu",
        [
            _waiver("bundle.consent-term", "media/feature-reel.mp4", "2026-12-31"),
        ],
    )
    status, findings = _run(bundle)
    assert status == 0
    assert [(f.code, f.location.pointer) for f in findings] == [("waiver.unused", "/waivers/0")]
    assert findings[0].location.line is not None


def _spec_example_waiver() -> str:
    """The waiver block of spec/1.0/bundle.md's example, verbatim."""
    from tests.conftest import ROOT

    text = (ROOT / "spec" / "1.0" / "bundle.md").read_text("utf-8")
    block = text.split("## Example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert block.startswith("waivers:\n"), block
    return block


def test_the_spec_waiver_example_makes_a_folder_run_pass(tmp_path: Path) -> None:
    """`omrs check my-film` with the spec's waiver: the record's finding is waived at the
    record (a folder run used to report it again, unwaived, from the record checked alone)."""
    from click.testing import CliRunner

    from omrs.cli import cli

    film = tmp_path / "my-film"
    shutil.copytree(FIXTURES / "records" / "valid" / "bundle-documentary", film)
    still = film / "records" / "disclosure-restored-still.yaml"
    text = still.read_text("utf-8")
    still.write_text(text.replace("placement: firstExposure", "placement: endCredits"), "utf-8")
    args = ["check", str(film), "--as-of", "2026-09-01", "--no-config", "--format", "json"]
    assert CliRunner().invoke(cli, args).exit_code == 1  # the finding, not yet waived
    with (film / "omrs.yaml").open("a", encoding="utf-8") as handle:
        handle.write(_spec_example_waiver())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stdout
    report = yaml.safe_load(result.stdout)
    found = [
        (Path(f["path"]).name, f["code"], "waivedBy" in f)
        for file in report["files"]
        for f in file["findings"]
        if f["severity"] != "info"
    ]
    assert found == [("disclosure-restored-still.yaml", "disclosure.label-placement", True)]
