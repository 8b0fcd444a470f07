"""Pure parts of the C2PA layer: digests, privacy forms, labels, format sniffing, settings."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from omrs.bundles import merged_licence
from omrs.media import formats
from omrs.media.labels import label_problem, unsafe_labels
from omrs.media.manifest import OmrsContent, build_definition, training_mining
from omrs.media.privacy import canonical_json, minimal_consent, minimal_licence, record_digest
from omrs.media.trust import settings_dict
from omrs.options import TrustSettings
from omrs.version import TOOL_VERSION
from tests.media.conftest import Signed
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import consent, licence


def test_canonical_json_is_sorted_compact_utf8() -> None:
    record = {"b": 1, "a": {"z": "é", "y": [1, 2]}}
    assert canonical_json(record) == '{"a":{"y":[1,2],"z":"é"},"b":1}'.encode()
    assert record_digest(record) == hashlib.sha256(canonical_json(record)).hexdigest()
    assert record_digest({"a": 1, "b": 2}) == record_digest({"b": 2, "a": 1})


def test_minimal_consent_has_no_personal_content() -> None:
    full = consent()
    minimal = minimal_consent(full)
    assert set(minimal) == {"omrs", "id", "recordType", "digest", "scope"}
    assert minimal["omrs"] == "1.0"
    assert minimal["digest"] == record_digest(full)
    text = canonical_json(minimal).decode()
    for personal in ("Jane Doe", "A. Counsel", "evidence", "grantor", "subject"):
        assert personal not in text
    assert minimal["scope"]["revocation"] == {"revocable": True}


def test_minimal_licence_keeps_terms_not_parties() -> None:
    minimal = minimal_licence(licence("0" * 64))
    assert "permissions" in minimal and "licensor" not in minimal and "licensee" not in minimal


def test_most_restrictive_use_wins_across_licences() -> None:
    a = {"permissions": {"ai_training": {"use": "allowed"}}}
    b = {"permissions": {"ai_training": {"use": "notAllowed"}}}
    merged = merged_licence([a, b])
    assert training_mining(merged) == {"entries": {"cawg.ai_training": {"use": "notAllowed"}}}
    assert training_mining(None) is None
    assert training_mining({"permissions": {}}) is None


def test_constrained_without_terms_counts_as_not_allowed() -> None:
    entries = training_mining({"permissions": {"ai_inference": {"use": "constrained"}}})
    assert entries == {"entries": {"cawg.ai_inference": {"use": "notAllowed"}}}


def test_definition_labels_and_first_action() -> None:
    """An existing file is always opened, never created; no source type on the opening."""
    definition = build_definition(OmrsContent(), title="x.jpg", mime="image/jpeg")
    labels = [a["label"] for a in definition["assertions"]]
    assert labels[0] == "c2pa.actions.v2" and "org.omrs.asset" in labels
    actions = definition["assertions"][0]["data"]["actions"]
    assert actions[0] == {
        "action": "c2pa.opened",
        "softwareAgent": {"name": "omrs", "version": TOOL_VERSION},
        "parameters": {"ingredientIds": ["omrs-parent"]},
    }
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.edited.metadata"]
    assert "digitalsourcetype/empty" not in json.dumps(definition)
    assert all(a["created"] is True for a in definition["assertions"])


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        ("org.omrs.consent", True),
        ("cawg.training-mining", True),
        ("c2pa.actions.v2", True),
        ("org.omrs.Consent", False),
        ("org.omrs.cönsent", False),
        ("org.omrs.a__1", False),
        ("", False),
        ("org..omrs", False),
    ],
)
def test_label_rules(label: str, ok: bool) -> None:
    assert (label_problem(label) is None) is ok


def test_label_scan_finds_non_ascii_across_chunk_boundaries() -> None:
    box = b"\x00\x00\x00\x40jumb\x00\x00\x00\x30jumd" + b"\x00" * 16 + b"\x03"
    hostile = box + "org.omrs.é".encode() + b"\x00"
    padding = b"\x00" * ((1 << 20) - 10)
    assert unsafe_labels(io.BytesIO(padding + hostile + b"tail")) == ["org.omrs.é"]
    assert unsafe_labels(io.BytesIO(padding + box + b"org.omrs.ok\x00")) == []


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("sample.jpg", "image/jpeg"),
        ("sample.png", "image/png"),
        ("sample.webp", "image/webp"),
        ("sample.tiff", "image/tiff"),
        ("sample.mp4", "video/mp4"),
        ("sample.mov", "video/quicktime"),
        ("sample.wav", "audio/wav"),
        ("sample.mp3", "audio/mpeg"),
        ("sample.pdf", "application/pdf"),
    ],
)
def test_formats_are_sniffed(name: str, mime: str) -> None:
    assert formats.detect(MEDIA_FIXTURES / name).mime == mime


def test_unknown_bytes_name_the_supported_formats(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x01\x02\x03 not media")
    with pytest.raises(formats.UnsupportedFormat, match="supported: JPEG, PNG"):
        formats.detect(junk)


def test_sdk_supports_every_listed_format() -> None:
    import c2pa

    readable = set(c2pa.Reader.get_supported_mime_types())
    writable = set(c2pa.Builder.get_supported_mime_types())
    for fmt in formats.FORMATS:
        assert fmt.mime in readable and fmt.mime in writable, fmt


def test_settings_turn_remote_fetching_off_and_carry_trust(tmp_path: Path) -> None:
    anchors, allowed, cfg = (tmp_path / n for n in ("a.pem", "b.pem", "c.cfg"))
    anchors.write_text("ANCHORS")
    allowed.write_text("ALLOWED")
    cfg.write_text("1.3.6.1.5.5.7.3.36\n")
    settings = settings_dict(TrustSettings(anchors=anchors, allowed_list=allowed, trust_config=cfg))
    assert settings["verify"]["remote_manifest_fetch"] is False
    assert settings["trust"]["trust_anchors"] == "ANCHORS"
    assert settings["trust"]["trust_config"] == "1.3.6.1.5.5.7.3.36\n"
    assert settings["trust"]["anchors"][0]["allowed_list"] == "ALLOWED"
    assert settings_dict(TrustSettings(fetch_remote=True))["verify"]["remote_manifest_fetch"]


def test_manifest_regions_are_the_boxes_that_can_hold_a_store(
    tmp_path: Path, sign_fixture: Callable[..., Signed]
) -> None:
    """BMFF: top-level ``uuid`` boxes only (never ``mdat``); RIFF: the ``C2PA`` chunk."""
    from omrs.media.stores import manifest_regions

    with (MEDIA_FIXTURES / "sample.mp4").open("rb") as fh:
        assert manifest_regions(fh, "bmff") == []
    _, signed = sign_fixture("sample.mp4")
    data = signed.destination.read_bytes()
    with signed.destination.open("rb") as fh:
        regions = manifest_regions(fh, "bmff")
    assert regions and all(data[start + 4 : start + 8] == b"uuid" for start, _ in regions)
    _, wav = sign_fixture("sample.wav")
    with wav.destination.open("rb") as fh:
        chunks = manifest_regions(fh, "riff")
    assert chunks and wav.destination.read_bytes()[chunks[0][0] : chunks[0][0] + 4] == b"C2PA"
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\xff\xffftypisom" + b"\x00" * 16)
    with broken.open("rb") as fh:
        assert manifest_regions(fh, "bmff") is None
