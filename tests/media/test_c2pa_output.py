"""What `omrs sign` writes, read back with plain c2pa-python and checked field by field.

Issue 10, items 1-6: created assertions, ``c2pa.opened`` with the file as ``parentOf``
ingredient and no source type, one action per AI segment with npt ``changes`` and a
``softwareAgent``, ``inputTo`` ingredients for models and data sets, the standard version
in every OMRS assertion, ``cawg.metadata`` as a JSON box, and an RFC 3161 time-stamp from
a local authority. Nothing of OMRS's reading code is used to read the manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from omrs.bundles import asset_records
from omrs.media.bundle import signing_content
from omrs.media.certs import load_signer
from omrs.media.jumbf import read_box
from omrs.media.keygen import KeygenResult, write_test_pki
from omrs.media.sign import sign_media
from omrs.options import TrustSettings
from omrs.version import STANDARD_VERSION
from tests.media.local_tsa import LocalTsa
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import DATASET_ID, make_bundle
from tests.media.plain_reader import plain_read

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
HARD_BINDINGS = {"c2pa.hash.data", "c2pa.hash.bmff.v3", "c2pa.hash.boxes"}
OMRS = ("org.omrs.asset", "org.omrs.disclosure", "org.omrs.license", "org.omrs.consent")
MIMES = {"sample.jpg": "image/jpeg", "sample.wav": "audio/wav"}


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeygenResult:
    return write_test_pki(tmp_path_factory.mktemp("tsa-pki"), tsa=True)


@pytest.fixture(scope="module")
def tsa(keys: KeygenResult) -> Iterator[LocalTsa]:
    assert keys.tsa_chain and keys.tsa_key
    with LocalTsa(keys.tsa_chain, keys.tsa_key) as server:
        yield server


def _content_box_after(data: bytes, label: str) -> bytes:
    """The type of the first content box of the JUMBF superbox labelled ``label``."""
    import io

    at = data.index(label.encode() + b"\x00")
    jumd = data.rindex(b"jumd", 0, at) - 4
    stream = io.BytesIO(data)
    description = read_box(stream, jumd, len(data))
    return read_box(stream, description.end, len(data)).kind


@pytest.mark.parametrize("name", sorted(MIMES))
def test_the_signed_manifest_field_by_field(
    name: str, tmp_path: Path, keys: KeygenResult, tsa: LocalTsa
) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / name, ai=True)
    content = signing_content(asset_records(files.bundle, files.media), "minimal")
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    trust = TrustSettings(anchors=keys.ca, trust_config=keys.trust_config)
    out = tmp_path / f"signed-{name}"
    sign_media(files.media, out, content, signer, trust=trust, tsa_url=tsa.url)
    store, detailed = plain_read(out, MIMES[name], keys)
    assert store["validation_state"] == "Trusted", store.get("validation_results")
    manifest = store["manifests"][store["active_manifest"]]
    claim = detailed["manifests"][store["active_manifest"]]["claim"]
    assertions = {a["label"]: a for a in manifest["assertions"]}
    ingredients = {i["label"]: i for i in manifest["ingredients"]}

    # Item 1: the signer vouches for every assertion it makes (C2PA 2.2 §10.2.2).
    created = {ref["url"].rsplit("/", 1)[-1] for ref in claim["created_assertions"]}
    assert not claim.get("gathered_assertions")
    expected = {"c2pa.actions.v2", "cawg.metadata", *OMRS, *ingredients}
    assert expected <= created and created & HARD_BINDINGS
    assert all(a.get("created") is True for a in manifest["assertions"])

    # Item 3: the file is opened, as the parentOf ingredient; no source type on the opening.
    actions = assertions["c2pa.actions.v2"]["data"]["actions"]
    first = actions[0]
    assert first["action"] == "c2pa.opened" and "digitalSourceType" not in first
    assert first["softwareAgent"]["name"] == "omrs"
    [parent_ref] = first["parameters"]["ingredients"]
    parent = ingredients[parent_ref["url"].rsplit("/", 1)[-1]]
    assert parent["relationship"] == "parentOf" and parent["title"] == name
    assert [a["action"] for a in actions].count("c2pa.opened") == 1
    assert not any(a["action"] == "c2pa.created" for a in actions)
    assert "digitalsourcetype/empty" not in json.dumps(store)
    metadata = assertions["cawg.metadata"]
    assert metadata["data"]["Iptc4xmpExt:DigitalSourceType"] == (
        IPTC + "compositeWithTrainedAlgorithmicMedia"
    )

    # Item 4: one action per AI segment and C2PA action, with npt changes and the generator.
    by_segment: dict[int, list[dict[str, Any]]] = {}
    for action in actions:
        segment = action.get("parameters", {}).get("org.omrs.segment")
        if segment is not None:
            by_segment.setdefault(segment, []).append(action)
    [voice] = by_segment[0]
    assert voice["action"] == "c2pa.dubbed"
    assert voice["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert voice["softwareAgent"] == {"name": "Example Voice", "version": "3.1"}
    assert voice["parameters"]["org.omrs.actions"] == ["voiceClone", "speechSynthesis"]
    assert voice["changes"] == [
        {
            "region": [
                {
                    "type": "temporal",
                    "time": {"type": "npt", "start": "0:01:05", "end": "0:01:12.5"},
                }
            ],
            "name": "narration",
        }
    ]
    used = [
        ingredients[ref["url"].rsplit("/", 1)[-1]] for ref in voice["parameters"]["ingredients"]
    ]
    assert [i["relationship"] for i in used] == ["inputTo", "inputTo"]
    model, dataset = used
    assert model["title"] == "Example Voice 3.1" and model["format"] == "application/octet-stream"
    assert model["data_types"] == [
        {"type": "c2pa.types.generator"},
        {"type": "c2pa.types.model", "version": "3.1.0"},
    ]
    assert dataset["format"] == "multipart/mixed"
    assert dataset["data_types"] == [{"type": "c2pa.types.dataset"}]
    assert DATASET_ID in dataset["description"]
    edited, enhanced = by_segment[1]
    assert (edited["action"], enhanced["action"]) == ("c2pa.edited", "c2pa.enhanced")
    for action in (edited, enhanced):
        assert action["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
        assert action["softwareAgent"] == {
            "name": "Lumen Reconstruct",
            "version": "2025-07-preview",
        }
        temporal, spatial = action["changes"][0]["region"]
        # At 29.97 drop-frame, 00:01:00;02 is frame 1800 (60.06 s) and 00:01:10;00 frame
        # 2098 (70.0032666... s, rounded up so the range never shrinks).
        assert temporal["time"] == {
            "type": "npt",
            "start": "0:01:00.06",
            "end": "0:01:10.003266667",
        }
        assert spatial["shape"]["origin"] == {"x": 62.0, "y": 5.0}
        assert spatial["shape"]["unit"] == "percent"
    [grade] = [
        ingredients[r["url"].rsplit("/", 1)[-1]] for r in edited["parameters"]["ingredients"]
    ]
    assert grade["data_types"] == [{"type": "c2pa.types.generator"}, {"type": "c2pa.types.model"}]
    assert actions[-1] == {
        "action": "c2pa.edited.metadata",
        "softwareAgent": first["softwareAgent"],
        "description": "OMRS records attached",
    }

    # Item 5: unsuffixed labels (version 1, C2PA 2.2 §6.2.2), the standard version inside:
    # the assertion's is the signer's; each embedded record keeps the one it declares.
    for label in OMRS:
        assert assertions[label]["data"]["omrs"] == STANDARD_VERSION
    for record in assertions["org.omrs.consent"]["data"]["records"]:
        assert record["omrs"] == "1.0" and "digest" in record
    for record in assertions["org.omrs.license"]["data"]["records"]:
        assert record["omrs"] == "1.0" and "digest" in record

    # cawg.metadata is JSON-LD in a JSON box (C2PA 2.2 §18.16.2, CAWG Metadata 1.1 §3).
    assert metadata.get("kind") == "Json"
    assert metadata["data"]["@context"]["Iptc4xmpExt"] == (
        "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    )
    assert _content_box_after(out.read_bytes(), "cawg.metadata") == b"json"
    assert _content_box_after(out.read_bytes(), "org.omrs.asset") == b"cbor"

    # Item 6: an RFC 3161 time-stamp (v2, sigTst2) from the local authority, trusted.
    assert tsa.requests and tsa.requests[-1] == "application/timestamp-query"
    assert manifest["signature_info"]["time"]
    codes = {c["code"] for c in store["validation_results"]["activeManifest"]["success"]}
    assert {"timeStamp.validated", "timeStamp.trusted"} <= codes
    assert b"sigTst2" in out.read_bytes()
