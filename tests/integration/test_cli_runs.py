"""Whole ``omrs check`` runs: parallel output, standard input, what start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from omrs.checker import PARALLEL_MIN_TARGETS, check_paths
from omrs.cli import cli
from omrs.options import CheckOptions
from tests.integration.integration_support import broken_location, record_text, write_corpus

CORPUS_SIZE = 100
#: What a pre-commit run on one record must not load: the C2PA SDK and its native library,
#: the XML stack, the certificate stack (DESIGN.md "Performance"), and Dask (an optional
#: extra for cluster runs, issue 16).
HEAVY = ("c2pa", "lxml", "cryptography", "dask", "distributed")
#: What checking one valid record need not load either: jsonschema, referencing and attrs
#: (the compiled validator answers valid documents), the TOML parser under ``--no-config``,
#: the file-replacing helpers only writers use, and the reporters of formats not asked for.
NOT_AT_START = (
    "jsonschema",
    "referencing",
    "attr",
    "attrs",
    "tomllib",
    "tempfile",
    "shutil",
    "importlib.resources",
    *(f"omrs.reporters.{m}" for m in ("json_report", "sarif", "junit", "github", "gitlab")),
)
#: The only parts of the media and XMP layers a record check may load: data tables that
#: discovery (media extensions) and the rule catalogue (finding codes) read. They import
#: none of the above; anything else from these layers is the verification code itself.
LIGHT_LAYER_MODULES = {
    "omrs.media",
    "omrs.rules.c2pa_codes",
    "omrs.media.formats",
    "omrs.xmp",
    "omrs.rules.xmp_codes",
}
#: Modules of a cluster run a record check must not load either.
CLUSTER_MODULES = ("omrs.cluster", "omrs.result_cache")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, CORPUS_SIZE)
    return folder


def _omrs(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "omrs", "check", "--no-config", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        env={"PATH": str(Path(sys.executable).parent), "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_is_byte_identical_for_one_and_two_jobs(corpus: Path, fmt: str) -> None:
    assert CORPUS_SIZE >= PARALLEL_MIN_TARGETS  # so --jobs 2 takes the process-pool path
    serial = _omrs(corpus, "--jobs", "1", "--format", fmt, ".")
    parallel = _omrs(corpus, "--jobs", "2", "--format", fmt, ".")
    assert serial.returncode == parallel.returncode == 1, serial.stderr
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr
    if fmt == "json":
        files = json.loads(serial.stdout)["files"]
        assert len(files) == CORPUS_SIZE


def test_two_jobs_really_use_worker_processes(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    pools: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor  # the checker imports it lazily

    def counting_pool(*args: Any, **kwargs: Any) -> Any:
        pools.append(args[0])
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    seen: list[object] = []
    parallel = check_paths([corpus], CheckOptions(jobs=2), on_result=seen.append)
    assert pools == [2]
    assert len(seen) == CORPUS_SIZE
    serial_seen: list[object] = []
    serial = check_paths([corpus], CheckOptions(jobs=1), on_result=serial_seen.append)
    assert parallel == serial
    assert serial_seen == seen  # the callback sees results in target order either way


def test_a_dash_reads_one_record_from_standard_input() -> None:
    runner = CliRunner()
    good = runner.invoke(cli, ["check", "--no-config", "-"], input=record_text(3))
    assert good.exit_code == 0, good.output
    text = record_text(3, broken=True)
    bad = runner.invoke(cli, ["check", "--no-config", "-"], input=text)
    assert bad.exit_code == 1
    assert f"<stdin>:{broken_location(text)}: error schema.enum" in bad.output


def _modules_after_check(record: Path) -> list[str]:
    """``omrs check RECORD`` in a fresh interpreter, in-process; its imported modules."""
    probe = (
        "import json, runpy, sys\n"
        f"sys.argv = ['omrs', 'check', '--no-config', {str(record)!r}]\n"
        "try:\n"
        "    runpy.run_module('omrs', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, done
    modules: list[str] = report["modules"]
    return modules


def _loaded(modules: list[str], package: str) -> list[str]:
    return [m for m in modules if m == package or m.startswith(package + ".")]


def test_checking_one_record_loads_no_media_stack(tmp_path: Path) -> None:
    record = tmp_path / "one.json"
    record.write_text(record_text(4), "utf-8")
    modules = _modules_after_check(record)
    assert "omrs.checker" in modules  # the probe really ran a check
    for package in (*HEAVY, *NOT_AT_START, *CLUSTER_MODULES):
        assert not _loaded(modules, package), (package, _loaded(modules, package))
    layers = set(_loaded(modules, "omrs.media") + _loaded(modules, "omrs.xmp"))
    assert layers <= LIGHT_LAYER_MODULES, sorted(layers - LIGHT_LAYER_MODULES)
