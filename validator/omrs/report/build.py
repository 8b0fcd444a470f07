"""Build the review report: check the paths, then gather the facts a reviewer needs.

The verdict and the findings are those of ``omrs check`` on the same paths with the same
options (one judgement). The bundles and records the run checked are read again for their
facts (who consented to what, which segment depicts whom); media files are verified once
more for the detailed C2PA view. Nothing here renders or prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from omrs.findings import FileKind, Finding, RunResult, Severity
from omrs.options import CheckOptions
from omrs.report import consents as cs
from omrs.report.coverage import coverage
from omrs.report.model import (
    Event,
    FindingGroup,
    FindingRow,
    ProfileWhy,
    ReviewReport,
    RuleNote,
    Verdict,
    WaiverRow,
    WorkRow,
)
from omrs.report.sources import Record, Sources, gather, inputs
from omrs.reporters.base import summary
from omrs.rules.base import date, items
from omrs.version import TOOL_VERSION

text = cs.text


def verdict(run: RunResult) -> Verdict:
    counts = run.counts()
    code = run.exit_code()
    word = {0: "pass", 1: "fail"}.get(code, "error")
    return Verdict(
        code == 0,
        word,
        summary(run),
        counts["errors"],
        counts["warnings"],
        counts["waived"],
        counts["files"],
    )


def profiles(run: RunResult, sources: Sources, options: CheckOptions) -> tuple[ProfileWhy, ...]:
    """Each profile some file was checked under, with the records that call for it."""
    from omrs.rules import profiles as pr

    applied = sorted({str(p) for f in run.files for p in f.details.get("profiles") or ()})
    reasons: dict[str, list[str]] = {p: [] for p in applied}
    named = [(path, b) for path, b in sources.bundles] + [
        (text(r.get("id")), r) for r in sources.records.values()
    ]
    for where, record in named:
        try:
            scopes = pr.scopes_of(record)
        except (KeyError, TypeError, AttributeError):
            continue
        for profile in set().union(*(pr.from_scope(s) for s in scopes)) if scopes else ():
            kind = "release" if record.get("recordType") in ("bundle", "ai-disclosure") else "grant"
            reasons.setdefault(profile, []).append(f"{kind} territories of {where}")
        if record.get("recordType") == "likeness-consent":
            union = pr.sag_aftra(record)
            if union:
                reasons.setdefault(union, []).append(f"union agreement of {where}")
    for chosen in options.profiles:
        reasons.setdefault(chosen, []).append("chosen (--profile or configuration)")
    out = []
    for pid in applied:
        known = pr.PROFILES.get(pid)
        why = tuple(dict.fromkeys(reasons[pid])) or ("derived from the records",)
        out.append(ProfileWhy(pid, known.title if known else pid, why))
    return tuple(out)


def _release_row(source: Record, stated_by: str) -> WorkRow | None:
    work, release = source.get("work"), source.get("release")
    if not isinstance(work, Mapping) or not isinstance(release, Mapping):
        return None
    return WorkRow(
        text(work.get("id")),
        text(work.get("title")),
        cs.places(release),
        text(release.get("date")),
        text(release.get("context")),
        text(release.get("channels")) or "not stated",
        stated_by,
    )


def works(sources: Sources) -> tuple[WorkRow, ...]:
    rows = [_release_row(b, f"bundle {path}") for path, b in sources.bundles]
    rows += [_release_row(d, f"disclosure {d['id']}") for d in sources.of_type("ai-disclosure")]
    unique = {(r.work_id, r.territories, r.date, r.context, r.channels): r for r in rows if r}
    return tuple(unique.values())


def _where_found(finding: Finding) -> str:
    loc = finding.location
    at = f":{loc.line}:{loc.column}" if loc.line else ""
    return f"{loc.path}{at}" + (f" {loc.pointer}" if loc.pointer else "")


def _rule(code: str) -> RuleNote:
    from omrs.rules.catalogue import get

    rule = get(code)
    if rule is None:
        return RuleNote(code, code, "No catalogue entry for this code.", ())
    sources = tuple((s.cite(), s.url) for s in rule.sources)
    return RuleNote(code, rule.title, rule.rationale, sources)


def findings(run: RunResult) -> tuple[FindingGroup, ...]:
    from omrs.reporters.base import all_issues

    found = list(all_issues(run, include_waived=True))
    groups = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        mine = [f for f in found if f.severity is severity]
        if not mine:
            continue
        rows = tuple(
            FindingRow(f.code, severity.value, f.message, _where_found(f), f.waived_by)
            for f in mine
        )
        rules = tuple(_rule(code) for code in sorted({f.code for f in mine}))
        groups.append(FindingGroup(severity, rows, rules))
    return tuple(groups)


def waivers(run: RunResult, sources: Sources, on: dt.date) -> tuple[WaiverRow, ...]:
    waived: dict[tuple[str, str], int] = {}
    for result in run.files:
        for f in result.findings:
            if f.waived_by:
                key = (result.path, f.waived_by.split(":", 1)[0])
                waived[key] = waived.get(key, 0) + 1
    out = []
    for path, bundle in sources.bundles:
        for i, waiver in items(bundle, "waivers"):
            until = date(waiver.get("until"))
            approver = waiver.get("approvedBy")
            out.append(
                WaiverRow(
                    path,
                    text(waiver.get("rule")),
                    text(waiver.get("target")),
                    text(waiver.get("reason")),
                    text(approver.get("name")) if isinstance(approver, Mapping) else "?",
                    text(waiver.get("until")),
                    "expired" if until is not None and until < on else "in force",
                    waived.get((path, f"waiver /waivers/{i}"), 0),
                )
            )
    return tuple(out)


def timeline(sources: Sources, on: dt.date, details: Iterable[Any]) -> tuple[Event, ...]:
    found = cs.events(sources.of_type("likeness-consent"), sources.of_type("training-license"))
    for row in works(sources):
        day = date(row.date)
        if day is not None:
            found.append(Event("release", f"release of {row.title} ({row.territories})", day))
    for _, bundle in sources.bundles:
        for _, waiver in items(bundle, "waivers"):
            until = date(waiver.get("until"))
            if until is not None:
                found.append(Event("waiver", f"waiver of {text(waiver.get('rule'))} ends", until))
    for detail in details:
        day = date(detail.signed_at)
        if day is not None:
            found.append(Event("c2pa", f"{Path(detail.path).name} time-stamped", day))
    found.append(Event("as-of", "as of (checked on this date)", on))
    unique = {(e.kind, e.label, e.start, e.end): e for e in found}
    return tuple(sorted(unique.values(), key=lambda e: (e.start, e.kind, e.label)))


def _media(run: RunResult, options: CheckOptions) -> list[Any]:
    from omrs.media.detail import media_detail
    from omrs.media.verify import verify_media

    out = []
    for result in run.files:
        if result.kind is FileKind.MEDIA and not result.io_error:
            report = verify_media(Path(result.path), options.trust)
            out.append(media_detail(result.path, report, result))
    return out


def build_report(
    run: RunResult,
    options: CheckOptions,
    *,
    title: str = "Rights review",
    generated_at: dt.datetime | None = None,
    media: bool = True,
) -> ReviewReport:
    """The review of an already checked ``run`` (``generated_at`` None: a reproducible one)."""
    on = options.as_of or dt.date.today()
    sources = gather(run, options.max_file_size)
    details = _media(run, options) if media else []
    replaced = cs.superseded(sources.records.values())
    rows = sorted(
        (cs.consent_row(c, on, replaced) for c in sources.of_type("likeness-consent")),
        key=lambda r: (r.person, r.consent_id),
    )
    assets = coverage(sources)
    people = {r.person for r in rows}
    people |= {p.name for a in assets for s in a.segments for p in s.people}
    return ReviewReport(
        title=title,
        verdict=verdict(run),
        standard_versions=tuple(
            sorted({f.standard_version for f in run.files if f.standard_version})
        ),
        as_of=on,
        profiles=profiles(run, sources, options),
        works=works(sources),
        consents=tuple(rows),
        people=tuple(sorted(people)),
        events=timeline(sources, on, details),
        coverage=assets,
        findings=findings(run),
        waivers=waivers(run, sources, on),
        media=tuple(details),
        tool_version=TOOL_VERSION,
        inputs=inputs(run, sources),
        generated_at=generated_at.isoformat(timespec="seconds") if generated_at else None,
        chosen_profiles=options.profiles,
        excluded_profiles=options.excluded_profiles,
    )
