"""The versioned JSON report (``schemas/report/<formatVersion>/report.schema.json``).

The top level leads with the tool, standard and format versions in a fixed order; every
nested object has sorted keys, so a run always serialises to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from omrs.findings import FileResult, Finding, RunResult
from omrs.reporters.base import (
    ReportContext,
    Reporter,
    dump_json,
    file_passed,
    file_profiles,
    run_context,
    shown_path,
    sorted_findings,
    utc_timestamp,
)


def jsonable(value: Any) -> Any:
    """A JSON-ready copy of ``value`` with sorted keys, so detail values cannot vary."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _finding(finding: Finding) -> dict[str, Any]:
    out = finding.to_dict()
    out["path"] = shown_path(finding.location.path)
    return out


def file_entry(file: FileResult, *, strict: bool) -> dict[str, Any]:
    """One element of ``files``: what was checked, whether it passed, and why not."""
    entry: dict[str, Any] = {
        "path": shown_path(file.path),
        "kind": file.kind.value,
        "recordType": file.record_type,
        "standardVersion": file.standard_version,
        "passed": file_passed(file, strict=strict),
        "ioError": file.io_error,
        "findings": [_finding(f) for f in sorted_findings(file)],
    }
    details = dict(file.details)
    details.pop("profiles", None)
    if file.record_type is not None:
        entry["profiles"] = file_profiles(file)
    if "c2pa" in details:
        entry["c2pa"] = details.pop("c2pa")
    if details:
        entry["details"] = details
    return jsonable(entry)  # type: ignore[no-any-return]


def report_object(run: RunResult, ctx: ReportContext) -> dict[str, Any]:
    """The report as a dict, top-level members in their documented order."""
    report: dict[str, Any] = {
        "tool": {"name": ctx.tool_name, "version": ctx.tool_version},
        "standardVersion": ctx.standard_version,
        "formatVersion": ctx.format_version,
        "exitCode": run.exit_code(),
        "strict": run.strict,
        **run_context(run, ctx),
        "summary": jsonable(run.counts()),
        "files": [file_entry(f, strict=run.strict) for f in run.files],
        "skipped": [{"path": shown_path(s.path), "reason": s.reason} for s in run.skipped],
    }
    if ctx.run_started is not None:
        report["startedAt"] = utc_timestamp(ctx.run_started)
    if ctx.run_finished is not None:
        report["finishedAt"] = utc_timestamp(ctx.run_finished)
    return report


class JsonReporter(Reporter):
    """Machine-readable, versioned and deterministic; see ``spec/report-format.md``."""

    name = "json"
    description = "versioned JSON report (schemas/report/1.2/report.schema.json)"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        return dump_json(report_object(run, ctx), sort_keys=False)
