"""The rule catalogue: every finding code OMRS can emit, as data.

Each entry has a stable id, a default severity, a title, the rationale and the sources it
rests on. Semantic rules also carry their check function (see ``omrs.rules.engine``);
codes produced by the loader, the schema validator, the C2PA and XMP layers are listed
here without one so that ``omrs explain``, SARIF rule metadata and ``spec/1.0/rules.md``
all come from one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from omrs.citations import CodeTable as CodeTable
from omrs.citations import Source as Source
from omrs.findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalogue entry. ``check`` is ``None`` for codes raised by other layers."""

    id: str
    title: str
    severity: Severity
    rationale: str
    sources: tuple[Source, ...] = ()
    profiles: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()
    check: Callable[..., Iterable[Any]] | None = field(default=None, compare=False)
    #: The first standard version whose documents the rule judges (``MAJOR.MINOR``); the rule
    #: applies to that version and every later minor of the same major.
    since: str = "1.0"

    def citation(self) -> str | None:
        return "; ".join(s.cite() for s in self.sources) or None

    def applies_in(self, version: str) -> bool:
        """Whether a document of standard ``version`` is judged by this rule."""
        have, need = _version_key(version), _version_key(self.since)
        return have is not None and need is not None and have[0] == need[0] and have >= need


def _version_key(version: str) -> tuple[int, int] | None:
    major, _, minor = version.partition(".")
    return (int(major), int(minor)) if major.isdigit() and minor.isdigit() else None


_CATALOGUE: dict[str, Rule] = {}

#: A layer's finding codes without checks: code -> (severity, title, rationale, sources).


def register(rule: Rule) -> Rule:
    """Add ``rule``; ids are unique and stable, so a second registration is a bug."""
    if rule.id in _CATALOGUE:
        raise ValueError(f"rule id registered twice: {rule.id}")
    _CATALOGUE[rule.id] = rule
    return rule


def register_codes(table: CodeTable) -> None:
    """Register the codes a layer raises itself (C2PA, XMP): explained, never run as rules."""
    for code, (severity, title, rationale, sources) in table.items():
        register(Rule(code, title, severity, rationale, sources))


def _load_all() -> None:
    # Importing the modules registers their rules; kept lazy so start-up stays cheap.
    from omrs.rules import builtin  # noqa: F401


def get(rule_id: str) -> Rule | None:
    _load_all()
    return _CATALOGUE.get(rule_id)


def all_rules() -> Iterator[Rule]:
    """Every rule, sorted by id (the order of ``omrs explain --list`` and the spec page)."""
    _load_all()
    yield from (_CATALOGUE[k] for k in sorted(_CATALOGUE))
