"""Cutting a run into tasks by bytes, not by file count, for executors that ship work away.

A task costs a round trip to the scheduler (milliseconds), so small records go in batches
of up to ``BATCH_BYTES`` or ``BATCH_FILES``, while a media file of ``BIG_BYTES`` or more is a
task of its own, so a 200 GB master never waits behind records or holds them up.

Batches follow discovery order, which walks the folder tree; a batch half full when a new
folder begins leaves that folder to a batch of its own, and a batch keeps the whole folder
it started in (up to ``STRETCH`` times the limit): a bundle and the records it
lists, which live in its folder, then land in one task and are read once, so a bundle's
cross-checks run where its records are. The plan never changes a result, only where files
are read: a bundle whose records fell in another batch reads them again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import PurePath

from omrs.discovery import Target
from omrs.findings import FileKind

BATCH_BYTES = 4 * 1024 * 1024
BATCH_FILES = 256
#: Media files from this size up are one task each.
BIG_BYTES = 16 * 1024 * 1024
#: How far past the limits a batch may grow to keep its starting folder whole.
STRETCH = 4


def size_of(target: Target) -> int:
    """The target's size in bytes (0 when unknown: standard input, a missing file)."""
    if target.path == "-" or target.problem is not None:
        return 0
    try:
        return os.stat(target.path).st_size
    except (OSError, ValueError):
        return 0


def plan(targets: Sequence[Target], sizes: Sequence[int] | None = None) -> list[list[int]]:
    """Indices of ``targets`` grouped into tasks; every index appears in exactly one."""
    sizes = [size_of(t) for t in targets] if sizes is None else sizes
    tasks: list[list[int]] = []
    current: list[int] = []
    weight = 0
    home: PurePath | None = None
    for index, target in enumerate(targets):
        size = sizes[index]
        if target.kind is FileKind.MEDIA and size >= BIG_BYTES:
            tasks.append([index])
            continue
        if current and _full(len(current), weight + size, _inside(target, home)):
            tasks.append(current)
            current, weight = [], 0
        if not current:
            home = PurePath(target.path).parent
        current.append(index)
        weight += size
    if current:
        tasks.append(current)
    return tasks


def _full(count: int, weight: int, at_home: bool) -> bool:
    """Whether to start a new task: past the limits (stretched inside the starting folder),
    or half full when a new folder begins, so that folder can start a task of its own."""
    if not at_home:
        return 2 * count >= BATCH_FILES or 2 * weight > BATCH_BYTES
    return count >= BATCH_FILES * STRETCH or weight > BATCH_BYTES * STRETCH


def _inside(target: Target, home: PurePath | None) -> bool:
    # The top of a walk ("." or "/") holds everything: only a named folder is a home.
    return home is not None and home.name != "" and home in PurePath(target.path).parents
