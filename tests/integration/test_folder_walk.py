"""Folder walking through the CLI: ignore files, exclude patterns, symlink loops, foreign JSON.

An edit repository holds records next to project files, so a walk must check the OMRS
documents, skip everything else silently, and never hang on a symlink loop.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from tests.integration.integration_support import record_text

PACKAGE_JSON = '{"name": "edit-tools", "version": "1.0.0", "private": true}\n'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _checked(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "1", *args])
    return result.exit_code, json.loads(result.stdout)


def _paths(report: dict[str, Any]) -> list[str]:
    return [Path(f["path"]).as_posix() for f in report["files"]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An edit repository: records, ignored drafts, nested ignores, tooling JSON."""
    (tmp_path / ".git").mkdir()  # stops the configuration search here
    _write(tmp_path / "records" / "consent.json", record_text(1))
    _write(tmp_path / ".gitignore", "drafts/\n*.tmp.json\n")
    _write(tmp_path / "drafts" / "consent.json", record_text(2, broken=True))
    _write(tmp_path / "records" / "scratch.tmp.json", record_text(3, broken=True))
    _write(tmp_path / "shots" / ".gitignore", "old.json\n")
    _write(tmp_path / "shots" / "old.json", record_text(4, broken=True))
    _write(tmp_path / "shots" / "sub" / "consent.json", record_text(5))
    _write(tmp_path / "package.json", PACKAGE_JSON)
    _write(tmp_path / "tools" / "tsconfig.json", '{"compilerOptions": {}}\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_gitignore_files_are_honoured_at_every_level(project: Path) -> None:
    code, report = _checked(".")
    assert code == 0, report
    assert _paths(report) == ["records/consent.json", "shots/sub/consent.json"]


def test_exclude_flag_and_configuration_are_honoured(project: Path) -> None:
    _write(project / "archive" / "consent.json", record_text(6, broken=True))
    _write(project / "vendor" / "x" / "consent.json", record_text(7, broken=True))
    assert _checked(".")[0] == 1
    _write(project / ".omrs.toml", 'exclude = ["vendor/"]\n')
    code, report = _checked(".", "--exclude", "archive/")
    assert code == 0, report
    assert _paths(report) == ["records/consent.json", "shots/sub/consent.json"]


def test_foreign_json_in_a_folder_is_skipped_but_named_is_reported(project: Path) -> None:
    _, walked = _checked(".")
    assert "package.json" not in _paths(walked)
    code, named = _checked("package.json")
    assert code == 1
    [finding] = named["files"][0]["findings"]
    assert finding["code"] == "load.not-a-record"
    assert (finding["line"], finding["column"]) == (1, 1)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlink_loop_does_not_hang_the_walk(project: Path) -> None:
    (project / "records" / "loop").symlink_to(project / "records", target_is_directory=True)
    (project / "shots" / "sub" / "up").symlink_to(project, target_is_directory=True)
    done = subprocess.run(
        [sys.executable, "-m", "omrs", "check", "--format", "json", "--jobs", "1", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    paths = _paths(json.loads(done.stdout))
    assert paths == ["records/consent.json", "shots/sub/consent.json"]
