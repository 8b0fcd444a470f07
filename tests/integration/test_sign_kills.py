"""SIGKILL ``omrs sign`` at random moments: no temporary file survives, nothing is damaged.

27 kills of a signer on an 80 MB MP4 once left 1.2 GB of ``.omrs-tmp`` files that nothing
removed. The driver (sign_kill_driver) signs a 4 MiB MP4 in forked children and kills them
at random; then one signing runs to completion in the same folder. Contract: no temporary
file remains, the input is byte-identical, and every output the folder ever held is
complete and verifies. Both ways of writing are exercised: the anonymous file (Linux
O_TMPFILE) and named files that record their writer (other systems), swept once dead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.conftest import ROOT

ROUNDS = 12


def _drive(folder: Path, seed: int, extra: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.sign_kill_driver", str(folder),
         str(ROUNDS), str(seed), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the driver forks its signers")
@pytest.mark.parametrize("mode", ["anonymous", "named"])
def test_killed_signers_leave_no_temporary_file_and_no_damage(tmp_path: Path, mode: str) -> None:
    result = _drive(tmp_path, 20260901, ["--named"] if mode == "named" else [])
    assert result["lastSignStatus"] == 0
    assert result["leftAfterLastSign"] == []
    assert result["inputAfter"] == result["inputBefore"]
    trust = TrustSettings(
        anchors=tmp_path / "pki/ca.pem", trust_config=tmp_path / "pki/trust-config.cfg"
    )
    for output in [*result["saved"], result["final"]]:
        report = verify_media(Path(output), trust)
        assert report.state == "trusted", (output, report.error, report.failures)
