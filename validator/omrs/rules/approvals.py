"""Rules on likeness approvals (OMRS 1.1): what an estate's or family's blessing covers.

An approval is context, never a licence: it never satisfies a consent requirement
(``bundle.consent-missing`` says so when a person's ``consent`` names one). What it does
cover is the person, the works and the attributes it names; a person who cites an approval
for another work or another person cites nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, items, listing, semantic
from omrs.rules.bundle import BUNDLE, view
from omrs.rules.bundle_consents import Use, uses
from omrs.rules.engine import RuleContext


def approved_attributes(approval: dict[str, Any]) -> set[str] | None:
    """The attributes the approved uses name; None when a use names none (all of them)."""
    found: set[str] = set()
    for _, use in items(approval, "uses"):
        if not use.get("attributes"):
            return None
        found |= set(use["attributes"])
    return found


def _gaps(use: Use, approval: dict[str, Any]) -> list[str]:
    """What of ``use`` the approval does not speak about."""
    gaps = []
    subject = approval["subject"]["name"]
    if subject.casefold() != use.person.casefold():
        gaps.append(f"it approves the portrayal of {subject}, not {use.person}")
    works = {w["id"] for _, w in items(approval, "works")}
    if use.work["id"] not in works:
        titles = listing(w["title"] for _, w in items(approval, "works"))
        gaps.append(f"it approves {titles}, not {use.work['title']} ({use.work['id']})")
    attributes = approved_attributes(approval)
    beyond = [a for a in use.attributes if attributes is not None and a not in attributes]
    if beyond:
        gaps.append(f"it names {listing(sorted(attributes or ()))}, not {listing(beyond)}")
    return gaps


@semantic(
    "bundle.approval-scope",
    "A cited approval is about this person, this work and these attributes",
    Severity.WARNING,
    "OMRS 1.1: a likeness approval (an estate's or family's blessing) records that the "
    "approver supports a portrayal; it grants no rights (`grantsRights: false`) and never "
    "satisfies a consent requirement, so a person still needs a consent or a legal basis. "
    "What it does cover is the person, the works and the attributes it names: an approval "
    "cited for another person, another work or other attributes supports nothing there "
    "(likeness-approval.md). A warning, because an approval is context, not a condition.",
    (src.OMRS_APPROVAL,),
    BUNDLE,
    since="1.1",
)
def _approval_scope(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for use in uses(doc, ctx):
        for ref in (use.entry or {}).get("approvals") or ():
            approval = bundle.record(ref, "likeness-approval")
            if approval is None:
                continue  # bundle.reference reports it
            gaps = _gaps(use, approval)
            if gaps:
                yield r.at(
                    use.pointer,
                    f"{use.where} cites approval {ref} for {use.person}, but {'; '.join(gaps)}",
                )
