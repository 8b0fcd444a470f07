"""Assertion labels: the rules OMRS enforces, and a guard against labels that crash the SDK.

The C2PA SDK (0.91) aborts the whole process, not just the call, when an assertion label's
last dot-separated part starts with a non-ASCII character: it slices the string on a byte
that is not a character boundary. A Python ``try`` cannot catch an abort, so labels are
checked before signing, and a file's JUMBF labels are scanned before it is handed to the
SDK for reading. No ``c2pa`` import here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from omrs.media import OMRS_LABEL_PREFIX

#: ASCII letters, digits, and ``.``/``-``/``_`` between parts; no SDK instance suffix ``__N``.
_LABEL = re.compile(r"^[A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)*$")
_OMRS_LABEL = re.compile(r"^org\.omrs\.[a-z0-9]+(?:[.\-][a-z0-9]+)*$")

_JUMBF_SUPERBOX = b"jumb"
_JUMBF_DESCRIPTION = b"jumd"
_CHUNK = 1 << 20
_MAX_LABEL = 256


class LabelError(ValueError):
    """An assertion label that OMRS refuses to write."""


def label_problem(label: str) -> str | None:
    """Why ``label`` may not be written, or ``None`` when it is fine."""
    if not label.isascii():
        return f"assertion label {label!r} is not ASCII (the C2PA SDK aborts on such labels)"
    if "__" in label:
        return f"assertion label {label!r} contains '__', which C2PA reserves for instance numbers"
    if not _LABEL.match(label):
        return f"assertion label {label!r} is not a dotted name of letters, digits, '-' and '_'"
    if label.startswith(OMRS_LABEL_PREFIX) and not _OMRS_LABEL.match(label):
        return f"OMRS assertion label {label!r} must be lower-case: {OMRS_LABEL_PREFIX}<name>"
    return None


def check_labels(labels: Iterable[str]) -> None:
    """Raise :class:`LabelError` for the first label that must not reach the SDK."""
    for label in labels:
        problem = label_problem(label)
        if problem:
            raise LabelError(problem)


def _labels_in(buf: bytes) -> Iterator[bytes]:
    """Labels of JUMBF description boxes that follow a superbox header in ``buf``."""
    start = buf.find(_JUMBF_DESCRIPTION)
    while start != -1:
        if start >= 8 and buf[start - 8 : start - 4] == _JUMBF_SUPERBOX:
            toggles_at = start + 4 + 16
            if toggles_at < len(buf) and buf[toggles_at] & 0x02:
                raw = buf[toggles_at + 1 : toggles_at + 1 + _MAX_LABEL]
                yield raw.split(b"\x00", 1)[0]
        start = buf.find(_JUMBF_DESCRIPTION, start + 1)


def unsafe_labels(stream: BinaryIO, regions: Iterable[tuple[int, int]] | None = None) -> list[str]:
    """Non-ASCII JUMBF labels in ``stream`` (or in its ``regions``), read in chunks.

    A label split across two JPEG APP11 segments escapes this scan; such files are rare and
    hostile, and are a known limit of the guard (spec/1.0/c2pa-binding.md).
    """
    found: list[str] = []
    for start, end in regions if regions is not None else [(0, -1)]:
        stream.seek(start)
        for text in _scan(stream, end - start if end >= 0 else -1):
            if text not in found:
                found.append(text)
    return found


def _scan(stream: BinaryIO, length: int) -> Iterator[str]:
    overlap = b""
    keep = 8 + 4 + 16 + 1 + _MAX_LABEL
    remaining = length
    while remaining != 0:
        chunk = stream.read(_CHUNK if remaining < 0 else min(_CHUNK, remaining))
        if not chunk:
            return
        remaining = remaining - len(chunk) if remaining > 0 else remaining
        buf = overlap + chunk
        for raw in _labels_in(buf):
            if not raw.isascii():
                yield raw.decode("utf-8", errors="replace")
        overlap = buf[-keep:]


def _boxes(
    stream: BinaryIO, size: int, header: int, parse: Callable[[bytes], tuple[bytes, int]]
) -> Iterator[tuple[bytes, int, int]]:
    """(type, start, end) of the top-level boxes or chunks of a BMFF or RIFF file."""
    pos = header
    while pos + 8 <= size:
        stream.seek(pos)
        kind, length = parse(stream.read(16))
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


#: Bulk media data that never holds a manifest: skipped, so big files are not read twice.
_BULK = {b"mdat", b"data", b"LIST"}


def manifest_regions(stream: BinaryIO, kind: str) -> list[tuple[int, int]] | None:
    """Where a manifest can be in a BMFF or RIFF file: everything but the bulk media data.

    ``None`` (scan everything) for other formats or when the structure does not parse.
    """
    stream.seek(0, 2)
    size = stream.tell()
    try:
        if kind == "bmff":
            boxes = list(_boxes(stream, size, 0, _bmff_box))
        elif kind == "riff":
            boxes = list(_boxes(stream, size, 12, _riff_chunk))
        else:
            return None
    except ValueError:
        return None
    return [(start, end) for box, start, end in boxes if box not in _BULK]


def unsafe_labels_in_file(path: Path, kind: str = "") -> list[str]:
    """Non-ASCII JUMBF labels in the parts of ``path`` that can hold a manifest."""
    with path.open("rb") as fh:
        return unsafe_labels(fh, manifest_regions(fh, kind))
