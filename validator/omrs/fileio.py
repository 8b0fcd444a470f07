"""File primitives every layer shares: safe opening, streamed hashing, all-or-nothing writes.

Every read of a user-supplied path goes through :func:`open_regular`: a FIFO named
``x.mp4`` would block a plain ``open`` forever, and a device may act on being opened, so
anything that is not a regular file is refused before it is opened.

A signed media file, a key, a sidecar or a report is either written whole or not at all:
the bytes go to a temporary file in the destination's folder (same file system, so the
rename is atomic), are flushed to disk, and only then replace the destination. The file is
anonymous until then where the OS allows (Linux ``O_TMPFILE``), so a killed writer leaves
nothing behind; otherwise its name records the writer and a later write removes it once
that writer is dead (omrs.tempnames).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from omrs.tempnames import sweep, temporary_name

#: Read size for hashing: large enough to be fast, small enough to keep memory flat.
CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path is a FIFO, socket or device: refused unopened (``strerror`` says which)."""

    #: What the path is instead ("a named pipe (FIFO)"...).
    kind: str = "not a regular file"


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is ("a named pipe (FIFO)"...), else None."""
    return next((name for test, name in _KINDS if test(mode)), None)


def _refuse_special(path: str | os.PathLike[str], mode: int) -> None:
    kind = special_kind(mode)
    if kind is not None:
        refused = NotRegularFile(errno.EINVAL, f"is {kind}, not a regular file", str(path))
        refused.kind = kind
        raise refused
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading only if it is a regular file (symlinks followed).

    The kind is checked before opening, and again on the open descriptor (opened
    non-blocking, so a FIFO swapped in between cannot block), so no FIFO, socket or device
    is ever read. Raises :class:`NotRegularFile`, ``IsADirectoryError`` or another OSError.
    """
    _refuse_special(path, os.stat(path).st_mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` must not be opened ("is a named pipe (FIFO), not a regular file"), else None.

    None also when the path is missing, a directory or unreadable: the caller's own open
    reports those. Never raises, never opens.
    """
    try:
        kind = special_kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None
    return None if kind is None else f"is {kind}, not a regular file"


def invalid_name(path: str | os.PathLike[str]) -> str | None:
    """Why the OS cannot take ``path`` as a file name at all (a NUL byte...), else None."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate no file name decodes to
        return "is not a valid file name (it cannot be encoded for this system)"
    if b"\0" in raw:
        return "is not a valid file name (it contains a NUL byte)"
    return None


def path_problem(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """Why ``path`` is not a regular file one could open: an ``io.*`` code and words for a
    message ("does not exist", "is a named pipe (FIFO), not a regular file", "is not a valid
    file name (it contains a NUL byte)", "cannot be read (File name too long)"), else None.

    Never raises, never opens (permission to read is the opener's to find out).
    """
    invalid = invalid_name(path)
    if invalid is not None:
        return "io.error", invalid
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "io.not-found", "does not exist"
    except (OSError, ValueError) as exc:
        return "io.error", f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "io.is-a-directory", "is a directory, not a file"
    kind = special_kind(mode)
    return "io.not-regular", f"is {kind or 'not a regular file'}, not a regular file"


def unreadable_reason(path: str | os.PathLike[str]) -> str | None:
    """The words of :func:`path_problem`, for messages that name the path first."""
    problem = path_problem(path)
    return None if problem is None else problem[1]


def resolved(path: str | os.PathLike[str]) -> Path:
    """``path`` absolute and resolved, the one key of a file in a run (a name the OS
    refuses, a NUL byte or a link loop, stands for itself made absolute)."""
    try:
        return Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return Path(os.path.abspath(path))


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """``Path.is_file`` that never raises (NUL bytes, over-long names, loops give False)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a regular file, read in chunks (memory stays flat for any size)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
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


@functools.cache
def _proc_fd_dir() -> bool:
    """Whether this process's descriptors can be opened by path (/proc/<pid>/fd/<n>)."""
    return os.path.isdir(f"/proc/{os.getpid()}/fd")


def _anonymous(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux O_TMPFILE), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not _proc_fd_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except OSError:  # EOPNOTSUPP, EISDIR on old kernels...: fall back to a named file
        return None


def _named(folder: Path, destination: str) -> tuple[str, int]:
    """A new file in ``folder`` whose name records this writer (tempnames), mode 0600."""
    for _ in range(100):
        name = temporary_name(destination)
        try:
            return name, os.open(
                folder / name, os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_CLOEXEC, 0o600
            )
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


class _Temporary:
    """The file ``replacing`` writes: anonymous until placed where the OS allows it."""

    def __init__(self, folder: Path, destination: str, mode: int) -> None:
        self.folder, self.destination = folder, destination
        fd = _anonymous(folder)
        self.name: str | None = None  # its name in ``folder`` while it has one
        if fd is None:
            self.name, fd = _named(folder, destination)
        try:
            os.fchmod(fd, mode)  # before any byte: a private key is never readable by others
            self.handle: BinaryIO = os.fdopen(fd, "w+b")
        except BaseException:
            os.close(fd)
            self.discard()
            raise
        # What the block may open, from any process of this user: the name, or the
        # descriptor of this process (the anonymous file has no name yet).
        self.path = folder / self.name if self.name else Path(f"/proc/{os.getpid()}/fd/{fd}")

    def place(self, dst: Path) -> None:
        """Flush, then rename over ``dst`` (linking the anonymous file under a name first)."""
        self.stage()
        self.commit(dst)

    def stage(self) -> None:
        """Put the bytes on disk under a temporary name: all that may fail before the rename."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        if self.name is None:
            self.name = self._link() or self._copy()

    def commit(self, dst: Path) -> None:
        """Rename the staged file over ``dst``."""
        assert self.name is not None, "stage() first"
        os.replace(self.folder / self.name, dst)
        self.name = None

    def _link(self) -> str | None:
        """Give the anonymous file a temporary name; None if the OS refuses (then copy)."""
        source = f"/proc/self/fd/{self.handle.fileno()}"
        try:
            folder_fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return None
        try:
            for _ in range(100):
                name = temporary_name(self.destination)
                try:  # dst_dir_fd makes this linkat(..., AT_SYMLINK_FOLLOW), as open(2) shows
                    os.link(source, name, dst_dir_fd=folder_fd, follow_symlinks=True)
                except FileExistsError:
                    continue
                except OSError:
                    return None
                return name
            return None
        finally:
            os.close(folder_fd)

    def _copy(self) -> str:
        """The anonymous file's bytes in a named temporary file (a folder refusing links)."""
        import shutil  # rarely needed, and slow to import on the start-up path

        name, fd = _named(self.folder, self.destination)
        with os.fdopen(fd, "wb") as out:
            self.name = name  # removed by discard() if copying fails
            os.fchmod(fd, stat.S_IMODE(os.fstat(self.handle.fileno()).st_mode))
            self.handle.seek(0)
            shutil.copyfileobj(self.handle, out, CHUNK)
            out.flush()
            os.fsync(fd)
        return name

    def discard(self) -> None:
        """Remove what was written; nothing of an anonymous file is left to remove."""
        if self.name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / self.name)
            self.name = None


@contextlib.contextmanager
def replacing(dst: Path, *, mode: int | None = None) -> Iterator[tuple[Path, BinaryIO]]:
    """Yield a temporary file beside ``dst``, and its path; on success it replaces ``dst``.

    ``mode`` is set before any byte is written (a private key is never readable by others).
    If the block raises, the temporary file is removed and ``dst`` is untouched. The block
    may open the path (from any process of this user, e.g. to verify a signature) before
    the rename. Where the OS allows, the file is anonymous until that rename, so a writer
    killed mid-way leaves nothing; a named temporary file records its writer, and every
    call first sweeps the folder of those whose writer died (see omrs.tempnames). A
    destination that is a device, FIFO or socket is refused (NotRegularFile), never replaced;
    a symbolic link is written through: the file it points to is replaced, the link is kept.
    """
    dst, temp = _prepare(dst, mode)
    folder = temp.folder
    try:
        with temp.handle:
            yield temp.path, temp.handle
            temp.place(dst)
    except BaseException:
        temp.discard()
        raise
    _fsync_dir(folder)


def _destination(dst: Path) -> Path:
    """Where the bytes for ``dst`` go: through a symbolic link to the regular file it names,
    so an edit in place keeps the link.

    A dangling link, or one that another user may have planted (in a sticky, world-writable
    folder such as /tmp, the case the kernel's ``protected_symlinks`` guards), is replaced
    itself and never followed: writing through it would create or overwrite a file the
    user never named.
    """
    if not os.path.islink(dst):
        return dst
    target = Path(os.path.realpath(dst))
    if not is_regular_file(target) or _planted(dst):
        return dst
    return target


def _planted(link: Path) -> bool:
    """Whether ``link`` sits in a sticky world-writable folder and neither this user nor the
    folder's owner owns it."""
    try:
        folder, own = os.stat(_folder(link)), os.lstat(link)
    except OSError:
        return True
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return bool(shared) and own.st_uid not in (os.geteuid(), folder.st_uid)


def _prepare(dst: Path, mode: int | None, *, swept: bool = False) -> tuple[Path, _Temporary]:
    """The real destination and a temporary file beside it; refuses a non-regular one.

    The folder is swept of dead writers' files first, unless the caller ``swept`` it.
    """
    dst = _destination(dst)
    refused = not_regular(dst)
    if refused is not None:  # renaming over /dev/null would replace the device itself
        raise NotRegularFile(errno.EINVAL, f"{refused}; it is not replaced", str(dst))
    folder = _folder(dst)
    if not swept:
        sweep(folder)
    return dst, _Temporary(folder, dst.name, _default_mode(dst) if mode is None else mode)


def _folder(dst: Path) -> Path:
    return dst.parent if str(dst.parent) else Path(".")


class PartlyReplaced(OSError):
    """``replace_all`` renamed some files before a rename failed.

    ``replaced`` and ``unchanged`` name the destinations as the caller gave them, in order;
    ``unchanged`` starts with the one whose rename failed.
    """

    def __init__(self, cause: OSError, replaced: Sequence[Path], unchanged: Sequence[Path]) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause), str(unchanged[0]))
        self.replaced, self.unchanged = tuple(replaced), tuple(unchanged)

    def describe(self) -> str:
        """One line for the user: what failed, what was replaced and what was not."""
        replaced = ", ".join(map(str, self.replaced))
        unchanged = ", ".join(map(str, self.unchanged))
        return (
            f"cannot write {self.unchanged[0]}: {self.strerror}; replaced: {replaced}; "
            f"left unchanged: {unchanged}"
        )


def replace_all(writes: Sequence[tuple[Path, bytes]]) -> None:
    """Replace several files together: every file is written and flushed before any rename.

    Everything that can fail for want of space, permission or a bad destination fails while
    staging, and then no file is changed (OSError); so does a failure of the first rename.
    POSIX has no rename of several files at once, so a later rename that still fails (the
    folder removed under us) raises :class:`PartlyReplaced`; the rest are left untouched.
    """
    staged: list[tuple[Path, Path, _Temporary]] = []
    for folder in dict.fromkeys(_folder(_destination(dst)) for dst, _ in writes):
        sweep(folder)  # once per folder: a sweep per file would be quadratic in a big folder
    try:
        for dst, data in writes:
            real, temp = _prepare(dst, None, swept=True)
            staged.append((dst, real, temp))
            with temp.handle:
                temp.handle.write(data)
                temp.stage()
    except BaseException:
        for _, _, temp in staged:
            temp.discard()
        raise
    _commit_all(staged)


def _commit_all(staged: Sequence[tuple[Path, Path, _Temporary]]) -> None:
    for index, (_, real, temp) in enumerate(staged):
        try:
            temp.commit(real)
        except OSError as exc:
            for _, _, rest in staged[index:]:
                rest.discard()
            if index == 0:
                raise
            given = [dst for dst, _, _ in staged]
            raise PartlyReplaced(exc, given[:index], given[index:]) from exc
    for folder in {real.parent for _, real, _ in staged}:
        _fsync_dir(folder)


def atomic_write(dst: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``dst`` all or nothing; raise OSError on failure."""
    with replacing(dst, mode=mode) as (_tmp, handle):
        handle.write(data)
