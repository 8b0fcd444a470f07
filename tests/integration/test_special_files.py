"""Named pipes, sockets, devices and broken links never hang or stop a run.

A FIFO named like a record or a media file blocks a plain ``open`` forever, so every test
here runs the real CLI in a subprocess with a timeout: a regression fails instead of hanging
the suite. A walk skips such paths (and counts them); a path named explicitly is an
``io.not-regular`` finding with exit 2.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.integration_support import FIXTURES_MEDIA, VALID, record_text

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

#: Seconds a run may take before it counts as hung (a real run takes well under two).
TIMEOUT = 20
FIFO_MESSAGE = "is a named pipe (FIFO), not a regular file"


def omrs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it, killed (and the test failed) if it blocks."""
    return subprocess.run(
        [sys.executable, "-m", "omrs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    """A folder with one record and every kind of path a walk must not open."""
    root = tmp_path / "deliverables"
    root.mkdir()
    (root / ".git").mkdir()  # stops the configuration search
    (root / "consent.json").write_text(record_text(1), "utf-8")
    for name in ("x.json", "x.mp4", "x.jpg"):
        os.mkfifo(root / name)
    (root / "dangling.yaml").symlink_to(root / "nowhere.yaml")
    (root / "loop.json").symlink_to(root / "loop.json")
    (root / "pipe-link.json").symlink_to(root / "x.json")
    (root / "null.json").symlink_to(os.devnull)
    (root / "notes").symlink_to(root / "x.json")  # not a name a walk checks: not counted
    server = socket.socket(socket.AF_UNIX)
    old = Path.cwd()
    os.chdir(root)  # a short relative name keeps within the socket path limit
    try:
        server.bind("s.yaml")
    finally:
        os.chdir(old)
    try:
        yield root
    finally:
        server.close()


SKIPPED = {
    "dangling.yaml": "a broken symbolic link",
    "loop.json": "a symbolic link loop",
    "null.json": "a symbolic link to a character device",
    "pipe-link.json": "a symbolic link to a named pipe (FIFO)",
    "s.yaml": "a socket",
    "x.jpg": "a named pipe (FIFO)",
    "x.json": "a named pipe (FIFO)",
    "x.mp4": "a named pipe (FIFO)",
}


def test_a_walk_skips_and_counts_what_is_not_a_regular_file(tree: Path) -> None:
    done = omrs("check", "--no-config", "--format", "json", ".", cwd=tree)
    assert done.returncode == 0, done.stderr
    data = report(done)
    assert [f["path"] for f in data["files"]] == ["consent.json"]
    assert {Path(s["path"]).name: s["reason"] for s in data["skipped"]} == SKIPPED
    assert data["summary"]["skipped"] == len(SKIPPED)


def test_the_text_summary_names_the_skipped_files(tree: Path) -> None:
    done = omrs("check", "--no-config", ".", cwd=tree)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        f"1 file checked: 0 failed, 0 errors, 0 warnings, {len(SKIPPED)} non-regular files skipped"
    )
    assert "x.mp4: skipped: a named pipe (FIFO), not a regular file" in done.stdout


def test_a_parallel_walk_skips_them_too(tree: Path) -> None:
    for i in range(20):
        (tree / f"more-{i:02d}.json").write_text(record_text(i + 2), "utf-8")
    done = omrs("check", "--no-config", "--format", "json", "--jobs", "2", ".", cwd=tree)
    assert done.returncode == 0, done.stderr
    assert len(report(done)["files"]) == 21
    assert len(report(done)["skipped"]) == len(SKIPPED)


@pytest.mark.parametrize("name", ["x.json", "x.mp4", "x.jpg", "pipe-link.json", "s.yaml"])
def test_a_named_special_file_is_an_io_finding(tree: Path, name: str) -> None:
    done = omrs("check", "--no-config", "--format", "json", name, "consent.json", cwd=tree)
    assert done.returncode == 2, done.stderr
    by_path = {f["path"]: f for f in report(done)["files"]}
    assert by_path["consent.json"]["passed"]
    [finding] = by_path[name]["findings"]
    assert finding["code"] == "io.not-regular"
    assert finding["message"] == f"is {SKIPPED[name].removeprefix('a symbolic link to ')}, " + (
        "not a regular file"
    )
    assert by_path[name]["ioError"] == finding["message"]


def test_a_named_fifo_in_text_output(tree: Path) -> None:
    done = omrs("check", "--no-config", "x.json", cwd=tree)
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == f"x.json: error io.not-regular {FIFO_MESSAGE}"


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", "x.mp4"],
        ["inspect", "consent.json", "--sidecar", "x.json"],
        ["check", "--no-config", "--records", "x.json", "consent.json"],
        ["check", "--no-config", "--trust-anchors", "x.json", "consent.json"],
        ["xmp", "import", "x.jpg"],
        ["xmp", "export", "x.json", "--asset", "a.jpg"],
    ],
)
def test_a_fifo_given_to_a_file_option_is_a_usage_error(tree: Path, args: list[str]) -> None:
    done = omrs(*args, cwd=tree)
    assert done.returncode == 2
    assert FIFO_MESSAGE in done.stderr


def test_a_fifo_gitignore_is_skipped_not_read(tree: Path) -> None:
    os.mkfifo(tree / ".gitignore")
    done = omrs("check", "--no-config", "--format", "json", ".", cwd=tree)
    assert done.returncode == 0, done.stderr
    skipped = {Path(s["path"]).name: s["reason"] for s in report(done)["skipped"]}
    assert skipped[".gitignore"] == "a named pipe (FIFO)"


def test_a_fifo_configuration_file_is_a_configuration_error(tree: Path) -> None:
    os.mkfifo(tree / ".omrs.toml")
    done = omrs("check", "consent.json", cwd=tree)
    assert done.returncode == 2
    assert "configuration error" in done.stderr and FIFO_MESSAGE in done.stderr


def test_a_fifo_trust_file_in_the_configuration_is_a_configuration_error(tree: Path) -> None:
    (tree / ".omrs.toml").write_text('[trust]\nanchors = "x.json"\n', "utf-8")
    done = omrs("check", "consent.json", cwd=tree)
    assert done.returncode == 2
    assert f"trust.anchors: {tree / 'x.json'} {FIFO_MESSAGE}" in done.stderr


def test_a_fifo_xmp_sidecar_beside_media_does_not_block(tree: Path) -> None:
    shutil.copy(FIXTURES_MEDIA / "sample.jpg", tree / "photo.jpg")
    os.mkfifo(tree / "photo.xmp")
    done = omrs("check", "--no-config", "--format", "json", "photo.jpg", cwd=tree)
    assert done.returncode in (0, 1), done.stderr


def test_a_bundle_naming_fifos_reports_them(tree: Path) -> None:
    bundle_dir = tree / "bundle"
    shutil.copytree(VALID / "bundle-documentary", bundle_dir)
    record = bundle_dir / "records" / "license-okafor-voice-recordings.yaml"
    record.unlink()
    os.mkfifo(record)
    asset = bundle_dir / "media" / "teaser-narration.wav"
    asset.unlink()
    os.mkfifo(asset)
    done = omrs("check", "--no-config", "--format", "json", "bundle/omrs.yaml", cwd=tree)
    assert done.returncode == 1, done.stderr
    files = report(done)["files"]  # the bundle's media are checked with it, FIFOs never
    assert all(not f["path"].endswith("teaser-narration.wav") for f in files)
    bundle = next(f for f in files if f["path"].endswith("omrs.yaml"))
    messages = [f["message"] for f in bundle["findings"]]
    assert f"record records/license-okafor-voice-recordings.yaml: {FIFO_MESSAGE}" in messages
    assert f"asset file media/teaser-narration.wav {FIFO_MESSAGE}" in messages
