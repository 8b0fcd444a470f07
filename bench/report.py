"""The review report's cost: a 1,000-record bundle, against ``omrs check`` of the same bundle.

The bundle is bench/bundles.py's (one consent, one licence, N - 2 AI disclosures with one
segment each, N assets). Baseline: the library's ``check_paths`` on the bundle, as ``omrs
check omrs.json`` runs it. Measured in the same process, paired and repeated (medians):
check alone; check + ``build_report`` + ``render_html`` (what ``omrs report`` does); the
same with ``render_markdown``. Then both whole processes (``omrs check`` and ``omrs report
-o``) once each. Printed: seconds, the ratio to the baseline, and the HTML and Markdown
sizes. Usage: ``python bench/report.py [--records N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bundles import generate
from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.report import build_report, render_html, render_markdown

OPTIONS = CheckOptions(as_of=dt.date(2026, 9, 1), jobs=1)


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = work()
    return time.perf_counter() - start, out


def _html(bundle: Path) -> str:
    run = check_paths([bundle], OPTIONS)
    return render_html(build_report(run, OPTIONS, media=False))


def _markdown(bundle: Path) -> str:
    run = check_paths([bundle], OPTIONS)
    return render_markdown(build_report(run, OPTIONS, media=False))


def _process(args: list[str]) -> float:
    omrs = Path(sys.executable).with_name("omrs")
    start = time.perf_counter()
    subprocess.run([str(omrs), *args], capture_output=True, check=False)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="omrs-bench-report-") as tmp:
        bundle = generate(Path(tmp), args.records)
        rows: dict[str, list[float]] = {"check": [], "report html": [], "report md": []}
        html = markdown = ""
        for _ in range(args.repeat):
            rows["check"].append(_timed(lambda: check_paths([bundle], OPTIONS))[0])
            seconds, out = _timed(lambda: _html(bundle))
            rows["report html"].append(seconds)
            html = str(out)
            seconds, out = _timed(lambda: _markdown(bundle))
            rows["report md"].append(seconds)
            markdown = str(out)
        when = ["--as-of", "2026-09-01"]
        check_cli = _process(["check", str(bundle), "--jobs", "1", *when])
        report_cli = _process(["report", str(bundle), "-o", f"{tmp}/r.html", *when])
    base = statistics.median(rows["check"])
    print(f"bundle of {args.records:,} records, median of {args.repeat} paired runs, 1 process")
    print(f"{'what':<28} {'seconds':>8} {'x check':>8}")
    for name, times in rows.items():
        median = statistics.median(times)
        print(f"{name:<28} {median:>8.3f} {median / base:>8.2f}")
    print(f"{'omrs check (process)':<28} {check_cli:>8.3f} {1.0:>8.2f}")
    print(f"{'omrs report -o (process)':<28} {report_cli:>8.3f} {report_cli / check_cli:>8.2f}")
    print(f"HTML size {len(html.encode()):,} bytes; Markdown size {len(markdown.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
