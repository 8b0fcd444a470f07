"""The GitHub Action and the GitLab CI template: well-formed, consistent, and they work.

Neither CI service runs here, so the tests check what can go wrong without one: YAML that
does not parse, an expression naming an input or step output that does not exist, an
``omrs check`` flag that the CLI does not have, and the shell scripts themselves, run with
bash the way the runners run them (GitHub: ``bash -e -o pipefail``; GitLab: one shell for
all ``script`` lines).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner

from omrs.cli import cli
from tests.integration.integration_support import ROOT, record_text

ACTION = ROOT / "action.yml"
GITLAB = ROOT / "ci" / "gitlab" / "omrs.gitlab-ci.yml"
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def check_flags() -> set[str]:
    """Every option ``omrs check --help`` lists."""
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    options = result.output.split("Options:", 1)[1]
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", options))


def omrs_check_flags(script: str) -> list[str]:
    """The options each ``omrs check`` call in a shell script passes."""
    used = []
    for call in re.findall(r'(?:omrs|"\$OMRS") check ([^\n|;]*)', script):
        for token in call.split():
            if token == "--":
                break  # paths follow
            if re.fullmatch(r"--?[a-zA-Z][\w-]*(=.*)?", token):
                used.append(token.split("=", 1)[0])
    return used


def _corpus(folder: Path) -> Path:
    (folder / "records").mkdir(parents=True)
    (folder / "records" / "good.json").write_text(record_text(1), "utf-8")
    (folder / "records" / "bad.json").write_text(record_text(2, broken=True), "utf-8")
    return folder


def _counting_omrs(folder: Path) -> Path:
    """An ``omrs`` that logs each call, then runs the real one: to count passes."""
    shim = folder / "bin" / "omrs"
    shim.parent.mkdir()
    real = Path(sys.executable).parent / "omrs"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{folder}/calls"\nexec "{real}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    return shim


def _checks(folder: Path) -> list[str]:
    calls = (folder / "calls").read_text("utf-8").splitlines()
    return [c for c in calls if c.startswith("check")]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra)
    return env


@pytest.mark.parametrize(
    ("path", "schema"),
    [(ACTION, "vendor.github-actions"), (GITLAB, "vendor.gitlab-ci")],
    ids=["action", "gitlab"],
)
def test_templates_match_the_published_vendor_schemas(path: Path, schema: str) -> None:
    """check-jsonschema ships GitHub's and GitLab's own schemas, so no network is needed."""
    tool = Path(sys.executable).parent / "check-jsonschema"
    if not tool.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    transform = ["--data-transform", "gitlab-ci"] if schema == "vendor.gitlab-ci" else []
    done = subprocess.run(
        [str(tool), "--builtin-schema", schema, *transform, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- GitHub Action -----------------------------------------------------------------------


def test_action_references_only_inputs_and_steps_that_exist() -> None:
    action = _load(ACTION)
    inputs, steps = action["inputs"], action["runs"]["steps"]
    step_ids = {s["id"] for s in steps if "id" in s}
    text = ACTION.read_text("utf-8")
    for expression in EXPRESSION.findall(text):
        for name in re.findall(r"inputs\.([\w-]+)", expression):
            assert name in inputs, f"unknown input {name!r} in ${{{{{expression}}}}}"
        for step, output in re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
            assert step in step_ids, step
            assert f'echo "{output}=' in text, f"step {step} never writes output {output}"
    assert action["runs"]["using"] == "composite"
    for step in steps:
        assert "uses" in step or step.get("shell") == "bash", step.get("name")


def test_action_installs_itself_and_uploads_sarif_conditionally() -> None:
    steps = _load(ACTION)["runs"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert [u.split("@")[0] for u in uses] == [
        "actions/setup-python",
        "github/codeql-action/upload-sarif",
    ]
    assert "github/codeql-action/upload-sarif@v4" in uses
    install = next(s["run"] for s in steps if s.get("name", "").startswith("Install"))
    assert '"$GITHUB_ACTION_PATH"' in install
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "inputs.sarif-upload == 'true'" in upload["if"]


def test_action_leaves_the_jobs_python_and_path_alone() -> None:
    """No venv on GITHUB_PATH (it would replace the caller's python and pip), and the job's
    Python changes only when the python-version input asks for it."""
    action = _load(ACTION)
    for step in action["runs"]["steps"]:
        assert "GITHUB_PATH" not in step.get("run", ""), step.get("name")
    assert action["inputs"]["python-version"]["default"] == ""
    setup = next(s for s in action["runs"]["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["if"] == "${{ inputs.python-version != '' }}"


def test_action_marks_the_markdown_summary_as_omrs_reports() -> None:
    text = ACTION.read_text("utf-8")
    assert "JOB SUMMARY (Markdown)" in text and "omrs report --format md" in text


def test_action_script_calls_real_flags_and_takes_inputs_from_the_environment() -> None:
    check = next(s for s in _load(ACTION)["runs"]["steps"] if s.get("id") == "check")
    assert "${{" not in check["run"], "inputs must reach the script through env"
    used = set(omrs_check_flags(check["run"]))
    used |= set(re.findall(r"opts\+=\((--?[\w-]+)", check["run"]))  # options built in an array
    assert used >= {"--format", "--report", "--profile", "--strict"}
    assert used <= check_flags(), used - check_flags()
    assert len(re.findall(r'"\$OMRS" check', check["run"])) == 1  # one pass


def test_flag_extraction_sees_unknown_flags() -> None:
    assert omrs_check_flags('omrs check --bogus "$X" -q -- --not-a-flag') == ["--bogus", "-q"]
    assert "--bogus" not in check_flags()


@needs_bash
@pytest.mark.parametrize("sarif", ["true", "false"])
def test_action_check_step_runs(tmp_path: Path, sarif: str) -> None:
    """The check step's script as the runner runs it, inputs set as the action sets them."""
    check = next(s for s in _load(ACTION)["runs"]["steps"] if s.get("id") == "check")
    work = _corpus(tmp_path)
    outputs, summary = tmp_path / "output", tmp_path / "summary"
    env = _env(
        OMRS=str(_counting_omrs(tmp_path)),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_STEP_SUMMARY=str(summary),
        OMRS_PATHS="records\n",
        OMRS_FORMAT="github",
        OMRS_PROFILES="",
        OMRS_STRICT="true",
        OMRS_SARIF_UPLOAD=sarif,
        OMRS_SARIF_FILE="out/omrs.sarif" if sarif == "true" else "omrs.sarif",
        OMRS_ARGS="--jobs 1 --no-config",
    )
    (work / "out").mkdir()
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", check["run"]],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # the step records the status; a later step fails
    assert "::error file=records/bad.json,line=" in done.stdout
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert written["exit-code"] == "1"
    assert "failed" in summary.read_text()
    assert len(_checks(tmp_path)) == 1  # one pass, whatever is reported
    if sarif == "true":
        assert written["sarif-file"] == "out/omrs.sarif"
        assert json.loads((work / "out" / "omrs.sarif").read_text())["version"] == "2.1.0"
    else:
        assert written["sarif-file"] == ""


@needs_bash
def test_action_summary_step_writes_the_markdown_review(tmp_path: Path) -> None:
    """The job summary gets the Markdown review report, written by the one check pass."""
    steps = _load(ACTION)["runs"]["steps"]
    check = next(s for s in steps if s.get("id") == "check")
    step = next(s for s in steps if s.get("id") == "summary")
    assert "${{" not in step["run"], "inputs must reach the script through env"
    assert "omrs" not in step["run"].replace("omrs-review.md", "")  # no second pass
    work = _corpus(tmp_path / "work")
    summary = tmp_path / "summary"
    env = _env(
        OMRS=str(_counting_omrs(tmp_path)),
        GITHUB_OUTPUT=str(tmp_path / "output"),
        GITHUB_STEP_SUMMARY=str(summary),
        RUNNER_TEMP=str(tmp_path),
        OMRS_PATHS="records",
        OMRS_FORMAT="github",
        OMRS_PROFILES="eu-ai-act",
        OMRS_STRICT="false",
        OMRS_SARIF_UPLOAD="false",
        OMRS_SARIF_FILE="omrs.sarif",
        OMRS_ARGS="--jobs 1 --no-config",
    )
    for script in (check["run"], step["run"]):
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert len(_checks(tmp_path)) == 1
    text = summary.read_text("utf-8")
    assert text.startswith("### omrs check failed")
    assert "# Rights review: FAIL" in text and "## 6. Findings" in text


# -- GitLab CI template ------------------------------------------------------------------


def test_gitlab_template_produces_code_quality_and_junit_reports() -> None:
    template = _load(GITLAB)
    job = template[".omrs-check"]
    assert template["omrs-check"]["extends"] == ".omrs-check"
    reports = job["artifacts"]["reports"]
    assert reports == {"codequality": "gl-code-quality-report.json", "junit": "omrs-junit.xml"}
    assert job["artifacts"]["when"] == "always"
    script = "\n".join(job["script"])
    assert "--report gitlab=gl-code-quality-report.json" in script
    assert "--report junit=omrs-junit.xml" in script
    assert len(re.findall(r"omrs check ", script)) == 1  # one pass
    assert '-- "$@"' in script  # the paths, quoted


def test_gitlab_template_pins_the_release_it_belongs_to() -> None:
    from omrs.version import TOOL_VERSION

    assert _load(GITLAB)["variables"]["OMRS_INSTALL"] == f"omrs=={TOOL_VERSION}"


def test_gitlab_template_calls_only_real_omrs_flags() -> None:
    script = "\n".join(_load(GITLAB)[".omrs-check"]["script"])
    used = omrs_check_flags(script)
    assert {"--format", "--report", "--color"} <= set(used)
    assert set(used) <= check_flags(), set(used) - check_flags()
    variables = set(_load(GITLAB)["variables"]) | {"PIP_DISABLE_PIP_VERSION_CHECK"}
    for name in re.findall(r"\$\{?(OMRS_\w+)", GITLAB.read_text("utf-8")):
        assert name in variables, name


@needs_bash
@pytest.mark.parametrize("shell", ["bash", "sh"])
@pytest.mark.parametrize("paths", ["records", "records\nmore records\n"], ids=["spaces", "lines"])
def test_gitlab_script_runs_once_and_writes_both_reports(
    tmp_path: Path, shell: str, paths: str
) -> None:
    """All script lines but the install, in one shell as GitLab's shell executor runs them;
    a folder name with a space survives when paths are given one per line."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    template = _load(GITLAB)
    lines = [line for line in template[".omrs-check"]["script"] if "pip install" not in line]
    work = _corpus(tmp_path / "work")
    (work / "more records").mkdir()
    (work / "more records" / "bad.json").write_text(record_text(3, broken=True), "utf-8")
    shim = _counting_omrs(tmp_path)
    variables = {**template["variables"], "OMRS_PATHS": paths, "OMRS_ARGS": "--jobs 1"}
    env = _env(**variables, CI="true")
    env["PATH"] = os.pathsep.join([str(shim.parent), env["PATH"]])
    done = subprocess.run(
        [shell, "-e", "-c", "\n".join(lines)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"records/bad\.json:\d+:\d+: error schema\.enum", done.stdout)
    assert len(_checks(tmp_path)) == 1
    issues = json.loads((work / "gl-code-quality-report.json").read_text())
    want = ["records/bad.json"] + (["more records/bad.json"] if "\n" in paths else [])
    assert sorted(i["location"]["path"] for i in issues) == sorted(want)
    junit = ElementTree.parse(work / "omrs-junit.xml").getroot()
    assert junit.tag in ("testsuites", "testsuite")
