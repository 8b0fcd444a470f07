"""JUMBF (ISO/IEC 19566-5) box trees, read the way the C2PA SDK reads a manifest store.

A store is a superbox (``jumb``) whose first child is a description box (``jumd``: a
16-byte type UUID, a toggles byte, then a NUL-terminated label when toggle 0x02 is set),
followed by child boxes, some of them superboxes again. Only box headers and description
boxes are read: content boxes (CBOR, JSON, embedded files) are skipped by seeking, so a
store with a large thumbnail costs a few small reads. No ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SUPERBOX = b"jumb"
DESCRIPTION = b"jumd"
#: The first four bytes of the C2PA manifest store's type UUID (``c2pa`` + 0011-0010-...).
C2PA_STORE_TYPE = b"c2pa"
_HEADER = 8
_UUID = 16
_LABEL_TOGGLE = 0x02
#: How much of a label is kept for messages; the whole label is still checked.
_SHOWN = 256
#: A label that this parser cannot place in a tree is read loosely, up to this many bytes.
_LOOSE_LABEL = 4096
_READ = 1 << 16
_CHUNK = 1 << 20


class BrokenJumbf(ValueError):
    """The bytes are not a well-formed JUMBF superbox."""


@dataclass(frozen=True, slots=True)
class Label:
    """A description box label: its first bytes (for messages) and whether all of it is ASCII."""

    shown: bytes
    ascii: bool

    @property
    def text(self) -> str:
        return self.shown.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Box:
    """One box: its type, where it starts, where its content starts, where it ends."""

    kind: bytes
    start: int
    body: int
    end: int


def read_box(stream: BinaryIO, pos: int, limit: int) -> Box:
    """The box whose header is at ``pos``; it must end by ``limit`` (size 0: at ``limit``)."""
    stream.seek(pos)
    head = stream.read(16)
    if len(head) < _HEADER:
        raise BrokenJumbf(f"box header cut short at {pos}")
    size, kind, body = int.from_bytes(head[:4], "big"), head[4:8], pos + _HEADER
    if size == 1:
        if len(head) < 16:
            raise BrokenJumbf(f"extended box size cut short at {pos}")
        size, body = int.from_bytes(head[8:16], "big"), pos + 16
    elif size == 0:
        size = limit - pos
    end = pos + size
    if end > limit or end < body:
        raise BrokenJumbf(f"box at {pos} has an impossible size {size}")
    return Box(kind, pos, body, end)


def _read_label(stream: BinaryIO, start: int, end: int) -> Label:
    """The bytes from ``start`` up to a NUL or ``end``, checked for ASCII in pieces."""
    shown, ascii_only, pos = b"", True, start
    while pos < end:
        stream.seek(pos)
        piece = stream.read(min(_READ, end - pos))
        if not piece:
            break
        cut = piece.find(b"\x00")
        text = piece if cut == -1 else piece[:cut]
        ascii_only = ascii_only and text.isascii()
        shown += text[: max(0, _SHOWN - len(shown))]
        if cut != -1:
            break
        pos += len(piece)
    return Label(shown, ascii_only)


def description_label(stream: BinaryIO, box: Box) -> Label | None:
    """The label of a description box, or ``None`` when its toggles say it has none."""
    toggles_at = box.body + _UUID
    if toggles_at >= box.end:
        raise BrokenJumbf(f"description box at {box.start} is too short")
    stream.seek(toggles_at)
    toggles = stream.read(1)
    if not toggles:
        raise BrokenJumbf(f"description box at {box.start} is cut short")
    if not toggles[0] & _LABEL_TOGGLE:
        return None
    return _read_label(stream, toggles_at + 1, box.end)


def tree_labels(stream: BinaryIO, start: int, limit: int) -> tuple[list[Label], int]:
    """Every description label in the superbox at ``start``, and where the superbox ends.

    Raises :class:`BrokenJumbf` when any box of the tree does not parse.
    """
    top = read_box(stream, start, limit)
    if top.kind != SUPERBOX:
        raise BrokenJumbf(f"no superbox at {start}")
    labels: list[Label] = []
    pending = [top]
    while pending:
        superbox = pending.pop()
        description = read_box(stream, superbox.body, superbox.end)
        if description.kind != DESCRIPTION:
            raise BrokenJumbf(f"superbox at {superbox.start} has no description box")
        label = description_label(stream, description)
        if label is not None:
            labels.append(label)
        children, pos = [], description.end
        while pos < superbox.end:
            child = read_box(stream, pos, superbox.end)
            if child.kind == SUPERBOX:
                children.append(child)
            pos = child.end
        pending.extend(reversed(children))
    return labels, top.end


def _loose_label(stream: BinaryIO, start: int, limit: int) -> Label | None:
    """The first label after a superbox header that does not parse as a tree.

    The SDK rejects such a store before it looks at labels; this is a second line only for
    a store that the SDK might parse differently from this module.
    """
    toggles_at = start + 2 * _HEADER + _UUID
    stream.seek(toggles_at)
    toggles = stream.read(1)
    if not toggles or not toggles[0] & _LABEL_TOGGLE:
        return None
    return _read_label(stream, toggles_at + 1, min(limit, toggles_at + 1 + _LOOSE_LABEL))


class _Finder:
    """Finds superbox headers (``jumb`` then, 8 bytes on, ``jumd``) in a stream region."""

    def __init__(self, stream: BinaryIO, end: int) -> None:
        self.stream, self.end = stream, end
        self.base, self.buf = 0, b""

    def next_superbox(self, pos: int) -> int | None:
        """Start of the first superbox header at or after ``pos``."""
        while pos + 2 * _HEADER <= self.end:
            if not (self.base <= pos and pos + 2 * _HEADER <= self.base + len(self.buf)):
                want = min(_CHUNK, self.end - pos)
                self.stream.seek(pos)
                self.base, self.buf = pos, self.stream.read(want)
                if len(self.buf) < want:
                    self.end = pos + len(self.buf)  # the file is shorter than the region
                if len(self.buf) < 2 * _HEADER:
                    return None
            at = self.buf.find(DESCRIPTION, pos - self.base + 12)
            while at != -1 and self.buf[at - 8 : at - 4] != SUPERBOX:
                at = self.buf.find(DESCRIPTION, at + 1)
            if at != -1:
                return self.base + at - 12
            if self.base + len(self.buf) >= self.end:
                return None
            pos = self.base + len(self.buf) - 2 * _HEADER + 1
        return None


def scan(stream: BinaryIO, start: int = 0, end: int | None = None) -> Iterator[Label]:
    """The labels of every manifest-store-like superbox in ``stream[start:end]``.

    Each superbox found is parsed as a tree and skipped whole, so boxes embedded inside its
    content (an ingredient's thumbnail, say) are not mistaken for the store's own. A
    superbox that does not parse gives only its first label, read loosely.
    """
    size = stream.seek(0, 2)
    end = size if end is None else min(end, size)
    finder, pos = _Finder(stream, end), start
    while (found := finder.next_superbox(pos)) is not None:
        try:
            labels, pos = tree_labels(stream, found, end)
        except BrokenJumbf:
            loose = _loose_label(stream, found, end)
            labels, pos = ([loose] if loose else []), found + 1
        yield from labels
