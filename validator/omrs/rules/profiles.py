"""Jurisdiction and agreement profiles: which rules apply where.

A profile names a body of law or an agreement. Its rules are the catalogue entries that
list it in ``Rule.profiles`` (rules with no profile always run). When the user names no
profile, the profiles are derived from the territories a document is released or granted
in (and, for SAG-AFTRA, from the consent's own terms); draft bills are never derived,
only chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from omrs.loading import Document
from omrs.rules.catalogue import Rule, all_rules
from omrs.rules.engine import RuleContext

#: EU member states (ISO 3166-1 alpha-2), where the AI Act applies.
EU_MEMBER_STATES = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
     "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    title: str
    description: str
    #: Territory codes whose presence derives the profile ("WORLD" derives every
    #: territorial profile; a country derives the profiles of its listed subdivisions).
    territories: frozenset[str]

    def rules(self) -> list[Rule]:
        return [r for r in all_rules() if self.id in r.profiles]


PROFILES: dict[str, Profile] = {
    p.id: p
    for p in [
        Profile(
            "eu-ai-act",
            "EU AI Act transparency duties",
            "Art. 50 of Regulation (EU) 2024/1689 from 2026-08-02: deep fakes disclosed, a "
            "lighter form for evidently artistic, creative, satirical or fictional works.",
            EU_MEMBER_STATES,
        ),
        Profile(
            "us-ca",
            "California",
            "Cal. Labor Code 927 (AB 2602) on replica terms; Cal. Civ. Code 3344.1 "
            "(AB 1836) on deceased personalities.",
            frozenset({"US", "US-CA"}),
        ),
        Profile(
            "us-ny",
            "New York",
            "N.Y. Gen. Oblig. Law 5-302 on replica terms; Civ. Rights Law 50-f on deceased "
            "performers; Gen. Bus. Law 396-b on synthetic performers in advertisements.",
            frozenset({"US", "US-NY"}),
        ),
        Profile(
            "us-tn",
            "Tennessee",
            "ELVIS Act 2024: voice and visual likeness are separate rights. It adds no rule "
            "of its own: bundle.consent-attributes, which applies everywhere, already "
            "requires each attribute used to be granted.",
            frozenset({"US", "US-TN"}),
        ),
        Profile(
            "us-no-fakes-draft",
            "NO FAKES Act draft S.4591",
            "The federal draft: licence terms of at most 10 years (5 for minors) unless "
            "union-governed. A draft, so never derived from territories: choose it.",
            frozenset(),
        ),
        Profile(
            "sag-aftra-2023",
            "SAG-AFTRA 2023 TV/Theatrical",
            "Employment-based replicas used only in the work they were made for. Derived "
            "when a consent is union-governed or employment-based.",
            frozenset(),
        ),
        Profile(
            "cn-labelling",
            "China AI content labelling",
            "CAC Measures for Labelling AI-Generated Synthetic Content and GB 45438-2025 "
            "(from 2025-09-01): explicit and implicit labels.",
            frozenset({"CN"}),
        ),
    ]
}


def unknown(profile_ids: Iterable[str]) -> list[str]:
    """Ids the user chose that name no profile (for the CLI to refuse as a usage error)."""
    return [p for p in profile_ids if p not in PROFILES]


def from_territories(territories: Iterable[str]) -> set[str]:
    """Profiles whose law reaches a release or grant in ``territories``."""
    out: set[str] = set()
    for code in territories:
        country = code.split("-", 1)[0]
        for profile in PROFILES.values():
            reach = profile.territories
            if (code == "WORLD" and reach) or code in reach or (country == "CN" and "CN" in reach):
                out.add(profile.id)
    return out


def _territories(data: dict[str, Any]) -> list[str]:
    if data.get("recordType") in ("ai-disclosure", "bundle"):
        return list(data["release"]["territories"])
    found = list(data.get("territories", []))
    domicile = data.get("subject", {}).get("domicile")
    return [*found, domicile] if domicile else found


def union_terms(consent: dict[str, Any]) -> bool:
    """SAG-AFTRA applies to union-governed engagements and employment-based replicas."""
    return bool(consent.get("unionGoverned")) or consent.get("replicaKind") == "employmentBased"


def derive(doc: Document, ctx: RuleContext) -> set[str]:
    data = doc.data
    out = from_territories(_territories(data))
    if data.get("recordType") == "likeness-consent" and union_terms(data):
        out.add("sag-aftra-2023")
    if data.get("recordType") == "bundle":
        from omrs.rules.bundle import view

        if any(union_terms(c) for c in view(doc, ctx).consents()):
            out.add("sag-aftra-2023")
    return out
