"""Where the targets of a run are checked: the checker's one executor seam.

An executor takes the run's targets and a :class:`~omrs.workers.Work` (how to check one
target) and yields ``(index, result)`` for every target exactly once, as results arrive.
Three implement it: :class:`Serial` (this process), :class:`Processes` (``--jobs`` worker
processes, omrs.workers) and ``omrs.cluster.DaskExecutor`` (a Dask cluster, imported
only when chosen). The checker orders nothing by executor: the report is sorted by path,
so it is the same whichever one ran.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from omrs.discovery import Target
from omrs.options import CheckOptions
from omrs.workers import Result, Work

#: Below this many targets, starting worker processes costs more than it saves.
PARALLEL_MIN_TARGETS = 16

Indexed = tuple[int, Result]


class ExecutorError(Exception):
    """The executor cannot run at all (no Dask installed, the scheduler unreachable, a
    worker that cannot see the archive); the message says why and what to do. Exit 2."""


class ExecutorLost(ExecutorError):
    """The executor went away in mid-run (the Dask scheduler stopped answering): results
    already received stand, the rest were not checked."""


class Executor(Protocol):
    def run(self, targets: Sequence[Target], work: Work) -> Iterator[Indexed]:
        """``(index into targets, result)`` for each target exactly once, as they finish."""
        ...


class Serial:
    """Every target in this process, in order, with one context for the whole run."""

    def run(self, targets: Sequence[Target], work: Work) -> Iterator[Indexed]:
        work.setup(work.options)
        for index, target in enumerate(targets):
            yield index, work.check(target)


class Processes:
    """``--jobs`` local worker processes; a dead worker costs one file at most."""

    def run(self, targets: Sequence[Target], work: Work) -> Iterator[Indexed]:
        from omrs.workers import parallel_results  # only large runs pay for a pool

        yield from enumerate(parallel_results(targets, work))


def choose(options: CheckOptions, count: int) -> Executor:
    """The executor ``options`` ask for, for a run of ``count`` targets."""
    if options.executor == "dask":
        try:
            from omrs.cluster import DaskExecutor
        except ImportError as exc:
            raise ExecutorError(
                f"--executor dask needs Dask ({exc.name or exc} is not installed): "
                "pip install 'omrs[dask]'"
            ) from None
        return DaskExecutor(options.scheduler, options.jobs)
    if options.jobs > 1 and count >= PARALLEL_MIN_TARGETS:
        return Processes()
    return Serial()
