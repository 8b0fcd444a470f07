"""--show-settings, --show-files and the count of skipped files (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

from omrs.checker import check_paths
from omrs.reporters import summary
from tests.cli.test_suggestions import RECORD, invoke


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "deliverables"
    folder.mkdir()
    shutil.copy(RECORD, folder / "consent.yaml")
    (folder / "notes.json").write_text('{"title": "not ours"}', "utf-8")
    (folder / "package.yaml").write_text("omrs_version: 3\n", "utf-8")  # names omrs, parses
    return folder


def test_show_settings_prints_the_merged_configuration(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text(
        'strict = true\nprofiles = ["us-ca"]\nignore = ["c2pa.none"]\n'
        '[severity]\n"consent.specific-use" = "warning"\n',
        "utf-8",
    )
    result = invoke(
        "check", "--show-settings", "--as-of", "2026-06-01", "--jobs", "3", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"configuration file: {tmp_path / '.omrs.toml'}" in out
    for line in ("strict: true", "as-of: 2026-06-01", "jobs: 3", "ignore: c2pa.none"):
        assert line in out
    assert "profiles added: us-ca" in out and "consent.specific-use = warning" in out
    assert "anchors: (none)" in out


def test_show_files_lists_what_a_walk_would_check_and_skip(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = invoke("check", "--no-config", "--show-files", str(folder))
    assert result.exit_code == 0
    assert f"{folder / 'consent.yaml'}: record" in result.output
    assert f"{folder / 'notes.json'}: skipped, not an OMRS document" in result.output


def test_the_summary_counts_files_that_are_not_omrs(tmp_path: Path) -> None:
    run = check_paths([_folder(tmp_path)])
    assert [Path(p).name for p in run.not_omrs] == ["notes.json", "package.yaml"]
    assert summary(run).endswith("2 non-OMRS files skipped")
    assert invoke("check", "--no-config", str(tmp_path)).exit_code == 0


def test_paths_are_required_unless_showing_settings() -> None:
    assert invoke("check").exit_code == 2
