"""The review report as plain facts, in the order a reviewer reads them.

The builder (``omrs.report.build``) fills these values from the checked documents and the
run's findings; the HTML and Markdown renderers only lay them out, so both formats always
say the same. Every string here may come from a stranger's record: renderers escape it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from omrs.findings import Severity
from omrs.media.detail import MediaDetail

#: Longest value a report shows whole: a 100,000-character name would make a page no one
#: can read (and a table miles long); the rest is counted, and the input digests still
#: bind the report to the full records.
MAX_SHOWN = 1000


def clip(value: str) -> str:
    """``value``, cut at ``MAX_SHOWN`` characters with a note of how much was left out."""
    if len(value) <= MAX_SHOWN:
        return value
    return f"{value[:MAX_SHOWN]}… [{len(value) - MAX_SHOWN:,} more characters not shown]"


@dataclass(frozen=True, slots=True)
class ProfileWhy:
    """An active profile and why it is active (derived from which record, or chosen)."""

    id: str
    title: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    #: ``pass``, ``fail`` or ``error`` (some input could not be read).
    word: str
    summary: str
    errors: int
    warnings: int
    waived: int
    files: int


@dataclass(frozen=True, slots=True)
class WorkRow:
    """A work as one record releases it."""

    work_id: str
    title: str
    territories: str
    date: str
    context: str
    channels: str
    stated_by: str


@dataclass(frozen=True, slots=True)
class ConsentRow:
    """One consent: who, what, for which uses and works, how long, where, by whom, proof."""

    person: str
    status: str
    consent_id: str
    attributes: str
    uses: tuple[str, ...]
    works: str
    term: str
    territories: str
    grantor: str
    authority: str
    #: ``active``, ``expired``, ``revoked``, ``superseded`` or ``not yet in force``.
    state: str
    state_note: str
    proof: str


@dataclass(frozen=True, slots=True)
class Cover:
    """One attribute of one person in one segment: the consent covering it, or the gap."""

    attribute: str
    consent: str | None
    gap: str | None = None


@dataclass(frozen=True, slots=True)
class PersonCover:
    name: str
    covers: tuple[Cover, ...]


@dataclass(frozen=True, slots=True)
class ModelRow:
    name: str
    licence: str | None
    licence_note: str


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """An AI segment of an asset (or the whole asset, for people listed on it)."""

    name: str
    span: str
    actions: str
    source_type: str
    description: str
    people: tuple[PersonCover, ...]
    models: tuple[ModelRow, ...]
    #: Not a disclosed segment: the people and models the bundle lists on the asset itself.
    whole: bool = False

    @property
    def gaps(self) -> int:
        return sum(1 for p in self.people for c in p.covers if c.gap)


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    languages: str
    placement: str
    duration: str
    audio: bool
    regimes: str


@dataclass(frozen=True, slots=True)
class AssetCoverage:
    path: str
    disclosure: str | None
    source_type: str
    ai_share: str
    label: Label | None
    segments: tuple[SegmentRow, ...]

    @property
    def gaps(self) -> int:
        return sum(s.gaps for s in self.segments)


@dataclass(frozen=True, slots=True)
class RuleNote:
    """A rule's explanation from the catalogue (what ``omrs explain`` prints)."""

    code: str
    title: str
    rationale: str
    sources: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class FindingRow:
    code: str
    severity: str
    message: str
    where: str
    waived_by: str | None


@dataclass(frozen=True, slots=True)
class FindingGroup:
    severity: Severity
    findings: tuple[FindingRow, ...]
    rules: tuple[RuleNote, ...]

    @property
    def title(self) -> str:
        return {"error": "Errors", "warning": "Warnings", "info": "Notes"}[self.severity.value]


@dataclass(frozen=True, slots=True)
class WaiverRow:
    bundle: str
    rule: str
    target: str
    reason: str
    approved_by: str
    until: str
    state: str
    waived: int


@dataclass(frozen=True, slots=True)
class Event:
    """A dated fact on the timeline: a span (``end`` set) or a moment."""

    kind: str
    label: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class InputDigest:
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ReviewReport:
    title: str
    verdict: Verdict
    standard_versions: tuple[str, ...]
    as_of: dt.date
    profiles: tuple[ProfileWhy, ...]
    works: tuple[WorkRow, ...]
    consents: tuple[ConsentRow, ...]
    people: tuple[str, ...]
    events: tuple[Event, ...]
    coverage: tuple[AssetCoverage, ...]
    findings: tuple[FindingGroup, ...]
    waivers: tuple[WaiverRow, ...]
    media: tuple[MediaDetail, ...]
    tool_version: str
    inputs: tuple[InputDigest, ...]
    generated_at: str | None = None
    chosen_profiles: tuple[str, ...] = ()
    excluded_profiles: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def segments(self) -> int:
        """Disclosed AI segments (rows for a whole asset are not counted)."""
        return sum(1 for a in self.coverage for s in a.segments if not s.whole)

    @property
    def gaps(self) -> int:
        return sum(a.gaps for a in self.coverage)
