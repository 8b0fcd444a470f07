"""The plain, frozen options a run is built from.

The CLI parses flags and the configuration file into these objects; the library API takes
them directly. Nothing here knows about click.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from omrs.findings import Severity

#: Files above this size are refused before parsing (``max-file-size`` setting).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """C2PA trust settings: never hard-coded, always the user's.

    ``anchors`` is a PEM bundle of trusted roots, ``allowed_list`` a PEM bundle of end-entity
    certificates trusted as they are, ``trust_config`` a file of accepted EKU OIDs (one a
    line, ``//`` comments), as in the C2PA SDK's ``store.cfg``.
    """

    anchors: Path | None = None
    allowed_list: Path | None = None
    trust_config: Path | None = None
    fetch_remote: bool = False
    require_trusted: bool = False


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything that changes what ``omrs check`` reports."""

    strict: bool = False
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: Profiles added to those derived from each document (``--profile``).
    profiles: tuple[str, ...] = ()
    #: Profiles never applied, even when derived (``--no-profile``).
    excluded_profiles: tuple[str, ...] = ()
    as_of: dt.date | None = None
    #: Per code or family: a severity, or None for off (``[severity]``).
    severities: dict[str, Severity | None] = field(default_factory=dict)
    #: Codes and families reported (empty: all) and never reported (``--select``/``--ignore``).
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    trust: TrustSettings = field(default_factory=TrustSettings)
    records: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    #: Judge each file in the context of the bundles that list it, and check what a change
    #: reaches (omrs.project); off, every file is judged alone.
    context: bool = True
    #: Where the search for bundles above a named file stops (default: the first folder
    #: holding .git, .hg or .omrs.toml).
    root: Path | None = None
    #: How the run is carried out; none of these changes what is reported (RUN_ONLY).
    jobs: int = 1
    #: ``local`` (this machine: serial or ``jobs`` processes) or ``dask``.
    executor: str = "local"
    #: Address of a running Dask scheduler (``tcp://HOST:PORT``); None starts a LocalCluster.
    scheduler: str | None = None
    #: Folder of the result cache (``--cache``); None: no cache.
    cache: Path | None = None


#: Fields of :class:`CheckOptions` that say how to run, not what to report: left out of the
#: result cache's key, so a result computed with ``--jobs 2`` serves a Dask run too.
RUN_ONLY = frozenset({"jobs", "executor", "scheduler", "cache"})
EXECUTORS = ("local", "dask")
