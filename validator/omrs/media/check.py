"""``omrs check`` on a media file: the C2PA verdict, the embedded records, the XMP.

Turns a :class:`~omrs.media.report.C2paReport` into findings: the SDK's verdict, the
records signed into the file checked like records on disk, their digests against the
full records the user supplied, the manifest's digital source types (the asset's and each
AI segment's) against the embedded disclosure, and the file's XMP against both. The
native C2PA library is loaded only when :func:`check_media` reads a file, never when this
module is imported.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omrs.bundles import merged_licence
from omrs.codes import c2pa as codes
from omrs.findings import FileKind, FileResult, Finding, Location, Severity
from omrs.media.actions import LABEL_ACTIONS
from omrs.media.extract import (
    EmbeddedRecords,
    asset_source_types,
    audit_checks,
    embedded_records,
    first_action_source_type,
    manifest_actions,
    manifest_source_type,
    match_digests,
)
from omrs.media.manifest import LABEL_LICENSE, LABEL_METADATA
from omrs.media.report import C2paReport
from omrs.options import CheckOptions

if TYPE_CHECKING:
    from omrs.rules.engine import RuleContext

_PROBLEM_CODES = {
    "unsupported-format": "c2pa.unsupported-format",
    "fragment": "c2pa.fragment",
    "unsafe-label": "c2pa.unsafe-label",
}
#: Problems that are a failure of the run on this file, not a finding about it (exit 2):
#: the file could not be read, or the native C2PA library crashed or hung on it.
_RUN_FAILURES = {"unreadable": "io.error", "crashed": "internal.error"}


_REQUIRED = "trusted signatures are required (--require-trusted)"


@dataclass(frozen=True, slots=True)
class BundleClaims:
    """What a bundle listing the file says about it: the disclosure it names and the
    file's own licences merged into one (plain data; the run reads them from the bundle)."""

    bundle: str
    pointer: str
    disclosure: Mapping[str, Any] | None
    licence: Mapping[str, Any] | None


def _finding(path: Path, code: str, message: str, pointer: str = "") -> Finding:
    return Finding(code, codes.severity_of(code), message, Location(str(path), pointer))


def _code_list(report: C2paReport, *, untrusted_only: bool = False) -> str:
    """Failure codes as reported, ingredient ones marked, each once."""
    shown = [
        ("ingredient:" if c.ingredient else "") + c.code
        for c in report.failures
        if not untrusted_only or c.code.endswith(".untrusted")
    ]
    return ", ".join(dict.fromkeys(shown)) or "no failure code given"


def verdict_findings(path: Path, report: C2paReport, options: CheckOptions) -> list[Finding]:
    """The finding (if any) that the C2PA state alone calls for."""
    state = report.state
    required = options.trust.require_trusted
    if state == "malformed":
        code = _PROBLEM_CODES.get(report.problem or "", "c2pa.malformed")
        return [_finding(path, code, report.error or "the file cannot be parsed")]
    if state == "invalid":
        from omrs.media.causes import explain_failures

        failed = [("ingredient:" if c.ingredient else "") + c.code for c in report.failures]
        return [
            _finding(path, "c2pa.invalid", f"C2PA manifest is invalid: {explain_failures(failed)}")
        ]
    if state == "remote":
        where = report.remote_url or "an unknown URL"
        message = f"manifest is remote ({where}) and was not fetched"
        if required:
            message += f", so it cannot be trusted; {_REQUIRED} (fetch it with --fetch-remote)"
            return [_finding(path, "c2pa.trust-required", message)]
        return [_finding(path, "c2pa.remote", message)]
    if state == "none":
        if required:
            return [_finding(path, "c2pa.trust-required", f"no C2PA manifest; {_REQUIRED}")]
        return [_finding(path, "c2pa.none", "no C2PA manifest")]
    if state == "valid" and required:
        untrusted = _code_list(report, untrusted_only=True)
        message = f"C2PA manifest is intact but not trusted ({untrusted})"
        return [_finding(path, "c2pa.untrusted", message)]
    return []


def _assertion_findings(path: Path, embedded: EmbeddedRecords) -> list[Finding]:
    """OMRS assertions whose content does not match their schema, each located."""
    return [
        _finding(
            path,
            "c2pa.omrs-assertion-invalid",
            f"{bad.label}: {bad.message}",
            f"/{bad.label}{bad.pointer}",
        )
        for bad in embedded.invalid
    ]


def _record_findings(path: Path, embedded: EmbeddedRecords, ctx: RuleContext) -> list[Finding]:
    """Check each full embedded record (schema and rules) as if it were a file."""
    from omrs.loading import LoadProblem, parse_text

    out: list[Finding] = []
    for record in embedded.full():
        prefix = f"/{record.label}{record.pointer}"
        text = json.dumps(record.data, indent=2, ensure_ascii=False)
        try:
            doc = parse_text(text, f"{path}#{record.label}", "json")
        except LoadProblem as problem:
            out.append(
                Finding(problem.code, Severity.ERROR, problem.message, Location(str(path), prefix))
            )
            continue
        for finding in ctx.judge(doc, ctx).findings:
            where = Location(str(path), prefix + finding.location.pointer)
            out.append(dataclasses.replace(finding, location=where))
    return out


def _actions_findings(path: Path, report: C2paReport, embedded: EmbeddedRecords) -> list[Finding]:
    """The manifest against the embedded disclosure: the asset's source type, then each
    AI segment's action (not for files signed before segments were recorded)."""
    from omrs.source_types import same_source_type, source_type_term

    disclosure = embedded.disclosure
    if disclosure is None:
        return []
    out: list[Finding] = []
    stated = disclosure.get("digitalSourceType")
    if isinstance(stated, str):
        statements = asset_source_types(report) or [(f"/{LABEL_METADATA}", "")]
        for pointer, signed in statements:
            if not same_source_type(stated, signed):
                message = (
                    f"the manifest says the asset's source type is "
                    f"{source_type_term(signed) or '(none)'}, the embedded disclosure says "
                    f"{source_type_term(stated)}"
                )
                out.append(_finding(path, _MISMATCH, message, pointer))
    if first_action_source_type(report) is None:
        out += _segment_findings(path, report, disclosure)
    return out


_MISMATCH = "c2pa.actions-mismatch"


def _segment_findings(
    path: Path, report: C2paReport, disclosure: Mapping[str, Any]
) -> list[Finding]:
    """Every disclosure segment has an action with its source type, and no action more."""
    from omrs.source_types import same_source_type, source_type_term

    raw = disclosure.get("segments")
    segments = raw if isinstance(raw, list) else []
    recorded: set[int] = set()
    out: list[Finding] = []
    for action in manifest_actions(report):
        index = action.segment
        if index is None:
            continue
        segment = segments[index] if 0 <= index < len(segments) else None
        if not isinstance(segment, Mapping):
            message = f"the action records AI segment {index}, which the disclosure does not have"
            out.append(_finding(path, _MISMATCH, message, action.pointer))
            continue
        recorded.add(index)
        stated = segment.get("digitalSourceType")
        if not same_source_type(stated, action.source_type):
            message = (
                f"the action for AI segment {index} says "
                f"{source_type_term(action.source_type) or '(none)'}, the embedded disclosure "
                f"says {source_type_term(stated) or '(none)'}"
            )
            out.append(_finding(path, _MISMATCH, message, action.pointer))
    for index, segment in enumerate(segments):
        if isinstance(segment, Mapping) and index not in recorded:
            message = f"AI segment {index} of the embedded disclosure has no action in the manifest"
            out.append(_finding(path, _MISMATCH, message, f"/{LABEL_ACTIONS}"))
    return out


def _load_records(paths: Iterable[Path], ctx: RuleContext) -> list[Mapping[str, Any]]:
    """Full records to match digests against, read once per run through the run's cache.

    Files that cannot be loaded are skipped here: checking them is ``omrs check``'s job.
    """
    from omrs.loading import Document

    docs = (ctx.documents.get(path) for path in paths)
    return [d.data for d in docs if isinstance(d, Document) and isinstance(d.data, Mapping)]


def digest_findings(
    path: Path, embedded: EmbeddedRecords, records: list[Mapping[str, Any]]
) -> list[Finding]:
    out: list[Finding] = []
    for check in match_digests(embedded, records):
        pointer = f"/{check.embedded.label}{check.embedded.pointer}"
        ident = check.embedded.id
        if check.verdict == "mismatch":
            message = (
                f"record {ident} does not match the one signed into the file "
                f"(signed digest {check.expected}, record digest {check.actual})"
            )
            out.append(_finding(path, "c2pa.record-digest-mismatch", message, pointer))
        elif check.verdict == "no-record":
            message = f"no full record with id {ident} was given to match the signed digest"
            out.append(_finding(path, "c2pa.record-missing", message, pointer))
    return out


def _xmp_findings(
    path: Path,
    report: C2paReport,
    embedded: EmbeddedRecords,
    options: CheckOptions,
    claims: Sequence[BundleClaims] = (),
) -> list[Finding]:
    """The XMP against the manifest and its records, as of the run's date (``--as-of``),
    and against what each bundle listing the file says, signed or not."""
    from omrs.xmp.crosscheck import check_media_xmp

    on = options.as_of
    source = manifest_source_type(report)
    licence = merged_licence([r.data for r in embedded.of(LABEL_LICENSE)], on=on)
    found = check_media_xmp(path, source, embedded.disclosure, licence, on=on)
    for claim in claims:
        found += check_media_xmp(path, None, claim.disclosure, claim.licence, on=on)
    unique = {(f.code, f.location, f.message): f for f in found}
    return list(unique.values())


def _bundle_findings(
    path: Path, report: C2paReport, claims: Sequence[BundleClaims]
) -> list[Finding]:
    """The manifest's digital source type against the disclosure each bundle names."""
    from omrs.source_types import same_source_type, source_type_term

    signed = manifest_source_type(report)
    out: list[Finding] = []
    for claim in claims:
        stated = claim.disclosure.get("digitalSourceType") if claim.disclosure else None
        if signed and isinstance(stated, str) and not same_source_type(stated, signed):
            message = (
                f"the manifest says the asset's source type is {source_type_term(signed)}, "
                f"the disclosure {claim.disclosure.get('id') if claim.disclosure else ''} "
                f"that {claim.bundle} names for it ({claim.pointer}) says "
                f"{source_type_term(stated)}"
            )
            out.append(_finding(path, "c2pa.bundle-mismatch", message))
    return out


def details(report: C2paReport, embedded: EmbeddedRecords) -> dict[str, Any]:
    """The ``c2pa`` object of the JSON report."""
    return {
        "c2pa": {
            "state": report.state,
            "codes": [c.to_dict() for c in report.codes],
            "activeManifest": report.active_manifest,
            "remote": report.state == "remote",
            "remoteUrl": report.remote_url,
            "error": report.error,
            "timestamp": report.timestamp.to_dict() if report.timestamp else None,
            "privacy": embedded.privacy,
            "records": [
                {"label": r.label, "pointer": r.pointer, "minimal": r.minimal, "record": r.data}
                for r in embedded.records
            ],
        }
    }


def check_media(
    path: Path,
    options: CheckOptions,
    bundle_context: RuleContext | None = None,
    claims: Sequence[BundleClaims] = (),
) -> FileResult:
    """Verify ``path`` and check what it claims; never raises for a bad file.

    ``bundle_context`` is the run's rule context (its document cache and profiles); without
    one, a fresh context is made for this file. ``claims`` are what the bundles listing the
    file say about it: its XMP and manifest are checked against them too.
    """
    from omrs.media.verify import verify_media

    report = verify_media(path, options.trust)
    return media_result(path, report, options, bundle_context, claims)


def media_result(
    path: Path,
    report: C2paReport,
    options: CheckOptions,
    bundle_context: RuleContext | None = None,
    claims: Sequence[BundleClaims] = (),
) -> FileResult:
    """Findings and report details for an already verified file (``omrs inspect`` too)."""
    embedded = embedded_records(report)
    info = details(report, embedded)
    if report.problem in _RUN_FAILURES:
        message = report.error or f"cannot read {path}"
        code = _RUN_FAILURES[report.problem]
        finding = Finding(code, Severity.ERROR, message, Location(str(path)))
        return FileResult(str(path), FileKind.MEDIA, (finding,), io_error=message, details=info)
    findings = verdict_findings(path, report, options)
    if report.state in ("trusted", "valid", "invalid"):
        findings += _embedded_findings(path, report, embedded, options, bundle_context)
        findings += _bundle_findings(path, report, claims)
    if report.state != "malformed":
        findings += _xmp_findings(path, report, embedded, options, claims)
    return FileResult(
        str(path), FileKind.MEDIA, tuple(sorted(findings, key=Finding.sort_key)), details=info
    )


def _embedded_findings(
    path: Path,
    report: C2paReport,
    embedded: EmbeddedRecords,
    options: CheckOptions,
    bundle_context: RuleContext | None,
) -> list[Finding]:
    from omrs.judgement import new_context

    ctx = bundle_context or new_context(options)
    findings = _assertion_findings(path, embedded)
    findings += _record_findings(path, embedded, ctx)
    findings += _actions_findings(path, report, embedded)
    full = _load_records(options.records, ctx) if options.records else []
    if options.records:
        findings += digest_findings(path, embedded, full)
    findings += [
        _finding(path, "c2pa.audit-log-mismatch", message, pointer)
        for pointer, message in audit_checks(embedded, full)
    ]
    return findings
