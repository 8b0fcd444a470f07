"""Which files a run checks: explicit paths as given, folders walked recursively.

Media are recognised by the C2PA layer's format table (a light module: no ``c2pa`` import).

Folders are walked without following symlinked directories (so symlink loops cannot
trap the walk), skipping what ``.gitignore`` files and the ``exclude`` setting name. In a
folder, JSON/YAML files count only if they look like OMRS documents; a path named on the
command line is always checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omrs.findings import FileKind
from omrs.media.formats import FORMATS, by_extension

DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
#: Media segments verified only with their init segment; a walk does not check them alone.
FRAGMENT_SUFFIXES = (".m4s", ".cmfv")
#: Extensions of the media a walk checks (the C2PA layer's formats, fragments excepted).
MEDIA_SUFFIXES = tuple(
    ext for fmt in FORMATS for ext in fmt.extensions if ext not in FRAGMENT_SUFFIXES
)
ALWAYS_SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"}
#: Bytes looked at to decide whether a walked JSON/YAML file is an OMRS document.
SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Target:
    """One path to check; ``explicit`` when the user named it rather than a walk finding it."""

    path: str
    kind: FileKind
    explicit: bool


def kind_of(path: str) -> FileKind:
    lower = path.lower()
    if path == "-" or lower.endswith(DOCUMENT_SUFFIXES):
        return FileKind.RECORD
    if by_extension(Path(lower)) is not None:
        return FileKind.MEDIA
    return FileKind.UNKNOWN


def looks_like_omrs(path: Path) -> bool:
    """Cheap content sniff: an OMRS document names its version field near the top."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return True  # let the loader report the I/O error
    return b"omrs" in head or b"recordType" in head


class _Ignores:
    """``.gitignore`` files found on the way down plus the user's exclude patterns."""

    def __init__(self, root: Path, exclude: Sequence[str]) -> None:
        import pathspec

        self._pathspec: Any = pathspec
        self.root = root
        self.user = pathspec.GitIgnoreSpec.from_lines(exclude)
        self.specs: list[tuple[Path, Any]] = []

    def enter(self, folder: Path) -> None:
        gitignore = folder / ".gitignore"
        if gitignore.is_file():
            lines = gitignore.read_text("utf-8", errors="replace").splitlines()
            self.specs.append((folder, self._pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        if self.user.match_file(path.relative_to(self.root).as_posix() + suffix):
            return True
        for base, spec in self.specs:
            if base in path.parents and spec.match_file(path.relative_to(base).as_posix() + suffix):
                return True
        return False


def _walk(root: Path, exclude: Sequence[str]) -> Iterator[Target]:
    ignores = _Ignores(root, exclude)
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        ignores.enter(here)
        dirs[:] = sorted(
            d for d in dirs if d not in ALWAYS_SKIPPED_DIRS and not ignores.ignored(here / d, True)
        )
        for name in sorted(files):
            path = here / name
            kind = kind_of(name)
            if kind is FileKind.UNKNOWN or ignores.ignored(path, False):
                continue
            if name.lower().endswith(FRAGMENT_SUFFIXES):
                continue
            if kind is FileKind.RECORD and not looks_like_omrs(path):
                continue
            yield Target(str(path), kind, explicit=False)


def discover(paths: Iterable[str], exclude: Sequence[str] = ()) -> list[Target]:
    """Targets for ``paths`` in a stable order, each path once."""
    seen: dict[str, Target] = {}
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for target in _walk(path, exclude):
                seen.setdefault(target.path, target)
        else:
            seen[raw] = Target(raw, kind_of(raw), explicit=True)
    return list(seen.values())
