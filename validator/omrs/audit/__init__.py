"""The audit log's hash chain: how an entry is sealed, how a chain is checked, how it grows.

An entry's ``hash`` is the SHA-256 of its canonical JSON without the ``hash`` member
(``omrs.digests.canonical_json``; for entries these are RFC 8785 bytes). Every entry but the
first carries the ``hash`` of the entry before it as ``prev``; the first carries none. So
editing an entry breaks its own hash, deleting or reordering one breaks the next entry's
``prev``, and deleting the first leaves a ``prev`` on the new first. Removing entries from
the end leaves a valid chain; the bundle's pin (``auditLog.head``/``length``) catches that.

Each link is checked against the *recorded* hashes, so one changed entry is one break, at
that entry, not a cascade through every later one. Pure functions; writing files is
:mod:`omrs.audit.append`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from omrs.digests import record_digest

#: Entry members in the order ``omrs audit append`` writes them.
ENTRY_ORDER = ("at", "event", "by", "record", "asset", "note", "prev", "hash")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The ``hash`` an entry must carry: SHA-256 of its canonical JSON without ``hash``."""
    return record_digest({k: v for k, v in entry.items() if k != "hash"})


@dataclass(frozen=True, slots=True)
class Break:
    """A link that fails: entry ``index``'s ``field`` should be ``expected``, is ``actual``."""

    index: int
    field: str
    expected: str | None
    actual: str | None

    @property
    def pointer(self) -> str:
        return f"/entries/{self.index}/{self.field}"

    def describe(self) -> str:
        n = self.index + 1
        if self.field == "hash":
            return (
                f"entry {n} was changed after it was sealed: its content hashes to "
                f"{self.expected}, but it records hash {self.actual}"
            )
        if self.expected is None:
            return (
                f"entry {n} is the first but carries prev {self.actual}: the entries before "
                "it were removed"
            )
        return (
            f"entry {n} does not follow entry {n - 1}: its prev is {self.actual or '(none)'}, "
            f"but entry {n - 1}'s hash is {self.expected} (an entry was removed, inserted or "
            "moved here)"
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def breaks(entries: Sequence[Any]) -> list[Break]:
    """Every failing link of the chain, in order (empty: the chain holds)."""
    found: list[Break] = []
    previous: Mapping[str, Any] | None = None
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            previous = None
            continue
        prev = _text(entry.get("prev"))
        if index == 0 and "prev" in entry:
            found.append(Break(index, "prev", None, prev))
        elif index > 0:
            expected = _recorded(previous) if previous is not None else None
            if expected is not None and prev != expected:
                found.append(Break(index, "prev", expected, prev))
        computed, recorded = entry_hash(entry), _text(entry.get("hash"))
        if computed != recorded:
            found.append(Break(index, "hash", computed, recorded))
        previous = entry
    return found


def _recorded(entry: Mapping[str, Any]) -> str:
    """The hash an entry records (its computed one when it records none)."""
    return _text(entry.get("hash")) or entry_hash(entry)


def head(entries: Sequence[Any]) -> str | None:
    """The log's head: the last entry's recorded hash (None for an empty log)."""
    last = entries[-1] if entries else None
    return _recorded(last) if isinstance(last, Mapping) else None


def hash_at(entries: Sequence[Any], length: int) -> str | None:
    """The recorded hash of the ``length``-th entry (1-based), if the log is that long."""
    if length < 1 or length > len(entries) or not isinstance(entries[length - 1], Mapping):
        return None
    return _recorded(entries[length - 1])


class AuditError(ValueError):
    """An entry cannot be appended; the message says why."""


class BrokenChain(AuditError):
    """The log's chain is already broken, so no entry is sealed onto it."""


def sealed(entries: Sequence[Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """A new entry with ``fields``, chained to ``entries`` and sealed with its hash.

    Refuses to extend a broken chain: sealing onto it would vouch for the break.
    """
    problems = breaks(entries)
    if problems:
        raise BrokenChain(
            f"the log's chain is broken, so nothing is appended: {problems[0].describe()}"
        )
    unknown = sorted(set(fields) - set(ENTRY_ORDER) | ({"prev", "hash"} & set(fields)))
    if unknown:
        raise AuditError(f"an entry cannot set {', '.join(unknown)}")
    entry = {k: fields[k] for k in ENTRY_ORDER if k in fields}
    last = head(entries)
    if last is not None:
        entry["prev"] = last
    entry["hash"] = entry_hash(entry)
    return entry
