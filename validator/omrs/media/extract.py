"""Read the OMRS records back out of a verified manifest, and match them to full records.

Only assertions that match their published schemas are read (:mod:`omrs.media.assertions`);
the others are kept as problems, to be reported, and nothing else is taken from them. A
``full`` manifest carries whole records, which the checker can validate like files on
disk. A ``minimal`` one carries digests: given the full records (``--records``), each
embedded digest must equal the digest of the record with the same id, or the file was
signed with a different record than the one presented. No ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from omrs.media.assertions import InvalidAssertion, checked
from omrs.media.manifest import LABEL_ASSET, LABEL_CONSENT, LABEL_DISCLOSURE, LABEL_LICENSE
from omrs.media.privacy import is_minimal, record_digest
from omrs.media.report import C2paReport


@dataclass(frozen=True, slots=True)
class EmbeddedRecord:
    """One record as embedded: ``label`` of its assertion, ``pointer`` inside the manifest."""

    label: str
    pointer: str
    data: Mapping[str, Any]

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    @property
    def minimal(self) -> bool:
        return is_minimal(self.data)


@dataclass(frozen=True, slots=True)
class EmbeddedRecords:
    """Everything OMRS put into the active manifest, and the assertions that were refused."""

    asset: Mapping[str, Any] | None
    records: tuple[EmbeddedRecord, ...]
    invalid: tuple[InvalidAssertion, ...] = ()

    @property
    def privacy(self) -> str | None:
        value = self.asset.get("privacy") if self.asset else None
        return value if isinstance(value, str) else None

    @property
    def disclosure(self) -> Mapping[str, Any] | None:
        return next((r.data for r in self.records if r.label == LABEL_DISCLOSURE), None)

    def of(self, label: str) -> tuple[EmbeddedRecord, ...]:
        return tuple(r for r in self.records if r.label == label)

    def full(self) -> tuple[EmbeddedRecord, ...]:
        """Records complete enough to check against the schema and the rules."""
        return tuple(r for r in self.records if not r.minimal)


def _listed(label: str, data: Any) -> Iterable[EmbeddedRecord]:
    if not isinstance(data, Mapping):
        return
    if label == LABEL_DISCLOSURE and isinstance(data.get("record"), Mapping):
        yield EmbeddedRecord(label, "/record", data["record"])
        return
    for index, item in enumerate(data.get("records") or ()):
        if isinstance(item, Mapping):
            yield EmbeddedRecord(label, f"/records/{index}", item)


def embedded_records(report: C2paReport) -> EmbeddedRecords:
    """The schema-valid OMRS content of ``report``'s active manifest (empty when none)."""
    valid, invalid = checked(report.assertions)
    asset = next((a.data for a in valid if a.label == LABEL_ASSET), None)
    records: list[EmbeddedRecord] = []
    for label in (LABEL_DISCLOSURE, LABEL_LICENSE, LABEL_CONSENT):
        for assertion in valid:
            if assertion.label == label:
                records.extend(_listed(label, assertion.data))
    return EmbeddedRecords(asset if isinstance(asset, Mapping) else None, tuple(records), invalid)


DigestVerdict = Literal["match", "mismatch", "no-record"]


@dataclass(frozen=True, slots=True)
class DigestCheck:
    """How one embedded record compares with the full record of the same id."""

    embedded: EmbeddedRecord
    verdict: DigestVerdict
    expected: str | None = None
    actual: str | None = None


def _embedded_digest(record: EmbeddedRecord) -> str:
    digest = record.data.get("digest")
    return digest if isinstance(digest, str) and record.minimal else record_digest(record.data)


def match_digests(
    embedded: EmbeddedRecords, full_records: Sequence[Mapping[str, Any]]
) -> list[DigestCheck]:
    """Compare every embedded consent and licence with the given full records, by id."""
    by_id = {r["id"]: r for r in full_records if isinstance(r.get("id"), str)}
    checks: list[DigestCheck] = []
    for record in embedded.records:
        if record.label == LABEL_DISCLOSURE or record.id is None:
            continue
        full = by_id.get(record.id)
        if full is None:
            checks.append(DigestCheck(record, "no-record"))
            continue
        expected, actual = _embedded_digest(record), record_digest(full)
        verdict: DigestVerdict = "match" if expected == actual else "mismatch"
        checks.append(DigestCheck(record, verdict, expected, actual))
    return checks


def manifest_source_type(report: C2paReport) -> str | None:
    """The digital source type of the first action that states one (created/opened)."""
    for action in report.actions:
        value = action.get("digitalSourceType")
        if isinstance(value, str):
            return value
    return None
