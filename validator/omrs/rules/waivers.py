"""Waivers: a legal team's acceptance of a finding, on record in the bundle.

A waiver names a rule and a target (a JSON pointer into the bundle, an asset path or a
record id), who approved it and until when. A waived finding stays in the results with
``waived_by`` set, so the acceptance is visible and auditable; an expired waiver stops
applying and says so; a waiver that matches nothing is reported so stale ones get removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items
from omrs.rules.catalogue import Rule, register
from omrs.rules.engine import RuleContext

EXPIRED = register(
    Rule(
        "waiver.expired",
        "A waiver has expired",
        Severity.WARNING,
        "A waiver applies up to and including its `until` date (compared with --as-of, "
        "default today). After that the finding it accepted counts again, and this warning "
        "points at the waiver so it is renewed or removed.",
        (src.OMRS_BUNDLE,),
        applies_to=("bundle",),
    )
)
UNUSED = register(
    Rule(
        "waiver.unused",
        "A waiver matches no finding",
        Severity.WARNING,
        "A waiver whose rule and target match no finding of the bundle is stale or mistyped; "
        "it is reported so that it does not silently accept a future finding.",
        (src.OMRS_BUNDLE,),
        applies_to=("bundle",),
    )
)


def _scopes(doc: Document, target: str) -> set[str]:
    """The bundle pointers a target stands for: itself, an asset's entry, a record's entry."""
    if target.startswith("/") or target == "":
        return {target}
    scopes: set[str] = set()
    for i, asset in items(doc.data, "assets"):
        if asset["path"] == target:
            scopes.add(f"/assets/{i}")
        scopes |= {p for p in _naming(asset, target, f"/assets/{i}")}
    for i, rec in items(doc.data, "records"):
        if rec["path"] == target:
            scopes.add(f"/records/{i}")
    return scopes


def _naming(value: Any, target: str, pointer: str) -> Iterator[str]:
    """Pointers of the objects in ``value`` that name ``target`` (a record id) directly."""
    if isinstance(value, dict):
        if target in value.values():
            yield pointer
        for key, child in value.items():
            yield from _naming(child, target, f"{pointer}/{key}")
    elif isinstance(value, list):
        if target in value:
            yield pointer
        for i, child in enumerate(value):
            yield from _naming(child, target, f"{pointer}/{i}")


def _record_scopes(doc: Document, target: str, ctx: RuleContext) -> set[str]:
    from omrs.rules.bundle import view

    entry = view(doc, ctx).by_id.get(target)
    return {f"/records/{entry.index}"} if entry else set()


def _matches(finding: Finding, rule: str, scopes: set[str], target: str) -> bool:
    if finding.code != rule or finding.waived_by:
        return False
    pointer = finding.location.pointer
    inside = any(pointer == s or pointer.startswith(s + "/") for s in scopes)
    return inside or (not target.startswith("/") and target in finding.message)


def apply_waivers(doc: Document, findings: list[Finding], ctx: RuleContext) -> list[Finding]:
    """``findings`` with waived ones marked, plus expiry and unused-waiver warnings."""
    out = list(findings)
    for i, waiver in items(doc.data, "waivers"):
        target, until = waiver["target"], date(waiver["until"])
        scopes = _scopes(doc, target) | _record_scopes(doc, target, ctx)
        hits = [k for k, f in enumerate(out) if _matches(f, waiver["rule"], scopes, target)]
        if until is not None and until < ctx.today:
            out.append(
                Report(EXPIRED, doc).at(
                    f"/waivers/{i}/until",
                    f"the waiver of "
                    f"{waiver['rule']} for {target} expired on {until}; the finding "
                    "counts again",
                )
            )
            continue
        if not hits:
            out.append(
                Report(UNUSED, doc).at(
                    f"/waivers/{i}",
                    f"the waiver of {waiver['rule']} for {target} matches no finding",
                )
            )
        by = f"waiver /waivers/{i}: {waiver['approvedBy']['name']} until {until}"
        for k in hits:
            out[k] = dataclasses.replace(out[k], waived_by=by)
    return out
