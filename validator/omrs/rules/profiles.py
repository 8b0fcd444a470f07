"""Jurisdiction and agreement profiles: which rules apply where.

A profile names a body of law, a bill or an agreement. Its rules are the catalogue entries
that list it in ``Rule.profiles`` (rules with no profile always run). Profiles are derived
from the territories a document is released or granted in, and the SAG-AFTRA profiles from
the collective agreement a consent names; bills are never derived. The profiles a user
chooses are added to the derived ones, and only an explicit exclusion removes one
(``omrs.judgement.active_profiles``), so opting into one regime never silently drops another.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from omrs.rules.base import date
from omrs.rules.catalogue import Rule, all_rules
from omrs.territories import EU_MEMBERS, Scope, country

#: The 27 EU member states, from the one territory table (spec/1.x/profiles.md lists them).
EU_MEMBER_STATE_NAMES = dict(EU_MEMBERS)
EU_MEMBER_STATES = frozenset(EU_MEMBERS)
#: Profile ids that were renamed, and what they are now (accepted with the new meaning).
ALIASES = {"us-no-fakes-draft": "us-no-fakes-bill"}
#: The 2023 TV/Theatrical contracts ran to 2026-06-30; the 2026 agreement from 2026-07-01.
SAG_AFTRA_2026_FROM = dt.date(2026, 7, 1)
_SAG_AFTRA_TV = re.compile(
    r"sag[-\s]?aftra.*(?:tv|television|theatrical|codified basic)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    title: str
    description: str
    #: Territory codes whose presence derives the profile ("WORLD" derives every
    #: territorial profile; a country derives the profiles of its listed subdivisions).
    territories: frozenset[str]

    @property
    def places(self) -> frozenset[str]:
        """The most specific codes of ``territories`` (``US-CA`` of ``US, US-CA``): the
        profile is derived where a scope reaches one of them."""
        countries = {country(t) for t in self.territories if "-" in t}
        return frozenset(t for t in self.territories if t not in countries)

    def rules(self) -> list[Rule]:
        return [r for r in all_rules() if self.id in r.profiles]


PROFILES: dict[str, Profile] = {
    p.id: p
    for p in [
        Profile(
            "eu-ai-act",
            "EU AI Act transparency duties",
            "Art. 50 of Regulation (EU) 2024/1689, applying from 2026-08-02 (Art. 113): deep "
            "fakes disclosed at the latest at first exposure (50(4), 50(5)); in an evidently "
            "artistic, creative, satirical or fictional work a form that does not hamper it. "
            "Regulation (EU) 2026/1744 (Digital Omnibus) gives providers of systems placed on "
            "the market before 2026-08-02 until 2026-12-02 for the 50(2) marking only.",
            EU_MEMBER_STATES,
        ),
        Profile(
            "us-ca",
            "California",
            "Cal. Lab. Code 927 (AB 2602) on replica terms in services agreements; Cal. Civ. "
            "Code 3344.1 (AB 1836) on deceased personalities. Derived from territories; the "
            "statutes follow the governing law and the place of performance, which OMRS 1.0 "
            "cannot record, so add or exclude it explicitly where those differ.",
            frozenset({"US", "US-CA"}),
        ),
        Profile(
            "us-ny",
            "New York",
            "N.Y. Gen. Oblig. Law 5-302 on replica terms; Civ. Rights Law 50-f on deceased "
            "performers; Gen. Bus. Law 396-b on synthetic performers in advertisements (from "
            "2026-06-09).",
            frozenset({"US", "US-NY"}),
        ),
        Profile(
            "us-tn",
            "Tennessee",
            "ELVIS Act 2024 (Pub. Ch. 588): adds voice to the protected rights. It adds no rule "
            "of its own: bundle.consent-attributes, which applies everywhere, already requires "
            "each attribute used to be granted.",
            frozenset({"US", "US-TN"}),
        ),
        Profile(
            "us-no-fakes-bill",
            "NO FAKES Act of 2026, S. 4591 (119th Cong.), a bill",
            "The federal bill as introduced on 2026-05-20 (reported 2026-06-24, not passed, "
            "not law): licences of at most 10 years (5 for minors, ending at 18) unless a "
            "replica-aware collective agreement governs, and court approval of a minor's "
            "licence. A bill, so never derived: choose it as a yardstick (the old id "
            "us-no-fakes-draft still selects it).",
            frozenset(),
        ),
        Profile(
            "sag-aftra-2023",
            "SAG-AFTRA 2023 TV/Theatrical Contracts",
            "Employment-based replicas consented to per work. Derived only for engagements "
            "under the agreement: a consent whose representation.unionAgreement.name names "
            "the SAG-AFTRA TV/Theatrical contracts and that was signed before 2026-07-01 "
            "(the 2023 contracts expired on 2026-06-30).",
            frozenset(),
        ),
        Profile(
            "sag-aftra-2026",
            "SAG-AFTRA 2026 TV/Theatrical Agreement",
            "The successor agreement (2026-07-01 to 2030-06-30), derived like sag-aftra-2023 "
            "for consents signed from 2026-07-01. Its replica terms were not read; the 2023 "
            "rule is applied as a warning.",
            frozenset(),
        ),
        Profile(
            "cn-labelling",
            "China AI content labelling",
            "CAC Measures for Labelling AI-Generated Synthetic Content and GB 45438-2025, from "
            "2025-09-01: explicit labels (video at the start; audio at the start, middle or "
            "end) and the implicit label in file metadata.",
            frozenset({"CN"}),
        ),
    ]
}


def canonical(profile_id: str) -> str:
    """The current id of a profile (a renamed id maps to its new name)."""
    return ALIASES.get(profile_id, profile_id)


def unknown(profile_ids: Iterable[str]) -> list[str]:
    """Ids the user chose that name no profile (for the CLI to refuse as a usage error)."""
    return [p for p in profile_ids if canonical(p) not in PROFILES]


def from_territories(territories: Iterable[str], excluded: Iterable[str] = ()) -> set[str]:
    """Profiles whose law reaches a release or grant in ``territories`` less ``excluded``."""
    return from_scope(Scope.of(territories, excluded))


def from_scope(scope: Scope) -> set[str]:
    """Profiles one of whose places ``scope`` reaches (groups expanded, exclusions honoured:
    a release in "WORLD except CN" derives no Chinese profile)."""
    return {p.id for p in PROFILES.values() if any(scope.reaches(t) for t in p.places)}


def scopes_of(data: dict[str, Any]) -> list[Scope]:
    """Release territories of a disclosure or bundle; granted territories of a consent or
    licence, and (OMRS 1.1) the governing law and places of performance of a consent's
    agreement. A subject's domicile is not one: the replica-contract statutes follow the
    governing law and the place of performance, not where the performer lives."""
    if data.get("recordType") in ("ai-disclosure", "bundle"):
        return [Scope.of_record(data["release"])]
    found = [Scope.of_record(data)]
    agreement = data.get("agreement")
    if isinstance(agreement, dict):
        found.append(Scope.of(agreement_places(agreement)))
    return found


def agreement_places(agreement: dict[str, Any]) -> list[str]:
    """The governing law and the places of performance a consent's agreement names."""
    places = [agreement["governingLaw"]] if "governingLaw" in agreement else []
    return places + list(agreement.get("placeOfPerformance") or ())


#: ``representation.unionAgreement.family`` of the SAG-AFTRA TV/Theatrical agreements.
SAG_AFTRA_TV_FAMILY = "sagAftraTvTheatrical"


def sag_aftra(consent: dict[str, Any]) -> str | None:
    """The SAG-AFTRA profile of an engagement under the TV/Theatrical agreement, else None.

    OMRS 1.1 names the agreement by ``family`` and ``edition``; a 1.0 record only by
    ``name``, recognised by pattern (a year in the name decides the edition). Without an
    edition, the signing date decides (the 2023 contracts until 2026-06-30, the 2026
    agreement after).
    """
    agreement = (consent.get("representation") or {}).get("unionAgreement") or {}
    family, edition = agreement.get("family"), str(agreement.get("edition", ""))
    if family is not None:
        if family != SAG_AFTRA_TV_FAMILY or edition not in ("", "2023", "2026"):
            return None  # another agreement, or an edition before the replica terms
    else:
        name = str(agreement.get("name", ""))
        if not _SAG_AFTRA_TV.search(name):
            return None
        edition = "2026" if "2026" in name else "2023" if "2023" in name else ""
    if edition in ("2023", "2026"):
        return f"sag-aftra-{edition}"
    signed = date((consent.get("evidence") or {}).get("signedAt"))
    return "sag-aftra-2026" if signed and signed >= SAG_AFTRA_2026_FROM else "sag-aftra-2023"
