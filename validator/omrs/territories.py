"""Territories: the one table of territory groups, and what a list of territories covers.

A territory is ``WORLD``, an ISO 3166-1 country (``FR``), an ISO 3166-2 subdivision
(``US-CA``, inside its country) or, from OMRS 1.1, a group (``EU``, ``EEA``) that stands for
its member countries. A grant, a licence or a release may also exclude territories
("WORLD except CN"). Every rule and export that compares territories goes through
:class:`Scope`, so groups and exclusions mean the same thing everywhere.

The groups are the members of the standard version that defines them (OMRS 1.1: the EU's
27 member states, and the EEA, which adds Iceland, Liechtenstein and Norway). Should a
membership change, a later minor version lists the new members, and a record keeps the
meaning of the version it declares. The spec's group table is generated from ``GROUPS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

WORLD = "WORLD"

#: The 27 EU member states (ISO 3166-1 alpha-2; Greece is GR, not the EU's own EL).
EU_MEMBERS = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
}  # fmt: skip
#: The EFTA states party to the Agreement on the European Economic Area (not Switzerland).
EEA_EFTA_MEMBERS = {"IS": "Iceland", "LI": "Liechtenstein", "NO": "Norway"}


@dataclass(frozen=True, slots=True)
class Group:
    """A named group of countries that a record may list instead of its members."""

    code: str
    title: str
    members: Mapping[str, str]
    basis: str


GROUPS: dict[str, Group] = {
    g.code: g
    for g in (
        Group("EU", "European Union", EU_MEMBERS, "the 27 member states"),
        Group(
            "EEA",
            "European Economic Area",
            {**EU_MEMBERS, **EEA_EFTA_MEMBERS},
            "the EU member states, Iceland, Liechtenstein and Norway",
        ),
    )
}


def country(code: str) -> str:
    """The country of a subdivision code (``US`` for ``US-CA``); other codes themselves."""
    return code.split("-", 1)[0]


def is_subdivision(code: str) -> bool:
    return "-" in code


def members(code: str) -> list[str]:
    """The countries a group stands for (sorted), or the code itself."""
    group = GROUPS.get(code)
    return sorted(group.members) if group else [code]


def expand(codes: Iterable[str]) -> list[str]:
    """``codes`` with each group replaced by its members, first occurrence kept."""
    return list(dict.fromkeys(m for code in codes for m in members(code)))


def describe(territories: Sequence[str], excluded: Sequence[str] = ()) -> str:
    """How a message names a scope: ``WORLD except CN, RU``."""
    text = ", ".join(territories) or "nothing"
    return f"{text} except {', '.join(excluded)}" if excluded else text


@dataclass(frozen=True, slots=True)
class Scope:
    """The territories a list reaches, minus its exclusions, answered by set lookups.

    Built once per list, so each question is O(1) (a bundle may list tens of thousands
    of subdivisions): ``covers`` (the whole of a code is in scope), ``reaches`` (some part
    of it is), ``missing`` (what of another scope is not covered).
    """

    listed: tuple[str, ...]
    excluded_listed: tuple[str, ...] = ()
    world: bool = False
    countries: frozenset[str] = frozenset()
    subdivisions: frozenset[str] = frozenset()
    ex_world: bool = False
    ex_countries: frozenset[str] = frozenset()
    ex_subdivisions: frozenset[str] = frozenset()
    #: Included and excluded subdivisions by their country.
    subs_by_country: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ex_by_country: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, territories: Iterable[str], excluded: Iterable[str] = ()) -> Scope:
        listed, ex_listed = tuple(territories), tuple(excluded)
        inc, exc = expand(listed), expand(ex_listed)
        return cls(
            listed,
            ex_listed,
            world=WORLD in inc,
            countries=frozenset(c for c in inc if c != WORLD and not is_subdivision(c)),
            subdivisions=frozenset(c for c in inc if is_subdivision(c)),
            ex_world=WORLD in exc,
            ex_countries=frozenset(c for c in exc if c != WORLD and not is_subdivision(c)),
            ex_subdivisions=frozenset(c for c in exc if is_subdivision(c)),
            subs_by_country=_by_country(inc),
            ex_by_country=_by_country(exc),
        )

    @classmethod
    def of_record(cls, data: Mapping[str, object]) -> Scope:
        """The scope of an object with ``territories`` and ``excludedTerritories``."""
        return cls.of(_codes(data.get("territories")), _codes(data.get("excludedTerritories")))

    def atoms(self) -> Iterator[str]:
        """The included countries and subdivisions in listed order (groups expanded)."""
        return (a for a in expand(self.listed) if a != WORLD)

    def included(self, atom: str) -> bool:
        """Whether the listed territories (exclusions aside) hold the whole of ``atom``."""
        return (
            self.world
            or atom in self.countries
            or atom in self.subdivisions
            or (country(atom) in self.countries)
        )

    def wholly_excluded(self, atom: str) -> bool:
        return (
            self.ex_world
            or atom in self.ex_countries
            or atom in self.ex_subdivisions
            or country(atom) in self.ex_countries
        )

    def partly_excluded(self, atom: str) -> bool:
        return self.wholly_excluded(atom) or bool(self.ex_by_country.get(atom))

    @property
    def has_exclusions(self) -> bool:
        return bool(self.excluded_listed)

    def covers(self, code: str) -> bool:
        """Whether the whole of ``code`` (WORLD, a group, a country, a subdivision) is in scope."""
        if code == WORLD:
            return self.world and not self.has_exclusions
        if code in GROUPS:
            return all(self.covers(m) for m in GROUPS[code].members)
        return self.included(code) and not self.partly_excluded(code)

    def reaches(self, code: str) -> bool:
        """Whether some part of ``code`` is in scope (a country is reached by a subdivision)."""
        if code == WORLD:
            return not self.empty
        if code in GROUPS:
            return any(self.reaches(m) for m in GROUPS[code].members)
        if self.included(code) and not self.wholly_excluded(code):
            return True
        subs = self.subs_by_country.get(code, ())
        return not is_subdivision(code) and any(not self.wholly_excluded(s) for s in subs)

    @property
    def empty(self) -> bool:
        """Whether the exclusions leave nothing."""
        if self.ex_world:
            return True
        if self.world:
            return False
        return all(self.wholly_excluded(a) for a in self.atoms())

    def missing(self, needed: Scope, *others: Scope) -> list[str]:
        """The parts of ``needed`` that neither this scope nor ``others`` covers.

        A part counts as covered when one scope covers it whole (a country split between a
        consent and a statutory basis is not added up). Groups whose members are all
        missing are named by the group; WORLD that no scope covers is named ``WORLD``.
        """
        granted = (self, *others)
        if needed.ex_world:
            return []
        if needed.world:
            return _world_holes(needed, granted)
        out: list[str] = []
        for atom in needed.atoms():
            if needed.wholly_excluded(atom) or any(g.covers_within(atom, needed) for g in granted):
                continue
            holder = next((g for g in granted if g.included(atom)), None)
            out += holder.holes(atom, needed) if holder else [atom]
        return _grouped(list(dict.fromkeys(out)), needed.listed)

    def covers_within(self, atom: str, needed: Scope) -> bool:
        """Whether this scope covers ``atom`` apart from what ``needed`` itself excludes."""
        return self.included(atom) and not self.holes(atom, needed)

    def holes(self, atom: str, needed: Scope) -> list[str]:
        """This scope's exclusions inside ``atom`` that ``needed`` does not exclude too."""
        if self.wholly_excluded(atom):
            return [atom]
        inside = self.ex_by_country.get(atom, ()) if not is_subdivision(atom) else ()
        return sorted(s for s in inside if not needed.wholly_excluded(s))


def _codes(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _by_country(codes: Iterable[str]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for code in codes:
        if is_subdivision(code):
            found.setdefault(country(code), set()).add(code)
    return {k: frozenset(v) for k, v in found.items()}


def _world_holes(needed: Scope, granted: Sequence[Scope]) -> list[str]:
    """What of a WORLD-wide ``needed`` the granting scopes leave out (fewest holes wins)."""
    best: list[str] | None = None
    for scope in granted:
        if not scope.world or scope.ex_world:
            continue
        others = [g for g in granted if g is not scope]
        excluded = [*sorted(scope.ex_countries), *sorted(scope.ex_subdivisions)]
        holes = [
            e
            for e in excluded
            if not needed.wholly_excluded(e) and not any(o.covers(e) for o in others)
        ]
        if best is None or len(holes) < len(best):
            best = holes
    return [WORLD] if best is None else _grouped(best)


def _grouped(found: list[str], named: Iterable[str] = ()) -> list[str]:
    """``found`` for a message: a group's members folded into the group (largest first),
    and most of a group that ``needed`` named as ``EU except FR``."""
    present = set(found)
    folded: dict[str, str] = {}
    for group in sorted(GROUPS.values(), key=lambda g: -len(g.members)):
        names = set(group.members)
        if names <= present and not names & folded.keys():
            folded.update(dict.fromkeys(names, group.code))
    for code in named:
        names = set(GROUPS[code].members) if code in GROUPS else set()
        gone = names & present
        if len(gone) * 2 > len(names) and not gone & folded.keys():
            label = f"{code} except {', '.join(sorted(names - gone))}"
            folded.update(dict.fromkeys(gone, label))
    return list(dict.fromkeys(folded.get(code, code) for code in found))
