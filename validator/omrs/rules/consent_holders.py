"""Rules on several holders of a likeness right (OMRS 1.1): shares that add up, and the
share of the holders who consented.

Shares are added as exact decimals (``Fraction`` of the number as written), so three
holders of 0.1, 0.2 and 0.7 hold exactly 1 and "more than one-half" has no rounding edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, items, semantic
from omrs.rules.consent import CONSENT, grantors
from omrs.rules.engine import RuleContext
from omrs.territories import Scope


@dataclass(frozen=True, slots=True)
class Holder:
    pointer: str
    name: str
    share: Fraction | None
    granted: bool


def holders(data: dict[str, Any]) -> list[Holder]:
    """The grantors (who consented) and the other holders (who did not), with shares."""
    found = [
        Holder(pointer, g["party"]["name"], _share(g.get("share")), True)
        for pointer, g in grantors(data)
    ]
    found += [
        Holder(f"/otherHolders/{i}", h["party"]["name"], _share(h.get("share")), False)
        for i, h in items(data, "otherHolders")
    ]
    return found


def _share(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Fraction(str(value))


def _percent(share: Fraction) -> str:
    return f"{float(share) * 100:.4g} %"


def _sharing(data: dict[str, Any]) -> bool:
    """Whether the record speaks about shares at all (a share, or other holders)."""
    return "otherHolders" in data or any(h.share is not None for h in holders(data))


@semantic(
    "consent.grantor-shares",
    "The holders' shares are stated and add up to at most the whole",
    Severity.ERROR,
    "OMRS 1.1: where a consent states shares of the right (a grantor's or co-grantor's "
    "`share`, or `otherHolders`), every grantor and holder MUST state one, and the shares "
    "MUST NOT add up to more than 1: holders cannot together hold more than the whole "
    "right (likeness-consent.md). Without every share the share that consented cannot be "
    "added up.",
    (src.OMRS_CONSENT_1_1,),
    CONSENT,
    since="1.1",
)
def _shares(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if not _sharing(doc.data):
        return
    found = holders(doc.data)
    for holder in found:
        if holder.share is None:
            yield r.at(
                holder.pointer,
                f"{holder.name} states no `share`, though the consent states shares of the "
                "right; each grantor and holder needs one",
            )
    total = sum((h.share for h in found if h.share is not None), Fraction(0))
    if total > 1:
        yield r.at(
            "/grantor/share" if found[0].share is not None else "/grantor",
            f"the shares of the grantors and other holders add up to {_percent(total)}, "
            "more than the whole right",
        )


@dataclass(frozen=True, slots=True)
class Majority:
    """How much of a deceased person's right must consent in one place, and how sure."""

    place: str
    profile: str
    statute: str
    needed: str
    strict: bool
    threshold: Fraction
    grade: str


MAJORITIES = (
    Majority(
        "US-CA",
        "us-ca",
        "Cal. Civ. Code § 3344.1",
        "more than one-half",
        True,
        Fraction(1, 2),
        "the issue that asked for this rule states it, but the statutory text was not found, "
        "so it could not be verified",
    ),
    Majority(
        "US-NY",
        "us-ny",
        "N.Y. Civ. Rights Law § 50-f",
        "at least 51 %",
        False,
        Fraction(51, 100),
        "read in summaries only",
    ),
)


@semantic(
    "consent.successor-majority",
    "Successors who hold the required share of a deceased person's right consented",
    Severity.WARNING,
    "Where several successors hold a deceased person's right, the consent of some binds "
    "only if they hold enough of it. California: holders of more than one-half of the "
    "interest (Cal. Civ. Code § 3344.1 as the issue states it; the research did not find "
    "the text, so the rule could not be verified). New York: the estate or holders of at "
    "least 51 % (N.Y. Civ. Rights Law § 50-f, read in summaries). The shares of the grantor "
    "and co-grantors are added up and compared, for each of those places the consent's "
    "territories reach; a warning, never an error, because neither threshold was read in "
    "the statute. Shares missing or over the whole are consent.grantor-shares.",
    (src.CA_CIV_3344_1_HOLDERS, src.NY_CRL_50F_HOLDERS, src.OMRS_CONSENT_1_1),
    CONSENT,
    profiles=("us-ca", "us-ny"),
    since="1.1",
)
def _majority(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = doc.data
    if data["subject"]["status"] != "deceased" or not _sharing(data):
        return
    found = holders(data)
    if any(h.share is None for h in found) or sum(h.share or 0 for h in found) > 1:
        return  # consent.grantor-shares says why
    consented = sum((h.share for h in found if h.granted and h.share), Fraction(0))
    scope = Scope.of_record(data)
    for rule in MAJORITIES:
        if rule.profile not in ctx.active_profiles or not scope.reaches(rule.place):
            continue
        enough = consented > rule.threshold if rule.strict else consented >= rule.threshold
        if not enough:
            yield r.at(
                "/grantor",
                f"the grantors hold {_percent(consented)} of the right; for {rule.place}, "
                f"{rule.statute} is said to need the consent of holders of {rule.needed} "
                f"({rule.grade})",
            )
