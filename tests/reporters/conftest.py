"""Fixtures for the reporter tests: runs of every shape and a default context."""

from __future__ import annotations

from pathlib import Path

import pytest

from omrs.findings import RunResult
from omrs.reporters import ReportContext
from tests.reporters.reporter_runs import (
    consent_file,
    failing_file,
    media_file,
    unreadable_file,
    waived_file,
)


@pytest.fixture
def passing_run() -> RunResult:
    return RunResult.of([consent_file(), consent_file("records/other.json")])


@pytest.fixture
def failing_run() -> RunResult:
    return RunResult.of([consent_file(), failing_file(), waived_file(), media_file()])


@pytest.fixture
def io_run() -> RunResult:
    return RunResult.of([consent_file(), failing_file(), unreadable_file()])


@pytest.fixture
def all_runs(passing_run: RunResult, failing_run: RunResult, io_run: RunResult) -> list[RunResult]:
    empty = RunResult.of([])
    strict = RunResult.of([consent_file(), failing_file()], strict=True)
    return [empty, passing_run, failing_run, io_run, strict]


@pytest.fixture
def ctx() -> ReportContext:
    return ReportContext(base_dir=Path("."))
