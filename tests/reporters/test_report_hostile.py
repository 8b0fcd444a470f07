"""Any run renders in every format, whatever strings a stranger's files put into it.

Lone surrogates from JSON data (``"\\ud800"``), non-UTF-8 file names (surrogate escapes),
terminal escapes and bidirectional overrides: once each of these crashed a reporter (and
lost the whole report) or reached the terminal raw. The policy lives in reporters/base.py.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity, Skipped
from omrs.reporters import REPORTERS, ReportContext
from omrs.reporters.base import plain, shown_path, uri_path, visible, visible_path
from tests.reporters.reporter_runs import REPO_ROOT, needs_shared

BAD_NAME = os.fsdecode(b"shots/bad\x80\xff name\n.json")
SURROGATE = "\ud800"
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\x7f\u202eevil\u2066\u200f"
#: What must never reach a terminal raw from the text, GitHub or JUnit output.
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: What JSON formats must carry only as \\u escapes.
RAW_IN_JSON = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
JSON_FORMATS = ("json", "sarif", "gitlab")
PEOPLE_FORMATS = ("text", "github", "junit")


@pytest.fixture(scope="module")
def json_validator() -> Any:
    from jsonschema import Draft202012Validator

    from omrs.version import REPORT_FORMAT_VERSION

    path = REPO_ROOT / "schemas" / "report" / REPORT_FORMAT_VERSION / "report.schema.json"
    return Draft202012Validator(json.loads(path.read_text("utf-8")))


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    from jsonschema import Draft4Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    schema = json.loads(needs_shared("sarif-schema-2.1.0.json").read_text("utf-8"))
    registry: Any = Registry().with_resource(schema["id"], DRAFT4.create_resource(schema))
    return Draft4Validator(schema, registry=registry)


@pytest.fixture(scope="module")
def xsd() -> Any:
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(needs_shared("junit-10.xsd"))))


def hostile_run(path: str = BAD_NAME, text: str = SURROGATE * 3 + ESCAPES) -> RunResult:
    findings = (
        Finding("bundle.reference", Severity.ERROR, f"asset {text} missing", Location(path)),
        Finding(
            "schema.enum",
            Severity.WARNING,
            f"line one {text}\nline two",
            Location(path, f"/a{text}", 3, 4),
            source=text,
        ),
        Finding("waiver.unused", Severity.ERROR, text, Location(path), waived_by=text),
    )
    code = {"code": text or "x", "kind": "failure", "ingredient": False}
    details = {"c2pa": {"state": "invalid", "codes": [code]}, "xmp": {text: text}}
    files = [
        FileResult(path, FileKind.BUNDLE, findings, record_type=text, details=details),
        FileResult(path + SURROGATE + ".yaml", FileKind.RECORD, io_error=text),
    ]
    return RunResult.of(files, skipped=[Skipped(path + ".fifo.json", "a named pipe (FIFO)")])


def render(fmt: str, run: RunResult) -> str:
    out = REPORTERS[fmt]().render(run, ReportContext(base_dir=Path("."), verbose=True))
    out.encode("utf-8")  # strict: a lone surrogate here would have lost the report
    return out


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_a_hostile_run(fmt: str) -> None:
    out = render(fmt, hostile_run())
    if fmt in JSON_FORMATS:
        json.loads(out)
        assert not RAW_IN_JSON.search(out.replace("\n", "").replace("  ", ""))
    else:
        assert not RAW_UNSAFE.search(out)


def test_the_shown_forms() -> None:
    assert shown_path(BAD_NAME) == "shots/bad\\x80\\xff name\n.json"
    assert visible_path(BAD_NAME) == "shots/bad\\x80\\xff name\\x0a.json"
    assert plain("a\ud800b\udfff") == "a\\ud800b\\udfff"
    assert visible("\x1b[31m\u202e\tok\n") == "\\x1b[31m\\u202e\tok\n"
    assert visible("a\tb\nc", lines=False) == "a\\x09b\\x0ac"
    assert uri_path(BAD_NAME) == "shots/bad%80%FF%20name%0A.json"


def test_text_output_shows_names_and_values_escaped() -> None:
    out = render("text", hostile_run())
    assert "shots/bad\\x80\\xff name\\x0a.json:3:4: warning schema.enum line one " in out
    assert "\\ud800\\ud800\\ud800\\x1b[2J" in out
    assert "\n    line two" in out  # a message still continues on an indented line
    assert "skipped: a named pipe (FIFO)" in out
    assert "1 non-regular file skipped" in out


def test_json_formats_keep_the_values(json_validator: Any) -> None:
    report = json.loads(render("json", hostile_run()))
    assert not list(json_validator.iter_errors(report))
    bundle = report["files"][0]
    assert bundle["path"] == "shots/bad\\x80\\xff name\n.json"
    assert bundle["findings"][0]["message"] == "asset " + "\\ud800" * 3 + ESCAPES + " missing"
    assert report["skipped"] == [
        {"path": "shots/bad\\x80\\xff name\n.json.fifo.json", "reason": "a named pipe (FIFO)"}
    ]


def test_sarif_of_a_hostile_run_validates(sarif_validator: Any) -> None:
    log = json.loads(render("sarif", hostile_run()))
    errors = list(sarif_validator.iter_errors(log))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert "shots/bad%80%FF%20name%0A.json" in uris
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} == {"io.unreadable", "io.not-regular"}


def test_junit_of_a_hostile_run_validates(xsd: Any) -> None:
    from lxml import etree

    doc = etree.fromstring(render("junit", hostile_run()).encode("utf-8"))
    assert xsd.validate(doc), xsd.error_log
    names = [c.get("name") for c in doc.iter("testcase")]
    assert "shots/bad\\x80\\xff name\\x0a.json" in names


@settings(max_examples=60, deadline=None)
@given(
    path=st.text(min_size=1, max_size=30).filter(lambda p: "\0" not in p),
    text=st.text(max_size=40),
)
def test_any_strings_render_in_every_format(path: str, text: str) -> None:
    run = hostile_run(path, text)
    for fmt in REPORTERS:
        out = render(fmt, run)
        if fmt in JSON_FORMATS:
            json.loads(out)
        else:
            assert not RAW_UNSAFE.search(out), fmt
