"""The result cache (``--cache``): a re-check touches only what changed and what depends on it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import omrs.checker as checker
from omrs.checker import check_paths
from omrs.dependencies import bundle_inputs
from omrs.discovery import Target
from omrs.findings import FileResult
from omrs.options import CheckOptions
from omrs.rules.engine import RuleContext
from tests.integration.integration_support import VALID, write_corpus

BUNDLE = "bundle-documentary"
#: A record the bundle lists without a pinned digest, so editing it breaks no digest rule.
LISTED = "records/license-okafor-voice-recordings.yaml"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "valid")
    write_corpus(tmp_path / "loose", 12)
    return tmp_path


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the targets actually checked (not served from the cache)."""
    seen: list[str] = []
    original = checker._dispatch

    def dispatch(target: Target, ctx: RuleContext) -> FileResult | None:
        seen.append(Path(target.path).name)
        return original(target, ctx)

    monkeypatch.setattr(checker, "_dispatch", dispatch)
    return seen


def _twice(
    archive: Path, checked: list[str], change: Callable[[], None], **extra: object
) -> list[str]:
    """Check with the cache, ``change``, check again: what the second run checked (its
    report must equal an uncached run's)."""
    paths = [archive / "valid", archive / "loose"]
    first = check_paths(paths, CheckOptions(cache=archive / ".cache"))
    assert checked and first.exit_code() == 1
    change()
    checked.clear()
    second = check_paths(paths, CheckOptions(cache=archive / ".cache", **extra))  # type: ignore[arg-type]
    touched = list(checked)
    assert second == check_paths(paths, CheckOptions(**extra))  # type: ignore[arg-type]
    return touched


def test_an_unchanged_archive_is_served_whole_from_the_cache(
    archive: Path, checked: list[str]
) -> None:
    checked = _twice(archive, checked, lambda: None)
    assert checked == []


def test_a_changed_bundle_record_rechecks_its_bundle_only(
    archive: Path, checked: list[str]
) -> None:
    """A listed record is judged in its bundle, whose profiles come from every record it
    lists: the bundle and what it lists are checked again, nothing else."""
    folder = archive / "valid" / BUNDLE
    record = folder / LISTED

    def edit() -> None:
        record.write_text(record.read_text("utf-8") + "# edited\n", "utf-8")

    checked = _twice(archive, checked, edit)
    in_bundle = {p.name for p in folder.rglob("*") if p.is_file()}
    assert {Path(LISTED).name, "omrs.yaml"} <= set(checked) <= in_bundle


def test_a_changed_loose_record_rechecks_only_itself(archive: Path, checked: list[str]) -> None:
    record = archive / "loose" / "batch-3" / "consent-00003.json"
    checked = _twice(archive, checked, lambda: record.write_text(record.read_text() + " ", "utf-8"))
    assert checked == ["consent-00003.json"]


def test_a_changed_asset_rechecks_the_bundle(archive: Path, checked: list[str]) -> None:
    asset = archive / "valid" / BUNDLE / "media" / "restored-still.png"
    checked = _twice(archive, checked, lambda: asset.write_bytes(asset.read_bytes() + b"\0"))
    assert "omrs.yaml" in checked and "consent-00003.json" not in checked


def test_other_options_miss_the_cache(archive: Path, checked: list[str]) -> None:
    checked = _twice(archive, checked, lambda: None, as_of=dt.date(2030, 1, 1))
    assert "consent-00003.json" in checked and "omrs.yaml" in checked


def test_how_the_run_is_carried_out_is_not_part_of_the_key(
    archive: Path, checked: list[str]
) -> None:
    checked = _twice(archive, checked, lambda: None, jobs=3)
    assert checked == []


def test_a_damaged_entry_is_a_miss(archive: Path, checked: list[str]) -> None:
    def damage() -> None:
        for entry in (archive / ".cache" / "results").rglob("*"):
            if entry.is_file():
                entry.write_bytes(b"not a pickle")

    checked = _twice(archive, checked, damage)
    assert "consent-00003.json" in checked


def test_a_bundle_depends_on_what_it_lists_inside_its_folder(tmp_path: Path) -> None:
    bundle = tmp_path / "omrs.yaml"
    bundle.write_text(
        'omrs: "1.0"\nrecordType: bundle\nrecords:\n  - path: r/a.json\n  - path: ../x.json\n'
        "assets:\n  - path: m/a.wav\n  - path: /etc/passwd\n",
        "utf-8",
    )
    assert bundle_inputs(bundle, max_size=1 << 20) == (tmp_path / "r/a.json", tmp_path / "m/a.wav")
    record = tmp_path / "r.json"
    record.write_text('{"omrs": "1.0", "recordType": "likeness-consent"}', "utf-8")
    assert bundle_inputs(record, max_size=1 << 20) == ()


def test_a_listed_file_is_not_served_under_another_folder_s_names(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listed file's result names its bundle as the run shows it (relative to the working
    folder): a run from elsewhere must not get the first run's names from the cache."""
    folder = archive / "valid" / BUNDLE
    paths = [folder / "media" / "restored-still.png", folder / LISTED]
    cache = archive / ".cache"
    monkeypatch.chdir(archive)
    check_paths(paths, CheckOptions(cache=cache))
    monkeypatch.chdir(archive / "valid")
    again = check_paths(paths, CheckOptions(cache=cache))
    assert again == check_paths(paths, CheckOptions())
    listed = [r.details.get("listedBy", ()) for r in again.files if r.path in map(str, paths)]
    assert len(listed) == 2 and all(listed), again.files
    assert all(w["bundle"] == f"{BUNDLE}/omrs.yaml" for found in listed for w in found), listed
