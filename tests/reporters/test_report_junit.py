"""JUnit XML output, validated against the Jenkins xUnit JUnit schema."""

from __future__ import annotations

from typing import Any

import pytest

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity
from omrs.reporters import ReportContext
from omrs.reporters.junit import JUnitReporter
from tests.reporters.reporter_runs import needs_shared

etree = pytest.importorskip("lxml.etree")


@pytest.fixture(scope="module")
def xsd() -> Any:
    return etree.XMLSchema(etree.parse(str(needs_shared("junit-10.xsd"))))


def parse(run: RunResult, ctx: ReportContext) -> Any:
    return etree.fromstring(JUnitReporter().render(run, ctx).encode("utf-8"))


def test_all_runs_validate(all_runs: list[RunResult], ctx: ReportContext, xsd: Any) -> None:
    for run in all_runs:
        doc = parse(run, ctx)
        assert xsd.validate(doc), xsd.error_log


def test_counts_and_cases(io_run: RunResult, failing_run: RunResult, ctx: ReportContext) -> None:
    suite = parse(io_run, ctx).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["records/consent.json"].get("classname") == "omrs.record"
    assert len(cases["records/consent.json"]) == 0
    failure = cases["records/bad-consent.yaml"].find("failure")
    assert failure.get("type") == "schema.required"  # the first failing finding
    assert failure.text.count("\n") >= 3  # every finding of the file is listed
    assert cases["records/missing.json"].find("error").get("message") == (
        "No such file or directory"
    )
    media = {c.get("name"): c for c in parse(failing_run, ctx).iter("testcase")}
    assert media["media/shot 01.jpg"].find("system-out").text.startswith("c2pa: invalid")
    waived = media["omrs.yaml"]
    assert waived.find("failure") is None
    assert "waived" in waived.find("system-out").text


def test_warnings_go_to_system_out(ctx: ReportContext) -> None:
    loc = Location("a.json", "/term/end")
    warn = Finding("consent.term-ends", Severity.WARNING, "ends early", loc)
    run = RunResult.of([FileResult("a.json", FileKind.RECORD, (warn,))])
    case = parse(run, ctx).find("testsuite/testcase")
    assert case.find("failure") is None
    assert "warning consent.term-ends ends early [/term/end]" in case.find("system-out").text
    strict = parse(RunResult.of(run.files, strict=True), ctx).find("testsuite/testcase")
    assert strict.find("failure").get("type") == "consent.term-ends"


def test_unknown_file_is_skipped(ctx: ReportContext, xsd: Any) -> None:
    run = RunResult.of([FileResult("notes.txt", FileKind.UNKNOWN)])
    doc = parse(run, ctx)
    assert xsd.validate(doc)
    assert doc.find("testsuite").get("skipped") == "1"


def test_control_characters_do_not_break_xml(ctx: ReportContext, xsd: Any) -> None:
    bad = Finding("load.yaml-syntax", Severity.ERROR, "bad \x00 byte \x1b[31m", Location("x.yaml"))
    run = RunResult.of([FileResult("x\x07.yaml", FileKind.UNKNOWN, (bad,))])
    doc = parse(run, ctx)
    assert xsd.validate(doc)
    failure = doc.find("testsuite/testcase/failure")
    assert failure.get("message") == "bad \\x00 byte \\x1b[31m"
    assert doc.find("testsuite/testcase").get("name") == "x\\x07.yaml"
