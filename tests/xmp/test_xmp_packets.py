"""Finding packets: streaming scan across chunk boundaries, sidecar naming, size limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.xmp.packets import Packet, Problem, read_sidecar, scan_file, sidecars_for

WRAPPED = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    b'<?xpacket end="w"?>'
)
BARE = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
)


def _media(tmp_path: Path, *parts: bytes) -> Path:
    path = tmp_path / "clip.bin"
    path.write_bytes(b"".join(parts))
    return path


@pytest.mark.parametrize("chunk", [1, 7, 16, 64, 1 << 20])
def test_packets_found_whatever_the_chunk_size(tmp_path: Path, chunk: int) -> None:
    path = _media(tmp_path, b"\x00" * 100, WRAPPED, b"\xff" * 33, BARE, b"tail")
    found = list(scan_file(path, chunk_size=chunk))
    assert [type(f) for f in found] == [Packet, Packet]
    assert isinstance(found[0], Packet) and isinstance(found[1], Packet)
    assert found[0].data == WRAPPED and found[0].offset == 100
    assert found[1].data == BARE and found[1].offset == 100 + len(WRAPPED) + 33


def test_wrapped_packet_is_not_found_twice(tmp_path: Path) -> None:
    found = list(scan_file(_media(tmp_path, WRAPPED)))
    assert len(found) == 1


def test_truncated_packet_is_malformed(tmp_path: Path) -> None:
    path = _media(tmp_path, b"junk", WRAPPED[:80])
    (problem,) = scan_file(path)
    assert isinstance(problem, Problem)
    assert problem.code == "xmp.malformed" and problem.offset == 4
    assert "no end marker" in problem.message


def test_fifty_megabyte_packet_is_refused_streaming(tmp_path: Path) -> None:
    """Written and scanned in chunks: neither side holds 50 MB in memory."""
    path = tmp_path / "huge.jpg"
    with path.open("wb") as out:
        out.write(b"\xff\xd8" + WRAPPED[:60])
        block = b"<!-- padding -->" * 65536  # 1 MiB
        for _ in range(50):
            out.write(block)
        out.write(b'<?xpacket end="w"?>' + WRAPPED)
    started = time.monotonic()
    found = list(scan_file(path))
    assert time.monotonic() - started < 30
    assert isinstance(found[0], Problem) and found[0].code == "xmp.too-large"
    assert found[0].offset == 2
    assert "limit is 4,194,304 bytes" in found[0].message
    # the scan carries on after the oversized packet and finds the good one behind it
    assert isinstance(found[1], Packet) and found[1].data == WRAPPED


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    (problem,) = scan_file(_media(tmp_path, WRAPPED), max_size=64)
    assert isinstance(problem, Problem) and problem.code == "xmp.too-large"


def test_sidecar_names(tmp_path: Path) -> None:
    media = tmp_path / "shot.mov"
    media.write_bytes(b"")
    assert sidecars_for(media) == []
    (tmp_path / "shot.xmp").write_bytes(WRAPPED)
    (tmp_path / "shot.mov.xmp").write_bytes(WRAPPED)
    assert sidecars_for(media) == [tmp_path / "shot.xmp", tmp_path / "shot.mov.xmp"]


def test_sidecar_too_large_and_unreadable(tmp_path: Path) -> None:
    side = tmp_path / "a.xmp"
    side.write_bytes(WRAPPED)
    big = read_sidecar(side, max_size=10)
    assert isinstance(big, Problem) and big.code == "xmp.too-large"
    missing = read_sidecar(tmp_path / "gone.xmp")
    assert isinstance(missing, Problem) and missing.code == "xmp.unreadable"
    ok = read_sidecar(side)
    assert isinstance(ok, Packet) and ok.sidecar and ok.data == WRAPPED


_JUNK = st.binary(max_size=300).map(lambda b: b.replace(b"<", b"."))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.tuples(_JUNK, st.sampled_from([WRAPPED, BARE])), max_size=4),
    tail=_JUNK,
    chunk=st.integers(min_value=1, max_value=200),
)
def test_scan_finds_exactly_the_packets_at_their_offsets(
    tmp_path_factory: pytest.TempPathFactory,
    parts: list[tuple[bytes, bytes]],
    tail: bytes,
    chunk: int,
) -> None:
    data, expected = b"", []
    for junk, packet in parts:
        data += junk
        expected.append((len(data), packet))
        data += packet
    path = tmp_path_factory.mktemp("scan") / "m.bin"
    path.write_bytes(data + tail)
    found = list(scan_file(path, chunk_size=chunk))
    assert [(p.offset, p.data) for p in found if isinstance(p, Packet)] == expected
    assert len(found) == len(expected)


def test_many_small_packets_are_found_in_one_pass(tmp_path: Path) -> None:
    """8 MiB of unwrapped packets in one chunk: about 0.4 s in one pass; searching the rest
    of the buffer for the wrapper before each packet (as once) takes minutes."""
    packet = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>\n"
    count = 8 * 1024 * 1024 // len(packet)
    path = tmp_path / "many.bin"
    path.write_bytes(packet * count)
    found = list(scan_file(path, chunk_size=8 * 1024 * 1024))
    assert len(found) == count
    assert all(isinstance(p, Packet) for p in found)
    assert found[-1].offset == (count - 1) * len(packet)


def _box(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def _large_box(kind: bytes, payload: bytes) -> bytes:
    return (1).to_bytes(4, "big") + kind + (16 + len(payload)).to_bytes(8, "big") + payload


@pytest.mark.parametrize("box", [_box, _large_box])
def test_bmff_media_data_is_not_scanned_and_offsets_stay_true(tmp_path: Path, box: object) -> None:
    """XMP lives in a top-level uuid box or moov/udta, never in mdat, which is skipped
    (bytes there that look like a packet are media samples)."""
    assert callable(box)
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isom")
    mdat = box(b"mdat", b"\x00" * 1000 + WRAPPED + b"\x00" * 10)
    uuid = _box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + BARE)
    moov = _box(b"moov", _box(b"udta", _box(b"XMP_", WRAPPED)))
    path = _media(tmp_path, ftyp, mdat, uuid, moov)
    found = list(scan_file(path, chunk_size=64))
    assert all(isinstance(f, Packet) for f in found)
    assert [(f.data, f.offset) for f in found if isinstance(f, Packet)] == [
        (BARE, len(ftyp) + len(mdat) + 8 + 16),
        (WRAPPED, len(ftyp) + len(mdat) + len(uuid) + 8 + 8 + 8),
    ]


def test_a_file_that_only_starts_like_bmff_is_scanned_whole(tmp_path: Path) -> None:
    broken = b"\x00\x00\x00\x10ftypisom" + b"\xff\xff\xff\xffmdat" + WRAPPED
    (found,) = scan_file(_media(tmp_path, broken))
    assert isinstance(found, Packet) and found.offset == len(broken) - len(WRAPPED)
