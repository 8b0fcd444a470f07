"""The published pre-commit hooks, run by the real pre-commit framework, offline.

pre-commit builds the hooks' environment as it does for users: a virtualenv, then
``pip install .`` of a clone of the hook repository (a committed copy of this working
tree, see conftest). pip gets no index, only a local wheelhouse repacked from this venv,
so the python-language install path runs for real without network. The first test of a
session pays for that install (a few seconds); later ones reuse pre-commit's cache.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from omrs.discovery import MEDIA_SUFFIXES, kind_of
from omrs.findings import FileKind
from omrs.starter import starter_files
from tests.integration.integration_support import (
    FIXTURES_MEDIA,
    ROOT,
    broken_location,
    git,
    precommit,
    record_text,
)

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}

pytestmark = pytest.mark.slow


def _work_repo(path: Path, env: dict[str, str]) -> Path:
    git(path, "init", "-q", env=env)
    return path


def _stage_record(work: Path, env: dict[str, str], *, broken: bool) -> Path:
    record = work / "records" / "consent-lead.json"
    record.parent.mkdir(exist_ok=True)
    record.write_text(record_text(1, broken=broken), "utf-8")
    git(work, "add", "records", env=env)
    return record


def _expected_location(record: Path) -> str:
    """``records/consent-lead.json:LINE:COL`` of the broken value, computed from the text."""
    return f"records/{record.name}:{broken_location(record.read_text('utf-8'))}"


def test_hook_file_is_in_the_repository_root() -> None:
    assert set(HOOKS) == {"omrs-check", "omrs-check-media"}
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("omrs check")
        assert hook["pass_filenames"] is True
        assert hook["require_serial"] is True  # one process judges a bundle once


def test_hook_file_passes_pre_commits_own_validation() -> None:
    pytest.importorskip("pre_commit")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-manifest",
            str(ROOT / ".pre-commit-hooks.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("name", "selected"),
    [
        ("omrs.yaml", True),
        ("deliverables/ep01/omrs.yml", True),
        ("omrs.json", True),
        ("consent-jdoe.omrs.json", True),
        ("vfx/shot-12.omrs.yaml", True),
        ("records/consent.json", True),
        ("show/rights/licences/stock.yml", True),
        ("fixtures/records/valid/bundle-documentary/records/consent-estate-okafor.yaml", True),
        ("package.json", False),
        ("tsconfig.json", False),
        (".github/workflows/ci.yml", False),
        ("docs/mkdocs.yml", False),
        ("omrs.yaml.bak", False),
        ("recordsx/a.json", False),
    ],
)
def test_record_hook_selects_omrs_documents(name: str, selected: bool) -> None:
    assert bool(re.search(HOOKS["omrs-check"]["files"], name)) is selected


def test_the_hooks_select_every_file_omrs_init_writes() -> None:
    for name in starter_files(dt.date(2026, 1, 1)):
        hook = "omrs-check-media" if kind_of(name) is FileKind.MEDIA else "omrs-check"
        assert re.search(HOOKS[hook]["files"], name), (hook, name)


def test_media_hook_selects_exactly_the_media_omrs_reads() -> None:
    pattern = HOOKS["omrs-check-media"]["files"]
    listed = re.fullmatch(r"\(\?i\)\\\.\(([a-z0-9|]+)\)\$", pattern)
    assert listed, pattern  # a plain list of extensions, easy to compare and to read
    assert {f".{ext}" for ext in listed.group(1).split("|")} == set(MEDIA_SUFFIXES)
    for suffix in MEDIA_SUFFIXES:
        assert re.search(pattern, f"media/clip{suffix}"), suffix
        assert re.search(pattern, f"media/CLIP{suffix.upper()}"), suffix
    for name in ("notes.txt", "record.json", "omrs.yaml", "clip.mp4.json", "edit.prproj"):
        assert not re.search(pattern, name), name


def test_try_repo_passes_a_valid_record(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    work = _work_repo(tmp_path, precommit_env)
    _stage_record(work, precommit_env, broken=False)
    code, out = precommit(work, precommit_env, "try-repo", str(hook_repo), "omrs-check")
    assert code == 0, out
    assert re.search(r"omrs check \(rights records and bundles\)\.+Passed", out), out


def test_try_repo_rejects_an_invalid_record_with_its_location(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    work = _work_repo(tmp_path, precommit_env)
    record = _stage_record(work, precommit_env, broken=True)
    code, out = precommit(work, precommit_env, "try-repo", str(hook_repo), "omrs-check")
    assert code == 1, out
    assert "Failed" in out
    assert f"{_expected_location(record)}: error schema.enum" in out, out
    assert "Traceback" not in out


def test_commit_is_rejected_then_accepted_with_the_installed_hook(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    """The copy-paste configuration of docs/integration.md, installed as a git hook."""
    work = _work_repo(tmp_path, precommit_env)
    rev = git(hook_repo, "rev-parse", "HEAD", env=precommit_env).strip()
    config = f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: omrs-check\n"
    (work / ".pre-commit-config.yaml").write_text(config, "utf-8")
    code, out = precommit(work, precommit_env, "install")
    assert code == 0, out
    record = _stage_record(work, precommit_env, broken=True)
    git(work, "add", ".pre-commit-config.yaml", env=precommit_env)
    rejected = subprocess.run(
        ["git", "commit", "-m", "add consent"],
        cwd=work,
        env=precommit_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rejected.returncode != 0
    assert _expected_location(record) in rejected.stdout + rejected.stderr
    _stage_record(work, precommit_env, broken=False)
    git(work, "commit", "-q", "-m", "add consent", env=precommit_env)
    assert git(work, "log", "--oneline", env=precommit_env).count("\n") == 1


def test_media_hook_runs_on_media_and_skips_the_rest(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    work = _work_repo(tmp_path, precommit_env)
    (work / "notes.txt").write_text("not media\n", "utf-8")
    git(work, "add", "notes.txt", env=precommit_env)
    code, out = precommit(work, precommit_env, "try-repo", str(hook_repo), "omrs-check-media")
    assert code == 0, out
    assert "(no files to check)Skipped" in out, out
    sample = FIXTURES_MEDIA / "sample.png"
    (work / "still.png").write_bytes(sample.read_bytes())
    git(work, "add", "still.png", env=precommit_env)
    code, out = precommit(work, precommit_env, "try-repo", str(hook_repo), "omrs-check-media")
    assert code in (0, 1), out  # an unsigned still passes or fails on findings, never crashes
    assert "omrs check (media with C2PA manifests)" in out
    assert "Skipped" not in out, out
    assert "Traceback" not in out, out


def test_the_hook_and_a_folder_run_agree_on_late_keyed_records(
    hook_repo: Path, precommit_env: dict[str, str], tmp_path: Path
) -> None:
    """A record whose `omrs` comes after 4 KB: found by a walk, and by the hook, alike."""
    from click.testing import CliRunner

    from omrs.cli import cli
    from tests.integration.test_walk_content import _late_keys

    work = _work_repo(tmp_path, precommit_env)
    (work / "records").mkdir()
    (work / "records" / "late.json").write_text(_late_keys(broken=True), "utf-8")
    git(work, "add", "records", env=precommit_env)
    code, out = precommit(work, precommit_env, "try-repo", str(hook_repo), "omrs-check")
    walked = CliRunner().invoke(cli, ["check", "--no-config", "--jobs", "1", str(work)])
    assert code == walked.exit_code == 1, out
    findings = [line for line in walked.stdout.splitlines() if ": error " in line]
    assert findings
    for line in findings:
        assert line.removeprefix(f"{work}/") in out, out
