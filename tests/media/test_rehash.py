"""``omrs sign --update-bundle`` and ``omrs rehash``: the bundle follows its files, all or
nothing, comments and order kept; and a signed file is checked against its bundle."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs import fileio
from omrs.cli import cli
from tests.conftest import FIXTURES
from tests.media.test_c2pa_cli import _sign, _trust, keys  # noqa: F401  (the PKI fixture)

DOCUMENTARY = FIXTURES / "records" / "valid" / "bundle-documentary"
STILL = "media/restored-still.png"
AS_OF = ["--as-of", "2026-09-01", "--no-config"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def film(tmp_path: Path) -> Path:
    folder = tmp_path / "film"
    shutil.copytree(DOCUMENTARY, folder)
    return folder


def test_sign_in_place_leaves_the_bundle_stale_without_update_bundle(
    keys: Path,  # noqa: F811
    film: Path,
) -> None:
    code, _, err = _sign(keys, film / STILL, film / "omrs.yaml", "--in-place")
    assert code == 0, err
    code, out = _run("check", str(film), *AS_OF, *_trust(keys))
    assert code == 1 and "bundle.digest-mismatch" in out


def test_sign_update_bundle_repins_and_the_folder_passes(keys: Path, film: Path) -> None:  # noqa: F811
    bundle = film / "omrs.yaml"
    before = bundle.read_text("utf-8")
    code, out, err = _sign(keys, film / STILL, bundle, "--in-place", "--update-bundle")
    assert code == 0, err
    assert "re-pinned" in out
    after = bundle.read_text("utf-8")
    assert fileio.file_sha256(film / STILL) in after
    # comments and order kept: only the digests differ, line for line
    assert len(before.splitlines()) == len(after.splitlines())
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    changed = [(a, b) for a, b in lines if a != b]
    assert all("sha256" in a and "sha256" in b for a, b in changed), changed
    code, out = _run("check", str(film), *AS_OF, *_trust(keys))
    assert code == 0, out


def test_update_bundle_needs_in_place(keys: Path, film: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "signed.png"
    code, _, err = _sign(keys, film / STILL, film / "omrs.yaml", "-o", str(out), "--update-bundle")
    assert code == 2 and "--in-place" in err and not out.exists()


def test_rehash_repins_an_edited_asset_and_keeps_comments(film: Path) -> None:
    bundle = film / "omrs.yaml"
    with (film / STILL).open("ab") as handle:
        handle.write(b"edited")
    code, out = _run("rehash", str(bundle), "--check")
    assert code == 1 and "stale" in out
    comments = [line for line in bundle.read_text("utf-8").splitlines() if "#" in line]
    code, out = _run("rehash", str(bundle))
    assert code == 0, out
    assert [line for line in bundle.read_text("utf-8").splitlines() if "#" in line] == comments
    assert _run("rehash", str(bundle), "--check")[0] == 0
    code, out = _run("check", str(film), *AS_OF)
    assert "bundle.digest-mismatch" not in out, out


def test_rehash_writes_nothing_when_one_file_cannot_be_edited(film: Path) -> None:
    """The disclosure is made to hold its digest through a YAML alias: editing it is
    refused, and the bundle, which could have been edited, is left as it was."""
    bundle = film / "omrs.yaml"
    disclosure = film / "records" / "disclosure-restored-still.yaml"
    text = disclosure.read_text("utf-8")
    digest = "63f5efaac1173c22e90d935da642c2c96a9b5d26e145b200c7d450ad29b8ff4f"
    assert text.count(digest) == 1
    aliased = text.replace(f'"{digest}"', f'&pin "{digest}"')
    aliased += "extensions:\n  org.example.pin: *pin\n"
    disclosure.write_text(aliased, "utf-8")
    with (film / STILL).open("ab") as handle:
        handle.write(b"edited")
    before = {p: p.read_bytes() for p in (bundle, disclosure)}
    code, out = _run("rehash", str(bundle))
    assert code == 2, out
    assert {p: p.read_bytes() for p in before} == before


def test_a_signed_file_is_checked_against_its_bundles_disclosure(
    keys: Path,  # noqa: F811
    film: Path,
) -> None:
    code, _, err = _sign(keys, film / STILL, film / "omrs.yaml", "--in-place", "--update-bundle")
    assert code == 0, err
    disclosure = film / "records" / "disclosure-restored-still.yaml"
    text = disclosure.read_text("utf-8")
    disclosure.write_text(
        text.replace(
            "digitalSourceType: compositeWithTrainedAlgorithmicMedia",
            "digitalSourceType: trainedAlgorithmicMedia",
            1,
        ),
        "utf-8",
    )
    code, out = _run("check", str(film / STILL), *AS_OF, *_trust(keys))
    assert code == 1
    assert "c2pa.bundle-mismatch" in out and "compositeWithTrainedAlgorithmicMedia" in out, out
