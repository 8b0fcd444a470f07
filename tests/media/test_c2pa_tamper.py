"""Tampering is detected: changed bytes, a moved or stripped manifest, an edited sidecar."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from omrs.media.certs import check_signer
from omrs.media.keygen import LeafProfile, generate_test_pki
from omrs.media.manifest import OmrsContent
from omrs.media.privacy import record_digest
from omrs.media.sign import sign_media
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.media.conftest import Signed
from tests.media.media_bytes import after, bmff_box, flip, graft_app11, strip_app11
from tests.media.media_paths import MEDIA_FIXTURES


def _tampered(path: Path, data: bytes) -> Path:
    out = path.with_name("tampered-" + path.name)
    out.write_bytes(data)
    return out


@pytest.mark.parametrize(
    ("name", "where", "code"),
    [
        ("sample.jpg", lambda d: len(d) - 20, "assertion.dataHash.mismatch"),
        ("sample.png", lambda d: after(d, b"IDAT", 10), "assertion.dataHash.mismatch"),
        ("sample.wav", lambda d: after(d, b"data", 4 + 100), "assertion.dataHash.mismatch"),
        ("sample.mp3", lambda d: len(d) - 50, "assertion.dataHash.mismatch"),
        ("sample.mp4", lambda d: bmff_box(d, b"mdat") + 8 + 100, "assertion.bmffHash.mismatch"),
    ],
    ids=["jpeg-image", "png-image", "wav-audio", "mp3-audio", "mp4-media"],
)
def test_changed_byte_in_hashed_data_is_invalid(
    name: str,
    where: Callable[[bytes], int],
    code: str,
    sign_fixture: Callable[..., Signed],
    pki_trust: TrustSettings,
) -> None:
    _, result = sign_fixture(name)
    data = result.destination.read_bytes()
    report = verify_media(_tampered(result.destination, flip(data, where(data))), pki_trust)
    assert report.state == "invalid"
    assert report.has_code(code), [c.code for c in report.failures]


def test_manifest_moved_to_another_file_is_invalid(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    _, result = sign_fixture("sample.jpg")
    original = (MEDIA_FIXTURES / "sample.jpg").read_bytes()
    other = flip(original, len(original) - 30)  # another picture, same size
    moved = graft_app11(result.destination.read_bytes(), other)
    report = verify_media(_tampered(result.destination, moved), pki_trust)
    assert report.state == "invalid"
    assert report.has_code("assertion.dataHash.mismatch")


def test_sidecar_used_for_another_file_is_invalid(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    files, result = sign_fixture("sample.png", sidecar=True)
    data = files.media.read_bytes()
    other = _tampered(files.media, flip(data, after(data, b"IDAT", 10)))
    report = verify_media(other, pki_trust, sidecar=result.destination)
    assert report.state == "invalid"
    assert report.has_code("assertion.dataHash.mismatch")


def test_stripped_manifest_is_none(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    _, result = sign_fixture("sample.jpg")
    stripped = strip_app11(result.destination.read_bytes())
    assert stripped == (MEDIA_FIXTURES / "sample.jpg").read_bytes()
    assert verify_media(_tampered(result.destination, stripped), pki_trust).state == "none"


def test_sidecar_edited_after_signing_is_invalid(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    files, result = sign_fixture("sample.png", sidecar=True)
    data = result.destination.read_bytes()
    digest = record_digest(files.records["consent"]).encode()
    at = data.find(digest)
    assert at != -1, "the consent digest is stored as text in the manifest"
    forged = data[:at] + (b"0" if data[at : at + 1] != b"0" else b"1") + data[at + 1 :]
    result.destination.write_bytes(forged)
    report = verify_media(files.media, pki_trust)
    assert report.state == "invalid"
    assert report.has_code("assertion.hashedURI.mismatch")


def test_record_edited_after_signing_shows_in_digest(
    sign_fixture: Callable[..., Signed],
) -> None:
    from omrs.media.extract import embedded_records, match_digests

    files, result = sign_fixture("sample.jpg")
    edited = dict(files.records["consent"], channels=["theatrical", "streaming"])
    checks = match_digests(embedded_records(result.report), [edited])
    assert [c.verdict for c in checks if c.embedded.id == edited["id"]] == ["mismatch"]


def test_expired_signing_certificate(tmp_path: Path) -> None:
    """A signature made while the certificate was valid, verified after it expired."""
    now = dt.datetime.now(dt.UTC)
    expiry = now + dt.timedelta(seconds=2)
    pki = generate_test_pki(leaf=LeafProfile(not_after=expiry))
    (tmp_path / "ca.pem").write_bytes(pki.root_pem())
    signer = check_signer(pki.chain_pem(), pki.key_pem())
    out = tmp_path / "soon-expired.png"
    sign_media(MEDIA_FIXTURES / "sample.png", out, OmrsContent(), signer)
    time.sleep(max(0.0, (expiry - dt.datetime.now(dt.UTC)).total_seconds()) + 1.2)
    report = verify_media(out, TrustSettings(anchors=tmp_path / "ca.pem"))
    assert report.state == "invalid"
    assert report.has_code("signingCredential.expired")


def test_a_tampered_file_leads_with_the_hash_mismatch_once(
    sign_fixture: Callable[..., Signed], tmp_path: Path
) -> None:
    """Issue 15: the cause first, in words, then lesser failures; the codes printed once."""
    from click.testing import CliRunner

    from omrs.cli import cli

    _, result = sign_fixture("sample.wav")
    data = result.destination.read_bytes()
    tampered = _tampered(result.destination, flip(data, after(data, b"data", 104)))
    run = CliRunner().invoke(cli, ["check", "--no-config", str(tampered)])
    assert run.exit_code == 1
    message = next(line for line in run.output.splitlines() if "c2pa.invalid" in line)
    cause = message.index("the file's content changed after signing (assertion.dataHash.mismatch)")
    assert cause < message.index("signingCredential.untrusted")
    assert run.output.count("signingCredential.untrusted") == 1
