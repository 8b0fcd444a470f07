"""``omrs migrate``: rewrite documents to a newer standard version, losslessly.

Each step of :mod:`omrs.migrate.steps` states its change as edits on pointers; the edits are
made in the text at the values' spans (:mod:`~omrs.migrate.edits`), so comments, key order,
quoting and layout survive byte for byte. After every step the text is parsed again and must
hold exactly the data the edits promise, and a document that was valid must still be valid
under the target version: a migration that cannot keep both promises is refused, never
written. Files are written together or not at all, and the bundles of the run have their
pins of the records it changes updated with them (:mod:`~omrs.migrate.pins`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omrs.findings import FileKind
from omrs.loading import LoadProblem, parse_text, syntax_of
from omrs.migrate import implicit_label as _implicit_label  # noqa: F401 (registers its step)
from omrs.migrate.edits import EditError, apply_to_data, apply_to_text, shared_node
from omrs.migrate.outcome import Outcome
from omrs.migrate.pins import outside_bundles, repin
from omrs.migrate.spans import Spans, json_spans, yaml_spans
from omrs.migrate.steps import Unmigratable, steps_to

if TYPE_CHECKING:
    from omrs.discovery import Target

__all__ = ["Outcome", "migrate_document", "migrate_text", "write_all"]


def _spans(text: str, syntax: str) -> Spans:
    return json_spans(text) if syntax == "json" else yaml_spans(text)


def _schema_errors(data: Any, version: str, record_type: str) -> int:
    from omrs import schemas

    return sum(1 for _ in schemas.validator(version, record_type).iter_errors(data))


def _source_version(data: Any) -> tuple[str, str]:
    """The declared version and record type, or raise Unmigratable saying what is wrong."""
    from omrs import schemas

    if not isinstance(data, dict) or not {"omrs", "recordType"} <= data.keys():
        raise Unmigratable("not an OMRS document (no `omrs` and `recordType`)")
    declared, record_type = data["omrs"], data["recordType"]
    if not isinstance(declared, str) or declared not in schemas.versions():
        known = ", ".join(schemas.versions())
        raise Unmigratable(f"standard version {declared!r} is not one this tool ships ({known})")
    if record_type not in schemas.record_types(declared):
        raise Unmigratable(f"record type {record_type!r} is not known in OMRS {declared}")
    return declared, str(record_type)


def migrate_text(text: str, syntax: str, target: str, *, path: str = "-") -> Outcome:
    """Migrate one document's ``text`` to ``target``; never raises for a bad document."""
    try:
        return _migrate(text, syntax, target, path)
    except (LoadProblem, Unmigratable, EditError) as exc:
        message = exc.message if isinstance(exc, LoadProblem) else str(exc)
        return Outcome(path, text, text, target=target, problem=message)


def _migrate(text: str, syntax: str, target: str, path: str) -> Outcome:
    from omrs import schemas

    if target not in schemas.versions():
        raise Unmigratable(f"target version {target!r} is not one this tool ships")
    data = parse_text(text, path, syntax).data  # type: ignore[arg-type]
    source, record_type = _source_version(data)
    was_valid = _schema_errors(data, source, record_type) == 0
    changes: list[str] = []
    after = text
    for name, step in steps_to(source, target):
        edits = step(data)
        if not edits:
            continue
        spans = _spans(after, syntax)
        shared = shared_node(edits, spans.shared)
        if shared is not None:
            raise Unmigratable(
                f"step {name!r} would change {shared[0] or '/'}, which is YAML anchor or alias "
                f"{shared[1]} (a value shared with other places); write it out in full first"
            )
        expected = apply_to_data(data, edits)
        after = apply_to_text(after, spans, syntax, edits)  # type: ignore[arg-type]
        data = parse_text(after, path, syntax).data  # type: ignore[arg-type]
        if data != expected:
            raise Unmigratable(f"step {name!r} would not say exactly what it means to")
        changes.append(name)
    if was_valid and _schema_errors(data, target, record_type):
        raise Unmigratable(f"the migrated document would not be valid OMRS {target}")
    return Outcome(path, text, after, source, target, tuple(changes))


def migrate_document(path: Path, target: str, *, max_size: int | None = None) -> Outcome:
    """Read ``path`` and migrate it (nothing is written); a UTF-8 BOM is kept."""
    from omrs.fileio import open_regular
    from omrs.loading import decode
    from omrs.options import DEFAULT_MAX_FILE_SIZE

    limit = max_size or DEFAULT_MAX_FILE_SIZE
    try:
        with open_regular(path) as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            raise Unmigratable(f"the file is over the {limit:,}-byte size limit")
        text = decode(raw)
    except OSError as exc:
        return Outcome(str(path), "", "", target=target, problem=exc.strerror or str(exc))
    except (LoadProblem, Unmigratable) as exc:
        message = exc.message if isinstance(exc, LoadProblem) else str(exc)
        return Outcome(str(path), "", "", target=target, problem=message)
    outcome = migrate_text(text, syntax_of(path), target, path=str(path))
    return dataclasses.replace(
        outcome, sha256=hashlib.sha256(raw).hexdigest(), bom=raw.startswith(b"\xef\xbb\xbf")
    )


def write_all(outcomes: Iterable[Outcome]) -> list[Path]:
    """Write every changed file, all or none (``fileio.replace_all``); the paths written.

    Raises OSError when nothing was changed, ``fileio.PartlyReplaced`` naming the files
    replaced when a rename failed after every file was staged.
    """
    from omrs.fileio import replace_all

    changed = [o for o in outcomes if o.changed]
    replace_all([(Path(o.path), o.data) for o in changed])
    return [Path(o.path) for o in changed]


def unified_diff(outcome: Outcome) -> str:
    import difflib

    lines = difflib.unified_diff(
        outcome.before.splitlines(keepends=True),
        outcome.after.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}",
        tofile=f"b/{outcome.path}",
    )
    return "".join(lines)


def outcomes_for(
    paths: Sequence[str],
    target: str,
    *,
    exclude: Sequence[str] = (),
    max_size: int | None = None,
) -> list[Outcome]:
    """Migrate every record and bundle ``paths`` name or a walk of them finds.

    Walks skip what ``exclude`` (gitignore patterns) names, as ``omrs check``'s do. A walked
    JSON/YAML file that is not an OMRS document (a ``package.json``) is left alone, as
    ``omrs check`` leaves it; a path named on the command line is always reported, and one
    that is not a regular JSON/YAML file (a device, a FIFO, a folder that cannot be listed,
    standard input) is an I/O problem with its ``io.*`` code. Pins are then updated
    (:func:`~omrs.migrate.pins.repin`), and a changed file a bundle outside the run pins is
    refused.
    """
    from omrs.discovery import discover
    from omrs.options import DEFAULT_MAX_FILE_SIZE

    out = []
    seen: set[str] = set()  # one file named twice (``b`` and ``b/x.yaml``) is migrated once
    for found in discover(paths, exclude).targets:
        refused = _refused(found)
        if refused is not None:
            out.append(dataclasses.replace(refused, target=target))
            continue
        if found.kind is not FileKind.RECORD or os.path.realpath(found.path) in seen:
            continue
        seen.add(os.path.realpath(found.path))
        outcome = migrate_document(Path(found.path), target, max_size=max_size)
        if outcome.problem and not found.explicit and outcome.problem.startswith("not an OMRS"):
            continue
        out.append(outcome)
    return outside_bundles(repin(out), max_size=max_size or DEFAULT_MAX_FILE_SIZE)


def _refused(found: Target) -> Outcome | None:
    """Why a target cannot be migrated before it is opened, as ``omrs check`` says it."""
    from omrs.fileio import path_problem

    if found.problem is not None:  # a folder the walk could not list
        return Outcome(found.path, "", "", problem=found.problem[1], code=found.problem[0])
    if not found.explicit:
        return None
    if found.path == "-":
        why = "standard input cannot be migrated in place; name the files or folders instead"
        return Outcome(found.path, "", "", problem=why, code="io.not-regular")
    problem = path_problem(found.path)
    if problem is not None:
        return Outcome(found.path, "", "", problem=problem[1], code=problem[0])
    if found.kind is not FileKind.RECORD:
        why = "is not a JSON or YAML file (.json, .yaml, .yml); only records and bundles migrate"
        return Outcome(found.path, "", "", problem=why)
    return None
