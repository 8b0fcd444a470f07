"""OMRS 1.1 in XMP: China's implicit label (``TC260:AIGC``) and the IPTC AI prompt fields.

``omrs xmp export`` writes them, exiftool and ``omrs xmp import`` read them back, and a
sidecar whose implicit label disagrees with the disclosure is reported.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from omrs.cli import cli
from omrs.xmp.crosscheck import check_media_xmp
from omrs.xmp.mapping import to_xmp
from omrs.xmp.write import serialise
from tests.conftest import FIXTURES
from tests.xmp.xmp_tools import run_exiftool

BUNDLE = FIXTURES / "records" / "1.1" / "valid" / "bundle-documentary-provenance"
DISCLOSURE = "records/disclosure-teaser-narration.yaml"
LABEL = (
    "machineReadableMarking:\n  c2paManifest: true\n  metadata: true\n  implicitLabel:\n"
    "    label: '1'\n    contentProducer: 91110000MA00EXAMPLE\n    produceId: NL-OKF-0007\n"
)


def _labelled(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BUNDLE, root)
    path = root / DISCLOSURE
    text = path.read_text().replace("machineReadableMarking:\n  c2paManifest: true\n", LABEL)
    path.write_text(text)
    return root


def _disclosure(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / DISCLOSURE).read_text())
    return data


def test_export_writes_the_implicit_label_and_exiftool_reads_it(
    tmp_path: Path, exiftool: str
) -> None:
    root = _labelled(tmp_path)
    sidecar = tmp_path / "teaser.xmp"
    args = ["xmp", "export", str(root / "omrs.yaml"), "--asset", "media/teaser-narration.wav"]
    result = CliRunner().invoke(cli, [*args, "-o", str(sidecar)])
    assert result.exit_code == 0, result.output
    read = json.loads(run_exiftool(exiftool, "-j", "-G1", "-XMP-TC260:all", str(sidecar)))
    aigc = json.loads(read[0]["XMP-TC260:Aigc"])
    assert aigc == {
        "Label": "1",
        "ContentProducer": "91110000MA00EXAMPLE",
        "ProduceID": "NL-OKF-0007",
        "ReservedCode1": "",
        "ContentPropagator": "",
        "PropagateID": "",
        "ReservedCode2": "",
    }
    imported = CliRunner().invoke(cli, ["xmp", "import", str(sidecar), "--format", "json"])
    assert imported.exit_code == 0, imported.output
    marking = json.loads(imported.output)["disclosure"]["machineReadableMarking"]
    assert marking == {
        "implicitLabel": {
            "label": "1",
            "contentProducer": "91110000MA00EXAMPLE",
            "produceId": "NL-OKF-0007",
        }
    }


def test_a_sidecar_with_another_implicit_label_is_reported(tmp_path: Path) -> None:
    root = _labelled(tmp_path)
    media = root / "media" / "teaser-narration.wav"
    disclosure = _disclosure(root)
    other = json.loads(json.dumps(disclosure))
    other["machineReadableMarking"]["implicitLabel"]["produceId"] = "NL-OKF-9999"
    (root / "media" / "teaser-narration.wav.xmp").write_bytes(serialise(to_xmp(other, None)))
    found = check_media_xmp(media, None, disclosure, None)
    assert [f.code for f in found] == ["xmp.implicit-label-mismatch"]
    assert "ProduceID (XMP 'NL-OKF-9999', record 'NL-OKF-0007')" in found[0].message
    (root / "media" / "teaser-narration.wav.xmp").write_bytes(serialise(to_xmp(disclosure, None)))
    assert check_media_xmp(media, None, disclosure, None) == []


def test_prompts_go_to_iptc_but_a_confidential_one_only_by_digest() -> None:
    disclosure = yaml.safe_load((BUNDLE / DISCLOSURE).read_text())
    rights = to_xmp(disclosure, None)
    lines = (rights.ai_prompt_information or "").split("\n")
    assert lines[0].startswith("My dear Ada, the light over the harbour")
    assert lines[1] == (
        "System prompt: (confidential prompt, SHA-256 "
        "93dddd349e3f5d53d02626c5228f2751f1431228f22d4cafe23af9e7d99ae203)"
    )
    assert rights.ai_prompt_writer_name == "Northlight Documentaries Ltd"
    assert rights.ai_system_used == "Timbre Studio" and rights.ai_system_version_used == "2.1"
