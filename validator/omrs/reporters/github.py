"""GitHub Actions workflow commands: findings become annotations on the pull request.

Format: ``::error file=PATH,line=L,col=C,title=CODE::message``. GitHub reads one command
per line, so data and property values are percent-escaped the way the runner unescapes
them; terminal controls and bidi overrides from the run are escaped visibly first (the log
is shown in a browser and in terminals); waived findings are not annotated.
"""

from __future__ import annotations

import re

from omrs.findings import Finding, RunResult, Severity
from omrs.reporters.base import (
    ReportContext,
    Reporter,
    all_issues,
    display_path,
    visible,
    visible_path,
)

#: The finding of a media file without a manifest, summarised in one notice by default.
UNSIGNED_CODE = "c2pa.none"
#: How many of them the summary names.
UNSIGNED_NAMED = 5
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}
_UNESCAPE = re.compile("%(25|0D|0A|3A|2C)")


def escape_data(text: str) -> str:
    """Escape the message part (after ``::``)."""
    return "".join(_DATA_ESCAPES.get(ch, ch) for ch in text)


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``...), where ``:`` and ``,`` delimit."""
    return "".join(_PROPERTY_ESCAPES.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    """What the runner does: the inverse of both escapes, in one left-to-right pass."""
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def annotation(finding: Finding, ctx: ReportContext) -> str:
    """One workflow command line for ``finding`` (without the newline)."""
    loc = finding.location
    props = [("file", visible_path(display_path(loc.path, ctx.base_dir)))]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        if loc.column is not None:
            props.append(("col", str(loc.column)))
    props.append(("title", visible(finding.code, lines=False)))
    pointer = f" [{visible(loc.pointer, lines=False)}]" if loc.pointer else ""
    message = visible(finding.message) + pointer
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_COMMAND[finding.severity]} {head}::{escape_data(message)}"


class GitHubReporter(Reporter):
    """Annotations for GitHub Actions logs and pull-request diffs."""

    name = "github"
    description = "GitHub Actions workflow commands (annotations)"

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        issues = list(all_issues(run))
        unsigned = [f for f in issues if f.code == UNSIGNED_CODE]
        if ctx.unsigned_media != "summary" or len(unsigned) < 2:
            return "".join(f"{annotation(f, ctx)}\n" for f in issues)
        lines = [annotation(f, ctx) for f in issues if f.code != UNSIGNED_CODE]
        lines.append(_unsigned_summary(unsigned, ctx))
        return "".join(f"{line}\n" for line in lines)


def _unsigned_summary(unsigned: list[Finding], ctx: ReportContext) -> str:
    """One notice for every file without a manifest: GitHub shows only so many annotations."""
    names = [visible_path(display_path(f.location.path, ctx.base_dir)) for f in unsigned]
    shown = ", ".join(names[:UNSIGNED_NAMED]) + (", ..." if len(names) > UNSIGNED_NAMED else "")
    message = (
        f"{len(names)} media files have no C2PA manifest: {shown} "
        "(--unsigned-media each annotates every one)"
    )
    return f"::notice title={escape_property(UNSIGNED_CODE)}::{escape_data(message)}"
