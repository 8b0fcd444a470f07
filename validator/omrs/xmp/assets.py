"""Gathering one asset's records from a bundle, for ``omrs xmp export`` and callers alike.

The bundle names its records by path; the asset names its disclosure, licences and
consents by id. Problems come back as a message in :class:`AssetRecords.error`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.loading import LoadProblem, load_document


@dataclass(frozen=True, slots=True)
class AssetRecords:
    """An asset entry of a bundle and the records it points to (by id)."""

    media: Path | None = None
    asset: Mapping[str, Any] = field(default_factory=dict)
    disclosure: Mapping[str, Any] | None = None
    licences: tuple[Mapping[str, Any], ...] = ()
    consents: tuple[Mapping[str, Any], ...] = ()
    error: str | None = None

    def licence(self) -> Mapping[str, Any] | None:
        """All licences as one: each permission becomes a statement, the strictest wins."""
        if not self.licences:
            return None
        if len(self.licences) == 1:
            return self.licences[0]
        statements: list[dict[str, Any]] = []
        for licence in self.licences:
            extra = licence.get("statements")
            statements.extend(dict(s) for s in extra or [] if isinstance(s, Mapping))
            permissions = licence.get("permissions")
            if not isinstance(permissions, Mapping):
                continue
            for key, permission in permissions.items():
                if isinstance(permission, Mapping):
                    statements.append({"key": key, **permission})
        ids = ", ".join(str(lic.get("id")) for lic in self.licences)
        return {"id": ids, "statements": statements}

    def people_present(self) -> bool | None:
        """True if anyone is depicted, False if a licence says nobody is, else unknown."""
        if self.asset.get("people"):
            return True
        segments = self.disclosure.get("segments") if self.disclosure else None
        if isinstance(segments, list) and any(
            isinstance(s, Mapping) and s.get("people") for s in segments
        ):
            return True
        for licence in self.licences:
            people = licence.get("identifiablePeople")
            if isinstance(people, Mapping) and isinstance(people.get("present"), bool):
                return bool(people["present"])
        return None


def _load(path: Path) -> Mapping[str, Any]:
    data = load_document(path).data
    if not isinstance(data, Mapping):
        raise LoadProblem("load.not-a-record", "the document is not an object")
    return data


def _matches(entry: Mapping[str, Any], wanted: str, base: Path) -> bool:
    sha = entry.get("sha256")
    if isinstance(sha, str) and sha.lower() == wanted.lower():
        return True
    rel = entry.get("path")
    if not isinstance(rel, str):
        return False
    if os.path.normpath(rel) == os.path.normpath(wanted):
        return True
    return (base / rel).resolve() == Path(wanted).resolve()


def gather(bundle_path: Path, wanted: str) -> AssetRecords:
    """The asset of ``bundle_path`` whose path or sha256 is ``wanted``, with its records."""
    try:
        bundle = _load(bundle_path)
    except LoadProblem as problem:
        return AssetRecords(error=f"{bundle_path}: {problem.message}")
    if bundle.get("recordType") != "bundle":
        return AssetRecords(
            error=f"{bundle_path}: not an OMRS bundle (recordType is {bundle.get('recordType')!r})"
        )
    base = bundle_path.parent
    assets = [a for a in bundle.get("assets") or [] if isinstance(a, Mapping)]
    asset = next((a for a in assets if _matches(a, wanted, base)), None)
    if asset is None:
        known = ", ".join(str(a.get("path")) for a in assets) or "none"
        return AssetRecords(
            error=f"{bundle_path}: no asset with path or sha256 {wanted!r} (assets: {known})"
        )
    by_id: dict[str, Mapping[str, Any]] = {}
    for entry in bundle.get("records") or []:
        rel = entry.get("path") if isinstance(entry, Mapping) else None
        if not isinstance(rel, str):
            continue
        try:
            record = _load(base / rel)
        except LoadProblem as problem:
            return AssetRecords(error=f"{base / rel}: {problem.message}")
        if isinstance(record.get("id"), str):
            by_id[record["id"]] = record
    missing = [ident for ident in _referenced(asset) if ident not in by_id]
    if missing:
        return AssetRecords(
            error=f"{bundle_path}: asset {asset.get('path')} refers to "
            f"records the bundle does not list: {', '.join(missing)}"
        )
    disclosure_id = asset.get("disclosure")
    return AssetRecords(
        media=base / str(asset.get("path")),
        asset=asset,
        disclosure=by_id.get(disclosure_id) if isinstance(disclosure_id, str) else None,
        licences=tuple(by_id[i] for i in asset.get("licenses") or [] if isinstance(i, str)),
        consents=tuple(by_id[i] for i in asset.get("consents") or [] if isinstance(i, str)),
    )


def _referenced(asset: Mapping[str, Any]) -> list[str]:
    ids = [asset["disclosure"]] if isinstance(asset.get("disclosure"), str) else []
    ids += [i for i in asset.get("licenses") or [] if isinstance(i, str)]
    ids += [i for i in asset.get("consents") or [] if isinstance(i, str)]
    return ids
