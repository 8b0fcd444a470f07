"""Human text output."""

from __future__ import annotations

from dataclasses import replace

from omrs.findings import RunResult
from omrs.reporters import ReportContext
from omrs.reporters.text import TextReporter


def render(run: RunResult, ctx: ReportContext) -> list[str]:
    return TextReporter().render(run, ctx).splitlines()


def test_one_line_per_finding_with_location(failing_run: RunResult, ctx: ReportContext) -> None:
    lines = render(failing_run, ctx)
    assert (
        "records/bad-consent.yaml:3:3: error schema.required 'name' is a required property "
        "[/subject/name]"
    ) in lines
    assert (
        "records/bad-consent.yaml: warning consent.term-ends the consent ends before the "
        "release date [/term/end]"
    ) in lines
    assert lines[-1] == summary_line(failing_run)


def summary_line(run: RunResult) -> str:
    from omrs.reporters import summary

    return summary(run)


def test_findings_in_location_order(failing_run: RunResult, ctx: ReportContext) -> None:
    bad = [line for line in render(failing_run, ctx) if line.startswith("records/bad")]
    assert bad[0].startswith("records/bad-consent.yaml: ")  # no line sorts first
    assert bad.index(next(x for x in bad if ":3:3:" in x)) < bad.index(
        next(x for x in bad if ":14:7:" in x)
    )


def test_c2pa_state_line(failing_run: RunResult, ctx: ReportContext) -> None:
    lines = render(failing_run, ctx)
    # the c2pa.invalid finding states the failure codes; the state line does not repeat them
    assert "media/shot 01.jpg: c2pa invalid" in lines
    verbose = render(failing_run, replace(ctx, verbose=True))
    assert any("claimSignature.validated" in line for line in verbose)


def test_verbose_adds_sources_waived_and_ok_lines(
    failing_run: RunResult, ctx: ReportContext
) -> None:
    plain = render(failing_run, ctx)
    assert not any("waived" in line and "bundle.asset-digest" in line for line in plain)
    lines = render(failing_run, replace(ctx, verbose=True))
    i = lines.index(
        "records/bad-consent.yaml:14:7: error consent.specific-use intended use 'all future "
        "works' is not specific [/intendedUses/0/description]"
    )
    assert lines[i + 1] == "    source: Cal. Lab. Code § 927(a)(1) [P]"
    assert any(line.startswith("omrs.yaml:22:13: waived bundle.asset-digest") for line in lines)
    assert "records/consent.json: ok likeness-consent" in lines
    # notes (info) only with --verbose: for media they restate the c2pa state line
    assert not any("vendor.custom-check" in line for line in plain)
    assert any("info vendor.custom-check" in line for line in lines)


def test_quiet_prints_only_failures(failing_run: RunResult, passing_run: RunResult) -> None:
    quiet = ReportContext(quiet=True)
    assert TextReporter().render(passing_run, quiet) == ""
    lines = render(failing_run, quiet)
    assert all(" error " in line for line in lines[:-1])
    assert not any("c2pa invalid" in line or "warning" in line.split()[1] for line in lines[:-1])
    assert len(lines) == 4  # three failing errors and the summary


def test_strict_quiet_keeps_warnings(failing_run: RunResult) -> None:
    strict = RunResult.of(failing_run.files, strict=True)
    lines = render(strict, ReportContext(quiet=True))
    assert any("consent.term-ends" in line for line in lines)


def test_io_error_is_reported(io_run: RunResult, ctx: ReportContext) -> None:
    lines = render(io_run, ctx)
    assert "records/missing.json: error io.unreadable No such file or directory" in lines


def test_colour_only_when_asked(failing_run: RunResult, ctx: ReportContext) -> None:
    assert "\x1b[" not in TextReporter().render(failing_run, ctx)
    coloured = TextReporter().render(failing_run, replace(ctx, color=True))
    assert "\x1b[1;31merror\x1b[0m" in coloured
