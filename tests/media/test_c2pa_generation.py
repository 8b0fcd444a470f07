"""OMRS 1.1 provenance signed into media, read back with plain c2pa-python.

The 1.1 example bundle (the documentary teaser) is signed through the real SDK: each model
stage, the data set and each prompt become ``inputTo`` ingredients of the segment's action;
the public prompt is embedded as data, the confidential one only by its digest; the audit
log is pinned by ``org.omrs.audit`` and verified on check; China's implicit label travels in
``cawg.metadata``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from omrs.bundles import asset_records
from omrs.media.bundle import signing_content
from omrs.media.certs import SignerMaterial
from omrs.media.check import check_media
from omrs.media.extract import EmbeddedRecords, audit_checks
from omrs.media.privacy import Privacy
from omrs.media.sign import sign_media
from omrs.options import CheckOptions, TrustSettings
from tests.conftest import FIXTURES

BUNDLE = FIXTURES / "records" / "1.1" / "valid" / "bundle-documentary-provenance"
WAV = "media/teaser-narration.wav"
PUBLIC_PROMPT = "My dear Ada, the light over the harbour"
SECRET = "TOP SECRET STYLE: breathy, 1970s radio"


def _plain_read(path: Path, trust: TrustSettings) -> tuple[dict[str, Any], dict[str, Any]]:
    import c2pa

    settings = {
        "version": 1,
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "trust": {
            "trust_anchors": Path(str(trust.anchors)).read_text(),
            "trust_config": Path(str(trust.trust_config)).read_text(),
        },
    }
    with path.open("rb") as stream:
        reader = c2pa.Reader("audio/wav", stream, None, c2pa.Context.from_dict(settings))
        return json.loads(reader.json()), json.loads(reader.detailed_json())


def _sign(
    root: Path, signer: SignerMaterial, trust: TrustSettings, privacy: Privacy = "minimal"
) -> Path:
    content = signing_content(asset_records(root / "omrs.yaml", root / WAV), privacy)
    out = root / f"signed-{privacy}.wav"
    sign_media(root / WAV, out, content, signer, trust=trust)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BUNDLE, root)
    return root


def test_lineage_datasets_and_prompts_are_input_ingredients(
    project: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    out = _sign(project, signer, pki_trust)
    store, detailed = _plain_read(out, pki_trust)
    assert store["validation_state"] == "Trusted", store.get("validation_results")
    manifest = store["manifests"][store["active_manifest"]]
    ingredients = {i["label"]: i for i in manifest["ingredients"]}
    assertions = {a["label"]: a["data"] for a in manifest["assertions"]}
    [segment] = [
        a for a in assertions["c2pa.actions.v2"]["actions"] if a["action"] == "c2pa.dubbed"
    ]

    used = [
        ingredients[ref["url"].rsplit("/", 1)[-1]] for ref in segment["parameters"]["ingredients"]
    ]
    assert all(i["relationship"] == "inputTo" for i in used)
    base, tune, dataset, prompt, secret = used
    assert base["title"] == "Timbre Studio 2.1"
    assert "weights SHA-256 ebc8a12f2b63" in base["description"]
    assert (
        tune["title"] == "okafor-voice 1.0"
        and "fine-tune okafor-voice 1.0 of Timbre" in (tune["description"])
    )
    assert "trained 2026-03-12" in tune["description"]
    assert dataset["format"] == "multipart/mixed"
    assert dataset["data_types"] == [{"type": "c2pa.types.dataset"}]
    assert "item list SHA-256 2efac9b8e076" in dataset["description"]
    assert prompt["format"] == "text/plain" and "data" in prompt
    assert prompt["data_types"] == [{"type": "c2pa.types.generator.prompt"}]
    assert secret["title"] == "Confidential system prompt" and "data" not in secret
    assert "93dddd349e3f" in secret["description"] and "text withheld" in secret["description"]

    assert segment["softwareAgent"] == {"name": "Timbre Studio Desktop", "version": "2.1.4"}
    [settings] = segment["parameters"]["org.omrs.settings"]
    assert settings["seed"] == 418230 and settings["generation"] == 0

    claim = detailed["manifests"][store["active_manifest"]]["claim"]
    created = {ref["url"].rsplit("/", 1)[-1] for ref in claim["created_assertions"]}
    assert "c2pa.embedded-data" in created and not claim.get("gathered_assertions")

    information = assertions["cawg.metadata"]["Iptc4xmpExt:AIPromptInformation"]
    assert information.startswith(PUBLIC_PROMPT)
    assert "(confidential prompt, SHA-256 93dddd349e3f" in information
    audit = assertions["org.omrs.audit"]
    assert (audit["omrs"], audit["length"], "record" in audit) == ("1.1", 6, False)


def test_a_confidential_prompt_text_never_reaches_the_file(
    project: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    """Even a record that breaks provenance.confidential-prompt (signed with --force)."""
    path = project / "records" / "disclosure-teaser-narration.yaml"
    text = path.read_text().replace(
        "            confidential: true\n",
        f"            confidential: true\n            text: '{SECRET}'\n",
    )
    path.write_text(text)
    out = _sign(project, signer, pki_trust, "full")
    data = out.read_bytes()
    assert SECRET.encode() not in data and PUBLIC_PROMPT.encode() in data


def test_check_verifies_the_signed_audit_head(
    project: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    out = _sign(project, signer, pki_trust)
    log = project / "records" / "audit-log.yaml"
    options = CheckOptions(trust=pki_trust, records=(log,))
    codes = {f.code for f in check_media(out, options).findings}
    assert codes == {"c2pa.record-missing"}  # info: the consent and licence were not given
    from omrs.media.render import render_inspect
    from omrs.media.verify import verify_media

    report = verify_media(out, pki_trust)
    shown = render_inspect(out, report, check_media(out, CheckOptions(trust=pki_trust)))
    assert "audit log:   urn:omrs:audit:northlight:okafor-teaser-2026, 6 entries, head" in shown
    text = log.read_text()
    log.write_text(text[: text.rindex("- at:")])  # the last entry cut
    found = check_media(out, CheckOptions(trust=pki_trust, records=(log,))).findings
    assert [(f.code, f.location.pointer) for f in found if f.code.startswith("c2pa.audit")] == [
        ("c2pa.audit-log-mismatch", "/org.omrs.audit/length")
    ]


def test_the_full_form_embeds_the_log_and_check_runs_its_chain(
    project: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    out = _sign(project, signer, pki_trust, "full")
    result = check_media(out, CheckOptions(trust=pki_trust))
    assert [f.code for f in result.findings] == []
    labels = [r["label"] for r in result.details["c2pa"]["records"]]
    assert "org.omrs.audit" in labels


def _entries(n: int) -> list[dict[str, Any]]:
    data = yaml.safe_load((BUNDLE / "records" / "audit-log.yaml").read_text())
    entries: list[dict[str, Any]] = data["entries"][:n]
    return entries


@pytest.mark.parametrize(
    ("length", "given", "pointer"),
    [
        (6, 5, "/org.omrs.audit/length"),  # cut after signing
        (5, 6, None),  # grown after signing, through the signed head
        (6, 6, None),
    ],
)
def test_audit_head_against_a_given_log(length: int, given: int, pointer: str | None) -> None:
    signed_with = _entries(length)
    signed = {"log": "urn:omrs:audit:northlight:okafor-teaser-2026", "length": length}
    signed["head"] = signed_with[-1]["hash"]
    embedded = EmbeddedRecords(None, (), (), signed)
    log = {"id": signed["log"], "entries": _entries(given)}
    found = audit_checks(embedded, [log])
    assert [p for p, _ in found] == ([pointer] if pointer else [])


def test_a_rewritten_history_does_not_reach_the_signed_head() -> None:
    entries = _entries(6)
    signed = {"log": "urn:x", "length": 6, "head": entries[-1]["hash"]}
    rewritten = [*entries[:5], {**entries[5], "hash": "0" * 64}]
    found = audit_checks(
        EmbeddedRecords(None, (), (), signed), [{"id": "urn:x", "entries": rewritten}]
    )
    assert [p for p, _ in found] == ["/org.omrs.audit/head"]


def test_the_implicit_label_is_signed_into_cawg_metadata(
    project: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    path = project / "records" / "disclosure-teaser-narration.yaml"
    label = (
        "machineReadableMarking:\n  c2paManifest: true\n  metadata: true\n  implicitLabel:\n"
        "    label: '1'\n    contentProducer: 91110000MA00EXAMPLE\n    produceId: NL-OKF-0007\n"
    )
    path.write_text(
        path.read_text().replace("machineReadableMarking:\n  c2paManifest: true\n", label)
    )
    out = _sign(project, signer, pki_trust)
    store, _ = _plain_read(out, pki_trust)
    manifest = store["manifests"][store["active_manifest"]]
    metadata = next(a["data"] for a in manifest["assertions"] if a["label"] == "cawg.metadata")
    assert metadata["@context"]["TC260"] == "http://www.tc260.org.cn/ns/AIGC/1.0/"
    aigc = json.loads(metadata["TC260:AIGC"])
    assert aigc["Label"] == "1" and aigc["ProduceID"] == "NL-OKF-0007"
    assert list(aigc)[:3] == ["Label", "ContentProducer", "ProduceID"]


def test_an_audit_assertion_must_declare_its_version() -> None:
    """Assertions written before ``omrs`` existed read as 1.0; the audit one came in 1.1, so
    one without ``omrs`` is located at ``/omrs`` (found by the any-JSON property test, which
    once raised KeyError here)."""
    from omrs.media.assertions import problems

    for data in ({}, 5, {"omrs": 1}):
        [found] = problems("org.omrs.audit", data)
        assert found.pointer == "/omrs" and "must declare its standard version" in found.message
    [old] = problems("org.omrs.audit", {"omrs": "1.0"})
    assert "not one this validator knows for org.omrs.audit" in old.message


HOSTILE_PROVENANCE: list[Any] = [
    "x",
    [None, 5],
    [{"baseModel": 5, "fineTunes": "a", "prompts": [{"text": 5}], "tool": "t", "settings": [1]}],
    [
        {
            "baseModel": {"name": "M" * 3000, "version": 3, "datasets": "d"},
            "fineTunes": [None, {"name": "f\u00e9", "trainingLicenses": [5]}],
            "prompts": ["p", {"confidential": True, "text": SECRET}, {"sha256": 7, "kind": 9}],
            "tool": {"name": 5, "version": "1"},
            "settings": {"seed": "x", "parameters": {"a": [1, {"b": None}]}},
        }
    ],
]


@pytest.mark.parametrize("provenance", HOSTILE_PROVENANCE)
def test_hostile_provenance_signed_with_force_still_signs_and_leaks_nothing(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings, provenance: Any
) -> None:
    """What --force lets through (a record failing its schema) reaches the SDK in a shape it
    signs; the confidential text stays out; the file verifies."""
    from omrs.media.manifest import OmrsContent
    from tests.media.media_paths import MEDIA_FIXTURES
    from tests.media.media_records import disclosure

    record = disclosure("0" * 64, "x.jpg")
    record["segments"][0]["provenance"] = provenance
    record["machineReadableMarking"] = {"implicitLabel": ["x", {"label": 5, "produceId": None}]}
    content = OmrsContent(disclosure=record, datasets=({"id": "d", "items": "many"},))
    out = tmp_path / "x.jpg"
    result = sign_media(MEDIA_FIXTURES / "sample.jpg", out, content, signer, trust=pki_trust)
    assert result.report.state == "trusted"
    assert SECRET.encode() not in out.read_bytes()
