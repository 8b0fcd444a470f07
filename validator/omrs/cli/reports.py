"""``--report FORMAT=FILE``: several report formats from one run.

Media verification is the slow part of a run, so CI writes SARIF, JUnit, code quality...
from one pass instead of one pass per format. Any format in the reporter registry
(``omrs.reporters.REPORTERS``) is accepted: a new reporter joins by registering there.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from omrs.cli.common import fail, write_output
from omrs.findings import RunResult
from omrs.reporters import ReportContext, get_reporter, names
from omrs.suggest import did_you_mean


@dataclasses.dataclass(frozen=True, slots=True)
class ReportRequest:
    """One ``--report``: the format and the file it goes to."""

    fmt: str
    path: Path


def parse_reports(values: tuple[str, ...]) -> list[ReportRequest]:
    """Each ``FORMAT=FILE``; a bad format or a file named twice is a usage error."""
    requests: list[ReportRequest] = []
    known = names()
    for value in values:
        fmt, sep, file = value.partition("=")
        fmt = fmt.strip().lower()
        if not sep or not file:
            fail(f"--report {value!r}: expected FORMAT=FILE, e.g. sarif=omrs.sarif")
        if fmt not in known:
            hint = did_you_mean(fmt, known)
            fail(f"--report: unknown format {fmt!r}{hint} (formats: {', '.join(known)})")
        requests.append(ReportRequest(fmt, Path(file)))
    paths = [r.path for r in requests]
    twice = next((p for p in paths if paths.count(p) > 1), None)
    if twice is not None:
        fail(f"--report: {twice} is named twice; give each report its own file")
    return requests


def write_reports(run: RunResult, ctx: ReportContext, requests: list[ReportRequest]) -> None:
    """Render each requested format, without colour, and write it atomically."""
    plain = dataclasses.replace(ctx, color=False)
    for request in requests:
        write_output(request.path, get_reporter(request.fmt)().render(run, plain))
