"""What verifying one media file found: the C2PA state, status codes and assertions.

Plain frozen values with no ``c2pa`` import, so the checker and the reporters can use them
without loading the native library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from omrs.media import OMRS_LABEL_PREFIX

State = Literal["trusted", "valid", "invalid", "none", "malformed", "remote"]
StatusKind = Literal["failure", "success", "informational"]
#: Why a file ended up ``malformed``. ``unreadable`` (an I/O failure) and ``crashed`` (the
#: native library died or hung on the file) are failures of the run, not findings.
Problem = Literal[
    "unreadable", "unsupported-format", "fragment", "unsafe-label", "sdk-error", "crashed"
]

TimeStampState = Literal["trusted", "untrusted", "invalid", "unchecked"]

#: Worst first: combining several readings (fragments) keeps the worst state.
STATE_ORDER: tuple[State, ...] = ("malformed", "invalid", "remote", "valid", "none", "trusted")


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """One C2PA validation status, exactly as the SDK reported it."""

    code: str
    kind: StatusKind
    url: str | None = None
    explanation: str | None = None
    ingredient: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "ingredient": self.ingredient,
            "url": self.url,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Assertion:
    """One assertion of the active manifest: its label and its decoded content."""

    label: str
    data: Any


@dataclass(frozen=True, slots=True)
class TimeStamp:
    """The RFC 3161 time-stamp of the active manifest's signature, as the SDK judged it.

    ``trusted``: valid and from a TSA that chains to the trust anchors, so the signing
    certificate was judged at ``time`` rather than now (C2PA 2.2 §15.8.2); ``untrusted``:
    the TSA is not trusted, so the time-stamp was ignored; ``invalid``: it does not match
    or cannot be read; ``unchecked``: present, with no verdict from the SDK.
    """

    time: str | None
    state: TimeStampState
    codes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"time": self.time, "state": self.state, "codes": list(self.codes)}


@dataclass(frozen=True, slots=True)
class C2paReport:
    """The verdict on one file.

    ``state`` is the SDK's validation state in lower case (``trusted``, ``valid``,
    ``invalid``), or ``none`` (no manifest), ``remote`` (the manifest lives at
    ``remote_url`` and was not fetched), ``malformed`` (``error`` says why).
    """

    path: str
    state: State
    codes: tuple[StatusEntry, ...] = ()
    active_manifest: str | None = None
    manifest_store: Mapping[str, Any] | None = None
    assertions: tuple[Assertion, ...] = ()
    error: str | None = None
    problem: Problem | None = None
    remote_url: str | None = None
    mime: str | None = None
    sidecar: str | None = None
    fragments: tuple[str, ...] = ()
    embedded: bool | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failures(self) -> tuple[StatusEntry, ...]:
        return tuple(c for c in self.codes if c.kind == "failure")

    @property
    def omrs_assertions(self) -> tuple[Assertion, ...]:
        return tuple(a for a in self.assertions if a.label.startswith(OMRS_LABEL_PREFIX))

    @property
    def actions(self) -> tuple[Mapping[str, Any], ...]:
        """The actions of the active manifest's ``c2pa.actions`` / ``c2pa.actions.v2``."""
        out: list[Mapping[str, Any]] = []
        for a in self.assertions:
            if a.label in ("c2pa.actions", "c2pa.actions.v2") and isinstance(a.data, Mapping):
                out.extend(x for x in a.data.get("actions", ()) if isinstance(x, Mapping))
        return tuple(out)

    @property
    def signature_info(self) -> Mapping[str, Any]:
        """The SDK's ``signature_info`` of the active manifest (empty when there is none)."""
        manifests = (self.manifest_store or {}).get("manifests")
        if not isinstance(manifests, Mapping):
            return {}
        manifest = manifests.get(self.active_manifest or "")
        info = manifest.get("signature_info") if isinstance(manifest, Mapping) else None
        return info if isinstance(info, Mapping) else {}

    @property
    def timestamp(self) -> TimeStamp | None:
        """The signature's time-stamp, or ``None`` when the manifest has none."""
        time = self.signature_info.get("time")
        entries = [c for c in self.codes if c.code.startswith("timeStamp.") and not c.ingredient]
        if not isinstance(time, str) and not entries:
            return None
        codes = tuple(dict.fromkeys(c.code for c in entries))
        state: TimeStampState = "unchecked"
        if any(c.kind == "failure" for c in entries):
            state = "invalid"
        elif "timeStamp.trusted" in codes:
            state = "trusted"
        elif "timeStamp.untrusted" in codes:
            state = "untrusted"
        return TimeStamp(time if isinstance(time, str) else None, state, codes)

    def assertion(self, label: str) -> Any:
        """The content of the first assertion called ``label``, or ``None``."""
        return next((a.data for a in self.assertions if a.label == label), None)

    def has_code(self, code: str, *, ingredient: bool | None = None) -> bool:
        return any(
            c.code == code and (ingredient is None or c.ingredient == ingredient)
            for c in self.codes
        )


def worst(states: list[State]) -> State:
    return min(states, key=STATE_ORDER.index)
