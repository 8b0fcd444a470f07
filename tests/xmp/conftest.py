"""Fixtures for the XMP tests: fixture paths and exiftool (skipped with a reason if absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
XMP_FIXTURES = ROOT / "fixtures" / "xmp"
BUNDLE = ROOT / "fixtures" / "records" / "valid" / "bundle-documentary" / "omrs.yaml"


@pytest.fixture
def xmp_fixtures() -> Path:
    return XMP_FIXTURES


@pytest.fixture
def exiftool() -> str:
    """Path of exiftool (Debian: libimage-exiftool-perl); the test skips without it."""
    found = shutil.which("exiftool")
    if found is None:
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl)")
    return found
