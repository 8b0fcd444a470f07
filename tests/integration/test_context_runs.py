"""The same tree checked three ways gives the same findings: a folder run, a run naming
every file, and the published pre-commit hooks (``try-repo``) on the staged change only.

Each case changes a clean deliverable (the shipped documentary bundle) the way a user
would: a consent narrowed or ended early, a licence dropped from the bundle, a record
renamed, a waiver accepting a record's finding, a disclosure edited under an XMP sidecar.
Before issue 12 the hook saw only the changed file, so the bundle-level cases passed it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest.mock import ANY

import pytest
import yaml
from click.testing import CliRunner

from omrs import executors
from omrs.checker import check_paths
from omrs.cli import cli
from omrs.discovery import discover
from omrs.options import CheckOptions
from tests.integration.integration_support import VALID, git, precommit

pytestmark = pytest.mark.slow

DOCUMENTARY = VALID / "bundle-documentary"
CONSENT = "records/consent-estate-okafor.yaml"
STILL = "records/disclosure-restored-still.yaml"
STILL_ID = "urn:omrs:disclosure:northlight:okafor-still-0417-001"
#: ``path:line:col: error code message`` (line and column only for records).
FINDING = re.compile(
    r"^(?P<path>[^\s:]+):(?:\d+:(?:\d+:)?)? (?P<label>error|warning|waived) (?P<code>\S+) "
)

Finding = tuple[str, str, str]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def narrow_consent(tree: Path) -> list[str]:
    _edit(tree / CONSENT, "territories: [WORLD]", "territories: [FR]")
    return [CONSENT]


def end_consent_early(tree: Path) -> list[str]:
    _edit(tree / CONSENT, 'end: "2032-09-30"', 'end: "2026-09-01"')
    return [CONSENT]


def drop_licence(tree: Path) -> list[str]:
    _edit(tree / "omrs.yaml", "  - path: records/license-okafor-voice-recordings.yaml\n", "")
    return ["omrs.yaml"]


def rename_record(tree: Path) -> list[str]:
    (tree / STILL).rename(tree / "records/still-disclosure.yaml")
    return ["records/still-disclosure.yaml"]


def waive_a_record_finding(tree: Path) -> list[str]:
    _edit(tree / STILL, "placement: firstExposure", "placement: endCredits")
    waiver = (
        "waivers:\n"
        "  - rule: disclosure.label-placement\n"
        f"    target: {STILL_ID}\n"
        "    reason: Press stills carry the label in the caption supplied with them.\n"
        "    approvedBy: {name: Hannah Adeyemi, kind: person}\n"
        '    until: "2099-12-31"\n'
    )
    with (tree / "omrs.yaml").open("a", encoding="utf-8") as handle:
        handle.write(waiver)
    return [STILL, "omrs.yaml"]


def edit_disclosure_under_xmp(tree: Path) -> list[str]:
    _edit(
        tree / STILL,
        "digitalSourceType: compositeWithTrainedAlgorithmicMedia",
        "digitalSourceType: trainedAlgorithmicMedia",
    )
    return [STILL]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "consent narrowed to FR": narrow_consent,
    "consent ends before the release": end_consent_early,
    "licence dropped from the bundle": drop_licence,
    "record renamed": rename_record,
    "waiver accepts a record finding": waive_a_record_finding,
    "disclosure edited under an XMP sidecar": edit_disclosure_under_xmp,
}
#: What each case must show (a subset of the identical findings of the three runs).
EXPECTED: dict[str, set[Finding]] = {
    "consent narrowed to FR": {("omrs.yaml", "error", "bundle.consent-territory")},
    "consent ends before the release": {("omrs.yaml", "error", "bundle.consent-term")},
    "licence dropped from the bundle": {("omrs.yaml", "error", "bundle.reference")},
    "record renamed": {("omrs.yaml", "error", "bundle.reference")},
    "waiver accepts a record finding": {(STILL, "waived", "disclosure.label-placement")},
    "disclosure edited under an XMP sidecar": {
        ("media/restored-still.xmp", "error", "xmp.source-type-mismatch")
    },
}


def _parse(output: str) -> set[Finding]:
    found = set()
    for line in output.splitlines():
        match = FINDING.match(line.strip())
        if match:
            found.add((match["path"], match["label"], match["code"]))
    return found


def _omrs(tree: Path, *paths: str) -> tuple[int, set[Finding]]:
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        args = ["check", "--no-config", "--jobs", "1", "--verbose", *paths]
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(cwd)
    return result.exit_code, _parse(result.stdout)


def _tree(tmp_path: Path, env: dict[str, str]) -> Path:
    tree = tmp_path / "film"
    shutil.copytree(DOCUMENTARY, tree)
    export = CliRunner().invoke(
        cli, ["xmp", "export", str(tree / "omrs.yaml"), "--asset", "media/restored-still.png"]
    )
    assert export.exit_code == 0, export.output
    git(tree, "init", "-q", env=env)
    git(tree, "add", ".", env=env)
    git(tree, "commit", "-q", "-m", "clean deliverable", env=env)
    return tree


@pytest.mark.parametrize("case", sorted(CASES))
def test_folder_files_and_hook_give_the_same_findings(
    case: str, hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    tree = _tree(tmp_path, precommit_env)
    assert _omrs(tree, ".")[0] == 0  # the deliverable starts clean
    changed = CASES[case](tree)
    git(tree, "add", "-A", env=precommit_env)
    folder_code, folder = _omrs(tree, ".")
    every_file = [os.path.relpath(t.path, tree) for t in discover([str(tree)]).targets]
    files_code, files = _omrs(tree, *every_file)
    hook_code, hook_out = precommit(tree, precommit_env, "try-repo", str(hook_repo), "--verbose")
    hook = _parse(hook_out)
    folder = {(p.removeprefix("./"), label, code) for p, label, code in folder}
    assert EXPECTED[case] <= folder, (case, changed, folder)
    assert folder == files, case
    # the hook prints what fails a commit; waived findings show with --verbose only
    assert {f for f in folder if f[1] != "waived"} == hook, (case, hook_out)
    failing = any(label == "error" for _, label, _ in folder)
    assert folder_code == files_code == (1 if failing else 0)
    assert (hook_code != 0) is failing, hook_out
    assert "Traceback" not in hook_out


def test_a_consent_narrowed_in_a_commit_is_refused_by_the_hook(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    tree = _tree(tmp_path, precommit_env)
    rev = git(hook_repo, "rev-parse", "HEAD", env=precommit_env).strip()
    config = (
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: omrs-check\n      - id: omrs-check-media\n"
    )
    (tree / ".pre-commit-config.yaml").write_text(config, "utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=tree,
        env=precommit_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    narrow_consent(tree)
    git(tree, "add", "-A", env=precommit_env)
    refused = subprocess.run(
        ["git", "commit", "-m", "narrow the consent"],
        cwd=tree,
        env=precommit_env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "omrs.yaml" in out and "bundle.consent-territory" in out, out


def test_listed_media_keep_their_bundle_context_in_worker_processes(
    precommit_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Media go to the executor even when a bundle lists them (a studio's masters are the
    heavy part of a run): they carry their bundle's claims, so a worker without the index
    still cross-checks them, and the run says which bundle lists them."""
    tree = _tree(tmp_path, precommit_env)
    edit_disclosure_under_xmp(tree)
    monkeypatch.setattr(executors, "PARALLEL_MIN_TARGETS", 1)  # a pool even for a few files
    serial = check_paths([tree], CheckOptions(jobs=1))
    pooled = check_paths([tree], CheckOptions(jobs=2))
    assert pooled == serial
    codes = {f.code for r in pooled.files for f in r.findings}
    assert "xmp.source-type-mismatch" in codes
    still = next(r for r in pooled.files if r.path.endswith("restored-still.png"))
    assert still.details["listedBy"] == [{"bundle": str(tree / "omrs.yaml"), "pointer": ANY}]


def test_a_json_file_listed_only_as_an_asset_is_hashed_not_judged(tmp_path: Path) -> None:
    """Captions delivered as JSON are an asset: the bundle pins their digest, and a run
    that reaches them through the bundle does not judge them as a broken record."""
    tree = tmp_path / "film"
    shutil.copytree(DOCUMENTARY, tree)
    captions = tree / "media" / "captions.json"
    captions.write_text('{"cues": [{"start": 0, "text": "hello"}]}\n', "utf-8")
    bundle = yaml.safe_load((tree / "omrs.yaml").read_text("utf-8"))
    digest = hashlib.sha256(captions.read_bytes()).hexdigest()
    entry = {"path": "media/captions.json", "sha256": digest, "mediaType": "application/json"}
    bundle["assets"].append(entry)
    (tree / "omrs.yaml").write_text(yaml.safe_dump(bundle, sort_keys=False), "utf-8")
    for paths in (["."], ["omrs.yaml"]):
        code, found = _omrs(tree, *paths)
        assert code == 0 and not {f for f in found if "captions" in f[0]}, (paths, found)
