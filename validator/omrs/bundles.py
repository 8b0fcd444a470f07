"""One asset of a bundle and the records that cover it, for the layers that act on media.

``omrs sign`` and ``omrs xmp export`` both start from "this file, in this bundle": the
asset is matched by its path relative to the bundle, or by SHA-256 when the file was moved
or is named by digest, and every record the asset names must be one of the bundle's
records. The records are plain data here; each layer renders them its own way. What the
file's licences let anyone do with it comes only from the licences of that file
(``AssetRecords.own_licences``), never from licences of the data a model was trained on.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from omrs import permissions
from omrs.fileio import file_sha256, is_regular_file, unreadable_reason
from omrs.loading import LoadProblem, load_document
from omrs.options import DEFAULT_MAX_FILE_SIZE

Record = Mapping[str, Any]


class BundleError(ValueError):
    """The bundle cannot say which records cover the asset; the message says why."""


def outside(folder: Path, listed: str) -> str | None:
    """Why a path a bundle lists may not be followed, or None when it stays in ``folder``.

    spec/1.0/bundle.md: record and asset paths are relative and MUST NOT leave the folder
    that holds the bundle. A stranger's bundle naming ``/etc/shadow``, ``../../x`` or a
    symbolic link out of the delivery would otherwise make the validator read and hash
    any file on the machine, so such a path is reported and never opened.
    """
    pure = PurePosixPath(listed)
    if pure.is_absolute() or PureWindowsPath(listed).drive or listed.startswith("\\"):
        return "is an absolute path; bundle paths are relative to the bundle's folder"
    depth = 0
    for part in pure.parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return "climbs out of the bundle's folder (..); bundle paths stay inside it"
    try:
        base, real = folder.resolve(), (folder / listed).resolve()
    except (OSError, ValueError, RuntimeError):
        return None  # a name the OS refuses: the reading checks say why
    if real != base and base not in real.parents:
        return "leads out of the bundle's folder through a symbolic link; it was not read"
    return None


def merged_licence(
    licences: Sequence[Record], *, on: dt.date | None = None
) -> dict[str, Any] | None:
    """Several licences of one asset as one record that exports, on the day ``on`` (default
    today), exactly as they do together.

    Each right holder licenses only their own rights, so across licences the most
    restrictive use holds (``omrs.permissions.combine``); one licence is returned as it is.
    """
    return permissions.export_view(licences, on=on)


def licences_of(
    licences: Sequence[Record], asset: Record | None, disclosure: Record | None = None
) -> list[Record]:
    """The licences whose ``assets`` name this asset's SHA-256: the bundle's digest for it,
    or the one its disclosure binds. A licence of training inputs says nothing about the
    output (CAWG TDM 1.1 §3.1: the assertion is about "the asset")."""
    bound = disclosure.get("asset") if disclosure else None
    digests = [str(r.get("sha256", "")) for r in (asset, bound) if isinstance(r, Mapping)]
    return permissions.covering(licences, digests)


@dataclass(frozen=True, slots=True)
class AssetRecords:
    """The asset entry for a file and the records it names, by kind."""

    bundle_id: str | None
    media: Path
    asset: Record
    disclosure: Record | None
    licences: tuple[Record, ...]
    consents: tuple[Record, ...]
    #: Dataset manifests the disclosure's model stages or the licences name (1.1).
    datasets: tuple[Record, ...] = ()
    #: The bundle's audit log: the one ``auditLog`` pins, else the only one listed (1.1).
    audit_log: Record | None = None

    def own_licences(self) -> list[Record]:
        """The licences of this very file: those whose ``assets`` name its SHA-256.

        The declared digests count (the bundle's and the disclosure's), and so does the
        file's actual digest, hashed only when no licence matches a declared one, so a
        licence written for the delivered bytes is found before the bundle is updated. A
        licence of training inputs names other digests and is never exported onto the
        output.
        """
        found = licences_of(self.licences, self.asset, self.disclosure)
        if found or not self.licences or not is_regular_file(self.media):
            return found
        try:
            actual = file_sha256(self.media)
        except OSError:
            return found
        return permissions.covering(self.licences, [actual])

    def licence(self) -> dict[str, Any] | None:
        """The licences of this file as one (see ``own_licences``), for XMP and C2PA."""
        return merged_licence(self.own_licences())

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


def _load(path: Path, what: str) -> Record:
    why = unreadable_reason(path)
    if why is not None:  # never hand a FIFO or a NUL-byte name to the loader
        raise BundleError(f"cannot load the {what} {path}: it {why}")
    try:
        data = load_document(path, max_size=DEFAULT_MAX_FILE_SIZE).data
    except LoadProblem as problem:
        raise BundleError(f"cannot load the {what} {path}: {problem.message}") from problem
    if not isinstance(data, Mapping):
        raise BundleError(f"the {what} {path} is not an OMRS document (not an object)")
    return data


def _resolved(path: Path) -> Path | None:
    """``path`` resolved, or None for a name the OS cannot take (a NUL byte)."""
    try:
        return path.resolve()
    except (OSError, ValueError):
        return None


def _by_path(assets: list[Record], folder: Path, wanted: str) -> Record | None:
    target = _resolved(Path(wanted))
    for asset in assets:
        rel = asset.get("path")
        if not isinstance(rel, str):
            continue
        if os.path.normpath(rel) == os.path.normpath(wanted):
            return asset
        if target is not None and _resolved(folder / rel) == target:
            return asset
    return None


def _by_digest(assets: list[Record], digest: str) -> Record | None:
    return next((a for a in assets if str(a.get("sha256", "")).lower() == digest.lower()), None)


def _find_asset(bundle: Record, folder: Path, wanted: str) -> Record:
    assets = [a for a in bundle.get("assets") or () if isinstance(a, Mapping)]
    found = _by_path(assets, folder, wanted) or _by_digest(assets, wanted)
    if found is None and is_regular_file(wanted):
        try:
            found = _by_digest(assets, file_sha256(Path(wanted)))
        except OSError as exc:
            raise BundleError(f"cannot read {wanted}: {exc.strerror or exc}") from exc
    if found is None:
        known = ", ".join(str(a.get("path")) for a in assets) or "none"
        raise BundleError(
            f"the bundle does not mention {wanted} (no asset with that path or SHA-256; "
            f"its assets: {known}); add it to the bundle's assets first"
        )
    return found


def _inside(folder: Path, listed: str, what: str) -> Path:
    why = outside(folder, listed)
    if why is not None:
        raise BundleError(f"the bundle's {what} path {listed!r} {why}")
    return folder / listed


def _records_by_id(bundle: Record, folder: Path) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for entry in bundle.get("records") or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("path"), str):
            record = _load(_inside(folder, entry["path"], "record"), "record")
            if isinstance(record.get("id"), str):
                out[record["id"]] = record
    return out


def _pick(by_id: Mapping[str, Record], ids: Any, kind: str) -> list[Record]:
    wanted = [ids] if isinstance(ids, str) else [i for i in ids or () if isinstance(i, str)]
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise BundleError(
            f"the asset names {kind} {', '.join(missing)}, but no record listed in the bundle "
            "has that id"
        )
    return [by_id[i] for i in wanted]


def asset_records(bundle_path: Path, wanted: str | Path) -> AssetRecords:
    """The records ``bundle_path`` attaches to the asset ``wanted`` (a path or a SHA-256).

    Raises BundleError naming what is missing.
    """
    bundle = _load(bundle_path, "bundle")
    if bundle.get("recordType") != "bundle":
        raise BundleError(f"{bundle_path} is not an OMRS bundle (recordType is not 'bundle')")
    folder = bundle_path.parent
    asset = _find_asset(bundle, folder, str(wanted))
    by_id = _records_by_id(bundle, folder)
    disclosures = _pick(by_id, asset.get("disclosure"), "disclosure")
    licences = tuple(_pick(by_id, asset.get("licenses"), "licence"))
    bundle_id = bundle.get("id")
    disclosure = disclosures[0] if disclosures else None
    return AssetRecords(
        bundle_id=bundle_id if isinstance(bundle_id, str) else None,
        media=_inside(folder, str(asset.get("path")), "asset"),
        asset=asset,
        disclosure=disclosure,
        licences=licences,
        consents=tuple(_pick(by_id, asset.get("consents"), "consent")),
        datasets=_datasets(by_id, disclosure, licences),
        audit_log=_audit_log(bundle, by_id),
    )


def _of_type(record: Record | None, record_type: str) -> bool:
    return record is not None and record.get("recordType") == record_type


def _datasets(
    by_id: Mapping[str, Record], disclosure: Record | None, licences: Sequence[Record]
) -> tuple[Record, ...]:
    """The dataset manifests named by the disclosure's model stages and by the licences'
    assets; one that is not in the bundle is left out (``dataset.reference`` reports it)."""
    from omrs.provenance import dataset_ids

    wanted = dataset_ids(disclosure)
    for licence in licences:
        for entry in licence.get("assets") or ():
            if isinstance(entry, Mapping) and isinstance(entry.get("manifest"), str):
                wanted.append(entry["manifest"])
    found = (by_id.get(i) for i in dict.fromkeys(wanted))
    return tuple(r for r in found if r is not None and _of_type(r, "dataset-manifest"))


def _audit_log(bundle: Record, by_id: Mapping[str, Record]) -> Record | None:
    pin = bundle.get("auditLog")
    if isinstance(pin, Mapping):
        log = by_id.get(str(pin.get("log")))
        return log if _of_type(log, "audit-log") else None
    logs = [r for r in by_id.values() if _of_type(r, "audit-log")]
    return logs[0] if len(logs) == 1 else None
