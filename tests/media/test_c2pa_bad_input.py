"""Bad input gets a clear per-file error, never a crash, and never damages the destination."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from omrs.bundles import BundleError, asset_records
from omrs.media.certs import CertificateError, SignerMaterial, check_signer
from omrs.media.keygen import EKU_DOCUMENT_SIGNING, GeneratedPki, LeafProfile, generate_test_pki
from omrs.media.labels import LabelError, label_problem, unsafe_labels_in_file
from omrs.media.manifest import OmrsContent
from omrs.media.sign import SigningError, sign_media
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.media.conftest import Signed
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import make_bundle


@pytest.mark.parametrize("name", ["sample.jpg", "sample.mp4", "sample.wav", "sample.png"])
def test_truncated_signed_media_is_reported_not_raised(
    name: str, sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    _, result = sign_fixture(name)
    data = result.destination.read_bytes()
    cut = result.destination.with_name("cut-" + name)
    cut.write_bytes(data[: len(data) // 3])
    report = verify_media(cut, pki_trust)
    assert report.state in ("malformed", "invalid", "none")
    if report.state == "malformed":
        assert report.error and "Traceback" not in report.error


def test_zero_byte_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    report = verify_media(empty)
    assert report.state == "malformed" and report.problem == "unsupported-format"
    assert "empty" in (report.error or "")


def test_unsupported_format_names_the_supported_ones(tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("just some notes\n")
    report = verify_media(text)
    assert report.state == "malformed" and report.problem == "unsupported-format"
    assert "JPEG" in (report.error or "") and "MP4" in (report.error or "")


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    report = verify_media(tmp_path / "gone.png")
    assert report.state == "malformed" and report.problem == "unreadable"


def test_renamed_file_is_sniffed_by_content(tmp_path: Path, pki_trust: TrustSettings) -> None:
    renamed = tmp_path / "actually-a-png.jpg"
    shutil.copyfile(MEDIA_FIXTURES / "sample.png", renamed)
    report = verify_media(renamed, pki_trust)
    assert report.state == "none" and report.mime == "image/png"


@pytest.mark.parametrize("name", ["sample.jpg", "sample.mp4", "sample.wav", "sample.png"])
def test_non_ascii_label_in_a_file_never_reaches_the_sdk(
    name: str, sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    """The SDK aborts the process on this label; the guard must catch it first."""
    _, result = sign_fixture(name)
    data = result.destination.read_bytes()
    assert data.count(b"org.omrs.asset") >= 1
    hostile = result.destination.with_name("hostile-" + name)
    hostile.write_bytes(data.replace(b"org.omrs.asset", "org.omrs.ässet".encode()[:14]))
    assert unsafe_labels_in_file(hostile)
    report = verify_media(hostile, pki_trust)
    assert report.state == "malformed" and report.problem == "unsafe-label"


@pytest.mark.parametrize(
    "label", ["org.omrs.cönsent", "org.omrs.é", "org.omrs.x__1", "org omrs", "org.omrs.Consent"]
)
def test_bad_labels_are_refused_before_signing(
    label: str, tmp_path: Path, signer: SignerMaterial
) -> None:
    assert label_problem(label)
    content = OmrsContent(extra=((label, {"a": 1}),))
    dst = tmp_path / "out.jpg"
    with pytest.raises(LabelError):
        sign_media(MEDIA_FIXTURES / "sample.jpg", dst, content, signer)
    assert not dst.exists() and list(tmp_path.iterdir()) == []


def _material(pki: GeneratedPki, *, chain: bytes | None = None) -> tuple[bytes, bytes]:
    return chain or pki.chain_pem(), pki.key_pem()


@pytest.mark.parametrize(
    ("profile", "needle"),
    [
        (LeafProfile(is_ca=True), "CA certificate"),
        (LeafProfile(ekus=()), "extended key usages"),
        (LeafProfile(ekus=(EKU_DOCUMENT_SIGNING,)), "--trust-config"),
        (LeafProfile(digital_signature=False), "digitalSignature"),
        (LeafProfile(authority_key_id=False), "Authority Key Identifier"),
        (
            LeafProfile(
                not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
            ),
            "expired on 2021-01-01",
        ),
    ],
    ids=["ca-as-signer", "no-eku", "eku-not-accepted", "no-digital-signature", "no-aki", "expired"],
)
def test_certificate_preflight_names_the_fix(profile: LeafProfile, needle: str) -> None:
    pki = generate_test_pki(leaf=profile)
    with pytest.raises(CertificateError, match=needle):
        check_signer(*_material(pki))


def test_document_signing_eku_is_accepted_with_trust_config() -> None:
    pki = generate_test_pki(leaf=LeafProfile(ekus=(EKU_DOCUMENT_SIGNING,)))
    material = check_signer(*_material(pki), accepted_ekus={EKU_DOCUMENT_SIGNING.dotted_string})
    assert material.alg == "es256"


def test_key_not_matching_certificate() -> None:
    pki, other = generate_test_pki(), generate_test_pki()
    with pytest.raises(CertificateError, match="does not match"):
        check_signer(pki.chain_pem(), other.key_pem())


def test_chain_out_of_order() -> None:
    pki = generate_test_pki()
    first, second = pki.chain_pem().split(b"-----END CERTIFICATE-----\n")[:2]
    swapped = second + b"-----END CERTIFICATE-----\n" + first + b"-----END CERTIFICATE-----\n"
    with pytest.raises(CertificateError, match="out of order"):
        check_signer(swapped, pki.key_pem())


def test_unreadable_pem() -> None:
    with pytest.raises(CertificateError, match="not a PEM certificate chain"):
        check_signer(b"garbage", generate_test_pki().key_pem())
    with pytest.raises(CertificateError, match="not a PEM private key"):
        check_signer(generate_test_pki().chain_pem(), b"garbage")


def test_private_key_never_in_messages_or_repr(signer: SignerMaterial) -> None:
    assert b"PRIVATE" in signer.key_pem
    assert "PRIVATE" not in repr(signer)
    pki, other = generate_test_pki(), generate_test_pki()
    with pytest.raises(CertificateError) as caught:
        check_signer(pki.chain_pem(), other.key_pem())
    assert "PRIVATE" not in str(caught.value)


def test_bundle_not_mentioning_the_file(tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    stranger = tmp_path / "p" / "media" / "stranger.png"
    shutil.copyfile(MEDIA_FIXTURES / "sample.png", stranger)
    with pytest.raises(BundleError, match="does not mention"):
        asset_records(files.bundle, stranger)


def test_bundle_asset_found_by_digest_when_moved(tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    moved = tmp_path / "elsewhere.jpg"
    shutil.copyfile(files.media, moved)
    found = asset_records(files.bundle, moved)
    assert found.disclosure is not None and len(found.consents) == 1


def test_failed_sign_leaves_destination_untouched(tmp_path: Path, signer: SignerMaterial) -> None:
    dst = tmp_path / "deliverable.jpg"
    dst.write_bytes(b"previous version")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((MEDIA_FIXTURES / "sample.jpg").read_bytes()[:200])
    with pytest.raises(SigningError):
        sign_media(broken, dst, OmrsContent(), signer)
    assert dst.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg", "deliverable.jpg"]


def test_sdk_refusal_leaves_no_temp_file(tmp_path: Path) -> None:
    """documentSigning-only leaf, no trust config: the SDK refuses after writing has begun."""
    pki = generate_test_pki(leaf=LeafProfile(ekus=(EKU_DOCUMENT_SIGNING,)))
    material = check_signer(*_material(pki), accepted_ekus={EKU_DOCUMENT_SIGNING.dotted_string})
    dst = tmp_path / "out.png"
    with pytest.raises(SigningError, match="refused"):
        sign_media(MEDIA_FIXTURES / "sample.png", dst, OmrsContent(), material)
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_source_without_in_place(
    tmp_path: Path, signer: SignerMaterial
) -> None:
    src = tmp_path / "a.png"
    shutil.copyfile(MEDIA_FIXTURES / "sample.png", src)
    with pytest.raises(SigningError, match="in_place"):
        sign_media(src, src, OmrsContent(), signer)
    assert src.read_bytes() == (MEDIA_FIXTURES / "sample.png").read_bytes()


def test_refuses_to_replace_an_existing_sidecar(
    sign_fixture: Callable[..., Signed], signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    files, first = sign_fixture("sample.png", sidecar=True)
    before = first.destination.read_bytes()
    with pytest.raises(SigningError, match="drop the manifest"):
        sign_media(
            files.media, first.destination, OmrsContent(), signer, trust=pki_trust, sidecar=True
        )
    assert first.destination.read_bytes() == before


def test_fragment_cannot_be_signed(tmp_path: Path, signer: SignerMaterial, corpus: Path) -> None:
    with pytest.raises(SigningError, match="fragment"):
        sign_media(corpus / "media" / "dash1.m4s", tmp_path / "x.m4s", OmrsContent(), signer)
