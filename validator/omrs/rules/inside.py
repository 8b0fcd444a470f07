"""Bundle findings about a place inside one of the bundle's records.

A cross-record rule (a licence named by a disclosure's model, a data set a model was trained
on) judges a field of a listed record but runs on the bundle. Its finding sits at the
bundle's reference to that record (``/records/<i>/path``), as relayed record findings do,
and the message starts with the record's path, line and column and the pointer inside it,
so the reader can go straight to the field.
"""

from __future__ import annotations

from omrs.findings import Finding, Severity
from omrs.rules.base import Report
from omrs.rules.bundle import BundleView, Entry


def of_type(bundle: BundleView, record_type: str) -> list[Entry]:
    """The bundle's sound records of ``record_type`` (broken ones are reported elsewhere)."""
    return [e for e in bundle.entries if e.sound and e.record_type == record_type]


def place(bundle: BundleView, entry: Entry, pointer: str) -> str:
    """``records/x.yaml:12:5 (/segments/0/provenance/0)``: where a field of a record is."""
    listed = str(bundle.doc.data["records"][entry.index]["path"])
    line, column = entry.doc.locate(pointer) if entry.doc is not None else (None, None)
    at = f"{listed}:{line}:{column}" if line else listed
    return f"{at} ({pointer or '/'})"


def inside(
    r: Report,
    bundle: BundleView,
    entry: Entry,
    pointer: str,
    message: str,
    severity: Severity | None = None,
) -> Finding:
    """A finding at the bundle's reference to ``entry``, about ``pointer`` inside it."""
    return r.at(
        f"/records/{entry.index}/path",
        f"{place(bundle, entry, pointer)}: {message}",
        severity=severity,
    )
