"""Byte surgery on media files for the tampering tests (JPEG segments, chunk offsets)."""

from __future__ import annotations

APP11 = 0xEB
SOS = 0xDA


def flip(data: bytes, offset: int) -> bytes:
    """``data`` with the byte at ``offset`` inverted."""
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]


def after(data: bytes, marker: bytes, skip: int) -> int:
    """Offset ``skip`` bytes past the first ``marker`` (a chunk or box type)."""
    at = data.find(marker)
    assert at != -1, f"{marker!r} not found"
    return at + len(marker) + skip


def bmff_box(data: bytes, kind: bytes) -> int:
    """Offset of the first top-level BMFF box of type ``kind`` (its header), walking the
    boxes: the type's bytes also occur inside a manifest (a BMFF hash excludes ``/mdat``)."""
    at = 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        if data[at + 4 : at + 8] == kind:
            return at
        if size == 1:
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        assert size >= 8, f"no box structure at byte {at}"
        at += size
    raise AssertionError(f"no top-level {kind!r} box")


def jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each segment between SOI and the start of scan."""
    assert data[:2] == b"\xff\xd8"
    out, pos = [], 2
    while pos < len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        out.append((marker, pos, pos + 2 + length))
        if marker == SOS:
            break
        pos += 2 + length
    return out


def app11(data: bytes) -> bytes:
    """All APP11 (JUMBF) segments of a JPEG, concatenated."""
    return b"".join(data[s:e] for m, s, e in jpeg_segments(data) if m == APP11)


def strip_app11(data: bytes) -> bytes:
    """The JPEG without its APP11 segments: the C2PA manifest removed."""
    kept, pos = bytearray(), 0
    for marker, start, end in jpeg_segments(data):
        if marker == APP11:
            kept += data[pos:start]
            pos = end
    return bytes(kept + data[pos:])


def graft_app11(donor: bytes, target: bytes) -> bytes:
    """``target`` with ``donor``'s APP11 segments inserted right after SOI."""
    return target[:2] + app11(donor) + target[2:]
