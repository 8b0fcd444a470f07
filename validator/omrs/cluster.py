"""Checking on a Dask cluster (``omrs check --executor dask``), an optional extra.

Targets go out in tasks sized by bytes (omrs.batching); each task checks its targets with
a fresh rule context on the worker and sends back their results, which are yielded as
they arrive. Workers read files themselves from the paths they are given: the archive
must sit at the same path on every worker (a shared filesystem), and that is checked
before any task is sent, together with the worker's omrs version.

Faults: a worker that dies has its tasks re-run by the scheduler; a task whose workers
keep dying is split into one task per target, and a target that still kills its worker
gets an ``internal.error`` (omrs.workers.died). A scheduler that stops answering ends the
run with :class:`~omrs.executors.ExecutorLost`; results received by then are kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError
from typing import Any

from distributed import Client, Future, KilledWorker, LocalCluster, as_completed

from omrs.batching import plan
from omrs.discovery import Target
from omrs.executors import ExecutorError, ExecutorLost, Indexed
from omrs.findings import FileResult, Finding, Location, Severity
from omrs.version import TOOL_VERSION
from omrs.workers import Result, Work, died

#: Seconds to reach a scheduler (and to reconnect before giving up on it).
CONNECT_TIMEOUT = 10.0
#: Seconds to wait for the first worker of a started LocalCluster or a given scheduler.
WORKER_TIMEOUT = 60.0
#: A LocalCluster gives up on a task after its worker died this many times plus one (a
#: file that kills every worker would otherwise cost four restarts before it is isolated).
LOCAL_ALLOWED_FAILURES = 1
#: Folders named in a "cannot see" error, at most.
SHOWN_MISSING = 3

# A worker runs one batch at a time per process: a batch sets the process's rule context
# and, for relative paths, its working folder.
_batch_lock = threading.Lock()


class DaskExecutor:
    """Targets checked on the cluster at ``scheduler``, or on a LocalCluster of ``workers``
    processes when no scheduler is given. Standard input is read here, never shipped."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)

    def run(self, targets: Sequence[Target], work: Work) -> Iterator[Indexed]:
        here = [i for i, t in enumerate(targets) if t.path == "-"]
        shipped = [i for i, t in enumerate(targets) if t.path != "-"]
        if here:
            work.setup(work.options)
            yield from ((i, work.check(targets[i])) for i in here)
        if not shipped:
            return
        relative = any(not os.path.isabs(targets[i].path) for i in shipped)
        cwd = os.getcwd() if relative else None
        with self._client() as client:
            _check_workers(client, [targets[i] for i in shipped], cwd, self._where())
            try:
                yield from _Stream(client, targets, work, cwd, self._where()).run(shipped)
            except (OSError, TimeoutError) as exc:  # the connection broke (CommClosedError)
                raise ExecutorLost(
                    f"{self._where()} stopped answering in mid-run ({exc})"
                ) from None

    def _where(self) -> str:
        return f"the Dask scheduler at {self.scheduler}" if self.scheduler else "the LocalCluster"

    @contextlib.contextmanager
    def _client(self) -> Iterator[Client]:
        if self.scheduler is None:
            cluster = _local_cluster(self.workers)
            with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
                yield client
            return
        try:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise ExecutorError(f"cannot reach {self._where()}: {exc}") from None
        with client:
            yield client


def _local_cluster(workers: int) -> LocalCluster:
    """``workers`` single-threaded worker processes on 127.0.0.1, dashboard on loopback."""
    try:
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
            scheduler_kwargs={"allowed_failures": LOCAL_ALLOWED_FAILURES},
        )
    except Exception as exc:  # e.g. a script without `if __name__ == "__main__":` (spawn)
        raise ExecutorError(
            f"cannot start a Dask LocalCluster: {type(exc).__name__}: {exc}"
        ) from None


def _check_workers(client: Client, targets: Sequence[Target], cwd: str | None, where: str) -> None:
    """Raise ExecutorError unless every worker runs this omrs and sees every folder."""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"{where} has no workers ({exc})") from None
    try:
        views = _views(client, targets, cwd)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot ask the workers of {where}: {exc}") from None
    for address, view in sorted(views.items()):
        if isinstance(view, BaseException):
            raise ExecutorError(
                f"worker {address} cannot run omrs ({type(view).__name__}: {view}); "
                "install the same omrs on every worker"
            )
        version, missing = view
        if version != TOOL_VERSION:
            raise ExecutorError(
                f"worker {address} runs omrs {version}, this client {TOOL_VERSION}; "
                "results must not depend on where a file was checked"
            )
        if missing:
            shown = ", ".join(missing[:SHOWN_MISSING])
            extra = len(missing) - SHOWN_MISSING
            more = f" and {extra} more" if extra > 0 else ""
            raise ExecutorError(
                f"worker {address} cannot see {shown}{more}: the files must be on a "
                "filesystem every worker mounts at the same path (see docs/cluster.md)"
            )


def _views(client: Client, targets: Sequence[Target], cwd: str | None) -> dict[str, Any]:
    """Each worker's :func:`worker_view` of the run's folders, or the exception it raised."""
    # Folders this machine sees: a path missing here too is the file's own io.not-found.
    named = {os.path.dirname(os.path.join(cwd or "", t.path)) for t in targets}
    folders = sorted(f for f in named | ({cwd} if cwd else set()) if f and os.path.isdir(f))
    views: dict[str, Any] = client.run(worker_view, folders, on_error="return")
    return views


def worker_view(folders: Sequence[str]) -> tuple[str, list[str]]:
    """On a worker: its omrs version and the folders it cannot see."""
    return TOOL_VERSION, [f for f in folders if not os.path.isdir(f)]


def check_batch(work: Work, targets: Sequence[Target], cwd: str | None) -> list[Result]:
    """On a worker: the results of ``targets``, with a fresh rule context for the batch."""
    with _batch_lock, _in_folder(cwd):
        work.setup(work.options)
        return [work.check(t) for t in targets]


@contextlib.contextmanager
def _in_folder(cwd: str | None) -> Iterator[None]:
    """Relative paths resolve against the client's working folder, as they do locally."""
    if cwd is None:
        yield
        return
    before = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)


class _Stream:
    """The tasks of one run, and their results as they finish."""

    def __init__(
        self, client: Client, targets: Sequence[Target], work: Work, cwd: str | None, where: str
    ) -> None:
        self.client, self.targets, self.work, self.cwd, self.where = (
            client, targets, work, cwd, where,
        )  # fmt: skip
        self.run_id = uuid.uuid4().hex[:12]
        self.live: dict[str, tuple[Future[Any], list[int]]] = {}

    def _submit(self, indices: list[int], name: str) -> Future[Any]:
        future = self.client.submit(
            check_batch,
            self.work,
            [self.targets[i] for i in indices],
            self.cwd,
            key=f"omrs-check-{self.run_id}-{name}",
            pure=False,
        )
        self.live[str(future.key)] = (future, indices)
        return future

    def run(self, shipped: list[int]) -> Iterator[Indexed]:
        """Results as tasks finish. A task whose workers died is split into one task per
        target; a lone target whose worker died may only have been queued beside the one
        that killed it (the scheduler blames every task on a dead worker), so it is run
        once more with nothing else in flight, and only a death then is its own."""
        tasks = plan([self.targets[i] for i in shipped])
        futures = as_completed(  # type: ignore[no-untyped-call]
            [self._submit([shipped[i] for i in task], str(n)) for n, task in enumerate(tasks)]
        )
        done: set[int] = set()
        suspects: list[int] = []
        try:
            for future in futures:
                _, indices = self.live.pop(str(future.key))
                last = str(future.key).startswith(f"omrs-check-{self.run_id}-last-")
                outcome = self._outcome(future)
                future.release()
                if isinstance(outcome, KilledWorker) and len(indices) > 1:
                    for index in indices:  # find the one that kills: each alone
                        futures.add(self._submit([index], f"alone-{index}"))  # type: ignore[no-untyped-call]
                elif isinstance(outcome, KilledWorker) and not last:
                    suspects += indices
                else:
                    for index, result in zip(indices, self._results(indices, outcome), strict=True):
                        if index not in done:  # a task the scheduler ran twice counts once
                            done.add(index)
                            yield index, result
                if suspects and not self.live:  # one suspect at a time, nothing beside it
                    index = suspects.pop(0)
                    futures.add(self._submit([index], f"last-{index}"))  # type: ignore[no-untyped-call]
        finally:
            if self.live:
                with contextlib.suppress(Exception):
                    self.client.cancel([f for f, _ in self.live.values()])  # type: ignore[no-untyped-call]

    def _outcome(self, future: Future[Any]) -> list[Result] | BaseException:
        try:
            results: list[Result] = future.result()
        except CancelledError:
            raise ExecutorLost(f"{self.where} stopped answering in mid-run") from None
        except Exception as exc:  # KilledWorker, or a task that could not run at all
            return exc
        return results

    def _results(self, indices: list[int], outcome: list[Result] | BaseException) -> list[Result]:
        if isinstance(outcome, KilledWorker):
            return [died(self.targets[i], outcome) for i in indices]
        if isinstance(outcome, BaseException):
            return [_failed(self.targets[i], outcome) for i in indices]
        return outcome


def _failed(target: Target, exc: BaseException) -> FileResult:
    message = f"internal error: its Dask task failed: {type(exc).__name__}: {exc}"
    finding = Finding("internal.error", Severity.ERROR, message, Location(target.path))
    return FileResult(target.path, target.kind, (finding,), io_error=message)
