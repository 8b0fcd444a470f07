"""File primitives every layer shares: streamed hashing and all-or-nothing writes.

A signed media file, a key, a sidecar or a report is either written whole or not at all:
the bytes go to a temporary file in the destination's folder (same file system, so the
rename is atomic), are flushed to disk, and only then replace the destination.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: Read size for hashing: large enough to be fast, small enough to keep memory flat.
CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (memory stays flat for any file size)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _default_mode(dst: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the umask-based mode."""
    with contextlib.suppress(OSError):
        return dst.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(dst: Path, *, mode: int | None = None) -> Iterator[tuple[Path, BinaryIO]]:
    """Yield a temporary file beside ``dst``; on success it replaces ``dst``.

    ``mode`` is set before any byte is written (a private key is never readable by others).
    If the block raises, the temporary file is removed and ``dst`` is untouched. The block
    may inspect the temporary file (e.g. verify a signature) before the rename.
    """
    folder = dst.parent if str(dst.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".omrs-tmp", dir=folder)
    tmp = Path(name)
    try:
        os.fchmod(fd, _default_mode(dst) if mode is None else mode)
        with os.fdopen(fd, "w+b") as handle:
            yield tmp, handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def atomic_write(dst: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``dst`` all or nothing; raise OSError on failure."""
    with replacing(dst, mode=mode) as (_tmp, handle):
        handle.write(data)
