"""Shared fixtures for the C2PA layer tests: the conformance corpus and a test PKI."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_paths import CORPUS

from omrs.media.keygen import KeygenResult, write_test_pki
from omrs.options import TrustSettings


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
