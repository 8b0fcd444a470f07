"""Run each native C2PA call on a user's file in a forked child, so a crash costs that file only.

The C2PA SDK can abort the whole process (a Rust panic cannot cross the C boundary) or hang
on hostile input, and a Python ``try`` catches neither. :func:`call` forks this process
(``c2pa`` already imported, so the child loads nothing), runs the call in the child, and
gets its picklable result back over a pipe; the child then leaves with ``os._exit``. The
parent never calls into the SDK on a user's file itself. A child killed by a signal, one
that exits without a result, or one still running after the timeout becomes a
:class:`NativeCrash` for this call only: the run, a worker process of ``--jobs`` and every
other file are unaffected. The child's standard error (where the SDK prints its panic
message) goes to an unnamed temporary file, read only when the child died.

Where ``os.fork`` does not exist (Windows), calls run in this process, unprotected.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import tempfile
import time
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

#: Seconds a native call may take before its child is killed (``OMRS_C2PA_TIMEOUT``).
DEFAULT_TIMEOUT = 600.0
TIMEOUT_ENV = "OMRS_C2PA_TIMEOUT"
_EXIT_NO_RESULT = 70
_READ = 1 << 16
_PANIC_SHOWN = 300


class NativeCrash(Exception):
    """The native call died (signal, exit without a result) or overran its timeout."""


class ChildError(Exception):
    """An exception raised in the child that could not be pickled, by type name and message."""

    def __init__(self, message: str, kind: str = "Exception") -> None:
        super().__init__(message)
        self.kind = kind


def default_timeout() -> float:
    """``OMRS_C2PA_TIMEOUT`` in seconds when set to a positive number, else the default."""
    raw = os.environ.get(TIMEOUT_ENV, "")
    with contextlib.suppress(ValueError):
        if float(raw) > 0:
            return float(raw)
    return DEFAULT_TIMEOUT


def call(fn: Callable[[], T], *, timeout: float | None = None) -> T:
    """``fn()`` run in a forked child: its result, or its exception raised here.

    Raises :class:`NativeCrash` when the child dies without a result or overruns
    ``timeout`` seconds (default :func:`default_timeout`).
    """
    if not hasattr(os, "fork"):
        return fn()
    import c2pa  # noqa: F401  (loaded once, here; every child inherits it)

    limit = timeout if timeout is not None else default_timeout()
    with tempfile.TemporaryFile() as errors:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child's coverage is not collected)
            _child(fn, read_fd, write_fd, errors)
        os.close(write_fd)
        payload, finished = b"", False
        try:
            payload, finished = _receive(read_fd, time.monotonic() + limit)
        finally:
            os.close(read_fd)
            status = _reap(pid, kill=not finished)
        if not finished:
            raise NativeCrash(f"the native C2PA library did not finish within {limit:g} s")
        result: T = _outcome(payload, status, errors)
        return result


def _child(fn: Callable[[], Any], read_fd: int, write_fd: int, errors: BinaryIO) -> None:
    code = _EXIT_NO_RESULT
    try:
        os.close(read_fd)
        faulthandler.disable()  # an abort is reported by the parent, not dumped on a terminal
        os.dup2(errors.fileno(), 2)
        try:
            outcome: tuple[str, Any] = ("ok", fn())
        except Exception as exc:
            outcome = ("raise", _portable(exc))
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
        code = 0
    finally:
        os._exit(code)


def from_sdk(exc: BaseException) -> bool:
    """Whether ``exc`` is the C2PA SDK's: its own class (module ``c2pa``), as it came back
    from the child, or a :class:`ChildError` standing for one that did not pickle."""
    return isinstance(exc, ChildError) or type(exc).__module__.split(".")[0] == "c2pa"


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a :class:`ChildError` with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return ChildError(str(exc), type(exc).__name__)
    return exc


def _receive(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes, and whether it finished (EOF) before ``deadline``."""
    chunks: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", False
        if not poller.poll(max(1, int(left * 1000))):
            continue
        chunk = os.read(fd, _READ)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def _reap(pid: int, *, kill: bool) -> int:
    """The child's wait status, killing it first when it overran or the parent was stopped.

    A child that closed its end of the pipe is exiting, so waiting for it is short.
    """
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def _outcome(payload: bytes, status: int, errors: BinaryIO) -> Any:
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise NativeCrash(f"the native C2PA library crashed ({name}{_panic(errors)})")
    if not payload or os.waitstatus_to_exitcode(status) != 0:
        code = os.waitstatus_to_exitcode(status)
        raise NativeCrash(f"the native C2PA call ended without a result (exit code {code})")
    kind, value = pickle.loads(payload)
    if kind == "raise":
        raise value
    return value


def _panic(errors: BinaryIO) -> str:
    """The SDK's panic message from the child's standard error, on one line."""
    errors.seek(0)
    lines = errors.read(1 << 16).decode("utf-8", "replace").splitlines()
    for index, line in enumerate(lines):
        if "panicked at" in line and index + 1 < len(lines):
            text = " ".join(lines[index + 1].split())
            shown = "".join(c if c.isprintable() else "?" for c in text)[:_PANIC_SHOWN]
            return f": {shown}"
    return ""
