"""Re-pin a bundle's digests after its files changed (``omrs rehash``, ``omrs sign
--update-bundle``): all or nothing, keeping comments, order and layout.

An asset's ``sha256`` gets the digest of its bytes on disk. The disclosure the asset names
describes the same bytes (``bundle.digest-mismatch`` compares them), so where it held the
old digest its ``asset.sha256`` is updated too, and a record the bundle pins by digest gets
its pin updated to the bytes it will have. Values are edited in place in the text
(omrs.migrate's span edits, checked by parsing the result), and every file is written
together (``fileio.replace_all``): a failure changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.bundles import outside
from omrs.fileio import file_sha256, is_regular_file, replace_all, resolved
from omrs.loading import LoadProblem, parse_text, syntax_of
from omrs.migrate.edits import EditError, Set, apply_to_data, apply_to_text, shared_node
from omrs.migrate.spans import json_spans, yaml_spans

BOM = b"\xef\xbb\xbf"


class RehashError(ValueError):
    """The bundle cannot be re-pinned; nothing was written. The message says why."""


@dataclass(slots=True)
class _File:
    """One file to edit: its text as read (a BOM kept aside), its data, the edits so far."""

    path: Path
    text: str
    data: Any
    bom: bool
    edits: list[Set] = field(default_factory=list)

    def after(self) -> str:
        if not self.edits:
            return self.text
        syntax = syntax_of(str(self.path))
        spans = json_spans(self.text) if syntax == "json" else yaml_spans(self.text)
        shared = shared_node(self.edits, spans.shared)
        if shared is not None:
            raise RehashError(f"{self.path}: {shared[0]} is YAML anchor or alias {shared[1]}")
        try:
            text = apply_to_text(self.text, spans, syntax, self.edits)
        except EditError as exc:
            raise RehashError(f"{self.path}: {exc}") from exc
        if _parse(self.path, text) != apply_to_data(self.data, self.edits):
            raise RehashError(f"{self.path}: editing the digests would change more")
        return text

    def raw(self) -> bytes:
        return (BOM if self.bom else b"") + self.after().encode("utf-8")


def _parse(path: Path, text: str) -> Any:
    try:
        return parse_text(text, str(path), syntax_of(str(path))).data
    except LoadProblem as problem:
        raise RehashError(f"{path}: {problem.message}") from problem


def _read(path: Path) -> _File:
    if not is_regular_file(path):
        raise RehashError(f"{path} is not a regular file that can be read")
    raw = path.read_bytes()
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RehashError(f"{path} is not UTF-8 text") from exc
    return _File(path, text, _parse(path, text), bom)


@dataclass(frozen=True, slots=True)
class Change:
    """One digest re-pinned: in which file, at which pointer, from what to what."""

    path: Path
    pointer: str
    old: str
    new: str


def _records(bundle: _File) -> dict[str, tuple[int, Path]]:
    """Record id -> (index in ``records``, path) for the bundle's readable records."""
    out: dict[str, tuple[int, Path]] = {}
    folder = bundle.path.parent
    for i, entry in enumerate(bundle.data.get("records") or ()):
        listed = entry.get("path") if isinstance(entry, Mapping) else None
        if not isinstance(listed, str) or outside(folder, listed):
            continue
        path = folder / listed
        try:
            data = _read(path).data if is_regular_file(path) else None
        except RehashError:
            continue
        if isinstance(data, Mapping) and isinstance(data.get("id"), str):
            out.setdefault(data["id"], (i, path))
    return out


def plan(
    bundle_path: Path, only: Collection[Path] | None = None
) -> tuple[list[_File], list[Change]]:
    """The edited files and the changes that re-pin ``bundle_path``; ``only`` limits the
    assets to those paths (resolved). Raises RehashError; reads, writes nothing."""
    bundle = _read(bundle_path)
    if not isinstance(bundle.data, Mapping) or bundle.data.get("recordType") != "bundle":
        raise RehashError(f"{bundle_path} is not an OMRS bundle (recordType is not 'bundle')")
    folder = bundle_path.parent
    by_id = _records(bundle)
    files: dict[Path, _File] = {}
    changes: list[Change] = []
    for i, asset in enumerate(bundle.data.get("assets") or ()):
        listed = asset.get("path") if isinstance(asset, Mapping) else None
        if not isinstance(listed, str) or outside(folder, listed):
            continue
        path = folder / listed
        if (only is not None and resolved(path) not in only) or not is_regular_file(path):
            continue
        old, new = str(asset.get("sha256", "")), file_sha256(path)
        if old == new:
            continue
        bundle.edits.append(Set(f"/assets/{i}/sha256", new))
        changes.append(Change(bundle_path, f"/assets/{i}/sha256", old, new))
        ref = asset.get("disclosure")
        if isinstance(ref, str) and ref in by_id:
            changes += _disclosure(files, by_id[ref][1], old, new)
    changes += _record_pins(bundle, files)
    return [bundle, *files.values()], changes


def _disclosure(files: dict[Path, _File], path: Path, old: str, new: str) -> list[Change]:
    record = files.setdefault(path, _read(path))
    asset = record.data.get("asset") if isinstance(record.data, Mapping) else None
    if not isinstance(asset, Mapping) or asset.get("sha256") != old:
        return []
    record.edits.append(Set("/asset/sha256", new))
    return [Change(path, "/asset/sha256", old, new)]


def _record_pins(bundle: _File, files: Mapping[Path, _File]) -> list[Change]:
    """Each record pin of the bundle set to the digest of the record as it will be."""
    out: list[Change] = []
    folder = bundle.path.parent
    for i, entry in enumerate(bundle.data.get("records") or ()):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("sha256"), str):
            continue
        listed = entry.get("path")
        if not isinstance(listed, str) or outside(folder, listed):
            continue
        path = folder / listed
        edited = files.get(path)
        if edited is not None:
            digest = hashlib.sha256(edited.raw()).hexdigest()
        elif is_regular_file(path):
            digest = file_sha256(path)
        else:
            continue
        if digest != entry["sha256"]:
            bundle.edits.append(Set(f"/records/{i}/sha256", digest))
            out.append(Change(bundle.path, f"/records/{i}/sha256", entry["sha256"], digest))
    return out


def rehash(
    bundle_path: Path, only: Collection[Path] | None = None, *, dry_run: bool = False
) -> list[Change]:
    """Re-pin ``bundle_path`` (see :func:`plan`) and write every edited file together."""
    files, changes = plan(bundle_path, only)
    writes = [(f.path, f.raw()) for f in files if f.edits]
    if writes and not dry_run:
        replace_all(writes)
    return changes
