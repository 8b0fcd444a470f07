"""GitLab code quality report: a JSON array of issues shown in merge-request widgets.

Fingerprints hash what identifies a finding (path, code, pointer, message) but not its
line, so an issue keeps its identity when lines move; repeats get an occurrence number.
"""

from __future__ import annotations

from typing import Any

from omrs.findings import Finding, RunResult, Severity
from omrs.reporters.base import (
    IO_ERROR_CODE,
    ReportContext,
    Reporter,
    all_issues,
    display_path,
    dump_json,
    fingerprint,
    shown_path,
)

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, ctx: ReportContext, occurrence: int) -> dict[str, Any]:
    loc = finding.location
    path = display_path(loc.path, ctx.base_dir)
    parts = [path, finding.code, loc.pointer, finding.message]
    if occurrence:
        parts.append(str(occurrence))
    description = finding.message + (f" [{loc.pointer}]" if loc.pointer else "")
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint(*parts),
        "severity": "blocker" if finding.code == IO_ERROR_CODE else _SEVERITY[finding.severity],
        "location": {"path": shown_path(path), "lines": {"begin": loc.line or 1}},
    }


class GitLabReporter(Reporter):
    """GitLab code quality (Code Climate subset) JSON."""

    name = "gitlab"
    description = "GitLab code quality report (JSON)"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        seen: dict[tuple[str, str, str, str], int] = {}
        issues = []
        for finding in all_issues(run):
            loc = finding.location
            key = (loc.path, finding.code, loc.pointer, finding.message)
            issues.append(issue(finding, ctx, seen.get(key, 0)))
            seen[key] = seen.get(key, 0) + 1
        return dump_json(issues)
