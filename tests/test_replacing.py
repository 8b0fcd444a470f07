"""All-or-nothing writes (fileio.replacing) and the sweep of dead writers' temporary files."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from omrs import fileio, tempnames
from omrs.tempnames import STALE_AFTER, boot_tag, host_tag, start_time, sweep, temporary_name


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(params=["anonymous", "named"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with the anonymous file, and as on a system without O_TMPFILE."""
    if request.param == "named":
        monkeypatch.setattr(fileio, "_anonymous", lambda _folder: None)
    elif fileio._anonymous(Path(".")) is None:
        pytest.skip("no anonymous temporary files on this system")
    return str(request.param)


def test_a_private_file_is_private_before_its_first_byte(tmp_path: Path, way: str) -> None:
    key = tmp_path / "key.pem"
    with fileio.replacing(key, mode=0o600) as (_path, handle):
        assert os.fstat(handle.fileno()).st_mode & 0o777 == 0o600
        handle.write(b"secret")
    assert key.read_bytes() == b"secret"
    assert key.stat().st_mode & 0o777 == 0o600
    assert _listing(tmp_path) == ["key.pem"]


def test_the_block_can_open_the_file_by_path_from_another_process(tmp_path: Path, way: str) -> None:
    dst = tmp_path / "signed.mp4"
    with fileio.replacing(dst) as (path, handle):
        handle.write(b"signed bytes")
        handle.flush()
        read = subprocess.run(["cat", str(path)], capture_output=True, check=True).stdout
        assert read == b"signed bytes"
        assert (way == "named") == (path.parent == tmp_path)
    assert dst.read_bytes() == b"signed bytes"
    assert _listing(tmp_path) == ["signed.mp4"]


def test_a_failing_block_leaves_the_destination_and_nothing_else(tmp_path: Path, way: str) -> None:
    dst = tmp_path / "report.json"
    dst.write_bytes(b"old")
    dst.chmod(0o640)
    with pytest.raises(RuntimeError), fileio.replacing(dst) as (_path, handle):
        handle.write(b"half")
        raise RuntimeError("verification failed")
    assert dst.read_bytes() == b"old"
    assert _listing(tmp_path) == ["report.json"]
    fileio.atomic_write(dst, b"new")
    assert dst.read_bytes() == b"new"
    assert dst.stat().st_mode & 0o777 == 0o640  # the replaced file's mode is kept


def test_a_folder_that_refuses_links_gets_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fileio._anonymous(tmp_path) is None:
        pytest.skip("no anonymous temporary files on this system")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    fileio.atomic_write(tmp_path / "out.xmp", b"<x:xmpmeta/>", mode=0o640)
    assert (tmp_path / "out.xmp").read_bytes() == b"<x:xmpmeta/>"
    assert (tmp_path / "out.xmp").stat().st_mode & 0o777 == 0o640
    assert _listing(tmp_path) == ["out.xmp"]


# -- sweeping ------------------------------------------------------------------------------


def _tagged(folder: Path, *, pid: int, start: str, host: str = "", boot: str = "") -> Path:
    name = f".out.mp4.{host or host_tag()}-{boot or boot_tag()}-{pid}-{start}-0123abcd.omrs-tmp"
    path = folder / name
    path.write_bytes(b"partial")
    return path


@pytest.fixture
def live_process() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for _ in range(100):  # its start time is readable once it runs
            if start_time(child.pid):
                break
            time.sleep(0.01)
        yield child.pid
    finally:
        child.kill()
        child.wait()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_sweep_removes_only_files_of_dead_writers(tmp_path: Path, live_process: int) -> None:
    own = start_time(os.getpid()) or "0"
    live_start = start_time(live_process) or "0"
    removed = {
        _tagged(tmp_path, pid=_dead_pid(), start="12345").name,
        _tagged(tmp_path, pid=live_process, start=str(int(live_start) + 1)).name,  # recycled
        _tagged(tmp_path, pid=os.getpid(), start="1", boot="deadbeef").name,  # booted since
    }
    old = tmp_path / ".out.mp4.a1b2c3d4.omrs-tmp"
    old.write_bytes(b"left by an earlier version")
    os.utime(old, (time.time() - STALE_AFTER - 60,) * 2)
    removed.add(old.name)
    kept = {
        _tagged(tmp_path, pid=os.getpid(), start=own).name,  # this process: a live writer
        _tagged(tmp_path, pid=live_process, start=live_start).name,
        _tagged(tmp_path, pid=_dead_pid(), start="1", host="ffffffff").name,  # other machine
        ".out.mp4.e5f6a7b8.omrs-tmp",  # an earlier version's, written just now
        "notes.omrs-tmp",
        "clip.mp4",
    }
    for name in kept - {p.name for p in tmp_path.iterdir()}:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".link.1234abcd.omrs-tmp").symlink_to(old)
    kept.add(".link.1234abcd.omrs-tmp")
    assert sorted(sweep(tmp_path)) == sorted(removed)
    assert set(_listing(tmp_path)) == kept


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_sweep_leaves_other_users_files(tmp_path: Path) -> None:
    theirs = _tagged(tmp_path, pid=_dead_pid(), start="1")
    os.chown(theirs, 65534, -1)
    assert sweep(tmp_path) == []
    assert theirs.exists()


def test_a_write_sweeps_its_folder_first(tmp_path: Path) -> None:
    stale = _tagged(tmp_path, pid=_dead_pid(), start="1")
    fileio.atomic_write(tmp_path / "report.sarif", b"{}")
    assert not stale.exists()


def test_temporary_names_record_the_writer_and_fit(tmp_path: Path) -> None:
    name = temporary_name("é" * 200 + ".mp4")
    assert len(os.fsencode(name)) <= 255
    assert tempnames._TAGGED.match(name)
    (tmp_path / name).write_bytes(b"")  # a valid file name here
    assert socket.gethostname()  # the host tag is derived from it
    assert host_tag() in name and f"-{os.getpid()}-" in name


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path, way: str) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    fileio.atomic_write(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert target.read_text() == "new"


def test_replace_all_writes_every_file(tmp_path: Path, way: str) -> None:
    one, two = tmp_path / "one.json", tmp_path / "sub" / "two.json"
    two.parent.mkdir()
    one.write_text("1")
    fileio.replace_all([(one, b"one"), (two, b"two")])
    assert (one.read_text(), two.read_text()) == ("one", "two")
    assert _listing(tmp_path) == ["one.json", "sub"] and _listing(two.parent) == ["two.json"]


def test_replace_all_changes_nothing_when_one_file_cannot_be_staged(
    tmp_path: Path, way: str
) -> None:
    one = tmp_path / "one.json"
    one.write_text("1")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(fileio.NotRegularFile):
        fileio.replace_all([(one, b"one"), (fifo, b"two")])
    assert one.read_text() == "1"
    assert _listing(tmp_path) == ["one.json", "pipe.json"]


def test_replace_all_names_what_it_replaced_when_a_rename_fails(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"{name}.json" for name in ("a", "b", "c")]
    for path in files:
        path.write_text("old")
    real_replace = os.replace

    def failing_second(src: str, dst: str) -> None:
        if str(dst).endswith("b.json"):
            raise OSError(errno.EIO, "input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", failing_second)
    with pytest.raises(fileio.PartlyReplaced) as raised:
        fileio.replace_all([(path, b"new") for path in files])
    assert raised.value.replaced == (files[0],) and raised.value.unchanged == tuple(files[1:])
    assert [p.read_text() for p in files] == ["new", "old", "old"]
    assert _listing(tmp_path) == ["a.json", "b.json", "c.json"]


def test_replace_all_sweeps_each_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep per file re-read every staged file's writer: 1,000 files took 14 s, not 1."""
    swept: list[Path] = []
    real_sweep = fileio.sweep
    monkeypatch.setattr(fileio, "sweep", lambda folder: swept.append(folder) or real_sweep(folder))
    (tmp_path / "sub").mkdir()
    writes = [(tmp_path / f"{i}.json", b"x") for i in range(40)]
    writes += [(tmp_path / "sub" / f"{i}.json", b"x") for i in range(5)]
    fileio.replace_all(writes)
    assert sorted(swept) == sorted([tmp_path, tmp_path / "sub"])


def test_a_dangling_link_is_replaced_not_followed(tmp_path: Path, way: str) -> None:
    """Following it would create a file the user never named (``-o`` into a shared folder)."""
    (tmp_path / "victim").mkdir()
    link = tmp_path / "out.jpg"
    link.symlink_to(tmp_path / "victim" / "created.txt")
    fileio.atomic_write(link, b"data")
    assert not link.is_symlink() and link.read_bytes() == b"data"
    assert _listing(tmp_path / "victim") == []


def test_a_link_another_user_planted_in_a_sticky_folder_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / "mine.txt"
    victim.write_text("keep")
    link = shared / "out.jpg"
    link.symlink_to(victim)
    real_lstat = os.lstat

    def someone_else(path: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path) == str(link):
            values = list(found)
            values[4] = os.geteuid() + 4242  # st_uid
            return os.stat_result(values)
        return found

    monkeypatch.setattr(fileio.os, "lstat", someone_else)
    fileio.atomic_write(link, b"data")
    assert victim.read_text() == "keep"
    assert not link.is_symlink() and link.read_bytes() == b"data"


def test_replace_all_names_links_as_given_and_a_first_failure_changed_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caller's names come back (not the files links lead to), and a failure of the
    first rename is a plain OSError: nothing was replaced."""
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    other = tmp_path / "other.json"
    other.write_text("old")
    real_replace = os.replace

    def failing(target: str) -> object:
        def replace(src: str, dst: str) -> None:
            if str(dst).endswith(target):
                raise OSError(errno.EIO, "input/output error")
            real_replace(src, dst)

        return replace

    monkeypatch.setattr(fileio.os, "replace", failing("other.json"))
    with pytest.raises(fileio.PartlyReplaced) as raised:
        fileio.replace_all([(link, b"new"), (other, b"new")])
    assert raised.value.replaced == (link,) and raised.value.unchanged == (other,)
    assert "replaced: " + str(link) in raised.value.describe()
    monkeypatch.setattr(fileio.os, "replace", failing("real.json"))
    with pytest.raises(OSError) as first:
        fileio.replace_all([(link, b"newer"), (other, b"newer")])
    assert not isinstance(first.value, fileio.PartlyReplaced)
    assert real.read_text() == "new" and other.read_text() == "old"
