"""The executor seam: tasks sized by bytes, a partial report after Ctrl-C, the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from omrs import batching
from omrs.checker import check_paths
from omrs.cli import cli
from omrs.config import ConfigError, parse_config
from omrs.discovery import Target
from omrs.findings import FileKind, FileResult
from omrs.options import CheckOptions
from tests.integration.integration_support import write_corpus

MB = 1024 * 1024


def _target(path: str, kind: FileKind = FileKind.RECORD) -> Target:
    return Target(path, kind, explicit=False)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "a/r", "b", "c/d"]),
            st.sampled_from([FileKind.RECORD, FileKind.MEDIA]),
            st.integers(0, 40 * MB),
        ),
        max_size=600,
    )
)
def test_every_target_is_in_exactly_one_task(items: list[tuple[str, FileKind, int]]) -> None:
    targets = [_target(f"{folder}/f{i}", kind) for i, (folder, kind, _) in enumerate(items)]
    tasks = batching.plan(targets, [size for *_, size in items])
    assert sorted(i for task in tasks for i in task) == list(range(len(items)))
    for task in tasks:
        if len(task) > 1:
            assert sum(items[i][2] for i in task[:-1]) <= batching.BATCH_BYTES * batching.STRETCH
            assert len(task) <= batching.BATCH_FILES * batching.STRETCH


def test_small_records_are_batched_and_a_big_master_is_a_task_of_its_own() -> None:
    records = [_target(f"r/{i:04d}.json") for i in range(1000)]
    master = _target("m/master.mov", FileKind.MEDIA)
    tasks = batching.plan([*records, master], [2000] * 1000 + [200 * 1024 * MB])
    assert [1000] in tasks
    per_task = batching.BATCH_FILES * batching.STRETCH  # one folder: stretched batches
    assert len(tasks) == 1 + -(-1000 // per_task)


def test_a_folder_stays_in_the_task_it_started() -> None:
    """A bundle and the records beside it are read in one task when the folder fits."""
    names = ["x/a.json"] * 250 + ["y/omrs.yaml"] + ["y/records/r.json"] * 20 + ["z/b.json"]
    tasks = batching.plan([_target(n) for n in names], [100] * len(names))
    bundle = 250
    together = next(t for t in tasks if bundle in t)
    assert set(range(bundle, bundle + 21)) <= set(together)


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_leaves_a_partial_report_of_what_was_checked(tmp_path: Path, jobs: int) -> None:
    write_corpus(tmp_path, 40)
    seen: list[FileResult | None] = []

    def interrupt_at_five(result: FileResult | None) -> None:
        seen.append(result)
        if len(seen) == 5:
            raise KeyboardInterrupt

    run = check_paths([tmp_path], CheckOptions(jobs=jobs), on_result=interrupt_at_five)
    assert run.interrupted == "interrupted (Ctrl-C)"
    assert run.exit_code() == 2
    assert len(run.files) == 5
    left = [s for s in run.skipped if s.reason == "not checked: interrupted (Ctrl-C)"]
    assert len(left) == 35


def test_executor_settings_come_from_the_config(tmp_path: Path) -> None:
    source = tmp_path / ".omrs.toml"
    config = parse_config(
        {"executor": "dask", "scheduler": "tcp://10.0.0.5:8786", "cache": ".omrs-cache"}, source
    )
    assert (config.executor, config.scheduler) == ("dask", "tcp://10.0.0.5:8786")
    assert config.cache == tmp_path / ".omrs-cache"
    with pytest.raises(ConfigError, match="'ray' is not one of local, dask"):
        parse_config({"executor": "ray"}, source)


def test_a_scheduler_with_the_local_executor_is_a_usage_error(tmp_path: Path) -> None:
    args = ["check", "--no-config", "--executor", "local", "--scheduler", "tcp://h:1", "."]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "is set, but the executor is 'local'" in result.stderr


def test_show_settings_names_the_executor_and_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text(
        'scheduler = "tcp://10.0.0.5:8786"\ncache = "c"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--show-settings"])
    assert result.exit_code == 0, result.output
    for line in ("executor: dask", "scheduler: tcp://10.0.0.5:8786", f"cache: {tmp_path / 'c'}"):
        assert line in result.output
