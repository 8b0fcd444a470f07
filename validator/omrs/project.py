"""Fills the project index for a run, and decides what the run reports.

The bundles that govern a path are in its folder or above it (a bundle's paths never leave
its folder), so for every checked path the folders from its own up to the project root are
listed, once each: a root is the first folder holding ``.git``, ``.hg`` or ``.omrs.toml``
(or the ``root`` option); without one, the walk stops below the home folder. Only JSON/YAML
files naming ``bundle`` are parsed, through the run's document cache, so a pre-commit run on
one record reads its own folder's bundles and their records, and nothing else.

What a run reports is what it was given plus what a change there reaches
(``ProjectIndex.dependents``): a record brings in the bundles that list it and the assets
that name it; a bundle, every file it lists. A folder run, a run on the same files named
one by one, and a pre-commit run on the changed files therefore judge each file in the
same context and agree.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from omrs.bundles import outside
from omrs.discovery import DOCUMENT_SUFFIXES, Target, kind_of, mentions
from omrs.fileio import is_regular_file, resolved
from omrs.findings import FileKind
from omrs.index import BundleFacts, Listing, ProjectIndex
from omrs.loading import Document, LoadProblem

ROOT_MARKERS = (".git", ".hg", ".omrs.toml")


def _never_roots() -> frozenset[Path]:
    """The file system's root and the home folder: never a deliverable's root."""
    try:
        home = Path.home().resolve()
    except (RuntimeError, OSError, KeyError):
        return frozenset({Path("/").resolve()})
    return frozenset({Path(home.anchor), home})


_NEVER_ROOTS = _never_roots()
#: Loads a document through the run's cache (never raises).
Loader = Callable[[Path], "Document | LoadProblem"]


def shown(path: Path) -> str:
    """How a path the run found by itself is shown: relative to the working folder if
    inside it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Finder:
    """Finds bundles above paths; folder listings and root lookups are cached per run."""

    def __init__(self, load: Loader, root: Path | None = None) -> None:
        self._load = load
        self._root = resolved(root) if root is not None else None
        self._seen: dict[Path, tuple[Path, ...]] = {}
        self._above: dict[Path, list[Path]] = {}
        self.index = ProjectIndex()

    def folders_above(self, path: Path) -> list[Path]:
        """``path``'s folder and each one above it, up to the project root.

        Without a root marker the walk goes up to (not into) the home folder or the file
        system's root: those hold no deliverable's bundle, and may hold many files.
        """
        if path.parent not in self._above:
            self._above[path.parent] = self._walk_up(path)
        return self._above[path.parent]

    def _walk_up(self, path: Path) -> list[Path]:
        out: list[Path] = []
        for folder in path.parents:
            if folder == self._root or any(os.path.lexists(folder / m) for m in ROOT_MARKERS):
                return [*out, folder]
            if folder in _NEVER_ROOTS:
                return out
            out.append(folder)
        return out

    def bundles_in(self, folder: Path) -> tuple[Path, ...]:
        if folder not in self._seen:
            self._seen[folder] = tuple(self._scan(folder))
        return self._seen[folder]

    def _scan(self, folder: Path) -> Iterable[Path]:
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if _document(e.name))
        except OSError:
            return
        for name in names:
            if self.consider(folder / name):
                yield folder / name

    def consider(self, path: Path, display: str | None = None) -> bool:
        """Index ``path`` (shown as ``display``) if it is a bundle; whether it is one."""
        if path in self.index.bundles:
            return True
        if not _may_be_bundle(path):
            return False
        doc = self._load(Path(display or shown(path)))
        if not isinstance(doc, Document) or doc.record_type != "bundle":
            return False
        self.index.add(facts_of(path, Path(doc.path), doc.data, self._load))
        return True


def _document(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def _may_be_bundle(path: Path) -> bool:
    if not is_regular_file(path):
        return False
    try:
        return mentions(path, (b"bundle",))
    except OSError:
        return False


def _names(asset: Mapping[str, Any]) -> tuple[str, ...]:
    """The record ids an asset entry names."""
    out: list[str] = []
    for key in ("disclosure", "licenses", "consents"):
        value = asset.get(key)
        out += [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]
    for model in asset.get("models") or ():
        if isinstance(model, Mapping) and isinstance(model.get("license"), str):
            out.append(model["license"])
    return tuple(dict.fromkeys(out))


def _listing(bundle: Path, pointer: str, kind: str, entry: Mapping[str, Any]) -> Listing | None:
    listed = entry.get("path")
    if not isinstance(listed, str):
        return None
    folder = bundle.parent
    path = None if outside(folder, listed) else resolved(folder / listed)
    digest = entry.get("sha256")
    return Listing(
        bundle,
        pointer,
        kind,
        listed,
        path,
        digest if isinstance(digest, str) else None,
        present=path is not None and os.path.lexists(path),
        names=_names(entry) if kind == "asset" else (),
    )


def facts_of(path: Path, display: Path, data: Any, load: Loader) -> BundleFacts:
    """What the bundle at ``path`` lists; its records are loaded (cached) for their ids,
    shown beside the bundle as it is shown (``display``)."""
    records: list[Listing] = []
    assets: list[Listing] = []
    ids: dict[str, Path] = {}
    for section, kind, out in (("records", "record", records), ("assets", "asset", assets)):
        entries = data.get(section) if isinstance(data, Mapping) else None
        for i, entry in enumerate(entries if isinstance(entries, list) else ()):
            listing = (
                _listing(path, f"/{section}/{i}", kind, entry)
                if isinstance(entry, Mapping)
                else None
            )
            if listing is None:
                continue
            out.append(listing)
            if kind == "record" and listing.present and listing.path is not None:
                doc = load(display.parent / listing.listed)
                record_id = (
                    doc.data.get("id")
                    if isinstance(doc, Document) and isinstance(doc.data, dict)
                    else None
                )
                if isinstance(record_id, str):
                    ids.setdefault(record_id, listing.path)
    return BundleFacts(path, str(display), tuple(records), tuple(assets), ids)


def build_index(targets: Sequence[Target], load: Loader, root: Path | None = None) -> ProjectIndex:
    """The bundles among ``targets`` and above each record or media file among them."""
    finder = Finder(load, root)
    folders: dict[Path, None] = {}
    for target in targets:
        if target.path == "-" or target.problem is not None:
            continue
        path = resolved(target.path)
        if target.kind is FileKind.RECORD and finder.consider(path, target.path):
            continue  # bundles list records and assets, never bundles: nothing above to read
        folders.update(dict.fromkeys(finder.folders_above(path)))
    for folder in folders:
        finder.bundles_in(folder)
    return finder.index


def in_context(
    targets: Sequence[Target], index: ProjectIndex, sound: Callable[[Path], bool]
) -> list[Target]:
    """``targets`` plus every file whose verdict a change in them may change.

    An unlisted path under a sound bundle that names a file no longer there brings that
    bundle in: the path may be the file renamed.
    """
    given = {resolved(t.path): t for t in targets if t.path != "-" and t.problem is None}
    reached: dict[Path, None] = {}
    for path in given:
        reached.update(dict.fromkeys(sorted(index.dependents(path))))
        if not index.listings(path):
            for bundle in index.governing(path):
                gone = any(not x.present for x in index.bundles[bundle].listings)
                if gone and sound(bundle):
                    reached[bundle] = None
    added = [
        Target(_display(p, index), _kind(p, index), True)
        for p in reached
        if p not in given and _ours(p, index) and is_regular_file(p)  # else the bundle reports
    ]
    return [*targets, *added]


def _ours(path: Path, index: ProjectIndex) -> bool:
    """A reached file the run judges: a bundle, a record a bundle lists, or media. A JSON or
    YAML file listed only as an asset (captions, say) is the bundle's to hash, not a record."""
    if index.is_bundle(path) or index.listings(path, "record"):
        return True
    return kind_of(path.name) is FileKind.MEDIA


def _display(path: Path, index: ProjectIndex) -> str:
    """A listed file is shown beside its bundle as the bundle is shown."""
    facts = index.bundles.get(path)
    if facts is not None:
        return facts.display or shown(path)
    for listing in index.listings(path):
        display = index.bundles[listing.bundle].display
        if display:
            return str(Path(display).parent / listing.listed)
    return shown(path)


def _kind(path: Path, index: ProjectIndex) -> FileKind:
    if index.is_bundle(path) or index.listings(path, "record"):
        return FileKind.RECORD
    return kind_of(path.name)
