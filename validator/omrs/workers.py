"""Checking targets in worker processes, so that a dead worker costs one file at most.

A worker can die in ways no ``try`` catches: the OOM killer, or a native crash that got
past the media layer's isolation. ``concurrent.futures`` then fails every unfinished task
with ``BrokenProcessPool``. Here the results already computed are kept and the rest are
checked again in a fresh pool, one target per task; when that pool breaks too, the first
unfinished targets (those a worker may have been running: at most twice the workers plus
one, since the pool feeds tasks in order) are each checked alone in a process of their
own, and one that kills that process too gets an ``internal.error`` result (exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from omrs.discovery import Target
from omrs.findings import FileResult, Finding, Location, Severity
from omrs.options import CheckOptions

Result = FileResult | None


@dataclass(frozen=True)
class Work:
    """What a worker process runs: ``setup`` once with the run's options, then ``check``
    per target. Both are module-level functions (they reach the worker by name)."""

    setup: Callable[[CheckOptions], None]
    check: Callable[[Target], Result]
    options: CheckOptions


def _check_chunk(check: Callable[[Target], Result], targets: Sequence[Target]) -> list[Result]:
    return [check(t) for t in targets]


def _pool(work: Work, workers: int) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, initializer=work.setup, initargs=(work.options,))


def worker_count(jobs: int, targets: int) -> int:
    """``--jobs``, but never more processes than targets or four per core (``--jobs
    100000`` would otherwise start a process per file)."""
    return max(1, min(jobs, targets, 4 * (os.cpu_count() or 1)))


def parallel_results(targets: Sequence[Target], work: Work) -> Iterator[Result]:
    """A result for every target, in target order, whatever happens to the workers."""
    ready: dict[int, Result] = {}
    upcoming = 0
    for index, result in _indexed(targets, work):
        ready[index] = result
        while upcoming in ready:
            yield ready.pop(upcoming)
            upcoming += 1


def _indexed(targets: Sequence[Target], work: Work) -> Iterator[tuple[int, Result]]:
    pending = list(range(len(targets)))
    workers = worker_count(work.options.jobs, len(targets))
    chunk = max(1, len(targets) // (workers * 8))
    while pending:
        left = yield from _round(targets, pending, work, workers, chunk)
        if left and chunk == 1:
            suspects, left = left[: 2 * workers + 1], left[2 * workers + 1 :]
            for index in suspects:
                yield index, _alone(targets[index], work)
        pending, chunk = left, 1


def _round(
    targets: Sequence[Target], indices: list[int], work: Work, workers: int, chunk: int
) -> Generator[tuple[int, Result], None, list[int]]:
    """Results of one pool over ``indices``, in order; returns those left without one."""
    groups = [indices[i : i + chunk] for i in range(0, len(indices), chunk)]
    left: list[int] = []
    with _pool(work, workers) as pool:
        futures = [
            pool.submit(_check_chunk, work.check, [targets[i] for i in group]) for group in groups
        ]
        try:
            for group, future in zip(groups, futures, strict=True):
                if future.exception() is not None:  # BrokenProcessPool: the pool is gone
                    left += group
                    continue
                yield from zip(group, future.result(), strict=True)
        except BaseException:  # Ctrl-C, or the caller stopped reading: drop what is queued
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return left


def _alone(target: Target, work: Work) -> Result:
    """Check ``target`` in a process of its own; its death becomes its internal.error."""
    with _pool(work, 1) as pool:
        future = pool.submit(_check_chunk, work.check, [target])
        try:
            results: list[Result] = future.result()
        except Exception as exc:  # BrokenProcessPool, or a result that could not come back
            return died(target, exc)
    return results[0]


def died(target: Target, exc: BaseException) -> FileResult:
    """The ``internal.error`` result of a target whose checking process died."""
    message = (
        "internal error: the process checking this file died (killed, or a crash in native "
        f"code: {type(exc).__name__}); the other files were checked"
    )
    finding = Finding("internal.error", Severity.ERROR, message, Location(target.path))
    return FileResult(target.path, target.kind, (finding,), io_error=message)
