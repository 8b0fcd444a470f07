"""The label guard sees the manifest store as the SDK does: reassembled, then parsed as JUMBF.

Scanning raw bytes missed a label split across JPEG APP11 segments (the SDK then aborted
the process), and took a segment header inside a label for a non-ASCII label (a trusted
file reported malformed; ``omrs sign`` refusing its own output).
"""

from __future__ import annotations

import base64
import io
import json
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.bundles import asset_records
from omrs.media import formats, labels, stores
from omrs.media.bundle import signing_content
from omrs.media.certs import SignerMaterial
from omrs.media.sign import SignResult, sign_media
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.media.conftest import Signed
from tests.media.media_records import make_bundle
from tests.media.media_stores import (
    HOSTILE_LABEL,
    gif_store,
    hostile,
    label_spans,
    resegment,
    segment_contents,
    store_of,
    svg_store,
    with_gif_store,
    with_svg_store,
)

#: The SDK cuts a JPEG manifest store into APP11 segments of this many store bytes.
SDK_SEGMENT = 64000
#: Longest store piece in one segment: 65535 - length field (2) - segment header.
FIRST_MAX, NEXT_MAX = 0xFFFF - 2 - 8, 0xFFFF - 2 - 16
TINY_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
TINY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect/></svg>\n'


def _unsafe(data: bytes, fmt: formats.MediaFormat = formats.JPEG) -> list[str]:
    return labels.unsafe_labels(io.BytesIO(data), fmt)


def _sign_with_label_text(
    folder: Path, signer: SignerMaterial, trust: TrustSettings, length: int
) -> SignResult:
    """Sign fixtures' sample.jpg from a bundle whose disclosure label text is ``length`` long."""
    from tests.media.media_paths import MEDIA_FIXTURES

    files = make_bundle(folder, MEDIA_FIXTURES / "sample.jpg")
    disclosure = files.records["disclosure"]
    disclosure["label"]["text"] = "x" * length
    (folder / "records" / "disclosure.json").write_text(json.dumps(disclosure))
    content = signing_content(asset_records(files.bundle, files.media), "minimal")
    return sign_media(files.media, folder / "signed.jpg", content, signer, trust=trust)


def _labels_after(store: bytes, offset: int) -> list[tuple[int, int, bytes]]:
    return [span for span in label_spans(store) if span[0] > offset]


class _Shown(bytes):
    """File bytes that hypothesis and pytest name instead of printing them whole."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes>"


@pytest.fixture(scope="module")
def long_jpeg(
    tmp_path_factory: pytest.TempPathFactory, signer: SignerMaterial, pki_trust: TrustSettings
) -> bytes:
    """A trusted JPEG whose ~66 KB store the SDK split over two APP11 segments."""
    result = _sign_with_label_text(tmp_path_factory.mktemp("long"), signer, pki_trust, 58000)
    data = result.destination.read_bytes()
    assert len(segment_contents(data)) == 2 and result.report.state == "trusted"
    return _Shown(data)


def test_sign_verifies_its_own_output_when_a_segment_boundary_cuts_a_label(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    """A ~59k-character disclosure label text pushes the SDK's 64000-byte cut into a label."""
    short = _sign_with_label_text(tmp_path / "short", signer, pki_trust, 50000)
    store = store_of(short.destination.read_bytes())
    text_end = store.index(b"x" * 50000) + 50000
    start, _, target = _labels_after(store, text_end)[-1]  # the signature box's label
    length = 50000 + SDK_SEGMENT - start - 3
    for attempt in range(3):  # signatures and dates may move the store by a few bytes
        result = _sign_with_label_text(tmp_path / f"long{attempt}", signer, pki_trust, length)
        data = result.destination.read_bytes()
        cut = [s for s, e, _ in label_spans(store_of(data)) if s < SDK_SEGMENT < e]
        if cut:
            break
        start = next(s for s, _, label in label_spans(store_of(data)) if label == target)
        length += SDK_SEGMENT - start - 3
    assert cut, "the segment boundary must fall inside a label for this test to mean anything"
    assert 57000 < length < 61000
    assert len(segment_contents(data)) == 2
    assert result.report.state == "trusted" and not _unsafe(data)


def _cut_range(store: bytes) -> tuple[int, int]:
    """Cuts that keep both segments within a JPEG segment and recognisable by the SDK."""
    return max(21, len(store) - NEXT_MAX), min(FIRST_MAX, len(store) - 1)


def _cuts_near_labels(store: bytes) -> list[int]:
    """Every cut inside or just before a label (box headers included), within the limits."""
    low, high = _cut_range(store)
    near = {c for s, e, _ in label_spans(store) for c in range(s - 40, e + 8)}
    return sorted(c for c in near | set(range(low, high, 101)) if low <= c <= high)


def test_no_cut_of_a_long_store_makes_a_label_unsafe(long_jpeg: bytes) -> None:
    """Every cut position in and around every label, and a cut every 101 bytes elsewhere."""
    store = store_of(long_jpeg)
    cuts = _cuts_near_labels(store)
    assert len(cuts) > 1000
    for cut in cuts:
        data = resegment(long_jpeg, [cut])
        window = stores._Window(io.BytesIO(data))
        assert stores.jpeg_store(stores.jpeg_app11(window)) == store, cut
        assert not _unsafe(data), cut


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.floats(min_value=0, max_value=1), in_label=st.booleans())
def test_a_long_store_cut_anywhere_still_verifies_as_trusted(
    long_jpeg: bytes, pki_trust: TrustSettings, tmp_path: Path, where: float, in_label: bool
) -> None:
    store = store_of(long_jpeg)
    low, high = _cut_range(store)
    inside = [c for s, e, _ in label_spans(store) for c in range(s + 1, e) if low <= c <= high]
    cut = inside[int(where * (len(inside) - 1))] if in_label else low + int(where * (high - low))
    path = tmp_path / "cut.jpg"
    path.write_bytes(resegment(long_jpeg, [cut]))
    report = verify_media(path, pki_trust)
    assert report.state == "trusted", (cut, report.error)


def test_label_split_at_the_description_box_header_is_refused(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    """The 8 KB JPEG that aborted the SDK: a second segment starts inside the ``jumd`` header."""
    _, result = sign_fixture("sample.jpg")
    data = result.destination.read_bytes()
    assert len(data) < 20_000  # a small JPEG, as in the report (8 KB then)
    bad = hostile(store_of(data))
    start = next(s for s, _, label in label_spans(bad) if label.startswith(HOSTILE_LABEL))
    description = start - 1 - 16 - 8  # toggles, type UUID, LBox + TBox of ``jumd``
    split = resegment(data.replace(store_of(data), bad), [description + 4])
    path = result.destination.with_name("split.jpg")
    path.write_bytes(split)
    assert len(segment_contents(split)) == 2
    assert labels.unsafe_labels_in_file(path) == [HOSTILE_LABEL.decode("utf-8", "replace")]
    report = verify_media(path, pki_trust)
    assert report.state == "malformed" and report.problem == "unsafe-label"


def test_out_of_order_segment_ends_the_store_as_in_the_sdk() -> None:
    """Z must grow; the SDK drops a segment whose Z is not above the count so far."""

    def segment(seq: int, body: bytes) -> bytes:
        return b"JP\x02\x11" + seq.to_bytes(4, "big") + body

    head = b"\x00\x00\x01\x00jumb" + b"\x00\x00\x00\x30jumdc2pa" + b"\x00" * 20
    segments = [segment(1, head), segment(1, b"\x00" * 8 + b"dropped"), segment(3, b"\x00" * 9)]
    assert stores.jpeg_store(iter(segments)) == head


@pytest.mark.parametrize(
    ("source", "fmt", "take", "put"),
    [
        (TINY_GIF, formats.GIF, gif_store, with_gif_store),
        (TINY_SVG, formats.SVG, svg_store, with_svg_store),
    ],
    ids=["gif-sub-blocks", "svg-base64"],
)
def test_stores_in_sub_blocks_and_base64_are_read_whole(
    tmp_path: Path,
    signer: SignerMaterial,
    pki_trust: TrustSettings,
    source: bytes,
    fmt: formats.MediaFormat,
    take: Callable[[bytes], bytes],
    put: Callable[[bytes, bytes], bytes],
) -> None:
    media = tmp_path / f"tiny{fmt.extensions[0]}"
    media.write_bytes(source)
    files = make_bundle(tmp_path / "p", media)
    content = signing_content(asset_records(files.bundle, files.media), "minimal")
    dst = tmp_path / f"signed{fmt.extensions[0]}"
    signed = sign_media(files.media, dst, content, signer, trust=pki_trust)
    assert signed.report.state == "trusted"
    data = dst.read_bytes()
    assert not _unsafe(data, fmt)
    bad = put(data, hostile(take(data)))
    assert _unsafe(bad, fmt) == [HOSTILE_LABEL.decode("utf-8", "replace")]
    path = tmp_path / f"hostile{fmt.extensions[0]}"
    path.write_bytes(bad)
    report = verify_media(path, pki_trust)
    assert report.state == "malformed" and report.problem == "unsafe-label"


def _store_with_label(label: bytes) -> bytes:
    description = b"c2pa" + b"\x00" * 12 + b"\x03" + label + b"\x00"
    jumd = (8 + len(description)).to_bytes(4, "big") + b"jumd" + description
    return (8 + len(jumd)).to_bytes(4, "big") + b"jumb" + jumd


def _syncsafe(value: int) -> bytes:
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def _geob(store: bytes) -> bytes:
    return b"\x00application/x-c2pa-manifest-store\x00c2pa\x00\x00" + store


def test_id3_frames_are_resynchronised_and_inflated() -> None:
    """ID3v2.3 with tag-wide unsynchronisation and a zlib-compressed GEOB frame."""
    store = _store_with_label("org.omrs.é".encode() + b"\xff")
    payload = _geob(store)
    body = len(payload).to_bytes(4, "big") + zlib.compress(payload)
    frame = b"GEOB" + len(body).to_bytes(4, "big") + b"\x00\x80" + body
    unsynced = frame.replace(b"\xff", b"\xff\x00")
    tag = b"ID3\x03\x00\x80" + _syncsafe(len(unsynced)) + unsynced
    assert _unsafe(tag + b"\xff\xfb\x90\x00", formats.MP3) == ["org.omrs.é\ufffd"]
    v24 = b"GEOB" + _syncsafe(len(payload) + 4) + b"\x00\x01" + _syncsafe(len(payload)) + payload
    tag24 = b"ID3\x04\x00\x00" + _syncsafe(len(v24)) + v24
    assert _unsafe(tag24, formats.MP3) == ["org.omrs.é\ufffd"]
