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

from omrs.media.actions import SEGMENT_PARAMETER
from omrs.media.assertions import InvalidAssertion, checked
from omrs.media.manifest import (
    LABEL_ASSET,
    LABEL_AUDIT,
    LABEL_CONSENT,
    LABEL_DISCLOSURE,
    LABEL_LICENSE,
    LABEL_METADATA,
)
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
    #: The ``org.omrs.audit`` assertion (1.1): log id, head and length, the log when full.
    audit: Mapping[str, Any] | None = None

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
    if label in (LABEL_DISCLOSURE, LABEL_AUDIT) and isinstance(data.get("record"), Mapping):
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
    for label in (LABEL_DISCLOSURE, LABEL_LICENSE, LABEL_CONSENT, LABEL_AUDIT):
        for assertion in valid:
            if assertion.label == label:
                records.extend(_listed(label, assertion.data))
    audit = next((a.data for a in valid if a.label == LABEL_AUDIT), None)
    return EmbeddedRecords(
        asset if isinstance(asset, Mapping) else None,
        tuple(records),
        invalid,
        audit if isinstance(audit, Mapping) else None,
    )


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
    """Compare every embedded consent and licence with the given full records, by id.

    The audit log is matched by its chain instead (:func:`audit_checks`): it grows after
    signing, and a longer log that still reaches the signed head is the same history.
    """
    by_id = {r["id"]: r for r in full_records if isinstance(r.get("id"), str)}
    checks: list[DigestCheck] = []
    for record in embedded.records:
        if record.label in (LABEL_DISCLOSURE, LABEL_AUDIT) or record.id is None:
            continue
        full = by_id.get(record.id)
        if full is None:
            checks.append(DigestCheck(record, "no-record"))
            continue
        expected, actual = _embedded_digest(record), record_digest(full)
        verdict: DigestVerdict = "match" if expected == actual else "mismatch"
        checks.append(DigestCheck(record, verdict, expected, actual))
    return checks


def audit_checks(
    embedded: EmbeddedRecords, full_records: Sequence[Mapping[str, Any]]
) -> list[tuple[str, str]]:
    """(pointer, problem) for each way the signed audit head disagrees with a log: the one
    embedded in full, or a full log of the same id given by the user (``--records``)."""
    from omrs.audit import hash_at

    signed = embedded.audit
    if signed is None:
        return []
    log_id, head, length = signed["log"], signed["head"], signed["length"]
    logs = [("/record", signed["record"])] if isinstance(signed.get("record"), Mapping) else []
    logs += [("", r) for r in full_records if r.get("id") == log_id]
    out: list[tuple[str, str]] = []
    for pointer, log in logs:
        entries = log.get("entries")
        entries = entries if isinstance(entries, list) else []
        where = "the embedded log" if pointer else f"audit log {log_id}"
        if len(entries) < length:
            out.append(
                (
                    f"/{LABEL_AUDIT}/length",
                    f"{where} has {len(entries)} entries, but the "
                    f"file was signed when it had {length}: entries were cut from its end",
                )
            )
        elif hash_at(entries, length) != head:
            out.append(
                (
                    f"/{LABEL_AUDIT}/head",
                    f"entry {length} of {where} has hash "
                    f"{hash_at(entries, length)}, but the file was signed with head {head}",
                )
            )
        elif pointer and len(entries) != length:
            out.append(
                (
                    f"/{LABEL_AUDIT}/length",
                    f"{where} has {len(entries)} entries, the assertion says {length}",
                )
            )
    return out


#: The first actions that could carry the asset's source type in an actions assertion:
#: ``c2pa.created`` (its source type at inception, C2PA 2.2 §18.14.2), and ``c2pa.opened``
#: with a source type, the layout OMRS wrote before it moved that to ``cawg.metadata``.
_FIRST_ACTIONS = ("c2pa.created", "c2pa.opened")
_ACTION_LABELS = ("c2pa.actions.v2", "c2pa.actions")
_DST_FIELD = "Iptc4xmpExt:DigitalSourceType"


@dataclass(frozen=True, slots=True)
class ManifestAction:
    """One action of the active manifest and where it is (``/c2pa.actions.v2/actions/2``)."""

    pointer: str
    data: Mapping[str, Any]

    @property
    def source_type(self) -> str | None:
        value = self.data.get("digitalSourceType")
        return value if isinstance(value, str) else None

    @property
    def segment(self) -> int | None:
        """The disclosure segment an OMRS segment action records (``org.omrs.segment``)."""
        parameters = self.data.get("parameters")
        value = parameters.get(SEGMENT_PARAMETER) if isinstance(parameters, Mapping) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def manifest_actions(report: C2paReport) -> list[ManifestAction]:
    """The actions of every actions assertion of the active manifest, in order."""
    out: list[ManifestAction] = []
    for assertion in report.assertions:
        if assertion.label not in _ACTION_LABELS or not isinstance(assertion.data, Mapping):
            continue
        actions = assertion.data.get("actions")
        for index, action in enumerate(actions if isinstance(actions, list) else ()):
            if isinstance(action, Mapping):
                out.append(ManifestAction(f"/{assertion.label}/actions/{index}", action))
    return out


def first_action_source_type(report: C2paReport) -> ManifestAction | None:
    """The first action when it is created/opened and states a source type (older layout)."""
    actions = manifest_actions(report)
    first = actions[0] if actions else None
    if first and first.data.get("action") in _FIRST_ACTIONS and first.source_type:
        return first
    return None


def asset_source_types(report: C2paReport) -> list[tuple[str, str]]:
    """Where the manifest states the asset's digital source type, as (pointer, value).

    ``cawg.metadata``'s ``Iptc4xmpExt:DigitalSourceType`` (what OMRS writes), and the source
    type of a first ``c2pa.created``/``c2pa.opened`` action (files signed before).
    """
    found: list[tuple[str, str]] = []
    metadata = report.assertion(LABEL_METADATA)
    value = metadata.get(_DST_FIELD) if isinstance(metadata, Mapping) else None
    if isinstance(value, str):
        found.append((f"/{LABEL_METADATA}/{_DST_FIELD}", value))
    first = first_action_source_type(report)
    if first is not None and first.source_type:
        found.append((first.pointer + "/digitalSourceType", first.source_type))
    return found


def manifest_source_type(report: C2paReport) -> str | None:
    """The asset's digital source type as the manifest states it (first statement found)."""
    found = asset_source_types(report)
    return found[0][1] if found else None


#: ``cawg.training-mining`` (CAWG TDM 1.1), then the C2PA 1.4 assertion it replaced.
TRAINING_LABELS = ("cawg.training-mining", "c2pa.training-mining")
#: CAWG TDM 1.1 spells the field ``constraint_info`` in its CDDL and ``constraints_info``
#: in its prose (§3.1); both are read.
_INFO_FIELDS = ("constraint_info", "constraints_info")


@dataclass(frozen=True, slots=True)
class TrainingEntry:
    """One key of a training-and-data-mining assertion: its ``use`` and constraint text."""

    key: str
    use: str
    info: str | None = None


def _training_map(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The key map: inside ``entries`` (CAWG 1.1, C2PA 1.4's example) or at the top level
    (C2PA 1.4 §19.23.1's CDDL)."""
    entries = data.get("entries")
    if isinstance(entries, Mapping):
        return entries
    return {k: v for k, v in data.items() if k != "metadata"}


def training_entries(report: C2paReport) -> list[TrainingEntry]:
    """The entries of the manifest's training-and-data-mining assertion, sorted by key."""
    for label in TRAINING_LABELS:
        data = report.assertion(label)
        if not isinstance(data, Mapping):
            continue
        out = []
        for key, value in _training_map(data).items():
            use = value.get("use") if isinstance(value, Mapping) else None
            if not isinstance(use, str):
                continue
            info = next((value[f] for f in _INFO_FIELDS if isinstance(value.get(f), str)), None)
            out.append(TrainingEntry(str(key), use, info))
        return sorted(out, key=lambda e: e.key)
    return []
