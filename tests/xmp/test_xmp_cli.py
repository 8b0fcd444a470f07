"""``omrs xmp export`` / ``omrs xmp import``: outputs, exit codes, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from omrs.cli import cli
from omrs.xmp.crosscheck import read_media_xmp

BUNDLE = Path(__file__).resolve().parents[2] / "fixtures/records/valid/bundle-documentary"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _bundle_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(BUNDLE, target)
    return target / "omrs.yaml"


def test_export_by_path_writes_beside_the_media(tmp_path: Path) -> None:
    bundle = _bundle_copy(tmp_path)
    code, out, _ = _run("xmp", "export", str(bundle), "--asset", "media/restored-still.png")
    assert code == 0
    sidecar = bundle.parent / "media" / "restored-still.xmp"  # Adobe's and exiftool's name
    assert f"wrote {sidecar}" in out
    media = read_media_xmp(bundle.parent / "media" / "restored-still.png")
    sidecar_claims = [r for p, r in media.claims() if p.sidecar]
    assert sidecar_claims and sidecar_claims[0].model_release_ids == (
        "urn:omrs:consent:okafor-estate-northlight-001",
    )


def test_export_can_keep_the_extension_and_both_names_are_read(tmp_path: Path) -> None:
    bundle = _bundle_copy(tmp_path)
    args = ("xmp", "export", str(bundle), "--asset", "media/restored-still.png")
    code, out, _ = _run(*args, "--keep-extension")
    assert code == 0
    sidecar = bundle.parent / "media" / "restored-still.png.xmp"
    assert f"wrote {sidecar}" in out and not sidecar.with_name("restored-still.xmp").exists()
    media = bundle.parent / "media" / "restored-still.png"
    assert [p.path.name for p, _ in read_media_xmp(media).claims() if p.sidecar] == [
        "restored-still.png.xmp"
    ]
    assert _run(*args)[0] == 0
    names = sorted(p.path.name for p, _ in read_media_xmp(media).claims() if p.sidecar)
    assert names == ["restored-still.png.xmp", "restored-still.xmp"]


def test_export_by_sha256_to_output(tmp_path: Path) -> None:
    bundle = _bundle_copy(tmp_path)
    sha = "4982f586399c9d829aa3417bf18e151660537bfaf788f0667947893d542886a1"
    out_file = tmp_path / "narration.xmp"
    code, _, _ = _run("xmp", "export", str(bundle), "--asset", sha.upper(), "-o", str(out_file))
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert "Timbre Studio" in text and "plus:ModelReleaseStatus" in text


def test_export_unknown_asset_exits_2(tmp_path: Path) -> None:
    code, _, err = _run("xmp", "export", str(_bundle_copy(tmp_path)), "--asset", "nope.wav")
    assert code == 2
    assert "the bundle does not mention nope.wav" in err and "media/teaser-narration.wav" in err


def test_export_of_a_non_bundle_exits_2(tmp_path: Path) -> None:
    record = tmp_path / "r.json"
    record.write_text('{"omrs": "1.0", "recordType": "ai-disclosure"}', encoding="utf-8")
    code, _, err = _run("xmp", "export", str(record), "--asset", "x")
    assert code == 2 and "not an OMRS bundle" in err


def test_import_yaml_and_json(xmp_fixtures: Path) -> None:
    code, out, _ = _run("xmp", "import", str(xmp_fixtures / "attribute-form.xmp"))
    assert code == 0
    data = yaml.safe_load(out)
    assert data["disclosure"]["digitalSourceType"] == "compositeWithTrainedAlgorithmicMedia"
    assert data["xmp"]["dataMining"] == "DMI-PROHIBITED-SEECONSTRAINT"
    code, out, _ = _run("xmp", "import", "--format", "json", str(xmp_fixtures / "capture.jpg"))
    assert code == 0
    assert json.loads(out) == {
        "disclosure": {"digitalSourceType": "digitalCapture"},
        "xmp": {"modelReleaseStatus": "MR-NAP"},
    }


def test_import_refuses_attacks_with_exit_1(xmp_fixtures: Path) -> None:
    code, out, err = _run("xmp", "import", str(xmp_fixtures / "attacks" / "xxe-file.xmp"))
    assert code == 1 and out == ""
    assert "xmp.forbidden-dtd" in err and "root:" not in err


def test_import_without_xmp_exits_1(xmp_fixtures: Path) -> None:
    code, _, err = _run("xmp", "import", str(xmp_fixtures / "plain.jpg"))
    assert code == 1 and "no XMP packet found" in err


def test_import_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, _ = _run("xmp", "import", str(tmp_path / "absent.xmp"))
    assert code == 2
