"""Rules on likeness-consent records: scope, capacity to grant, minors, term, revocation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, add_years, date, items, last_day, semantic
from omrs.rules.engine import RuleContext

CONSENT = ("likeness-consent",)

#: Wording that grants everything rather than describing a use.
BLANKET = re.compile(
    r"any\s+and\s+all"
    r"|(?:now\s+known\s+or\s+)?hereafter\s+(?:devised|invented|developed|created|known)"
    r"|throughout\s+the\s+universe|in\s+perpetuity|without\s+(?:limitation|restriction)"
    r"|\ball\s+(?:media|formats|works|productions|projects|purposes|uses)\b"
    r"|\bany\s+(?:media|medium|format|work|production|project|purpose|use)s?\b",
    re.IGNORECASE,
)
ADULT_AGE = 18


def minor_at_signing(data: dict[str, Any]) -> bool:
    """Minor when the record says so, or when the birth date makes it so on signing."""
    subject = data["subject"]
    born, signed = date(subject.get("dateOfBirth")), date(data["evidence"]["signedAt"])
    if born and signed:
        return signed < add_years(born, ADULT_AGE)
    return bool(subject.get("minor"))


@semantic(
    "consent.specific-use",
    "Each intended use is specific, not a blanket grant",
    Severity.ERROR,
    "A consent must describe each intended use of the replica specifically: the work, the "
    'medium and what the replica will do. Blanket wording such as "any and all media now '
    'known or hereafter devised" is not a reasonably specific description, and a provision '
    "resting on it is unenforceable in California and New York and not a valid licence "
    "under the NO FAKES draft.",
    (src.CA_LABOR_927, src.NY_GOL_5_302, src.NO_FAKES),
    CONSENT,
)
def _specific_use(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for i, use in items(doc.data, "intendedUses"):
        for field in ("description", "medium"):
            match = BLANKET.search(str(use.get(field, "")))
            if match:
                yield r.at(
                    f"/intendedUses/{i}/{field}",
                    f"intended use {i + 1} ({use['work']['title']}) uses blanket wording "
                    f"{match.group(0)!r} in its {field}; describe what the replica does in "
                    "this work and medium",
                )


@semantic(
    "consent.representation",
    "A living performer was represented by counsel or a replica-aware union agreement",
    Severity.ERROR,
    "For a living person, replica terms are enforceable only if the person was represented "
    "by legal counsel and the terms were clear and conspicuous, or by a labour union whose "
    "collective agreement expressly addresses digital replicas.",
    (src.CA_LABOR_927, src.NY_GOL_5_302),
    CONSENT,
    profiles=("us-ca", "us-ny"),
)
def _representation(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.data["subject"]["status"] != "living":
        return
    rep = doc.data["representation"]
    kind = rep["kind"]
    if kind == "none":
        yield r.at(
            "/representation/kind",
            "the living subject had no legal counsel and no union "
            "representation when the replica terms were agreed",
        )
    elif kind == "counsel" and "counsel" not in rep:
        yield r.at(
            "/representation",
            "representation by counsel is claimed but `counsel` does not name the lawyer or firm",
        )
    elif kind == "counsel" and not rep["clearAndConspicuous"]:
        yield r.at(
            "/representation/clearAndConspicuous",
            "the replica terms were not set out clearly and conspicuously",
        )
    elif kind == "union":
        agreement = rep.get("unionAgreement")
        if not agreement or not agreement["coversReplicas"]:
            yield r.at(
                "/representation",
                "union representation is claimed but no collective "
                "agreement that expressly addresses digital replicas is named",
            )


ESTATE_ROLES = ("executor", "heir")


@semantic(
    "consent.grantor-authority",
    "A grantor other than the subject shows proof of authority",
    Severity.ERROR,
    "When an executor, heir, representative, rights holder, union or guardian grants the "
    "consent, the record must point to the document that gives them authority (letters "
    "testamentary, a registered successor claim, a power of attorney, a guardianship "
    "order...), by digest or reference. Estate roles exist only after the subject's death.",
    (src.CA_CIV_3344_1, src.NY_CRL_50F, src.SAG_AFTRA),
    CONSENT,
)
def _grantor_authority(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    grantor, subject = doc.data["grantor"], doc.data["subject"]
    role = grantor["role"]
    if role == "subject":
        return
    proof = grantor.get("proofOfAuthority")
    name = grantor["party"]["name"]
    if proof is None:
        yield r.at("/grantor", f"{name} grants as {role} but `proofOfAuthority` is missing")
    elif not proof.get("documentDigest") and not proof.get("reference"):
        yield r.at(
            "/grantor/proofOfAuthority",
            f"the proof of {name}'s authority has neither "
            "a document digest nor a reference, so it cannot be verified",
        )
    if role in ESTATE_ROLES and subject["status"] == "living":
        yield r.at(
            "/grantor/role",
            f"{name} grants as {role} of a living subject; estate roles can only grant after death",
        )


@semantic(
    "consent.grant-after-death",
    "A consent signed after the subject's death does not come from the subject",
    Severity.ERROR,
    "A person cannot sign after their death: a consent signed after the date of death must "
    "be granted by the estate (executor, heir or registered successor) with proof of "
    "authority, not recorded as the subject's own grant.",
    (src.CA_CIV_3344_1, src.NY_CRL_50F),
    CONSENT,
)
def _grant_after_death(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    died = date(doc.data["subject"].get("dateOfDeath"))
    signed = date(doc.data["evidence"]["signedAt"])
    if died and signed and signed > died and doc.data["grantor"]["role"] == "subject":
        yield r.at(
            "/grantor/role",
            f"the consent was signed on {signed}, after the subject "
            f"died on {died}, yet the grantor is the subject",
        )


@semantic(
    "consent.minor-court-approval",
    "A minor's consent has court approval",
    Severity.ERROR,
    "A contract for a minor's likeness binds only when a court has approved it; the record "
    "must name the court, the order and its date. A subject is a minor when the record says "
    "so or when the date of birth makes them under 18 on the signing date.",
    (src.CA_FAMILY_6750, src.NY_ACAL_35_03),
    CONSENT,
)
def _minor_court_approval(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if minor_at_signing(doc.data) and "courtApproval" not in doc.data:
        name = doc.data["subject"]["name"]
        yield r.at(
            "/subject",
            f"{name} was a minor when the consent was signed and there is no `courtApproval`",
        )


@semantic(
    "consent.minor-term",
    "A minor's consent ends by their 18th birthday",
    Severity.ERROR,
    "A licence of a minor's likeness may not outlast their minority: it must end on or before "
    "their 18th birthday, so that the adult decides for themselves. The date of birth is "
    "needed to check it.",
    (src.NO_FAKES_TERM, src.CA_FAMILY_6750),
    CONSENT,
)
def _minor_term(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if not minor_at_signing(doc.data):
        return
    born = date(doc.data["subject"].get("dateOfBirth"))
    if born is None:
        yield r.at(
            "/subject",
            "the subject is a minor but `dateOfBirth` is missing, so the "
            "term cannot be checked against the 18th birthday",
        )
        return
    adult = add_years(born, ADULT_AGE)
    end = date(doc.data["term"].get("end"))
    if end is None:
        yield r.at("/term", f"the term has no end; it must end by the 18th birthday ({adult})")
    elif end > adult:
        yield r.at(
            "/term/end", f"the term ends on {end}, after the subject's 18th birthday on {adult}"
        )


ADULT_LIMIT_YEARS, MINOR_LIMIT_YEARS = 10, 5


@semantic(
    "consent.term-limit",
    "The licence term stays within the NO FAKES draft limits",
    Severity.ERROR,
    "Under the NO FAKES draft a licence of a living person's voice or visual likeness runs "
    "at most 10 years (5 years for a minor) unless a collective bargaining agreement "
    "governs it. A consent without an end date is treated as perpetual.",
    (src.NO_FAKES_TERM,),
    CONSENT,
    profiles=("us-no-fakes-draft",),
)
def _term_limit(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = doc.data
    if data["unionGoverned"] or data["subject"]["status"] != "living":
        return
    minor = minor_at_signing(data)
    years = MINOR_LIMIT_YEARS if minor else ADULT_LIMIT_YEARS
    who = "a minor" if minor else "an adult"
    start, end = date(data["term"]["start"]), date(data["term"].get("end"))
    if start is None:
        return
    limit = last_day(start, years)
    if end is None:
        yield r.at(
            "/term",
            f"the term has no end; for {who} without a collective agreement "
            f"it may run at most {years} years (to {limit})",
        )
    elif end > limit:
        yield r.at(
            "/term/end",
            f"the term runs {start} to {end}, longer than the {years} years "
            f"allowed for {who} without a collective agreement (last day {limit})",
        )


@semantic(
    "consent.employment-replica-new-work",
    "An employment-based replica is used only in the work it was made for",
    Severity.ERROR,
    "An employment-based digital replica is created in connection with one engagement; "
    "using it in another work (a sequel, spin-off or advertisement) needs a new, separate "
    "consent at the time of that use, so one consent may not pre-authorise several works.",
    (src.SAG_AFTRA,),
    (*CONSENT, "bundle"),
    profiles=("sag-aftra-2023",),
)
def _employment_replica(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.record_type == "bundle":
        from omrs.rules.bundle import employment_replica_findings

        yield from employment_replica_findings(r, doc, ctx)
        return
    if doc.data["replicaKind"] != "employmentBased":
        return
    first: str | None = None
    for i, use in items(doc.data, "intendedUses"):
        work = use["work"]["id"]
        first = first or work
        if work != first:
            yield r.at(
                f"/intendedUses/{i}/work",
                f"this employment-based replica consent also "
                f"covers {use['work']['title']} ({work}); another work needs its own, "
                "separate consent",
            )


@semantic(
    "consent.revoked",
    "A revoked consent covers nothing after its revocation",
    Severity.ERROR,
    "Once revoked, a consent no longer covers any use after the revocation; the check date "
    "is --as-of (default today).",
    (src.NO_FAKES, src.OMRS),
    CONSENT,
)
def _revoked(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    revoked = date((doc.data.get("revocation") or {}).get("revokedAt"))
    if revoked and ctx.today >= revoked:
        yield r.at(
            "/revocation/revokedAt",
            f"the consent was revoked on {revoked}; it covers no use on {ctx.today}",
        )


@semantic(
    "consent.expired",
    "An expired consent covers nothing after its end date",
    Severity.ERROR,
    "A consent covers uses only within its term; after the last day of the term, continuing "
    "to use the replica needs a renewal record. The check date is --as-of (default today).",
    (src.OMRS,),
    CONSENT,
)
def _expired(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    end = date(doc.data["term"].get("end"))
    if end and ctx.today > end:
        renewals = doc.data.get("renewals")
        hint = f" (renewals named: {', '.join(renewals)})" if renewals else ""
        yield r.at(
            "/term/end", f"the term ended on {end}; the consent covers no use on {ctx.today}{hint}"
        )
