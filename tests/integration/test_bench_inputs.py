"""The benchmarks' generated inputs stay what they claim to be: a clean bundle.

A rule that grows stricter can make the bench bundle fail, and the benchmark would then time
a run that stops at findings; this keeps it honest at a tiny size (no timing is asserted).
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_bench_bundle_is_clean_today() -> None:
    script = ROOT / "bench" / "bundles.py"
    run = subprocess.run(
        [sys.executable, str(script), "--sizes", "12"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "not clean" not in run.stdout + run.stderr


def test_the_hostile_bench_takes_no_arguments_or_names() -> None:
    """``python bench/hostile.py`` (all cases) must parse; an unknown case is refused."""
    script = ROOT / "bench" / "hostile.py"
    bad = subprocess.run(
        [sys.executable, str(script), "nope"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2 and "unknown case" in bad.stderr
    sys.path.insert(0, str(script.parent))
    try:
        import hostile

        parsed = []
        real = hostile.CASES
        hostile.CASES = {name: (lambda *_a: parsed.append(1) or 1.0, (1, 2), "x") for name in real}
        try:
            assert hostile.main([]) == 0 and len(parsed) == 2 * len(real)
        finally:
            hostile.CASES = real
    finally:
        sys.path.remove(str(script.parent))


def test_the_report_bench_runs_at_a_tiny_size() -> None:
    script = ROOT / "bench" / "report.py"
    run = subprocess.run(
        [sys.executable, str(script), "--records", "12", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "HTML size" in run.stdout and "report html" in run.stdout
