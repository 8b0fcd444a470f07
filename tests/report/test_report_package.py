"""The report's templates travel in the wheel (package data), so an installed omrs renders."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_the_wheel_carries_the_templates(tmp_path: Path) -> None:
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    builder = wheel_builder.WheelBuilder(str(ROOT))
    [built] = list(builder.build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(built).namelist())
    assert {"omrs/report/templates/report.html.j2", "omrs/report/templates/report.css"} <= names
