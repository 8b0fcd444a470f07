"""Record throughput: ``omrs check`` on a folder of N records against check-jsonschema.

Generates N records (default 5,000) in a temporary folder from the valid fixtures (the
three record types, realistic sizes, one in five written as YAML), then times, as
subprocesses on the same files:

* ``omrs check FOLDER`` with ``--jobs 1`` and with ``--jobs`` = the number of cores;
* ``check-jsonschema`` against the same schemas, one invocation per record type (it takes
  one schema per run), the times summed. ``--base-uri`` points each schema at its file,
  so the ``$ref``s to ``common.schema.json`` resolve from disk, not from omrs.org.

omrs does more per file (source positions, semantic rules), so the ratio is the price of
that on top of plain schema validation. No network. Usage: ``python bench/records.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "fixtures" / "records" / "valid"
SCHEMAS = ROOT / "schemas" / "1.0"
BIN = Path(sys.executable).parent
#: Every n-th generated record is written as YAML (the authoring form), the rest as JSON.
YAML_EVERY = 5
PER_FOLDER = 500


class _Dumper(yaml.SafeDumper):
    """Quotes strings that YAML 1.2 readers would take for numbers (``0000000478123456``).

    PyYAML follows YAML 1.1, where such digits are a string and need no quotes;
    check-jsonschema reads YAML 1.2, where they are an integer. Quoting keeps both the same.
    """


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    numeric = value.replace(".", "", 1).lstrip("+-").isdigit()
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if numeric else None)


_Dumper.add_representer(str, _str)


def templates() -> list[dict[str, Any]]:
    """The standalone valid fixture records (bundles need their files, so they are left out)."""
    out = []
    for path in sorted(TEMPLATES.glob("*.*")):
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        if data.get("recordType") != "bundle":
            out.append(data)
    if not out:
        raise SystemExit(f"no record templates in {TEMPLATES}")
    return out


def generate(folder: Path, count: int) -> dict[str, list[Path]]:
    """Write ``count`` distinct records under ``folder``; their paths by record type."""
    by_type: dict[str, list[Path]] = {}
    bases = templates()
    for i in range(count):
        data = dict(bases[i % len(bases)])
        data["id"] = f"{data['id']}-bench-{i:06d}"
        suffix = ".yaml" if i % YAML_EVERY == 0 else ".json"
        path = folder / f"part-{i // PER_FOLDER:03d}" / f"{data['recordType']}-{i:06d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        path.write_text(text, "utf-8")
        by_type.setdefault(data["recordType"], []).append(path)
    return by_type


class Timing(NamedTuple):
    """Median wall time and CPU time (user + system, the process and its workers)."""

    wall: float
    cpu: float
    code: int


def timed(command: Sequence[str], cwd: Path) -> Timing:
    """One subprocess run, output discarded.

    CPU time is reported next to wall time because it does not depend on what else the
    machine is doing, which wall time on a shared machine does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode(errors="replace"))
        raise SystemExit(f"{command[0]} failed with exit status {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu, done.returncode)


def interleaved(runs: int, commands: dict[str, Sequence[str]], cwd: Path) -> dict[str, Timing]:
    """Medians over ``runs`` rounds in which every command runs once, taking turns, so
    what else the shared machine does weighs on each command alike (paired medians)."""
    seen: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            seen[name].append(timed(command, cwd))
    return {
        name: Timing(
            statistics.median(r.wall for r in results),
            statistics.median(r.cpu for r in results),
            results[-1].code,
        )
        for name, results in seen.items()
    }


def omrs_command(folder: Path | str, jobs: int) -> list[str]:
    return [str(BIN / "omrs"), "check", "--no-config", "--quiet", "--jobs", str(jobs), str(folder)]


def check_jsonschema_command(record_type: str, files: Sequence[Path | str]) -> list[str]:
    schema = SCHEMAS / f"{record_type}.schema.json"
    return [
        str(BIN / "check-jsonschema"),
        "--schemafile",
        str(schema),
        "--base-uri",
        schema.as_uri(),
        *map(str, files),
    ]


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned columns, the first column left-aligned, a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def row(label: str, timing: Timing, count: int) -> tuple[str, str, str, str]:
    return (label, f"{timing.wall:.2f}", f"{timing.cpu:.2f}", f"{count / timing.wall:,.0f}")


def run(count: int, runs: int, jobs: int, workdir: Path) -> None:
    by_type = generate(workdir / "records", count)
    mix = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_type.items()))
    size = sum(p.stat().st_size for v in by_type.values() for p in v)
    print(f"{count} records ({mix}), {size / count:.0f} bytes on average, 1 in {YAML_EVERY} YAML")
    print(
        f"median of {runs} interleaved runs, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    commands: dict[str, Sequence[str]] = {
        "omrs1": omrs_command("records", 1),
        "omrsn": omrs_command("records", jobs),
    }
    for record_type, files in sorted(by_type.items()):
        paths = [p.relative_to(workdir) for p in files]
        commands[record_type] = check_jsonschema_command(record_type, paths)
    timed_ = interleaved(runs, commands, workdir)
    omrs1, omrsn = timed_["omrs1"], timed_["omrsn"]
    parts = [timed_[t] for t in sorted(by_type)]
    cjs = Timing(sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.code for p in parts))
    print(
        table(
            [
                ("command", "wall s", "cpu s", "files/s"),
                row("check-jsonschema (one run per type, summed)", cjs, count),
                row("omrs check --jobs 1", omrs1, count),
                row(f"omrs check --jobs {jobs}", omrsn, count),
            ]
        )
    )
    print(f"exit status: omrs {omrs1.code}/{omrsn.code}, check-jsonschema {cjs.code}")
    wall, cpu = omrs1.wall / cjs.wall, omrs1.cpu / cjs.cpu
    print(
        f"omrs --jobs 1 / check-jsonschema: wall {wall:.2f}, cpu {cpu:.2f} "
        f"({1 / wall:.1f}x faster; target: 20x faster)"
    )
    print(f"omrs --jobs {jobs} / check-jsonschema: wall {omrsn.wall / cjs.wall:.2f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="number of records (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command, median (default 3)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="omrs --jobs for the parallel row"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated records")
    args = parser.parse_args(argv)
    for tool in ("omrs", "check-jsonschema"):
        if not (BIN / tool).exists() and shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed next to {sys.executable}")
    workdir = Path(tempfile.mkdtemp(prefix="omrs-bench-"))
    try:
        run(args.n, args.runs, args.jobs, workdir)
    finally:
        if args.keep:
            print(f"records kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
