"""A bundle may pin the SHA-256 of its records: an edited record is caught, without rereading."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import omrs.rules.bundle
from omrs.checker import check_paths
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

EXAMPLE = FIXTURES / "records" / "valid" / "bundle-documentary"


def test_an_edited_pinned_record_is_found_and_records_are_not_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, folder)
    consent = folder / "records" / "consent-estate-okafor.yaml"
    consent.write_text(consent.read_text() + "# edited after the bundle was made\n")
    hashed: list[Path] = []
    real = omrs.rules.bundle.file_sha256

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(omrs.rules.bundle, "file_sha256", counting)
    run = check_paths([folder / "omrs.yaml"], CheckOptions(as_of=dt.date(2026, 6, 1)))
    found = [(f.code, f.location.pointer) for f in run.findings if f.code != "c2pa.none"]
    assert found == [("bundle.digest-mismatch", "/records/0/sha256")]
    assert all("records" not in p.parts for p in hashed), hashed  # only assets are hashed
