"""Rules on the time limits of likeness consents: minors, term limits, revocation, expiry.

Split from ``consent`` (who may grant what) so each fits on a few screens; both register
under the same ``consent.*`` ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, add_years, date, items, last_day, semantic
from omrs.rules.consent import ADULT_AGE, CONSENT, minor_at_signing
from omrs.rules.engine import RuleContext

NO_FAKES_PROFILE = "us-no-fakes-bill"


@semantic(
    "consent.minor-court-approval",
    "A minor's consent has court approval",
    Severity.WARNING,
    "Court approval of a minor's contract makes it impossible to disaffirm on the ground of "
    "minority (Cal. Fam. Code § 6751(a); N.Y. Arts & Cult. Aff. Law § 35.03(1), where "
    "approval is optional). Without it the contract is valid but voidable: the minor may "
    "disaffirm before majority or within a reasonable time after (Cal. Fam. Code § 6710). "
    "So a missing approval is a risk, reported as a warning. Under the NO FAKES bill "
    "(S. 4591, not law) approval by a court under State law would be a condition of a "
    "minor's licence being valid (§ 2(b)(2)(B)(ii)(II)(cc)): with the `us-no-fakes-bill` "
    "profile chosen the finding is an error. ACAL § 35.03 covers contracts for a minor's "
    "services as a performer; a bare likeness licence may fall outside it. A subject is a "
    "minor when the record says so or when the date of birth makes them under 18 on the "
    "signing date.",
    (src.CA_FAMILY_6751, src.NY_ACAL_35_03, src.NO_FAKES_MINOR),
    CONSENT,
)
def _minor_court_approval(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if minor_at_signing(doc.data) and "courtApproval" not in doc.data:
        name = doc.data["subject"]["name"]
        if NO_FAKES_PROFILE in ctx.active_profiles:
            yield r.at(
                "/subject",
                f"{name} was a minor when the consent was signed and there is no "
                "`courtApproval`; under the NO FAKES bill a minor's licence is valid only "
                "if a court approved it",
                severity=Severity.ERROR,
            )
        else:
            yield r.at(
                "/subject",
                f"{name} was a minor when the consent was signed and there is no "
                "`courtApproval`: without it the minor may disaffirm the contract",
            )


@semantic(
    "consent.minor-term",
    "A minor's consent ends before their 18th birthday",
    Severity.ERROR,
    "OMRS 1.0: for a minor, `term.end` MUST be present and MUST NOT be later than the day "
    "before the 18th birthday, so that the adult decides anew (likeness-consent.md). A "
    "person is an adult from the first minute of their 18th birthday (Cal. Fam. Code "
    "§ 6500), so a term whose last day is the birthday runs a day into adulthood. The "
    "requirement comes from the NO FAKES bill (S. 4591, not law: a minor's licence "
    '"terminates when the individual reaches 18 years of age", § 2(b)(2)(B)(ii)(I)); '
    "neither California nor New York law requires it (a court-approved contract may run "
    "past majority). The date of birth is needed to check it.",
    (src.OMRS_CONSENT, src.CA_FAMILY_6500, src.NO_FAKES_MINOR_TERM),
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
    last = adult - dt.timedelta(days=1) if adult != dt.date.min else adult
    end = date(doc.data["term"].get("end"))
    if end is None:
        yield r.at("/term", f"the term has no end; its last day may be {last}, before 18")
    elif end >= adult:
        yield r.at(
            "/term/end",
            f"the term ends on {end}; the subject turns 18 on {adult}, so the last day may "
            f"be {last}",
        )


ADULT_LIMIT_YEARS, MINOR_LIMIT_YEARS = 10, 5


def replica_agreement(data: dict[str, Any]) -> bool:
    """A collective agreement governs the licence and expressly addresses digital replicas."""
    agreement = data["representation"].get("unionAgreement") or {}
    return bool(data["unionGoverned"]) and bool(agreement.get("coversReplicas"))


@semantic(
    "consent.term-limit",
    "The licence term stays within the NO FAKES bill's limits",
    Severity.ERROR,
    "Under the NO FAKES bill (S. 4591, 119th Cong., a bill chosen as a yardstick with the "
    "`us-no-fakes-bill` profile, never derived) a licence of a living person's voice or "
    "visual likeness is valid only to the extent its duration does not exceed 10 years "
    "(§ 2(b)(2)(B)(i)(I)), 5 years for a minor (§ 2(b)(2)(B)(ii)(I)): a longer licence is "
    "capped, not void. The limits do not apply to a licence governed by a collective "
    "bargaining agreement that addresses digital replicas (§ 2(b)(2)(B)(iii)), which OMRS "
    "reads from `unionGoverned` together with `representation.unionAgreement."
    "coversReplicas`. A consent without an end date is treated as perpetual. If enacted, "
    "the bill would reach only licences executed after enactment (§ 2(j)(1)).",
    (src.NO_FAKES_TERM,),
    CONSENT,
    profiles=(NO_FAKES_PROFILE,),
)
def _term_limit(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = doc.data
    if replica_agreement(data) or data["subject"]["status"] != "living":
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
            f"the term has no end; for {who} without a collective agreement that addresses "
            f"digital replicas the licence would be valid for at most {years} years (to {limit})",
        )
    elif end > limit:
        yield r.at(
            "/term/end",
            f"the term runs {start} to {end}, longer than the {years} years "
            f"allowed for {who} without a collective agreement that addresses digital "
            f"replicas; it would be valid only to {limit}",
        )


SAG_PROFILES = ("sag-aftra-2023", "sag-aftra-2026")


@semantic(
    "consent.employment-replica-new-work",
    "An employment-based replica consent covers one work",
    Severity.WARNING,
    "Under the SAG-AFTRA TV/Theatrical agreements an employment-based digital replica is "
    "made in connection with one engagement, and using it in another project needs a "
    "separate consent at the time of that use, so one consent may not pre-authorise "
    "several works. The profiles apply only to engagements under those agreements, which "
    "OMRS recognises from `representation.unionAgreement.name` (the 2023 contracts for "
    "consents signed up to 2026-06-30, the 2026 agreement from 2026-07-01). Only SAG-AFTRA's "
    "own summaries of the 2023 terms were read, and none of the 2026 terms, so this is a "
    "warning. The use of a replica in a work its consent does not name is "
    "bundle.consent-work, an error for every consent.",
    (src.SAG_AFTRA_2023, src.SAG_AFTRA_2026),
    CONSENT,
    profiles=SAG_PROFILES,
)
def _employment_replica(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
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
                "separate consent at the time of that use",
            )


@semantic(
    "consent.revoked",
    "A revoked consent covers nothing after its revocation",
    Severity.ERROR,
    "OMRS 1.0: a revoked consent covers no use after `revokedAt` (likeness-consent.md); "
    "the check date is --as-of (default today).",
    (src.OMRS_CONSENT,),
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
    (src.OMRS_CONSENT,),
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
