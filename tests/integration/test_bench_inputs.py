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
