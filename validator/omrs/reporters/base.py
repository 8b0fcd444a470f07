"""What every reporter shares: the context it renders in, small helpers, and safe text.

A reporter turns a finished :class:`~omrs.findings.RunResult` into the full text of one
report. It never prints, never exits and never reads the clock, so the same run always
renders to the same bytes (timestamps appear only when the caller passes them).

Strings in a run come from strangers' files, so every format writes them by one policy,
kept here, and any run renders (a report is never lost to one odd string):

- Lone surrogates in data (JSON accepts ``"\\ud800"``) are written as the visible escape
  ``\\ud800`` (:func:`plain`): UTF-8 cannot carry them.
- File names are shown from their bytes (:func:`shown_path`): a non-UTF-8 byte appears as
  ``\\x80``; SARIF URIs percent-encode the raw bytes (RFC 3986, :func:`uri_path`).
- Terminal controls (C0 but tab and line feed, DEL, C1) and bidirectional overrides are
  escaped visibly (``\\x1b``, ``\\u202e``) where people read the output (text, GitHub
  annotations, JUnit) by :func:`visible`; a file name escapes tab and line feed too.
- JSON formats (json, SARIF, GitLab) are written by :func:`dump_json`: valid UTF-8, with
  DEL, C1 and bidi characters as ``\\u`` escapes, so the bytes are inert in a terminal
  and the values unchanged.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import quote_from_bytes

from omrs import version
from omrs.findings import FileResult, Finding, Location, RunResult, Severity
from omrs.options import CheckOptions

#: Code of the synthetic finding that stands for a file that could not be read at all.
IO_ERROR_CODE = "io.unreadable"
#: Code under which formats with a place for notes list what a walk skipped unopened.
SKIPPED_CODE = "io.not-regular"

_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Escaped where people read output: controls (tab and line feed are layout) and bidi.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
#: What ``json.dumps`` leaves raw but a terminal would act on.
_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str) -> str:
    """``text`` with each lone surrogate written as its escape (``\\ud800``): UTF-8-safe."""
    return _SURROGATE.sub(_escape, text)


def visible(text: str, *, lines: bool = True) -> str:
    """``text`` for people: controls and bidi overrides escaped too.

    ``lines`` keeps tab and line feed (a message may span lines); a one-line field (a code,
    a pointer, a file name) escapes them as well, so no value can start a line of its own.
    """
    return (_UNSAFE if lines else _UNSAFE_IN_LINE).sub(_escape, plain(text))


def shown_path(path: str) -> str:
    """A file name as text: from its bytes, a non-UTF-8 byte written ``\\x80``."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to
        return plain(path)
    return raw.decode("utf-8", "backslashreplace")


def visible_path(path: str) -> str:
    """A file name for people: :func:`shown_path` with every control and bidi escaped."""
    return _UNSAFE_IN_LINE.sub(_escape, shown_path(path))


def uri_path(path: str) -> str:
    """RFC 3986 percent-encoding of the raw bytes of a relative POSIX path (``/`` kept)."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="/")


def _plain_data(value: Any) -> Any:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, Mapping):
        return {plain(str(k)): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_data(v) for v in value]
    return value


def dump_json(value: Any, *, sort_keys: bool = True) -> str:
    """``value`` as indented JSON text that encodes to valid UTF-8 and is inert in a terminal.

    Every string goes through :func:`plain`; characters JSON leaves raw but terminals act
    on (DEL, C1, bidi overrides, line and paragraph separators) become ``\\u`` escapes,
    which decode to the same value.
    """
    text = json.dumps(_plain_data(value), indent=2, sort_keys=sort_keys, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


@dataclass(frozen=True, slots=True)
class ReportContext:
    """How to render: presentation switches, where paths are relative to, what to stamp.

    ``color`` is decided by the caller (terminal detection and ``NO_COLOR`` are the CLI's
    business). ``base_dir`` is the directory SARIF, GitHub and GitLab paths are made
    relative to (the repository root in CI). ``run_started``/``run_finished`` are optional
    so that machine reports stay byte-for-byte reproducible unless asked otherwise.
    """

    color: bool = False
    verbose: bool = False
    quiet: bool = False
    base_dir: Path = Path(".")
    run_started: dt.datetime | None = None
    run_finished: dt.datetime | None = None
    #: The date time-dependent rules judged against, and the profiles the user added or
    #: excluded; every format states them (with the profiles each file was checked under).
    as_of: dt.date | None = None
    chosen_profiles: tuple[str, ...] = ()
    excluded_profiles: tuple[str, ...] = ()
    #: Media without a C2PA manifest in CI annotations: "summary" (one line) or "each".
    unsigned_media: str = "each"
    #: The options the run was checked with, for formats that re-read its inputs (the
    #: Markdown review); None outside the CLI.
    check_options: CheckOptions | None = None
    tool_name: str = version.TOOL_NAME
    tool_version: str = version.TOOL_VERSION
    standard_version: str = version.STANDARD_VERSION
    format_version: str = version.REPORT_FORMAT_VERSION
    information_uri: str = version.INFORMATION_URI


class Reporter(abc.ABC):
    """One output format. Subclasses set ``name`` (the ``--format`` value)."""

    name: ClassVar[str]
    description: ClassVar[str]

    @abc.abstractmethod
    def render(self, run: RunResult, ctx: ReportContext) -> str:
        """Return the complete report for ``run`` (ending in a newline when not empty)."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(run: RunResult) -> str:
    """One line for a terminal, e.g. ``3 files checked: 1 failed, 2 errors, 1 warning``."""
    c = run.counts()
    parts = [
        f"{c['failed']} failed",
        _plural(c["errors"], "error"),
        _plural(c["warnings"], "warning"),
    ]
    if c["waived"]:
        parts.append(f"{c['waived']} waived")
    if c["ioErrors"]:
        parts.append(f"{c['ioErrors']} unreadable")
    if c["skipped"]:
        parts.append(f"{_plural(c['skipped'], 'non-regular file')} skipped")
    if run.not_omrs:
        parts.append(f"{_plural(len(run.not_omrs), 'non-OMRS file')} skipped")
    return f"{_plural(c['files'], 'file')} checked: {', '.join(parts)}"


def file_profiles(file: FileResult) -> list[str]:
    """The profiles a record or bundle was checked under (none for media and broken files)."""
    found = file.details.get("profiles")
    return [str(p) for p in found] if isinstance(found, list | tuple) else []


def applied_profiles(run: RunResult) -> list[str]:
    """Every profile some file of the run was checked under, sorted."""
    return sorted({p for file in run.files for p in file_profiles(file)})


def run_context(run: RunResult, ctx: ReportContext) -> dict[str, Any]:
    """The as-of date and the profiles of the run, for the machine formats."""
    out: dict[str, Any] = {
        "profiles": {
            "applied": applied_profiles(run),
            "chosen": list(ctx.chosen_profiles),
            "excluded": list(ctx.excluded_profiles),
        }
    }
    if ctx.as_of is not None:
        out["asOf"] = ctx.as_of.isoformat()
    return out


def context_line(run: RunResult, ctx: ReportContext) -> str | None:
    """``as of 2026-09-01; profiles applied: ...`` for people, when the caller gave a date."""
    if ctx.as_of is None:
        return None
    applied = ", ".join(applied_profiles(run)) or "none"
    line = f"as of {ctx.as_of.isoformat()}; profiles applied: {applied}"
    if ctx.chosen_profiles:
        line += f"; added: {', '.join(ctx.chosen_profiles)}"
    if ctx.excluded_profiles:
        line += f"; excluded: {', '.join(ctx.excluded_profiles)}"
    return line


def io_finding(file: FileResult) -> Finding | None:
    """The I/O error of ``file`` as a finding, so formats without a place for it can show it.

    None when the file already carries a finding for it (the loader's located finding).
    """
    if not file.io_error or file.findings:
        return None
    return Finding(IO_ERROR_CODE, Severity.ERROR, file.io_error, Location(file.path))


def sorted_findings(file: FileResult) -> list[Finding]:
    """The findings of ``file`` in report order (location, code, message)."""
    return sorted(file.findings, key=Finding.sort_key)


def all_issues(run: RunResult, *, include_waived: bool = False) -> Iterator[Finding]:
    """Every I/O error and finding of the run, file by file, in report order."""
    for file in run.files:
        io = io_finding(file)
        if io is not None:
            yield io
        for f in sorted_findings(file):
            if include_waived or not f.waived_by:
                yield f


def is_failing(finding: Finding, *, strict: bool) -> bool:
    """Whether ``finding`` makes its file fail (errors; warnings too under ``--strict``)."""
    if finding.waived_by:
        return False
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def file_passed(file: FileResult, *, strict: bool) -> bool:
    return not file.io_error and not file.failed(strict=strict)


def relative_path(path: str, base_dir: Path) -> str | None:
    """``path`` relative to ``base_dir`` in POSIX form, or ``None`` if it lies outside.

    Relative paths are taken relative to the working directory, as the CLI received them.
    """
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base_dir))
    posix = PurePosixPath(*Path(rel).parts).as_posix()
    if posix == ".." or posix.startswith("../"):
        return None
    return posix


def display_path(path: str, base_dir: Path) -> str:
    """Path for CI annotations: relative to ``base_dir`` when inside it, else absolute.

    Raw (a file name may hold any bytes): the format writes it with :func:`shown_path`.
    """
    rel = relative_path(path, base_dir)
    return rel if rel is not None else Path(os.path.abspath(path)).as_posix()


def artifact_uri(path: str, base_dir: Path) -> tuple[str, bool]:
    """A URI for ``path``: (relative URI, True) inside ``base_dir``, else (file URI, False).

    Percent-encoded from the name's raw bytes, so any file name gives a valid URI.
    """
    rel = relative_path(path, base_dir)
    if rel is not None:
        return uri_path(rel), True
    return file_uri(path), False


def file_uri(path: str | Path) -> str:
    """The ``file://`` URI of ``path`` made absolute, percent-encoded from its raw bytes."""
    return "file://" + uri_path(Path(os.path.abspath(path)).as_posix())


def fingerprint(*parts: str) -> str:
    """A stable hash of ``parts`` (unambiguous: parts are NUL-separated; any string hashes)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def utc_timestamp(moment: dt.datetime) -> str:
    """RFC 3339 UTC with a ``Z`` suffix; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
