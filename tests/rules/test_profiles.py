"""Profiles: derived from territories when none is chosen, replaced by the user's choice."""

from __future__ import annotations

import datetime as dt

import pytest

from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.rules.profiles import PROFILES, from_territories, unknown
from tests.conftest import FIXTURES

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


def test_drafts_and_agreements_are_never_derived_from_territories() -> None:
    assert not {"us-no-fakes-draft", "sag-aftra-2023"} & from_territories(["WORLD"])


def test_every_profile_has_a_title_and_a_description() -> None:
    assert set(PROFILES) == TERRITORIAL | {"us-no-fakes-draft", "sag-aftra-2023"}
    assert all(p.title and p.description for p in PROFILES.values())


def _codes(options: CheckOptions) -> list[str]:
    return [f.code for f in check_paths([UNLABELLED], options).findings]


def test_an_eu_release_derives_the_eu_profile() -> None:
    assert _codes(CheckOptions(as_of=dt.date(2026, 9, 1))) == ["disclosure.label-missing"]


def test_chosen_profiles_replace_the_derived_ones() -> None:
    assert _codes(CheckOptions(as_of=dt.date(2026, 9, 1), profiles=("us-ca",))) == []


def test_the_eu_label_duty_follows_the_release_date_not_the_check_date() -> None:
    assert _codes(CheckOptions(as_of=dt.date(2026, 1, 1))) == ["disclosure.label-missing"]


def test_a_union_governed_consent_derives_the_sag_aftra_profile() -> None:
    fixture = FIXTURES / "rules/consent.employment-replica-new-work/fail/two-works.yaml"
    run = check_paths([fixture], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert [f.code for f in run.findings] == ["consent.employment-replica-new-work"]


def test_unknown_profile_ids_are_named() -> None:
    assert unknown(["eu-ai-act", "eu-ai-ac", "us-ny"]) == ["eu-ai-ac"]
