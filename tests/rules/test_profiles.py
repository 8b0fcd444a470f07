"""Profiles: derived from territories and agreements, added to and excluded by the user."""

from __future__ import annotations

import datetime as dt

import pytest

from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.rules.profiles import (
    EU_MEMBER_STATES,
    PROFILES,
    canonical,
    from_territories,
    sag_aftra,
    unknown,
)
from tests.conftest import FIXTURES
from tests.test_territories import EU_27  # the EU's own list, written out once

TERRITORIAL = {"eu-ai-act", "us-ca", "us-ny", "us-tn", "cn-labelling"}
UNLABELLED = FIXTURES / "rules/disclosure.label-missing/fail/eu-unlabelled.yaml"


@pytest.mark.parametrize(
    ("territories", "profiles"),
    [
        (["DE"], {"eu-ai-act"}),
        (["FR", "CH"], {"eu-ai-act"}),
        (["CH", "NO", "GB"], set()),
        (["US"], {"us-ca", "us-ny", "us-tn"}),
        (["US-NY"], {"us-ny"}),
        (["US-GA"], set()),
        (["CN"], {"cn-labelling"}),
        (["CN-BJ"], {"cn-labelling"}),
        (["WORLD"], TERRITORIAL),
    ],
)
def test_profiles_are_derived_from_territories(territories: list[str], profiles: set[str]) -> None:
    assert from_territories(territories) == profiles


def test_bills_and_agreements_are_never_derived_from_territories() -> None:
    assert not {"us-no-fakes-bill", "sag-aftra-2023", "sag-aftra-2026"} & from_territories(
        ["WORLD"]
    )


def test_every_profile_has_a_title_and_a_description() -> None:
    assert set(PROFILES) == TERRITORIAL | {"us-no-fakes-bill", "sag-aftra-2023", "sag-aftra-2026"}
    assert all(p.title and p.description for p in PROFILES.values())


def test_the_renamed_no_fakes_profile_is_still_accepted() -> None:
    assert canonical("us-no-fakes-draft") == "us-no-fakes-bill"
    assert unknown(["us-no-fakes-draft", "us-no-fakes-bill"]) == []


def test_the_eu_profile_covers_the_27_member_states() -> None:
    assert len(EU_27) == 27
    assert set(EU_27.values()) == EU_MEMBER_STATES
    assert all(from_territories([code]) == {"eu-ai-act"} for code in EU_27.values())


def _consent(name: str | None, signed: str, *, union_governed: bool = True) -> dict[str, object]:
    representation: dict[str, object] = {"kind": "none", "clearAndConspicuous": False}
    if name:
        agreement = {"name": name, "coversReplicas": True}
        representation = {"kind": "union", "unionAgreement": agreement}
    return {
        "representation": representation,
        "unionGoverned": union_governed,
        "replicaKind": "employmentBased",
        "evidence": {"signedAt": signed},
    }


@pytest.mark.parametrize(
    ("name", "signed", "profile"),
    [
        ("SAG-AFTRA 2023 TV/Theatrical Contracts", "2026-02-01T00:00:00Z", "sag-aftra-2023"),
        ("SAG-AFTRA TV/Theatrical Agreement", "2026-06-30T23:00:00Z", "sag-aftra-2023"),
        ("SAG-AFTRA TV/Theatrical Agreement", "2026-07-01T09:00:00Z", "sag-aftra-2026"),
        ("SAG-AFTRA 2026 TV/Theatrical Agreement", "2026-05-01T00:00:00Z", "sag-aftra-2026"),
        ("Producer-SAG-AFTRA Codified Basic Agreement", "2025-01-01T00:00:00Z", "sag-aftra-2023"),
        ("SAG-AFTRA Interactive Media Agreement 2025", "2026-02-01T00:00:00Z", None),
        ("Equity UK Cinema Agreement", "2026-02-01T00:00:00Z", None),
        (None, "2026-02-01T00:00:00Z", None),
    ],
)
def test_the_sag_aftra_profile_needs_an_engagement_under_that_agreement(
    name: str | None, signed: str, profile: str | None
) -> None:
    assert sag_aftra(_consent(name, signed)) == profile


def _codes(options: CheckOptions) -> list[str]:
    return [f.code for f in check_paths([UNLABELLED], options).findings]


def test_an_eu_release_derives_the_eu_profile() -> None:
    assert _codes(CheckOptions(as_of=dt.date(2026, 9, 1))) == ["disclosure.label-missing"]


def test_chosen_profiles_add_to_the_derived_ones() -> None:
    chosen = CheckOptions(as_of=dt.date(2026, 9, 1), profiles=("us-ca",))
    assert _codes(chosen) == ["disclosure.label-missing"]


def test_only_an_explicit_exclusion_removes_a_derived_profile() -> None:
    excluded = CheckOptions(as_of=dt.date(2026, 9, 1), excluded_profiles=("eu-ai-act",))
    assert _codes(excluded) == []


def test_a_domicile_alone_derives_no_replica_contract_profile() -> None:
    fixture = FIXTURES / "rules/consent.representation/pass/domicile-only.yaml"
    run = check_paths([fixture], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert run.files[0].details["profiles"] == []


def test_the_eu_label_duty_follows_the_release_date_not_the_check_date() -> None:
    assert _codes(CheckOptions(as_of=dt.date(2026, 1, 1))) == ["disclosure.label-missing"]


def test_a_union_governed_consent_derives_the_sag_aftra_profile() -> None:
    fixture = FIXTURES / "rules/consent.employment-replica-new-work/fail/two-works.yaml"
    run = check_paths([fixture], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert [f.code for f in run.findings] == ["consent.employment-replica-new-work"]


def test_unknown_profile_ids_are_named() -> None:
    assert unknown(["eu-ai-act", "eu-ai-ac", "us-ny"]) == ["eu-ai-ac"]
