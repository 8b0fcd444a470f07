"""Names of the tool's temporary files, and sweeping those whose writer died.

``fileio.replacing`` writes into an anonymous file where the OS has one (Linux
``O_TMPFILE``): a writer killed before the rename leaves nothing behind. A named
temporary file is still needed where there is none (another OS, or a file system that
refuses ``O_TMPFILE``), and for the instant between linking the anonymous file into the
folder and renaming it over the destination. Such a name records its writer::

    .<destination name>.<host>-<boot>-<pid>-<start>-<random>.omrs-tmp

``host`` and ``boot`` are 8 hex digits from the host name and the boot id (``00000000``
where there is none), ``pid`` the writer's process id and ``start`` its start time in
clock ticks since boot (``0`` where unknown), so a recycled pid is not taken for the
writer. Every write sweeps its destination folder first: a file of this form from this
host is removed when its writer is dead (booted since, no such process, or a process
with that pid that started at another time). Files named by earlier versions
(``.<name>.<8 random characters>.omrs-tmp``) record no writer: they are removed once
unmodified for :data:`STALE_AFTER` seconds (an hour; a live writer rewrites its file far
more often). Only regular files owned by the current user are removed, never a symbolic
link, and a name of any other form is left alone.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import time
from pathlib import Path

SUFFIX = ".omrs-tmp"
#: Seconds after which a temporary file of an earlier version (no writer recorded) is stale.
STALE_AFTER = 3600
#: Bytes of the destination name kept in a temporary name (NAME_MAX is 255).
_NAME_BYTES = 150
_TAGGED = re.compile(
    r"^\..*\.(?P<host>[0-9a-f]{8})-(?P<boot>[0-9a-f]{8})-(?P<pid>[1-9][0-9]{0,9})"
    r"-(?P<start>[0-9]{1,20})-[0-9a-f]{8}\.omrs-tmp\Z",
    re.DOTALL,
)
#: tempfile.mkstemp(prefix=".<name>.", suffix=".omrs-tmp"), as versions before 0.2 wrote.
_UNTAGGED = re.compile(r"^\..*\.[a-z0-9_]{8}\.omrs-tmp\Z", re.DOTALL)


def _tag(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


@functools.cache
def host_tag() -> str:
    import socket  # here, not at import: socket is slow to import and only writers need it

    return _tag(socket.gethostname())


@functools.cache
def boot_tag() -> str:
    try:
        return _tag(Path("/proc/sys/kernel/random/boot_id").read_text("ascii").strip())
    except (OSError, UnicodeDecodeError):
        return "0" * 8


def start_time(pid: int) -> str | None:
    """The start time of process ``pid`` in clock ticks since boot, if the OS says."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text("ascii", errors="replace")
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()  # the command name may hold spaces
    return fields[19] if len(fields) > 19 and fields[19].isdigit() else None


def temporary_name(destination: str) -> str:
    """A fresh temporary name for ``destination``'s folder, recording this writer."""
    kept = os.fsencode(destination)[:_NAME_BYTES]
    name = os.fsdecode(kept)
    start = start_time(os.getpid()) or "0"
    writer = f"{host_tag()}-{boot_tag()}-{os.getpid()}-{start}-{os.urandom(4).hex()}"
    return f".{name}.{writer}{SUFFIX}"


def _alive(pid: int, start: str) -> bool:
    """Whether the writer ``pid`` (started at ``start``, 0: unknown) may still run."""
    if pid == os.getpid():
        return start in ("0", start_time(pid) or "0")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError):
        return False  # no such process can exist
    except OSError:
        pass  # it exists, under another user
    actual = start_time(pid)
    return start == "0" or actual is None or actual == start


def is_stale(name: str, info: os.stat_result, now: float) -> bool:
    """Whether ``name`` (lstat ``info``) is one of our temporary files whose writer is gone."""
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        return False
    tagged = _TAGGED.match(name)
    if tagged is not None:
        if tagged["host"] != host_tag():
            return False  # another machine's: its writer cannot be seen from here
        if tagged["boot"] != boot_tag():
            return True
        return not _alive(int(tagged["pid"]), tagged["start"])
    if _UNTAGGED.match(name) is not None:
        return now - info.st_mtime > STALE_AFTER
    return False


def sweep(folder: Path) -> list[str]:
    """Remove the stale temporary files of earlier runs from ``folder``; never raises.

    Returns the names removed.
    """
    removed: list[str] = []
    now = time.time()
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(SUFFIX)]
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if is_stale(entry.name, entry.stat(follow_symlinks=False), now):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed
