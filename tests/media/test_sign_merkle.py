"""``omrs sign`` hashes MP4/MOV media data as a Merkle tree, so verifying needs little memory.

Without a Merkle tree the SDK hashes ``mdat`` in reads of up to 256 MiB when it verifies
(peak memory grows with the file: ``bench/media.py``); with one it reads a chunk at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from omrs.bundles import asset_records
from omrs.media.bundle import signing_content
from omrs.media.certs import SignerMaterial
from omrs.media.keygen import KeygenResult
from omrs.media.sign import DEFAULT_MERKLE_CHUNK_KB, sign_media
from omrs.options import TrustSettings
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import make_bundle
from tests.media.plain_reader import plain_read


def _bmff_hash(detailed: dict[str, Any]) -> dict[str, Any]:
    manifest = detailed["manifests"][detailed["active_manifest"]]
    for label, assertion in manifest["assertion_store"].items():
        if label.startswith("c2pa.hash.bmff"):
            found: dict[str, Any] = assertion
            return found
    raise AssertionError(f"no BMFF hash assertion in {sorted(manifest['assertion_store'])}")


def _signed(
    tmp_path: Path, signer: SignerMaterial, trust: TrustSettings, name: str, chunk: int | None
) -> Path:
    files = make_bundle(tmp_path / "project", MEDIA_FIXTURES / name)
    content = signing_content(asset_records(files.bundle, files.media), "minimal")
    dst = tmp_path / f"signed-{chunk}-{name}"
    result = sign_media(files.media, dst, content, signer, trust=trust, merkle_chunk_kb=chunk)
    assert result.report.state == "trusted"
    return dst


@pytest.mark.parametrize(
    ("name", "mime"), [("sample.mp4", "video/mp4"), ("sample.mov", "video/quicktime")]
)
def test_bmff_media_is_signed_with_a_merkle_tree_by_default(
    tmp_path: Path,
    signer: SignerMaterial,
    pki_trust: TrustSettings,
    pki: KeygenResult,
    name: str,
    mime: str,
) -> None:
    signed = _signed(tmp_path, signer, pki_trust, name, DEFAULT_MERKLE_CHUNK_KB)
    _, detailed = plain_read(signed, mime, pki)
    merkle = _bmff_hash(detailed).get("merkle")
    assert merkle, "the BMFF hash carries no Merkle map"
    assert merkle[0]["fixedBlockSize"] == DEFAULT_MERKLE_CHUNK_KB * 1024


def test_no_chunk_size_signs_one_hash_over_the_media_data(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings, pki: KeygenResult
) -> None:
    signed = _signed(tmp_path, signer, pki_trust, "sample.mp4", None)
    _, detailed = plain_read(signed, "video/mp4", pki)
    assert not _bmff_hash(detailed).get("merkle")
