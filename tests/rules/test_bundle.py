"""Bundle robustness: broken records are reported at their entry, never crash the rules."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from omrs.bundles import BundleError, asset_records
from omrs.checker import check_paths
from omrs.options import CheckOptions
from tests.conftest import FIXTURES


def _copy(tmp_path: Path, scenario: str) -> Path:
    shutil.copytree(FIXTURES / "scenarios" / scenario, tmp_path / scenario)
    return tmp_path / scenario


def _findings(bundle: Path) -> list[tuple[str, str]]:
    run = check_paths([bundle], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert run.exit_code() == 1
    return sorted((f.code, f.location.pointer) for f in run.findings)


def test_a_schema_broken_consent_is_reported_once_at_the_record(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "estate-face-voice-eu")
    consent = folder / "records/consent-brandt-estate.yaml"
    data = yaml.safe_load(consent.read_text("utf-8"))
    del data["attributes"], data["term"]
    consent.write_text(yaml.safe_dump(data), "utf-8")
    run = check_paths([folder / "omrs.yaml"], CheckOptions(as_of=dt.date(2026, 9, 1)))
    found = sorted(
        (Path(f.location.path).name, f.code, f.location.pointer)
        for f in run.findings
        if f.code != "c2pa.none"
    )
    assert found == [
        ("consent-brandt-estate.yaml", "schema.required", "/attributes"),
        ("consent-brandt-estate.yaml", "schema.required", "/term"),
        ("omrs.yaml", "bundle.consent-missing", "/assets/0/disclosure"),
    ]


def test_a_record_that_is_not_a_document_is_a_broken_reference(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "estate-face-voice-eu")
    (folder / "records/licence-reference-footage.yaml").write_text("- just\n- a list\n", "utf-8")
    findings = _findings(folder / "omrs.yaml")
    assert ("load.not-a-record", "") in findings  # at the record, its one home
    assert ("bundle.reference", "/records/1/path") not in findings
    assert all(code != "internal.error" for code, _ in findings)


def test_a_record_is_read_once_per_run(tmp_path: Path, monkeypatch: object) -> None:
    import omrs.rules.engine as engine

    folder = _copy(tmp_path, "estate-voice-only")
    reads: list[Path] = []
    original = engine.load_document

    def counting(path: Path, **kwargs: object) -> object:
        reads.append(Path(path).resolve())
        return original(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "load_document", counting)  # type: ignore[attr-defined]
    check_paths([folder / "omrs.yaml", folder / "records"], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert len(reads) == len(set(reads))


NUL = "records/x\0y.yaml"
LONG = "records/" + "a" * 300 + ".yaml"


@pytest.mark.parametrize(
    ("field", "path", "why"),
    [
        ("records", NUL, "not a valid file name (it contains a NUL byte)"),
        ("records", LONG, "File name too long"),
        ("assets", NUL, "is not a valid file name (it contains a NUL byte)"),
        ("assets", LONG, "cannot be read (File name too long)"),
    ],
)
def test_an_impossible_path_is_a_located_finding(
    tmp_path: Path, field: str, path: str, why: str
) -> None:
    """A NUL byte or an over-long name in a bundle path was an internal.error (ValueError)."""
    folder = _copy(tmp_path, "estate-face-voice-eu")
    bundle = folder / "omrs.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    data[field][0]["path"] = path
    bundle.write_text(yaml.safe_dump(data), "utf-8")
    run = check_paths([bundle], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert run.exit_code() == 1
    [found] = [f for f in run.findings if f.location.pointer == f"/{field}/0/path"]
    assert found.code == "bundle.reference"
    assert why.lower() in found.message.lower()
    assert found.location.line is not None
    assert all(f.code != "internal.error" for f in run.findings)


def test_an_impossible_asset_path_is_a_bundle_error_for_sign(tmp_path: Path) -> None:
    from omrs.bundles import BundleError, asset_records

    folder = _copy(tmp_path, "estate-face-voice-eu")
    bundle = folder / "omrs.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    data["records"][0]["path"] = NUL
    bundle.write_text(yaml.safe_dump(data), "utf-8")
    media = folder / data["assets"][0]["path"]
    with pytest.raises(BundleError, match="NUL byte"):
        asset_records(bundle, media)
    with pytest.raises(BundleError, match="does not mention"):
        asset_records(bundle, "media/x\0.wav")


#: [watched path, then every open of it seen]: an audit hook sees every open() and os.open()
#: in the process, so "never read" is checked whatever module does the reading.
_WATCH: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _WATCH and args and isinstance(args[0], str | bytes | Path):
        target = os.fsdecode(args[0])
        if os.path.realpath(target) == _WATCH[0]:
            _WATCH.append(target)


sys.addaudithook(_audit)


def _escape(folder: Path, kind: str) -> str:
    """A path that leaves ``folder``: absolute, climbing with ``..``, or a link out of it."""
    outside = folder.parent / "elsewhere.yaml"
    outside.write_text((folder / "records").iterdir().__next__().read_text("utf-8"), "utf-8")
    if kind == "absolute":
        return str(outside)
    if kind == "climbing":
        return "records/../../elsewhere.yaml"
    (folder / "records" / "link.yaml").symlink_to(outside)
    return "records/link.yaml"


@pytest.mark.parametrize("field", ["records", "assets"])
@pytest.mark.parametrize("kind", ["absolute", "climbing", "link"])
def test_a_path_out_of_the_bundle_folder_is_reported_and_never_read(
    tmp_path: Path, field: str, kind: str
) -> None:
    """spec/1.0/bundle.md: paths stay inside the bundle's folder; a stranger's bundle must
    not make omrs read or hash other files on the machine."""
    folder = _copy(tmp_path, "estate-face-voice-eu")
    escape = _escape(folder, kind)
    bundle = folder / "omrs.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    data[field][0]["path"] = escape
    bundle.write_text(yaml.safe_dump(data), "utf-8")
    _WATCH.clear()
    _WATCH.append(os.path.realpath(tmp_path / "elsewhere.yaml"))
    try:
        run = check_paths([bundle], CheckOptions(as_of=dt.date(2026, 9, 1)))
    finally:
        opened = _WATCH[1:]
        _WATCH.clear()
    [found] = [f for f in run.findings if f.location.pointer == f"/{field}/0/path"]
    assert found.code == "bundle.reference" and "bundle's folder" in found.message
    assert opened == [], opened
    with pytest.raises(BundleError, match="bundle's folder"):
        media = folder / data["assets"][0]["path"] if field == "records" else escape
        asset_records(bundle, media)
