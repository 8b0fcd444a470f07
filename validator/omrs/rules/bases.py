"""Rules on people depicted on a legal basis other than consent (OMRS 1.1 ``bases``).

A basis holds only where it says it does, and only if the law of that place allows it: a
post-mortem right claimed expired must have expired on the release date; a jurisdiction
claimed to give no right must not be one whose post-mortem right still runs; an exemption
for a deceased person's digital replica is one whose statutory text OMRS could not read,
so it is reported as unverified. The post-mortem terms are a table (``POST_MORTEM``) with
the grade of what was read; only California's term was read in a primary text.

Each person is judged where it is listed: a disclosure's segment people against the
disclosure's release (in the disclosure), a bundle's asset people, and any bundle release
that differs from the disclosure's, in the bundle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, add_years, date, items, listing, semantic, span
from omrs.rules.catalogue import Source
from omrs.rules.engine import RuleContext
from omrs.rules.releases import ARTISTIC_CONTEXTS
from omrs.territories import Scope, country, describe

PEOPLE = ("ai-disclosure", "bundle")


@dataclass(frozen=True, slots=True)
class Claim:
    """A person named with legal bases, in one release."""

    pointer: str
    where: str
    person: dict[str, Any]
    release: dict[str, Any]
    origin: str
    media_type: str
    #: Whether the person also names a consent (only a bundle can resolve it).
    consented: bool

    @property
    def name(self) -> str:
        return str(self.person["name"])

    def bases(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return items(self.person, "bases")

    @property
    def died(self) -> dt.date | None:
        return date(self.person.get("dateOfDeath"))

    @property
    def released(self) -> dt.date | None:
        return date(self.release["date"])

    @property
    def audiovisual(self) -> bool:
        """Audio or video (a sound recording or an audiovisual work), or not known."""
        kind = self.media_type.split("/", 1)[0]
        return kind in ("audio", "video", "")


def claims(doc: Document, ctx: RuleContext) -> Iterator[Claim]:
    """Every person with bases the document must answer for (see the module text)."""
    data = doc.data
    if data.get("recordType") == "ai-disclosure":
        media = str(data["asset"].get("mediaType", ""))
        for i, seg in items(data, "segments"):
            for j, person in items(seg, "people"):
                if person.get("bases"):
                    yield Claim(
                        f"/segments/{i}/people/{j}",
                        span(seg),
                        person,
                        data["release"],
                        "the release",
                        media,
                        "consent" in person,
                    )
        return
    from omrs.rules.bundle_consents import BUNDLE_RELEASE, uses

    for use in uses(doc, ctx):
        if not use.bases or use.entry is None:
            continue
        for origin, release in use.releases:
            if use.segment is not None and origin != BUNDLE_RELEASE:
                continue  # a segment's person was judged in the disclosure, on its release
            yield Claim(
                use.pointer,
                use.where,
                use.entry,
                release,
                origin,
                use.media_type,
                use.consent is not None,
            )


@semantic(
    "basis.territory",
    "A person without a consent is covered by legal bases in every release territory",
    Severity.ERROR,
    "OMRS 1.1: a legal basis holds only in the `jurisdictions` it names, so a person "
    "depicted without a consent MUST have bases whose jurisdictions cover every territory "
    "of the release (groups expanded, exclusions taken out; ai-disclosure.md). A person who "
    "also names a consent is judged in the bundle, where the consent's territories and the "
    "bases' jurisdictions together must cover the release (bundle.consent-territory).",
    (src.OMRS_BASIS, src.OMRS_OVERVIEW_1_1),
    PEOPLE,
    since="1.1",
)
def _territory(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for claim in claims(doc, ctx):
        if claim.consented:
            continue
        scopes = [Scope.of(b["jurisdictions"]) for _, b in claim.bases()]
        missing = scopes[0].missing(Scope.of_record(claim.release), *scopes[1:])
        if missing:
            held = listing(t for s in scopes for t in s.listed)
            yield r.at(
                claim.pointer,
                f"{claim.name} in {claim.where} has no consent, and the legal bases named "
                f"hold in {held}; {claim.origin} is also in {listing(missing)}",
            )


@dataclass(frozen=True, slots=True)
class PostMortemRight:
    """A post-mortem right in a likeness: where, under which profile, for how long."""

    place: str
    profile: str
    statute: str
    years: int
    source: Source
    #: Error only where the term was read in a primary text.
    severity: Severity
    #: The right exists only for people who died on or after this date (New York).
    died_from: dt.date | None = None
    #: The right exists only for people domiciled here at death (New York).
    domicile: str | None = None
    #: What happens after ``years`` that OMRS cannot check (Tennessee: use keeps it alive).
    after: str = ""

    def reaches(self, person: dict[str, Any], died: dt.date) -> bool:
        """Whether the right can exist for this person at all."""
        if self.died_from and died < self.died_from:
            return False
        home = person.get("domicile")
        if self.domicile and isinstance(home, str) and "-" in home:
            return home == self.domicile
        if self.domicile and isinstance(home, str):
            return home == country(self.domicile)  # a country only: cannot rule it out
        return True

    def ends(self, died: dt.date) -> dt.date:
        """The last day of the term: the anniversary of the death (read inclusively)."""
        return add_years(died, self.years)


POST_MORTEM = (
    PostMortemRight(
        "US-CA", "us-ca", "Cal. Civ. Code § 3344.1", 70, src.CA_CIV_3344_1_TERM, Severity.ERROR
    ),
    PostMortemRight(
        "US-NY",
        "us-ny",
        "N.Y. Civ. Rights Law § 50-f",
        40,
        src.NY_CRL_50F_TERM,
        Severity.WARNING,
        died_from=dt.date(2021, 5, 29),
        domicile="US-NY",
    ),
    PostMortemRight(
        "US-TN",
        "us-tn",
        "Tenn. Code Ann. § 47-25-1104",
        10,
        src.TN_ELVIS_TERM,
        Severity.WARNING,
        after=", and after that it lasts until the likeness goes unused for two years, which "
        "OMRS cannot check",
    ),
)


def _rights(claim: Claim, basis: dict[str, Any], ctx: RuleContext) -> Iterator[PostMortemRight]:
    """The tabled rights of the places the basis names, under the active profiles."""
    scope = Scope.of(basis["jurisdictions"])
    release = Scope.of_record(claim.release)
    for right in POST_MORTEM:
        here = scope.reaches(right.place) and release.reaches(right.place)
        if here and right.profile in ctx.active_profiles:
            yield right


@semantic(
    "basis.post-mortem-expired",
    "A post-mortem right claimed expired has expired by the release date",
    Severity.ERROR,
    "A basis of kind `postMortemExpired` says the post-mortem right in the person's "
    "likeness has ended. OMRS 1.1: the person MUST then have a `dateOfDeath` "
    "(ai-disclosure.md), an error wherever it is missing. The claim holds only if the "
    "right's term, counted from the date of death, ended before the release date, in each "
    "place the basis names and the release reaches, judged when that place's profile is "
    "active. California: 70 years after death (Cal. "
    "Civ. Code § 3344.1, read in the Legislative Counsel's Digest of AB 1836), an error. "
    "New York: 40 years after death, and only for people domiciled in New York at death who "
    "died on or after 2021-05-29 (N.Y. Civ. Rights Law § 50-f, read in summaries), a "
    "warning; a person outside those conditions never had the right, so the claim holds. "
    "Tennessee: 10 years, then as long as the likeness is used (read in summaries), a "
    "warning within the 10 years. Terms are read inclusively: the right is taken to run "
    "through the anniversary of the death.",
    (src.CA_CIV_3344_1_TERM, src.NY_CRL_50F_TERM, src.TN_ELVIS_TERM, src.OMRS_BASIS),
    PEOPLE,
    since="1.1",
)
def _expired(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    undated: set[str] = set()  # a bundle's person may be judged in two releases
    for claim in claims(doc, ctx):
        died, released = claim.died, claim.released
        for k, basis in claim.bases():
            if basis["kind"] != "postMortemExpired":
                continue
            if died is None:
                if claim.pointer in undated:
                    break
                undated.add(claim.pointer)
                yield r.at(
                    claim.pointer,
                    f"a post-mortem right is claimed expired for {claim.name}, whose "
                    "`dateOfDeath` is not given: the term runs from the death",
                )
                break
            if released is None:
                continue
            for right in _rights(claim, basis, ctx):
                if not right.reaches(claim.person, died) or released > right.ends(died):
                    continue
                yield r.at(
                    _at_basis(claim, k),
                    f"{claim.name} died on {died}; the {right.statute} right runs "
                    f"{right.years} years, to {right.ends(died)}{right.after}, so in "
                    f"{right.place} it has not expired on {released} ({claim.origin}); if the "
                    "right never reached this person, the basis is `noRight`, with the reason",
                    severity=right.severity,
                )


@semantic(
    "basis.no-right",
    "No right is claimed where a post-mortem right still runs",
    Severity.WARNING,
    "A basis of kind `noRight` says the jurisdiction gives no right this use would need. "
    "Where the person died within the term of a post-mortem right of a place the basis "
    "names (California, 70 years; New York, 40 years for people domiciled there who died "
    "from 2021-05-29; Tennessee, 10 years), that right may well exist: the claim then rests "
    "on facts OMRS does not record (whether the person's likeness had commercial value at "
    "death, as Cal. Civ. Code § 3344.1 requires; where the person was domiciled; the "
    "statute's territorial reach, not read) and on the advice cited. A warning: the terms "
    "beyond California's were read in summaries, and whether the right reaches this person "
    "is a question of fact.",
    (src.CA_CIV_3344_1_TERM, src.NY_CRL_50F_TERM, src.TN_ELVIS_TERM, src.OMRS_BASIS),
    PEOPLE,
    profiles=("us-ca", "us-ny", "us-tn"),
    since="1.1",
)
def _no_right(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for claim in claims(doc, ctx):
        died, released = claim.died, claim.released
        if died is None or released is None:
            continue
        for k, basis in claim.bases():
            if basis["kind"] != "noRight":
                continue
            for right in _rights(claim, basis, ctx):
                if right.reaches(claim.person, died) and released <= right.ends(died):
                    yield r.at(
                        _at_basis(claim, k),
                        f"no right is claimed in {right.place} for {claim.name}, but "
                        f"{right.statute} gives a deceased person's successors a right for "
                        f"{right.years} years after death (to {right.ends(died)}); say why it "
                        "does not reach this person, or rely on another basis",
                    )


def _at_basis(claim: Claim, k: int) -> str:
    """The basis itself in a disclosure; the person's listing in a bundle."""
    return f"{claim.pointer}/bases/{k}" if claim.pointer.startswith("/segments") else claim.pointer


#: Digital-replica provisions whose exemptions OMRS could not read (see the rationale).
_REPLICA_STATUTES = {
    "US-CA": "Cal. Civ. Code § 3344.1 as amended by AB 1836",
    "US-NY": "N.Y. Civ. Rights Law § 50-f as amended on 2025-12-11",
}


@semantic(
    "basis.exemption-unverified",
    "An exemption claimed for a deceased person's digital replica could not be verified",
    Severity.WARNING,
    "California (Cal. Civ. Code § 3344.1 as amended by AB 1836, from 2025-01-01) makes "
    "whoever produces, distributes or makes available a deceased personality's digital "
    "replica in an expressive audiovisual work or sound recording without prior consent "
    'liable "except as prescribed" (Legislative Counsel\'s Digest); New York (N.Y. Civ. '
    "Rights Law § 50-f as amended on 2025-12-11) holds liable the use of a deceased "
    "performer's digital replica in audiovisual works, sound recordings or live "
    "performances without prior consent (sponsor memo). Both keep exemptions (news, "
    "public affairs, sports, commentary, criticism, satire, parody, documentary, "
    "biographical or historical works), but their wording, and whether they reach a "
    "replica in a scripted audiovisual work, was not verified: before 2025-12-11 New York's "
    "text aimed at exactly that use (a replica in a scripted work as a fictional "
    "character); California's expressive-works carve-out in § 3344.1(a)(1)(B) concerns the "
    "product and advertising cause of action. So a `statutoryExemption` basis for a "
    "deceased person's replica in audio or video, in those places, within the post-mortem "
    "term, is reported as a warning that says it could not be verified; it is accepted on "
    "the advice it cites, which the warning names. Never an error until the texts are read.",
    (src.CA_CIV_3344_1, src.NY_CRL_50F_REPLICA, src.OMRS_BASIS),
    PEOPLE,
    profiles=("us-ca", "us-ny"),
    since="1.1",
)
def _exemption(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for claim in claims(doc, ctx):
        died, released = claim.died, claim.released
        if died is None or released is None or not claim.audiovisual:
            continue
        for k, basis in claim.bases():
            if basis["kind"] != "statutoryExemption":
                continue
            for right in _rights(claim, basis, ctx):
                if right.place not in _REPLICA_STATUTES:
                    continue
                if not right.reaches(claim.person, died) or released > right.ends(died):
                    continue
                yield r.at(_at_basis(claim, k), _unverified(claim, basis, right.place))


def _unverified(claim: Claim, basis: dict[str, Any], place: str) -> str:
    statute = _REPLICA_STATUTES[place]
    exemptions = listing(basis.get("exemptions") or ["unnamed"])
    scripted = claim.release.get("context") in ARTISTIC_CONTEXTS
    work = "a scripted (fictional) audiovisual work" if scripted else "audio or video"
    advice = basis["advice"]
    counsel = advice["counsel"]["name"]
    return (
        f"the {exemptions} exemption is claimed in {place} for a digital replica of "
        f"{claim.name} (died {claim.died}) in {work}; {statute} requires prior consent for "
        "such a replica, and OMRS could not verify whether its exemptions reach this use "
        "(the statute's exemption text was not read): the claim for "
        f"{describe(basis['jurisdictions'])} rests on the advice of {counsel} of "
        f"{advice['date']}"
    )
