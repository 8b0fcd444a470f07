"""Bundles pin records by the SHA-256 of their bytes; migrating a record changes those bytes.

A bundle's ``records[].sha256`` is the digest of the record file exactly as stored, so every
record a run rewrites would fail ``bundle.digest-mismatch`` in each bundle that pins it. A
bundle in the same run gets the new digest written into its pin, as one more text edit
(and its own new bytes then update the pins of any bundle that lists it). A bundle outside
the run is not the run's to rewrite: a record it pins is refused, naming the bundle, so the
user can add it to the run. Only a pin that held the record's digest before is updated; a
pin that was already wrong stays as it was, for ``omrs check`` to report.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from omrs.loading import LoadProblem, parse_text, syntax_of
from omrs.migrate.edits import EditError, Set, apply_to_data, apply_to_text, shared_node
from omrs.migrate.outcome import Outcome
from omrs.migrate.spans import json_spans, yaml_spans

#: What a bundle that had a pin updated lists among its changes.
REPINNED = "record pins"

#: (bundle's index in the run, pin's index in ``records``, pinned file's index in the run).
Pin = tuple[int, int, int]


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


def _data(outcome: Outcome) -> Any:
    try:
        return parse_text(outcome.after, outcome.path, syntax_of(outcome.path)).data
    except LoadProblem:
        return None


def pinned_paths(bundle: Path, data: Any) -> Iterator[tuple[int, str, str]]:
    """Each pinned record of a bundle's ``data``: its index, real path and pinned digest.

    A path that leaves the bundle's folder is passed over, as ``omrs check`` never follows it.
    """
    from omrs.bundles import outside

    if not isinstance(data, dict) or data.get("recordType") != "bundle":
        return
    from omrs.fileio import invalid_name

    folder, records = bundle.parent, data.get("records")
    for i, entry in enumerate(records if isinstance(records, list) else ()):
        if not isinstance(entry, dict):
            continue
        listed, pin = entry.get("path"), entry.get("sha256")
        if not isinstance(listed, str) or not isinstance(pin, str):
            continue
        if invalid_name(folder / listed) is None and outside(folder, listed) is None:
            yield i, _real(folder / listed), pin


def _pins(outcomes: Sequence[Outcome]) -> list[Pin]:
    """The pins of bundles in the run that held the digest of a run file as it was read."""
    index = {_real(o.path): n for n, o in enumerate(outcomes) if o.sha256 and not o.problem}
    pins = []
    for b, bundle in enumerate(outcomes):
        likely = "bundle" in bundle.after or "\\" in bundle.after  # or spelt with escapes
        if bundle.problem is None and likely:
            for i, real, pin in pinned_paths(Path(bundle.path), _data(bundle)):
                t = index.get(real)
                if t is not None and outcomes[t].sha256 == pin:
                    pins.append((b, i, t))
    return pins


def _digest(outcome: Outcome) -> str:
    return hashlib.sha256(outcome.data).hexdigest() if outcome.changed else str(outcome.sha256)


def _stale(outcomes: Sequence[Outcome], pins: Iterable[Pin]) -> dict[int, list[Set]]:
    """Per bundle, the pins that do not hold their file's digest as it will be written."""
    out: dict[int, list[Set]] = {}
    parsed: dict[int, Any] = {}
    for b, i, t in pins:
        if b not in parsed:
            parsed[b] = _data(outcomes[b])
        records = parsed[b]["records"]
        wanted = _digest(outcomes[t])
        if records[i]["sha256"] != wanted:
            out.setdefault(b, []).append(Set(f"/records/{i}/sha256", wanted))
    return out


def _repin(outcome: Outcome, edits: list[Set]) -> Outcome:
    """``outcome`` with ``edits`` made in its text, verified as the migration steps are."""
    syntax = syntax_of(outcome.path)
    text = outcome.after
    spans = json_spans(text) if syntax == "json" else yaml_spans(text)
    shared = shared_node(edits, spans.shared)
    if shared is not None:
        why = f"its pin at {shared[0]} is YAML anchor or alias {shared[1]}; write it out in full"
        return dataclasses.replace(outcome, problem=f"cannot update the record pins: {why}")
    try:
        after = apply_to_text(text, spans, syntax, edits)
    except EditError as exc:
        return dataclasses.replace(outcome, problem=f"cannot update the record pins: {exc}")
    updated = dataclasses.replace(outcome, after=after)
    if _data(updated) != apply_to_data(_data(outcome), edits):
        return dataclasses.replace(outcome, problem="updating the record pins would change more")
    changes = outcome.changes if REPINNED in outcome.changes else (*outcome.changes, REPINNED)
    return dataclasses.replace(updated, changes=changes)


def repin(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """``outcomes`` with the pins of every changed file updated in the bundles of the run.

    A repinned bundle's own digest changes too, so this repeats until every pin holds the
    digest of the bytes that will be written, which is then true of every pin it updates
    (checked once more at the end). Pins that never settle (bundles pinning each other in a
    cycle, which no digest can satisfy) make those bundles' problem.
    """
    out = list(outcomes)
    pins = _pins(out)
    for _ in range(len(out) + 1):
        stale = _stale(out, pins)
        if not stale:
            return out
        for b, edits in stale.items():
            out[b] = _repin(out[b], edits)
        pins = [p for p in pins if out[p[0]].problem is None]
    for b in _stale(out, pins):
        out[b] = dataclasses.replace(out[b], problem="its record pins never settle (a cycle)")
    return out


def outside_bundles(outcomes: Sequence[Outcome], *, max_size: int) -> list[Outcome]:
    """``outcomes`` with each changed file that a bundle outside the run pins refused.

    Such a bundle sits in the file's folder or above it (bundle paths never climb out of
    the bundle's folder), so the folders from there up to the repository's root (the first
    holding ``.git``) are searched, their own JSON/YAML files only.
    """
    inside = {_real(o.path) for o in outcomes}
    changed = {_real(o.path): n for n, o in enumerate(outcomes) if o.changed}
    folders = {folder for real in changed for folder in _ancestors(Path(real).parent)}
    out = list(outcomes)
    for bundle in sorted(_documents(folders, inside)):
        for _, real, pin in pinned_paths(bundle, _load(bundle, max_size)):
            t = changed.get(real)
            if t is not None and out[t].problem is None and out[t].sha256 == pin:
                out[t] = dataclasses.replace(
                    out[t],
                    problem=f"the bundle {_shown(bundle)} pins this file's SHA-256, which "
                    "migrating changes; migrate that bundle in the same run (name it or its "
                    "folder) so its pin is updated too",
                )
    return out


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _ancestors(folder: Path) -> Iterator[Path]:
    for each in (folder, *folder.parents):
        yield each
        if (each / ".git").exists():
            return


def _documents(folders: Iterable[Path], inside: set[str]) -> Iterator[Path]:
    """The JSON/YAML files directly in ``folders`` that are not in the run and may be bundles."""
    from omrs.discovery import DOCUMENT_SUFFIXES, mentions
    from omrs.fileio import is_regular_file

    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = folder / name
            if not name.lower().endswith(DOCUMENT_SUFFIXES) or _real(path) in inside:
                continue
            try:  # a bundle says `bundle`, or spells it with an escape
                if is_regular_file(path) and mentions(path, (b"bundle", b"\\")):
                    yield path
            except OSError:
                continue


def _load(path: Path, max_size: int) -> Any:
    from omrs.loading import load_document

    try:
        return load_document(path, max_size=max_size).data
    except (LoadProblem, OSError):
        return None
