"""Where a media file keeps its C2PA manifest store, put back together as the C2PA SDK does.

The label guard must look at the store the SDK will parse, not at the file's raw bytes: a
JPEG splits its store over APP11 segments, each repeating a header in the middle of the
store; a GIF cuts it into sub-blocks of at most 255 bytes; an SVG holds it in base64; an
MP3 may hold it unsynchronised or compressed in an ID3 frame. Scanning the raw bytes then
misses a label split by a segment header, and mistakes a segment header inside a label for
a non-ASCII label. Each function below yields *views*: a stream and the region of it where
the SDK would find a store, to be parsed as JUMBF (:mod:`omrs.media.jumbf`).

Formats whose store is one contiguous run of bytes (PNG ``caBX``, RIFF ``C2PA`` chunk,
BMFF ``uuid`` box, JPEG XL ``jumb`` box, TIFF tag 0xCD41, the PDF embedded file, a
``.c2pa`` sidecar) are scanned for superboxes in place; in BMFF and RIFF only the top-level
boxes or chunks that can hold a store are read, so a large video is not read twice. For
JPEG the SDK's reading is followed exactly (see :func:`jpeg_store`). No ``c2pa`` import.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from omrs.media.formats import FLAC, GIF, JPEG, MP3, SVG, MediaFormat
from omrs.media.jumbf import C2PA_STORE_TYPE

#: A region of a stream that may hold manifest stores: (stream, start, end).
View = tuple[BinaryIO, int, int]

_CHUNK = 1 << 20
#: Decompressed ID3 frames are cut here: a manifest store is never this large.
_MAX_INFLATE = 64 << 20


class _Window:
    """Reads and regex searches over a stream through one cached chunk."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.size = stream.seek(0, 2)
        self.base, self.buf = 0, b""

    def _load(self, pos: int) -> None:
        self.stream.seek(pos)
        self.base, self.buf = pos, self.stream.read(_CHUNK)

    def read(self, pos: int, size: int) -> bytes:
        if self.base <= pos and pos + size <= self.base + len(self.buf):
            return self.buf[pos - self.base : pos - self.base + size]
        if size > _CHUNK // 2:
            self.stream.seek(pos)
            return self.stream.read(size)
        self._load(pos)
        return self.buf[:size]

    def search(
        self, pattern: re.Pattern[bytes], pos: int, overlap: int = 0
    ) -> re.Match[bytes] | None:
        """The first match at or after ``pos``; ``overlap`` is the longest match minus one."""
        while pos < self.size:
            if not (self.base <= pos < self.base + len(self.buf)):
                self._load(pos)
                if not self.buf:
                    return None
            match = pattern.search(self.buf, pos - self.base)
            if match is not None:
                return match
            end = self.base + len(self.buf)
            if end >= self.size:
                return None
            pos = max(pos + 1, end - overlap)
            self._load(pos)
        return None

    def at(self, match: re.Match[bytes]) -> int:
        return self.base + match.start()


# -- JPEG: APP11 segments (ISO/IEC 19566-5 JPEG XT boxes) -----------------------------------

_APP11, _SOS, _EOI = 0xEB, 0xDA, 0xD9
_MARKER_START = re.compile(rb"\xff")
_NOT_FILL = re.compile(rb"[^\xff]")


def _has_length(marker: int) -> bool:
    """Markers followed by a length, as the SDK's JPEG parser (img-parts) decides it."""
    return (
        0xC0 <= marker <= 0xCF
        or 0xD0 <= marker <= 0xD7
        or 0xE0 <= marker <= 0xEF
        or (marker in (0xDA, 0xDB, 0xFE))
    )


def jpeg_app11(window: _Window) -> Iterator[bytes]:
    """The contents of each APP11 segment before the first scan, in file order.

    Bytes between segments that are not a marker are skipped and fill bytes (``0xFF``)
    before a marker are allowed, as the SDK's parser does.
    """
    pos = 2
    while (found := window.search(_MARKER_START, pos)) is not None:
        marker_at = window.search(_NOT_FILL, window.at(found))
        if marker_at is None:
            return
        pos = window.at(marker_at)
        marker = window.read(pos, 1)[0]
        pos += 1
        if marker == _EOI:
            return
        if not _has_length(marker):
            continue
        length = int.from_bytes(window.read(pos, 2), "big")
        contents = window.read(pos + 2, length - 2) if length >= 2 else b""
        if length < 2 or len(contents) < length - 2:
            return
        if marker == _APP11:
            yield contents
        if marker == _SOS:
            return
        pos += length


def jpeg_store(segments: Iterator[bytes]) -> bytes:
    """The manifest store from APP11 segment contents, joined exactly as the SDK joins them.

    Each segment starts with CI (``JP``), the box instance number En (2 bytes) and the
    packet sequence number Z (4 bytes). The first segment of the store carries the
    superbox from its LBox on, and is recognised by the store's type UUID (``c2pa``) at
    offset 24; later segments with the same En repeat the superbox's LBox and TBox (8
    bytes), which are dropped. A segment whose Z is not above the count so far ends the
    store; a second store makes the SDK refuse the file, so joining stops there.
    """
    store, instance, count, stores = bytearray(), b"", 0, 0
    for contents in segments:
        if len(contents) <= 16:
            continue
        box_instance, sequence = contents[2:4], int.from_bytes(contents[4:8], "big")
        if count and box_instance == instance:
            if sequence <= count:
                instance = b""
                continue
            store += contents[16:]
            count += 1
        elif len(contents) > 28 and contents[24:28] == C2PA_STORE_TYPE:
            if stores:
                break
            store += contents[8:]
            instance, count, stores = box_instance, 1, 1
    return bytes(store)


def _jpeg(window: _Window) -> Iterator[View]:
    store = jpeg_store(jpeg_app11(window))
    if store:
        yield io.BytesIO(store), 0, len(store)


# -- GIF: application extension ``C2PA_GIF`` in data sub-blocks ------------------------------

_GIF_C2PA = re.compile(re.escape(b"\x21\xff\x0bC2PA_GIF\x01\x00\x00"))


def _sub_blocks(window: _Window, pos: int) -> bytes:
    """Data sub-blocks joined: each a length byte (1-255) and that many bytes, 0 ends."""
    out = bytearray()
    while size := window.read(pos, 1):
        if not size[0]:
            break
        out += window.read(pos + 1, size[0])
        pos += 1 + size[0]
    return bytes(out)


def _gif(window: _Window) -> Iterator[View]:
    """Every C2PA application extension, wherever it is (the SDK reads the first one)."""
    pos = 0
    while (found := window.search(_GIF_C2PA, pos, overlap=13)) is not None:
        start = window.at(found) + 14
        data = _sub_blocks(window, start)
        yield io.BytesIO(data), 0, len(data)
        pos = start


# -- SVG: base64 text of ``<c2pa:manifest>`` -------------------------------------------------

_SVG_MANIFEST = re.compile(rb"<c2pa:manifest(?:\s[^<>]*)?>")
_TAG_START = re.compile(rb"<")


def _svg(window: _Window) -> Iterator[View]:
    pos = 0
    while (found := window.search(_SVG_MANIFEST, pos, overlap=4096)) is not None:
        start = window.at(found) + len(found.group())
        close = window.search(_TAG_START, start)
        end = window.at(close) if close is not None else window.size
        text = html.unescape(window.read(start, end - start).decode("utf-8", "replace"))
        data = "".join(text.split())
        try:
            store = base64.b64decode(data + "=" * (-len(data) % 4))
        except (binascii.Error, ValueError):
            store = b""
        yield io.BytesIO(store), 0, len(store)
        pos = end


# -- MP3 and FLAC: ID3v2 ``GEOB`` frames ------------------------------------------------------


def _syncsafe(raw: bytes) -> int:
    return sum((b & 0x7F) << (7 * (len(raw) - 1 - i)) for i, b in enumerate(raw))


def _resync(data: bytes) -> bytes:
    """Undo ID3 unsynchronisation (a 0x00 inserted after every 0xFF)."""
    return data.replace(b"\xff\x00", b"\xff")


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _MAX_INFLATE)
    except zlib.error:
        return b""


def _frame_data(version: int, flags: int, data: bytes, unsync: bool) -> bytes | None:
    """A frame's payload with its extra header bytes, unsynchronisation and compression undone.

    ``None`` for an encrypted frame (the SDK cannot read it either).
    """
    if version == 3:
        compressed, encrypted = bool(flags & 0x80), bool(flags & 0x40)
        extra = 4 * compressed + encrypted + bool(flags & 0x20)
    else:
        compressed, encrypted = bool(flags & 0x08), bool(flags & 0x04)
        extra = bool(flags & 0x40) + encrypted + 4 * bool(flags & 0x01)
        unsync = unsync or bool(flags & 0x02)
        data = _resync(data) if unsync else data
    if encrypted:
        return None
    data = data[extra:]
    return _inflate(data) if compressed else data


def _id3_frames(tag: bytes, version: int, unsync_v4: bool) -> tuple[list[bytes], int]:
    """Payloads of the GEOB frames of an ID3 tag body, and where parsing stopped."""
    header, wanted = (6, (b"GEO",)) if version == 2 else (10, (b"GEOB",))
    found: list[bytes] = []
    pos = 0
    while pos + header <= len(tag) and tag[pos] != 0:
        if version == 2:
            kind, size, flags = tag[pos : pos + 3], int.from_bytes(tag[pos + 3 : pos + 6], "big"), 0
        else:
            raw_size = tag[pos + 4 : pos + 8]
            size = _syncsafe(raw_size) if version == 4 else int.from_bytes(raw_size, "big")
            kind, flags = tag[pos : pos + 4], tag[pos + 9]
        body = tag[pos + header : pos + header + size]
        if len(body) < size:
            return found, pos
        if kind in wanted:
            data = body if version == 2 else _frame_data(version, flags, body, unsync_v4)
            if data is not None:
                found.append(data)
        pos += header + size
    return found, len(tag)


def _id3(window: _Window) -> Iterator[View]:
    """GEOB frames of an ID3v2 tag at the start of the file; the rest of a broken tag raw."""
    head = window.read(0, 10)
    if len(head) < 10 or head[:3] != b"ID3" or head[3] not in (2, 3, 4):
        return
    version, flags = head[3], head[5]
    tag = window.read(10, _syncsafe(head[6:10]))
    if version < 4 and flags & 0x80:
        tag = _resync(tag)
    if flags & 0x40 and version == 3 and len(tag) >= 4:
        tag = tag[4 + int.from_bytes(tag[:4], "big") :]
    elif flags & 0x40 and version == 4 and len(tag) >= 4:
        tag = tag[_syncsafe(tag[:4]) :]
    frames, stopped = _id3_frames(tag, version, bool(flags & 0x80) and version == 4)
    for data in frames:
        yield io.BytesIO(data), 0, len(data)
    if stopped < len(tag):
        yield io.BytesIO(tag), stopped, len(tag)


# -- contiguous stores ------------------------------------------------------------------------


def _boxes(
    stream: BinaryIO, size: int, header: int, parse: Callable[[bytes], tuple[bytes, int]]
) -> Iterator[tuple[bytes, int, int]]:
    """(type, start, end) of the top-level boxes or chunks of a BMFF or RIFF file."""
    pos = header
    while pos + 8 <= size:
        stream.seek(pos)
        kind, length = parse(stream.read(16))
        if length == 0 and header == 0:  # a BMFF box of size 0 runs to the end of the file
            length = size - pos
        if length < 8 or pos + length > size:
            raise ValueError("broken structure")
        yield kind, pos, pos + length
        pos += length + (length & 1 if header == 12 else 0)


def _bmff_box(head: bytes) -> tuple[bytes, int]:
    length = int.from_bytes(head[:4], "big")
    if length == 1:
        length = int.from_bytes(head[8:16], "big")
    return head[4:8], length


def _riff_chunk(head: bytes) -> tuple[bytes, int]:
    return head[:4], int.from_bytes(head[4:8], "little") + 8


#: The top-level boxes or chunks the SDK takes a store from (BMFF ``uuid``, RIFF ``C2PA``).
_STORE_BOXES = {"bmff": (0, _bmff_box, b"uuid"), "riff": (12, _riff_chunk, b"C2PA")}


def manifest_regions(stream: BinaryIO, container: str) -> list[tuple[int, int]] | None:
    """The top-level boxes of a BMFF or RIFF file that can hold a store.

    ``None`` (read everything) for other formats or when the structure does not parse.
    """
    if container not in _STORE_BOXES:
        return None
    header, parse, wanted = _STORE_BOXES[container]
    size = stream.seek(0, 2)
    try:
        boxes = list(_boxes(stream, size, header, parse))
    except ValueError:
        return None
    return [(start, end) for kind, start, end in boxes if kind == wanted]


_REASSEMBLED: dict[MediaFormat, Callable[[_Window], Iterator[View]]] = {
    JPEG: _jpeg,
    GIF: _gif,
    SVG: _svg,
    MP3: _id3,
    FLAC: _id3,
}


def views(stream: BinaryIO, fmt: MediaFormat | None) -> Iterator[View]:
    """The regions where the SDK would find a manifest store in ``stream`` of format ``fmt``.

    ``fmt`` ``None`` is a bare store (a ``.c2pa`` sidecar).
    """
    reassemble = _REASSEMBLED.get(fmt) if fmt is not None else None
    if reassemble is not None:
        yield from reassemble(_Window(stream))
        return
    regions = manifest_regions(stream, fmt.container) if fmt is not None else None
    if regions is None:
        regions = [(0, stream.seek(0, 2))]
    for start, end in regions:
        yield stream, start, end
