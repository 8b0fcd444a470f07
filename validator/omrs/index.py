"""The project index: which bundles list which records and assets, by path and digest.

Plain data, built once before a run judges anything (``omrs.project`` reads the files and
fills it; nothing here does I/O). The run asks it what to judge in whose context, and what
a change reaches: a record's verdict depends on the bundles that list it (their release and
waivers), a bundle's on every file it lists, an asset's on its bundles and the records it
names. Every path is absolute and resolved, so two spellings of one file are one key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Listing:
    """One place a bundle names a file: ``/records/N`` or ``/assets/N`` of ``bundle``."""

    bundle: Path
    pointer: str
    kind: str  # "record" or "asset"
    listed: str  # the path as the bundle writes it
    path: Path | None  # resolved; None when the listed path may not be followed
    sha256: str | None = None
    present: bool = True
    #: Record ids an asset names (disclosure, licences, consents, model licences).
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BundleFacts:
    """What one bundle lists, and the ids of the records it lists."""

    path: Path
    #: How the run shows the bundle's path (its files are shown beside it).
    display: str = ""
    records: tuple[Listing, ...] = ()
    assets: tuple[Listing, ...] = ()
    #: Record id -> the record file of that id in this bundle.
    ids: Mapping[str, Path] = field(default_factory=dict)

    @property
    def listings(self) -> tuple[Listing, ...]:
        return self.records + self.assets


class ProjectIndex:
    """Bundles by path, and for every listed file the listings that name it."""

    def __init__(self, bundles: Iterable[BundleFacts] = ()) -> None:
        self.bundles: dict[Path, BundleFacts] = {}
        self._listed: dict[Path, list[Listing]] = {}
        for facts in bundles:
            self.add(facts)

    def add(self, facts: BundleFacts) -> None:
        if facts.path in self.bundles:
            return
        self.bundles[facts.path] = facts
        for listing in facts.listings:
            if listing.path is not None:
                self._listed.setdefault(listing.path, []).append(listing)

    def is_bundle(self, path: Path) -> bool:
        return path in self.bundles

    def listings(self, path: Path, kind: str | None = None) -> tuple[Listing, ...]:
        """Where bundles name ``path`` (as a record or an asset, or either), bundle order."""
        found = self._listed.get(path, ())
        return tuple(sorted((x for x in found if kind in (None, x.kind)), key=_order))

    def bundles_listing(self, path: Path) -> tuple[Path, ...]:
        """The bundles that name ``path``, each once, in path order."""
        return tuple(dict.fromkeys(x.bundle for x in self.listings(path)))

    def depends_on(self, path: Path) -> frozenset[Path]:
        """The files whose content the verdict on ``path`` depends on (itself included).

        A bundle: every file it lists. A record: the bundles listing it. An asset: its
        bundles and the records it names there.
        """
        out = {path}
        facts = self.bundles.get(path)
        if facts is not None:
            out |= {x.path for x in facts.listings if x.path is not None}
        for listing in self.listings(path):
            out.add(listing.bundle)
            ids = self.bundles[listing.bundle].ids
            out |= {ids[name] for name in listing.names if name in ids}
        return frozenset(out)

    def dependents(self, path: Path) -> frozenset[Path]:
        """The files whose verdict may change when ``path`` changes (itself included)."""
        out = {path}
        facts = self.bundles.get(path)
        if facts is not None:
            out |= {x.path for x in facts.listings if x.path is not None}
        for listing in self.listings(path, "record"):
            out.add(listing.bundle)
            bundle = self.bundles[listing.bundle]
            ids = {i for i, p in bundle.ids.items() if p == path}
            out |= {a.path for a in bundle.assets if a.path is not None and ids & set(a.names)}
        out |= {x.bundle for x in self.listings(path, "asset")}
        return frozenset(out)

    def governing(self, path: Path) -> tuple[Path, ...]:
        """Bundles whose folder holds ``path``: they list it, or would report it missing
        if a rename took it from under their listed name."""
        return tuple(b for b in sorted(self.bundles) if b.parent in path.parents)

    def missing(self) -> tuple[Listing, ...]:
        """Listings whose file is gone (deleted, or renamed under the bundle)."""
        every = (x for facts in self.bundles.values() for x in facts.listings)
        return tuple(sorted((x for x in every if not x.present), key=_order))


def _order(listing: Listing) -> tuple[Path, str, int]:
    section, _, number = listing.pointer.rpartition("/")
    return (listing.bundle, section, int(number) if number.isdigit() else 0)
