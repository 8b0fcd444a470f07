"""Append an entry to an audit log file, and move the bundle's pin, without hand-made hashes.

The log's text is edited in place, as ``omrs migrate`` edits documents: the new entry is
written after the last one in the layout the list already has (a YAML block item at the
same dash column, a JSON object at the same indentation), so comments and formatting stay.
Every edit is checked by parsing the result again: it must hold exactly the old data plus
the new entry (and the bundle exactly the new pin), and the chain must hold. The log and the
bundle are then written together or not at all (:func:`omrs.fileio.replace_all`), and a
bundle is only re-pinned to a log that is its own.

A file whose every line ends in CRLF is edited as LF text and written back in CRLF, so the
inserted lines end like the others; a UTF-8 byte-order mark is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omrs.audit import AuditError, breaks, sealed
from omrs.fileio import PartlyReplaced, replace_all
from omrs.loading import LoadProblem, decode, parse_text, syntax_of
from omrs.loading.positions import join_pointer
from omrs.migrate.edits import EditError, Insert, Set, apply_to_text, shared_node
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


def _indent_before(text: str, pos: int) -> str:
    """The white space that starts ``pos``'s line up to ``pos``; none when other text is
    there (``{"entries": []}`` on one line is not indented by its own first half)."""
    head = text[_line_start(text, pos) : pos]
    return head if not head.strip() else ""


def _keeping_newlines(text: str, edit: Callable[[str], str]) -> str:
    """``edit(text)``, done on LF text and turned back to CRLF when every break was CRLF.

    The edits write ``\n``; in a CRLF file that would leave lines ending both ways. The
    round trip is exact only when no CR stands alone, so a file that mixes styles is edited
    as it is (and its new lines end in LF).
    """
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n") == text.count("\r"):
        return edit(text.replace("\r\n", "\n")).replace("\n", "\r\n")
    return edit(text)


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
        indent = _indent_before(text, start)
        rendered = json.dumps(dict(entry), indent=2, ensure_ascii=False)
        rendered = rendered.replace("\n", "\n" + indent)
        return text[:end] + ",\n" + indent + rendered + text[end:]
    rendered = json.dumps(dict(entry), ensure_ascii=False, separators=(", ", ": "))
    return text[:end] + ", " + rendered + text[end:]


def _block(entry: Mapping[str, Any], indent: str) -> str:
    from omrs import yaml_out

    block = yaml_out.dump([dict(entry)], sort_keys=False, default_flow_style=False, width=4096)
    return "".join(indent + line for line in block.splitlines(keepends=True))


def _first_item(text: str, spans: Spans, syntax: Syntax, entry: Mapping[str, Any]) -> str:
    """A log started with ``entries: []``: the first entry in the file's own style.

    A comment after ``[]`` stays on the ``entries:`` line it annotates.
    """
    if "/entries" not in spans.values or "/entries" not in spans.keys:
        raise AuditError("the log's `entries` cannot be located in its text")
    start, end = spans.values["/entries"]
    key_start = spans.keys["/entries"][0]
    indent = _indent_before(text, key_start)
    if syntax == "json":
        rendered = json.dumps([dict(entry)], indent=2, ensure_ascii=False)
        return text[:start] + rendered.replace("\n", "\n" + indent) + text[end:]
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    comment = text[end:line_end].strip()
    if spans.flow.get("", False) or (comment and not comment.startswith("#")):
        return apply_to_text(text, spans, "yaml", [Set("/entries", [dict(entry)])])
    key_line = text[:start].rstrip(" ") + (" " + comment if comment else "")
    rest = text[line_end + 1 :]
    return key_line + "\n" + _block(entry, indent) + rest


def append_text(text: str, syntax: Syntax, entry: Mapping[str, Any], count: int) -> str:
    """``text`` (a log of ``count`` entries) with ``entry`` appended in its own layout."""
    return _keeping_newlines(text, lambda lf: _appended(lf, syntax, entry, count))


def _appended(text: str, syntax: Syntax, entry: Mapping[str, Any], count: int) -> str:
    spans = _spans(text, syntax)
    shared = shared_node([Set("/entries", [])], spans.shared)
    if shared is not None:  # an alias elsewhere in the log is no reason to refuse
        raise AuditError(
            f"the log's entries use YAML anchor or alias {shared[1]} at {shared[0]}; "
            "write the shared values out first"
        )
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


def pin_text(
    text: str, syntax: Syntax, pin: Mapping[str, Any], digests: Mapping[int, str] | None = None
) -> str:
    """A bundle's text with ``auditLog`` set to ``pin`` ({log, head, length}), and each
    ``records`` entry index in ``digests`` given that new ``sha256``."""
    return _keeping_newlines(text, lambda lf: _pinned_text(lf, syntax, pin, digests or {}))


def _pinned_text(
    text: str, syntax: Syntax, pin: Mapping[str, Any], digests: Mapping[int, str]
) -> str:
    data = parse_text(text, "bundle", syntax).data  # type: ignore[arg-type]
    spans = _spans(text, syntax)
    current = data.get("auditLog")
    edits: list[Any] = [Set(f"/records/{i}/sha256", d) for i, d in digests.items()]
    if isinstance(current, dict) and set(current) == set(pin):
        edits += [Set(f"/auditLog/{k}", v) for k, v in pin.items() if current[k] != v]
    elif isinstance(current, dict):
        edits.append(Set("/auditLog", dict(pin)))
    else:
        edits.append(Insert("", join_pointer("", list(data)[-1]), "auditLog", dict(pin)))
    return apply_to_text(text, spans, syntax, edits)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Source:
    """A file as read: its text (byte-order mark removed), syntax and data."""

    path: Path
    text: str
    syntax: Syntax
    data: dict[str, Any]
    bom: bytes

    def encoded(self, text: str) -> bytes:
        """``text`` as this file's bytes (its byte-order mark kept)."""
        return self.bom + text.encode("utf-8")


def _load(path: Path, what: str) -> _Source:
    from omrs.discovery import DOCUMENT_SUFFIXES
    from omrs.fileio import open_regular
    from omrs.options import DEFAULT_MAX_FILE_SIZE

    if not path.name.lower().endswith(DOCUMENT_SUFFIXES):
        raise AuditError(f"the {what} {path} is not a JSON or YAML file (.json, .yaml, .yml)")
    try:
        with open_regular(path) as handle:
            raw = handle.read(DEFAULT_MAX_FILE_SIZE + 1)
        if len(raw) > DEFAULT_MAX_FILE_SIZE:  # the limit every other reader keeps
            raise AuditError(
                f"the {what} {path} is over the {DEFAULT_MAX_FILE_SIZE:,}-byte size limit"
            )
        text = decode(raw)
        data = parse_text(text, str(path), syntax_of(path)).data
    except OSError as exc:
        raise AuditError(f"cannot read the {what} {path}: {exc.strerror or exc}") from exc
    except LoadProblem as problem:
        raise AuditError(f"cannot read the {what} {path}: {problem.message}") from problem
    if not isinstance(data, dict):
        raise AuditError(f"the {what} {path} is not an OMRS document")
    bom = _UTF8_BOM if raw.startswith(_UTF8_BOM) else b""
    return _Source(path, text, syntax_of(path), data, bom)


_UTF8_BOM = b"\xef\xbb\xbf"


def _checked(text: str, syntax: Syntax, expected: Any, what: str) -> None:
    try:
        got = parse_text(text, what, syntax).data  # type: ignore[arg-type]
    except LoadProblem:  # an edit this layout defeats: refused, never an internal error
        got = None
    if got != expected:
        raise AuditError(
            f"appending would not leave the {what} exactly as intended; nothing written"
        )


def append_entry(log: Path, fields: Mapping[str, Any], bundle: Path | None = None) -> Appended:
    """Seal ``fields`` as the log's next entry and write it (and the bundle's pin).

    Raises :class:`AuditError` (nothing written) when the log is not an audit log, its chain
    is broken, the bundle is not the log's own, or the edit would not say exactly that;
    :class:`WriteFailed` when writing fails (its message says which files changed).
    """
    source = _load(log, "audit log")
    data, entries = source.data, source.data.get("entries")
    if data.get("recordType") != "audit-log" or not isinstance(entries, list):
        raise AuditError(f"{log} is not an audit log (recordType audit-log with entries)")
    entry = sealed(entries, fields)
    _valid_entry(data, entry, len(entries))
    new_text = append_text(source.text, source.syntax, entry, len(entries))
    _checked(new_text, source.syntax, {**data, "entries": [*entries, entry]}, "audit log")
    if breaks([*entries, entry]):
        raise AuditError("the appended log would not chain; nothing written")
    writes = [(log, source.encoded(new_text))]
    if bundle is not None:
        pinned = _pinned(bundle, source, writes[0][1], entry, len(entries) + 1)
        writes.append((bundle, pinned))
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


def _listed_at(bundle: Path, data: Mapping[str, Any], log: Path) -> int | None:
    """The index of the ``records`` entry whose path is the log file, if the bundle lists it.

    Paths are only compared, never opened; one leaving the bundle's folder does not count.
    """
    from omrs.bundles import outside

    records = data.get("records")
    if not isinstance(records, list):
        return None
    folder, target = bundle.parent, os.path.realpath(log)
    for index, record in enumerate(records):
        path = record.get("path") if isinstance(record, Mapping) else None
        if not isinstance(path, str) or outside(folder, path) is not None:
            continue
        try:  # one unusable path (a NUL byte) says nothing about the others
            if os.path.realpath(folder / path) == target:
                return index
        except (OSError, ValueError):
            continue
    return None


def _own_log(bundle: Path, data: Mapping[str, Any], log: Mapping[str, Any], listed: bool) -> None:
    """Refuse to pin a log that is not the bundle's: its pin would then vouch for a stranger.

    The bundle must list the log file in ``records`` (a pin names a listed log: a copy of
    the log elsewhere, with the same id, is not it) and pin no other log but the one this
    log ``supersedes``; a log that names its bundle must name this one.
    """
    log_id, bundle_id = log.get("id"), data.get("id")
    if not isinstance(log_id, str):
        raise AuditError("the log has no `id`, so no bundle can pin it; nothing written")
    owner = log.get("bundle")
    if isinstance(owner, str) and owner != bundle_id:
        raise AuditError(
            f"the log keeps the history of bundle {owner}, but {bundle} is bundle "
            f"{bundle_id}; nothing written"
        )
    if not listed:
        raise AuditError(
            f"{bundle} does not list this log file in `records`, so it is not the bundle's "
            "log; list it there first; nothing written"
        )
    pin = data.get("auditLog")
    pinned = pin.get("log") if isinstance(pin, Mapping) else None
    if pinned is not None and pinned not in (log_id, log.get("supersedes")):
        raise AuditError(
            f"{bundle} pins audit log {pinned}, not this log ({log_id}); change its "
            "`auditLog` by hand if this log replaces that one; nothing written"
        )


def _pinned(
    bundle: Path, log: _Source, log_bytes: bytes, entry: Mapping[str, Any], length: int
) -> bytes:
    """The bundle's new bytes: ``auditLog`` at the new head, and the log's digest if pinned."""
    source = _load(bundle, "bundle")
    data = source.data
    if data.get("recordType") != "bundle":
        raise AuditError(f"{bundle} is not a bundle")
    index = _listed_at(bundle, data, log.path)
    _own_log(bundle, data, log.data, index is not None)
    pin = {"log": log.data["id"], "head": entry["hash"], "length": length}
    digests: dict[int, str] = {}
    if index is not None and "sha256" in data["records"][index]:
        digests[index] = hashlib.sha256(log_bytes).hexdigest()
    new_text = pin_text(source.text, source.syntax, pin, digests)
    expected = dict(data)
    expected["auditLog"] = pin
    if digests:
        records = list(data["records"])
        for i, digest in digests.items():
            records[i] = {**records[i], "sha256": digest}
        expected["records"] = records
    _checked(new_text, source.syntax, expected, "bundle")
    return source.encoded(new_text)


class WriteFailed(AuditError):
    """Writing failed; ``replaced`` lists the files changed (empty: nothing was)."""

    def __init__(self, message: str, replaced: Sequence[Path] = ()) -> None:
        super().__init__(message)
        self.replaced = tuple(replaced)


def _write_all(writes: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none; say truthfully which changed when a rename fails midway.

    The log comes first: if the bundle's rename then fails, its pin only lags the log (a
    warning), where a pin ahead of its log would read as entries cut from the log's end.
    """
    try:
        replace_all(writes)
    except PartlyReplaced as exc:
        raise WriteFailed(
            f"only partly written: {_names(exc.replaced)} was replaced, but "
            f"{_names(exc.unchanged)} was not ({exc.strerror}), so they no longer agree",
            exc.replaced,
        ) from exc
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise WriteFailed(
            f"cannot write{where}: {exc.strerror or exc}; nothing was changed"
        ) from exc


def _names(paths: Sequence[Path]) -> str:
    return " and ".join(str(p) for p in paths)
