"""Shared fixtures for the C2PA layer tests: the conformance corpus and a test PKI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from omrs.bundles import asset_records
from omrs.media.bundle import signing_content
from omrs.media.certs import SignerMaterial, load_signer
from omrs.media.keygen import KeygenResult, write_test_pki
from omrs.media.privacy import Privacy
from omrs.media.sign import SignResult, sign_media
from omrs.options import TrustSettings
from tests.media.media_paths import CORPUS, MEDIA_FIXTURES
from tests.media.media_records import BundleFiles, make_bundle


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The C2PA conformance corpus, read in place (never copied into the repository)."""
    if not (CORPUS / "expected.tsv").is_file():
        pytest.skip(f"C2PA conformance corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_trust(corpus: Path) -> TrustSettings:
    return TrustSettings(
        anchors=corpus / "trust" / "test_cert_root_bundle.pem",
        trust_config=corpus / "trust" / "store.cfg",
    )


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> KeygenResult:
    """One ES256 test PKI for the whole session (key generation is cheap, but not free)."""
    return write_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def pki_trust(pki: KeygenResult) -> TrustSettings:
    return TrustSettings(anchors=pki.ca, trust_config=pki.trust_config)


@pytest.fixture(scope="session")
def signer(pki: KeygenResult) -> SignerMaterial:
    return load_signer(pki.chain, pki.key, trust_config=pki.trust_config)


Signed = tuple[BundleFiles, SignResult]


@pytest.fixture
def sign_fixture(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> Callable[..., Signed]:
    """Sign one of fixtures/media into ``tmp_path`` from a bundle that covers it."""

    def run(name: str, *, privacy: Privacy = "minimal", sidecar: bool = False) -> Signed:
        files = make_bundle(tmp_path / "project", MEDIA_FIXTURES / name)
        content = signing_content(asset_records(files.bundle, files.media), privacy)
        dst = files.media.with_suffix(".c2pa") if sidecar else tmp_path / f"signed-{name}"
        result = sign_media(files.media, dst, content, signer, trust=pki_trust, sidecar=sidecar)
        return files, result

    return run
