"""Bundle rules on consents: every real person in AI content has a consent that covers
the attributes, the work, the release dates and territories.

Consent findings never look at the disclosure label: a label does not cure a failed
consent (the note in each message says so).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items, listing, semantic, span
from omrs.rules.bundle import BUNDLE, BundleView, is_ai_asset, view
from omrs.rules.engine import RuleContext
from omrs.territories import Scope, describe

#: How messages name the bundle's release when it differs from the disclosure's.
BUNDLE_RELEASE = "the bundle's release"


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a real person's likeness in an AI asset, as the consent rules see it."""

    asset: int
    pointer: str
    where: str
    person: str
    #: The consent id the person names; None when (1.1) only legal bases are named.
    consent: str | None
    attributes: tuple[str, ...]
    work: dict[str, Any]
    release: dict[str, Any]
    label: dict[str, Any] | None
    #: Every release the use must be judged against: the disclosure's and the bundle's.
    releases: tuple[tuple[str, dict[str, Any]], ...] = ()
    #: The depicted-person object itself (its 1.1 ``bases``, ``approvals``, dates).
    entry: dict[str, Any] | None = None
    #: The disclosure segment the person is in (None: listed on the bundle's asset).
    segment: dict[str, Any] | None = None
    media_type: str = ""

    @property
    def bases(self) -> list[dict[str, Any]]:
        found = (self.entry or {}).get("bases")
        return [b for b in found if isinstance(b, dict)] if isinstance(found, list) else []


def uses(doc: Document, ctx: RuleContext) -> list[Use]:
    """Every use of a real person in an AI asset of the bundle, once per run."""
    key = ("bundle-uses", doc.path)
    if key not in ctx.memo:
        ctx.memo[key] = list(_uses(view(doc, ctx)))
    found: list[Use] = ctx.memo[key]
    return found


def _key(person: dict[str, Any]) -> tuple[str, str]:
    """What makes an asset-level person the same as a segment's: the consent, else the name."""
    consent = person.get("consent")
    return ("consent", consent) if isinstance(consent, str) else ("name", str(person["name"]))


def _uses(bundle: BundleView) -> Iterator[Use]:
    data = bundle.doc.data
    for i, asset in items(data, "assets"):
        disclosure = bundle.disclosure(asset)
        source = disclosure or data
        releases = [("the release", data["release"])]
        if disclosure and disclosure["release"] != data["release"]:
            releases = [("the disclosure's release", disclosure["release"])]
            releases.append((BUNDLE_RELEASE, data["release"]))
        label = (disclosure or {}).get("label")
        media = str(
            (disclosure or {}).get("asset", {}).get("mediaType") or asset.get("mediaType", "")
        )
        common = (source["work"], source["release"], label, tuple(releases))
        in_segments: set[tuple[str, str]] = set()
        for _, seg in items(disclosure, "segments"):
            for person in seg.get("people", []):
                in_segments.add(_key(person))
                yield Use(
                    i,
                    f"/assets/{i}/disclosure",
                    f"{asset['path']} {span(seg)}",
                    person["name"],
                    person.get("consent"),
                    tuple(person["attributes"]),
                    *common,
                    entry=person,
                    segment=seg,
                    media_type=media,
                )
        if not is_ai_asset(asset, disclosure):
            continue
        for j, person in items(asset, "people"):
            if _key(person) not in in_segments:
                yield Use(
                    i,
                    f"/assets/{i}/people/{j}",
                    asset["path"],
                    person["name"],
                    person.get("consent"),
                    tuple(person["attributes"]),
                    *common,
                    entry=person,
                    media_type=media,
                )


def _label_note(use: Use) -> str:
    if not use.label:
        return ""
    return (
        f"; the disclosure label (placement {use.label['placement']}) does not cure this: "
        "a label never replaces consent (OMRS ai-disclosure.md; the NO FAKES bill, S. 4591 "
        "§ 2(e)(3), denies a disclaimer or an AI disclosure as a defence)"
    )


def _consented(doc: Document, ctx: RuleContext) -> Iterator[tuple[Use, dict[str, Any]]]:
    bundle = view(doc, ctx)
    for use in uses(doc, ctx):
        consent = bundle.record(use.consent, "likeness-consent") if use.consent else None
        if consent is not None:
            yield use, consent


_CONSENT_SOURCES = (src.OMRS_DISCLOSURE, src.OMRS_CONSENT, src.NO_FAKES_DISCLAIMER)


@semantic(
    "bundle.consent-missing",
    "Every real person in AI content has a consent in the bundle",
    Severity.ERROR,
    "OMRS 1.0: each real person depicted or heard in an AI asset or segment names the "
    "likeness consent that covers them (ai-disclosure.md); that consent must be a record of "
    "the bundle. OMRS 1.1 also lets a person name legal bases other than consent (`bases`) "
    "instead, which the basis.* rules judge; a person with neither is a schema error. A "
    "likeness approval (an estate's or family's blessing) is not a consent: naming one as "
    "`consent` is this error, whatever it approves. A disclosure label does not replace "
    "consent either: a label never replaces consent, and the NO FAKES bill (S. 4591 "
    "§ 2(e)(3), not law) would deny a disclaimer or an AI disclosure as a defence.",
    (*_CONSENT_SOURCES, src.OMRS_APPROVAL),
    BUNDLE,
)
def _consent_missing(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for use in uses(doc, ctx):
        if use.consent is None or bundle.record(use.consent, "likeness-consent") is not None:
            continue
        if bundle.record(use.consent, "likeness-approval") is not None:
            why = (
                "is a likeness approval, not a consent: an approval grants no rights and "
                "never satisfies a consent requirement (cite it under `approvals`, and name a "
                "consent or a legal basis)"
            )
        else:
            why = bundle.missing(use.consent, "likeness-consent")
        yield r.at(
            use.pointer,
            f"{use.where} depicts {use.person} under consent {use.consent}, which "
            f"{why}{_label_note(use)}",
        )


def work_attributes(consent: dict[str, Any], work_id: str) -> set[str]:
    """Attributes the consent grants for ``work_id`` (uses may narrow the consent's)."""
    granted: set[str] = set()
    for _, use in items(consent, "intendedUses"):
        if use["work"]["id"] == work_id:
            granted |= set(use.get("attributes") or consent["attributes"])
    return granted


@semantic(
    "bundle.consent-attributes",
    "The consent covers every attribute the AI content uses",
    Severity.ERROR,
    "OMRS 1.0: the consent MUST cover the attributes a segment reproduces (ai-disclosure.md). "
    "Face, body, voice, singing voice, motion and name are separate grants: a consent to a "
    "voice replica does not cover the face (Tennessee's ELVIS Act added voice as a right of "
    "its own). Where the consent's intended uses for the work name attributes, only those "
    "are covered for that work.",
    (src.TN_ELVIS, *_CONSENT_SOURCES),
    BUNDLE,
)
def _consent_attributes(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        granted = set(consent["attributes"])
        for_work = work_attributes(consent, use.work["id"])
        scope = granted & for_work if for_work else granted
        missing = [a for a in use.attributes if a not in scope]
        if missing:
            what = f" for {use.work['title']}" if for_work else ""
            yield r.at(
                use.pointer,
                f"consent {use.consent} covers {listing(sorted(scope))}{what}; "
                f"{use.where} uses {listing(missing)} of {use.person}"
                f"{_label_note(use)}",
            )


@semantic(
    "bundle.consent-work",
    "The consent's intended uses include the work",
    Severity.ERROR,
    "A consent covers the works its intended uses name, and no others: a use of the replica "
    "in a work not listed needs a new consent (likeness-consent.md). This holds for every "
    "kind of replica and every profile.",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_work(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        works = {u["work"]["id"] for _, u in items(consent, "intendedUses")}
        if use.work["id"] not in works:
            yield r.at(
                use.pointer,
                f"consent {use.consent} names no intended use in "
                f"{use.work['title']} ({use.work['id']}); {use.where} uses "
                f"{use.person}{_label_note(use)}",
            )


def outside_term(consent: Mapping[str, Any], released: Any) -> str | None:
    """Why ``consent`` is not in force on the day ``released`` (None: it is, or the day is
    unknown). Also the review report's reason for a coverage gap, so the two agree."""
    day = date(released)
    span = consent.get("term")
    span = span if isinstance(span, Mapping) else {}
    revocation = consent.get("revocation")
    revocation = revocation if isinstance(revocation, Mapping) else {}
    start, end, revoked = (
        date(span.get("start")),
        date(span.get("end")),
        date(revocation.get("revokedAt")),
    )
    if day is None:
        return None
    if start and day < start:
        return f"starts on {start}"
    if end and day > end:
        return f"ended on {end}"
    if revoked and day >= revoked:
        return f"was revoked on {revoked}"
    return None


@semantic(
    "bundle.consent-term",
    "The consent is in force on the release date",
    Severity.ERROR,
    "OMRS 1.0: the consent MUST cover the release date and MUST NOT be revoked or expired "
    "then (ai-disclosure.md). Each release the use goes out in is judged: the disclosure's "
    "and the bundle's, when they differ.",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_term(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        for origin, release in use.releases:
            problem = outside_term(consent, release["date"])
            if problem:
                yield r.at(
                    use.pointer,
                    f"consent {use.consent} {problem}; {origin} of "
                    f"{use.where} is on {date(release['date'])}{_label_note(use)}",
                )


@semantic(
    "bundle.consent-territory",
    "The consent covers every release territory",
    Severity.ERROR,
    "OMRS 1.0: each territory of the release must be covered by the consent's territories "
    "(WORLD covers all; a country covers its subdivisions, not the reverse). Each release "
    "is judged: the disclosure's and the bundle's, when they differ. OMRS 1.1: groups (EU, "
    "EEA) stand for their members and `excludedTerritories` are taken out, on both sides; a "
    "territory the consent does not cover may be covered by one of the person's legal "
    "bases, in the jurisdictions the basis names (whether the basis holds there is for the "
    "basis.* rules).",
    (*_CONSENT_SOURCES, src.OMRS_OVERVIEW_1_1),
    BUNDLE,
)
def _consent_territory(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        granted = Scope.of_record(consent)
        bases = [Scope.of(b["jurisdictions"]) for b in use.bases]
        for origin, release in use.releases:
            missing = granted.missing(Scope.of_record(release), *bases)
            if missing:
                held = [t for b in use.bases for t in b["jurisdictions"]]
                also = f" (the person's legal bases add {listing(held)})" if held else ""
                yield r.at(
                    use.pointer,
                    f"consent {use.consent} covers "
                    f"{describe(granted.listed, granted.excluded_listed)}{also}; {origin} of "
                    f"{use.where} is in {listing(missing)} too{_label_note(use)}",
                )
