"""The readable ``omrs inspect`` report: what a file's manifest says, for people.

Legal and clearance teams read this, so it leads with the verdict, lists failure codes
exactly as the SDK gave them, and summarises the OMRS records without dumping JSON.
Returns text; printing is the CLI's business.
"""

from __future__ import annotations

from pathlib import Path

from omrs.findings import FileResult
from omrs.media.extract import (
    EmbeddedRecords,
    embedded_records,
    manifest_source_type,
    training_entries,
)
from omrs.media.report import C2paReport

_VERDICTS = {
    "trusted": "trusted: intact, signed by a trusted signer",
    "valid": "valid: intact, but the signer is not trusted by the configured anchors",
    "invalid": "INVALID: the file or its manifest was changed after signing",
    "none": "no C2PA manifest",
    "malformed": "MALFORMED: cannot be read",
    "remote": "remote manifest, not fetched",
}


_TIME_STAMPS = {
    "trusted": "trusted; the certificate was judged at this time",
    "untrusted": "NOT trusted (its authority is not among the trust anchors); ignored",
    "invalid": "INVALID; ignored",
    "unchecked": "not checked",
}


def _signature(report: C2paReport) -> list[str]:
    info = report.signature_info
    if not info:
        return []
    who = info.get("common_name") or info.get("issuer") or "unknown"
    lines = [f"  signed by:   {who} ({info.get('alg', '?')})"]
    stamp = report.timestamp
    if stamp is None:
        lines.append("  time-stamp:  none (the certificate is judged at the current time)")
    else:
        codes = f" [{', '.join(stamp.codes)}]" if stamp.codes else ""
        lines.append(f"  time-stamp:  {stamp.time or '?'}, {_TIME_STAMPS[stamp.state]}{codes}")
    return lines


def _codes(report: C2paReport) -> list[str]:
    from omrs.media.causes import rank

    lines: list[str] = []
    kinds = {"failure": 0, "warning": 1}
    shown = sorted(report.codes, key=lambda c: (kinds.get(c.kind, 2), rank(c.code)))
    for entry in shown:
        if entry.kind == "success":
            continue
        where = " [ingredient]" if entry.ingredient else ""
        lines.append(f"    {entry.kind:<13} {entry.code}{where}: {entry.explanation or ''}")
    successes = sum(1 for c in report.codes if c.kind == "success")
    if report.codes:
        lines.append(f"    ({successes} success code(s) not shown)")
    return ["  status codes:", *lines] if lines else []


def _training(report: C2paReport) -> list[str]:
    entries = training_entries(report)
    if not entries:
        return []
    lines = ["  training and data mining:"]
    for entry in entries:
        lines.append(f"    {entry.key}: {entry.use}" + (f" ({entry.info})" if entry.info else ""))
    return lines


def _records(embedded: EmbeddedRecords) -> list[str]:
    lines = [f"  OMRS records (privacy {embedded.privacy or 'unknown'}):"]
    if not embedded.records:
        lines = []
    for record in embedded.records:
        kind = record.data.get("recordType", "?")
        digest = str(record.data.get("digest"))[:16]
        form = f"minimal, digest {digest}..." if record.minimal else "full"
        lines.append(f"    {record.label}: {record.id or '(no id)'} ({kind}, {form})")
    audit = embedded.audit
    if audit is not None:
        lines.append(
            f"  audit log:   {audit['log']}, {audit['length']} entries, head {audit['head']}"
        )
    return lines


def _findings(result: FileResult) -> list[str]:
    if not result.findings:
        return ["  findings:    none"]
    lines = ["  findings:"]
    for f in result.findings:
        where = f" at {f.location.pointer}" if f.location.pointer else ""
        lines.append(f"    {f.severity.value}: {f.code}{where}: {f.message}")
    return lines


#: Verdicts that depend on why a file is ``malformed``.
_PROBLEMS = {"crashed": "NOT VERIFIED: the native C2PA library crashed on it"}


def render_inspect(path: Path, report: C2paReport, result: FileResult) -> str:
    """The whole text report for one file."""
    verdict = _PROBLEMS.get(report.problem or "") or _VERDICTS.get(report.state, report.state)
    lines = [f"{path}: {verdict}"]
    if report.error:
        lines.append(f"  reason:      {report.error}")
    if report.mime:
        lines.append(f"  format:      {report.mime}")
    if report.active_manifest:
        where = f"sidecar {report.sidecar}" if report.sidecar else "embedded"
        lines.append(f"  manifest:    {report.active_manifest} ({where})")
    lines += _signature(report)
    if report.actions:
        names = ", ".join(str(a.get("action")) for a in report.actions)
        lines.append(f"  actions:     {names}")
    source = manifest_source_type(report)
    if source:
        lines.append(f"  source type: {source}")
    lines += _codes(report) + _training(report) + _records(embedded_records(report))
    lines += _findings(result)
    return "\n".join(lines)
