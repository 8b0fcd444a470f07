"""``omrs audit append``: click only; the chain is in :mod:`omrs.audit`.

Exit codes: 0 appended; 1 refused because the log's chain is already broken (``omrs check``
locates the break); 2 usage (text that is not UTF-8, an empty note), I/O (a failed write says
which files changed, if any), a file that is not a log or bundle, or a bundle that does not
list or pin the log.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from omrs.cli import EXIT_ERROR, EXIT_FINDINGS, SuggestingGroup
from omrs.cli.common import INPUT_FILE

EVENTS = (
    "issued",
    "granted",
    "amended",
    "superseded",
    "approved",
    "signed",
    "waived",
    "revoked",
    "withdrawn",
    "other",
)


class Utf8Text(click.types.StringParamType):
    """Text that goes into a record, so it must be UTF-8.

    Bytes that are not UTF-8 (``--note $'\\xff'``, a name typed in a Latin-1 terminal)
    reach Python as lone surrogates, which no record can hold: refused as a usage error.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = super().convert(value, param, ctx)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = ord(text[exc.start])
            byte = f" (byte 0x{bad - 0xDC00:02x})" if 0xDC80 <= bad <= 0xDCFF else ""
            self.fail(f"is not UTF-8 text{byte}; use a UTF-8 terminal or locale", param, ctx)
        return text


TEXT = Utf8Text()


@click.group("audit", cls=SuggestingGroup)
def audit() -> None:
    """Keep a bundle's hash-chained audit log (OMRS 1.1)."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _record(path: Path) -> dict[str, str]:
    from omrs.audit import AuditError
    from omrs.digests import record_digest
    from omrs.loading import LoadProblem, load_document

    try:
        data = load_document(path).data
    except LoadProblem as problem:
        raise AuditError(f"cannot read the record {path}: {problem.message}") from problem
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise AuditError(f"{path} is not an OMRS record with an `id`")
    return {"id": data["id"], "sha256": record_digest(data)}


def _asset(path: Path, bundle: Path | None) -> dict[str, str]:
    from omrs.audit import AuditError
    from omrs.fileio import file_sha256

    shown = Path(os.path.relpath(path, bundle.parent) if bundle is not None else path).as_posix()
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        raise click.BadParameter(
            f"the file name {shown!r} is not UTF-8, so the log cannot record it; rename it",
            param_hint="'--asset'",
        ) from None
    try:
        return {"path": shown, "sha256": file_sha256(path)}
    except OSError as exc:
        raise AuditError(f"cannot read {path}: {exc.strerror or exc}") from exc


@audit.command("append")
@click.argument("log", type=INPUT_FILE)
@click.option("--event", type=click.Choice(EVENTS), required=True, help="What happened.")
@click.option("--by", "by_name", type=TEXT, required=True, metavar="NAME", help="Who did it.")
@click.option(
    "--by-kind",
    type=click.Choice(["person", "organization"]),
    help="Whether that is a person or an organization.",
)
@click.option(
    "--at", "at", type=TEXT, metavar="DATETIME", help="When, RFC 3339 (default: now, UTC)."
)
@click.option(
    "--record",
    "record",
    type=INPUT_FILE,
    help="The record concerned (its id and digest are entered).",
)
@click.option(
    "--asset", "asset", type=INPUT_FILE, help="The media file concerned (its digest is entered)."
)
@click.option("--note", type=TEXT, help="What happened, in words (not empty).")
@click.option(
    "--bundle",
    type=INPUT_FILE,
    help="Bundle whose `auditLog` pin to move to the new head (written with the log, or neither).",
)
def append(
    log: Path,
    event: str,
    by_name: str,
    by_kind: str | None,
    at: str | None,
    record: Path | None,
    asset: Path | None,
    note: str | None,
    bundle: Path | None,
) -> None:
    """Append one sealed entry to the audit log LOG: the hashes are computed for you."""
    from omrs.audit import AuditError, BrokenChain
    from omrs.audit.append import append_entry

    if note == "":
        raise click.UsageError(
            "--note must not be empty (an entry's note has at least one character); "
            "leave --note out for no note"
        )
    by: dict[str, Any] = {"name": by_name}
    if by_kind:
        by["kind"] = by_kind
    fields: dict[str, Any] = {"at": _now() if at is None else at, "event": event, "by": by}
    try:
        if record is not None:
            fields["record"] = _record(record)
        if asset is not None:
            fields["asset"] = _asset(asset, bundle)
        if note is not None:
            fields["note"] = note
        done = append_entry(log, fields, bundle)
    except AuditError as exc:
        where = "" if str(log) in str(exc) else f"{log}: "  # each file named once
        click.echo(f"omrs: error: {where}{exc}", err=True)
        sys.exit(EXIT_FINDINGS if isinstance(exc, BrokenChain) else EXIT_ERROR)
    pinned = f"; pinned in {done.bundle}" if done.bundle else ""
    click.echo(
        f"appended entry {done.length} ({event}) to {log}: hash {done.entry['hash']}{pinned}"
    )
