"""Reading a record: only regular files are opened, and no path makes the loader raise.

A FIFO named ``x.json`` blocked ``omrs check`` forever; a NUL byte in a path raised
ValueError and an over-long name OSError out of the loader. Each is now an ``io.*``
finding (exit 2) naming what went wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from omrs.checker import check_target
from omrs.discovery import Target
from omrs.findings import FileKind
from omrs.judgement import new_context
from omrs.loading import LoadProblem, load_document
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

VALID = FIXTURES / "records" / "valid" / "consent-living-counsel.json"


def problem_for(path: str | Path) -> LoadProblem:
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    return caught.value


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_given_as_a_record_is_refused_unopened(tmp_path: Path) -> None:
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    # In a child process with a timeout: before the fix this read blocked forever.
    done = subprocess.run(
        [sys.executable, "-m", "omrs", "check", "--no-config", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done
    assert "io.not-regular is a named pipe (FIFO), not a regular file" in done.stdout


def test_a_device_behind_a_record_name_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    problem = problem_for(link)
    assert (problem.code, problem.message, problem.io) == (
        "io.not-regular",
        "is a character device, not a regular file",
        True,
    )


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("a\0b.json", "io.error", "the path contains a NUL byte"),
        ("a" * 300 + ".json", "io.error", "file name too long"),
        ("missing.json", "io.not-found", "no such file or directory"),
    ],
    ids=["nul-byte", "300-characters", "missing"],
)
def test_an_unusable_path_is_an_io_finding_not_an_exception(
    name: str, code: str, message: str, tmp_path: Path
) -> None:
    path = str(tmp_path / name)
    problem = problem_for(path)
    assert (problem.code, problem.message, problem.io) == (code, message, True)
    result = check_target(Target(path, FileKind.RECORD, True), new_context(CheckOptions()))
    assert result is not None and result.io_error is not None
    assert [f.code for f in result.findings] == [code]


def test_a_directory_named_like_a_record_is_an_io_finding(tmp_path: Path) -> None:
    folder = tmp_path / "x.json"
    folder.mkdir()
    assert problem_for(folder).code == "io.is-a-directory"


def test_the_size_limit_still_applies(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(VALID.read_bytes())
    with pytest.raises(LoadProblem) as caught:
        load_document(big, max_size=100)
    assert caught.value.code == "load.too-large"
