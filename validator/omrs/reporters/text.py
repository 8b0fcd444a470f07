"""Human text: one line per finding, in the ``path:line:col:`` form editors jump to.

Every string from the run is written with :mod:`omrs.reporters.base`'s visible escapes, so
a record value or file name cannot move the cursor, recolour or reorder the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from omrs.findings import FileResult, Finding, RunResult, Severity
from omrs.reporters.base import (
    ReportContext,
    Reporter,
    context_line,
    file_passed,
    io_finding,
    is_failing,
    sorted_findings,
    summary,
    visible,
    visible_path,
)

_SEVERITY_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}
#: Findings whose message already lists the C2PA failure codes.
_STATES_CODES = {"c2pa.invalid", "c2pa.untrusted"}
_C2PA_STYLE = {"trusted": "32", "valid": "32", "none": "2", "remote": "33"}


class _Paint:
    """ANSI styling that is a no-op unless colour was asked for."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if self.enabled and text else text


def _where(finding: Finding) -> str:
    loc = finding.location
    parts = [visible_path(loc.path)]
    if loc.line is not None:
        parts.append(str(loc.line))
        if loc.column is not None:
            parts.append(str(loc.column))
    return ":".join(parts) + ":"


def _source(finding: Finding) -> str | None:
    if finding.source:
        return finding.source
    from omrs.rules import catalogue  # only verbose output needs the whole catalogue

    rule = catalogue.get(finding.code)
    return rule.citation() if rule else None


def _finding_lines(finding: Finding, ctx: ReportContext, paint: _Paint) -> Iterator[str]:
    label = "waived" if finding.waived_by else finding.severity.value
    style = "2" if finding.waived_by else _SEVERITY_STYLE[finding.severity]
    message = visible(finding.message.replace("\r\n", "\n")).replace("\n", "\n    ")
    code = visible(finding.code, lines=False)
    line = f"{paint(_where(finding), '1')} {paint(label, style)} {code} {message}"
    if finding.location.pointer:
        line += f" [{visible(finding.location.pointer, lines=False)}]"
    if finding.waived_by:
        line += f" (waived: {visible(finding.waived_by, lines=False)})"
    yield line
    source = _source(finding) if ctx.verbose else None
    if source:
        yield f"    source: {visible(source, lines=False)}"


def _c2pa_line(
    path: str, c2pa: Mapping[str, Any], verbose: bool, paint: _Paint, *, stated: bool
) -> str:
    """The C2PA state; its failure codes only when no finding has stated them already."""
    from omrs.media.causes import ordered

    state = visible(str(c2pa.get("state", "unknown")), lines=False)
    codes = [
        c for c in c2pa.get("codes", ()) if verbose or (c.get("kind") == "failure" and not stated)
    ]
    names = [f"{'ingredient:' if c.get('ingredient') else ''}{c.get('code')}" for c in codes]
    shown = visible(", ".join(ordered(names)), lines=False)
    where = visible_path(path) + ":"
    line = f"{paint(where, '1')} c2pa {paint(state, _C2PA_STYLE.get(state, '1;31'))}"
    return f"{line} ({shown})" if shown else line


def _file_lines(file: FileResult, strict: bool, ctx: ReportContext, paint: _Paint) -> Iterator[str]:
    io = io_finding(file)
    if io is not None:
        yield from _finding_lines(io, ctx, paint)
    for finding in sorted_findings(file):
        if ctx.quiet and not is_failing(finding, strict=strict):
            continue
        if (finding.waived_by or finding.severity is Severity.INFO) and not ctx.verbose:
            continue  # notes restate the c2pa state line below; --verbose shows them
        yield from _finding_lines(finding, ctx, paint)
    c2pa = file.details.get("c2pa")
    if isinstance(c2pa, Mapping) and not ctx.quiet:
        stated = any(f.code in _STATES_CODES for f in file.findings)
        yield _c2pa_line(file.path, c2pa, ctx.verbose, paint, stated=stated)
    if ctx.verbose and not file.findings and file_passed(file, strict=strict):
        kind = visible(file.record_type or file.kind.value, lines=False)
        yield f"{paint(visible_path(file.path) + ':', '1')} {paint('ok', '32')} {kind}"


def _skipped_lines(run: RunResult, paint: _Paint) -> Iterator[str]:
    for skipped in run.skipped:
        where = paint(visible_path(skipped.path) + ":", "1")
        yield f"{where} skipped: {visible(skipped.reason, lines=False)}, not a regular file"


class TextReporter(Reporter):
    """The default format; ``quiet`` keeps only what fails, ``verbose`` adds sources."""

    name = "text"
    description = "human-readable lines (path:line:col: severity code message)"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        paint = _Paint(ctx.color)
        lines = [line for f in run.files for line in _file_lines(f, run.strict, ctx, paint)]
        if not ctx.quiet:
            lines += _skipped_lines(run, paint)
        exit_code = run.exit_code()
        if not ctx.quiet or exit_code:
            context = context_line(run, ctx)
            if context:
                lines.append(visible(context, lines=False))
            lines.append(paint(summary(run), "1;31" if exit_code else "32"))
        return "".join(f"{line}\n" for line in lines)
