"""``--require-trusted`` means every media file carries a trusted manifest.

A file with no manifest, one whose manifest a one-byte change to a container length field
hides from the SDK (read as "no manifest"), and one with only an unfetched remote manifest
all fail; without the flag they stay informational.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from omrs.media.check import check_media
from omrs.media.keygen import KeygenResult
from omrs.media.verify import verify_media
from omrs.options import CheckOptions, TrustSettings
from tests.media.conftest import Signed
from tests.media.media_bytes import jpeg_segments
from tests.media.media_paths import MEDIA_FIXTURES


def _length_field(data: bytes, name: str) -> int:
    """Offset of the length field of the first JPEG segment (APP0) or BMFF box (ftyp)."""
    if name.endswith(".jpg"):
        marker, start, _ = jpeg_segments(data)[0]
        assert marker == 0xE0
        return start + 2
    assert data[4:8] == b"ftyp"
    return 0


#: One-byte changes to that field (offset in it, new byte) that make the segment or box
#: end inside the manifest, so the parser walks the rest as garbage and never sees it.
#: Which one the SDK reads as "no manifest" (rather than "cannot parse") depends on the
#: bytes it lands on, which change with every signature: the first that does is used.
CHANGES = {
    # Tried in order until one hides the manifest; every low byte of the length is tried
    # last, so some change always lands on bytes the SDK skips (a flaky search otherwise).
    ".jpg": [(0, v) for v in (1, 2, 4, 8, 16, 32)]
    + [(1, v) for v in range(0x11, 0x20)]
    + [(1, v) for v in range(0x20, 0x100)]
    + [(0, v) for v in range(3, 0x80) if v not in (4, 8, 16, 32)],
    ".mp4": [(2, v) for v in range(0x10, 0x1D)] + [(3, v) for v in (0, 0x38, 0x40, 0x44, 0x48)],
}


def _hidden(signed: Path, trust: TrustSettings) -> Path:
    data = signed.read_bytes()
    field = _length_field(data, signed.name)
    out = signed.with_name("stripped-" + signed.name)
    for offset, value in CHANGES[signed.suffix]:
        changed = bytearray(data)
        changed[field + offset] = value
        out.write_bytes(bytes(changed))
        if verify_media(out, trust).state == "none":
            return out
    raise AssertionError(f"no one-byte change to the length field hides {signed.name}")


def _required(trust: TrustSettings) -> CheckOptions:
    return CheckOptions(trust=dataclasses.replace(trust, require_trusted=True))


@pytest.mark.parametrize("name", ["sample.jpg", "sample.mp4"])
def test_no_manifest_fails_when_trust_is_required(name: str, pki_trust: TrustSettings) -> None:
    media = MEDIA_FIXTURES / name
    relaxed = check_media(media, CheckOptions(trust=pki_trust))
    assert [f.code for f in relaxed.findings] == ["c2pa.none"] and not relaxed.failed()
    result = check_media(media, _required(pki_trust))
    assert [f.code for f in result.findings] == ["c2pa.trust-required"]
    assert "no C2PA manifest" in result.findings[0].message and "--require-trusted" in (
        result.findings[0].message
    )
    assert result.failed() and not result.io_error


@pytest.mark.parametrize("name", ["sample.jpg", "sample.mp4"])
def test_a_manifest_hidden_by_a_one_byte_length_change_fails(
    name: str, sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    _, signed = sign_fixture(name)
    assert verify_media(signed.destination, pki_trust).state == "trusted"
    stripped = _hidden(signed.destination, pki_trust)
    before, after = signed.destination.read_bytes(), stripped.read_bytes()
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    result = check_media(stripped, _required(pki_trust))
    assert [f.code for f in result.findings] == ["c2pa.trust-required"]
    assert result.failed()


def _trust_flags(pki: KeygenResult) -> list[str]:
    return ["--trust-anchors", str(pki.ca), "--trust-config", str(pki.trust_config)]


@pytest.mark.parametrize("command", ["check", "inspect"])
def test_cli_require_trusted_fails_an_unsigned_file(
    command: str, tmp_path: Path, pki: KeygenResult
) -> None:
    media = tmp_path / "unsigned.jpg"
    shutil.copyfile(MEDIA_FIXTURES / "sample.jpg", media)
    relaxed = CliRunner().invoke(cli, [command, str(media), *_trust_flags(pki)])
    assert relaxed.exit_code == 0, relaxed.output
    result = CliRunner().invoke(cli, [command, str(media), "--require-trusted", *_trust_flags(pki)])
    assert result.exit_code == 1, result.output
    assert "c2pa.trust-required" in result.stdout and "no C2PA manifest" in result.stdout


def test_a_signed_trusted_file_still_passes(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    _, signed = sign_fixture("sample.jpg")
    result = check_media(signed.destination, _required(pki_trust))
    assert not result.failed(), result.findings


def test_an_unfetched_remote_manifest_fails_when_trust_is_required(
    corpus: Path, corpus_trust: TrustSettings
) -> None:
    result = check_media(corpus / "media" / "cloud.jpg", _required(corpus_trust))
    assert [f.code for f in result.findings] == ["c2pa.trust-required"]
    assert "remote" in result.findings[0].message and result.failed()
