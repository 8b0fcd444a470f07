"""Rules on audit logs (OMRS 1.1, spec/1.1/audit-log.md): the chain holds, the pin holds.

``audit.chain`` checks every link of a log (``omrs.audit.breaks``) and locates each break at
the entry and field that fail, with the expected and actual hashes. A chain cannot show that
entries were cut from its end; the bundle's ``auditLog`` pin can, which ``audit.pin`` checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from omrs.audit import breaks, hash_at
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, semantic
from omrs.rules.bundle import view
from omrs.rules.engine import RuleContext
from omrs.rules.inside import of_type


@semantic(
    "audit.chain",
    "The audit log's hash chain is unbroken",
    Severity.ERROR,
    "OMRS 1.1: each entry's `hash` MUST be the SHA-256 of its canonical JSON without `hash`, "
    "each entry but the first MUST carry the previous entry's `hash` as `prev`, and the "
    "first MUST carry none (audit-log.md). An edited entry fails its own hash; a removed, "
    "inserted or moved entry fails the next entry's `prev`; a removed first entry leaves a "
    "`prev` on the new first. Each break is reported at its entry with both hashes.",
    (src.OMRS_AUDIT,),
    ("audit-log",),
    since="1.1",
)
def _chain(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    entries = doc.data["entries"]
    for found in breaks(entries):
        present = found.field in entries[found.index]
        pointer = found.pointer if present else f"/entries/{found.index}"
        yield r.at(pointer, found.describe())


@semantic(
    "audit.pin",
    "The bundle pins its audit log's head, and the log still reaches it",
    Severity.ERROR,
    "OMRS 1.1: a bundle's `auditLog` names a listed audit log, the number of entries it had "
    "(`length`) and the hash of the last of them (`head`) (bundle.md, audit-log.md). The log "
    "MUST still have that entry with that hash: fewer entries means entries were cut from its "
    "end, a different hash that the history up to the pin was rewritten. Entries appended "
    "after the pin are a warning (pin the new head); a listed audit log the bundle does not "
    "pin is a warning, since cutting its end would go unnoticed.",
    (src.OMRS_AUDIT,),
    ("bundle",),
    since="1.1",
)
def _pin(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    pin = doc.data.get("auditLog")
    pinned = pin["log"] if isinstance(pin, dict) else None
    for entry in of_type(bundle, "audit-log"):
        if entry.data["id"] != pinned:
            yield r.at(
                f"/records/{entry.index}/path",
                f"audit log {entry.data['id']} is listed but not pinned in `auditLog`, so "
                "entries cut from its end would go unnoticed",
                severity=Severity.WARNING,
            )
    if not isinstance(pin, dict):
        return
    log = bundle.record(pinned or "", "audit-log")
    if log is None:
        if not bundle.broken(pinned or ""):
            yield r.at("/auditLog/log", f"{pinned} {bundle.missing(pinned or '', 'audit-log')}")
        return
    entries, length, head = log["entries"], pin["length"], pin["head"]
    if len(entries) < length:
        cut = len(entries) + 1
        which = f"entry {cut} was" if cut == length else f"entries {cut} to {length} were"
        yield r.at(
            "/auditLog/length",
            f"audit log {pinned} has {len(entries)} entries but the bundle pinned {length}: "
            f"{which} cut from its end",
        )
        return
    actual = hash_at(entries, length)
    if actual != head:
        yield r.at(
            "/auditLog/head",
            f"entry {length} of audit log {pinned} has hash {actual}, but the bundle pinned "
            f"head {head}: the history up to the pin was rewritten",
        )
    elif len(entries) > length:
        yield r.at(
            "/auditLog/length",
            f"audit log {pinned} has {len(entries) - length} entries appended after the "
            f"pinned {length}; pin its new head (`omrs audit append --bundle` does)",
            severity=Severity.WARNING,
        )
