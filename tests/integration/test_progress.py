"""The progress bar: shown to a person at a terminal on long runs, never in CI or logs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from omrs.cli.progress import MIN_TARGETS, Progress, wanted
from omrs.findings import FileKind, FileResult
from tests.integration.integration_support import write_corpus


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


def test_the_bar_counts_redraws_sparingly_and_erases_itself() -> None:
    stream, now = io.StringIO(), [0.0]
    bar = Progress(4, stream, clock=lambda: now[0])
    result = FileResult("a.json", FileKind.RECORD)
    bar(result)
    bar(None)  # a walked file that was not ours still counts
    assert stream.getvalue().count("\r") == 1  # the second result came within 0.1 s
    now[0] = 1.0
    bar(result)
    bar(result)  # the last one is always drawn
    assert bar.line().endswith("100% 4/4 files")
    assert stream.getvalue().count("\r") == 3
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_the_cli_draws_on_stderr_only_when_asked_outside_a_terminal(tmp_path: Path) -> None:
    write_corpus(tmp_path, 60)
    runner = CliRunner()
    args = ["check", "--no-config", "--jobs", "1", str(tmp_path)]
    plain = runner.invoke(cli, args)
    assert "omrs: [" not in plain.stderr  # CliRunner's stderr is not a terminal
    drawn = runner.invoke(cli, [*args, "--progress"])
    assert "omrs: [##############################] 100% 60/60 files, 9 failed" in drawn.stderr
    assert drawn.stdout == plain.stdout
    assert drawn.exit_code == plain.exit_code == 1
