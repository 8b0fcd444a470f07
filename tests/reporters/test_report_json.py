"""The versioned JSON report: schema-valid, deterministic, leading with its versions."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from omrs.findings import FileResult, RunResult
from omrs.reporters import ReportContext
from omrs.reporters.json_report import JsonReporter
from omrs.version import REPORT_FORMAT_VERSION, STANDARD_VERSION, TOOL_VERSION
from tests.reporters.reporter_runs import (
    REPO_ROOT,
    consent_file,
    failing_file,
    media_file,
    unreadable_file,
    waived_file,
)

SCHEMA_PATH = REPO_ROOT / "schemas" / "report" / REPORT_FORMAT_VERSION / "report.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def report(run: RunResult, ctx: ReportContext) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(JsonReporter().render(run, ctx))
    return data


def test_schema_identity() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"] == (
        f"https://omrs.org/schemas/report/{REPORT_FORMAT_VERSION}/report.schema.json"
    )
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((name, sub))
        for value in node.values():
            found.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value))
    return found


def test_every_property_is_described() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    for name, sub in _properties(schema):
        target = defs[sub["$ref"].rsplit("/", 1)[1]] if "$ref" in sub else sub
        assert sub.get("description") or target.get("description"), name


def test_all_runs_validate(
    all_runs: list[RunResult], ctx: ReportContext, validator: Draft202012Validator
) -> None:
    for run in all_runs:
        errors = list(validator.iter_errors(report(run, ctx)))
        assert not errors, [e.message for e in errors]


def test_timestamps_only_when_given(
    failing_run: RunResult, ctx: ReportContext, validator: Draft202012Validator
) -> None:
    assert "startedAt" not in report(failing_run, ctx)
    moment = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    stamped = report(failing_run, replace(ctx, run_started=moment, run_finished=moment))
    assert stamped["startedAt"] == "2026-11-21T19:00:00Z"
    validator.validate(stamped)


def test_leads_with_versions(failing_run: RunResult, ctx: ReportContext) -> None:
    data = report(failing_run, ctx)
    assert list(data)[:3] == ["tool", "standardVersion", "formatVersion"]
    assert data["tool"] == {"name": "omrs", "version": TOOL_VERSION}
    assert data["standardVersion"] == STANDARD_VERSION
    assert data["formatVersion"] == REPORT_FORMAT_VERSION
    assert data["summary"] == failing_run.counts()
    assert data["exitCode"] == 1


def test_file_entries(failing_run: RunResult, io_run: RunResult, ctx: ReportContext) -> None:
    files = {f["path"]: f for f in report(failing_run, ctx)["files"]}
    media = files["media/shot 01.jpg"]
    assert media["kind"] == "media"
    assert media["c2pa"]["state"] == "invalid"
    assert media["details"] == {"xmp": {"digitalSourceType": "trainedAlgorithmicMedia"}}
    assert files["omrs.yaml"]["passed"] is True
    assert files["omrs.yaml"]["findings"][0]["waivedBy"].startswith("waiver /waivers/0")
    bad = files["records/bad-consent.yaml"]
    assert bad["passed"] is False
    assert [f["line"] for f in bad["findings"]] == [None, None, 3, 14]
    missing = {f["path"]: f for f in report(io_run, ctx)["files"]}["records/missing.json"]
    assert missing["ioError"] == "No such file or directory"
    assert missing["passed"] is False


def test_deterministic_bytes(ctx: ReportContext) -> None:
    files = [consent_file(), failing_file(), waived_file(), media_file(), unreadable_file()]
    expected = JsonReporter().render(RunResult.of(files), ctx)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = [
            replace(f, findings=tuple(rng.sample(f.findings, len(f.findings)))) for f in files
        ]
        rng.shuffle(shuffled)
        assert JsonReporter().render(RunResult.of(shuffled), ctx) == expected


def test_nested_keys_sorted_and_utf8(failing_run: RunResult, ctx: ReportContext) -> None:
    text = JsonReporter().render(failing_run, ctx)
    assert "§" in text  # ensure_ascii=False: sources stay readable

    def check(node: Any) -> None:
        if isinstance(node, dict):
            assert list(node) == sorted(node)
            for value in node.values():
                check(value)
        elif isinstance(node, list):
            for value in node:
                check(value)

    data = json.loads(text)
    for key in ("summary", "files"):
        check(data[key])


def test_detail_values_made_json_ready(ctx: ReportContext) -> None:
    odd = FileResult(
        "x.jpg",
        consent_file().kind,
        details={"paths": {Path("b"), Path("a")}, "when": datetime(2026, 1, 2, tzinfo=UTC)},
    )
    data = report(RunResult.of([odd]), ctx)
    assert data["files"][0]["details"] == {
        "paths": ["a", "b"],
        "when": "2026-01-02T00:00:00+00:00",
    }


def test_spec_example_is_valid(validator: Draft202012Validator) -> None:
    spec = (REPO_ROOT / "spec" / "report-format.md").read_text(encoding="utf-8")
    example = spec.split("```json\n", 1)[1].split("```", 1)[0]
    validator.validate(json.loads(example))
