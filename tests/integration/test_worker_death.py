"""A worker process that dies costs one file at most, never the run (--jobs 2).

The OOM killer or a native crash kills a worker outright; ``concurrent.futures`` then
fails every unfinished task with BrokenProcessPool, which once ended the run with a
traceback and no report. Workers here inherit (by fork) a patched dispatcher that kills
the process on chosen files.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import omrs.checker as checker
from omrs.checker import PARALLEL_MIN_TARGETS, check_paths
from omrs.discovery import Target
from omrs.findings import FileResult, RunResult
from omrs.options import CheckOptions
from omrs.rules.engine import RuleContext
from tests.integration.integration_support import failing_after, write_corpus

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the patched dispatcher reaches the workers only when they are forked",
)
COUNT = PARALLEL_MIN_TARGETS + 8


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """A hang fails the test after 60 s instead of stalling the suite."""
    with failing_after(60):
        yield


def _kill_on(monkeypatch: pytest.MonkeyPatch, doomed: Callable[[str], bool], how: str) -> None:
    original = checker._dispatch

    def dispatch(target: Target, ctx: RuleContext) -> FileResult | None:
        if doomed(target.path):
            if how == "abort":
                faulthandler.disable()  # pytest's handler would print the abort's stack
                os.abort()
            os.kill(os.getpid(), signal.SIGKILL)
        return original(target, ctx)

    monkeypatch.setattr(checker, "_dispatch", dispatch)


def _verdicts(run: RunResult) -> dict[str, list[str]]:
    return {Path(f.path).name: [x.code for x in f.findings] for f in run.files}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path, COUNT)
    return tmp_path


@pytest.mark.parametrize("how", ["kill", "abort"])
def test_a_file_that_kills_its_worker_every_time(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    serial = _verdicts(check_paths([corpus], CheckOptions(jobs=1)))
    _kill_on(monkeypatch, lambda p: p.endswith("consent-00009.json"), how)
    seen: list[FileResult | None] = []
    run = check_paths([corpus], CheckOptions(jobs=2), on_result=seen.append)
    assert run.exit_code() == 2
    assert len(seen) == COUNT
    got = _verdicts(run)
    assert got.pop("consent-00009.json") == ["internal.error"]
    del serial["consent-00009.json"]
    assert got == serial


def test_several_deadly_files_each_get_their_own_error(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadly = {"consent-00001.json", "consent-00012.json", "consent-00020.json"}
    _kill_on(monkeypatch, lambda p: Path(p).name in deadly, "kill")
    run = check_paths([corpus], CheckOptions(jobs=2))
    errors = {n for n, codes in _verdicts(run).items() if codes == ["internal.error"]}
    assert errors == deadly
    assert len(run.files) == COUNT


def test_a_worker_killed_once_loses_nothing(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like the OOM killer: the file was not to blame, and its re-check succeeds."""
    marker = tmp_path_factory.mktemp("once") / "killed"

    def first_time(path: str) -> bool:
        if not path.endswith("consent-00003.json"):
            return False
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return False
        return True

    serial = check_paths([corpus], CheckOptions(jobs=1))
    _kill_on(monkeypatch, first_time, "kill")
    run = check_paths([corpus], CheckOptions(jobs=2))
    assert marker.exists()
    assert _verdicts(run) == _verdicts(serial)
    assert run.exit_code() == serial.exit_code() == 1
