"""Find a media file's asset entry in a bundle and gather the records that cover it.

``omrs sign`` signs what the bundle says about a file, so the file must be one of the
bundle's assets (matched by path relative to the bundle, or by SHA-256 when the file was
moved), and every record the asset names must be one of the bundle's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omrs.fileio import file_sha256
from omrs.loading import LoadProblem, load_document
from omrs.media.manifest import OmrsContent
from omrs.media.privacy import Privacy
from omrs.options import DEFAULT_MAX_FILE_SIZE

_CHUNK = 1 << 20


class BundleError(ValueError):
    """The bundle cannot say what to sign into this file."""


@dataclass(frozen=True, slots=True)
class AssetRecords:
    """The asset entry for a file and the records it names, by kind."""

    bundle_id: str | None
    asset: Mapping[str, Any]
    disclosure: Mapping[str, Any] | None
    licences: tuple[Mapping[str, Any], ...]
    consents: tuple[Mapping[str, Any], ...]

    def content(self, privacy: Privacy) -> OmrsContent:
        return OmrsContent(
            disclosure=self.disclosure,
            licences=self.licences,
            consents=self.consents,
            asset=self.asset,
            bundle_id=self.bundle_id,
            privacy=privacy,
        )


def _load(path: Path, what: str) -> Mapping[str, Any]:
    try:
        data = load_document(path, max_size=DEFAULT_MAX_FILE_SIZE).data
    except LoadProblem as problem:
        raise BundleError(f"cannot load the {what} {path}: {problem.message}") from problem
    if not isinstance(data, Mapping):
        raise BundleError(f"the {what} {path} is not an OMRS document (not an object)")
    return data


def _find_asset(bundle: Mapping[str, Any], folder: Path, media: Path) -> Mapping[str, Any]:
    assets = [a for a in bundle.get("assets") or () if isinstance(a, Mapping)]
    target = media.resolve()
    for asset in assets:
        if isinstance(asset.get("path"), str) and (folder / asset["path"]).resolve() == target:
            return asset
    digest = file_sha256(media)
    for asset in assets:
        if asset.get("sha256") == digest:
            return asset
    raise BundleError(
        f"the bundle does not mention {media} (no asset with that path or SHA-256 {digest}); "
        "add it to the bundle's assets before signing"
    )


def _records_by_id(bundle: Mapping[str, Any], folder: Path) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for entry in bundle.get("records") or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("path"), str):
            record = _load(folder / entry["path"], "record")
            if isinstance(record.get("id"), str):
                out[record["id"]] = record
    return out


def _pick(by_id: Mapping[str, Mapping[str, Any]], ids: Any, kind: str) -> list[Mapping[str, Any]]:
    wanted = [ids] if isinstance(ids, str) else [i for i in ids or () if isinstance(i, str)]
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise BundleError(
            f"the asset names {kind} {', '.join(missing)}, but no record listed in the bundle "
            "has that id"
        )
    return [by_id[i] for i in wanted]


def asset_records(bundle_path: Path, media: Path) -> AssetRecords:
    """The records the bundle at ``bundle_path`` attaches to ``media``; raise BundleError."""
    bundle = _load(bundle_path, "bundle")
    if bundle.get("recordType") != "bundle":
        raise BundleError(f"{bundle_path} is not an OMRS bundle (recordType is not 'bundle')")
    folder = bundle_path.parent
    try:
        asset = _find_asset(bundle, folder, media)
    except OSError as exc:
        raise BundleError(f"cannot read {media}: {exc.strerror or exc}") from exc
    by_id = _records_by_id(bundle, folder)
    disclosures = _pick(by_id, asset.get("disclosure"), "disclosure")
    bundle_id = bundle.get("id")
    return AssetRecords(
        bundle_id=bundle_id if isinstance(bundle_id, str) else None,
        asset=asset,
        disclosure=disclosures[0] if disclosures else None,
        licences=tuple(_pick(by_id, asset.get("licenses"), "licence")),
        consents=tuple(_pick(by_id, asset.get("consents"), "consent")),
    )
