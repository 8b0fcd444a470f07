"""SARIF 2.1.0, the format GitHub code scanning and most static-analysis viewers read.

One run; rule metadata comes from the rule catalogue so that code scanning shows the same
title, rationale and legal sources as ``omrs explain``. Waived findings stay in the log
as externally suppressed results; unreadable files become tool execution notifications.
"""

from __future__ import annotations

from typing import Any

from omrs.findings import Finding, RunResult, Severity
from omrs.reporters.base import (
    IO_ERROR_CODE,
    SKIPPED_CODE,
    ReportContext,
    Reporter,
    artifact_uri,
    dump_json,
    file_uri,
    fingerprint,
    run_context,
    sorted_findings,
    utc_timestamp,
)
from omrs.reporters.json_report import jsonable

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_name(code: str) -> str:
    """``consent.specific-use`` -> ``ConsentSpecificUse`` (SARIF names are identifiers)."""
    words = code.replace(".", "-").replace("_", "-").split("-")
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def descriptor(code: str) -> dict[str, Any]:
    """The reportingDescriptor of ``code``, minimal when the catalogue does not know it."""
    from omrs.rules import catalogue

    rule = catalogue.get(code)
    out: dict[str, Any] = {"id": code, "name": _rule_name(code)}
    if rule is None:
        out["shortDescription"] = {"text": code}
        return out
    from omrs.rules.explain import help_uri

    sources = [s.cite() for s in rule.sources]
    uri = help_uri(rule)
    help_text = rule.rationale + "".join(f"\nSource: {s}" for s in sources)
    markdown = "\n".join(
        [f"**{rule.title}**", "", rule.rationale, "", *(f"- {s}" for s in sources), "", uri]
    )
    out.update(
        shortDescription={"text": rule.title},
        fullDescription={"text": rule.rationale},
        help={"text": f"{help_text}\nMore: {uri}", "markdown": markdown},
        helpUri=uri,
        defaultConfiguration={"level": _LEVEL[rule.severity]},
        properties={"tags": sorted(set(rule.profiles)), "sources": sources},
    )
    return out


def _location(finding: Finding, ctx: ReportContext, artifacts: dict[str, int]) -> dict[str, Any]:
    loc = finding.location
    uri, relative = artifact_uri(loc.path, ctx.base_dir)
    artifact: dict[str, Any] = {"uri": uri, "index": artifacts[loc.path]}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line}
        if loc.column is not None:
            physical["region"]["startColumn"] = loc.column
    out: dict[str, Any] = {"physicalLocation": physical}
    if loc.pointer:
        out["logicalLocations"] = [{"fullyQualifiedName": loc.pointer, "kind": "member"}]
    return out


def _result(
    finding: Finding, ctx: ReportContext, rules: dict[str, int], artifacts: dict[str, int]
) -> dict[str, Any]:
    loc = finding.location
    props: dict[str, Any] = {"pointer": loc.pointer}
    if finding.source:
        props["source"] = finding.source
    suppressions = []
    if finding.waived_by:
        suppressions.append({"kind": "external", "justification": finding.waived_by})
    return {
        "ruleId": finding.code,
        "ruleIndex": rules[finding.code],
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding, ctx, artifacts)],
        "partialFingerprints": {
            "omrsFinding/v1": fingerprint(loc.path, finding.code, loc.pointer, finding.message)
        },
        "properties": props,
        "suppressions": suppressions,
    }


def _artifacts(run: RunResult, ctx: ReportContext) -> tuple[list[dict[str, Any]], dict[str, int]]:
    paths = sorted({f.path for f in run.files} | {f.location.path for f in run.findings})
    by_path = {f.path: f for f in run.files}
    entries = []
    for path in paths:
        uri, relative = artifact_uri(path, ctx.base_dir)
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = SRCROOT
        entry: dict[str, Any] = {"location": location}
        file = by_path.get(path)
        if file is not None:
            props = {"kind": file.kind.value, "recordType": file.record_type}
            if "c2pa" in file.details:
                props["c2pa"] = file.details["c2pa"]
            entry["properties"] = jsonable(props)
        entries.append(entry)
    return entries, {p: i for i, p in enumerate(paths)}


def _invocation(run: RunResult, ctx: ReportContext, artifacts: dict[str, int]) -> dict[str, Any]:
    notes = []
    for file in run.io_errors:
        uri, relative = artifact_uri(file.path, ctx.base_dir)
        where: dict[str, Any] = {"uri": uri, "index": artifacts[file.path]}
        if relative:
            where["uriBaseId"] = SRCROOT
        notes.append(
            {
                "level": "error",
                "message": {"text": file.io_error},
                "locations": [{"physicalLocation": {"artifactLocation": where}}],
                "descriptor": {"id": IO_ERROR_CODE},
            }
        )
    for skipped in run.skipped:
        uri, relative = artifact_uri(skipped.path, ctx.base_dir)
        where = {"uri": uri, **({"uriBaseId": SRCROOT} if relative else {})}
        notes.append(
            {
                "level": "note",
                "message": {"text": f"skipped: {skipped.reason}, not a regular file"},
                "locations": [{"physicalLocation": {"artifactLocation": where}}],
                "descriptor": {"id": SKIPPED_CODE},
            }
        )
    out: dict[str, Any] = {
        "executionSuccessful": not run.io_errors,
        "exitCode": run.exit_code(),
        "toolExecutionNotifications": notes,
    }
    if ctx.run_started is not None:
        out["startTimeUtc"] = utc_timestamp(ctx.run_started)
    if ctx.run_finished is not None:
        out["endTimeUtc"] = utc_timestamp(ctx.run_finished)
    return out


def sarif_log(run: RunResult, ctx: ReportContext) -> dict[str, Any]:
    """The SARIF log as a dict."""
    findings = [f for file in run.files for f in sorted_findings(file)]
    rules = sorted({f.code for f in findings})
    rule_index = {code: i for i, code in enumerate(rules)}
    artifacts, index = _artifacts(run, ctx)
    driver = {
        "name": ctx.tool_name,
        "version": ctx.tool_version,
        "semanticVersion": ctx.tool_version,
        "informationUri": ctx.information_uri,
        "rules": [descriptor(code) for code in rules],
        "properties": {
            "standardVersion": ctx.standard_version,
            "reportFormatVersion": ctx.format_version,
        },
    }
    base_uri = file_uri(ctx.base_dir).rstrip("/") + "/"
    sarif_run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": base_uri}},
        "artifacts": artifacts,
        "invocations": [_invocation(run, ctx, index)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, ctx, rule_index, index) for f in findings],
        "properties": run_context(run, ctx),
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


class SarifReporter(Reporter):
    """SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps, IDE viewers)."""

    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning and other static-analysis viewers)"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        return dump_json(sarif_log(run, ctx))
