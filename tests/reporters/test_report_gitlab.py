"""GitLab code quality: required fields, severities, stable and unique fingerprints."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity
from omrs.reporters import ReportContext
from omrs.reporters.gitlab import GitLabReporter
from tests.reporters.reporter_runs import failing_file


def issues(run: RunResult, ctx: ReportContext) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(GitLabReporter().render(run, ctx))
    return data


def test_issue_fields(io_run: RunResult, ctx: ReportContext) -> None:
    found = issues(io_run, ctx)
    assert len(found) == 5
    for issue in found:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    by_code = {i["check_name"]: i for i in found}
    assert by_code["schema.required"]["severity"] == "major"
    assert by_code["schema.required"]["location"] == {
        "path": "records/bad-consent.yaml",
        "lines": {"begin": 3},
    }
    assert by_code["consent.term-ends"]["severity"] == "minor"
    assert by_code["vendor.custom-check"]["severity"] == "info"
    assert by_code["io.unreadable"]["severity"] == "blocker"


def test_waived_findings_left_out(failing_run: RunResult, ctx: ReportContext) -> None:
    assert "bundle.asset-digest" not in {i["check_name"] for i in issues(failing_run, ctx)}


def test_passing_run_is_empty_array(passing_run: RunResult, ctx: ReportContext) -> None:
    assert issues(passing_run, ctx) == []


def test_fingerprints_stable_when_lines_move(ctx: ReportContext) -> None:
    before = failing_file()
    moved = replace(
        before,
        findings=tuple(
            replace(f, location=replace(f.location, line=(f.location.line or 0) + 10))
            for f in before.findings
        ),
    )
    prints = [i["fingerprint"] for i in issues(RunResult.of([before]), ctx)]
    moved_prints = [i["fingerprint"] for i in issues(RunResult.of([moved]), ctx)]
    assert sorted(prints) == sorted(moved_prints)
    assert prints == [i["fingerprint"] for i in issues(RunResult.of([before]), ctx)]


def test_fingerprints_unique_even_for_repeats(
    failing_run: RunResult, io_run: RunResult, ctx: ReportContext
) -> None:
    same = Finding("schema.type", Severity.ERROR, "wrong type", Location("a.json", "/x", 1, 1))
    again = replace(same, location=replace(same.location, line=9))
    repeated = RunResult.of([FileResult("a.json", FileKind.RECORD, (same, again))])
    prints = [
        i["fingerprint"]
        for run in (failing_run, io_run, repeated)
        for i in issues(run, ctx)
        if run is not io_run or i["check_name"] == "io.unreadable"
    ]
    assert len(prints) == len(set(prints))
