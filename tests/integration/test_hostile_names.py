"""Whole runs over hostile names and values: every format, to stdout and with --output.

A non-UTF-8 file name, a newline, a terminal escape or a bidi override in a name once lost
the whole report or reached the terminal raw. (A record value with a lone surrogate,
``"\\ud800"``, is now refused by the loader as ``load.encoding``; the reporters' own tests
still feed such strings to every format.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.integration.integration_support import VALID, record_text

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")
HOSTILE_ASSET = "media/\\u202e\\u001b[31m\\u009b.wav"
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "delivery"
    shutil.copytree(VALID / "bundle-documentary", root)
    (root / ".git").mkdir()
    bundle = yaml.safe_load((root / "omrs.yaml").read_text("utf-8"))
    text = json.dumps(bundle, default=str, indent=2)
    text = text.replace('"media/teaser-narration.wav"', f'"{HOSTILE_ASSET}"')
    (root / "omrs.yaml").unlink()
    (root / "omrs.json").write_text(text, "utf-8")
    name = os.fsdecode(b"bad\x80\xff\n\x1b[2J\xe2\x80\xae.json")
    (root / name).write_text(record_text(1, broken=True), "utf-8")
    return root


def _omrs(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "omrs", "check", "--no-config", "--jobs", "1", *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_the_report(hostile: Path, fmt: str) -> None:
    done = _omrs(hostile, "--format", fmt, ".")
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")  # strict: valid UTF-8
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt in ("text", "github", "junit"):
        assert not RAW_UNSAFE.search(out)
    written = _omrs(hostile, "--format", fmt, "--output", "report.out", ".")
    assert written.returncode == 1, written.stderr
    assert (hostile / "report.out").read_bytes() == done.stdout
    assert b"internal error" not in written.stderr


def test_the_text_report_shows_the_name_escaped(hostile: Path) -> None:
    out = _omrs(hostile, ".").stdout.decode("utf-8")
    assert "bad\\x80\\xff\\x0a\\x1b[2J\\u202e.json:" in out
    assert "media/\\u202e\\x1b[31m\\x9b.wav" in out


def test_a_lone_surrogate_in_a_record_is_an_encoding_finding(hostile: Path) -> None:
    bundle = hostile / "omrs.json"
    bundle.write_text(bundle.read_text("utf-8").replace("\\u202e", "\\ud800\\ud800"), "utf-8")
    done = _omrs(hostile, "--format", "json", "omrs.json")
    assert done.returncode == 1
    codes = [f["code"] for f in json.loads(done.stdout)["files"][0]["findings"]]
    assert codes == ["load.encoding"]
