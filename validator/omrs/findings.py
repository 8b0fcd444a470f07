"""Findings and results: the one vocabulary every checker, rule and reporter speaks.

A *finding* is something wrong (or worth a warning) about one place in one file. A
*file result* collects the findings of one checked path together with what was learnt
about it (its kind, and for media the C2PA verdict). A *run result* is the whole run.
Core code builds these values and never prints; reporters turn them into text.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    """How much a finding matters. Only ``ERROR`` fails a run (``WARNING`` with ``--strict``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class FileKind(enum.Enum):
    """What a checked path turned out to be, decided by content (and extension for media)."""

    RECORD = "record"
    BUNDLE = "bundle"
    MEDIA = "media"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points.

    ``pointer`` is an RFC 6901 JSON Pointer into the document ("" for the whole document).
    ``line`` and ``column`` are 1-based and refer to the file on disk; they are ``None`` when
    the file has no text positions (media) or the place does not exist (a missing field is
    located at its parent object, while ``pointer`` names the missing field itself).
    """

    path: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.pointer)


@dataclass(frozen=True, slots=True)
class Finding:
    """One located problem.

    ``code`` is a stable identifier: ``schema.<keyword>`` for JSON Schema failures,
    ``load.<problem>`` for files that cannot be read as documents, ``c2pa.<problem>`` and
    ``xmp.<problem>`` for media, and a rule id (``consent.specific-use``...) for semantic
    rules, which ``omrs explain`` documents. ``source`` cites the law or standard the rule
    rests on, when there is one.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    source: str | None = None
    waived_by: str | None = None

    def sort_key(self) -> tuple[tuple[str, int, int, str], str, str]:
        return (self.location.sort_key(), self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": loc.path,
            "pointer": loc.pointer,
            "line": loc.line,
            "column": loc.column,
        }
        if self.source is not None:
            out["source"] = self.source
        if self.waived_by is not None:
            out["waivedBy"] = self.waived_by
        return out


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything the run learnt about one path.

    ``io_error`` is set when the path could not be read at all (missing, unreadable): that
    is an I/O failure of the run (exit 2), unlike a file that reads but is invalid (exit 1).
    ``details`` holds kind-specific facts that reporters may show, e.g. for media the
    ``c2pa`` object of the JSON report (state, codes...) and the embedded records.
    """

    path: str
    kind: FileKind
    findings: tuple[Finding, ...] = ()
    record_type: str | None = None
    standard_version: str | None = None
    io_error: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR and not f.waived_by)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING and not f.waived_by)

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path a folder walk passed over unopened: a FIFO, socket, device or broken link.

    ``reason`` says what it is ("a named pipe (FIFO)"). Opening such a path could block the
    run forever or act on a device, so a walk only counts it; a path named explicitly is
    reported as an ``io.not-regular`` finding instead.
    """

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RunResult:
    """The outcome of one ``omrs check`` run, files in a deterministic (sorted) order."""

    files: tuple[FileResult, ...]
    strict: bool = False
    skipped: tuple[Skipped, ...] = ()
    #: Walked JSON/YAML files that are not OMRS documents (a package.json): counted, so
    #: nothing is passed over silently, but not checked.
    not_omrs: tuple[str, ...] = ()
    #: Why the run stopped before every target was checked (Ctrl-C, the Dask scheduler
    #: gone); the targets left are in ``skipped``. An interrupted run exits 2.
    interrupted: str | None = None

    @classmethod
    def of(
        cls,
        files: Iterable[FileResult],
        *,
        strict: bool = False,
        skipped: Iterable[Skipped] = (),
        not_omrs: Iterable[str] = (),
        interrupted: str | None = None,
    ) -> RunResult:
        ordered = sorted(files, key=lambda r: r.path)
        return cls(
            tuple(ordered),
            strict=strict,
            skipped=tuple(sorted(skipped, key=_by_path)),
            not_omrs=tuple(sorted(set(not_omrs))),
            interrupted=interrupted,
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.files for f in r.findings)

    @property
    def io_errors(self) -> tuple[FileResult, ...]:
        return tuple(r for r in self.files if r.io_error)

    def exit_code(self) -> int:
        """0 everything passed, 1 findings, 2 the run could not read some input or stopped."""
        if self.io_errors or self.interrupted:
            return 2
        if any(r.failed(strict=self.strict) for r in self.files):
            return 1
        return 0

    def counts(self) -> dict[str, int]:
        active = [f for f in self.findings if not f.waived_by]
        return {
            "files": len(self.files),
            "failed": sum(1 for r in self.files if r.failed(strict=self.strict)),
            "errors": sum(1 for f in active if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in active if f.severity is Severity.WARNING),
            "waived": sum(1 for f in self.findings if f.waived_by),
            "ioErrors": len(self.io_errors),
            "skipped": len(self.skipped),
        }


def _by_path(skipped: Skipped) -> str:
    return skipped.path
