"""What of a record goes into a media file, and the digest that ties the two together.

A signed file travels to audiences, platforms and crawlers, so by default (``minimal``) it
carries a consent only as its identifier, its scope with nothing personal in it, and the
SHA-256 of the canonical JSON of the full record. Whoever holds the full record can prove it
is the one the file was signed with; whoever holds only the file learns the scope, not the
person's contract. ``full`` embeds the records as they are, for closed workflows.
Pure functions, no ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from omrs.digests import canonical_json, record_digest, text_sha256
from omrs.version import STANDARD_VERSION

__all__ = ["canonical_json", "record_digest"]

Privacy = Literal["minimal", "full"]
PRIVACY_LEVELS: tuple[Privacy, ...] = ("minimal", "full")

#: Licence fields that are terms, not parties, money or evidence.
_LICENCE_TERMS = (
    "omrs", "recordType", "id", "issued", "supersedes", "assets", "term", "territories",
    "excludedTerritories", "legalBasis", "permissions", "statements",
)  # fmt: skip


def _pick(record: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: record[k] for k in keys if k in record}


def _uses(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for use in record.get("intendedUses") or ():
        if not isinstance(use, Mapping):
            continue
        item: dict[str, Any] = {}
        work = use.get("work")
        if isinstance(work, Mapping) and "id" in work:
            item["work"] = {"id": work["id"]}
        if "medium" in use:
            item["medium"] = use["medium"]
        out.append(item)
    return out


def _revocation(record: Mapping[str, Any]) -> dict[str, Any] | None:
    revocation = record.get("revocation")
    if not isinstance(revocation, Mapping):
        return None
    return _pick(revocation, ("revocable", "revokedAt"))


def minimal_consent(record: Mapping[str, Any]) -> dict[str, Any]:
    """A consent reduced to its id, digest and non-personal scope (no names, no money)."""
    # Exclusions travel with the territories: dropping them would widen the grant.
    scope: dict[str, Any] = _pick(
        record, ("attributes", "replicaKind", "term", "territories", "excludedTerritories")
    )
    scope["intendedUses"] = _uses(record)
    if "channels" in record:
        scope["channels"] = record["channels"]
    revocation = _revocation(record)
    if revocation is not None:
        scope["revocation"] = revocation
    return {
        "omrs": _version(record),
        "id": record.get("id"),
        "recordType": record.get("recordType", "likeness-consent"),
        "digest": record_digest(record),
        "scope": scope,
    }


def minimal_licence(record: Mapping[str, Any]) -> dict[str, Any]:
    """A licence reduced to its terms (permissions, term, territories), plus its digest."""
    out = {"omrs": _version(record), **_pick(record, _LICENCE_TERMS)}
    out["digest"] = record_digest(record)
    return out


def _version(record: Mapping[str, Any]) -> str:
    """The standard version a minimal form declares: its full record's (it follows that
    record's schema), else the one this signer writes."""
    declared = record.get("omrs")
    return declared if isinstance(declared, str) else STANDARD_VERSION


def embedded_consent(record: Mapping[str, Any], privacy: Privacy) -> dict[str, Any]:
    return dict(record) if privacy == "full" else minimal_consent(record)


def embedded_licence(record: Mapping[str, Any], privacy: Privacy) -> dict[str, Any]:
    return dict(record) if privacy == "full" else minimal_licence(record)


def is_minimal(embedded: Mapping[str, Any]) -> bool:
    """A minimal form carries a ``digest`` and no full-record-only fields."""
    return "digest" in embedded and "subject" not in embedded and "licensor" not in embedded


def public_disclosure(record: Mapping[str, Any]) -> dict[str, Any]:
    """The disclosure as embedded: whole, except that a prompt marked confidential never
    carries its text, even in a record signed with ``--force`` despite
    ``provenance.confidential-prompt`` (only its ``sha256`` goes into the file)."""
    return _each(record, "segments", lambda segment: _each(segment, "provenance", _public_run))


def _public_run(run: Mapping[str, Any]) -> dict[str, Any]:
    return _each(run, "prompts", _withheld)


def _each(
    obj: Mapping[str, Any], key: str, change: Callable[[Mapping[str, Any]], Mapping[str, Any]]
) -> dict[str, Any]:
    """A copy of ``obj`` with ``change`` made to each object in its list ``key`` (a record
    not yet schema-checked may hold anything there: the rest is kept as it is)."""
    out = dict(obj)
    found = obj.get(key)
    if isinstance(found, list):
        out[key] = [change(item) if isinstance(item, Mapping) else item for item in found]
    return out


def _withheld(prompt: Mapping[str, Any]) -> Mapping[str, Any]:
    text = prompt.get("text")
    if prompt.get("confidential") is not True or not isinstance(text, str):
        return prompt
    out = {k: v for k, v in prompt.items() if k != "text"}
    out.setdefault("sha256", text_sha256(text))
    return out
