"""Which files a run checks: explicit paths as given, folders walked recursively.

Media are recognised by the C2PA layer's format table (a light module: no ``c2pa`` import).

Folders are walked without following symlinked directories (so symlink loops cannot
trap the walk), skipping what ``.gitignore`` files and the ``exclude`` setting name. A walk
opens only regular files: a FIFO named ``x.json`` would block it forever, so FIFOs,
sockets, devices and broken links are passed over unopened and counted (``skipped``). A
folder that cannot be listed becomes a target that reports the I/O error, never silence.

In a folder, JSON/YAML files count only if they are OMRS documents, decided by content
(the checker parses them; see :func:`mentions_omrs`); a path named on the command line
is always checked.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.fileio import CHUNK, NotRegularFile, open_regular, special_kind
from omrs.findings import FileKind, Skipped
from omrs.media.formats import FORMATS, by_extension

DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
#: Media segments verified only with their init segment; a walk does not check them alone.
FRAGMENT_SUFFIXES = (".m4s", ".cmfv")
#: Extensions of the media a walk checks (the C2PA layer's formats, fragments excepted).
MEDIA_SUFFIXES = tuple(
    ext for fmt in FORMATS for ext in fmt.extensions if ext not in FRAGMENT_SUFFIXES
)
ALWAYS_SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"}
#: The top-level keys that make a JSON/YAML document an OMRS one.
OMRS_KEYS = (b"omrs", b"recordType")


@dataclass(frozen=True, slots=True)
class Target:
    """One path to check; ``explicit`` when the user named it rather than a walk finding it.

    ``problem`` (code, message) is set for a path the walk met but could not read (a folder
    that cannot be listed): the checker reports it as that file's I/O error.
    """

    path: str
    kind: FileKind
    explicit: bool
    problem: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Discovered:
    """What a run will check, and the non-regular files its walks passed over."""

    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Walked JSON/YAML files passed over because they cannot be OMRS documents.
    not_omrs: list[str] = field(default_factory=list)


def kind_of(path: str) -> FileKind:
    lower = path.lower()
    if path == "-" or lower.endswith(DOCUMENT_SUFFIXES):
        return FileKind.RECORD
    if by_extension(Path(lower)) is not None:
        return FileKind.MEDIA
    return FileKind.UNKNOWN


def mentions(path: str | os.PathLike[str], needles: Sequence[bytes]) -> bool:
    """Whether any of ``needles`` occurs anywhere in the file (streamed; seams handled).

    Raises OSError (and NotRegularFile) like :func:`~omrs.fileio.open_regular`.
    """
    keep = max(len(n) for n in needles) - 1
    tail = b""
    with open_regular(path) as handle:
        while chunk := handle.read(CHUNK):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-keep:] if keep else b""
    return False


def mentions_omrs(path: str | os.PathLike[str]) -> bool:
    """Whether the bytes of ``path`` name ``omrs`` or ``recordType`` anywhere.

    A walked file that does not parse (or is over the size limit) is reported only when
    this holds; one that parses is ours when its top level has either key.
    """
    return mentions(path, OMRS_KEYS)


def may_be_omrs(path: str | os.PathLike[str]) -> bool:
    """Cheap and exact pre-filter of a walk: False only if ``path`` cannot be an OMRS file.

    Parsing yields a top-level ``omrs`` or ``recordType`` key only if those bytes occur, or
    if an escape spells them (JSON ``\\u006f``, YAML ``\\x6f``): so a file with neither the
    keys nor a backslash is skipped unparsed, and every other file goes to the checker.
    """
    try:
        return mentions(path, (*OMRS_KEYS, b"\\"))
    except OSError:
        return True  # the checker reports the I/O error


def invalid_pattern(patterns: Sequence[str]) -> str | None:
    """The first of ``patterns`` that is not a valid gitignore pattern (e.g. ``\\``)."""
    if not patterns:
        return None
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError:
            return pattern
    return None


def _spec(lines: Sequence[str]) -> Any:
    """A gitignore spec of ``lines``; an invalid line is ignored, as git ignores it."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        valid = [line for line in lines if invalid_pattern([line]) is None]
        return pathspec.GitIgnoreSpec.from_lines(valid)


class _Ignores:
    """``.gitignore`` files in force on the way down plus the user's exclude patterns.

    The user's patterns must be valid (the CLI and the configuration check them:
    :func:`invalid_pattern`); a ``.gitignore`` line that is not is ignored, as by git.
    """

    def __init__(self, root: Path, exclude: Sequence[str]) -> None:
        import pathspec

        bad = invalid_pattern(exclude)
        if bad is not None:
            raise ValueError(f"invalid exclude pattern {bad!r}")
        self.root = root
        self.user = pathspec.GitIgnoreSpec.from_lines(exclude)

    def read(self, folder: Path, found: Discovered) -> tuple[tuple[Path, Any], ...]:
        """The spec of ``folder/.gitignore`` (a FIFO there is counted, never opened)."""
        gitignore = folder / ".gitignore"
        try:
            with open_regular(gitignore) as handle:
                lines = handle.read().decode("utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return ()
        except (OSError, ValueError) as exc:
            _unusable(gitignore, exc, found)
            return ()
        return ((folder, _spec(lines)),)

    def ignored(self, path: Path, is_dir: bool, specs: Iterable[tuple[Path, Any]]) -> bool:
        """Whether ``path`` is excluded; ``specs`` are those of its own ancestors only."""
        suffix = "/" if is_dir else ""
        if self.user.match_file(path.relative_to(self.root).as_posix() + suffix):
            return True
        return any(
            spec.match_file(path.relative_to(base).as_posix() + suffix) for base, spec in specs
        )


def _unusable(path: Path, exc: BaseException, found: Discovered) -> None:
    """Record a path the walk had to read but could not: non-regular, or an I/O error."""
    if isinstance(exc, NotRegularFile):
        found.skipped.append(Skipped(str(path), exc.kind))
        return
    if isinstance(exc, IsADirectoryError):
        return  # a folder named .gitignore ignores nothing, as in git
    found.targets.append(Target(str(path), FileKind.UNKNOWN, False, _io_problem(exc)))


def _io_problem(exc: BaseException, what: str = "") -> tuple[str, str]:
    if isinstance(exc, PermissionError):
        return "io.permission", f"{what}permission denied"
    if isinstance(exc, OSError):
        return "io.error", what + (exc.strerror or str(exc))
    return "io.error", what + str(exc)


def _not_regular(entry: os.DirEntry[str]) -> str | None:
    """What a walked entry is if it must not be opened (following links), else None."""
    try:
        mode = entry.stat().st_mode
    except OSError as exc:
        if entry.is_symlink():
            return "a symbolic link loop" if exc.errno == errno.ELOOP else "a broken symbolic link"
        return None  # vanished or unreadable: the checker reports it
    kind = special_kind(mode)
    if kind is None and stat.S_ISDIR(mode):
        kind = "a directory"
    if kind is None:
        return None
    return f"a symbolic link to {kind}" if entry.is_symlink() else kind


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:  # a link loop, or a target we may not look at
        return False


def _listing(folder: Path, found: Discovered) -> list[os.DirEntry[str]] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        problem = _io_problem(exc, "cannot list this folder: ")
        found.targets.append(Target(str(folder), FileKind.UNKNOWN, False, problem))
        return None


def _walk(root: Path, exclude: Sequence[str], found: Discovered) -> None:
    """Depth-first, each folder's files in name order before its subfolders (as os.walk)."""
    ignores = _Ignores(root, exclude)
    stack: list[tuple[Path, tuple[tuple[Path, Any], ...]]] = [(root, ())]
    while stack:
        folder, inherited = stack.pop()
        entries = _listing(folder, found)
        if entries is None:
            continue
        specs = inherited + ignores.read(folder, found)
        subfolders = []
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in ALWAYS_SKIPPED_DIRS and not ignores.ignored(path, True, specs):
                    subfolders.append((path, specs))
            elif not _links_to_folder(entry):  # symlinked folders are not walked (no loops)
                _consider(entry, path, ignores, specs, found)
        stack.extend(reversed(subfolders))


def _consider(
    entry: os.DirEntry[str],
    path: Path,
    ignores: _Ignores,
    specs: tuple[tuple[Path, Any], ...],
    found: Discovered,
) -> None:
    kind = kind_of(entry.name)
    if kind is FileKind.UNKNOWN or entry.name.lower().endswith(FRAGMENT_SUFFIXES):
        return
    if ignores.ignored(path, False, specs):
        return
    what = _not_regular(entry)
    if what is not None:
        found.skipped.append(Skipped(str(path), what))
    elif kind is not FileKind.RECORD or may_be_omrs(path):
        found.targets.append(Target(str(path), kind, explicit=False))
    else:
        found.not_omrs.append(str(path))


def discover(paths: Iterable[str], exclude: Sequence[str] = ()) -> Discovered:
    """Targets for ``paths`` in a stable order, each path once, and what walks skipped."""
    found = Discovered()
    for raw in paths:
        if raw != "-" and os.path.isdir(raw):
            _walk(Path(raw), exclude, found)
        else:
            found.targets.append(Target(raw, kind_of(raw), explicit=True))
    unique: dict[str, Target] = {}
    for target in found.targets:
        if target.explicit or target.path not in unique:
            unique[target.path] = target
    skipped = {s.path: s for s in found.skipped}
    not_omrs = sorted(set(found.not_omrs) - set(unique))
    return Discovered(list(unique.values()), list(skipped.values()), not_omrs)
