"""What the fuzz tests share: the seed corpus, the run contract, and a guard against hangs.

The contract every fuzzed input must keep (issue 9): no exception escapes, no
``internal.error``, the exit code is 0, 1 or (for input the run cannot read) 2, every report
format renders the run, and nothing takes long enough to look like a hang.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from omrs.checker import check_paths
from omrs.findings import RunResult
from omrs.options import CheckOptions
from omrs.reporters import ReportContext, get_reporter, names
from tests.conftest import FIXTURES

AS_OF = dt.date(2026, 9, 1)
OPTIONS = CheckOptions(as_of=AS_OF, jobs=1)
#: One fuzzed file that takes longer than this is treated as a hang.
HANG_SECONDS = 30
VALID = FIXTURES / "records" / "valid"
#: The 1.1 example corpus: its bundles hold the audit logs and dataset manifests.
VALID_1_1 = FIXTURES / "records" / "1.1" / "valid"


def example_files() -> list[Path]:
    """Every valid example file of both corpora (JSON and YAML), in a stable order."""
    return [
        p
        for folder in (VALID, VALID_1_1)
        for p in sorted(folder.rglob("*"))
        if p.suffix in (".json", ".yaml", ".yml")
    ]


def seed_files() -> list[Path]:
    """Every valid example record and bundle record, bundles themselves left out."""
    return [p for p in example_files() if p.name != "omrs.yaml"]


def load(path: Path) -> Any:
    text = path.read_text("utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


#: (name, parsed data) of each seed, loaded once per session. The name is the file's path
#: under fixtures/records joined with "-": unique (several bundles hold an audit-log.yaml)
#: and usable as a file name.
SEEDS: list[tuple[str, Any]] = [
    ("-".join(p.relative_to(FIXTURES / "records").parts), load(p)) for p in seed_files()
]


class Hang(Exception):
    """A single check ran longer than HANG_SECONDS."""


@contextlib.contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"one check took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(*paths: Path, options: CheckOptions = OPTIONS) -> RunResult:
    """Check ``paths`` in process under the hang guard, and hold the run to the contract."""
    with no_hang():
        run = check_paths(paths, options)
    assert_contract(run)
    return run


def assert_contract(run: RunResult) -> None:
    internal = [f for f in run.findings if f.code == "internal.error"]
    assert not internal, internal[0].message
    code = run.exit_code()
    assert code in (0, 1, 2)
    if code == 2:  # only a path the run could not read may end a fuzz run with 2
        assert all(r.findings and r.findings[0].code.startswith("io.") for r in run.io_errors)
    context = ReportContext(color=False, verbose=True, quiet=False, base_dir=Path.cwd())
    for name in names():
        rendered = get_reporter(name)().render(run, context)
        rendered.encode("utf-8")  # every report can be written out as UTF-8


def verdict(run: RunResult) -> list[tuple[str, str, str]]:
    """What a run found, independent of syntax and layout: (code, severity, pointer)."""
    return sorted((f.code, f.severity.value, f.location.pointer) for f in run.findings)
