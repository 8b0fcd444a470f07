"""``omrs audit append`` on hostile inputs: writes are all or nothing and reported truthfully,
text that is not UTF-8 is a usage error, a bundle is only re-pinned to its own log, CRLF
files stay CRLF, and nothing the user typed is dropped silently."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs import fileio
from omrs.audit import breaks, head, sealed
from omrs.audit.append import append_entry
from omrs.checker import check_paths
from omrs.cli import cli
from omrs.loading import parse_text
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

BUNDLE = FIXTURES / "records" / "1.1" / "valid" / "bundle-documentary-provenance"
LOG_ID = "urn:omrs:audit:northlight:okafor-teaser-2026"
PARTY = {"name": "Harbour Lane Pictures LLC", "kind": "organization"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(BUNDLE, folder)
    return folder


def _paths(root: Path) -> tuple[Path, Path]:
    return root / "records" / "audit-log.yaml", root / "omrs.yaml"


def _append(log: Path, *args: str) -> Result:
    base = ["audit", "append", str(log), "--event", "signed", "--by", "X"]
    return CliRunner().invoke(cli, [*base, "--at", "2026-08-29T10:00:00Z", *args])


def _snapshot(*paths: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def _findings(path: Path) -> list[tuple[str, str, str]]:
    run = check_paths([path], CheckOptions(as_of=dt.date(2026, 9, 1)))
    found = (f for f in run.findings if f.code != "c2pa.none")  # unsigned media, checked too
    return sorted((f.code, f.location.pointer, f.message) for f in found)


# 1. The log and the bundle are written together, and a failure says what changed.


def _failing_rename(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).name == name:
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_bundle_rename_names_the_log_as_replaced_and_the_bundle_as_not(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, bundle = _paths(root)
    before = _snapshot(log, bundle)
    _failing_rename(monkeypatch, "omrs.yaml")
    result = _append(log, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert f"{log} was replaced, but {bundle} was not (Input/output error)" in result.output
    assert "Traceback" not in result.output
    assert log.read_bytes() != before[log] and bundle.read_bytes() == before[bundle]


def test_a_failed_log_rename_changes_no_file_and_says_so(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is renamed first: a bundle pinned ahead of its log would look truncated."""
    log, bundle = _paths(root)
    before = _snapshot(log, bundle)
    _failing_rename(monkeypatch, "audit-log.yaml")
    result = _append(log, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert "Input/output error; nothing was changed" in result.output
    assert _snapshot(log, bundle) == before


def test_a_write_failing_before_any_rename_changes_no_file_and_says_so(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, bundle = _paths(root)
    before, listing = _snapshot(log, bundle), sorted(root.rglob("*"))
    real, calls = os.fsync, []

    def fsync(fd: int) -> None:  # the disk fills up while the second file is flushed
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = _append(log, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert "No space left on device; nothing was changed" in result.output
    assert _snapshot(log, bundle) == before
    assert sorted(root.rglob("*")) == listing  # no temporary file left behind


# 2. Text that is not UTF-8 is a usage error naming the option.


@pytest.mark.parametrize(
    ("option", "value", "byte"),
    [("--note", "\udcff", "0xff"), ("--by", "Jos\udce9", "0xe9"), ("--at", "2026\udc80", "0x80")],
)
def test_text_that_is_not_utf8_is_a_usage_error(
    root: Path, option: str, value: str, byte: str
) -> None:
    log, _ = _paths(root)
    before = log.read_bytes()
    result = _append(log, option, value)
    assert result.exit_code == 2, (result.output, result.exception)
    assert f"Invalid value for '{option}': is not UTF-8 text (byte {byte})" in result.output
    assert log.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="command-line bytes are POSIX")
def test_latin1_bytes_on_the_command_line_are_a_usage_error(root: Path) -> None:
    log, _ = _paths(root)
    args = [os.fsencode(sys.executable), b"-m", b"omrs", b"audit", b"append", os.fsencode(log)]
    args += [b"--event", b"other", b"--by", b"Jos\xe9", b"--note", b"caf\xe9"]
    done = subprocess.run(
        args, capture_output=True, timeout=60, env={**os.environ, "LC_ALL": "C.UTF-8"}
    )
    assert done.returncode == 2, done
    assert b"Invalid value for '--by': is not UTF-8 text (byte 0xe9)" in done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr


def test_an_asset_whose_name_is_not_utf8_is_a_usage_error(root: Path) -> None:
    log, bundle = _paths(root)
    odd = root / "media" / os.fsdecode(b"caf\xe9.wav")
    shutil.copy(root / "media" / "teaser-narration.wav", odd)
    before = _snapshot(log, bundle)
    result = _append(log, "--asset", str(odd), "--bundle", str(bundle))
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Invalid value for '--asset': the file name" in result.output
    assert "is not UTF-8" in result.output and _snapshot(log, bundle) == before


# 3. A bundle is re-pinned only to its own log.


def _other_log(root: Path, **changes: Any) -> Path:
    log = root / "records" / "audit-log.yaml"
    data = {**yaml.safe_load(log.read_text()), **changes}
    other = root / "records" / "other-log.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False))
    return other


def test_a_log_the_bundle_neither_lists_nor_pins_is_refused(root: Path) -> None:
    _, bundle = _paths(root)
    text = bundle.read_text()
    bundle.write_text(text[: text.index("auditLog:")])  # unpinned, and the log not listed...
    other = _other_log(root, id="urn:omrs:audit:other")  # ...nor this one
    before = _snapshot(other, bundle)
    result = _append(other, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert "does not list this log file in `records`" in result.output
    assert _snapshot(other, bundle) == before


def test_a_copy_of_the_pinned_log_elsewhere_is_refused(root: Path) -> None:
    """The pin names the listed log by id; a copy with that id outside `records` is not it."""
    _, bundle = _paths(root)
    copy = _other_log(root)  # same id as the pinned, listed log
    before = _snapshot(copy, bundle)
    result = _append(copy, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert "does not list this log file in `records`" in result.output
    assert _snapshot(copy, bundle) == before


def test_a_log_kept_for_another_bundle_is_refused(root: Path) -> None:
    log, bundle = _paths(root)
    text = log.read_text().replace("bundle: urn:omrs:bundle:northlight:", "bundle: urn:x:")
    log.write_text(text)
    before = _snapshot(log, bundle)
    result = _append(log, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert "the log keeps the history of bundle urn:x:okafor-teaser-2026" in result.output
    assert _snapshot(log, bundle) == before


def test_a_listed_log_does_not_take_the_pin_of_another(root: Path) -> None:
    _, bundle = _paths(root)
    other = _other_log(root, id="urn:omrs:audit:other")
    bundle.write_text(
        bundle.read_text().replace("records:\n", "records:\n  - path: records/other-log.yaml\n")
    )
    before = _snapshot(other, bundle)
    result = _append(other, "--bundle", str(bundle))
    assert result.exit_code == 2, result.output
    assert f"pins audit log {LOG_ID}, not this log (urn:omrs:audit:other)" in result.output
    assert _snapshot(other, bundle) == before


def test_a_log_that_supersedes_the_pinned_one_moves_the_pin(root: Path) -> None:
    _, bundle = _paths(root)
    other = _other_log(root, id="urn:omrs:audit:next", supersedes=LOG_ID)
    bundle.write_text(
        bundle.read_text().replace("records/audit-log.yaml", "records/other-log.yaml")
    )
    assert _append(other, "--bundle", str(bundle)).exit_code == 0
    assert yaml.safe_load(bundle.read_text())["auditLog"]["log"] == "urn:omrs:audit:next"


def test_a_listed_unpinned_log_is_pinned_and_its_digest_pin_kept_true(root: Path) -> None:
    log, bundle = _paths(root)
    text = bundle.read_text()
    digest = fileio.file_sha256(log)
    text = text[: text.index("auditLog:")].replace(
        "  - path: records/audit-log.yaml\n",
        f'  - path: records/audit-log.yaml\n    sha256: "{digest}"\n',
    )
    bundle.write_text(text)
    result = _append(log, "--bundle", str(bundle))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(bundle.read_text())
    assert data["auditLog"] == {
        "log": LOG_ID,
        "head": head(yaml.safe_load(log.read_text())["entries"]),
        "length": 7,
    }
    assert data["records"][4]["sha256"] == fileio.file_sha256(log)
    assert _findings(bundle) == []


def test_a_pin_naming_no_listed_log_says_an_audit_log(root: Path) -> None:
    _, bundle = _paths(root)
    bundle.write_text(bundle.read_text().replace(f"log: {LOG_ID}", "log: urn:omrs:audit:gone"))
    messages = [m for code, _, m in _findings(bundle) if code == "audit.pin"]
    assert any("is not an audit-log record of this bundle" in m for m in messages), messages


# 4. A CRLF file stays CRLF.

LOG = {
    "omrs": "1.1",
    "recordType": "audit-log",
    "id": "urn:omrs:audit:x",
    "issued": "2026-01-01T00:00:00Z",
    "issuer": {"name": "X"},
}


def _crlf_log(folder: Path, syntax: str, entries: list[dict[str, Any]]) -> Path:
    data = {**LOG, "entries": entries}
    if syntax == "yaml":
        text = "# kept\n" + yaml.safe_dump(data, sort_keys=False)
    else:
        text = json.dumps(data, indent=2) + "\n"
    path = folder / f"log.{syntax}"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def _all_crlf(raw: bytes) -> bool:
    lines = raw.split(b"\n")
    return lines[-1] == b"" and all(line.endswith(b"\r") for line in lines[:-1])


@settings(max_examples=25, deadline=None)
@given(
    syntax=st.sampled_from(["yaml", "json"]),
    count=st.integers(0, 2),
    note=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20),
)
def test_appending_to_a_crlf_log_keeps_every_line_crlf(
    tmp_path_factory: pytest.TempPathFactory, syntax: str, count: int, note: str
) -> None:
    entries: list[dict[str, Any]] = []
    for i in range(count):
        entries.append(
            sealed(
                entries,
                {"at": f"2026-01-0{i + 1}T00:00:00Z", "event": "granted", "by": dict(PARTY)},
            )
        )
    path = _crlf_log(tmp_path_factory.mktemp("crlf"), syntax, entries)
    done = append_entry(
        path, {"at": "2026-02-01T00:00:00Z", "event": "other", "by": PARTY, "note": note}
    )
    raw = path.read_bytes()
    assert _all_crlf(raw), raw
    got = parse_text(raw.decode(), "x", syntax).data  # type: ignore[arg-type]
    assert got["entries"] == [*entries, done.entry] and breaks(got["entries"]) == []


def test_pinning_a_crlf_bundle_keeps_every_line_crlf(root: Path) -> None:
    log, bundle = _paths(root)
    for path in (log, bundle):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    text = bundle.read_bytes()
    bundle.write_bytes(text[: text.index(b"auditLog:")])  # the pin is inserted, not edited
    assert _append(log, "--bundle", str(bundle)).exit_code == 0
    assert _all_crlf(log.read_bytes()) and _all_crlf(bundle.read_bytes())
    assert _findings(bundle) == []


def test_a_byte_order_mark_is_kept(root: Path) -> None:
    log, _ = _paths(root)
    log.write_bytes(b"\xef\xbb\xbf" + log.read_bytes())
    assert _append(log).exit_code == 0
    assert log.read_bytes().startswith(b"\xef\xbb\xbf# The history")


# 5. An asset that cannot be read is a read error.


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc/self/mem")
def test_an_unreadable_asset_is_reported_as_unreadable(root: Path) -> None:
    log, _ = _paths(root)
    before = log.read_bytes()
    result = _append(log, "--asset", "/proc/self/mem")  # a regular file; reading it fails (EIO)
    assert result.exit_code == 2, result.output
    assert "cannot read /proc/self/mem: Input/output error" in result.output
    assert "cannot write" not in result.output and log.read_bytes() == before


# 6. An empty note is refused, not dropped (the schema's note has minLength 1).


def test_an_empty_note_is_a_usage_error(root: Path) -> None:
    log, _ = _paths(root)
    before = log.read_bytes()
    result = _append(log, "--note", "")
    assert result.exit_code == 2 and "--note must not be empty" in result.output
    assert log.read_bytes() == before


def test_a_blank_note_the_schema_allows_is_recorded(root: Path) -> None:
    log, _ = _paths(root)
    assert _append(log, "--note", " ").exit_code == 0
    assert yaml.safe_load(log.read_text())["entries"][-1]["note"] == " "


# 7. A comment after `entries: []` stays on that line.


def test_a_comment_after_an_empty_entries_list_stays_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    lines = [f"{k}: {json.dumps(v)}" for k, v in LOG.items()]
    path.write_text("\n".join([*lines, "entries: []  # none yet", "# end", ""]))
    append_entry(path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY)})
    text = path.read_text()
    assert "\nentries: # none yet\n- at: '2026-01-01T10:00:00Z'\n" in text, text
    assert text.endswith("\n# end\n") and len(yaml.safe_load(text)["entries"]) == 1


def test_a_log_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The appender keeps the size limit every other reader keeps (a 64 MiB default)."""
    from omrs import options
    from omrs.audit.append import AuditError

    log = tmp_path / "log.yaml"
    log.write_text('omrs: "1.1"\nrecordType: audit-log\nentries: []\n# ' + "x" * 400 + "\n")
    monkeypatch.setattr(options, "DEFAULT_MAX_FILE_SIZE", 256)
    with pytest.raises(AuditError, match="size limit"):
        append_entry(log, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY)})


@pytest.mark.parametrize("entries", [0, 1, 2])
def test_a_one_line_json_log_takes_entries(tmp_path: Path, entries: int) -> None:
    """``{..., "entries": []}`` on one line was indented by its own first half: invalid JSON,
    then an internal error."""
    path = tmp_path / "log.json"
    path.write_text(json.dumps({**LOG, "entries": []}))
    for _ in range(entries + 1):
        append_entry(path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY)})
    log = json.loads(path.read_text())
    assert len(log["entries"]) == entries + 1 and not breaks(log["entries"])


def test_a_bad_path_early_in_records_does_not_hide_the_log(tmp_path: Path) -> None:
    from omrs.audit.append import _listed_at

    log = tmp_path / "log.yaml"
    log.write_text("x")
    data = {"records": [{"path": "a\0b.yaml"}, {"path": "log.yaml"}]}
    assert _listed_at(tmp_path / "omrs.yaml", data, log) == 1


@pytest.mark.parametrize("note", ["\x85", "a\u2028b", "\u2029", "Müller"])
def test_unicode_line_separators_in_a_note_survive_yaml(tmp_path: Path, note: str) -> None:
    """PyYAML writes U+0085/U+2028/U+2029 raw and reads them back as line breaks."""
    path = tmp_path / "log.yaml"
    path.write_text("\n".join(f"{k}: {json.dumps(v)}" for k, v in LOG.items()) + "\nentries: []\n")
    append_entry(
        path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY), "note": note}
    )
    assert yaml.safe_load(path.read_text("utf-8"))["entries"][0]["note"] == note


def test_an_alias_outside_the_entries_does_not_stop_an_append(tmp_path: Path) -> None:
    """Only anchors or aliases over the entries make the edit unsafe."""
    path = tmp_path / "log.yaml"
    head = "\n".join(f"{k}: {json.dumps(v)}" for k, v in LOG.items() if k != "issuer")
    path.write_text(
        head + "\nissuer: &studio {name: X}\nextensions: {owner: *studio}\nentries: []\n"
    )
    append_entry(path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY)})
    assert len(yaml.safe_load(path.read_text())["entries"]) == 1


def test_an_alias_over_the_entries_is_refused(tmp_path: Path) -> None:
    from omrs.audit.append import AuditError

    path = tmp_path / "log.yaml"
    head = "\n".join(f"{k}: {json.dumps(v)}" for k, v in LOG.items())
    path.write_text(head + "\nentries: &all []\nextensions: {copy: *all}\n")
    before = path.read_bytes()
    with pytest.raises(AuditError, match="alias"):
        append_entry(path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": dict(PARTY)})
    assert path.read_bytes() == before


def test_a_log_that_is_not_json_or_yaml_is_named_once_and_plainly(tmp_path: Path) -> None:
    notes = tmp_path / "README.md"
    notes.write_text("# notes\n")
    result = CliRunner().invoke(
        cli, ["audit", "append", str(notes), "--event", "issued", "--by", "A"]
    )
    assert result.exit_code == 2
    assert "is not a JSON or YAML file" in result.output and "invalid JSON" not in result.output
    assert result.output.count(str(notes)) == 1
