"""Report formats for ``omrs check --format``: a registry of small reporter classes.

Usage: ``get_reporter(name)().render(run, ReportContext(...))`` returns the whole report as
text; ``summary(run)`` is the one-line terminal summary. Reporters never print.
"""

from __future__ import annotations

from omrs.reporters.base import ReportContext, Reporter, summary
from omrs.reporters.github import GitHubReporter
from omrs.reporters.gitlab import GitLabReporter
from omrs.reporters.json_report import JsonReporter
from omrs.reporters.junit import JUnitReporter
from omrs.reporters.sarif import SarifReporter
from omrs.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls
    for cls in (
        TextReporter,
        JsonReporter,
        SarifReporter,
        JUnitReporter,
        GitHubReporter,
        GitLabReporter,
    )
}

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
        import importlib

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
