"""Start-up and ``--jobs`` speed-up: what a pre-commit hook and a CI job feel.

1. One small record, as a pre-commit hook checks it: ``omrs check one-record.json``
   against ``check-jsonschema --schemafile schemas/1.0/<type>.schema.json one-record.json``
   (``--base-uri`` makes its ``$ref``s resolve from local files), and ``python -c pass``
   as the floor every Python tool pays. Median of ``--runs`` runs, all as subprocesses.
2. A folder of ``--n`` generated records (default 5,000): ``omrs check --jobs 1`` against
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

from records import BIN, best_of, check_jsonschema_command, generate, omrs_command, table

ROOT = Path(__file__).resolve().parents[1]
ONE_RECORD = ROOT / "fixtures" / "records" / "valid" / "consent-living-counsel.json"
RECORD_TYPE = "likeness-consent"


def startup(runs: int, workdir: Path) -> None:
    record = workdir / "one-record.json"
    shutil.copyfile(ONE_RECORD, record)
    floor, _ = best_of(runs, [sys.executable, "-c", "pass"], workdir)
    omrs, omrs_code = best_of(
        runs, [str(BIN / "omrs"), "check", "--no-config", record.name], workdir
    )
    cjs_cmd = check_jsonschema_command(RECORD_TYPE, [record.name])
    cjs, cjs_code = best_of(runs, cjs_cmd, workdir)
    print(f"One record ({record.stat().st_size} bytes), median of {runs} runs")
    print(
        table(
            [
                ("command", "ms", "exit"),
                ("python -c pass", f"{floor * 1000:.0f}", "0"),
                ("check-jsonschema --schemafile ...", f"{cjs * 1000:.0f}", str(cjs_code)),
                ("omrs check one-record.json", f"{omrs * 1000:.0f}", str(omrs_code)),
            ]
        )
    )
    print(f"ratio omrs / check-jsonschema: {omrs / cjs:.2f}\n")


def speedup(count: int, runs: int, workdir: Path) -> None:
    generate(workdir / "records", count)
    serial, code1 = best_of(runs, omrs_command("records", 1), workdir)
    parallel, code2 = best_of(runs, omrs_command("records", 2), workdir)
    print(f"{count} records, median of {runs} runs, {os.cpu_count()} cores available")
    print(
        table(
            [
                ("command", "seconds", "files/s"),
                ("omrs check --jobs 1", f"{serial:.2f}", f"{count / serial:,.0f}"),
                ("omrs check --jobs 2", f"{parallel:.2f}", f"{count / parallel:,.0f}"),
            ]
        )
    )
    print(f"exit status {code1}/{code2}; speed-up --jobs 2 over --jobs 1: {serial / parallel:.2f}x")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="start-up runs per command (15)")
    parser.add_argument("--n", type=int, default=5000, help="records for the --jobs test (5000)")
    parser.add_argument("--folder-runs", type=int, default=3, help="runs per --jobs value (3)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="omrs-bench-"))
    try:
        startup(args.runs, workdir)
        speedup(args.n, args.folder_runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
