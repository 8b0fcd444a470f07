"""Finding XMP packets: embedded in any media file, or in ``.xmp`` sidecars beside it.

Embedded packets are found by scanning bytes for the packet wrapper (``<?xpacket begin=``
... ``<?xpacket end=...?>``) or, without a wrapper, for ``<x:xmpmeta`` ... ``</x:xmpmeta>``.
The scan streams the file in chunks, so memory stays bounded by the chunk size plus the
packet size limit however large the media is. In MP4/MOV (BMFF) files it skips the media
data (``mdat``), which is nearly all of the file and never holds XMP (that lives in a
top-level ``uuid`` box or in ``moov/udta``), so verifying a large video does not read it
a second time after the C2PA hash check; offsets stay those of the whole file. Only
UTF-8 packets are found (the encoding XMP writers use in practice); problems are returned
as values, never raised.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from omrs.fileio import open_regular

#: Packets larger than this are refused (``xmp.too-large``); real packets are a few kB.
DEFAULT_MAX_PACKET = 4 * 1024 * 1024
CHUNK_SIZE = 1024 * 1024

_XPACKET_BEGIN = b"<?xpacket begin="
_XPACKET_END = b"<?xpacket end="
_XMPMETA_BEGIN = b"<x:xmpmeta"
_XMPMETA_END = b"</x:xmpmeta>"
_KEEP = max(len(_XPACKET_BEGIN), len(_XMPMETA_BEGIN), len(_XPACKET_END), len(_XMPMETA_END))


@dataclass(frozen=True, slots=True)
class Packet:
    """The bytes of one XMP packet and where they came from.

    ``offset`` is the byte offset of the packet in ``path`` for embedded packets and
    ``None`` for a sidecar (whose lines are then the file's own lines).
    """

    data: bytes
    path: Path
    offset: int | None = None

    @property
    def sidecar(self) -> bool:
        return self.offset is None

    def where(self, line: int | None = None) -> str:
        """Human words for the place: ``sidecar x.xmp line 7`` or ``packet at byte 1024``."""
        if self.offset is None:
            return f"sidecar {self.path.name}" + (f" line {line}" if line else "")
        at = f"XMP packet at byte {self.offset}"
        return at + (f" (packet line {line})" if line else "")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a packet could not be read: a finding code (``xmp.*``) and a message."""

    code: str
    message: str
    path: Path
    offset: int | None = None
    line: int | None = None


def sidecars_for(media: Path) -> list[Path]:
    """Existing sidecars of ``media``: ``name.xmp`` (Adobe style) then ``name.ext.xmp``."""
    candidates = [media.with_suffix(".xmp"), media.with_name(media.name + ".xmp")]
    seen: list[Path] = []
    for candidate in candidates:
        if candidate != media and candidate not in seen and candidate.is_file():
            seen.append(candidate)
    return seen


def read_sidecar(path: Path, *, max_size: int = DEFAULT_MAX_PACKET) -> Packet | Problem:
    """A sidecar is one packet (with or without wrapper); refuse it above ``max_size``."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_size:
                return Problem("xmp.too-large", _too_large(size, max_size), path)
            return Packet(handle.read(max_size + 1), path)
    except OSError as exc:
        return Problem("xmp.unreadable", f"cannot read {path.name}: {exc.strerror or exc}", path)


def scan_file(
    path: Path, *, max_size: int = DEFAULT_MAX_PACKET, chunk_size: int = CHUNK_SIZE
) -> Iterator[Packet | Problem]:
    """Every embedded packet of ``path`` in file order, or the problem that stopped one."""
    try:
        handle = open_regular(path)
    except OSError as exc:
        yield Problem("xmp.unreadable", f"cannot read {path.name}: {exc.strerror or exc}", path)
        return
    with handle:
        try:
            regions = _regions(handle)
        except OSError as exc:
            yield Problem("xmp.unreadable", f"read failed: {exc.strerror or exc}", path)
            return
        for start, end in regions:
            handle.seek(start)
            window = _Window(handle, None if end is None else end - start)
            yield from _Scanner(window, path, max_size, chunk_size, start).run()


#: Top-level BMFF boxes whose payload is media samples, never metadata.
_MEDIA_DATA_BOXES = (b"mdat",)


def _regions(handle: BinaryIO) -> list[tuple[int, int | None]]:
    """The byte ranges that may hold XMP: in a BMFF file, all but the ``mdat`` payloads;
    otherwise (or when the box structure does not add up) the whole file."""
    size = os.fstat(handle.fileno()).st_size
    head = handle.read(8)
    if len(head) < 8 or head[4:8] != b"ftyp":
        return [(0, None)]
    regions: list[tuple[int, int | None]] = []
    start = at = 0
    while at < size:
        handle.seek(at)
        header = handle.read(16)
        box, kind = int.from_bytes(header[:4], "big"), header[4:8]
        skip = 8
        if box == 1 and len(header) == 16:
            box, skip = int.from_bytes(header[8:16], "big"), 16
        elif box == 0:
            box = size - at
        if box < skip or at + box > size:
            return [(0, None)]  # not a box structure after all: scan everything
        if kind in _MEDIA_DATA_BOXES:
            regions.append((start, at + skip))
            start = at + box
        at += box
    regions.append((start, None))
    return [(a, b) for a, b in regions if b is None or b > a]


class _Window:
    """At most ``left`` bytes of ``handle`` from where it stands (None: to the end)."""

    def __init__(self, handle: BinaryIO, left: int | None) -> None:
        self.handle, self.left = handle, left

    def read(self, size: int) -> bytes:
        if self.left is None:
            return self.handle.read(size)
        data = self.handle.read(min(size, self.left))
        self.left -= len(data)
        return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"XMP packet is {size:,} bytes or more; the limit is {limit:,} bytes "
        "(XMP packets are normally a few kilobytes)"
    )


class _Scanner:
    """A three-state scan (searching, inside a packet, skipping an oversized packet)."""

    def __init__(
        self, handle: _Window, path: Path, max_size: int, chunk_size: int, base: int
    ) -> None:
        self.handle, self.path = handle, path
        self.max_size, self.chunk_size = max_size, chunk_size
        self.buf = bytearray()
        self.base = base  # file offset of buf[0]
        self.end_marker = b""  # end marker of the packet being read, b"" while searching
        self.skipping = False
        self.look_from = 0
        # Per start marker: the file offset of its next occurrence once found, and the
        # offset before which it is known not to start. A marker is searched for in each
        # byte once, not once per packet (20 MiB of small packets took 40 s).
        self._next: dict[bytes, int] = {}
        self._absent_before: dict[bytes, int] = {}

    def _drop(self, count: int) -> None:
        del self.buf[:count]
        self.base += count
        self.look_from = max(0, self.look_from - count)

    def run(self) -> Iterator[Packet | Problem]:
        while True:
            try:
                chunk = self.handle.read(self.chunk_size)
            except OSError as exc:
                yield Problem("xmp.unreadable", f"read failed: {exc.strerror or exc}", self.path)
                return
            fresh = self._quick_search(chunk) if chunk and not self.end_marker else chunk
            self.buf += fresh
            yield from self._consume()
            if not chunk:
                break
        if self.end_marker and not self.skipping:
            yield Problem(
                "xmp.malformed",
                f"XMP packet at byte {self.base} has no end marker before the end of the file "
                f"(truncated packet, expected {self.end_marker.decode()!r})",
                self.path,
                self.base,
            )

    def _quick_search(self, chunk: bytes) -> bytes:
        """While searching, skip a chunk without markers without copying it into the buffer.

        Returns the chunk when it (or the seam with the kept tail) holds a start marker, so
        the general path takes over; otherwise keeps only the tail and returns nothing.
        """
        seam = bytes(self.buf) + chunk[:_KEEP]
        if any(m in seam or m in chunk for m in (_XPACKET_BEGIN, _XMPMETA_BEGIN)):
            return chunk
        tail = (bytes(self.buf) + chunk[-_KEEP:])[-_KEEP:]
        self.base += len(self.buf) + len(chunk) - len(tail)
        self.buf = bytearray(tail)
        self.look_from = 0
        return b""

    def _consume(self) -> Iterator[Packet | Problem]:
        while True:
            if not self.end_marker:
                if not self._find_start():
                    return
            elif self.skipping:
                if not self._skip_to_end():
                    return
            else:
                result = self._read_packet()
                if result is None:
                    return
                yield result

    def _find(self, marker: bytes) -> int:
        """Index in ``buf`` of ``marker``'s first occurrence from ``look_from``, else -1."""
        start = self.base + self.look_from
        known = self._next.get(marker)
        if known is not None and known >= start:
            return known - self.base
        resume = max(start, self._absent_before.get(marker, 0))
        pos = self.buf.find(marker, resume - self.base)
        if pos < 0:
            edge = self.base + len(self.buf) - len(marker) + 1
            self._absent_before[marker] = max(resume, edge)
            self._next.pop(marker, None)
            return -1
        self._next[marker] = self._absent_before[marker] = self.base + pos
        return pos

    def _find_start(self) -> bool:
        hits = [
            (self._find(begin), end)
            for begin, end in ((_XPACKET_BEGIN, _XPACKET_END), (_XMPMETA_BEGIN, _XMPMETA_END))
        ]
        found = [(pos, end) for pos, end in hits if pos >= 0]
        if not found:
            self._drop(max(0, len(self.buf) - _KEEP))
            self.look_from = 0
            return False
        pos, self.end_marker = min(found)
        self._drop(pos)
        self.look_from = 1
        return True

    def _end_index(self) -> int | None:
        pos = self.buf.find(self.end_marker, self.look_from)
        if pos < 0:
            self.look_from = max(1, len(self.buf) - _KEEP)
            return None
        if self.end_marker == _XMPMETA_END:
            return pos + len(_XMPMETA_END)
        close = self.buf.find(b"?>", pos + len(_XPACKET_END))
        if close < 0:
            self.look_from = pos
            return None
        return close + 2

    def _read_packet(self) -> Packet | Problem | None:
        end = self._end_index()
        if end is None:
            if len(self.buf) <= self.max_size:
                return None
            problem = Problem(
                "xmp.too-large", _too_large(len(self.buf), self.max_size), self.path, self.base
            )
            self.skipping = True
            self._drop(max(0, len(self.buf) - _KEEP))
            self.look_from = 0
            return problem
        offset, data = self.base, bytes(self.buf[:end])
        self._drop(end)
        self.end_marker, self.look_from = b"", 0
        if len(data) > self.max_size:
            return Problem("xmp.too-large", _too_large(len(data), self.max_size), self.path, offset)
        return Packet(data, self.path, offset)

    def _skip_to_end(self) -> bool:
        pos = self.buf.find(self.end_marker, self.look_from)
        if pos < 0:
            self._drop(max(0, len(self.buf) - _KEEP))
            self.look_from = 0
            return False
        self._drop(pos + len(self.end_marker))
        self.end_marker, self.skipping, self.look_from = b"", False, 0
        return True
