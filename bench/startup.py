"""Start-up and ``--jobs`` speed-up: what a pre-commit hook and a CI job feel.

1. One small record, as a pre-commit hook checks it: ``omrs check one-record.json``
   against ``check-jsonschema --schemafile schemas/1.0/<type>.schema.json one-record.json``
   (``--base-uri`` makes its ``$ref``s resolve from local files), and ``python -c pass``
   as the floor every Python tool pays. Median of ``--runs`` runs, all as subprocesses.
2. A pre-commit run in an edit repository (the shipped documentary bundle, a ``.git``
   marker at its root): the hook gets one changed file, and the run builds the project
   index (the bundles in the file's folder and above), then judges what the change reaches.
   A licence named by one asset brings in the bundle and that asset (the C2PA library is
   loaded for it); the bundle brings in everything it lists. Also printed: the index alone,
   timed in process.
3. A folder of ``--n`` generated records (default 5,000): ``omrs check --jobs 1`` against
   ``--jobs 2``.

No network. Usage: ``python bench/startup.py [--runs 15] [--n 5000]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from records import (
    BIN,
    Timing,
    check_jsonschema_command,
    generate,
    interleaved,
    omrs_command,
    row,
    table,
)

ROOT = Path(__file__).resolve().parents[1]
ONE_RECORD = ROOT / "fixtures" / "records" / "valid" / "consent-living-counsel.json"
RECORD_TYPE = "likeness-consent"


def startup(runs: int, workdir: Path) -> None:
    record = workdir / "one-record.json"
    shutil.copyfile(ONE_RECORD, record)
    found = interleaved(
        runs,
        {
            "floor": [sys.executable, "-c", "pass"],
            "omrs": [str(BIN / "omrs"), "check", "--no-config", record.name],
            "cjs": check_jsonschema_command(RECORD_TYPE, [record.name]),
        },
        workdir,
    )
    floor, omrs, cjs = found["floor"], found["omrs"], found["cjs"]
    load = os.getloadavg()[0]
    print(
        f"One record ({record.stat().st_size} bytes), median of {runs} interleaved runs, "
        f"load average {load:.1f}"
    )
    print(
        table(
            [
                ("command", "wall ms", "cpu ms", "exit"),
                _ms("python -c pass", floor),
                _ms("check-jsonschema --schemafile ... one-record.json", cjs),
                _ms("omrs check one-record.json", omrs),
            ]
        )
    )
    print(
        f"omrs / check-jsonschema: wall {omrs.wall / cjs.wall:.2f}, cpu {omrs.cpu / cjs.cpu:.2f} "
        "(target: wall 0.40 or less)\n"
    )


DOCUMENTARY = ROOT / "fixtures" / "records" / "valid" / "bundle-documentary"
CHANGES = (
    ("records/license-rheinfeld-archive.json", "a licence one asset names"),
    ("records/consent-estate-okafor.yaml", "the consent both assets name"),
    ("omrs.yaml", "the bundle"),
)


def precommit(runs: int, workdir: Path) -> None:
    film = workdir / "film"
    shutil.copytree(DOCUMENTARY, film)
    (film / ".git").mkdir()  # the project root a hook runs in
    (film / "notes").mkdir()
    shutil.copyfile(ONE_RECORD, film / "notes" / "one-record.json")
    names = [("notes/one-record.json", "a record no bundle lists"), *CHANGES]
    omrs = [str(BIN / "omrs"), "check", "--no-config"]
    found = interleaved(runs, {name: [*omrs, name] for name, _ in names}, film)
    rows = [("pre-commit on one changed file", "wall ms", "cpu ms", "exit")]
    rows += [_ms(f"{what} ({name})", found[name]) for name, what in names]
    print(f"Pre-commit with the project index, median of {runs} interleaved runs")
    print(table(rows))
    print(f"index alone (in process, warm): {_index_ms(film):.2f} ms\n")


def _index_ms(film: Path) -> float:
    """Time to find and index the bundles above one changed record, in process."""
    import time

    from omrs.discovery import Target
    from omrs.findings import FileKind
    from omrs.project import build_index
    from omrs.rules.engine import DocumentCache

    target = Target(str(film / CHANGES[0][0]), FileKind.RECORD, True)
    best = float("inf")
    for _ in range(20):
        cache = DocumentCache(10 * 1024 * 1024)
        start = time.perf_counter()
        index = build_index([target], cache.get)
        best = min(best, time.perf_counter() - start)
    assert len(index.bundles) == 1, index.bundles
    return best * 1000


def _ms(label: str, timing: Timing) -> tuple[str, str, str, str]:
    return (label, f"{timing.wall * 1000:.0f}", f"{timing.cpu * 1000:.0f}", str(timing.code))


def speedup(count: int, runs: int, workdir: Path) -> None:
    generate(workdir / "records", count)
    found = interleaved(
        runs,
        {"serial": omrs_command("records", 1), "parallel": omrs_command("records", 2)},
        workdir,
    )
    serial, parallel = found["serial"], found["parallel"]
    load = os.getloadavg()[0]
    print(
        f"{count} records, median of {runs} runs, {os.cpu_count()} cores, load average {load:.1f}"
    )
    print(
        table(
            [
                ("command", "wall s", "cpu s", "files/s"),
                row("omrs check --jobs 1", serial, count),
                row("omrs check --jobs 2", parallel, count),
            ]
        )
    )
    gain = serial.wall / parallel.wall
    print(f"exit status {serial.code}/{parallel.code}; --jobs 2 speed-up: {gain:.2f}x")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="start-up runs per command (15)")
    parser.add_argument("--n", type=int, default=5000, help="records for the --jobs test (5000)")
    parser.add_argument("--folder-runs", type=int, default=3, help="runs per --jobs value (3)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="omrs-bench-"))
    try:
        startup(args.runs, workdir)
        precommit(args.runs, workdir)
        speedup(args.n, args.folder_runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
