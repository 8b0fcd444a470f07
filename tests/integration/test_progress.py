"""The progress bar: shown to a person at a terminal on long runs, never in CI or logs."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs.checker import check_targets
from omrs.cli import cli
from omrs.cli.progress import MIN_BYTES, MIN_TARGETS, Bar, Heartbeat, Tally, wanted, watcher_for
from omrs.discovery import Target
from omrs.findings import FileKind, FileResult
from omrs.options import CheckOptions
from tests.integration.integration_support import VALID, write_corpus


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("total", "quiet", "forced", "environ", "tty", "shown"),
    [
        (MIN_TARGETS + 1, False, None, {}, True, True),
        (MIN_TARGETS, False, None, {}, True, False),  # short runs finish first
        (MIN_TARGETS + 1, True, None, {}, True, False),  # --quiet
        (MIN_TARGETS + 1, False, None, {"CI": "true"}, True, False),  # CI logs
        (MIN_TARGETS + 1, False, None, {}, False, False),  # piped or redirected
        (3, False, True, {"CI": "true"}, False, True),  # --progress
        (MIN_TARGETS + 1, False, False, {}, True, False),  # --no-progress
        (0, False, True, {}, True, False),  # nothing to count
    ],
)
def test_when_the_bar_is_shown(
    total: int, quiet: bool, forced: bool | None, environ: dict[str, str], tty: bool, shown: bool
) -> None:
    stream = Terminal() if tty else io.StringIO()
    assert wanted(total, quiet=quiet, forced=forced, stream=stream, environ=environ) is shown


def _targets(tmp_path: Path, sizes: list[int]) -> list[Target]:
    out = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"f{i}.json"
        path.write_bytes(b"x" * size)
        out.append(Target(str(path), FileKind.RECORD, explicit=True))
    return out


def test_the_tally_counts_files_bytes_and_names_the_current_file(tmp_path: Path) -> None:
    now = [0.0]
    tally = Tally(_targets(tmp_path, [1000, 2_000_000, 0]), clock=lambda: now[0])
    assert tally.total_bytes == 2_001_000 and tally.current == str(tmp_path / "f0.json")
    tally(FileResult("a.json", FileKind.RECORD))
    now[0] = 125.0
    line = tally.line()
    assert line.startswith("omrs: 1/3 files, 1.0 kB of 2.0 MB; checking ")
    assert line.endswith("f1.json (2m05s)")
    tally(None)  # a walked file that was not ours still counts
    tally(None)
    assert tally.current is None and tally.bytes_done == tally.total_bytes


def test_the_heartbeat_writes_a_line_every_interval_until_closed(tmp_path: Path) -> None:
    stream = io.StringIO()
    beat = Heartbeat(Tally(_targets(tmp_path, [10, 10])), stream, 0.01)
    time.sleep(0.1)
    beat(None)
    beat.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2 and all(line.startswith("omrs: ") for line in lines)
    assert "0/2 files, 0 B of 20 B; checking" in lines[0]
    written = stream.getvalue()
    time.sleep(0.05)
    assert stream.getvalue() == written  # closed: no more lines


def test_a_terminal_gets_a_bar_and_ci_a_heartbeat(tmp_path: Path) -> None:
    targets = _targets(tmp_path, [10] * (MIN_TARGETS + 1))
    bar = watcher_for(targets, quiet=False, forced=None, stream=Terminal(), environ={})
    assert isinstance(bar, Bar)
    bar.close()
    beat = watcher_for(
        targets[:2], quiet=False, forced=None, stream=Terminal(), environ={"CI": "1"}
    )
    assert isinstance(beat, Heartbeat)
    beat.close()
    assert (
        watcher_for(targets, quiet=True, forced=None, stream=Terminal(), environ={"CI": "1"})
        is None
    )
    assert watcher_for(targets, quiet=False, forced=False, stream=Terminal(), environ={}) is None
    assert watcher_for(targets[:2], quiet=False, forced=None, stream=Terminal(), environ={}) is None


def test_a_few_large_files_get_a_bar_too(tmp_path: Path) -> None:
    stream = Terminal()
    assert wanted(2, quiet=False, forced=None, stream=stream, environ={}, total_bytes=MIN_BYTES)
    assert not wanted(2, quiet=False, forced=None, stream=stream, environ={}, total_bytes=10)


def test_the_bar_is_by_bytes_with_an_eta(tmp_path: Path) -> None:
    stream = Terminal()
    bar = Bar(Tally(_targets(tmp_path, [100, 300])), stream)
    bar(None)
    bar(None)
    bar.close()
    out = stream.getvalue()
    assert "omrs" in out and "100%" in out and "2/2 files" in out


def test_the_cli_writes_heartbeats_in_ci_and_nothing_when_piped(tmp_path: Path) -> None:
    write_corpus(tmp_path, 60)
    runner = CliRunner()
    args = ["check", "--no-config", "--jobs", "1", str(tmp_path)]
    plain = runner.invoke(cli, args, env={"CI": ""})
    assert "omrs: " not in plain.stderr  # CliRunner's stderr is not a terminal
    beats = runner.invoke(cli, [*args, "--heartbeat", "0.001"], env={"CI": "true"})
    assert re.search(r"omrs: \d+/60 files, [0-9.]+ kB of [0-9.]+ kB", beats.stderr)
    assert beats.stdout == plain.stdout
    assert beats.exit_code == plain.exit_code == 1


def test_files_a_change_reaches_are_counted(tmp_path: Path) -> None:
    """A consent named alone brings in its bundle and what the bundle lists (the project
    index): the run plans them before checking, and the count ends at the planned total."""
    tree = tmp_path / "film"
    shutil.copytree(VALID / "bundle-documentary", tree)
    given = [Target(str(tree / "records" / "consent-estate-okafor.yaml"), FileKind.RECORD, True)]
    tally = Tally(given)
    seen: list[FileResult | None] = []

    def counted(result: FileResult | None) -> None:
        tally(result)
        seen.append(result)

    check_targets(given, CheckOptions(), counted, on_plan=tally.plan)
    assert len(tally.targets) == len(seen) > 1
    assert tally.done == len(tally.targets) and tally.bytes_done == tally.total_bytes
    assert tally.line().startswith(f"omrs: {len(seen)}/{len(seen)} files")
