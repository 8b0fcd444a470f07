"""The registry, the shared summary line, and properties every reporter must have."""

from __future__ import annotations

import subprocess
import sys

import pytest

from omrs.findings import RunResult
from omrs.reporters import (
    LAZY_REPORTERS,
    REPORTERS,
    ReportContext,
    Reporter,
    get_reporter,
    names,
    summary,
)


def test_names_lists_every_format_with_text_first() -> None:
    assert names()[0] == "text"
    assert set(names()) == {"text", "json", "sarif", "junit", "github", "gitlab", "md"}
    assert set(names()) == set(REPORTERS) | set(LAZY_REPORTERS)


def test_a_lazy_format_is_imported_only_when_asked_for() -> None:
    """The Markdown review (a higher layer) joins the registry by one line, loaded lazily."""
    reporter = get_reporter("md")
    assert reporter.name == "md" and "md" not in REPORTERS


def test_get_reporter_returns_the_class() -> None:
    for name in names():
        cls = get_reporter(name)
        assert issubclass(cls, Reporter)
        assert cls.name == name
        assert cls.description


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(KeyError, match="choose from text"):
        get_reporter("yaml")


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_renders_every_run(
    name: str, all_runs: list[RunResult], ctx: ReportContext
) -> None:
    for run in all_runs:
        out = get_reporter(name)().render(run, ctx)
        assert isinstance(out, str)
        assert out == "" or out.endswith("\n")
        assert out == get_reporter(name)().render(run, ctx)


def test_summary_counts(failing_run: RunResult, io_run: RunResult) -> None:
    assert summary(failing_run) == "4 files checked: 2 failed, 3 errors, 1 warning, 1 waived"
    assert summary(io_run) == "3 files checked: 1 failed, 2 errors, 1 warning, 1 unreadable"
    assert summary(RunResult.of([])) == "0 files checked: 0 failed, 0 errors, 0 warnings"


def test_light_reporters_do_not_import_heavy_libraries() -> None:
    """Start-up: a pre-commit run with text/json/github output never loads lxml or c2pa."""
    code = (
        "import sys\n"
        "from omrs.findings import RunResult\n"
        "from omrs.reporters import ReportContext, get_reporter\n"
        "for n in ('text', 'json', 'github', 'gitlab'):\n"
        "    get_reporter(n)().render(RunResult.of([]), ReportContext())\n"
        "print(sorted(m for m in ('lxml', 'c2pa') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
