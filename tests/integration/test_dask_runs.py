"""``omrs check --executor dask``: same report as local runs, and faults cost nothing (issue 16).

Every cluster here is a ``distributed.LocalCluster`` on 127.0.0.1 (no network beyond
loopback). Faults are made on the workers by a worker plugin, which the scheduler installs
again on every worker the nanny restarts.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

import omrs.batching as batching  # noqa: E402
import omrs.checker as checker  # noqa: E402
from omrs.checker import check_paths  # noqa: E402
from omrs.cli import cli  # noqa: E402
from omrs.discovery import Target  # noqa: E402
from omrs.findings import FileKind, FileResult, RunResult  # noqa: E402
from omrs.options import CheckOptions  # noqa: E402
from omrs.rules.engine import RuleContext  # noqa: E402
from tests.integration.integration_support import (  # noqa: E402
    FIXTURES_MEDIA,
    VALID,
    failing_after,
    write_corpus,
)

COUNT = 60
#: Small batches, so even this corpus is cut into many tasks.
SMALL_BATCH = 6


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """A hang fails the test after 120 s instead of stalling the suite."""
    with failing_after(120):
        yield


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "BATCH_FILES", SMALL_BATCH)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records (some broken), a bundle with its records and assets, and media files."""
    folder = tmp_path_factory.mktemp("archive")
    write_corpus(folder / "records", COUNT)
    shutil.copytree(VALID, folder / "valid")
    shutil.copytree(FIXTURES_MEDIA, folder / "media", ignore=shutil.ignore_patterns("*.sh"))
    return folder


def _cluster(**extra: Any) -> Any:
    return distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # loopback, any free port
        **extra,
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with _cluster() as running:
        yield running


def _json_report(cwd: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        done = runner.invoke(cli, ["check", "--no-config", "--format", "json", *args, "."])
    finally:
        os.chdir(before)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    return done.exit_code, done.stdout


def test_the_json_report_is_byte_identical_for_serial_processes_and_dask(
    corpus: Path, cluster: Any
) -> None:
    serial = _json_report(corpus, "--jobs", "1")
    assert serial[0] == 1 and '"internal.error"' not in serial[1]
    assert _json_report(corpus, "--jobs", "2") == serial
    assert _json_report(corpus, "--scheduler", cluster.scheduler_address) == serial
    # --executor dask alone starts (and stops) a LocalCluster of --jobs workers
    assert _json_report(corpus, "--executor", "dask", "--jobs", "2") == serial


def test_results_stream_back_once_each(corpus: Path, cluster: Any) -> None:
    seen: list[FileResult | None] = []
    options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address)
    run = check_paths([corpus], options, on_result=seen.append)
    assert len(seen) == len(run.files) > COUNT
    serial_seen: list[FileResult | None] = []
    assert run == check_paths([corpus], CheckOptions(), on_result=serial_seen.append)
    assert seen == serial_seen  # in target order, as progress expects, whatever came first


class Saboteur(distributed.WorkerPlugin):  # type: ignore[misc]
    """Kills its worker process on a chosen file: once (a marker file remembers), or always."""

    def __init__(self, name: str, marker: str | None) -> None:
        self.name, self.marker = name, marker

    def setup(self, worker: Any) -> None:
        checker._dispatch = _sabotaged(checker._dispatch, self.name, self.marker)


def _sabotaged(original: Any, name: str, marker: str | None) -> Any:
    def dispatch(target: Target, ctx: RuleContext) -> FileResult | None:
        if target.path.endswith(name):
            if marker is None:
                os.kill(os.getpid(), signal.SIGKILL)
            elif not os.path.exists(marker):
                Path(marker).touch()
                os.kill(os.getpid(), signal.SIGKILL)
        result: FileResult | None = original(target, ctx)
        return result

    return dispatch


def _verdicts(run: RunResult) -> dict[str, list[str]]:
    return {f.path: [x.code for x in f.findings] for f in run.files}


def test_a_worker_killed_mid_run_loses_nothing(corpus: Path, tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"
    seen: list[FileResult | None] = []
    with _cluster() as cluster, distributed.Client(cluster) as client:
        client.register_plugin(Saboteur("consent-00031.json", str(marker)))
        options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address)
        run = check_paths([corpus], options, on_result=seen.append)
    assert marker.exists()  # a worker really died in mid-run
    serial = check_paths([corpus], CheckOptions())
    assert _verdicts(run) == _verdicts(serial)
    assert len(seen) == len(serial.files)  # each result reported once, none twice
    assert run.exit_code() == serial.exit_code()


def test_a_file_that_kills_every_worker_gets_an_internal_error(corpus: Path) -> None:
    seen: list[FileResult | None] = []
    extra = {"scheduler_kwargs": {"allowed_failures": 1}}
    with _cluster(**extra) as cluster, distributed.Client(cluster) as client:
        client.register_plugin(Saboteur("consent-00012.json", None))
        options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address)
        run = check_paths([corpus], options, on_result=seen.append)
    got = _verdicts(run)
    doomed = next(p for p in got if p.endswith("consent-00012.json"))
    assert got.pop(doomed) == ["internal.error"]
    serial = _verdicts(check_paths([corpus], CheckOptions()))
    serial.pop(doomed)
    assert got == serial  # every other file checked as usual
    assert len(seen) == len(run.files)
    assert run.exit_code() == 2


def test_a_scheduler_that_goes_away_ends_the_run_with_a_partial_report(corpus: Path) -> None:
    cluster = _cluster()
    closed: list[int] = []

    def close_on_first(result: FileResult | None) -> None:
        if not closed:
            closed.append(1)
            cluster.close()

    options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address)
    run = check_paths([corpus], options, on_result=close_on_first)
    assert run.interrupted is not None and "stopped answering" in run.interrupted
    assert run.exit_code() == 2
    left = [s for s in run.skipped if s.reason.startswith("not checked")]
    total = len(check_paths([corpus], CheckOptions()).files)
    assert left and len(run.files) + len(left) >= total


def test_an_unreachable_scheduler_is_a_clear_error(corpus: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", "--no-config", "--scheduler", "tcp://127.0.0.1:9", str(corpus)]
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


class _Views:
    """A client whose one worker sees nothing of the archive (a missing mount)."""

    def __init__(self, views: dict[str, Any]) -> None:
        self.views = views

    def wait_for_workers(self, n: int, timeout: float) -> None:
        return None

    def run(self, fn: Any, folders: list[str], on_error: str) -> dict[str, Any]:
        return {a: v(folders) if callable(v) else v for a, v in self.views.items()}


def test_a_worker_that_cannot_see_a_path_is_named_up_front(corpus: Path) -> None:
    from omrs.cluster import _check_workers, worker_view
    from omrs.executors import ExecutorError
    from omrs.version import TOOL_VERSION

    path = corpus / "records" / "batch-0" / "consent-00000.json"
    targets = [Target(str(path), FileKind.RECORD, explicit=True)]
    blind = {
        "tcp://10.0.0.1:1": worker_view,
        "tcp://10.0.0.2:2": lambda folders: (TOOL_VERSION, list(folders)),
    }
    with pytest.raises(ExecutorError, match=r"worker tcp://10.0.0.2:2 cannot see .*batch-0"):
        _check_workers(_Views(blind), targets, None, "the LocalCluster")  # type: ignore[arg-type]
    _check_workers(_Views({"tcp://10.0.0.1:1": worker_view}), targets, None, "x")  # type: ignore[arg-type]
    older = {"tcp://10.0.0.1:1": ("0.0.1", [])}
    with pytest.raises(ExecutorError, match=r"runs omrs 0\.0\.1"):
        _check_workers(_Views(older), targets, None, "x")  # type: ignore[arg-type]


def test_ctrl_c_during_a_dask_run_keeps_what_came_back(corpus: Path, cluster: Any) -> None:
    seen: list[FileResult | None] = []

    def interrupt_at_ten(result: FileResult | None) -> None:
        seen.append(result)
        if len(seen) == 10:
            raise KeyboardInterrupt

    options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address)
    run = check_paths([corpus], options, on_result=interrupt_at_ten)
    assert run.interrupted == "interrupted (Ctrl-C)" and run.exit_code() == 2
    assert len(run.files) >= 10  # and any that came back out of order before the Ctrl-C
    left = [s for s in run.skipped if s.reason.startswith("not checked")]
    assert len(run.files) + len(left) == len(check_paths([corpus], CheckOptions()).files)


def test_the_cache_serves_a_dask_run_and_rechecks_one_changed_record(
    corpus: Path, cluster: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(corpus, archive)
    cache = tmp_path / "cache"
    options = CheckOptions(executor="dask", scheduler=cluster.scheduler_address, cache=cache)
    first = check_paths([archive], options)
    record = archive / "records" / "batch-2" / "consent-00007.json"
    record.write_text(record.read_text("utf-8") + "\n", "utf-8")
    served = _entries(cache)
    again = check_paths([archive], options)
    assert again == first  # same verdicts; one new entry, for the changed record
    assert len(_entries(cache)) == len(served) + 1


def _entries(cache: Path) -> list[Path]:
    return [p for p in (cache / "results").rglob("*") if p.is_file()]
