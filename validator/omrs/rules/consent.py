"""Rules on likeness-consent records: specific uses, representation, who may grant.

Each rationale names the text it rests on; where only summaries were read, or the law is
unsettled, the rule is a warning (spec/versioning.md: a SHOULD is never an error).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, add_years, date, items, semantic
from omrs.rules.engine import RuleContext
from omrs.rules.profiles import agreement_places
from omrs.territories import Scope

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


def blanket_uses(data: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """Index, field and matched words of every intended use worded as a blanket grant."""
    for i, use in items(data, "intendedUses"):
        for field in ("description", "medium"):
            match = BLANKET.search(str(use.get(field, "")))
            if match:
                yield i, field, match.group(0)


@semantic(
    "consent.specific-use",
    "Each intended use is specific, not a blanket grant",
    Severity.ERROR,
    "OMRS 1.0 requires each intended use to name the work, the medium and what the replica "
    'will do there; blanket wording such as "any and all media now known or hereafter '
    'devised" is not a specific description, and a consent resting on it is treated as not '
    "covering the use (likeness-consent.md). The laws behind this: under Cal. Lab. Code "
    "§ 927(a)(2) and N.Y. Gen. Oblig. Law § 5-302(1)(b) a provision without a reasonably "
    "specific description is unenforceable only when the other conditions hold too (see "
    "consent.representation); the NO FAKES bill (S. 4591, 119th Cong., not law) would make "
    "such a licence invalid unless a collective agreement that addresses digital replicas "
    "governs it (§ 2(b)(2)(B)(iii)).",
    (src.OMRS_CONSENT, src.CA_LABOR_927, src.NY_GOL_5_302, src.NO_FAKES),
    CONSENT,
)
def _specific_use(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for i, field, words in blanket_uses(doc.data):
        title = doc.data["intendedUses"][i]["work"]["title"]
        yield r.at(
            f"/intendedUses/{i}/{field}",
            f"intended use {i + 1} ({title}) uses blanket wording {words!r} in its {field}; "
            "describe what the replica does in this work and medium",
        )


def _unrepresented(rep: dict[str, Any]) -> tuple[str, str] | None:
    """Pointer and reason when neither § 927(a)(3) nor § 5-302(1)(c) representation is shown."""
    kind = rep["kind"]
    if kind == "none":
        return "/representation/kind", "had no legal counsel and no union representation"
    if kind == "counsel" and "counsel" not in rep:
        return "/representation", "claims counsel but `counsel` does not name the lawyer or firm"
    if kind == "counsel" and not rep["clearAndConspicuous"]:
        return (
            "/representation/clearAndConspicuous",
            "had counsel but the replica terms were not set out clearly and conspicuously",
        )
    agreement = rep.get("unionAgreement")
    if kind == "union" and not (agreement and agreement["coversReplicas"]):
        return (
            "/representation",
            "claims union representation but names no collective agreement that expressly "
            "addresses digital replicas",
        )
    return None


@semantic(
    "consent.representation",
    "A living performer's replica terms meet Cal. Lab. Code § 927 and N.Y. GOL § 5-302",
    Severity.WARNING,
    "Under Cal. Lab. Code § 927(a) and N.Y. Gen. Oblig. Law § 5-302(1) a replica provision "
    "in an agreement for personal or professional services is unenforceable only when all "
    "of their conditions hold: it lets a digital replica stand in for work the performer "
    "would have done in person; it lacks a reasonably specific description of the intended "
    "uses (and the uses are not consistent with the contract and the fundamental character "
    "of the recorded performance); and the performer was represented neither by counsel "
    "with clear and conspicuous terms nor by a union whose agreement expressly addresses "
    "digital replicas. § 927 reaches only new performances fixed on or after 2025-01-01. So "
    "a specific description alone saves the provision, and so does representation alone. "
    "The finding says which conditions the record shows. OMRS 1.0 cannot record whether "
    "the agreement is a services agreement, whether the replica replaces in-person work, "
    "when the performance was fixed, or which law governs it: there the profiles decide, "
    "derived from the consent's territories, and a user may add or exclude them. OMRS 1.1 "
    "records them in `agreement`: its governing law and places of performance decide which "
    "statute is named (where given), and a stand-alone likeness licence, a replica that "
    "replaces no in-person work, or (for § 927) a performance fixed before 2025-01-01 is "
    "outside the statute's words (whether § 927 reaches a stand-alone licence is "
    "unsettled). Always a warning, never an error: where descriptions are specific, or no "
    "statute reaches, it only reports the spec's SHOULD (likeness-consent.md: the subject "
    "SHOULD be represented). No court has yet said what is reasonably specific.",
    (src.CA_LABOR_927, src.NY_GOL_5_302, src.OMRS_CONSENT),
    CONSENT,
    profiles=("us-ca", "us-ny"),
)
def _representation(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.data["subject"]["status"] != "living":
        return
    gap = _unrepresented(doc.data["representation"])
    if gap is None:
        return
    pointer, why = gap
    statutes, outside = replica_statutes(doc.data, ctx)
    blanket = [i + 1 for i, _, _ in blanket_uses(doc.data)]
    if blanket and statutes:
        uses = ", ".join(map(str, sorted(set(blanket))))
        named = " and ".join(name for name, _ in statutes)
        conditions = (
            ": it is in a services agreement and replaces work the performer would have "
            "done in person"
            if _agreement_shows_scope(doc.data)
            else " if it is in a services agreement and replaces work the performer would "
            "have done in person"
        )
        fixed = (
            " (for § 927, a new performance fixed on or after 2025-01-01)"
            if any(code == "US-CA" for _, code in statutes)
            else ""
        )
        message = (
            f"the living subject {why}, and intended use {uses} has no reasonably specific "
            f"description: under {named} the replica provision is unenforceable"
            f"{conditions}{fixed}, unless the uses are consistent with the contract and the "
            "fundamental character of the recorded performance"
        )
    else:
        stands = (
            ", though with every use specifically described the provision stands under "
            "§ 927 and § 5-302"
            if not outside
            else f" (§ 927 and § 5-302 do not reach this provision: {outside})"
        )
        message = f"the living subject {why}; OMRS says the subject SHOULD be represented{stands}"
    yield r.at(pointer, message)


_STATUTES = (("Cal. Lab. Code § 927", "US-CA", "us-ca"), ("N.Y. GOL § 5-302", "US-NY", "us-ny"))
#: Cal. Lab. Code § 927(a) reaches new performances fixed on or after this day.
CA_927_FIXED_FROM = dt.date(2025, 1, 1)


def _agreement_shows_scope(data: dict[str, Any]) -> bool:
    agreement = data.get("agreement") or {}
    return (
        agreement.get("kind") == "servicesAgreement"
        and agreement.get("replacesInPersonWork") is True
    )


def replica_statutes(data: dict[str, Any], ctx: RuleContext) -> tuple[list[tuple[str, str]], str]:
    """The replica-contract statutes that can reach the consent's provision, and why none
    can when the (1.1) ``agreement`` rules them out.

    Without an agreement (every 1.0 record) the active profiles decide, as before. With
    one, its governing law and places of performance decide where they are given (the
    statutes have no hook in the performer's domicile or the grant's territories); a
    stand-alone likeness licence, a replica that replaces no in-person work, and (for
    § 927) a performance fixed before 2025-01-01 are outside the words of the statutes.
    """
    agreement = data.get("agreement")
    active = [(name, code) for name, code, p in _STATUTES if p in ctx.active_profiles]
    if not isinstance(agreement, dict):
        return active, ""
    if agreement.get("kind") == "likenessLicence":
        return [], "a stand-alone likeness licence, not an agreement for services"
    if agreement.get("replacesInPersonWork") is False:
        return [], "the replica replaces no work the performer would have done in person"
    places = agreement_places(agreement)
    if places:
        scope = Scope.of(places)
        active = [(name, code) for name, code, _ in _STATUTES if scope.reaches(code)]
    fixed = date(agreement.get("performanceFixedOn"))
    if fixed and fixed < CA_927_FIXED_FROM:
        active = [(name, code) for name, code in active if code != "US-CA"]
    if active:
        return active, ""
    where = ", ".join(places) or "no place named"
    return [], f"the agreement is governed and performed in {where}"


ESTATE_ROLES = ("executor", "heir")


@semantic(
    "consent.grantor-authority",
    "A grantor other than the subject shows proof of authority",
    Severity.ERROR,
    "OMRS 1.0 requires, for any grantor other than the subject (executor, heir, "
    "representative, rights holder, union, guardian), a proof of authority bound by digest "
    "or reference: letters testamentary, a registered successor claim, a power of attorney, "
    "a guardianship order (likeness-consent.md). Estate roles exist only after the "
    "subject's death. Who holds a post-mortem right is state law (for example Cal. Civ. "
    "Code § 3344.1, N.Y. Civ. Rights Law § 50-f), read here in summaries only. OMRS 1.1: "
    "each co-grantor (`coGrantors`) is judged like the grantor.",
    (src.OMRS_CONSENT, src.CA_CIV_3344_1, src.NY_CRL_50F),
    CONSENT,
)
def _grantor_authority(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for pointer, grantor in grantors(doc.data):
        yield from _authority(r, pointer, grantor, doc.data["subject"])


def grantors(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The grantor and (OMRS 1.1) each co-grantor, with their pointers."""
    yield "/grantor", data["grantor"]
    for i, grantor in items(data, "coGrantors"):
        yield f"/coGrantors/{i}", grantor


def _authority(
    r: Report, at: str, grantor: dict[str, Any], subject: dict[str, Any]
) -> Iterator[Finding]:
    role = grantor["role"]
    if role == "subject":
        return
    proof = grantor.get("proofOfAuthority")
    name = grantor["party"]["name"]
    if proof is None:
        yield r.at(at, f"{name} grants as {role} but `proofOfAuthority` is missing")
    elif not proof.get("documentDigest") and not proof.get("reference"):
        yield r.at(
            f"{at}/proofOfAuthority",
            f"the proof of {name}'s authority has neither "
            "a document digest nor a reference, so it cannot be verified",
        )
    if role in ESTATE_ROLES and subject["status"] == "living":
        yield r.at(
            f"{at}/role",
            f"{name} grants as {role} of a living subject; estate roles can only grant after death",
        )


@semantic(
    "consent.grant-after-death",
    "A consent signed after the subject's death does not come from the subject",
    Severity.ERROR,
    "A person cannot sign after their death: a consent signed after the date of death must "
    "be granted by the estate (executor, heir or registered successor) with proof of "
    "authority, not recorded as the subject's own grant (likeness-consent.md).",
    (src.OMRS_CONSENT,),
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
    "consent.date-of-death",
    "A deceased subject has a date of death, a living one has none",
    Severity.ERROR,
    "OMRS 1.0: a `deceased` subject MUST have `dateOfDeath`, and a `living` subject MUST NOT "
    "have one (likeness-consent.md). The date decides who may grant and from when a "
    "post-mortem term runs.",
    (src.OMRS_CONSENT,),
    CONSENT,
)
def _date_of_death(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    subject = doc.data["subject"]
    if subject["status"] == "deceased" and "dateOfDeath" not in subject:
        yield r.at("/subject", f"{subject['name']} is `deceased` but `dateOfDeath` is missing")
    elif subject["status"] == "living" and "dateOfDeath" in subject:
        yield r.at(
            "/subject/dateOfDeath",
            f"{subject['name']} is `living` yet has a `dateOfDeath` ({subject['dateOfDeath']})",
        )


@semantic(
    "consent.estate-grant-before-death",
    "An executor's or heir's grant is signed after the death",
    Severity.ERROR,
    "OMRS 1.0: for an executor or heir, `evidence.signedAt` MUST be after "
    "`subject.dateOfDeath` (likeness-consent.md); before the death there is no estate to "
    "grant anything. Dates are compared as written, so a signature on the day of death is "
    "not flagged.",
    (src.OMRS_CONSENT,),
    CONSENT,
)
def _estate_grant(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    role = doc.data["grantor"]["role"]
    died = date(doc.data["subject"].get("dateOfDeath"))
    signed = date(doc.data["evidence"]["signedAt"])
    if role in ESTATE_ROLES and died and signed and signed < died:
        yield r.at(
            "/evidence/signedAt",
            f"the {role} signed on {signed}, before the subject died on {died}",
        )


@semantic(
    "consent.use-attributes",
    "A use's attributes are among the consent's",
    Severity.ERROR,
    "OMRS 1.0: an intended use MAY narrow the attributes it relies on with its own "
    "`attributes`, which MUST be a subset of the record's (likeness-consent.md); a use "
    "cannot grant what the consent does not. Voice and visual likeness are separate grants "
    "(the ELVIS Act added voice as a protected right).",
    (src.OMRS_CONSENT, src.TN_ELVIS),
    CONSENT,
)
def _use_attributes(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    granted = set(doc.data["attributes"])
    for i, use in items(doc.data, "intendedUses"):
        extra = [a for a in use.get("attributes") or () if a not in granted]
        if extra:
            yield r.at(
                f"/intendedUses/{i}/attributes",
                f"intended use {i + 1} ({use['work']['title']}) relies on "
                f"{', '.join(extra)}, which the consent does not grant (it grants "
                f"{', '.join(doc.data['attributes'])})",
            )
