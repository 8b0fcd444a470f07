"""One document judged whole: its envelope, its schema, then the rules in force for it.

The run (omrs.checker), a bundle judging the records it lists (omrs.rules.bundle) and a
media file's embedded records (omrs.media.check) all judge a document here, so a record
gets the same verdict wherever it is met. Importing this module fills the rule catalogue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from omrs import deprecation, schemas
from omrs.fileio import resolved
from omrs.findings import FileKind, FileResult, Finding, Location, Severity
from omrs.loading import Document, LoadProblem
from omrs.options import CheckOptions
from omrs.rules import (
    builtin,  # noqa: F401  (registers every rule)
    profiles,
)
from omrs.rules.bundle import view
from omrs.rules.engine import DocumentCache, RuleContext, applicable, checked_version
from omrs.rules.waivers import apply_waivers
from omrs.validation import validate


def new_context(options: CheckOptions) -> RuleContext:
    """The context of one run: its date, its document cache, the profiles chosen."""
    return RuleContext(
        options=options,
        today=options.as_of or dt.date.today(),
        documents=DocumentCache(options.max_file_size),
        profiles=tuple(dict.fromkeys(map(profiles.canonical, options.profiles))),
        excluded_profiles=tuple(dict.fromkeys(map(profiles.canonical, options.excluded_profiles))),
        judge=check_document,
    )


def problem_result(path: str, kind: FileKind, problem: LoadProblem) -> FileResult:
    finding = Finding(
        problem.code,
        Severity.ERROR,
        problem.message,
        Location(path, problem.pointer, problem.line, problem.column),
    )
    return FileResult(path, kind, (finding,), io_error=problem.message if problem.io else None)


def _envelope(doc: Document) -> tuple[str, str, list[Finding]]:
    """The schema version and record type to check ``doc`` with, or raise LoadProblem."""
    if not isinstance(doc.data, dict) or "omrs" not in doc.data or "recordType" not in doc.data:
        raise LoadProblem(
            "load.not-a-record",
            "not an OMRS document: the top level must be an object with `omrs` "
            '(the standard version, e.g. "1.0") and `recordType`',
            line=1,
            column=1,
        )
    declared, record_type = doc.standard_version, doc.record_type
    resolution = schemas.resolve_version(declared or "")
    if resolution.version is None:
        from omrs.hints import unknown_version

        line, column = doc.locate("/omrs")
        message, cannot_judge = unknown_version(doc.data["omrs"], schemas.versions())
        raise LoadProblem(
            "load.unknown-version", message, pointer="/omrs", line=line, column=column,
            io=cannot_judge,
        )  # fmt: skip
    notes: list[Finding] = []
    if resolution.newer_minor:
        line, column = doc.locate("/omrs")
        notes.append(
            Finding(
                "load.newer-minor",
                Severity.WARNING,
                f"document declares OMRS {declared}; checked against {resolution.version}, "
                "the newest version this validator ships (fields added later are not checked)",
                Location(doc.path, "/omrs", line, column),
            )
        )
    if record_type not in schemas.record_types(resolution.version):
        line, column = doc.locate("/recordType")
        types = ", ".join(schemas.record_types(resolution.version))
        raise LoadProblem(
            "load.unknown-record-type",
            f"record type {doc.data['recordType']!r} is not one of: {types}",
            pointer="/recordType",
            line=line,
            column=column,
        )
    return resolution.version, str(record_type), notes


def check_document(doc: Document, ctx: RuleContext) -> FileResult:
    """Envelope, schema and rules for one parsed document."""
    try:
        version, record_type, findings = _envelope(doc)
    except LoadProblem as problem:
        return problem_result(doc.path, FileKind.RECORD, problem)
    findings += validate(doc, schemas.validator(version, record_type))
    findings += deprecation.findings(doc, version, record_type)
    details: dict[str, Any] = {}
    if not any(f.severity is Severity.ERROR for f in findings):
        ctx = dataclasses.replace(ctx, active_profiles=active_profiles(doc, ctx))
        findings += _rule_findings(doc, ctx)
        details["profiles"] = list(ctx.active_profiles)
    kind = FileKind.BUNDLE if record_type == "bundle" else FileKind.RECORD
    return FileResult(
        doc.path,
        kind,
        tuple(sorted(findings, key=Finding.sort_key)),
        record_type=record_type,
        standard_version=doc.standard_version,
        details=details,
    )


def derived_profiles(doc: Document, ctx: RuleContext) -> set[str]:
    """The profiles ``doc`` itself calls for: those of its territories, and the SAG-AFTRA
    edition of each consent (a bundle's: every consent it lists)."""
    data = doc.data
    out: set[str] = set()
    for scope in profiles.scopes_of(data):
        out |= profiles.from_scope(scope)
    consents: Iterable[dict[str, Any]] = ()
    if data.get("recordType") == "likeness-consent":
        consents = (data,)
    elif data.get("recordType") == "bundle":
        consents = view(doc, ctx).consents()
    out |= {p for p in map(profiles.sag_aftra, consents) if p}
    return out


def active_profiles(doc: Document, ctx: RuleContext) -> tuple[str, ...]:
    """Derived (from the document and the bundle listing it) plus chosen, minus excluded.

    Choosing a profile adds to the derived ones: opting into one regime never silently
    drops another. Only an explicit exclusion removes a profile.
    """
    found = set(ctx.inherited_profiles) | set(derived_profiles(doc, ctx)) | set(ctx.profiles)
    return tuple(sorted(found - set(ctx.excluded_profiles)))


def run_rules(doc: Document, ctx: RuleContext) -> list[Finding]:
    """Findings of every applicable rule for ``doc`` (assumed schema-valid).

    A bundle's waivers are applied last, to the bundle's own findings: a waived finding
    stays in the result with ``waived_by`` set.
    """
    return _rule_findings(doc, dataclasses.replace(ctx, active_profiles=active_profiles(doc, ctx)))


def _rule_findings(doc: Document, ctx: RuleContext) -> list[Finding]:
    """The rules for ``ctx.active_profiles`` (decided once per document), then waivers."""
    record_type = doc.record_type or ""
    findings: list[Finding] = []
    for rule in applicable(record_type, ctx.active_profiles, checked_version(doc)):
        assert rule.check is not None
        findings.extend(_as_findings(rule.check(doc, ctx)))
    if record_type == "bundle":
        findings = _waived_in_context(doc, findings, ctx)
    return findings


def in_context_key(bundle_path: str) -> tuple[str, Path]:
    """Where ``ctx.memo`` keeps the results of a bundle's records, judged in its context."""
    return ("in-context", resolved(bundle_path))


def _waived_in_context(doc: Document, findings: list[Finding], ctx: RuleContext) -> list[Finding]:
    """The bundle's waivers over its own findings and those of the records it lists.

    Each record's result, with its findings marked where waived, is kept in ``ctx.memo``
    (``in_context_key``) for the run to report at the record: a finding has one home.
    """
    anchors: dict[str, str] = {}
    results: dict[str, tuple[Path, FileResult]] = {}
    for entry in view(doc, ctx).entries:
        result = entry.result
        if result is not None and result.path not in results and result.path != doc.path:
            anchors[result.path] = f"/records/{entry.index}"
            results[result.path] = (resolved(entry.path), result)
    listed = [f for _, r in results.values() for f in r.findings]
    waived = apply_waivers(doc, findings + listed, ctx, anchors)
    by_path: dict[str, list[Finding]] = {}
    for finding in waived:
        by_path.setdefault(finding.location.path, []).append(finding)
    ctx.memo[in_context_key(doc.path)] = {
        key: dataclasses.replace(result, findings=tuple(by_path.get(shown, ())))
        for shown, (key, result) in results.items()
    }
    return [f for f in waived if f.location.path not in anchors]


def _as_findings(produced: Iterable[Any]) -> list[Finding]:
    return [f for f in produced if isinstance(f, Finding)]
