"""Reading manifests: the current layout, the one OMRS wrote before, and other spellings.

Hostile or inconsistent manifests are signed with plain c2pa-python and the test PKI, so
they are intact and trusted: what is checked is what they say. ``c2pa.actions-mismatch``
compares the embedded disclosure with the asset's source type (``cawg.metadata``, or the
first action in the older layout) and, in the current layout, with each AI segment's
action.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omrs.media.certs import SignerMaterial
from omrs.media.check import check_media
from omrs.media.extract import embedded_records, manifest_source_type, training_entries
from omrs.media.ingredients import PARENT_INGREDIENT
from omrs.media.manifest import OmrsContent, build_definition
from omrs.media.render import render_inspect
from omrs.media.trust import make_context
from omrs.media.verify import verify_media
from omrs.options import CheckOptions, TrustSettings
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import ai_disclosure, consent, disclosure, licence

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
CAPTURE = IPTC + "digitalCapture"
SAMPLE = MEDIA_FIXTURES / "sample.jpg"

Signs = Callable[..., Path]


@pytest.fixture
def raw(tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings) -> Signs:
    """Sign sample.jpg with a definition as given, through plain c2pa-python."""
    import c2pa

    def run(definition: dict[str, Any], *, parent: bool = True) -> Path:
        out = tmp_path / f"raw-{len(list(tmp_path.iterdir()))}.jpg"
        info = c2pa.C2paSignerInfo(signer.alg.encode(), signer.chain_pem, signer.key_pem, None)
        builder = c2pa.Builder(definition, make_context(pki_trust, signing=True))
        with SAMPLE.open("rb") as source:
            if parent:
                ingredient = {"title": "sample.jpg", "relationship": "parentOf"}
                builder.add_ingredient(
                    {**ingredient, "label": PARENT_INGREDIENT}, "image/jpeg", source
                )
                source.seek(0)
            with c2pa.Signer.from_info(info) as sdk_signer, out.open("wb") as dest:
                builder.sign(sdk_signer, "image/jpeg", source, dest)
        return out

    return run


def _definition(**content: Any) -> dict[str, Any]:
    records = OmrsContent(**content)
    return build_definition(records, title="sample.jpg", mime="image/jpeg")


def _assertion(definition: dict[str, Any], label: str) -> dict[str, Any]:
    data: dict[str, Any] = next(a for a in definition["assertions"] if a["label"] == label)["data"]
    return data


def _mismatches(path: Path, trust: TrustSettings) -> list[tuple[str, str]]:
    result = check_media(path, CheckOptions(trust=trust))
    assert result.details["c2pa"]["state"] == "trusted"
    return [
        (f.location.pointer, f.message)
        for f in result.findings
        if f.code == "c2pa.actions-mismatch"
    ]


def _ai_definition() -> dict[str, Any]:
    return _definition(disclosure=ai_disclosure("0" * 64, "sample.jpg"))


def test_the_current_layout_agrees_with_its_disclosure(
    raw: Signs, pki_trust: TrustSettings
) -> None:
    path = raw(_ai_definition())
    assert _mismatches(path, pki_trust) == []
    assert manifest_source_type(verify_media(path, pki_trust)) == (
        IPTC + "compositeWithTrainedAlgorithmicMedia"
    )


def test_asset_source_type_in_cawg_metadata_is_compared(
    raw: Signs, pki_trust: TrustSettings
) -> None:
    definition = _ai_definition()
    _assertion(definition, "cawg.metadata")["Iptc4xmpExt:DigitalSourceType"] = CAPTURE
    [(pointer, message)] = _mismatches(raw(definition), pki_trust)
    assert pointer == "/cawg.metadata/Iptc4xmpExt:DigitalSourceType"
    assert "digitalCapture" in message and "compositeWithTrainedAlgorithmicMedia" in message


def test_segment_actions_are_compared(raw: Signs, pki_trust: TrustSettings) -> None:
    definition = _ai_definition()
    actions = _assertion(definition, "c2pa.actions.v2")["actions"]
    assert actions[1]["parameters"]["org.omrs.segment"] == 0
    actions[1]["digitalSourceType"] = CAPTURE  # segment 0 said trainedAlgorithmicMedia
    [(pointer, message)] = _mismatches(raw(definition), pki_trust)
    assert pointer == "/c2pa.actions.v2/actions/1"
    assert "AI segment 0" in message and "digitalCapture" in message


def test_a_segment_without_an_action_and_an_action_without_a_segment(
    raw: Signs, pki_trust: TrustSettings
) -> None:
    definition = _ai_definition()
    actions = _assertion(definition, "c2pa.actions.v2")["actions"]
    recorded = [a for a in actions if a.get("parameters", {}).get("org.omrs.segment") == 1]
    for action in recorded:
        action["parameters"]["org.omrs.segment"] = 7
    found = _mismatches(raw(definition), pki_trust)
    assert (
        "/c2pa.actions.v2",
        "AI segment 1 of the embedded disclosure has no action in the manifest",
    ) in found
    assert sum("segment 7, which the disclosure does not have" in m for _, m in found) == 2


def _legacy(source_type: str, *, first: str = "c2pa.created") -> dict[str, Any]:
    """A manifest as OMRS wrote it before: the source type on the first action, no segment
    actions, no ``omrs`` in the record assertions, cawg.metadata in CBOR."""
    record = ai_disclosure("0" * 64, "sample.jpg")
    action: dict[str, Any] = {"action": first, "digitalSourceType": source_type}
    if first == "c2pa.opened":
        action["parameters"] = {"ingredientIds": [PARENT_INGREDIENT]}
    minimal = _definition(licences=(licence("0" * 64),), consents=(consent(),))
    forms = {a["label"]: a["data"] for a in minimal["assertions"]}
    for label in ("org.omrs.license", "org.omrs.consent"):
        del forms[label]["omrs"]
    for item in forms["org.omrs.consent"]["records"]:
        del item["omrs"]
    return {
        "claim_generator_info": [{"name": "omrs", "version": "0.1.0"}],
        "title": "sample.jpg",
        "format": "image/jpeg",
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [action]}},
            {"label": "org.omrs.asset", "data": {"omrs": "1.0", "privacy": "minimal"}},
            {"label": "org.omrs.disclosure", "data": {"privacy": "minimal", "record": record}},
            {"label": "org.omrs.license", "data": forms["org.omrs.license"]},
            {"label": "org.omrs.consent", "data": forms["org.omrs.consent"]},
        ],
    }


@pytest.mark.parametrize("first", ["c2pa.created", "c2pa.opened"])
def test_files_in_the_older_layout_are_still_read_and_checked(
    first: str, raw: Signs, pki_trust: TrustSettings
) -> None:
    good = raw(
        _legacy(IPTC + "compositeWithTrainedAlgorithmicMedia", first=first),
        parent=first == "c2pa.opened",
    )
    report = verify_media(good, pki_trust)
    embedded = embedded_records(report)
    assert embedded.invalid == () and len(embedded.records) == 3
    assert {r.data.get("omrs") for r in embedded.of("org.omrs.consent")} == {None}
    assert _mismatches(good, pki_trust) == []  # no segment actions expected in this layout
    bad = raw(_legacy(CAPTURE, first=first), parent=first == "c2pa.opened")
    [(pointer, message)] = _mismatches(bad, pki_trust)
    assert pointer == "/c2pa.actions.v2/actions/0/digitalSourceType" and "digitalCapture" in message


def test_assertions_are_read_by_their_declared_version(
    raw: Signs, pki_trust: TrustSettings
) -> None:
    """A newer 1.x reads with the newest 1.x schema; an unknown version is a finding."""
    definition = _definition(disclosure=disclosure("0" * 64, "sample.jpg"))
    _assertion(definition, "org.omrs.disclosure")["omrs"] = "1.4"
    _assertion(definition, "org.omrs.asset")["omrs"] = "3.0"
    result = check_media(raw(definition), CheckOptions(trust=pki_trust))
    invalid = [f for f in result.findings if f.code == "c2pa.omrs-assertion-invalid"]
    assert [f.location.pointer for f in invalid] == ["/org.omrs.asset/omrs"]
    assert "'3.0'" in invalid[0].message
    report = verify_media(raw(definition), pki_trust)
    assert embedded_records(report).disclosure is not None


@pytest.mark.parametrize(
    ("label", "data"),
    [
        (
            "cawg.training-mining",
            {"entries": {"cawg.ai_training": {"use": "constrained", "constraints_info": "ask"}}},
        ),
        (
            "c2pa.training-mining",
            {"entries": {"c2pa.ai_training": {"use": "constrained", "constraint_info": "ask"}}},
        ),
        (
            "c2pa.training-mining",
            {"c2pa.ai_training": {"use": "constrained", "constraints_info": "ask"}},
        ),
    ],
)
def test_training_mining_spellings_are_read(
    label: str, data: dict[str, Any], raw: Signs, pki_trust: TrustSettings
) -> None:
    """CAWG TDM 1.1's prose spelling ``constraints_info``; C2PA 1.4's assertion, keys in
    ``entries`` (its example) or at the top level (its CDDL)."""
    definition = _definition()
    definition["assertions"].append({"label": label, "data": copy.deepcopy(data)})
    path = raw(definition)
    report = verify_media(path, pki_trust)
    [entry] = training_entries(report)
    assert entry.key.endswith(".ai_training") and (entry.use, entry.info) == ("constrained", "ask")
    result = check_media(path, CheckOptions(trust=pki_trust))
    assert f"{entry.key}: constrained (ask)" in render_inspect(path, report, result)
