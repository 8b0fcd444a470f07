"""The audit log: any edit, removal, insertion or move of an entry breaks the chain, at that
entry; cutting the end is caught by the bundle's pin; ``omrs audit append`` seals entries so
nobody computes a hash by hand, and keeps the file's layout."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.audit import AuditError, BrokenChain, breaks, entry_hash, head, sealed
from omrs.audit.append import append_entry, append_text
from omrs.checker import check_paths
from omrs.cli import cli
from omrs.digests import canonical_json
from omrs.loading import parse_text
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

BUNDLE = FIXTURES / "records" / "1.1" / "valid" / "bundle-documentary-provenance"
SETTINGS = settings(max_examples=60, deadline=None)
PARTY = {"name": "Harbour Lane Pictures LLC", "kind": "organization"}


def _log(n: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for i in range(n):
        fields = {"at": f"2026-01-{i + 1:02d}T10:00:00Z", "event": "granted", "by": PARTY}
        entries.append(sealed(entries, {**fields, "note": f"event {i + 1}"}))
    return entries


def test_an_entry_seals_everything_but_its_own_hash_as_canonical_json() -> None:
    first, second = _log(2)
    assert "prev" not in first and second["prev"] == first["hash"]
    unsealed = {k: v for k, v in second.items() if k != "hash"}
    assert canonical_json(unsealed).startswith(b'{"at":"2026-01-02T10:00:00Z","by":{')
    assert second["hash"] == entry_hash(second) and breaks([first, second]) == []


@SETTINGS
@given(n=st.integers(2, 8), data=st.data())
def test_editing_any_entry_breaks_exactly_there(n: int, data: st.DataObject) -> None:
    entries = _log(n)
    i = data.draw(st.integers(0, n - 1))
    edits = {"at": "2027-01-01T00:00:00Z", "note": "changed", "by": {"name": "X"}, "event": "x"}
    field = data.draw(st.sampled_from(sorted(edits)))
    entries[i][field] = edits[field]
    found = breaks(entries)
    assert [(b.index, b.field) for b in found] == [(i, "hash")]


@SETTINGS
@given(n=st.integers(2, 8), data=st.data())
def test_removing_or_moving_any_entry_breaks_the_chain(n: int, data: st.DataObject) -> None:
    entries = _log(n)
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, n - 2))
    removed = entries[:i] + entries[i + 1 :]
    moved = copy.deepcopy(removed)
    moved.insert(j, entries[i])
    if i < n - 1:  # removing the last is a truncation: only the pin sees it
        assert breaks(removed), f"removing entry {i} went unnoticed"
    if moved != entries:
        assert breaks(moved), f"moving entry {i} to {j} went unnoticed"


@SETTINGS
@given(n=st.integers(1, 6), data=st.data())
def test_an_inserted_entry_is_caught_even_when_sealed_in_place(n: int, data: st.DataObject) -> None:
    entries = _log(n)
    i = data.draw(st.integers(0, n - 1))
    forged = sealed(entries[:i], {"at": "2026-02-01T00:00:00Z", "event": "waived", "by": PARTY})
    tampered = [*entries[:i], forged, *entries[i:]]
    assert [b.index for b in breaks(tampered)] == [i + 1]


def test_the_first_entry_removed_leaves_a_prev_behind() -> None:
    [only] = breaks(_log(3)[1:])
    assert (only.index, only.field, only.expected) == (0, "prev", None)
    assert "entries before it were removed" in only.describe()


def test_nothing_is_sealed_onto_a_broken_chain() -> None:
    entries = _log(3)
    entries[1]["note"] = "edited"
    with pytest.raises(BrokenChain, match="entry 2 was changed"):
        sealed(entries, {"at": "2026-03-01T00:00:00Z", "event": "signed", "by": PARTY})
    with pytest.raises(AuditError, match="cannot set hash"):
        sealed(_log(1), {"at": "x", "event": "signed", "by": PARTY, "hash": "0" * 64})


LOG_YAML = """\
# a comment that must survive
omrs: '1.1'
recordType: audit-log
id: urn:omrs:audit:x
issued: '2026-01-01T00:00:00Z'
issuer: {name: X}
entries:
- at: '2026-01-01T10:00:00Z'
  event: granted
  by: {name: X}  # inline comment
  hash: HASH
# trailing comment
"""


@pytest.mark.parametrize("syntax", ["yaml", "json", "json-compact"])
def test_append_keeps_layout_and_seals(tmp_path: Path, syntax: str) -> None:
    first = sealed([], {"at": "2026-01-01T10:00:00Z", "event": "granted", "by": {"name": "X"}})
    text = LOG_YAML.replace("HASH", first["hash"])
    data = parse_text(text, "x", "yaml").data
    if syntax != "yaml":
        text = json.dumps(data, indent=None if syntax == "json-compact" else 2) + "\n"
    path = tmp_path / ("log.yaml" if syntax == "yaml" else "log.json")
    path.write_text(text)
    done = append_entry(path, {"at": "2026-02-01T10:00:00Z", "event": "signed", "by": PARTY})
    after = path.read_text()
    assert after.startswith(text.rstrip("\n").rsplit("\n", 1)[0] if syntax == "yaml" else "{")
    parsed = parse_text(after, "x", "json" if syntax != "yaml" else "yaml").data
    assert parsed["entries"][0] == data["entries"][0] and len(parsed["entries"]) == 2
    assert parsed["entries"][1] == done.entry and breaks(parsed["entries"]) == []
    if syntax == "yaml":
        assert "# a comment that must survive" in after and "# inline comment" in after
        assert "# trailing comment" in after


def test_a_log_can_start_empty(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(LOG_YAML.split("entries:")[0] + "entries: []\n")
    append_entry(path, {"at": "2026-01-01T10:00:00Z", "event": "issued", "by": PARTY})
    data = yaml.safe_load(path.read_text())
    assert len(data["entries"]) == 1 and "prev" not in data["entries"][0]
    assert breaks(data["entries"]) == []


def _copy_bundle(tmp_path: Path) -> Path:
    root = tmp_path / "bundle"
    shutil.copytree(BUNDLE, root)
    return root


def _check(path: Path) -> list[tuple[str, str]]:
    run = check_paths([path], CheckOptions(as_of=dt.date(2026, 9, 1)))
    return sorted((f.code, f.location.pointer) for f in run.findings if f.code != "c2pa.none")


def test_cli_appends_pins_and_check_stays_clean(tmp_path: Path) -> None:
    root = _copy_bundle(tmp_path)
    log, bundle = root / "records" / "audit-log.yaml", root / "omrs.yaml"
    args = ["audit", "append", str(log), "--event", "signed", "--by", "Northlight"]
    args += ["--asset", str(root / "media" / "teaser-narration.wav"), "--bundle", str(bundle)]
    result = CliRunner().invoke(cli, [*args, "--at", "2026-08-29T10:00:00Z"])
    assert result.exit_code == 0, result.output
    assert "appended entry 7 (signed)" in result.output
    pinned = yaml.safe_load(bundle.read_text())["auditLog"]
    entries = yaml.safe_load(log.read_text())["entries"]
    assert pinned["length"] == 7 and pinned["head"] == head(entries)
    assert entries[-1]["asset"]["path"] == "media/teaser-narration.wav"
    assert _check(bundle) == []


def test_cli_refuses_a_broken_chain_and_writes_nothing(tmp_path: Path) -> None:
    root = _copy_bundle(tmp_path)
    log, bundle = root / "records" / "audit-log.yaml", root / "omrs.yaml"
    log.write_text(log.read_text().replace("withdraws tape 05", "withdraws tape 04"))
    before = {p: p.read_bytes() for p in (log, bundle)}
    args = ["audit", "append", str(log), "--event", "signed", "--by", "X", "--bundle", str(bundle)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "entry 3 was changed after it was sealed" in result.output
    assert {p: p.read_bytes() for p in before} == before
    assert ("audit.chain", "/entries/2/hash") in _check(bundle)  # at the log, its one home


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event", "deleted", "--by", "X"], "Invalid value for '--event'"),
        (["--event", "signed", "--by", "X", "--at", "yesterday"], "is not valid"),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    root = _copy_bundle(tmp_path)
    log = root / "records" / "audit-log.yaml"
    before = log.read_bytes()
    result = CliRunner().invoke(cli, ["audit", "append", str(log), *args])
    assert result.exit_code == 2 and message in result.output
    assert log.read_bytes() == before


def test_append_refuses_what_is_not_an_audit_log(tmp_path: Path) -> None:
    root = _copy_bundle(tmp_path)
    with pytest.raises(AuditError, match="is not an audit log"):
        append_entry(root / "omrs.yaml", {"at": "2026-01-01T00:00:00Z", "event": "x", "by": PARTY})


def test_truncation_is_caught_by_the_pin_not_the_chain(tmp_path: Path) -> None:
    root = _copy_bundle(tmp_path)
    log = root / "records" / "audit-log.yaml"
    data = yaml.safe_load(log.read_text())
    assert breaks(data["entries"][:-1]) == []
    text = log.read_text()
    log.write_text(text[: text.rindex("- at:")])
    assert _check(root / "omrs.yaml") == [("audit.pin", "/auditLog/length")]


def test_appending_text_verifies_what_it_wrote() -> None:
    """A layout the appender cannot place in is rewritten as a whole value, never guessed."""
    first = sealed([], {"at": "2026-01-01T10:00:00Z", "event": "granted", "by": {"name": "X"}})
    flow = "omrs: '1.1'\nentries: [" + json.dumps(first) + "]\n"
    second = sealed([first], {"at": "2026-01-02T10:00:00Z", "event": "signed", "by": PARTY})
    out = append_text(flow, "yaml", second, 1)
    assert yaml.safe_load(out)["entries"] == [first, second]
