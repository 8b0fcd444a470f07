"""GitHub workflow commands: exact format and escaping that survives any text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity
from omrs.reporters import ReportContext
from omrs.reporters.base import visible
from omrs.reporters.github import GitHubReporter, escape_data, escape_property, unescape


def test_annotations(failing_run: RunResult, io_run: RunResult, ctx: ReportContext) -> None:
    lines = GitHubReporter().render(failing_run, ctx).splitlines()
    assert (
        "::error file=records/bad-consent.yaml,line=3,col=3,title=schema.required::"
        "'name' is a required property [/subject/name]"
    ) in lines
    assert (
        "::warning file=records/bad-consent.yaml,title=consent.term-ends::"
        "the consent ends before the release date [/term/end]"
    ) in lines
    assert any(
        line.startswith("::notice file=records/bad-consent.yaml,title=vendor") for line in lines
    )
    assert not any("bundle.asset-digest" in line for line in lines)  # waived
    io_lines = GitHubReporter().render(io_run, ctx).splitlines()
    assert "::error file=records/missing.json,title=io.unreadable::No such file or directory" in (
        io_lines
    )


def test_passing_run_is_silent(passing_run: RunResult, ctx: ReportContext) -> None:
    assert GitHubReporter().render(passing_run, ctx) == ""


def test_escapes() -> None:
    assert escape_data("100%\r\ndone: a, b") == "100%25%0D%0Adone: a, b"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


@given(st.text())
def test_round_trip(text: str) -> None:
    assert unescape(escape_data(text)) == text
    assert unescape(escape_property(text)) == text
    assert not re.search("[\r\n]", escape_data(text))
    assert not re.search("[\r\n:,]", escape_property(text))


@given(path=st.text(min_size=1), code=st.text(min_size=1), message=st.text())
def test_one_line_per_finding(path: str, code: str, message: str) -> None:
    loc = Location(path, "", 1, 1)
    findings = (
        Finding(code, Severity.ERROR, message, loc),
        Finding(code, Severity.WARNING, message, Location(path)),
    )
    run = RunResult.of([FileResult(path, FileKind.RECORD, findings)])
    out = GitHubReporter().render(run, ReportContext())
    lines = out.split("\n")
    assert lines[-1] == ""
    assert len(lines) == 3
    assert "\r" not in out
    for line in lines[:-1]:
        command, _, data = line.partition(" ")[2].partition("::")
        props = dict(p.split("=", 1) for p in command.split(","))
        assert unescape(props["title"]) == visible(code, lines=False)
        assert unescape(data) == visible(message)
