"""What every reporter shares: the context it renders in and small helpers.

A reporter turns a finished :class:`~omrs.findings.RunResult` into the full text of one
report. It never prints, never exits and never reads the clock, so the same run always
renders to the same bytes (timestamps appear only when the caller passes them).
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import ClassVar
from urllib.parse import quote

from omrs import version
from omrs.findings import FileResult, Finding, Location, RunResult, Severity

#: Code of the synthetic finding that stands for a file that could not be read at all.
IO_ERROR_CODE = "io.unreadable"


@dataclass(frozen=True, slots=True)
class ReportContext:
    """How to render: presentation switches, where paths are relative to, what to stamp.

    ``color`` is decided by the caller (terminal detection and ``NO_COLOR`` are the CLI's
    business). ``base_dir`` is the directory SARIF, GitHub and GitLab paths are made
    relative to (the repository root in CI). ``run_started``/``run_finished`` are optional
    so that machine reports stay byte-for-byte reproducible unless asked otherwise.
    """

    color: bool = False
    verbose: bool = False
    quiet: bool = False
    base_dir: Path = Path(".")
    run_started: dt.datetime | None = None
    run_finished: dt.datetime | None = None
    tool_name: str = version.TOOL_NAME
    tool_version: str = version.TOOL_VERSION
    standard_version: str = version.STANDARD_VERSION
    format_version: str = version.REPORT_FORMAT_VERSION
    information_uri: str = version.INFORMATION_URI


class Reporter(abc.ABC):
    """One output format. Subclasses set ``name`` (the ``--format`` value)."""

    name: ClassVar[str]
    description: ClassVar[str]

    @abc.abstractmethod
    def render(self, run: RunResult, ctx: ReportContext) -> str:
        """Return the complete report for ``run`` (ending in a newline when not empty)."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(run: RunResult) -> str:
    """One line for a terminal, e.g. ``3 files checked: 1 failed, 2 errors, 1 warning``."""
    c = run.counts()
    parts = [
        f"{c['failed']} failed",
        _plural(c["errors"], "error"),
        _plural(c["warnings"], "warning"),
    ]
    if c["waived"]:
        parts.append(f"{c['waived']} waived")
    if c["ioErrors"]:
        parts.append(f"{c['ioErrors']} unreadable")
    return f"{_plural(c['files'], 'file')} checked: {', '.join(parts)}"


def io_finding(file: FileResult) -> Finding | None:
    """The I/O error of ``file`` as a finding, so formats without a place for it can show it.

    None when the file already carries a finding for it (the loader's located finding).
    """
    if not file.io_error or file.findings:
        return None
    return Finding(IO_ERROR_CODE, Severity.ERROR, file.io_error, Location(file.path))


def sorted_findings(file: FileResult) -> list[Finding]:
    """The findings of ``file`` in report order (location, code, message)."""
    return sorted(file.findings, key=Finding.sort_key)


def all_issues(run: RunResult, *, include_waived: bool = False) -> Iterator[Finding]:
    """Every I/O error and finding of the run, file by file, in report order."""
    for file in run.files:
        io = io_finding(file)
        if io is not None:
            yield io
        for f in sorted_findings(file):
            if include_waived or not f.waived_by:
                yield f


def is_failing(finding: Finding, *, strict: bool) -> bool:
    """Whether ``finding`` makes its file fail (errors; warnings too under ``--strict``)."""
    if finding.waived_by:
        return False
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def file_passed(file: FileResult, *, strict: bool) -> bool:
    return not file.io_error and not file.failed(strict=strict)


def relative_path(path: str, base_dir: Path) -> str | None:
    """``path`` relative to ``base_dir`` in POSIX form, or ``None`` if it lies outside.

    Relative paths are taken relative to the working directory, as the CLI received them.
    """
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base_dir))
    posix = PurePosixPath(*Path(rel).parts).as_posix()
    if posix == ".." or posix.startswith("../"):
        return None
    return posix


def display_path(path: str, base_dir: Path) -> str:
    """Path for CI annotations: relative to ``base_dir`` when inside it, else absolute."""
    rel = relative_path(path, base_dir)
    return rel if rel is not None else Path(os.path.abspath(path)).as_posix()


def artifact_uri(path: str, base_dir: Path) -> tuple[str, bool]:
    """A URI for ``path``: (relative URI, True) inside ``base_dir``, else (file URI, False)."""
    rel = relative_path(path, base_dir)
    if rel is not None:
        return quote(rel), True
    return Path(os.path.abspath(path)).as_uri(), False


def fingerprint(*parts: str) -> str:
    """A stable hash of ``parts`` (unambiguous: parts are NUL-separated)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def utc_timestamp(moment: dt.datetime) -> str:
    """RFC 3339 UTC with a ``Z`` suffix; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
