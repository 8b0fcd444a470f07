"""``make demo`` (issue 15): its lines explain themselves and its next command runs as
written and agrees with the demo; ``omrs sign`` says what to do about the bundle's digest."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from omrs.cli import cli
from tests.conftest import ROOT

MAKEFILE = (ROOT / "Makefile").read_text("utf-8")
EXAMPLE = ROOT / "fixtures" / "records" / "valid" / "bundle-documentary"


def _demo_echoes() -> list[str]:
    recipe = MAKEFILE.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    return [
        line.split("@echo ", 1)[1].strip('"') for line in recipe.splitlines() if "@echo" in line
    ]


def test_the_demo_explains_privacy_minimal_and_the_first_action_in_one_line_each() -> None:
    echoes = _demo_echoes()
    assert sum(line.lstrip().startswith("privacy minimal:") for line in echoes) == 1
    assert sum(line.lstrip().startswith("opened:") for line in echoes) == 1


def _sign(tmp_path: Path, *extra: str) -> tuple[Path, str]:
    runner = CliRunner()
    pki = tmp_path / "pki"
    assert runner.invoke(cli, ["keygen", str(pki)]).exit_code == 0
    bundle = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, bundle)
    media = bundle / "media" / "teaser-narration.wav"
    out = tmp_path / "teaser-narration.signed.wav"
    target = ["--in-place"] if "--in-place" in extra else ["-o", str(out)]
    keys = ["--cert", str(pki / "chain.pem"), "--key", str(pki / "key.pem")]
    trust = ["--trust-config", str(pki / "trust-config.cfg")]
    signed = runner.invoke(
        cli, ["sign", str(media), "--bundle", str(bundle / "omrs.yaml"), *keys, *trust, *target]
    )
    assert signed.exit_code == 0, signed.output
    return (media if "--in-place" in extra else out), signed.stdout


def test_the_next_command_runs_as_written_and_finds_the_file_trusted(tmp_path: Path) -> None:
    _sign(tmp_path)
    line = next(e for e in _demo_echoes() if e.lstrip().startswith("next:"))
    command = line.split("next:", 1)[1].replace("$(BIN)/omrs", "omrs")
    command = command.replace("$(DEMO)", str(tmp_path))
    args = shlex.split(command)
    assert args[:2] == ["omrs", "inspect"] and "--trust-anchors" in args
    assert not re.search(r"\$\(", command), command
    result = CliRunner().invoke(cli, args[1:])
    assert result.exit_code == 0, result.output
    assert ": trusted: intact, signed by a trusted signer" in result.output.splitlines()[0]


def test_sign_says_what_to_do_about_the_bundles_digest(tmp_path: Path) -> None:
    _, out = _sign(tmp_path / "copy")
    assert "to deliver the signed file instead, point the asset's path at it" in out
    _, in_place = _sign(tmp_path / "in-place", "--in-place")
    assert "is now stale: `omrs rehash" in in_place and "--update-bundle" in in_place
    assert "bundle.digest-mismatch" in in_place
