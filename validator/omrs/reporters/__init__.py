"""Report formats for ``omrs check --format``: a registry of small reporter classes.

Usage: ``get_reporter(name)().render(run, ReportContext(...))`` returns the whole report as
text; ``summary(run)`` is the one-line terminal summary. Reporters never print.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

from omrs.reporters.base import ReportContext, Reporter, summary

#: Each format's reporter class as ``module:Class``, imported when first asked for: a run
#: pays the import of the one format it writes, not of all of them.
_CLASSES = {
    "text": "omrs.reporters.text:TextReporter",
    "json": "omrs.reporters.json_report:JsonReporter",
    "sarif": "omrs.reporters.sarif:SarifReporter",
    "junit": "omrs.reporters.junit:JUnitReporter",
    "github": "omrs.reporters.github:GitHubReporter",
    "gitlab": "omrs.reporters.gitlab:GitLabReporter",
}


class _Registry(MutableMapping[str, type[Reporter]]):
    """Format name to reporter class, importing each ``module:Class`` on first use; a class
    may also be registered as it is."""

    def __init__(self, entries: dict[str, str]) -> None:
        self._entries: dict[str, str | type[Reporter]] = dict(entries)

    def __getitem__(self, name: str) -> type[Reporter]:
        entry = self._entries[name]
        if isinstance(entry, str):
            module, _, cls = entry.partition(":")
            entry = self._entries[name] = getattr(importlib.import_module(module), cls)
        return entry

    def __setitem__(self, name: str, cls: type[Reporter]) -> None:
        self._entries[name] = cls

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


REPORTERS: MutableMapping[str, type[Reporter]] = _Registry(_CLASSES)

#: Formats of higher layers, imported only when asked for ("module:Class"): a new one
#: joins ``--report`` with one line here.
LAZY_REPORTERS: dict[str, str] = {
    "md": "omrs.report.reporter:MarkdownReviewReporter",
}

DEFAULT_FORMAT = "text"


def names() -> list[str]:
    """Every format name, default first (``--report`` takes them all)."""
    others = {*REPORTERS, *LAZY_REPORTERS} - {DEFAULT_FORMAT}
    return [DEFAULT_FORMAT, *sorted(others)]


def get_reporter(name: str) -> type[Reporter]:
    """The reporter class for ``name``; ``KeyError`` lists the valid names."""
    if name not in REPORTERS and name in LAZY_REPORTERS:
        module, attr = LAZY_REPORTERS[name].split(":")
        found: type[Reporter] = getattr(importlib.import_module(module), attr)
        return found
    try:
        return REPORTERS[name]
    except KeyError:
        raise KeyError(
            f"unknown report format {name!r}; choose from {', '.join(names())}"
        ) from None


__all__ = [
    "DEFAULT_FORMAT",
    "LAZY_REPORTERS",
    "REPORTERS",
    "ReportContext",
    "Reporter",
    "get_reporter",
    "names",
    "summary",
]
