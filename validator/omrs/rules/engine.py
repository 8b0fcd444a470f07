"""Runs the semantic rules of the catalogue on a schema-valid document.

Rules are data plus a check function (``Rule.check``); the engine picks those that apply to
the document's record type and active profiles, and hands each a ``RuleContext``. Rules
never re-read files: referenced records come from the run's ``DocumentCache``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.fileio import invalid_name, not_regular, resolved
from omrs.findings import FileResult
from omrs.index import ProjectIndex
from omrs.loading import Document, LoadProblem, load_document
from omrs.options import CheckOptions
from omrs.rules import catalogue

#: How many of the documents a run checked on their own the cache keeps for bundles that
#: list them; older ones are read again if a bundle asks (keeping all of them held 121 MiB
#: at 5,000 records).
RECENT_DOCUMENTS = 1024


@dataclass(slots=True)
class DocumentCache:
    """Parsed documents of one run by resolved path, so a file a bundle lists is read once.

    Documents the run checked as files of their own (``put``) are kept by absolute path,
    without resolving it (a ``stat`` per component), and only the most recent
    :data:`RECENT_DOCUMENTS` of them; a bundle that lists an older one reads it again.
    """

    max_size: int
    _docs: dict[Path, Document | LoadProblem] = field(default_factory=dict)
    _recent: OrderedDict[str, Document] = field(default_factory=OrderedDict)

    def get(self, path: Path) -> Document | LoadProblem:
        """The document at ``path``, or the problem that stops it loading (never raises).

        A name the OS cannot take (a NUL byte, a lone surrogate), or a FIFO or device, is
        refused here without being opened: a bundle may list any string as a record path.
        """
        key = _key(path)
        found = self._docs.get(key)
        if found is None:
            found = self._recent.get(os.path.abspath(path)) or self._load(path)
            self._docs[key] = found
        return found

    def _load(self, path: Path) -> Document | LoadProblem:
        invalid = invalid_name(path)
        if invalid is not None:
            return LoadProblem("io.error", invalid.removeprefix("is "), io=True)
        why = not_regular(path)
        if why is not None:
            return LoadProblem("io.not-regular", why, io=True)
        try:
            return load_document(path, max_size=self.max_size)
        except LoadProblem as problem:
            return problem

    def put(self, path: Path, doc: Document) -> None:
        self._recent[os.path.abspath(path)] = doc
        self._recent.move_to_end(os.path.abspath(path))
        if len(self._recent) > RECENT_DOCUMENTS:
            self._recent.popitem(last=False)


def _key(path: Path) -> Path:
    """The cache key: the resolved path (an unresolvable one stands for itself)."""
    return resolved(path)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may consult besides the document itself."""

    options: CheckOptions
    today: dt.date
    documents: DocumentCache
    #: How the run judges a whole document (envelope, schema, rules; omrs.judgement): a
    #: bundle judges the records it lists with it, exactly as files of their own are judged.
    judge: Callable[[Document, RuleContext], FileResult]
    #: Profiles the user added, and those the user excluded (canonical ids).
    profiles: tuple[str, ...] = ()
    excluded_profiles: tuple[str, ...] = ()
    #: Profiles in force for the document being checked: those derived from the document
    #: (and the bundle that lists it) plus the chosen ones, minus the excluded ones.
    active_profiles: tuple[str, ...] = ()
    #: Profiles a bundle passes on to the records it lists.
    inherited_profiles: tuple[str, ...] = ()
    #: Per-run memo for work shared by several rules (a bundle's index, checked records).
    memo: dict[Any, Any] = field(default_factory=dict)
    #: Which bundles list which files (omrs.index), when the run built one.
    index: ProjectIndex | None = None


def applicable(
    record_type: str, profiles: Iterable[str], version: str = "1.0"
) -> tuple[catalogue.Rule, ...]:
    """The rules with a check for ``record_type`` of standard ``version`` under ``profiles``.

    A rule applies from the version that introduced it (``Rule.since``) within that major, so
    a 1.0 document is never judged by a MUST that only 1.1 states.
    """
    return _applicable(record_type, frozenset(profiles), version)


@functools.cache
def _applicable(
    record_type: str, active: frozenset[str], version: str
) -> tuple[catalogue.Rule, ...]:
    # The catalogue is filled once, on import, so the selection is fixed per run: computing
    # it once per record type, profile set and version keeps a 5,000-file run from redoing it.
    return tuple(
        r
        for r in catalogue.all_rules()
        if r.check is not None
        and record_type in r.applies_to
        and r.applies_in(version)
        and (not r.profiles or "*" in r.profiles or active & set(r.profiles))
    )


def checked_version(doc: Document) -> str:
    """The shipped standard version ``doc`` is checked against (its own, or the newest minor)."""
    from omrs.schemas import resolve_version

    return resolve_version(doc.standard_version or "").version or "1.0"
