"""``omrs migrate`` as a run: bundle pins, all-or-nothing writes, excludes, what it refuses."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from tests.conftest import FIXTURES

DOCUMENTARY = FIXTURES / "records" / "valid" / "bundle-documentary"
#: The two records the documentary bundle pins by SHA-256.
PINNED = ("records/consent-estate-okafor.yaml", "records/license-rheinfeld-archive.json")


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["migrate", *args])


def _check(*args: str) -> Any:
    return CliRunner().invoke(cli, ["check", "--no-config", "-q", *args])


def _copy(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the search for bundles outside the run stops here
    return Path(shutil.copytree(DOCUMENTARY, tmp_path / "bundle-documentary"))


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrating_a_bundle_folder_updates_the_pins_of_its_records(tmp_path: Path) -> None:
    """The records' new bytes once failed ``bundle.digest-mismatch`` in their own bundle."""
    root = _copy(tmp_path)
    assert _check(str(root)).exit_code == 0
    result = _run("--to", "1.1", str(root))
    assert result.exit_code == 0, result.output
    assert "migrated " in result.output and "record pins" in result.output
    after = _check(str(root))
    assert "bundle.digest-mismatch" not in after.output
    assert after.exit_code == 0, after.output
    bundle = (root / "omrs.yaml").read_text("utf-8")
    for listed in PINNED:
        assert f'sha256: "{_sha(root / listed)}"' in bundle  # quoting kept
    assert bundle.startswith("# Press kit bundle")
    assert _run("--check", str(root)).exit_code == 0  # and nothing is left to do


def test_a_record_a_bundle_outside_the_run_pins_is_refused_naming_it(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = _snapshot(root)
    for args in ([str(root / PINNED[0])], ["--exclude", "omrs.yaml", str(root)]):
        result = _run(*args)
        assert result.exit_code == 2, result.output
        assert f"{PINNED[0]}: cannot migrate to 1.1: the bundle " in result.output
        assert "omrs.yaml pins this file's SHA-256" in result.output
        assert _snapshot(root) == before
    unpinned = root / "records" / "disclosure-restored-still.yaml"  # listed, not pinned
    assert _run(str(unpinned)).exit_code == 0
    assert b'"1.1"' in unpinned.read_bytes()


def test_a_bundle_pinning_a_bundle_gets_the_digest_of_the_repinned_one(tmp_path: Path) -> None:
    """The inner bundle changes twice (version, then its pins); the outer JSON bundle pins
    its final bytes. A pin that was wrong before the run is left wrong, not hidden."""
    root = _copy(tmp_path)
    inner = root / "omrs.yaml"
    outer = tmp_path / "outer.json"
    stale = "0" * 64
    doc = {
        "omrs": "1.0",
        "recordType": "bundle",
        "records": [
            {"path": "bundle-documentary/omrs.yaml", "sha256": _sha(inner)},
            {"path": f"bundle-documentary/{PINNED[1]}", "sha256": stale},
        ],
    }
    outer.write_text(json.dumps(doc, indent=2) + "\n")
    result = _run(str(tmp_path))
    assert result.exit_code == 0, result.output
    records = json.loads(outer.read_text())["records"]
    assert records[0]["sha256"] == _sha(inner)
    assert records[1]["sha256"] == stale
    assert _run("--check", str(tmp_path)).exit_code == 0


def test_a_pin_that_is_a_yaml_alias_is_refused_not_broken(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    bundle = root / "omrs.yaml"
    text = bundle.read_text("utf-8")
    digest = _sha(root / PINNED[0])
    text = text.replace(f'sha256: "{digest}"', f'sha256: &pin "{digest}"')
    bundle.write_text(text + "extensions: {com.example: {again: *pin}}\n", "utf-8")
    before = _snapshot(root)
    result = _run(str(root))
    assert result.exit_code == 2 and "alias &pin" in result.output, result.output
    assert _snapshot(root) == before


def test_a_failed_staging_changes_no_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writes were an ExitStack of separate replacements: one could land, one not."""
    from omrs import fileio

    root = _copy(tmp_path)
    before = _snapshot(root)
    real, calls = fileio._Temporary.stage, []

    def stage(self: Any) -> None:
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", self.destination)
        real(self)

    monkeypatch.setattr(fileio._Temporary, "stage", stage)
    result = _run(str(root))
    assert result.exit_code == 2
    assert "No space left on device; no file was changed" in result.output
    assert "migrated " not in result.output  # printed only after a write that happened
    assert _snapshot(root) == before
    assert not [p for p in root.rglob("*") if p.name.startswith(".")]


def test_a_rename_failing_after_staging_names_what_was_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omrs import fileio

    root = _copy(tmp_path)
    real, calls = os.replace, []

    def replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(2, "No such file or directory", str(dst))
        real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    result = _run(str(root))
    assert result.exit_code == 2
    first, failed = Path(calls[0]), Path(calls[1])
    assert f"cannot write {failed}: No such file or directory" in result.output
    migrated, unchanged = result.output.split("left unchanged: ")
    assert first.name in migrated.split("replaced: ")[1]
    assert failed.name in unchanged and first.name not in unchanged
    assert "\nmigrated " not in result.output


def test_config_and_flag_excludes_are_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``omrs migrate`` once walked into folders ``omrs check`` skips."""
    valid = FIXTURES / "records" / "valid"
    (tmp_path / ".git").mkdir()
    for folder in ("keep", "vendor", "drafts"):
        (tmp_path / folder).mkdir()
        shutil.copy(valid / "consent-living-counsel.json", tmp_path / folder)
    (tmp_path / ".omrs.toml").write_text('exclude = ["vendor/"]\n')
    monkeypatch.chdir(tmp_path)
    result = _run("--exclude", "drafts/", ".")
    assert result.exit_code == 0, result.output
    assert "1 of 1 document(s)" in result.output
    for folder, version in (("keep", "1.1"), ("vendor", "1.0"), ("drafts", "1.0")):
        text = (tmp_path / folder / "consent-living-counsel.json").read_text()
        assert f'"omrs": "{version}"' in text, folder
    assert _run("--no-config", "--check", ".").exit_code == 1  # vendor/ and drafts/ now
    bad = _run("--exclude", "\\", ".")
    assert bad.exit_code == 2 and "not a valid gitignore pattern" in bad.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["/dev/null"], "/dev/null: error io.not-regular is a character device"),
        (["-"], "standard input cannot be migrated"),
        (["--to", "", "x.json"], "'' is not a standard version this tool ships (1.0, 1.1)"),
        (["--to", "2.0", "x.json"], "'2.0' is not a standard version this tool ships (1.0, 1.1)"),
        (["missing.json"], "missing.json: error io.not-found"),
        (["notes.txt"], "notes.txt: cannot migrate to 1.1: is not a JSON or YAML file"),
    ],
    ids=["device", "stdin", "empty-version", "unknown-version", "missing", "not-a-document"],
)
def test_what_cannot_be_migrated_is_an_error_not_zero_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("notes")
    shutil.copy(FIXTURES / "records" / "valid" / "consent-living-counsel.json", "x.json")
    for check in ([], ["--check"]):
        result = _run(*check, *args)
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "0 of 0" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_named_fifo_is_refused_unopened(tmp_path: Path) -> None:
    fifo = tmp_path / "record.json"
    os.mkfifo(fifo)
    result = _run(str(fifo))  # opening it would block the run forever
    assert result.exit_code == 2
    assert f"{fifo}: error io.not-regular is a named pipe (FIFO)" in result.output


@pytest.mark.parametrize(
    "records",
    ["5", '[{"path": "a\\u0000b.yaml", "sha256": "SHA"}]', '[{"path": "/etc/x", "sha256": 1}]'],
)
def test_a_broken_bundle_beside_the_run_does_not_stop_it(tmp_path: Path, records: str) -> None:
    """A stranger's bundle above the file (``records: 5``, a NUL in a path) was a TypeError
    or ValueError: an internal error for a run that never named it."""
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "sub"
    sub.mkdir()
    record = sub / "consent.yaml"
    shutil.copy(DOCUMENTARY / PINNED[0], record)
    text = records.replace("SHA", _sha(record))
    (tmp_path / "outer.json").write_text(
        f'{{"omrs": "1.0", "recordType": "bundle", "id": "urn:omrs:bundle:x", "records": {text}}}'
    )
    result = _run("--check", str(record))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    assert result.exit_code == 1, result.output  # it would change: no internal error


@pytest.mark.parametrize("name", ["omrs.yaml", "omrs.json"])
def test_a_bundle_with_a_byte_order_mark_gets_its_pins_updated(tmp_path: Path, name: str) -> None:
    """The BOM was kept in the edited text: a JSON bundle's pins were never found (a false
    "migrated", the bundle left failing), a YAML bundle's spans were off by one."""
    import yaml

    root = _copy(tmp_path)
    bundle = root / "omrs.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    body = bundle.read_bytes() if name == "omrs.yaml" else json.dumps(data, indent=2).encode()
    bundle.unlink()
    (root / name).write_bytes(b"\xef\xbb\xbf" + body)
    result = _run("--to", "1.1", str(root))
    assert result.exit_code == 0, result.output
    assert (root / name).read_bytes().startswith(b"\xef\xbb\xbf")
    after = _check(str(root))
    assert after.exit_code == 0 and "bundle.digest-mismatch" not in after.output, after.output


def test_a_file_named_twice_is_migrated_once(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    record = root / PINNED[0]
    spelt = root / "records" / ".." / PINNED[0]
    result = _run("--to", "1.1", str(root), str(record), str(spelt))
    assert result.exit_code == 0, result.output
    assert result.output.count("consent-estate-okafor.yaml") == 1, result.output
