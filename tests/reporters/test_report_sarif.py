"""SARIF 2.1.0 output, validated against the OASIS schema (draft-04, offline)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity
from omrs.reporters import ReportContext
from omrs.reporters.sarif import SarifReporter
from tests.reporters.reporter_runs import needs_shared


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(needs_shared("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    resource: Resource[Any] = DRAFT4.create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(schema["id"], resource)
    return Draft4Validator(schema, registry=registry)


def sarif(run: RunResult, ctx: ReportContext) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SarifReporter().render(run, ctx))
    return data


def test_all_runs_validate(
    all_runs: list[RunResult], ctx: ReportContext, validator: Draft4Validator
) -> None:
    for run in all_runs:
        errors = list(validator.iter_errors(sarif(run, ctx)))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_driver_and_rules(failing_run: RunResult, ctx: ReportContext) -> None:
    run = sarif(failing_run, ctx)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "omrs"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({f.code for f in failing_run.findings})
    required = driver["rules"][ids.index("schema.required")]
    assert required["shortDescription"]["text"] == "A required field is missing"
    assert required["defaultConfiguration"]["level"] == "error"
    assert "JSON Schema 2020-12" in required["help"]["text"]
    unknown = driver["rules"][ids.index("vendor.custom-check")]
    assert unknown == {
        "id": "vendor.custom-check",
        "name": "VendorCustomCheck",
        "shortDescription": {"text": "vendor.custom-check"},
    }
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def _results(run: RunResult, ctx: ReportContext) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in sarif(run, ctx)["runs"][0]["results"]}


def test_locations(failing_run: RunResult, ctx: ReportContext) -> None:
    results = _results(failing_run, ctx)
    located = results["schema.required"]["locations"][0]
    physical = located["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "records/bad-consent.yaml"
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"] == {"startLine": 3, "startColumn": 3}
    assert located["logicalLocations"][0]["fullyQualifiedName"] == "/subject/name"
    assert results["schema.required"]["properties"]["pointer"] == "/subject/name"
    assert "region" not in results["consent.term-ends"]["locations"][0]["physicalLocation"]
    media = results["c2pa.invalid"]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert media["uri"] == "media/shot%2001.jpg"
    assert results["schema.required"]["level"] == "error"
    assert results["consent.term-ends"]["level"] == "warning"
    assert results["vendor.custom-check"]["level"] == "note"


def test_waived_finding_is_suppressed(failing_run: RunResult, ctx: ReportContext) -> None:
    results = _results(failing_run, ctx)
    assert results["bundle.asset-digest"]["suppressions"] == [
        {
            "kind": "external",
            "justification": "waiver /waivers/0 (approved by Legal, until 2026-12-31)",
        }
    ]
    assert results["schema.required"]["suppressions"] == []


def test_invocation(failing_run: RunResult, io_run: RunResult, ctx: ReportContext) -> None:
    ok = sarif(failing_run, ctx)["runs"][0]["invocations"][0]
    assert ok["executionSuccessful"] is True
    assert ok["toolExecutionNotifications"] == []
    bad = sarif(io_run, ctx)["runs"][0]["invocations"][0]
    assert bad["executionSuccessful"] is False
    assert bad["exitCode"] == 2
    note = bad["toolExecutionNotifications"][0]
    assert note["message"]["text"] == "No such file or directory"


def test_paths_relative_to_base_dir(tmp_path: Path) -> None:
    inside = str(tmp_path / "deliverables" / "a.json")
    outside = str(tmp_path.parent / "elsewhere.json")
    loc = Location(inside, "/id", 2, 5)
    run = RunResult.of(
        [
            FileResult(
                inside, FileKind.RECORD, (Finding("schema.type", Severity.ERROR, "x", loc),)
            ),
            FileResult(outside, FileKind.RECORD),
        ]
    )
    data = sarif(run, ReportContext(base_dir=tmp_path))["runs"][0]
    assert data["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    uris = [a["location"] for a in data["artifacts"]]
    assert {"uri": "deliverables/a.json", "uriBaseId": "%SRCROOT%"} in uris
    assert {"uri": Path(outside).as_uri()} in uris


def test_deterministic(failing_run: RunResult, ctx: ReportContext) -> None:
    shuffled = RunResult.of(reversed(failing_run.files))
    assert SarifReporter().render(shuffled, ctx) == SarifReporter().render(failing_run, ctx)
    assert "Time" not in SarifReporter().render(failing_run, ctx)


def test_timestamps_when_given(failing_run: RunResult, ctx: ReportContext) -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 11, 21, 19, 0, 0, tzinfo=UTC)
    stamped = replace(ctx, run_started=moment, run_finished=moment)
    invocation = sarif(failing_run, stamped)["runs"][0]["invocations"][0]
    assert invocation["startTimeUtc"] == "2026-11-21T19:00:00Z"


def test_driver_versions_and_rule_help_from_the_catalogue(
    failing_run: RunResult, ctx: ReportContext
) -> None:
    """Issue 15: version and semanticVersion, and per rule a helpUri and help text."""
    driver = sarif(failing_run, ctx)["runs"][0]["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == ctx.tool_version
    by_id = {r["id"]: r for r in driver["rules"]}
    rule = by_id.get("consent.specific-use")
    required = by_id["schema.required"]
    assert required["helpUri"].endswith("/rules.md#other-finding-codes")
    assert required["help"]["markdown"].startswith("**A required field is missing**")
    assert required["helpUri"] in required["help"]["text"]
    if rule is not None:
        assert rule["helpUri"].endswith("/rules.md#consentspecific-use")


def test_every_help_uri_anchor_is_a_heading_of_the_rules_page() -> None:
    """The anchors point at the page this version publishes (GitHub's heading anchors)."""
    import re

    from omrs.rules.catalogue import all_rules
    from omrs.rules.explain import help_uri
    from omrs.version import STANDARD_VERSION
    from tests.conftest import ROOT

    page = (ROOT / "spec" / STANDARD_VERSION / "rules.md").read_text("utf-8")
    headings = re.findall(r"^#+ (.+)$", page, re.M)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    for rule in all_rules():
        uri = help_uri(rule)
        assert uri.split("#", 1)[1] in anchors, rule.id
        assert uri.startswith("https://")
