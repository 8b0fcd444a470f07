"""The documents a run checked, read again for their facts: bundles, records by id, inputs.

A file the run could not load is skipped here: the run already reported it, and the report
shows that finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.bundles import outside
from omrs.fileio import file_sha256, is_regular_file
from omrs.findings import FileKind, RunResult
from omrs.loading import LoadProblem, load_document
from omrs.report.model import InputDigest
from omrs.rules.base import items

Record = dict[str, Any]


@dataclass(slots=True)
class Sources:
    """The documents of the run, read once: bundles with their folders, records by id."""

    bundles: list[tuple[str, Record]] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    seen: set[Path] = field(default_factory=set)

    def of_type(self, record_type: str) -> list[Record]:
        return [r for r in self.records.values() if r.get("recordType") == record_type]

    def read(self, path: Path, max_size: int) -> Record | None:
        try:
            key = path.resolve()
        except (OSError, ValueError):
            return None
        if key in self.seen:
            return None
        self.seen.add(key)
        try:
            data = load_document(path, max_size=max_size).data
        except (LoadProblem, OSError):
            return None  # the run reported it; the report shows that finding
        return data if isinstance(data, dict) else None

    def add(self, record: Record) -> None:
        if isinstance(record.get("id"), str):
            self.records.setdefault(record["id"], record)


def gather(run: RunResult, max_size: int) -> Sources:
    out = Sources()
    for result in run.files:
        if result.kind is FileKind.BUNDLE:
            bundle = out.read(Path(result.path), max_size)
            if bundle is None:
                continue
            out.bundles.append((result.path, bundle))
            folder = Path(result.path).parent
            for _, entry in items(bundle, "records"):
                listed = entry.get("path")
                if isinstance(listed, str) and outside(folder, listed) is None:
                    record = out.read(folder / listed, max_size)
                    if record is not None:
                        out.add(record)
        elif result.kind is FileKind.RECORD and result.record_type:
            record = out.read(Path(result.path), max_size)
            if record is not None:
                out.add(record)
    return out


def inputs(run: RunResult, sources: Sources) -> tuple[InputDigest, ...]:
    paths = {r.path for r in run.files}
    for path, bundle in sources.bundles:
        folder = Path(path).parent
        for _, entry in items(bundle, "records"):
            listed = entry.get("path")
            if isinstance(listed, str) and outside(folder, listed) is None:
                paths.add(str(folder / listed))
    out = []
    for path in sorted(paths):
        try:
            digest = file_sha256(Path(path)) if is_regular_file(path) else "unreadable"
        except OSError:
            digest = "unreadable"
        out.append(InputDigest(path, digest))
    return tuple(out)
