"""OMRS 1.1 fields the rules and exports read: people's bases, agreements, union agreement
identifiers, statement source kinds, the public licensee class, territory exclusions."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from omrs import permissions
from omrs.checker import check_paths
from omrs.findings import Severity
from omrs.judgement import new_context
from omrs.media.assertions import problems
from omrs.media.manifest import LABEL_CONSENT, LABEL_LICENSE, OmrsContent, _records
from omrs.media.privacy import minimal_consent, minimal_licence
from omrs.options import CheckOptions
from omrs.rules.consent import replica_statutes
from omrs.rules.profiles import sag_aftra
from omrs.rules.releases import is_advertisement, is_artistic
from omrs.version import STANDARD_VERSION
from omrs.xmp.mapping import MR_LIMITED, model_release_status
from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"
AS_OF = CheckOptions(as_of=dt.date(2026, 9, 1))
ESTATE = RULES / "consent.grantor-shares/pass/three-successors.yaml"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def _check(tmp_path: Path, data: dict[str, Any], options: CheckOptions = AS_OF) -> list[Any]:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(data), "utf-8")
    return list(check_paths([path], options).findings)


def test_a_person_with_neither_consent_nor_bases_is_told_both(tmp_path: Path) -> None:
    data = _load(RULES / "basis.territory/pass/no-right-in-gb.yaml")
    del data["segments"][0]["people"][0]["bases"]
    found = _check(tmp_path, data)
    assert [(f.code, f.location.pointer) for f in found] == [
        ("schema.anyOf", "/segments/0/people/0")
    ]
    assert found[0].message == "`/segments/0/people/0` needs `consent` or `bases`"


def test_a_1_0_person_still_needs_a_consent(tmp_path: Path) -> None:
    data = _load(RULES / "basis.territory/pass/no-right-in-gb.yaml")
    data["omrs"] = "1.0"
    person = data["segments"][0]["people"][0]
    data["segments"][0]["people"][0] = {k: person[k] for k in ("name", "attributes")}
    data["release"].pop("kind")
    found = _check(tmp_path, data)
    assert ("schema.required", "/segments/0/people/0/consent") in {
        (f.code, f.location.pointer) for f in found
    }


def test_advice_needs_a_reference_or_a_digest(tmp_path: Path) -> None:
    data = _load(RULES / "basis.territory/pass/no-right-in-gb.yaml")
    del data["segments"][0]["people"][0]["bases"][0]["advice"]["reference"]
    found = _check(tmp_path, data)
    assert [f.message for f in found] == [
        "`/segments/0/people/0/bases/0/advice` needs `reference` or `documentDigest`"
    ]


def test_no_basis_kind_is_a_disclaimer(tmp_path: Path) -> None:
    data = _load(RULES / "basis.territory/pass/no-right-in-gb.yaml")
    data["segments"][0]["people"][0]["bases"][0]["kind"] = "disclaimer"
    assert [f.code for f in _check(tmp_path, data)] == ["schema.enum"]


def test_an_approval_can_never_grant_rights(tmp_path: Path) -> None:
    approval = _load(RULES / "bundle.approval-scope/pass/family-blessing/records/approval.yaml")
    assert _check(tmp_path, approval) == []
    approval["grantsRights"] = True
    assert [f.code for f in _check(tmp_path, approval)] == ["schema.const"]
    approval["omrs"] = "1.0"
    approval["grantsRights"] = False
    assert [f.code for f in _check(tmp_path, approval)] == ["load.unknown-record-type"]


@pytest.mark.parametrize(
    ("family", "edition", "signed", "profile"),
    [
        ("sagAftraTvTheatrical", "2023", "2026-08-01T00:00:00Z", "sag-aftra-2023"),
        ("sagAftraTvTheatrical", "2026", "2026-05-01T00:00:00Z", "sag-aftra-2026"),
        ("sagAftraTvTheatrical", None, "2026-07-02T00:00:00Z", "sag-aftra-2026"),
        ("sagAftraTvTheatrical", "2020", "2021-01-01T00:00:00Z", None),
        ("sagAftraInteractiveMedia", "2025", "2026-02-01T00:00:00Z", None),
        ("equity", None, "2026-02-01T00:00:00Z", None),
    ],
)
def test_the_sag_aftra_profile_follows_the_structured_agreement_not_its_name(
    family: str, edition: str | None, signed: str, profile: str | None
) -> None:
    # The name says SAG-AFTRA TV 2023; the structured identifier decides.
    agreement: dict[str, Any] = {
        "name": "SAG-AFTRA 2023 TV/Theatrical Contracts",
        "coversReplicas": True,
        "family": family,
    }
    if edition:
        agreement["edition"] = edition
    consent = {
        "representation": {"kind": "union", "unionAgreement": agreement},
        "evidence": {"signedAt": signed},
    }
    assert sag_aftra(consent) == profile


def _consent_with(agreement: dict[str, Any] | None, **changes: Any) -> dict[str, Any]:
    data = _load(RULES / "consent.representation/fail/new-york-services-agreement.yaml")
    data.pop("agreement")
    if agreement is not None:
        data["agreement"] = agreement
    data.update(changes)
    return data


def _profiles(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = tmp_path / "consent.json"
    path.write_text(json.dumps(data), "utf-8")
    found: list[str] = check_paths([path], AS_OF).files[0].details["profiles"]
    return found


def test_the_replica_contract_profile_follows_governing_law_and_place_of_performance(
    tmp_path: Path,
) -> None:
    london = {"kind": "servicesAgreement", "governingLaw": "GB", "placeOfPerformance": ["US-CA"]}
    assert _profiles(tmp_path, _consent_with(london, territories=["GB"])) == ["us-ca"]
    assert _profiles(tmp_path, _consent_with(None, territories=["GB"])) == []


@pytest.mark.parametrize(
    ("agreement", "statutes", "why"),
    [
        (None, ["US-CA", "US-NY"], ""),
        ({"kind": "servicesAgreement", "governingLaw": "US-NY"}, ["US-NY"], ""),
        ({"kind": "servicesAgreement", "placeOfPerformance": ["US"]}, ["US-CA", "US-NY"], ""),
        (
            {
                "kind": "servicesAgreement",
                "governingLaw": "US-CA",
                "performanceFixedOn": "2024-12-31",
            },
            [],
            "the agreement is governed and performed in US-CA",
        ),
        ({"kind": "servicesAgreement", "governingLaw": "GB"}, [], "governed and performed in GB"),
        ({"kind": "likenessLicence"}, [], "a stand-alone likeness licence"),
        ({"kind": "servicesAgreement", "replacesInPersonWork": False}, [], "replaces no work"),
    ],
)
def test_which_replica_statute_reaches_an_agreement(
    agreement: dict[str, Any] | None, statutes: list[str], why: str
) -> None:
    ctx = dataclasses.replace(new_context(AS_OF), active_profiles=("us-ca", "us-ny"))
    found, reason = replica_statutes(_consent_with(agreement), ctx)
    assert [code for _, code in found] == statutes
    assert why in reason


def test_a_statement_s_source_kind_decides_over_its_source_text() -> None:
    licence = json.loads((FIXTURES / "records/valid/license-stock-footage.json").read_text())
    licence["permissions"] = {"ai_training": {"use": "notAllowed"}}
    licence["statements"] = [
        {"key": "ai_training", "use": "allowed", "source": "TDMRep policy, clause 4",
         "sourceKind": "contract"},
    ]  # fmt: skip
    found = permissions.effective(licence, "ai_training")
    assert found.use == "notAllowed" and not found.set_aside  # both are terms: strictest
    licence["statements"][0]["sourceKind"] = "preference"
    licence["statements"][0]["source"] = "Licence schedule B"
    found = permissions.effective(licence, "ai_training")
    assert found.use == "notAllowed" and [s.pointer for s in found.set_aside] == ["/statements/0"]
    del licence["statements"][0]["sourceKind"]  # a 1.0 reader goes by the text
    assert not permissions.by_key(licence)["ai_training"][1].preference


def _public_licence(classes: list[str]) -> dict[str, Any]:
    licence = json.loads((FIXTURES / "records/valid/license-stock-footage.json").read_text())
    licence.update(territories=["WORLD"], term={"start": "2026-01-01"})
    licence.pop("statements", None)
    allowed = {"use": "allowed", "constraints": {"licenseeClasses": classes}}
    licence["permissions"] = {"ai_training": allowed}
    return licence


def test_a_use_open_to_the_public_exports_as_allowed() -> None:
    assert permissions.export_all([_public_licence(["public"])])["ai_training"].use == "allowed"
    named = permissions.export_all([_public_licence(["named"])])["ai_training"]
    assert named.use == "constrained" and "licensees named" in named.text


def test_exclusions_never_fall_out_of_an_export() -> None:
    licence = _public_licence(["public"])
    licence["excludedTerritories"] = ["CN"]
    found = permissions.export_all([licence])["ai_training"]
    assert found.use == "constrained" and "licence territories WORLD except CN" in found.text
    consent = _load(ESTATE)
    assert minimal_consent(consent)["scope"]["excludedTerritories"] == ["CN"]
    assert minimal_licence(licence)["excludedTerritories"] == ["CN"]
    unlimited_but_for_china = {**consent, "intendedUses": [], "term": {"start": "2026-03-01"}}
    assert model_release_status([unlimited_but_for_china]) == MR_LIMITED


def test_a_1_1_record_is_embedded_under_the_1_1_assertion_schema() -> None:
    consent = _load(ESTATE)
    licence = {**_public_licence(["public"]), "omrs": "1.1", "excludedTerritories": ["CN"]}
    for privacy in ("minimal", "full"):
        content = OmrsContent(consents=(consent,), licences=(licence,), privacy=privacy)
        made = dict(_records(content))
        assert made[LABEL_CONSENT]["omrs"] == "1.1"
        assert problems(LABEL_CONSENT, made[LABEL_CONSENT]) == []
        assert problems(LABEL_LICENSE, made[LABEL_LICENSE]) == []
    old = copy.deepcopy(consent)
    old["omrs"] = "1.0"
    # Never older than the signer writes: a 1.0 record sits in an assertion of the signer's
    # version, whose schema reads 1.0 records too.
    signed = dict(_records(OmrsContent(consents=(old,))))[LABEL_CONSENT]
    assert signed["omrs"] == STANDARD_VERSION and problems(LABEL_CONSENT, signed) == []


@pytest.mark.parametrize(
    ("release", "advert", "artistic"),
    [
        ({"context": "advertisement"}, True, False),
        ({"context": "commercial", "kind": "advertisement"}, True, False),
        ({"context": "fictional", "kind": "trailer"}, True, False),
        ({"context": "fictional", "kind": "feature"}, False, True),
        ({"context": "factual", "kind": "promo"}, True, False),
        ({"context": "news"}, False, False),
    ],
)
def test_one_helper_says_whether_a_release_advertises(
    release: dict[str, Any], advert: bool, artistic: bool
) -> None:
    assert is_advertisement(release) is advert
    assert is_artistic(release) is artistic


def test_a_1_0_advertisement_and_its_migrated_form_get_the_same_verdicts(tmp_path: Path) -> None:
    from omrs.migrate import migrate_text

    source = FIXTURES / "records/valid/disclosure-advertisement.json"
    data = json.loads(source.read_text("utf-8"))
    del data["label"]  # the New York label is now missing
    options = CheckOptions(as_of=dt.date(2026, 9, 1), profiles=("us-ny",))
    data["release"]["date"] = "2026-07-01"
    migrated = json.loads(migrate_text(json.dumps(data), "json", "1.1").after)
    assert migrated["release"]["kind"] == "advertisement"
    verdicts = [
        [
            (f.code, f.severity)
            for f in _check(tmp_path, doc, options)
            if f.code != "schema.deprecated"
        ]
        for doc in (data, migrated)
    ]
    assert verdicts[0] == verdicts[1] == [("disclosure.label-missing", Severity.WARNING)]
