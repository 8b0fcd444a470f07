"""JUnit XML: one test case per checked file, for CI systems that only read test reports.

A file with failing findings is a ``<failure>`` (typed by its first failing code, the body
lists every finding), an unreadable file is an ``<error>``, and warnings, notes, waived
findings and the C2PA verdict go to ``<system-out>``. lxml is imported only when rendering.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from omrs.findings import FileKind, FileResult, Finding, RunResult
from omrs.reporters.base import (
    IO_ERROR_CODE,
    ReportContext,
    Reporter,
    applied_profiles,
    is_failing,
    sorted_findings,
    utc_timestamp,
    visible,
    visible_path,
)


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 cannot carry at all; replaced so a hostile message cannot break
    the file. Compiled on first use: the character ranges cost milliseconds to compile."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text as XML can carry it: the shared visible escapes, then U+FFFD for what remains."""
    return _not_xml().sub("\ufffd", visible(text))


def _line(finding: Finding) -> str:
    loc = finding.location
    where = visible_path(loc.path) + "".join(
        f":{n}" for n in (loc.line, loc.column) if n is not None
    )
    text = f"{where}: {finding.severity.value} {finding.code} {finding.message}"
    if loc.pointer:
        text += f" [{loc.pointer}]"
    if finding.waived_by:
        text += f" (waived: {finding.waived_by})"
    return text


def _c2pa_line(file: FileResult) -> list[str]:
    c2pa = file.details.get("c2pa")
    if not isinstance(c2pa, Mapping):
        return []
    codes = " ".join(
        ("ingredient:" if c.get("ingredient") else "") + str(c.get("code"))
        for c in c2pa.get("codes", ())
    )
    return [f"c2pa: {c2pa.get('state')}" + (f" ({codes})" if codes else "")]


def _testcase(etree: Any, file: FileResult, strict: bool) -> tuple[Any, str]:
    """The ``<testcase>`` of ``file`` and its outcome: passed, failure, error or skipped."""
    case = etree.Element(
        "testcase", classname=f"omrs.{file.kind.value}", name=visible_path(file.path)
    )
    findings = sorted_findings(file)
    failing = [f for f in findings if is_failing(f, strict=strict)]
    outcome = "passed"
    if file.io_error:
        etree.SubElement(
            case, "error", message=xml_text(file.io_error), type=IO_ERROR_CODE
        ).text = xml_text(file.io_error)
        outcome = "error"
    if failing:
        first = failing[0]
        failure = etree.SubElement(
            case, "failure", message=xml_text(first.message), type=xml_text(first.code)
        )
        failure.text = xml_text("\n".join(_line(f) for f in findings))
        outcome = "error" if file.io_error else "failure"
    elif not file.io_error and file.kind is FileKind.UNKNOWN and not findings:
        etree.SubElement(case, "skipped", message="not an OMRS record, bundle or media file")
        outcome = "skipped"
    others = [_line(f) for f in findings if not failing] + _c2pa_line(file)
    if others:
        etree.SubElement(case, "system-out").text = xml_text("\n".join(others))
    return case, outcome


class JUnitReporter(Reporter):
    """JUnit XML (Jenkins xUnit schema), one ``<testcase>`` per file."""

    name = "junit"
    description = "JUnit XML, one test case per checked file"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        from lxml import etree

        cases = [_testcase(etree, f, run.strict) for f in run.files]
        counts = {k: sum(1 for _, o in cases if o == k) for k in ("failure", "error", "skipped")}
        totals = {
            "tests": str(len(cases)),
            "failures": str(counts["failure"]),
            "errors": str(counts["error"]),
        }
        root = etree.Element("testsuites", name=ctx.tool_name, **totals)
        suite = etree.SubElement(
            root, "testsuite", name=ctx.tool_name, skipped=str(counts["skipped"]), **totals
        )
        if ctx.run_started is not None:
            suite.set("timestamp", utc_timestamp(ctx.run_started))
            if ctx.run_finished is not None:
                seconds = (ctx.run_finished - ctx.run_started).total_seconds()
                suite.set("time", f"{max(seconds, 0.0):.3f}")
        props = etree.SubElement(suite, "properties")
        for key, value in (
            ("omrs.version", ctx.tool_version),
            ("omrs.standardVersion", ctx.standard_version),
            ("omrs.strict", str(run.strict).lower()),
            ("omrs.asOf", ctx.as_of.isoformat() if ctx.as_of else ""),
            ("omrs.profiles.applied", ",".join(applied_profiles(run))),
            ("omrs.profiles.chosen", ",".join(ctx.chosen_profiles)),
            ("omrs.profiles.excluded", ",".join(ctx.excluded_profiles)),
        ):
            etree.SubElement(props, "property", name=key, value=value)
        suite.extend(case for case, _ in cases)
        xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return xml.decode("utf-8")
