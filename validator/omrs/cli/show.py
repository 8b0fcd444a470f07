"""``omrs check --show-settings`` and ``--show-files``: what a run would use and read.

Like ruff's flags of the same names: the resolved configuration (file, flags and defaults
merged) and the files a walk would check, each printed without checking anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from omrs.config import Config
from omrs.discovery import Discovered
from omrs.options import CheckOptions
from omrs.reporters.base import visible_path


def _listed(values: tuple[str, ...] | tuple[Path, ...]) -> str:
    return ", ".join(str(v) for v in values) or "(none)"


def settings_lines(config: Config, options: CheckOptions) -> Iterator[str]:
    """The settings a check would run with, one ``name: value`` a line."""
    source = str(config.source) if config.source else "(none: defaults and flags only)"
    as_of = options.as_of.isoformat() if options.as_of else f"today ({dt.date.today()})"
    yield f"configuration file: {source}"
    yield f"strict: {str(options.strict).lower()}"
    yield f"profiles added: {_listed(options.profiles)} (others derived from each document)"
    yield f"profiles excluded: {_listed(options.excluded_profiles)}"
    yield f"as-of: {as_of}"
    yield f"max-file-size: {options.max_file_size}"
    yield f"jobs: {options.jobs}"
    yield f"executor: {options.executor}"
    if options.executor == "dask":
        yield f"scheduler: {options.scheduler or '(a LocalCluster of `jobs` workers)'}"
    yield f"cache: {options.cache or '(none)'}"
    yield f"exclude: {_listed(options.exclude)}"
    yield f"select: {_listed(options.select) if options.select else '(all codes)'}"
    yield f"ignore: {_listed(options.ignore)}"
    yield "severity:" + ("" if options.severities else " (catalogue defaults)")
    for code, severity in sorted(options.severities.items()):
        yield f"  {code} = {severity.value if severity else 'off'}"
    trust = options.trust
    yield "trust:"
    yield f"  anchors: {trust.anchors or '(none)'}"
    yield f"  allowed-list: {trust.allowed_list or '(none)'}"
    yield f"  trust-config: {trust.trust_config or '(none)'}"
    yield f"  fetch-remote: {str(trust.fetch_remote).lower()}"
    yield f"  require-trusted: {str(trust.require_trusted).lower()}"


def files_lines(found: Discovered) -> Iterator[str]:
    """Each file a check would read with its kind, then what the walk passed over."""
    for target in found.targets:
        yield f"{visible_path(target.path)}: {target.kind.value}"
    for skipped in found.skipped:
        yield f"{visible_path(skipped.path)}: skipped, {skipped.reason}"
    for path in found.not_omrs:
        yield f"{visible_path(path)}: skipped, not an OMRS document"
    yield (f"{len(found.targets)} to check, {len(found.skipped) + len(found.not_omrs)} skipped")
