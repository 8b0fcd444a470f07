"""One pass, many reports: ``--report FORMAT=FILE`` (issue 15), each validated by its schema;
and unsigned media summarised in one GitHub annotation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from omrs.cli.reports import parse_reports
from omrs.reporters import REPORTERS
from tests.cli.test_suggestions import BLANKET, RECORD, invoke
from tests.conftest import FIXTURES
from tests.reporters.reporter_runs import needs_shared


def _sarif_errors(data: dict[str, Any]) -> list[str]:
    schema = json.loads(needs_shared("sarif-schema-2.1.0.json").read_text("utf-8"))
    registry: Registry[Any] = Registry().with_resource(schema["id"], DRAFT4.create_resource(schema))
    validator = Draft4Validator(schema, registry=registry)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


def test_several_formats_from_one_run_while_the_terminal_shows_text(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    result = invoke(
        "check", "--no-config", "--format", "text",
        "--report", "sarif=out/omrs.sarif", "--report", "junit=out/omrs.xml",
        "--report", "gitlab=out/gl.json", "--report", "json=out/omrs.json",
        str(RECORD), str(BLANKET),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "error consent.specific-use" in result.stdout  # the text report, as usual
    sarif = json.loads((tmp_path / "out" / "omrs.sarif").read_text("utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["consent.specific-use"]
    assert json.loads((tmp_path / "out" / "omrs.json").read_text("utf-8"))["exitCode"] == 1
    assert json.loads((tmp_path / "out" / "gl.json").read_text("utf-8"))
    assert not _sarif_errors(sarif)
    etree = pytest.importorskip("lxml.etree")
    xsd = etree.XMLSchema(etree.parse(str(needs_shared("junit-10.xsd"))))
    assert xsd.validate(etree.parse(str(tmp_path / "out" / "omrs.xml"))), xsd.error_log


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarf=x.sarif", "did you mean 'sarif'?"),
        ("sarif", "expected FORMAT=FILE"),
    ],
)
def test_a_bad_report_request_is_a_usage_error(value: str, message: str) -> None:
    result = invoke("check", "--no-config", "--report", value, str(RECORD))
    assert result.exit_code == 2 and message in result.output


def test_the_same_file_twice_is_a_usage_error() -> None:
    result = invoke("check", "--no-config", "--report", "json=a", "--report", "sarif=a", "x")
    assert result.exit_code == 2 and "named twice" in result.output


def test_any_registered_format_can_be_requested(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new reporter (issue 13's Markdown) joins --report by registering, nothing more."""
    monkeypatch.setitem(REPORTERS, "md", REPORTERS["text"])
    assert [r.fmt for r in parse_reports(("md=summary.md", "sarif=o.sarif"))] == ["md", "sarif"]


def _unsigned(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    for name in ("sample.png", "sample.jpg", "sample.wav"):
        shutil.copy(FIXTURES / "media" / name, folder / name)
    return folder


def test_unsigned_media_is_one_github_line_by_default(tmp_path: Path) -> None:
    folder = _unsigned(tmp_path)
    summary = invoke("check", "--no-config", "--format", "github", "media", cwd=tmp_path)
    notices = [line for line in summary.stdout.splitlines() if "c2pa.none" in line]
    assert len(notices) == 1 and notices[0].startswith("::notice title=c2pa.none::3 media files")
    each = invoke(
        "check", "--no-config", "--format", "github", "--unsigned-media", "each", str(folder)
    )
    assert sum("c2pa.none" in line for line in each.stdout.splitlines()) == 3
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text('unsigned-media = "each"\n', "utf-8")
    configured = invoke("check", "--format", "github", "media", cwd=tmp_path)
    assert sum("c2pa.none" in line for line in configured.stdout.splitlines()) == 3
