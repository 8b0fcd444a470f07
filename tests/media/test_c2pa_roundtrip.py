"""Sign OMRS records into every fixture format and read them back, with the real SDK."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from omrs.media.certs import SignerMaterial
from omrs.media.extract import embedded_records, manifest_source_type, match_digests
from omrs.media.manifest import OmrsContent
from omrs.media.privacy import record_digest
from omrs.media.sign import sign_media
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.media.conftest import Signed
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import CONSENT_ID, DISCLOSURE_ID, LICENCE_ID

FORMATS = sorted(p.name for p in MEDIA_FIXTURES.glob("sample.*"))
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def test_every_required_format_has_a_fixture() -> None:
    suffixes = {Path(n).suffix for n in FORMATS}
    assert {".jpg", ".png", ".webp", ".tiff", ".mp4", ".mov", ".wav", ".mp3", ".pdf"} <= suffixes
    assert all((MEDIA_FIXTURES / n).stat().st_size < 60_000 for n in FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_sign_then_verify_is_trusted(
    name: str, sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    files, result = sign_fixture(name)
    assert result.report.state == "trusted" and not result.edited
    report = verify_media(result.destination, pki_trust)
    assert report.state == "trusted", report.failures
    embedded = embedded_records(report)
    assert embedded.privacy == "minimal"
    assert embedded.disclosure is not None and embedded.disclosure["id"] == DISCLOSURE_ID
    assert {r.id for r in embedded.records} == {DISCLOSURE_ID, LICENCE_ID, CONSENT_ID}
    first = report.actions[0]
    assert first["action"] == "c2pa.opened" and "digitalSourceType" not in first
    assert manifest_source_type(report) == IPTC + "compositeWithTrainedAlgorithmicMedia"
    assert files.media.read_bytes() == (MEDIA_FIXTURES / name).read_bytes()


def test_embedded_records_match_the_full_records(sign_fixture: Callable[..., Signed]) -> None:
    files, result = sign_fixture("sample.jpg")
    embedded = embedded_records(result.report)
    consent = next(r for r in embedded.records if r.id == CONSENT_ID)
    assert consent.minimal
    assert consent.data["digest"] == record_digest(files.records["consent"])
    assert "subject" not in consent.data and "Jane Doe" not in str(consent.data)
    assert consent.data["scope"]["intendedUses"] == [
        {"work": {"id": "urn:omrs:work:harbour-lights"}, "medium": "film"}
    ]
    checks = match_digests(embedded, [files.records["consent"], files.records["licence"]])
    assert [c.verdict for c in checks] == ["match", "match"]
    edited = dict(files.records["consent"], territories=["GB"])
    verdicts = {c.embedded.id: c.verdict for c in match_digests(embedded, [edited])}
    assert verdicts[CONSENT_ID] == "mismatch" and verdicts[LICENCE_ID] == "no-record"


def test_full_privacy_embeds_whole_records(sign_fixture: Callable[..., Signed]) -> None:
    files, result = sign_fixture("sample.png", privacy="full")
    embedded = embedded_records(result.report)
    assert embedded.privacy == "full"
    consent = next(r for r in embedded.records if r.id == CONSENT_ID)
    assert not consent.minimal and dict(consent.data) == files.records["consent"]


def test_cawg_assertions(sign_fixture: Callable[..., Signed]) -> None:
    _, result = sign_fixture("sample.jpg")
    entries = result.report.assertion("cawg.training-mining")["entries"]
    assert entries["cawg.ai_training"] == {"use": "notAllowed"}
    limits = "only for the licensee Example Labs; licence term 2026-05-02 to 2028-05-02"
    assert entries["cawg.data_mining"] == {
        "use": "constrained",
        "constraint_info": f"Research use only. Limits: purposes research; {limits}.",
    }
    assert entries["org.omrs.ai_fine_tuning"] == {"use": "notAllowed"}
    # Allowed for one licensee for two years is not allowed for everyone (issue 10 item 2).
    assert entries["org.omrs.search_indexing"] == {
        "use": "constrained",
        "constraint_info": f"Limits: {limits}.",
    }
    metadata = result.report.assertion("cawg.metadata")
    assert metadata["Iptc4xmpExt:DigitalSourceType"].endswith(
        "compositeWithTrainedAlgorithmicMedia"
    )
    assert metadata["plus:DataMining"].startswith("http://ns.useplus.org/ldf/vocab/DMI-")
    assert all(label.isascii() for label in (a.label for a in result.report.assertions))


def test_resigning_keeps_the_earlier_manifest_as_parent(
    sign_fixture: Callable[..., Signed],
    signer: SignerMaterial,
    pki_trust: TrustSettings,
    tmp_path: Path,
) -> None:
    files, first = sign_fixture("sample.mp4")
    content = OmrsContent(disclosure=files.records["disclosure"])
    second = sign_media(first.destination, tmp_path / "again.mp4", content, signer, trust=pki_trust)
    assert second.edited and second.report.state == "trusted"
    store = second.report.manifest_store or {}
    manifest = store["manifests"][second.report.active_manifest]
    parents = [i for i in manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert len(parents) == 1
    assert parents[0]["active_manifest"] == first.report.active_manifest
    assert first.report.active_manifest in store["manifests"]
    assert second.report.actions[0]["action"] == "c2pa.opened"
    assert manifest_source_type(second.report) == IPTC + "compositeWithTrainedAlgorithmicMedia"


def test_in_place(
    sign_fixture: Callable[..., Signed],
    signer: SignerMaterial,
    pki_trust: TrustSettings,
    tmp_path: Path,
) -> None:
    target = tmp_path / "in-place.wav"
    shutil.copyfile(MEDIA_FIXTURES / "sample.wav", target)
    result = sign_media(target, target, OmrsContent(), signer, trust=pki_trust, in_place=True)
    assert result.destination == target
    assert verify_media(target, pki_trust).state == "trusted"
    assert [p.name for p in tmp_path.iterdir()] == ["in-place.wav"]


def test_sidecar_round_trip(sign_fixture: Callable[..., Signed], pki_trust: TrustSettings) -> None:
    files, result = sign_fixture("sample.png", sidecar=True)
    assert result.destination == files.media.with_suffix(".c2pa")
    assert files.media.read_bytes() == (MEDIA_FIXTURES / "sample.png").read_bytes()
    report = verify_media(files.media, pki_trust)  # finds x.c2pa beside x.png
    assert report.state == "trusted" and report.sidecar == str(result.destination)
    assert report.embedded is False
    assert verify_media(files.media, pki_trust, discover_sidecar=False).state == "none"


def test_ed25519_chain(tmp_path: Path) -> None:
    from omrs.media.certs import load_signer
    from omrs.media.keygen import write_test_pki

    keys = write_test_pki(tmp_path / "keys", alg="ed25519")
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    assert signer.alg == "ed25519"
    trust = TrustSettings(anchors=keys.ca, trust_config=keys.trust_config)
    result = sign_media(
        MEDIA_FIXTURES / "sample.jpg", tmp_path / "ed.jpg", OmrsContent(), signer, trust=trust
    )
    assert result.report.state == "trusted"


def test_unknown_root_is_valid_not_trusted(
    sign_fixture: Callable[..., Signed], tmp_path: Path
) -> None:
    from omrs.media.keygen import write_test_pki

    _, result = sign_fixture("sample.jpg")
    other = write_test_pki(tmp_path / "other")
    report = verify_media(result.destination, TrustSettings(anchors=other.ca))
    assert report.state == "valid"
    assert report.has_code("signingCredential.untrusted", ingredient=False)


def test_allowed_list_trusts_the_signer(
    sign_fixture: Callable[..., Signed], signer: SignerMaterial, tmp_path: Path
) -> None:
    _, result = sign_fixture("sample.jpg")
    allowed = tmp_path / "allowed.pem"
    allowed.write_bytes(
        signer.chain_pem.split(b"-----END CERTIFICATE-----")[0] + b"-----END CERTIFICATE-----\n"
    )
    report = verify_media(result.destination, TrustSettings(allowed_list=allowed))
    assert report.state == "trusted"


def _exiftool() -> str:
    tool = shutil.which("exiftool")
    if tool is None:
        pytest.skip("exiftool not installed (Debian package libimage-exiftool-perl)")
    return tool


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, capture_output=True, check=True, timeout=60)


@pytest.mark.parametrize("name", ["sample.jpg", "sample.mp4"])
def test_exiftool_sees_the_manifest(name: str, sign_fixture: Callable[..., Signed]) -> None:
    """An independent reader finds the manifest where C2PA puts it.

    exiftool decodes JUMBF in JPEG; older versions (Debian 12 ships 12.57) list the C2PA box
    of an MP4 only as an unknown ``uuid`` box, so there its bytes are checked instead.
    """
    tool = _exiftool()
    _, result = sign_fixture(name)
    listing = _run(tool, "-a", "-u", "-G1", str(result.destination)).stdout.decode()
    if "JUMD Label" in listing:
        assert "org.omrs.disclosure" in listing and "c2pa.actions.v2" in listing
        return
    assert name.endswith(".mp4") and "UUID-Unknown" in listing, listing
    box = _run(tool, "-u", "-b", "-UUID-Unknown", str(result.destination)).stdout
    assert b"jumb" in box and b"c2pa" in box and b"org.omrs.disclosure" in box
