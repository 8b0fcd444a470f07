"""Append an entry to an audit log file, and move the bundle's pin, without hand-made hashes.

The log's text is edited in place, as ``omrs migrate`` edits documents: the new entry is
written after the last one in the layout the list already has (a YAML block item at the
same dash column, a JSON object at the same indentation), so comments and formatting stay.
Every edit is checked by parsing the result again: it must hold exactly the old data plus
the new entry (and the bundle exactly the new pin), and the chain must hold. The log and the
bundle are then written together or not at all.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omrs.audit import AuditError, breaks, sealed
from omrs.loading import LoadProblem, decode, parse_text, syntax_of
from omrs.loading.positions import join_pointer
from omrs.migrate.edits import EditError, Insert, Set, apply_to_text
from omrs.migrate.spans import Spans, json_spans, yaml_spans

Syntax = str


@dataclass(frozen=True, slots=True)
class Appended:
    """What an append wrote: the entry, its position (1-based) and the files changed."""

    entry: Mapping[str, Any]
    length: int
    log: Path
    bundle: Path | None = None


def _spans(text: str, syntax: Syntax) -> Spans:
    return json_spans(text) if syntax == "json" else yaml_spans(text)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _last_scalar_end(spans: Spans, prefix: str) -> int:
    """Where the last scalar (key or value) under ``prefix`` ends: the item's real end."""
    ends = [end for p, (_, end) in spans.keys.items() if p.startswith(prefix)]
    ends += [
        end for p, (_, end) in spans.values.items() if p.startswith(prefix) and p in spans.styles
    ]
    if not ends:
        raise EditError(f"no content under {prefix}")
    return max(ends)


def _yaml_item(text: str, spans: Spans, last: str, entry: Mapping[str, Any]) -> str | None:
    """The log text with ``entry`` as a block item after ``last``, or None if not block."""

    members = spans.members.get(last)
    if not members or spans.flow.get(last, True):
        return None
    key_start = spans.keys[members[0]][0]
    lead = text[_line_start(text, key_start) : key_start]
    if "-" not in lead or lead.strip() != "-":
        return None
    item = _block(entry, lead[: lead.index("-")])
    end = _last_scalar_end(spans, last + "/")
    if end > 0 and text[end - 1] == "\n":
        at = end
    else:
        newline_at = text.find("\n", end)
        at = len(text) if newline_at < 0 else newline_at + 1
    newline = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + newline + item + text[at:]


def _json_item(text: str, spans: Spans, last: str, entry: Mapping[str, Any]) -> str:
    start, end = spans.values[last]
    before = text[:start].rstrip(" \t")
    if before.endswith("\n") or "\n" in text[start:end]:
        indent = text[_line_start(text, start) : start]
        rendered = json.dumps(dict(entry), indent=2, ensure_ascii=False)
        rendered = rendered.replace("\n", "\n" + indent)
        return text[:end] + ",\n" + indent + rendered + text[end:]
    rendered = json.dumps(dict(entry), ensure_ascii=False, separators=(", ", ": "))
    return text[:end] + ", " + rendered + text[end:]


def _block(entry: Mapping[str, Any], indent: str) -> str:
    import yaml

    block = yaml.safe_dump(
        [dict(entry)], sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )
    return "".join(indent + line for line in block.splitlines(keepends=True))


def _first_item(text: str, spans: Spans, syntax: Syntax, entry: Mapping[str, Any]) -> str:
    """A log started with ``entries: []``: the first entry in the file's own style."""
    if "/entries" not in spans.values or "/entries" not in spans.keys:
        raise AuditError("the log's `entries` cannot be located in its text")
    start, end = spans.values["/entries"]
    key_start = spans.keys["/entries"][0]
    indent = text[_line_start(text, key_start) : key_start]
    if syntax == "json":
        rendered = json.dumps([dict(entry)], indent=2, ensure_ascii=False)
        return text[:start] + rendered.replace("\n", "\n" + indent) + text[end:]
    rest = text[end:]
    tail = "" if rest.startswith("\n") or not rest else "\n"
    return text[:start].rstrip(" ") + "\n" + _block(entry, indent).rstrip("\n") + tail + rest


def append_text(text: str, syntax: Syntax, entry: Mapping[str, Any], count: int) -> str:
    """``text`` (a log of ``count`` entries) with ``entry`` appended in its own layout."""
    spans = _spans(text, syntax)
    if spans.aliases:
        raise AuditError("the log uses YAML aliases; write the shared values out first")
    if count == 0:
        return _first_item(text, spans, syntax, entry)
    last = f"/entries/{count - 1}"
    if last not in spans.values:
        raise AuditError("the log's `entries` cannot be located in its text")
    if syntax == "json":
        return _json_item(text, spans, last, entry)
    made = _yaml_item(text, spans, last, entry)
    if made is not None:
        return made
    data = parse_text(text, "log", "yaml").data
    new = [*data["entries"], dict(entry)]
    return apply_to_text(text, spans, "yaml", [Set("/entries", new)])


def pin_text(text: str, syntax: Syntax, log_id: str, head: str, length: int) -> str:
    """A bundle's text with ``auditLog`` pinning ``log_id`` at ``head`` after ``length``."""
    data = parse_text(text, "bundle", syntax).data  # type: ignore[arg-type]
    spans = _spans(text, syntax)
    pin = {"log": log_id, "head": head, "length": length}
    current = data.get("auditLog")
    if isinstance(current, dict) and set(current) == set(pin):
        edits: list[Any] = [Set(f"/auditLog/{k}", v) for k, v in pin.items() if current[k] != v]
    elif isinstance(current, dict):
        edits = [Set("/auditLog", pin)]
    else:
        edits = [Insert("", join_pointer("", list(data)[-1]), "auditLog", pin)]
    return apply_to_text(text, spans, syntax, edits)  # type: ignore[arg-type]


def _load(path: Path, what: str) -> tuple[str, Syntax, dict[str, Any]]:
    from omrs.fileio import open_regular

    try:
        with open_regular(path) as handle:
            text = decode(handle.read())
        data = parse_text(text, str(path), syntax_of(path)).data
    except OSError as exc:
        raise AuditError(f"cannot read the {what} {path}: {exc.strerror or exc}") from exc
    except LoadProblem as problem:
        raise AuditError(f"cannot read the {what} {path}: {problem.message}") from problem
    if not isinstance(data, dict):
        raise AuditError(f"the {what} {path} is not an OMRS document")
    return text, syntax_of(path), data


def _checked(text: str, syntax: Syntax, expected: Any, what: str) -> None:
    got = parse_text(text, what, syntax).data  # type: ignore[arg-type]
    if got != expected:
        raise AuditError(
            f"appending would not leave the {what} exactly as intended; nothing written"
        )


def append_entry(log: Path, fields: Mapping[str, Any], bundle: Path | None = None) -> Appended:
    """Seal ``fields`` as the log's next entry and write it (and the bundle's pin).

    Raises :class:`AuditError` (nothing written) when the log is not an audit log, its chain
    is broken, the bundle does not list it, or the edit would not say exactly that.
    """
    text, syntax, data = _load(log, "audit log")
    entries = data.get("entries")
    if data.get("recordType") != "audit-log" or not isinstance(entries, list):
        raise AuditError(f"{log} is not an audit log (recordType audit-log with entries)")
    entry = sealed(entries, fields)
    _valid_entry(data, entry, len(entries))
    new_text = append_text(text, syntax, entry, len(entries))
    _checked(new_text, syntax, {**data, "entries": [*entries, entry]}, "audit log")
    if breaks([*entries, entry]):
        raise AuditError("the appended log would not chain; nothing written")
    writes = [(log, new_text)]
    if bundle is not None:
        writes.append((bundle, _pinned(bundle, data, entry, len(entries) + 1)))
    _write_all(writes)
    return Appended(entry, len(entries) + 1, log, bundle)


def _valid_entry(log: Mapping[str, Any], entry: Mapping[str, Any], index: int) -> None:
    """Refuse an entry the schema would refuse (a malformed ``at``, an unknown event)."""
    from omrs import schemas

    version = schemas.resolve_version(str(log.get("omrs"))).version
    if version is None or "audit-log" not in schemas.record_types(version):
        raise AuditError(f"the log declares OMRS {log.get('omrs')!r}, which has no audit logs")
    data = {**log, "entries": [*log["entries"], dict(entry)]}
    prefix = ["entries", index]
    for error in schemas.validator(version, "audit-log").iter_errors(data):
        if list(error.absolute_path)[:2] == prefix:
            where = "/".join(map(str, error.absolute_path))
            raise AuditError(f"the new entry is not valid ({where}): {error.message}")


def _pinned(bundle: Path, log: Mapping[str, Any], entry: Mapping[str, Any], length: int) -> str:
    text, syntax, data = _load(bundle, "bundle")
    if data.get("recordType") != "bundle":
        raise AuditError(f"{bundle} is not a bundle")
    pin = {"log": log.get("id"), "head": entry["hash"], "length": length}
    new_text = pin_text(text, syntax, str(log.get("id")), str(entry["hash"]), length)
    expected = dict(data)
    expected["auditLog"] = pin
    _checked(new_text, syntax, expected, "bundle")
    return new_text


def _write_all(writes: list[tuple[Path, str]]) -> None:
    from omrs.fileio import replacing

    with contextlib.ExitStack() as stack:
        for path, text in writes:
            _, handle = stack.enter_context(replacing(path))
            handle.write(text.encode("utf-8"))
