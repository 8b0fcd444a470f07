"""Surgery on the manifest store of signed media: take it out, change it, put it back.

JPEG: the store is what the C2PA SDK reassembles from APP11 segments. The first segment of
the box carries ``JP``, the box instance number En, the sequence number Z and the store
from its first byte; every later one carries the same En, the next Z, the store's first 8
bytes again (LBox and TBox) and the next piece (ISO/IEC 19566-5, JPEG XT boxes).
GIF: the store is cut into data sub-blocks of at most 255 bytes. SVG: it is base64 text.
"""

from __future__ import annotations

import base64
import itertools
import re

from tests.media.media_bytes import APP11, jpeg_segments

INSTANCE = b"\x02\x11"


def segment_contents(data: bytes) -> list[bytes]:
    """The contents (after the length field) of each APP11 segment, in file order."""
    return [data[s + 4 : e] for m, s, e in jpeg_segments(data) if m == APP11]


def store_of(data: bytes) -> bytes:
    """The manifest store of a JPEG signed by the SDK, joined from its APP11 segments."""
    parts = segment_contents(data)
    return parts[0][8:] + b"".join(p[16:] for p in parts[1:])


def app11_segments(store: bytes, cuts: list[int]) -> bytes:
    """``store`` as APP11 segments cut at the store offsets ``cuts`` (sorted, inside)."""
    out = bytearray()
    bounds = [0, *cuts, len(store)]
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        head = b"JP" + INSTANCE + (index + 1).to_bytes(4, "big")
        body = head + (store[:8] if index else b"") + store[start:end]
        assert len(body) + 2 <= 0xFFFF, "segment too long"
        out += b"\xff\xeb" + (len(body) + 2).to_bytes(2, "big") + body
    return bytes(out)


def resegment(data: bytes, cuts: list[int]) -> bytes:
    """``data`` with its APP11 segments replaced, in place, by the store cut at ``cuts``."""
    spans = [(s, e) for m, s, e in jpeg_segments(data) if m == APP11]
    first, last = spans[0][0], spans[-1][1]
    return data[:first] + app11_segments(store_of(data), cuts) + data[last:]


def label_spans(store: bytes) -> list[tuple[int, int, bytes]]:
    """(start, end, label) of every description box label in a store (a byte search)."""
    spans = []
    for match in re.finditer(rb"jumd", store):
        if store[match.start() - 8 : match.start() - 4] != b"jumb":
            continue
        start = match.end() + 16 + 1
        end = store.index(b"\x00", start)
        spans.append((start, end, store[start:end]))
    return spans


#: The non-ASCII label the SDK aborts on (its last part starts with "ä"), as long as the
#: ASCII one it replaces, so every box length stays right.
SAFE_LABEL = b"org.omrs.asset"
HOSTILE_LABEL = "org.omrs.ässet".encode()[:14]


def hostile(store: bytes) -> bytes:
    """``store`` with ``org.omrs.asset`` renamed, in its description box and in the claim."""
    assert store.count(SAFE_LABEL) >= 2
    return store.replace(SAFE_LABEL, HOSTILE_LABEL)


_GIF_C2PA = b"\x21\xff\x0bC2PA_GIF\x01\x00\x00"


def gif_store_span(data: bytes) -> tuple[int, int]:
    """Where the sub-blocks of a GIF's C2PA application extension start and end."""
    pos = start = data.index(_GIF_C2PA) + len(_GIF_C2PA)
    while data[pos]:
        pos += 1 + data[pos]
    return start, pos + 1


def gif_store(data: bytes) -> bytes:
    pos = gif_store_span(data)[0]
    out = bytearray()
    while data[pos]:
        out += data[pos + 1 : pos + 1 + data[pos]]
        pos += 1 + data[pos]
    return bytes(out)


def with_gif_store(data: bytes, store: bytes) -> bytes:
    """``data`` with its C2PA sub-blocks replaced by ``store`` cut into 255-byte sub-blocks."""
    start, end = gif_store_span(data)
    blocks = b"".join(
        bytes([len(store[i : i + 255])]) + store[i : i + 255] for i in range(0, len(store), 255)
    )
    return data[:start] + blocks + b"\x00" + data[end:]


_SVG_TEXT = re.compile(rb"(<c2pa:manifest>)([^<]*)(</c2pa:manifest>)")


def svg_store(data: bytes) -> bytes:
    match = _SVG_TEXT.search(data)
    assert match is not None
    return base64.b64decode(match.group(2))


def with_svg_store(data: bytes, store: bytes) -> bytes:
    return _SVG_TEXT.sub(lambda m: m.group(1) + base64.b64encode(store) + m.group(3), data)
