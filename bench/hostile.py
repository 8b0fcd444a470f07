"""Hostile sizes that once took quadratic time, each timed at two sizes.

- licence: a training licence with N subdivision territories (``US-A00``...) and a permission
  limited to the same N; ``licence.territory`` once did a list lookup per code.
- waivers: a bench bundle (bench/bundles.py) of N AI assets whose models name no licence
  (one warning per asset), with one waiver per asset; once every waiver walked the whole
  bundle and scanned every finding.
- xmp: N MiB of back-to-back unwrapped XMP packets; the scanner once searched the rest of
  its buffer for the packet wrapper before every packet.

Printed: wall seconds per size and the ratio of time per item (1.0 means linear). Usage:
``python bench/hostile.py [licence|waivers|xmp ...]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import string
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bundles import generate  # bench/ is the script's folder, first on sys.path
from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.xmp.packets import scan_file

ROOT = Path(__file__).resolve().parents[1]
AS_OF = CheckOptions(as_of=dt.date(2026, 9, 1), jobs=1)
PACKET = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>\n"


def subdivisions(n: int) -> list[str]:
    symbols = string.ascii_uppercase + string.digits
    codes = ("".join(c) for c in itertools.product(symbols, repeat=3))
    return [f"US-{code}" for code in itertools.islice(codes, n)]


def licence(folder: Path, n: int) -> float:
    data = json.loads((ROOT / "fixtures/records/valid/license-stock-footage.json").read_text())
    data["territories"] = ["US", *subdivisions(n)]
    limited = {"use": "constrained", "constraints": {"territories": subdivisions(n)}}
    data["permissions"]["data_mining"] = limited
    path = folder / "licence.json"
    path.write_text(json.dumps(data), "utf-8")
    start = time.perf_counter()
    check_paths([path], AS_OF)
    return time.perf_counter() - start


def waivers(folder: Path, n: int) -> float:
    bundle = generate(folder, n)
    data = json.loads(bundle.read_text("utf-8"))
    approver = {"name": "Dana Whitfield", "kind": "person"}
    for asset in data["assets"]:
        for model in asset.get("models", []):
            model.pop("license", None)
    data["waivers"] = [
        {"rule": "bundle.model-licence-unnamed", "target": a["path"], "until": "2027-01-01",
         "reason": "provider holds the licences", "approvedBy": approver}
        for a in data["assets"]
    ]  # fmt: skip
    bundle.write_text(json.dumps(data), "utf-8")
    start = time.perf_counter()
    run = check_paths([bundle], AS_OF)
    elapsed = time.perf_counter() - start
    assert sum(1 for f in run.findings if f.waived_by) == n - 2, "bench bundle changed"
    return elapsed


def xmp(folder: Path, mib: int) -> float:
    path = folder / "packets.bin"
    path.write_bytes(PACKET * (mib * 1024 * 1024 // len(PACKET)))
    start = time.perf_counter()
    found = sum(1 for _ in scan_file(path))
    elapsed = time.perf_counter() - start
    assert found == mib * 1024 * 1024 // len(PACKET)
    return elapsed


CASES: dict[str, tuple[Callable[[Path, int], float], tuple[int, int], str]] = {
    "licence": (licence, (5_000, 46_656), "territories"),
    "waivers": (waivers, (500, 4_000), "waivers"),
    "xmp": (xmp, (2, 20), "MiB"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Checked by hand: argparse (3.11) tests an empty or default list against ``choices``
    # as one value and refuses it.
    parser.add_argument("cases", nargs="*", help=f"any of {', '.join(CASES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    for name in args.cases or list(CASES):
        measure, sizes, unit = CASES[name]
        times = []
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix=f"omrs-hostile-{name}-") as tmp:
                times.append(measure(Path(tmp), size))
        ratio = (times[1] / sizes[1]) / (times[0] / sizes[0])
        shown = ", ".join(f"{s:,} {unit}: {t:.2f} s" for s, t in zip(sizes, times, strict=True))
        print(f"{name:8} {shown}; per-item ratio {ratio:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
