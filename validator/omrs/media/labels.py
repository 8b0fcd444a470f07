"""Assertion labels: the rules OMRS enforces, and a guard against labels that crash the SDK.

The C2PA SDK (0.91) aborts the whole process, not just the call, when an assertion label's
last dot-separated part starts with a non-ASCII character (and the claim refers to it): it
slices the string on a byte that is not a character boundary. A Python ``try`` cannot catch
an abort, so labels are checked before signing, and the labels of a file's manifest store,
reassembled and parsed as the SDK will, are checked before the SDK reads it. (Reading is
also isolated in a child process, :mod:`omrs.media.isolate`, so a crash this guard misses
costs one file, not the run.) No ``c2pa`` import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from omrs.fileio import open_regular
from omrs.media import OMRS_LABEL_PREFIX, jumbf, stores
from omrs.media.formats import MediaFormat, detect
from omrs.media.jumbf import Label

#: ASCII letters, digits, and ``.``/``-``/``_`` between parts; no SDK instance suffix ``__N``.
_LABEL = re.compile(r"^[A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)*$")
_OMRS_LABEL = re.compile(r"^org\.omrs\.[a-z0-9]+(?:[.\-][a-z0-9]+)*$")


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


def _unsafe(found: Iterable[Label]) -> list[str]:
    out: list[str] = []
    for label in found:
        if not label.ascii and label.text not in out:
            out.append(label.text)
    return out


def unsafe_labels(stream: BinaryIO, fmt: MediaFormat | None = None) -> list[str]:
    """Non-ASCII labels of the manifest stores the SDK would read from ``stream``.

    ``fmt`` is the media format the SDK will be told; ``None`` reads ``stream`` as a bare
    manifest store (a ``.c2pa`` sidecar). The store is put back together first as the SDK
    does it (:mod:`omrs.media.stores`), then parsed as a JUMBF tree.
    """
    return _unsafe(label for view in stores.views(stream, fmt) for label in jumbf.scan(*view))


def unsafe_labels_in_file(path: Path, fmt: MediaFormat | None = None) -> list[str]:
    """:func:`unsafe_labels` of a file (its format sniffed when not given); never a FIFO."""
    with open_regular(path) as fh:
        return unsafe_labels(fh, fmt if fmt is not None else detect(path, fh.read(64)))
