"""``omrs check`` on records as a user meets it: bad input, exit codes, the run going on.

Each bad file must give one clear, located finding and never a traceback; exit 1 means
"findings", exit 2 only "the run could not read its input" (or a bug of ours).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from omrs.cli import cli
from tests.conftest import FIXTURES

VALID = FIXTURES / "records" / "valid" / "consent-living-counsel.json"


def run_check(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(cli, ["check", "--no-config", "--as-of", "2026-06-01", *args])
    finally:
        os.chdir(old)


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


BAD_FILES = {
    "broken.json": (b'{"omrs": "1.0",\n  "recordType": }', "load.json-syntax", "2:17"),
    "broken.yaml": (b"omrs: '1.0'\nrecordType: [likeness-consent\n", "load.yaml-syntax", "3:1"),
    "dup.json": (b'{"omrs": "1.0",\n "omrs": "1.0"}', "load.duplicate-key", "2:2"),
    "dup.yaml": (b"omrs: '1.0'\nomrs: '1.0'\n", "load.duplicate-key", "2:1"),
    "latin1.json": ('{"omrs": "1.0", "x": "caf\u00e9"}'.encode("latin-1"), "load.encoding", "1:26"),
    "empty.yaml": (b"", "load.empty", "1:1"),
    "complex-key.yaml": (b"omrs: '1.0'\n? [a, b]\n: 1\n", "load.yaml-unsupported", "2:3"),
    "old.json": (b'{"omrs": "0.9", "recordType": "bundle"}', "load.unknown-version", "1:10"),
    "not-a-record.json": (b'{"name": "x"}', "load.not-a-record", "1:1"),
    "deep.json": (b"[" * 10_000 + b"]" * 10_000, "load.too-deep", "1:65"),
    "deep.yaml": (b"[" * 10_000 + b"]" * 10_000, "load.too-deep", "1:65"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_located_finding(name: str, tmp_path: Path) -> None:
    content, code, where = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    result = run_check(str(tmp_path / name))
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / name}:{where}: error {code}" in result.output


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    result = run_check(str(tmp_path / "bomb.yaml"))
    assert result.exit_code == 1
    assert "load.yaml-alias-bomb" in result.output


def test_size_limit_refuses_before_reading_and_is_configurable(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    result = run_check(str(big))
    assert result.exit_code == 1
    assert "load.too-large" in result.output and "104,857,600 bytes" in result.output
    small = tmp_path / "small.json"
    small.write_text(VALID.read_text())
    assert run_check("--max-file-size", "100", str(small)).exit_code == 1
    (tmp_path / ".omrs.toml").write_text("max-file-size = 100\n")
    (tmp_path / ".git").mkdir()
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        configured = runner.invoke(cli, ["check", "small.json"])
    finally:
        os.chdir(old)
    assert configured.exit_code == 1 and "load.too-large" in configured.output


def test_missing_path_is_exit_2_and_the_run_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = run_check(str(tmp_path / "nope.json"), str(VALID), str(broken))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert "nope.json: error io.not-found" in result.output
    assert "broken.json:1:2: error load.json-syntax" in result.output
    assert "3 files checked" in result.output


def test_valid_and_invalid_together_exit_1(tmp_path: Path) -> None:
    doc = json.loads(VALID.read_text())
    doc["replicaKind"] = "clone"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, indent=2))
    result = run_check(str(VALID), str(bad))
    assert result.exit_code == 1
    assert "`/replicaKind` is 'clone'; expected one of:" in result.output


def test_valid_record_exits_0_and_json_report_is_machine_readable() -> None:
    result = run_check("--format", "json", str(VALID))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["summary"]["errors"] == 0
    assert report["files"][0]["recordType"] == "likeness-consent"


def test_record_from_standard_input() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--no-config", "-"], input=VALID.read_text())
    assert result.exit_code == 0, result.output
    broken = runner.invoke(cli, ["check", "--no-config", "-"], input='{"omrs": "1.0",')
    assert broken.exit_code == 1 and "<stdin>:1:16: error load.json-syntax" in broken.output


def test_unknown_field_is_named_with_the_fix(tmp_path: Path) -> None:
    doc = json.loads(VALID.read_text())
    doc["subject"]["nickname"] = "Tom"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, indent=2))
    result = run_check(str(path))
    assert "schema.additionalProperties unknown field `nickname` in `/subject`" in result.output
    assert "extensions" in result.output


def test_config_errors_exit_2_with_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text("stritc = true\n")
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(cli, ["check", str(VALID)])
    finally:
        os.chdir(old)
    assert result.exit_code == 2
    assert ".omrs.toml: unknown key 'stritc'" in result.output


def test_severity_override_switches_a_code_off(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.omrs.severity]\n"load.json-syntax" = "off"\n')
    (tmp_path / "broken.json").write_text("{")
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(cli, ["check", "broken.json"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


def test_internal_error_is_exit_2_per_file_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import omrs.judgement

    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(omrs.judgement, "validate", explode)
    result = run_check(str(VALID))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert (
        "internal.error internal error while checking this file: RuntimeError: boom"
        in result.output
    )


def test_version_and_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "omrs", "--version"], capture_output=True, text=True, check=True
    )
    assert "OMRS standard 1.1" in out.stdout


def test_schema_command_lists_and_prints() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["schema"])
    assert (
        "likeness-consent" in listing.output and "https://omrs.org/schemas/1.0/" in listing.output
    )
    one = runner.invoke(cli, ["schema", "bundle"])
    assert json.loads(one.output)["$id"].endswith("bundle.schema.json")
    unknown = runner.invoke(cli, ["schema", "nope"])
    assert unknown.exit_code == 2 and "no schema 'nope'" in unknown.output


def test_init_writes_a_bundle_that_passes(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path / "start")])
    assert result.exit_code == 0, result.output
    check = run_check(str(tmp_path / "start"))
    assert check.exit_code == 0, check.output
    again = runner.invoke(cli, ["init", str(tmp_path / "start")])
    assert again.exit_code == 2 and "--force" in again.output


def test_unknown_profile_is_a_usage_error() -> None:
    result = run_check("--profile", "eu-ai-akt", str(VALID))
    assert result.exit_code == 2
    assert "unknown profile 'eu-ai-akt'" in result.output and "eu-ai-act" in result.output
